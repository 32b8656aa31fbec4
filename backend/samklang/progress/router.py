"""Endpoints of the progress domain under /api/v1.

The programme overview is the project team's; workspace progress and reports follow each
item's visibility (signed-out visitors read what is public); the network view needs a
signed-in user; "what it took" is public and carries no personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from samklang.audit.service import record
from samklang.auth.permissions import CurrentUser, OptionalUser, RequireAdmin
from samklang.core.db import utcnow
from samklang.core.deps import WRITES, SessionDep
from samklang.core.errors import PROBLEM_JSON, Problem
from samklang.network.models import Tier
from samklang.progress import programme, reports, service, workspaces
from samklang.progress import what_it_took as took
from samklang.progress.programme import OverviewFilters
from samklang.progress.schemas import (
    NetworkProgress,
    OverviewSort,
    ProgrammeOverview,
    ReportCreate,
    ReportOut,
    ReportPreview,
    ReportUpdate,
    ShareIn,
    SortOrder,
    WhatItTook,
    WorkspaceProgress,
)

router = APIRouter(tags=["progress"])

CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": Problem, "content": {PROBLEM_JSON: {}}}}


async def clock() -> datetime:
    """The current time; tests override this dependency to fix "now"."""
    return utcnow()


NowDep = Annotated[datetime, Depends(clock)]


async def overview_filters(
    cohort_id: str | None = None,
    tier: Tier | None = None,
    county: Annotated[str | None, Query(max_length=2, description="County number")] = None,
    mentor_id: str | None = None,
    inactive: bool | None = None,
    sort: OverviewSort = OverviewSort.name,
    order: SortOrder = SortOrder.asc,
) -> OverviewFilters:
    return OverviewFilters(
        cohort_id=cohort_id,
        tier=tier.value if tier else None,
        county=county,
        mentor_id=mentor_id,
        inactive=inactive,
        sort=sort,
        order=order,
    )


FiltersDep = Annotated[OverviewFilters, Depends(overview_filters)]


@router.get("/progress/overview", response_model=ProgrammeOverview)
async def programme_overview(
    _: RequireAdmin, session: SessionDep, filters: FiltersDep, now: NowDep
) -> ProgrammeOverview:
    """One row per workspace (project team only); every figure is aggregated in SQL, so
    the cost is a constant number of queries however many workspaces there are."""
    return await programme.programme_overview(session, filters, now)


@router.get(
    "/progress/overview.csv",
    response_class=Response,
    dependencies=[WRITES],  # audited
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 with BOM, `;`"}},
)
async def programme_overview_csv(
    admin: RequireAdmin, session: SessionDep, filters: FiltersDep, now: NowDep
) -> Response:
    """The overview with the same filters and order, as CSV for Excel: UTF-8 with a BOM
    and `;` as separator (what Excel expects with Norwegian regional settings)."""
    overview = await programme.programme_overview(session, filters, now)
    await record(session, "export.overview", actor=admin, details={"rows": overview.total})
    return Response(
        content=programme.overview_csv(overview),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="programoversikt.csv"'},
    )


@router.get("/progress/network", response_model=NetworkProgress)
async def network_progress(
    user: CurrentUser, session: SessionDep, cohort_id: str | None = None
) -> NetworkProgress:
    """Every pilot workspace's progress scores the caller may read, by semester."""
    reader = await service.reader(session, user)
    return await workspaces.network_progress(session, reader, cohort_id)


@router.get("/progress/what-it-took", response_model=WhatItTook)
async def what_it_took(
    session: SessionDep, now: NowDep, cohort_id: str | None = None
) -> WhatItTook:
    """Public: hours, people and gatherings per pilot workspace per semester, as median and
    range. Spring is January–June, autumn July–December (Europe/Oslo). No names or ids of
    workspaces or people; a semester with fewer than three workspaces is suppressed."""
    return await took.what_it_took(session, cohort_id, now)


@router.get("/workspaces/{workspace_id}/progress", response_model=WorkspaceProgress)
async def workspace_progress(
    workspace_id: str, user: OptionalUser, session: SessionDep
) -> WorkspaceProgress:
    reader = await service.reader(session, user)
    return await workspaces.workspace_progress(session, reader, workspace_id)


@router.get("/workspaces/{workspace_id}/reports", response_model=list[ReportOut])
async def list_reports(
    workspace_id: str, user: OptionalUser, session: SessionDep
) -> list[ReportOut]:
    """The workspace's reports the caller may read, newest first."""
    reader = await service.reader(session, user)
    return await reports.list_reports(session, reader, workspace_id)


@router.post(
    "/workspaces/{workspace_id}/reports",
    response_model=ReportOut,
    status_code=status.HTTP_201_CREATED,
)
async def create_report(
    workspace_id: str, data: ReportCreate, user: CurrentUser, session: SessionDep
) -> ReportOut:
    """Members of the workspace and the project team. Chosen cycles must be the workspace's."""
    reader = await service.reader(session, user)
    return await reports.create_report(session, reader, workspace_id, data)


@router.get(
    "/reports/{report_id}.md",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}}}},
)
async def report_markdown(report_id: str, user: OptionalUser, session: SessionDep) -> Response:
    reader = await service.reader(session, user)
    preview = await reports.report_preview(session, reader, report_id, html=False)
    return Response(
        content=reports.report_markdown(preview),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": reports.attachment(preview.report.title, "md")},
    )


@router.get(
    "/reports/{report_id}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def report_pdf(report_id: str, user: OptionalUser, session: SessionDep) -> Response:
    reader = await service.reader(session, user)
    preview = await reports.report_preview(session, reader, report_id, html=False)
    return Response(
        content=await reports.report_pdf(preview),
        media_type="application/pdf",
        headers={"Content-Disposition": reports.attachment(preview.report.title, "pdf")},
    )


@router.get("/reports/{report_id}/preview", response_model=ReportPreview)
async def report_preview(report_id: str, user: OptionalUser, session: SessionDep) -> ReportPreview:
    """The compiled content: only items at least as visible as the report itself."""
    reader = await service.reader(session, user)
    return await reports.report_preview(session, reader, report_id)


@router.post("/reports/{report_id}/share", response_model=ReportOut)
async def share_report(
    report_id: str, data: ShareIn, user: CurrentUser, session: SessionDep
) -> ReportOut:
    """Set the report's visibility and put it in (or take it out of) the feed."""
    reader = await service.reader(session, user)
    return await reports.share_report(session, reader, report_id, data)


@router.get("/reports/{report_id}", response_model=ReportOut)
async def get_report(report_id: str, user: OptionalUser, session: SessionDep) -> ReportOut:
    reader = await service.reader(session, user)
    return await reports.get_report(session, reader, report_id)


@router.patch("/reports/{report_id}", response_model=ReportOut, responses=CONFLICT)
async def update_report(
    report_id: str, data: ReportUpdate, user: CurrentUser, session: SessionDep
) -> ReportOut:
    """A stale `version` gets 409 with the current report in `current`."""
    reader = await service.reader(session, user)
    return await reports.update_report(session, reader, report_id, data)


@router.delete("/reports/{report_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_report(report_id: str, user: CurrentUser, session: SessionDep) -> Response:
    reader = await service.reader(session, user)
    await reports.delete_report(session, reader, report_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
