"""Endpoints of the progress domain under /api/v1.

The programme overview is the project team's; workspace progress and reports follow each
item's visibility (signed-out visitors read what is public); the network view needs a
signed-in user; "what it took" is public and carries no personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from samklang.access.deps import ReaderDep, SignedInReader
from samklang.audit.service import record
from samklang.auth.permissions import RequireAdmin
from samklang.core.db import utcnow
from samklang.core.deps import SessionDep
from samklang.core.errors import PROBLEM_JSON, Problem
from samklang.network.models import Tier
from samklang.progress import service
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
from samklang.progress.service import OverviewFilters

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
    return await service.programme_overview(session, filters, now)


@router.get(
    "/progress/overview.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 with BOM, `;`"}},
)
async def programme_overview_csv(
    admin: RequireAdmin, session: SessionDep, filters: FiltersDep, now: NowDep
) -> Response:
    """The overview with the same filters and order, as CSV for Excel: UTF-8 with a BOM
    and `;` as separator (what Excel expects with Norwegian regional settings)."""
    overview = await service.programme_overview(session, filters, now)
    await record(session, "export.overview", actor=admin, details={"rows": overview.total})
    return Response(
        content=service.overview_csv(overview),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="programoversikt.csv"'},
    )


@router.get("/progress/network", response_model=NetworkProgress)
async def network_progress(
    reader: SignedInReader, session: SessionDep, cohort_id: str | None = None
) -> NetworkProgress:
    """Every pilot workspace's progress scores the caller may read, by semester."""
    return await service.network_progress(session, reader, cohort_id)


@router.get("/progress/what-it-took", response_model=WhatItTook)
async def what_it_took(
    session: SessionDep, now: NowDep, cohort_id: str | None = None
) -> WhatItTook:
    """Public: hours, people and gatherings per pilot workspace per semester, as median and
    range. Spring is January–June, autumn July–December (Europe/Oslo). No names or ids of
    workspaces or people; a semester with fewer than three workspaces is suppressed."""
    return await service.what_it_took(session, cohort_id, now)


@router.get("/workspaces/{workspace_id}/progress", response_model=WorkspaceProgress)
async def workspace_progress(
    workspace_id: str, reader: ReaderDep, session: SessionDep
) -> WorkspaceProgress:
    return await service.workspace_progress(session, reader, workspace_id)


@router.get("/workspaces/{workspace_id}/reports", response_model=list[ReportOut])
async def list_reports(
    workspace_id: str, reader: ReaderDep, session: SessionDep
) -> list[ReportOut]:
    """The workspace's reports the caller may read, newest first."""
    return await service.list_reports(session, reader, workspace_id)


@router.post(
    "/workspaces/{workspace_id}/reports",
    response_model=ReportOut,
    status_code=status.HTTP_201_CREATED,
)
async def create_report(
    workspace_id: str, data: ReportCreate, reader: SignedInReader, session: SessionDep
) -> ReportOut:
    """Members of the workspace and the project team. Chosen cycles must be the workspace's."""
    return await service.create_report(session, reader, workspace_id, data)


@router.get(
    "/reports/{report_id}.md",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}}}},
)
async def report_markdown(report_id: str, reader: ReaderDep, session: SessionDep) -> Response:
    preview = await service.report_preview(session, reader, report_id, html=False)
    return Response(
        content=service.report_markdown(preview),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": service.attachment(preview.report.title, "md")},
    )


@router.get(
    "/reports/{report_id}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def report_pdf(report_id: str, reader: ReaderDep, session: SessionDep) -> Response:
    preview = await service.report_preview(session, reader, report_id, html=False)
    return Response(
        content=await service.report_pdf(preview),
        media_type="application/pdf",
        headers={"Content-Disposition": service.attachment(preview.report.title, "pdf")},
    )


@router.get("/reports/{report_id}/preview", response_model=ReportPreview)
async def report_preview(report_id: str, reader: ReaderDep, session: SessionDep) -> ReportPreview:
    """The compiled content: only items at least as visible as the report itself."""
    return await service.report_preview(session, reader, report_id)


@router.post("/reports/{report_id}/share", response_model=ReportOut)
async def share_report(
    report_id: str, data: ShareIn, reader: SignedInReader, session: SessionDep
) -> ReportOut:
    """Set the report's visibility and put it in (or take it out of) the feed."""
    return await service.share_report(session, reader, report_id, data)


@router.get("/reports/{report_id}", response_model=ReportOut)
async def get_report(report_id: str, reader: ReaderDep, session: SessionDep) -> ReportOut:
    return await service.get_report(session, reader, report_id)


@router.patch("/reports/{report_id}", response_model=ReportOut, responses=CONFLICT)
async def update_report(
    report_id: str, data: ReportUpdate, reader: SignedInReader, session: SessionDep
) -> ReportOut:
    """A stale `version` gets 409 with the current report in `current`."""
    return await service.update_report(session, reader, report_id, data)


@router.delete("/reports/{report_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_report(report_id: str, reader: SignedInReader, session: SessionDep) -> Response:
    await service.delete_report(session, reader, report_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
