"""Reports. No HTTP, no commit.

Reports are compiled from the workspace's own data each time they are read; a report never
includes an item less visible than the report itself."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import OrderedDict
from datetime import date, datetime, timedelta
from urllib.parse import quote

from anyio import to_thread
from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import ORDER, Reader, Visibility
from samklang.audit.service import record
from samklang.auth.models import User
from samklang.auth.names import shown
from samklang.core.errors import FieldError, Forbidden, NotFound, ReadOnly, ValidationFailed
from samklang.core.markdown import render
from samklang.gatherings.models import Gathering, Mode, Registration, RegistrationStatus
from samklang.learning import drivers
from samklang.learning.models import Assessment, Cycle, Measure, Phase
from samklang.learning.models import Project as LearningProject
from samklang.learning.schemas import Partner
from samklang.learning.service import StaleVersion
from samklang.network import service as network_service
from samklang.network.models import Workspace, WorkspaceStatus
from samklang.network.schemas import MunicipalityOut, PersonOut
from samklang.progress import semesters
from samklang.progress.models import Report, ReportKind
from samklang.progress.render import markdown_document, pdf_document
from samklang.progress.schemas import (
    ReportAttendance,
    ReportCreate,
    ReportCycle,
    ReportDriver,
    ReportGathering,
    ReportOut,
    ReportPreview,
    ReportUpdate,
    ShareIn,
)
from samklang.progress.service import _assessment_order, _aware, _score_point
from samklang.progress.workspaces import _aim, _measure_progress, _points
from samklang.sharing import feed

# Reports


def _writable(reader: Reader, workspace: Workspace) -> bool:
    if not reader.can_write(workspace.id):
        return False
    return workspace.status != WorkspaceStatus.withdrawn.value or reader.is_admin


def _require_write(reader: Reader, workspace: Workspace) -> None:
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members and the project team write reports")
    if workspace.status == WorkspaceStatus.withdrawn.value and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")


def _report_out(
    report: Report, workspace: Workspace, author: User | None, can_edit: bool, inside: bool
) -> ReportOut:
    """`cycle_ids` (the team's choices, which may name cycles the reader may not see)
    only for those who read all of the workspace."""
    return ReportOut(
        id=report.id,
        workspace_id=report.workspace_id,
        workspace_name=workspace.name,
        kind=ReportKind(report.kind),
        title=report.title,
        period_start=report.period_start,
        period_end=report.period_end,
        foreword=report.foreword,
        foreword_html=render(report.foreword),
        cycle_ids=list(report.cycle_ids) if inside else [],
        visibility=Visibility(report.visibility),
        version=report.version,
        created_by=PersonOut(id=author.id, name=shown(author)) if author else None,
        created_at=report.created_at,
        updated_at=report.updated_at,
        can_edit=can_edit,
    )


async def _author(session: AsyncSession, report: Report) -> User | None:
    return await session.get(User, report.created_by_id) if report.created_by_id else None


async def _check_choices(
    session: AsyncSession, workspace_id: str, start: date, end: date, cycle_ids: list[str]
) -> list[str]:
    errors: list[FieldError] = []
    if end < start:
        errors.append(
            FieldError(field="period_end", message="The period cannot end before it starts")
        )
    chosen = list(dict.fromkeys(cycle_ids))
    if chosen:
        own = set(
            await session.scalars(
                select(Cycle.id).where(Cycle.workspace_id == workspace_id, Cycle.id.in_(chosen))
            )
        )
        if set(chosen) - own:
            errors.append(
                FieldError(
                    field="cycle_ids", message="Only the workspace's own cycles can be chosen"
                )
            )
    if errors:
        raise ValidationFailed(errors=errors)
    return chosen


def _excerpt(text: str, limit: int = 280) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


async def _publish(session: AsyncSession, report: Report, author_id: str | None) -> None:
    await feed.publish(
        session,
        kind="report",
        source_type="report",
        source_id=report.id,
        workspace_id=report.workspace_id,
        visibility=report.visibility,
        title=report.title,
        excerpt=_excerpt(report.foreword),
        author_id=author_id,
        url=f"/reports/{report.id}",
    )


async def create_report(
    session: AsyncSession, reader: Reader, workspace_id: str, data: ReportCreate
) -> ReportOut:
    workspace = await network_service.get_workspace(session, workspace_id)
    _require_write(reader, workspace)
    chosen = await _check_choices(
        session, workspace.id, data.period_start, data.period_end, data.cycle_ids
    )
    user_id = reader.user.id if reader.user else None
    report = Report(
        workspace_id=workspace.id,
        kind=data.kind.value,
        title=data.title,
        period_start=data.period_start,
        period_end=data.period_end,
        foreword=data.foreword,
        cycle_ids=chosen,
        visibility=data.visibility.value,
        version=1,
        created_by_id=user_id,
        updated_by_id=user_id,
    )
    session.add(report)
    await session.flush()
    await _publish(session, report, user_id)
    return _report_out(report, workspace, reader.user, True, True)


async def _readable_report(
    session: AsyncSession, reader: Reader, report_id: str
) -> tuple[Report, Workspace]:
    report = await session.get(Report, report_id)
    if report is None or not reader.can_read(report.workspace_id, report.visibility):
        raise NotFound("No such report")
    workspace = await network_service.get_workspace(session, report.workspace_id)
    return report, workspace


async def get_report(session: AsyncSession, reader: Reader, report_id: str) -> ReportOut:
    report, workspace = await _readable_report(session, reader, report_id)
    return _report_out(
        report,
        workspace,
        await _author(session, report),
        _writable(reader, workspace),
        reader.inside(workspace.id),
    )


async def list_reports(session: AsyncSession, reader: Reader, workspace_id: str) -> list[ReportOut]:
    workspace = await network_service.get_workspace(session, workspace_id)
    rows = await session.execute(
        select(Report, User)
        .outerjoin(User, User.id == Report.created_by_id)
        .where(
            Report.workspace_id == workspace.id,
            reader.filter(Report.workspace_id, Report.visibility),
        )
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    can_edit = _writable(reader, workspace)
    inside = reader.inside(workspace.id)
    return [_report_out(r, workspace, u, can_edit, inside) for r, u in rows]


async def update_report(
    session: AsyncSession, reader: Reader, report_id: str, data: ReportUpdate
) -> ReportOut:
    report, workspace = await _readable_report(session, reader, report_id)
    _require_write(reader, workspace)
    if data.version != report.version:
        raise StaleVersion(
            _report_out(report, workspace, await _author(session, report), True, True)
        )
    start = data.period_start or report.period_start
    end = data.period_end or report.period_end
    cycle_ids = data.cycle_ids if data.cycle_ids is not None else list(report.cycle_ids)
    report.cycle_ids = await _check_choices(session, workspace.id, start, end, cycle_ids)
    report.period_start, report.period_end = start, end
    if data.kind is not None:
        report.kind = data.kind.value
    if data.title is not None:
        report.title = data.title
    if data.foreword is not None:
        report.foreword = data.foreword
    if data.visibility is not None:
        report.visibility = data.visibility.value
    report.version += 1
    report.updated_by_id = reader.user.id if reader.user else None
    await session.flush()
    await _publish(session, report, report.updated_by_id)
    return _report_out(report, workspace, await _author(session, report), True, True)


async def share_report(
    session: AsyncSession, reader: Reader, report_id: str, data: ShareIn
) -> ReportOut:
    report, workspace = await _readable_report(session, reader, report_id)
    _require_write(reader, workspace)
    if report.visibility != data.visibility.value:
        report.visibility = data.visibility.value
        report.version += 1
        report.updated_by_id = reader.user.id if reader.user else None
        await session.flush()
    await _publish(session, report, reader.user.id if reader.user else None)
    return _report_out(report, workspace, await _author(session, report), True, True)


async def delete_report(session: AsyncSession, reader: Reader, report_id: str) -> None:
    report, workspace = await _readable_report(session, reader, report_id)
    _require_write(reader, workspace)
    await feed.withdraw(session, source_type="report", source_id=report.id)
    await record(
        session,
        "report.deleted",
        actor=reader.user,
        target_type="report",
        target_id=report.id,
        workspace_id=report.workspace_id,
        details={"title": report.title},
    )
    await session.delete(report)
    await session.flush()


def _visible_at(level: str) -> list[str]:
    """The item levels a report at `level` may include: that level or a wider one."""
    if level == Visibility.workspace.value:
        return [v.value for v in ORDER]
    return [v.value for v in ORDER[ORDER.index(Visibility(level)) :]]


def _oslo_day(moment: datetime) -> date:
    return moment.astimezone(semesters.OSLO).date()


def _semester_overlaps(label: str, created: datetime, start: date, end: date) -> bool:
    parsed = semesters.parse(label)
    if parsed is None:
        return start <= _oslo_day(created) <= end
    first, last = semesters.bounds(parsed)
    return first <= end and last >= start


def _no_html(_: str) -> str:
    return ""


async def report_preview(
    session: AsyncSession, reader: Reader, report_id: str, *, html: bool = True
) -> ReportPreview:
    """The compiled report. `html=False` (for the Markdown and PDF files, which use the
    Markdown itself) leaves the cycles' `*_html` empty and saves rendering them."""
    report, workspace = await _readable_report(session, reader, report_id)
    to_html = render if html else _no_html
    allowed = _visible_at(report.visibility)
    start, end = report.period_start, report.period_end
    details = (await network_service.workspaces_by_ids(session, [workspace.id]))[0]

    project = await session.get(LearningProject, workspace.id)
    if project is not None and project.visibility not in allowed:
        project = None
    how_much, tree = await drivers.outline(session, workspace.id) if project else ("", [])

    chosen = list(report.cycle_ids)
    cycles: list[Cycle] = []
    if chosen:
        found = await session.scalars(
            select(Cycle).where(
                Cycle.workspace_id == workspace.id,
                Cycle.id.in_(chosen),
                Cycle.visibility.in_(allowed),
            )
        )
        for c in found:
            started = _oslo_day(c.plan_at or c.created_at)
            finished = _oslo_day(c.done_at) if c.done_at else None
            if started <= end and (finished is None or finished >= start):
                cycles.append(c)
        cycles.sort(key=lambda c: (c.plan_at or c.created_at, c.id))

    measures = list(
        await session.scalars(
            select(Measure)
            .where(Measure.workspace_id == workspace.id, Measure.visibility.in_(allowed))
            .order_by(Measure.created_at, Measure.id)
        )
    )
    points = await _points(session, [m.id for m in measures], start, end)
    scores = sorted(
        (
            a
            for a in await session.scalars(
                select(Assessment).where(
                    Assessment.workspace_id == workspace.id, Assessment.visibility.in_(allowed)
                )
            )
            if _semester_overlaps(a.semester, a.created_at, start, end)
        ),
        key=_assessment_order,
    )

    first = datetime(start.year, start.month, start.day, tzinfo=semesters.OSLO)
    after_end = datetime(end.year, end.month, end.day, tzinfo=semesters.OSLO) + timedelta(days=1)
    gatherings: list[ReportGathering] = []
    for title, starts_at, registered, attended in await session.execute(
        select(
            Gathering.title,
            Gathering.starts_at,
            func.count(Registration.id),
            func.coalesce(func.sum(case((Registration.attended.is_(True), 1), else_=0)), 0),
        )
        .join(Registration, Registration.gathering_id == Gathering.id)
        .where(
            Registration.workspace_id == workspace.id,
            Registration.status == RegistrationStatus.confirmed.value,
            Registration.mode != Mode.not_attending.value,
            Gathering.cancelled.is_(False),
            Gathering.starts_at >= first,
            Gathering.starts_at < after_end,
        )
        .group_by(Gathering.id, Gathering.title, Gathering.starts_at)
        .order_by(Gathering.starts_at)
    ):
        gatherings.append(
            ReportGathering(
                title=title,
                starts_at=_aware(starts_at) or starts_at,
                registered=int(registered),
                attended=int(attended),
            )
        )

    author = await _author(session, report)
    return ReportPreview(
        report=_report_out(
            report, workspace, author, _writable(reader, workspace), reader.inside(workspace.id)
        ),
        workspace_name=workspace.name,
        municipalities=[
            MunicipalityOut.model_validate(link.municipality) for link in details.municipality_links
        ],
        aim=_aim(project) if project else None,
        aim_how_much=how_much,
        drivers=[ReportDriver(kind=k, title=title, depth=d) for k, title, d in tree],
        partners=[Partner.model_validate(p) for p in project.partners] if project else [],
        cycles=[
            ReportCycle(
                id=c.id,
                title=c.title,
                phase=Phase(c.phase),
                plan=c.plan,
                plan_html=to_html(c.plan),
                act=c.act,
                act_html=to_html(c.act),
                observe=c.observe,
                observe_html=to_html(c.observe),
                reflect=c.reflect,
                reflect_html=to_html(c.reflect),
                started_at=c.plan_at or c.created_at,
                done_at=c.done_at,
                hours_spent=c.hours_spent,
                visibility=Visibility(c.visibility),
            )
            for c in cycles
        ],
        measures=[_measure_progress(m, points[m.id]) for m in measures if points.get(m.id)],
        scores=[_score_point(a.semester, a.score) for a in scores],
        attendance=ReportAttendance(
            gatherings=gatherings,
            registered=sum(g.registered for g in gatherings),
            attended=sum(g.attended for g in gatherings),
        ),
        hours_total=sum(c.hours_spent for c in cycles),
    )


def attachment(title: str, extension: str) -> str:
    """A Content-Disposition value with an ASCII-only file name and the UTF-8 original."""
    folded = title.lower()
    for src, dst in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        folded = folded.replace(src, dst)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:80] or "rapport"
    utf8 = quote(f"{title[:120]}.{extension}", safe="")
    return f"attachment; filename=\"{slug}.{extension}\"; filename*=UTF-8''{utf8}"


def report_markdown(preview: ReportPreview) -> str:
    return markdown_document(preview)


_PDF_CACHE: OrderedDict[str, bytes] = OrderedDict()
PDF_CACHE_SIZE = 16


async def report_pdf(preview: ReportPreview) -> bytes:
    """The PDF, drawn in a worker thread. Drawing costs far more than compiling, so PDFs
    are kept (a few, in memory) by the hash of the compiled content they were drawn from:
    any change to the report or to what it includes gives a new hash, never a stale file."""
    content = preview.model_dump_json(exclude={"report": {"can_edit"}})
    key = hashlib.sha256(content.encode()).hexdigest()
    cached = _PDF_CACHE.get(key)
    if cached is not None:
        _PDF_CACHE.move_to_end(key)
        return cached
    pdf = await to_thread.run_sync(pdf_document, preview)
    _PDF_CACHE[key] = pdf
    while len(_PDF_CACHE) > PDF_CACHE_SIZE:
        _PDF_CACHE.popitem(last=False)
    return pdf
