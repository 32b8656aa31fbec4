"""The programme overview (project team). No HTTP, no commit.

Every figure of the programme overview is aggregated in SQL over the filtered set of
workspaces (a subquery), so the overview costs a constant number of queries.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from samklang.gatherings.models import (
    Assignment,
    AssignmentResponse,
    Gathering,
    Mode,
    Registration,
    RegistrationStatus,
)
from samklang.knowledge.models import Question, QuestionStatus
from samklang.learning import spc, stats
from samklang.learning.models import PHASES, Assessment, Cycle, Entry, Measure, MeasurePoint
from samklang.network.models import (
    Municipality,
    Tier,
    Workspace,
    WorkspaceMentor,
    WorkspaceMunicipality,
    WorkspaceStatus,
)
from samklang.network.schemas import MunicipalityOut, PersonOut
from samklang.progress import semesters
from samklang.progress.schemas import (
    Attendance,
    OverviewRow,
    OverviewSort,
    PhaseCounts,
    ProgrammeOverview,
    SortOrder,
    Trend,
)
from samklang.progress.service import _aware, _trend

INACTIVE_DAYS = 30


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
