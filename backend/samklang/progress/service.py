"""Following progress. No HTTP, no commit.

Every figure of the programme overview is aggregated in SQL over the filtered set of
workspaces (a subquery), so the overview costs a constant number of queries. Reports are
compiled from the workspace's own data each time they are read; a report never includes
an item less visible than the report itself."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import median as _median
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from samklang.audit.service import record
from samklang.auth.models import User
from samklang.auth.names import shown
from samklang.core.errors import FieldError, Forbidden, NotFound, ReadOnly, ValidationFailed
from samklang.core.markdown import render
from samklang.gatherings.models import (
    Assignment,
    AssignmentResponse,
    Gathering,
    Mode,
    Registration,
    RegistrationStatus,
)
from samklang.knowledge.models import Question, QuestionStatus
from samklang.learning import charts, drivers, spc, stats
from samklang.learning.models import (
    PHASES,
    Assessment,
    ChartType,
    Cycle,
    Direction,
    Entry,
    Measure,
    MeasureKind,
    MeasurePoint,
    Phase,
)
from samklang.learning.models import Project as LearningProject
from samklang.learning.schemas import Partner, ShiftOut
from samklang.learning.service import StaleVersion
from samklang.network import service as network_service
from samklang.network.models import (
    Cohort,
    Membership,
    Municipality,
    Tier,
    Workspace,
    WorkspaceMentor,
    WorkspaceMunicipality,
    WorkspaceStatus,
)
from samklang.network.schemas import MunicipalityOut, PersonOut
from samklang.network.visibility import ORDER, Reader, Visibility, reader_for
from samklang.progress import semesters
from samklang.progress.models import Report, ReportKind
from samklang.progress.schemas import (
    Aim,
    Attendance,
    CohortRef,
    MeasureProgress,
    NetworkProgress,
    NetworkWorkspace,
    OpenCycle,
    OverviewRow,
    OverviewSort,
    PhaseCounts,
    ProgrammeOverview,
    Reflection,
    ReportAttendance,
    ReportCreate,
    ReportCycle,
    ReportDriver,
    ReportGathering,
    ReportOut,
    ReportPreview,
    ReportUpdate,
    ScorePoint,
    SemesterFigures,
    ShareIn,
    SortOrder,
    Summary,
    Trend,
    WhatItTook,
    WorkspaceProgress,
)
from samklang.sharing import feed

INACTIVE_DAYS = 30
MIN_GROUP = 3


async def reader(session: AsyncSession, user: User | None) -> Reader:
    return await reader_for(session, user)


# Semesters of assessments


def _score_point(semester: str, score: float) -> ScorePoint:
    parsed = semesters.parse(semester)
    return ScorePoint(
        semester=semester,
        season=parsed[1] if parsed else None,
        year=parsed[0] if parsed else None,
        score=score,
    )


def _assessment_order(a: Assessment) -> tuple[int, int, datetime]:
    """Time order of assessments: by the semester in the label, else when it was made."""
    parsed = semesters.parse(a.semester)
    if parsed is None:
        return (9999, 9, a.created_at)
    return (*semesters.order(parsed), a.created_at)


def _trend(rows: list[Assessment]) -> tuple[Assessment | None, Assessment | None, Trend]:
    """The latest assessment, the previous semester's, and the direction between them.

    The previous semester is the one right before the latest (spring 2027 -> autumn 2026);
    with labels that cannot be read, the assessment made just before."""
    if not rows:
        return None, None, Trend.none
    ordered = sorted(rows, key=_assessment_order)
    latest = ordered[-1]
    parsed = semesters.parse(latest.semester)
    previous: Assessment | None = None
    if parsed is None:
        previous = ordered[-2] if len(ordered) > 1 else None
    else:
        wanted = semesters.previous(parsed)
        previous = next((a for a in ordered if semesters.parse(a.semester) == wanted), None)
    if previous is None:
        return latest, None, Trend.none
    if latest.score > previous.score:
        return latest, previous, Trend.up
    if latest.score < previous.score:
        return latest, previous, Trend.down
    return latest, previous, Trend.flat


# The programme overview


@dataclass(frozen=True)
class OverviewFilters:
    cohort_id: str | None = None
    tier: str | None = None
    county: str | None = None
    mentor_id: str | None = None
    inactive: bool | None = None
    sort: OverviewSort = OverviewSort.name
    order: SortOrder = SortOrder.asc


def _workspace_query(filters: OverviewFilters) -> Select[tuple[Workspace]]:
    query = select(Workspace)
    if filters.cohort_id:
        query = query.where(Workspace.cohort_id == filters.cohort_id)
    if filters.tier:
        query = query.where(Workspace.tier == filters.tier)
    if filters.county:
        query = query.where(
            exists(
                select(WorkspaceMunicipality.workspace_id)
                .join(
                    Municipality,
                    Municipality.number == WorkspaceMunicipality.municipality_number,
                )
                .where(
                    WorkspaceMunicipality.workspace_id == Workspace.id,
                    Municipality.county_number == filters.county,
                )
            )
        )
    if filters.mentor_id:
        query = query.where(
            exists(
                select(WorkspaceMentor.workspace_id).where(
                    WorkspaceMentor.workspace_id == Workspace.id,
                    WorkspaceMentor.user_id == filters.mentor_id,
                )
            )
        )
    return query


def month_bounds(now: datetime) -> tuple[datetime, datetime, str]:
    """The Europe/Oslo month around `now`, as UTC instants, and its name (2026-11)."""
    local = now.astimezone(semesters.OSLO)
    start = datetime(local.year, local.month, 1, tzinfo=semesters.OSLO)
    nxt = (
        datetime(local.year + 1, 1, 1, tzinfo=semesters.OSLO)
        if local.month == 12
        else datetime(local.year, local.month + 1, 1, tzinfo=semesters.OSLO)
    )
    return start.astimezone(UTC), nxt.astimezone(UTC), f"{local.year:04d}-{local.month:02d}"


def _latest(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _aware(value: Any) -> datetime | None:
    """Aggregates (max) bypass the column type on SQLite: make them aware UTC datetimes."""
    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


async def programme_overview(
    session: AsyncSession, filters: OverviewFilters, now: datetime
) -> ProgrammeOverview:
    ids = _workspace_query(filters).with_only_columns(Workspace.id).scalar_subquery()
    workspaces = list(
        await session.scalars(
            _workspace_query(filters).options(
                selectinload(Workspace.municipality_links).selectinload(
                    WorkspaceMunicipality.municipality
                ),
                selectinload(Workspace.mentor_links).selectinload(WorkspaceMentor.user),
            )
        )
    )
    month_start, month_end, month = month_bounds(now)

    phases: dict[str, dict[str, int]] = defaultdict(dict)
    cycle_touched: dict[str, datetime | None] = {}
    for ws_id, phase, count, touched in await session.execute(
        select(Cycle.workspace_id, Cycle.phase, func.count(), func.max(Cycle.updated_at))
        .where(Cycle.workspace_id.in_(ids))
        .group_by(Cycle.workspace_id, Cycle.phase)
    ):
        phases[ws_id][phase] = int(count)
        cycle_touched[ws_id] = _latest(cycle_touched.get(ws_id), _aware(touched))

    entry_touched: dict[str, datetime | None] = {}
    entries_month: dict[str, int] = {}
    in_month = and_(Entry.created_at >= month_start, Entry.created_at < month_end)
    for ws_id, touched, count in await session.execute(
        select(
            Entry.workspace_id,
            func.max(Entry.updated_at),
            func.coalesce(func.sum(case((in_month, 1), else_=0)), 0),
        )
        .where(Entry.workspace_id.in_(ids))
        .group_by(Entry.workspace_id)
    ):
        entry_touched[ws_id] = _aware(touched)
        entries_month[ws_id] = int(count)

    # Measures per workspace and the latest point added, aggregated; then every point's
    # value in order (the shift rule needs the whole series), without per-row timestamps.
    measures_total: dict[str, int] = {}
    point_touched: dict[str, datetime | None] = {}
    for ws_id, count, touched in await session.execute(
        select(
            Measure.workspace_id,
            func.count(func.distinct(Measure.id)),
            func.max(MeasurePoint.created_at),
        )
        .outerjoin(MeasurePoint, MeasurePoint.measure_id == Measure.id)
        .where(Measure.workspace_id.in_(ids))
        .group_by(Measure.workspace_id)
    ):
        measures_total[ws_id] = int(count)
        point_touched[ws_id] = _aware(touched)
    series: dict[str, list[tuple[float, float | None, bool]]] = defaultdict(list)
    measure_ws: dict[str, str] = {}
    for measure_id, ws_id, value, denominator, phase_start in await session.execute(
        select(
            MeasurePoint.measure_id,
            Measure.workspace_id,
            MeasurePoint.value,
            MeasurePoint.denominator,
            MeasurePoint.phase_start,
        )
        .join(Measure, Measure.id == MeasurePoint.measure_id)
        .where(Measure.workspace_id.in_(ids))
        .order_by(MeasurePoint.measure_id, MeasurePoint.date, MeasurePoint.created_at)
    ):
        measure_ws[measure_id] = ws_id
        series[measure_id].append((float(value), denominator, bool(phase_start)))
    settings = {
        row.id: row
        for row in await session.execute(
            select(
                Measure.id, Measure.chart, Measure.direction, Measure.target, Measure.shift_rule
            ).where(Measure.id.in_(list(series)))
        )
    }
    with_shift: dict[str, int] = defaultdict(int)
    improving: dict[str, int] = defaultdict(int)
    concerning: dict[str, int] = defaultdict(int)
    for measure_id, measured in series.items():
        values = [v for v, _, _ in measured]
        if stats.shifts(values, stats.median(values)):
            with_shift[measure_ws[measure_id]] += 1
        m = settings[measure_id]
        variation = spc.analyse(
            m.chart,
            values,
            [d for _, d, _ in measured],
            [i for i, (_, _, start) in enumerate(measured) if start],
            direction="down" if m.direction == "down" else "up",
            target=m.target,
            shift_rule=m.shift_rule,
        ).verdict.variation
        if variation == "improvement":
            improving[measure_ws[measure_id]] += 1
        elif variation == "concern":
            concerning[measure_ws[measure_id]] += 1

    assessments: dict[str, list[Assessment]] = defaultdict(list)
    for a in await session.scalars(select(Assessment).where(Assessment.workspace_id.in_(ids))):
        assessments[a.workspace_id].append(a)

    registered_to_attend = and_(
        Registration.status == RegistrationStatus.confirmed.value,
        Registration.mode != Mode.not_attending.value,
    )
    attendance: dict[str, tuple[int, int]] = {}
    for ws_id, registered, attended in await session.execute(
        select(
            Registration.workspace_id,
            func.count(),
            func.coalesce(func.sum(case((Registration.attended.is_(True), 1), else_=0)), 0),
        )
        .join(Gathering, Gathering.id == Registration.gathering_id)
        .join(Workspace, Workspace.id == Registration.workspace_id)
        .where(
            Registration.workspace_id.in_(ids),
            Gathering.cohort_id == Workspace.cohort_id,
            Gathering.starts_at < now,
            Gathering.cancelled.is_(False),
            registered_to_attend,
        )
        .group_by(Registration.workspace_id)
    ):
        attendance[ws_id] = (int(registered), int(attended))

    open_assignments: dict[str, tuple[int, int]] = {}
    today = now.astimezone(semesters.OSLO).date()
    for ws_id, count, overdue in await session.execute(
        select(
            Workspace.id,
            func.count(Assignment.id),
            func.coalesce(func.sum(case((Assignment.due_on < today, 1), else_=0)), 0),
        )
        .join(Assignment, Assignment.cohort_id == Workspace.cohort_id)
        .outerjoin(
            AssignmentResponse,
            and_(
                AssignmentResponse.assignment_id == Assignment.id,
                AssignmentResponse.workspace_id == Workspace.id,
            ),
        )
        .where(Workspace.id.in_(ids), AssignmentResponse.id.is_(None))
        .group_by(Workspace.id)
    ):
        open_assignments[ws_id] = (int(count), int(overdue))

    unanswered: dict[str, int] = {
        ws_id: int(count)
        for ws_id, count in await session.execute(
            select(Question.workspace_id, func.count(Question.id))
            .where(
                Question.workspace_id.in_(ids),
                Question.status == QuestionStatus.open.value,
            )
            .group_by(Question.workspace_id)
        )
    }

    limit = now - timedelta(days=INACTIVE_DAYS)
    rows: list[tuple[Workspace, OverviewRow]] = []
    for ws in workspaces:
        counts = phases.get(ws.id, {})
        rows_a = assessments.get(ws.id, [])
        latest, previous, trend = _trend(rows_a)
        last = _latest(
            cycle_touched.get(ws.id),
            entry_touched.get(ws.id),
            point_touched.get(ws.id),
            *(_aware(a.updated_at) for a in rows_a),
        )
        registered, attended = attendance.get(ws.id, (0, 0))
        open_count, overdue = open_assignments.get(ws.id, (0, 0))
        row = OverviewRow(
            workspace_id=ws.id,
            name=ws.name,
            slug=ws.slug,
            tier=Tier(ws.tier),
            status=WorkspaceStatus(ws.status),
            cohort_id=ws.cohort_id,
            municipalities=[
                MunicipalityOut.model_validate(link.municipality) for link in ws.municipality_links
            ],
            mentors=sorted(
                (PersonOut(id=m.user.id, name=m.user.name) for m in ws.mentor_links),
                key=lambda p: p.name,
            ),
            cycles_by_phase=PhaseCounts(**{p.value: counts.get(p.value, 0) for p in PHASES}),
            cycles_total=sum(counts.values()),
            last_activity_at=last,
            entries_this_month=entries_month.get(ws.id, 0),
            latest_score=latest.score if latest else None,
            latest_semester=latest.semester if latest else None,
            previous_score=previous.score if previous else None,
            score_trend=trend,
            measures_total=measures_total.get(ws.id, 0),
            measures_with_shift=with_shift.get(ws.id, 0),
            measures_improving=improving.get(ws.id, 0),
            measures_concern=concerning.get(ws.id, 0),
            attendance=Attendance(
                attended=attended,
                registered=registered,
                rate=round(attended / registered, 4) if registered else None,
            ),
            open_assignments=open_count,
            overdue_assignments=overdue,
            unanswered_questions=unanswered.get(ws.id, 0),
            # A workspace that has done nothing yet counts from the day it was created.
            inactive=(last or ws.created_at) < limit,
        )
        if filters.inactive is None or row.inactive == filters.inactive:
            rows.append((ws, row))
    items = _sorted(rows, filters.sort, filters.order)
    return ProgrammeOverview(
        items=items, total=len(items), as_of=now, month=month, inactive_days=INACTIVE_DAYS
    )


_TREND_ORDER = {Trend.down: 0, Trend.flat: 1, Trend.up: 2}


def _sort_value(ws: Workspace, row: OverviewRow, sort: OverviewSort) -> Any:
    match sort:
        case OverviewSort.name:
            return ws.sort_name
        case OverviewSort.tier:
            return row.tier.value
        case OverviewSort.status:
            return row.status.value
        case OverviewSort.municipalities:
            return row.municipalities[0].name if row.municipalities else None
        case OverviewSort.mentors:
            return row.mentors[0].name if row.mentors else None
        case OverviewSort.cycles:
            return row.cycles_total
        case OverviewSort.plan | OverviewSort.act | OverviewSort.observe | OverviewSort.reflect:
            return getattr(row.cycles_by_phase, sort.value)
        case OverviewSort.done:
            return row.cycles_by_phase.done
        case OverviewSort.last_activity:
            return row.last_activity_at
        case OverviewSort.entries_this_month:
            return row.entries_this_month
        case OverviewSort.latest_score:
            return row.latest_score
        case OverviewSort.score_trend:
            return _TREND_ORDER.get(row.score_trend)
        case OverviewSort.measures_with_shift:
            return row.measures_with_shift
        case OverviewSort.attendance:
            return row.attendance.rate
        case OverviewSort.open_assignments:
            return row.open_assignments
        case OverviewSort.unanswered_questions:
            return row.unanswered_questions
        case OverviewSort.inactive:
            return row.inactive
    return None  # pragma: no cover


def _sorted(
    rows: list[tuple[Workspace, OverviewRow]], sort: OverviewSort, order: SortOrder
) -> list[OverviewRow]:
    """Sorted by the column, ties by name; empty values last in either direction."""
    by_name = sorted(rows, key=lambda r: (r[0].sort_name, r[0].id))
    present = [r for r in by_name if _sort_value(r[0], r[1], sort) is not None]
    missing = [r for r in by_name if _sort_value(r[0], r[1], sort) is None]
    present.sort(key=lambda r: _sort_value(r[0], r[1], sort), reverse=order == SortOrder.desc)
    return [r[1] for r in present + missing]


CSV_HEADER = [
    "Arbeidsrom",
    "Nivå",
    "Status",
    "Kommuner",
    "Fylke",
    "Veiledere",
    "Planlegge",
    "Gjennomføre",
    "Observere",
    "Reflektere",
    "Ferdig",
    "Sist aktiv",
    "Innlegg denne måneden",
    "Siste fremdriftsscore",
    "Semester",
    "Trend",
    "Tiltak med skift",
    "Tiltak",
    "Deltatt på samlinger",
    "Påmeldt samlinger",
    "Åpne oppgaver",
    "Forfalte oppgaver",
    "Ubesvarte spørsmål",
    "Inaktiv",
]


def _number(value: float | None) -> str:
    """Decimal comma, as Excel with Norwegian settings reads it."""
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",")


def overview_csv(overview: ProgrammeOverview) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads æ, ø, å) and `;` between fields."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_HEADER)
    for r in overview.items:
        last = (
            r.last_activity_at.astimezone(semesters.OSLO).strftime("%Y-%m-%d %H:%M")
            if r.last_activity_at
            else ""
        )
        writer.writerow(
            [
                r.name,
                r.tier.value,
                r.status.value,
                ", ".join(m.name for m in r.municipalities),
                ", ".join(dict.fromkeys(m.county_name for m in r.municipalities)),
                ", ".join(m.name for m in r.mentors),
                r.cycles_by_phase.plan,
                r.cycles_by_phase.act,
                r.cycles_by_phase.observe,
                r.cycles_by_phase.reflect,
                r.cycles_by_phase.done,
                last,
                r.entries_this_month,
                _number(r.latest_score),
                r.latest_semester or "",
                r.score_trend.value,
                r.measures_with_shift,
                r.measures_total,
                r.attendance.attended,
                r.attendance.registered,
                r.open_assignments,
                r.overdue_assignments,
                r.unanswered_questions,
                "ja" if r.inactive else "nei",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Workspace and network progress


def _aim(project: LearningProject) -> Aim:
    return Aim(
        aim_what=project.aim_what,
        aim_what_html=render(project.aim_what),
        aim_for_whom=project.aim_for_whom,
        aim_by_when=project.aim_by_when,
    )


def _measure_progress(measure: Measure, points: list[MeasurePoint]) -> MeasureProgress:
    values = [p.value for p in points]
    centre = stats.median(values)
    chart = charts.chart(measure, points)
    return MeasureProgress(
        id=measure.id,
        name=measure.name,
        unit=measure.unit,
        kind=MeasureKind(measure.kind),
        direction=Direction(measure.direction),
        baseline=measure.baseline,
        target=measure.target,
        visibility=Visibility(measure.visibility),
        points=chart.points,
        chart=ChartType(measure.chart),
        phases=chart.phases,
        signals=chart.signals,
        verdict=chart.verdict,
        median=centre,
        shifts=[
            ShiftOut(
                start_date=points[s.start].date,
                end_date=points[s.end].date,
                side=s.side,
                length=s.length,
            )
            for s in stats.shifts(values, centre)
        ],
    )


async def _points(
    session: AsyncSession, measure_ids: Sequence[str], start: date | None, end: date | None
) -> dict[str, list[MeasurePoint]]:
    if not measure_ids:
        return {}
    query = select(MeasurePoint).where(MeasurePoint.measure_id.in_(measure_ids))
    if start is not None:
        query = query.where(MeasurePoint.date >= start)
    if end is not None:
        query = query.where(MeasurePoint.date <= end)
    found: dict[str, list[MeasurePoint]] = defaultdict(list)
    for p in await session.scalars(query.order_by(MeasurePoint.date, MeasurePoint.created_at)):
        found[p.measure_id].append(p)
    return found


async def workspace_progress(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> WorkspaceProgress:
    workspace = await network_service.get_workspace(session, workspace_id)
    project = await session.get(LearningProject, workspace.id)
    aim = (
        _aim(project)
        if project is not None and reader.can_read(workspace.id, project.visibility)
        else None
    )
    cycles = list(
        await session.scalars(
            select(Cycle)
            .where(
                Cycle.workspace_id == workspace.id,
                reader.filter(Cycle.workspace_id, Cycle.visibility),
            )
            .order_by(Cycle.created_at, Cycle.id)
        )
    )
    open_cycles = [c for c in cycles if c.phase != Phase.done.value]
    current_phases = [p for p in PHASES if any(c.phase == p.value for c in open_cycles)]
    rows = list(
        await session.scalars(
            select(Assessment).where(
                Assessment.workspace_id == workspace.id,
                reader.filter(Assessment.workspace_id, Assessment.visibility),
            )
        )
    )
    measures = list(
        await session.scalars(
            select(Measure)
            .where(
                Measure.workspace_id == workspace.id,
                reader.filter(Measure.workspace_id, Measure.visibility),
            )
            .order_by(Measure.created_at, Measure.id)
        )
    )
    points = await _points(session, [m.id for m in measures], None, None)
    reflected = sorted(
        (c for c in cycles if c.reflect.strip()),
        key=lambda c: c.reflect_at or c.updated_at,
        reverse=True,
    )
    return WorkspaceProgress(
        workspace_id=workspace.id,
        name=workspace.name,
        tier=Tier(workspace.tier),
        aim=aim,
        current_cycles=[
            OpenCycle(id=c.id, title=c.title, phase=Phase(c.phase)) for c in open_cycles
        ],
        current_phases=current_phases,
        scores=[_score_point(a.semester, a.score) for a in sorted(rows, key=_assessment_order)],
        measures=[_measure_progress(m, points.get(m.id, [])) for m in measures],
        reflections=[
            Reflection(
                cycle_id=c.id,
                title=c.title,
                reflect=c.reflect,
                reflect_html=render(c.reflect),
                reflect_at=c.reflect_at,
            )
            for c in reflected
        ],
    )


async def network_progress(
    session: AsyncSession, reader: Reader, cohort_id: str | None
) -> NetworkProgress:
    """Two queries, reading only the columns shown (no evidence texts, no timestamps)."""
    query = select(Workspace.id, Workspace.name).where(Workspace.tier == Tier.pilot.value)
    if cohort_id:
        query = query.where(Workspace.cohort_id == cohort_id)
    workspaces = (await session.execute(query.order_by(Workspace.sort_name, Workspace.id))).all()
    ids = query.with_only_columns(Workspace.id).scalar_subquery()
    by_ws: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for ws_id, semester, score in await session.execute(
        select(Assessment.workspace_id, Assessment.semester, Assessment.score)
        .where(
            Assessment.workspace_id.in_(ids),
            reader.filter(Assessment.workspace_id, Assessment.visibility),
        )
        .order_by(Assessment.semester)
    ):
        by_ws[ws_id].append((semester, score))

    def order(label: str) -> tuple[int, int, str]:
        parsed = semesters.parse(label)
        return (*semesters.order(parsed), label) if parsed else (9999, 9, label)

    labels = sorted({label for rows in by_ws.values() for label, _ in rows}, key=order)
    return NetworkProgress(
        semesters=labels,
        workspaces=[
            NetworkWorkspace(
                workspace_id=ws_id,
                name=name,
                scores=[
                    _score_point(label, score)
                    for label, score in sorted(by_ws.get(ws_id, []), key=lambda r: order(r[0]))
                ],
            )
            for ws_id, name in workspaces
        ],
    )


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
    from samklang.progress.render import markdown_document

    return markdown_document(preview)


_PDF_CACHE: OrderedDict[str, bytes] = OrderedDict()
PDF_CACHE_SIZE = 16


async def report_pdf(preview: ReportPreview) -> bytes:
    """The PDF, drawn in a worker thread. Drawing costs far more than compiling, so PDFs
    are kept (a few, in memory) by the hash of the compiled content they were drawn from:
    any change to the report or to what it includes gives a new hash, never a stale file."""
    from samklang.progress.render import pdf_document

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


# What it took


def _summary(values: Iterable[float]) -> Summary:
    found = list(values)
    return Summary(
        median=float(_median(found)), min=float(min(found)), max=float(max(found)), n=len(found)
    )


async def what_it_took(session: AsyncSession, cohort_id: str | None, now: datetime) -> WhatItTook:
    cohorts = list(await session.scalars(select(Cohort).order_by(Cohort.starts_on, Cohort.id)))
    cohort = next((c for c in cohorts if c.id == cohort_id), None) if cohort_id else None
    if cohort_id and cohort is None:
        raise NotFound("No such cohort")
    pilots = select(Workspace.id).where(Workspace.tier == Tier.pilot.value)
    if cohort is not None:
        pilots = pilots.where(Workspace.cohort_id == cohort.id)
    ids = pilots.scalar_subquery()
    created = {
        ws_id: _aware(at)
        for ws_id, at in await session.execute(
            select(Workspace.id, Workspace.created_at).where(Workspace.id.in_(ids))
        )
    }
    current = semesters.of_datetime(now)
    hours: dict[tuple[str, semesters.Semester], float] = defaultdict(float)
    seen: set[semesters.Semester] = set()
    earliest = _aware(
        await session.scalar(select(func.min(Cycle.created_at)).where(Cycle.workspace_id.in_(ids)))
    )
    if earliest is not None:
        first = min(semesters.of_datetime(earliest), current, key=semesters.order)
        spanned = semesters.span(first, current)
        by_key = {semesters.key(s): s for s in spanned}
        bucket = case(
            *[(Cycle.created_at < semesters.end_utc(s), semesters.key(s)) for s in spanned],
            else_=semesters.key(current),
        )
        inner = (
            select(Cycle.workspace_id, bucket.label("semester"), Cycle.hours_spent)
            .where(Cycle.workspace_id.in_(ids))
            .subquery()
        )
        for ws_id, label, spent in await session.execute(
            select(inner.c.workspace_id, inner.c.semester, func.sum(inner.c.hours_spent)).group_by(
                inner.c.workspace_id, inner.c.semester
            )
        ):
            semester = by_key[label]
            hours[(ws_id, semester)] += float(spent or 0)
            seen.add(semester)
    attended: dict[tuple[str, semesters.Semester], set[str]] = defaultdict(set)
    for ws_id, gathering_id, starts in await session.execute(
        select(Registration.workspace_id, Gathering.id, Gathering.starts_at)
        .join(Gathering, Gathering.id == Registration.gathering_id)
        .where(Registration.workspace_id.in_(ids), Registration.attended.is_(True))
        .distinct()
    ):
        semester = semesters.of_datetime(_aware(starts) or now)
        attended[(ws_id, semester)].add(gathering_id)
        seen.add(semester)
    joined: dict[str, list[datetime]] = defaultdict(list)
    for ws_id, at in await session.execute(
        select(Membership.workspace_id, Membership.created_at).where(
            Membership.workspace_id.in_(ids)
        )
    ):
        joined[ws_id].append(_aware(at) or now)

    if cohort is not None:
        last = min(semesters.of_date(cohort.ends_on), current, key=semesters.order)
        seen.update(semesters.span(semesters.of_date(cohort.starts_on), last))
    figures: list[SemesterFigures] = []
    for semester in sorted(
        (s for s in seen if semesters.order(s) <= semesters.order(current)), key=semesters.order
    ):
        ends = semesters.end_utc(semester)
        present = [ws for ws, at in created.items() if at is None or at < ends]
        suppressed = len(present) < MIN_GROUP
        figures.append(
            SemesterFigures(
                semester=semesters.key(semester),
                year=semester[0],
                season=semester[1],
                workspaces=len(present),
                suppressed=suppressed,
                hours=None
                if suppressed
                else _summary(hours.get((ws, semester), 0.0) for ws in present),
                people=None
                if suppressed
                else _summary(
                    float(sum(1 for at in joined.get(ws, []) if at < ends)) for ws in present
                ),
                gatherings_attended=None
                if suppressed
                else _summary(float(len(attended.get((ws, semester), set()))) for ws in present),
            )
        )
    return WhatItTook(
        cohort=CohortRef(id=cohort.id, name=cohort.name) if cohort else None,
        cohorts=[CohortRef(id=c.id, name=c.name) for c in cohorts],
        min_group=MIN_GROUP,
        semesters=figures,
        notes=[
            "Spring is January–June and autumn July–December, in Norwegian time.",
            "Hours are the hours logged on action-learning cycles, counted in the semester "
            "the cycle was created.",
            "People are the members of each pilot workspace at the end of the semester.",
            "Gatherings are the gatherings at least one member attended (checked in).",
            f"Semesters with fewer than {MIN_GROUP} pilot workspaces are not shown, so no "
            "single workspace can be recognised.",
        ],
    )
