"""The rules of action learning. No HTTP, no commit.

Reading follows the item's visibility (see network/visibility.py); only the workspace's
members and the project team write, and a withdrawn workspace is read-only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from samklang.audit.service import record
from samklang.auth.models import User
from samklang.core.db import utcnow
from samklang.core.errors import (
    AppError,
    FieldError,
    Forbidden,
    NotFound,
    ReadOnly,
    ValidationFailed,
)
from samklang.core.markdown import render
from samklang.core.pagination import encode_cursor
from samklang.files import service as files_service
from samklang.files.router import FileOut
from samklang.learning import charts, stats
from samklang.learning import repository as repo
from samklang.learning.models import (
    PHASES,
    Assessment,
    Cycle,
    Entry,
    Measure,
    MeasurePoint,
    Phase,
    Project,
)
from samklang.learning.schemas import (
    AssessmentIn,
    AssessmentOut,
    CycleCreate,
    CycleMark,
    CycleOut,
    CycleSummary,
    CycleUpdate,
    EntryCreate,
    EntryOut,
    EntryUpdate,
    MeasureCreate,
    MeasureOut,
    MeasureSummary,
    MeasureUpdate,
    Overview,
    Partner,
    PhaseDates,
    PointIn,
    PointUpdate,
    ProjectIn,
    ProjectOut,
    ShiftOut,
)
from samklang.network import service as network_service
from samklang.network.models import Workspace, WorkspaceStatus
from samklang.network.schemas import Page
from samklang.network.visibility import Reader, Visibility, reader_for
from samklang.sharing import feed


class StaleVersion(AppError):
    """A save based on an old version. Carries the current state for the client."""

    status, code, title = 409, "conflict", "Changed by someone else"

    def __init__(self, current: BaseModel) -> None:
        super().__init__(
            "Someone else saved a newer version; compare and save again",
            extra={"current": current.model_dump(mode="json")},
        )


async def reader(session: AsyncSession, user: User | None) -> Reader:
    return await reader_for(session, user)


def _require_write(reader: Reader, workspace: Workspace) -> None:
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members write here")
    if workspace.status == WorkspaceStatus.withdrawn.value and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")


async def _workspace_to_write(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> Workspace:
    workspace = await network_service.get_workspace(session, workspace_id)
    _require_write(reader, workspace)
    return workspace


async def _audit_visibility(
    session: AsyncSession,
    reader: Reader,
    what: str,
    item_id: str,
    workspace_id: str,
    old: str | None,
    new: Visibility,
) -> None:
    """Sharing more widely (or less) is recorded in the audit log."""
    before = old or Visibility.workspace.value
    if before != new.value:
        await record(
            session,
            "visibility.changed",
            actor=reader.user,
            target_type=what,
            target_id=item_id,
            workspace_id=workspace_id,
            details={"from": before, "to": new.value},
        )


def _require_read(reader: Reader, workspace_id: str, level: str, what: str) -> None:
    if not reader.can_read(workspace_id, level):
        raise NotFound(f"No such {what}")


def _check_version(given: int | None, current: int, snapshot: BaseModel) -> None:
    if given is not None and given != current:
        raise StaleVersion(snapshot)


async def _save(
    session: AsyncSession, reader: Reader, current: Callable[[], Awaitable[BaseModel]]
) -> None:
    """Flush a versioned change. The version check above reads, then writes; the UPDATE
    itself is `... WHERE version = <the version read>` (the models' `version_id_col`), so
    when a concurrent save of the same version committed first, this one changes no row:
    undo it and answer 409 with what the other save stored."""
    try:
        await session.flush()
    except (StaleDataError, IntegrityError):
        # IntegrityError: two first saves of a project raced to insert the same row.
        await session.rollback()
        if reader.user is not None:  # the rollback expired it; the snapshot reads it
            await session.refresh(reader.user)
        raise StaleVersion(await current()) from None


def _writable(reader: Reader, workspace: Workspace) -> bool:
    try:
        _require_write(reader, workspace)
    except AppError:
        return False
    return True


# The network feed (sharing/feed.py): items shared at network level or wider are in it.


async def _to_feed_cycle(session: AsyncSession, cycle: Cycle, user_id: str | None) -> None:
    await feed.publish(
        session,
        kind="reflection",
        source_type="cycle",
        source_id=cycle.id,
        workspace_id=cycle.workspace_id,
        visibility=cycle.visibility,
        title=cycle.title,
        excerpt=cycle.reflect,
        author_id=cycle.created_by_id or user_id,
        url=f"/cycles/{cycle.id}",
    )


async def _to_feed_entry(session: AsyncSession, entry: Entry, title: str) -> None:
    await feed.publish(
        session,
        kind="entry",
        source_type="entry",
        source_id=entry.id,
        workspace_id=entry.workspace_id,
        visibility=entry.visibility,
        title=title,
        excerpt=entry.body,
        author_id=entry.author_id,
        url=f"/cycles/{entry.cycle_id}#entry-{entry.id}",
    )


async def _to_feed_measure(session: AsyncSession, measure: Measure, user_id: str | None) -> None:
    await feed.publish(
        session,
        kind="measure",
        source_type="measure",
        source_id=measure.id,
        workspace_id=measure.workspace_id,
        visibility=measure.visibility,
        title=measure.name,
        excerpt=measure.description,
        author_id=user_id,
        url=f"/measures/{measure.id}",
    )


# The development project


def project_out(workspace_id: str, project: Project | None, can_edit: bool) -> ProjectOut:
    if project is None:
        return ProjectOut(
            workspace_id=workspace_id,
            aim_what="",
            aim_what_html="",
            aim_for_whom="",
            aim_by_when=None,
            focus_areas=[],
            partners=[],
            visibility=Visibility.workspace,
            version=0,
            updated_at=None,
            can_edit=can_edit,
        )
    return ProjectOut(
        workspace_id=workspace_id,
        aim_what=project.aim_what,
        aim_what_html=render(project.aim_what),
        aim_for_whom=project.aim_for_whom,
        aim_by_when=project.aim_by_when,
        focus_areas=list(project.focus_areas),
        partners=[Partner.model_validate(p) for p in project.partners],
        visibility=Visibility(project.visibility),
        version=project.version,
        updated_at=project.updated_at,
        can_edit=can_edit,
    )


async def get_project(session: AsyncSession, reader: Reader, workspace_id: str) -> ProjectOut:
    workspace = await network_service.get_workspace(session, workspace_id)
    project = await repo.project(session, workspace.id)
    _require_read(reader, workspace.id, project.visibility if project else "workspace", "project")
    return project_out(workspace.id, project, _writable(reader, workspace))


async def put_project(
    session: AsyncSession, reader: Reader, workspace_id: str, data: ProjectIn
) -> ProjectOut:
    workspace = await _workspace_to_write(session, reader, workspace_id)
    project = await repo.project(session, workspace.id)
    if project is None:
        _check_version(
            data.version if data.version else None, 0, project_out(workspace.id, None, True)
        )
        project = Project(workspace_id=workspace.id, version=0)
        session.add(project)
    else:
        _check_version(data.version, project.version, project_out(workspace.id, project, True))
    project.aim_what = data.aim_what
    project.aim_for_whom = data.aim_for_whom
    project.aim_by_when = data.aim_by_when
    project.focus_areas = list(dict.fromkeys(data.focus_areas))
    project.partners = [p.model_dump(mode="json") for p in data.partners]
    await _audit_visibility(
        session, reader, "project", workspace.id, workspace.id, project.visibility, data.visibility
    )
    project.visibility = data.visibility.value
    project.version += 1
    await _save(session, reader, lambda: get_project(session, reader, workspace_id))
    return project_out(workspace.id, project, True)


# Cycles


def _dates(cycle: Cycle) -> PhaseDates:
    return PhaseDates(
        plan=cycle.plan_at,
        act=cycle.act_at,
        observe=cycle.observe_at,
        reflect=cycle.reflect_at,
        done=cycle.done_at,
    )


def cycle_summary(cycle: Cycle, entry_count: int) -> CycleSummary:
    return CycleSummary(
        id=cycle.id,
        workspace_id=cycle.workspace_id,
        title=cycle.title,
        phase=Phase(cycle.phase),
        phase_entered=_dates(cycle),
        hours_spent=cycle.hours_spent,
        visibility=Visibility(cycle.visibility),
        version=cycle.version,
        entry_count=entry_count,
        created_at=cycle.created_at,
        updated_at=cycle.updated_at,
    )


def cycle_out(cycle: Cycle, entry_count: int, measure_ids: list[str], can_edit: bool) -> CycleOut:
    return CycleOut(
        **cycle_summary(cycle, entry_count).model_dump(),
        plan=cycle.plan,
        act=cycle.act,
        observe=cycle.observe,
        reflect=cycle.reflect,
        plan_html=render(cycle.plan),
        act_html=render(cycle.act),
        observe_html=render(cycle.observe),
        reflect_html=render(cycle.reflect),
        measure_ids=measure_ids,
        gathering_id=cycle.gathering_id,
        can_edit=can_edit,
    )


async def list_cycles(
    session: AsyncSession,
    reader: Reader,
    workspace_id: str,
    *,
    phase: str | None,
    limit: int,
    after: list[Any] | None,
) -> Page[CycleSummary]:
    workspace = await network_service.get_workspace(session, workspace_id)
    readable = reader.filter(Cycle.workspace_id, Cycle.visibility)
    rows = await repo.cycles(session, workspace.id, readable, phase=phase, limit=limit, after=after)
    page, more = rows[:limit], len(rows) > limit
    counts = await repo.entry_counts(
        session, [c.id for c in page], reader.filter(Entry.workspace_id, Entry.visibility)
    )
    return Page[CycleSummary](
        items=[cycle_summary(c, counts.get(c.id, 0)) for c in page],
        next_cursor=encode_cursor([page[-1].created_at.isoformat(), page[-1].id]) if more else None,
    )


async def _check_gathering(session: AsyncSession, gathering_id: str | None) -> None:
    from samklang.gatherings.models import Gathering

    if gathering_id and await session.get(Gathering, gathering_id) is None:
        raise ValidationFailed(
            errors=[FieldError(field="gathering_id", message="No such gathering")]
        )


async def _check_measures(session: AsyncSession, workspace_id: str, ids: list[str]) -> None:
    found = await repo.measures_in(session, workspace_id, ids)
    if set(ids) - found:
        raise ValidationFailed(
            errors=[FieldError(field="measure_ids", message="Not a measure of this workspace")]
        )


async def create_cycle(
    session: AsyncSession, reader: Reader, workspace_id: str, data: CycleCreate
) -> CycleOut:
    workspace = await _workspace_to_write(session, reader, workspace_id)
    await _check_measures(session, workspace.id, data.measure_ids)
    await _check_gathering(session, data.gathering_id)
    now = utcnow()
    cycle = Cycle(
        workspace_id=workspace.id,
        title=data.title,
        phase=Phase.plan.value,
        plan=data.plan,
        plan_at=now,
        visibility=data.visibility.value,
        gathering_id=data.gathering_id,
        created_by_id=reader.user.id if reader.user else None,
        updated_by_id=reader.user.id if reader.user else None,
        hours_spent=0.0,
        version=1,
    )
    session.add(cycle)
    await session.flush()
    await repo.set_cycle_measures(session, cycle.id, data.measure_ids)
    await _to_feed_cycle(session, cycle, cycle.created_by_id)
    return cycle_out(cycle, 0, list(dict.fromkeys(data.measure_ids)), True)


async def _readable_cycle(session: AsyncSession, reader: Reader, cycle_id: str) -> Cycle:
    cycle = await repo.cycle(session, cycle_id)
    if cycle is None:
        raise NotFound("No such cycle")
    _require_read(reader, cycle.workspace_id, cycle.visibility, "cycle")
    return cycle


async def get_cycle(session: AsyncSession, reader: Reader, cycle_id: str) -> CycleOut:
    cycle = await _readable_cycle(session, reader, cycle_id)
    workspace = await network_service.get_workspace(session, cycle.workspace_id)
    counts = await repo.entry_counts(
        session, [cycle.id], reader.filter(Entry.workspace_id, Entry.visibility)
    )
    return cycle_out(
        cycle,
        counts.get(cycle.id, 0),
        await repo.measure_ids_of(
            session, cycle.id, reader.filter(Measure.workspace_id, Measure.visibility)
        ),
        _writable(reader, workspace),
    )


def check_transition(current: Phase, target: Phase) -> None:
    """One step forward (plan -> act -> observe -> reflect -> done) or one step back."""
    if abs(PHASES.index(target) - PHASES.index(current)) > 1:
        raise ValidationFailed(
            f"A cycle moves one phase at a time, not from {current.value} to {target.value}",
            errors=[FieldError(field="phase", message="One phase at a time")],
        )


async def update_cycle(
    session: AsyncSession, reader: Reader, cycle_id: str, data: CycleUpdate
) -> CycleOut:
    cycle = await _readable_cycle(session, reader, cycle_id)
    workspace = await _workspace_to_write(session, reader, cycle.workspace_id)
    if data.version != cycle.version:
        raise StaleVersion(await get_cycle(session, reader, cycle.id))
    fields = data.model_fields_set
    if data.phase is not None and data.phase.value != cycle.phase:
        check_transition(Phase(cycle.phase), data.phase)
        cycle.phase = data.phase.value
        setattr(cycle, f"{data.phase.value}_at", utcnow())
    for name in ("title", "plan", "act", "observe", "reflect", "hours_spent"):
        value = getattr(data, name)
        if value is not None:
            setattr(cycle, name, value)
    if data.visibility is not None:
        await _audit_visibility(
            session,
            reader,
            "cycle",
            cycle.id,
            cycle.workspace_id,
            cycle.visibility,
            data.visibility,
        )
        cycle.visibility = data.visibility.value
    if "gathering_id" in fields:
        await _check_gathering(session, data.gathering_id)
        cycle.gathering_id = data.gathering_id
    if data.measure_ids is not None:
        await _check_measures(session, workspace.id, data.measure_ids)
        await repo.set_cycle_measures(session, cycle.id, data.measure_ids)
    cycle.version += 1
    cycle.updated_by_id = reader.user.id if reader.user else None
    cycle.updated_at = utcnow()
    await _save(session, reader, lambda: get_cycle(session, reader, cycle_id))
    await _to_feed_cycle(session, cycle, cycle.updated_by_id)
    return await get_cycle(session, reader, cycle.id)


# Entries


def entry_out(entry: Entry, names: dict[str, str], files: list[Any]) -> EntryOut:
    return EntryOut(
        id=entry.id,
        cycle_id=entry.cycle_id,
        workspace_id=entry.workspace_id,
        phase=Phase(entry.phase),
        body=entry.body,
        body_html=render(entry.body),
        visibility=Visibility(entry.visibility),
        author_id=entry.author_id,
        author_name=names.get(entry.author_id or ""),
        files=[FileOut(**files_service.file_out(f)) for f in files],
        version=entry.version,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
    )


async def _entries_out(session: AsyncSession, entries: list[Entry]) -> list[EntryOut]:
    names = await repo.user_names(session, [e.author_id or "" for e in entries])
    files = await files_service.attached_to(session, "entry", [e.id for e in entries])
    return [entry_out(e, names, files.get(e.id, [])) for e in entries]


async def list_entries(
    session: AsyncSession, reader: Reader, cycle_id: str, *, limit: int, after: list[Any] | None
) -> Page[EntryOut]:
    cycle = await _readable_cycle(session, reader, cycle_id)
    rows = await repo.entries(
        session,
        cycle.id,
        reader.filter(Entry.workspace_id, Entry.visibility),
        limit=limit,
        after=after,
    )
    page, more = rows[:limit], len(rows) > limit
    return Page[EntryOut](
        items=await _entries_out(session, page),
        next_cursor=encode_cursor([page[-1].created_at.isoformat(), page[-1].id]) if more else None,
    )


async def create_entry(
    session: AsyncSession, reader: Reader, cycle_id: str, data: EntryCreate
) -> EntryOut:
    cycle = await _readable_cycle(session, reader, cycle_id)
    await _workspace_to_write(session, reader, cycle.workspace_id)
    assert reader.user is not None
    entry = Entry(
        cycle_id=cycle.id,
        workspace_id=cycle.workspace_id,
        phase=(data.phase or Phase(cycle.phase)).value,
        body=data.body,
        visibility=(data.visibility.value if data.visibility else cycle.visibility),
        author_id=reader.user.id,
        version=1,
    )
    session.add(entry)
    await session.flush()
    await files_service.attach(session, reader.user, data.file_ids, "entry", entry.id)
    await _to_feed_entry(session, entry, cycle.title)
    return (await _entries_out(session, [entry]))[0]


async def _entry_now(session: AsyncSession, entry_id: str) -> EntryOut:
    entry = await repo.entry(session, entry_id)
    if entry is None:
        raise NotFound("No such entry")
    return (await _entries_out(session, [entry]))[0]


async def update_entry(
    session: AsyncSession, reader: Reader, entry_id: str, data: EntryUpdate
) -> EntryOut:
    entry = await repo.entry(session, entry_id)
    if entry is None or not reader.can_read(entry.workspace_id, entry.visibility):
        raise NotFound("No such entry")
    await _workspace_to_write(session, reader, entry.workspace_id)
    if data.version != entry.version:
        raise StaleVersion((await _entries_out(session, [entry]))[0])
    if data.body is not None:
        entry.body = data.body
    if data.visibility is not None:
        await _audit_visibility(
            session,
            reader,
            "entry",
            entry.id,
            entry.workspace_id,
            entry.visibility,
            data.visibility,
        )
        entry.visibility = data.visibility.value
    entry.version += 1
    entry.updated_at = utcnow()
    await _save(session, reader, lambda: _entry_now(session, entry_id))
    cycle = await repo.cycle(session, entry.cycle_id)
    await _to_feed_entry(session, entry, cycle.title if cycle else "")
    return (await _entries_out(session, [entry]))[0]


async def can_read_entry(session: AsyncSession, reader: Reader, entry_id: str) -> bool:
    entry = await repo.entry(session, entry_id)
    return entry is not None and reader.can_read(entry.workspace_id, entry.visibility)


files_service.register_access("entry", can_read_entry)


# Measures


def measure_summary(measure: Measure, points: list[MeasurePoint]) -> MeasureSummary:
    return MeasureSummary(
        id=measure.id,
        workspace_id=measure.workspace_id,
        name=measure.name,
        unit=measure.unit,
        kind=measure.kind,
        direction=measure.direction,
        baseline=measure.baseline,
        target=measure.target,
        chart=measure.chart,
        visibility=Visibility(measure.visibility),
        version=measure.version,
        point_count=len(points),
        verdict=charts.verdict(measure, points),
    )


async def list_measures(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> list[MeasureSummary]:
    workspace = await network_service.get_workspace(session, workspace_id)
    rows = await repo.measures(
        session, workspace.id, reader.filter(Measure.workspace_id, Measure.visibility)
    )
    points = await repo.points_of(session, [m.id for m in rows])
    return [measure_summary(m, points[m.id]) for m in rows]


async def create_measure(
    session: AsyncSession, reader: Reader, workspace_id: str, data: MeasureCreate
) -> MeasureOut:
    workspace = await _workspace_to_write(session, reader, workspace_id)
    measure = Measure(
        workspace_id=workspace.id,
        name=data.name,
        unit=data.unit,
        kind=data.kind.value,
        direction=data.direction.value,
        baseline=data.baseline,
        target=data.target,
        description=data.description,
        chart=data.chart.value,
        shift_rule=data.shift_rule,
        visibility=data.visibility.value,
        version=1,
    )
    session.add(measure)
    await session.flush()
    await _audit_visibility(
        session, reader, "measure", measure.id, workspace.id, None, data.visibility
    )
    await _to_feed_measure(session, measure, reader.user.id if reader.user else None)
    return await get_measure(session, reader, measure.id)


async def _readable_measure(session: AsyncSession, reader: Reader, measure_id: str) -> Measure:
    measure = await repo.measure(session, measure_id)
    if measure is None:
        raise NotFound("No such measure")
    _require_read(reader, measure.workspace_id, measure.visibility, "measure")
    return measure


async def get_measure(session: AsyncSession, reader: Reader, measure_id: str) -> MeasureOut:
    measure = await _readable_measure(session, reader, measure_id)
    workspace = await network_service.get_workspace(session, measure.workspace_id)
    points = await repo.points(session, measure.id)
    values = [p.value for p in points]
    centre = stats.median(values)
    cycles = await repo.cycles_for_measure(
        session, measure.id, reader.filter(Cycle.workspace_id, Cycle.visibility)
    )
    chart = charts.chart(measure, points)
    summary = measure_summary(measure, points).model_dump(exclude={"verdict"})
    return MeasureOut(
        **summary,
        verdict=chart.verdict,
        description=measure.description,
        description_html=render(measure.description),
        shift_rule=measure.shift_rule,
        points=chart.points,
        phases=chart.phases,
        signals=chart.signals,
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
        cycle_starts=[
            CycleMark(cycle_id=c.id, title=c.title, date=(c.plan_at or c.created_at).date())
            for c in cycles
        ],
        can_edit=_writable(reader, workspace),
    )


async def update_measure(
    session: AsyncSession, reader: Reader, measure_id: str, data: MeasureUpdate
) -> MeasureOut:
    measure = await _readable_measure(session, reader, measure_id)
    await _workspace_to_write(session, reader, measure.workspace_id)
    if data.version != measure.version:
        raise StaleVersion(await get_measure(session, reader, measure.id))
    if "visibility" in data.model_fields_set and data.visibility is not None:
        await _audit_visibility(
            session,
            reader,
            "measure",
            measure.id,
            measure.workspace_id,
            measure.visibility,
            data.visibility,
        )
    for name in data.model_fields_set - {"version"}:
        value = getattr(data, name)
        if name in ("baseline", "target") or value is not None:
            setattr(measure, name, value.value if hasattr(value, "value") else value)
    measure.version += 1
    measure.updated_at = utcnow()
    await _save(session, reader, lambda: get_measure(session, reader, measure_id))
    await _to_feed_measure(session, measure, reader.user.id if reader.user else None)
    return await get_measure(session, reader, measure.id)


async def add_point(
    session: AsyncSession, reader: Reader, measure_id: str, data: PointIn
) -> MeasureOut:
    measure = await _readable_measure(session, reader, measure_id)
    await _workspace_to_write(session, reader, measure.workspace_id)
    session.add(
        MeasurePoint(
            measure_id=measure.id,
            date=data.date,
            value=data.value,
            note=data.note,
            denominator=data.denominator,
            phase_start=data.phase_start,
            created_at=utcnow(),
            created_by_id=reader.user.id if reader.user else None,
        )
    )
    await session.flush()
    return await get_measure(session, reader, measure.id)


async def update_point(
    session: AsyncSession, reader: Reader, measure_id: str, point_id: str, data: PointUpdate
) -> MeasureOut:
    """Annotate a point, set its denominator, or start (or end) a phase at it. The chart is
    one document: the save is checked against, and bumps, the measure's version."""
    measure = await _readable_measure(session, reader, measure_id)
    await _workspace_to_write(session, reader, measure.workspace_id)
    point = await repo.point(session, point_id)
    if point is None or point.measure_id != measure.id:
        raise NotFound("No such data point")
    if data.version != measure.version:
        raise StaleVersion(await get_measure(session, reader, measure.id))
    fields = data.model_fields_set - {"version"}
    if "note" in fields and data.note is not None:
        point.note = data.note
    if "denominator" in fields:
        point.denominator = data.denominator
    if "phase_start" in fields and data.phase_start is not None:
        point.phase_start = data.phase_start
    measure.version += 1
    measure.updated_at = utcnow()
    await _save(session, reader, lambda: get_measure(session, reader, measure_id))
    return await get_measure(session, reader, measure.id)


async def delete_point(
    session: AsyncSession, reader: Reader, measure_id: str, point_id: str
) -> None:
    measure = await _readable_measure(session, reader, measure_id)
    await _workspace_to_write(session, reader, measure.workspace_id)
    point = await repo.point(session, point_id)
    if point is None or point.measure_id != measure.id:
        raise NotFound("No such data point")
    await session.delete(point)
    await record(
        session,
        "measure_point.deleted",
        actor=reader.user,
        target_type="measure_point",
        target_id=point_id,
        workspace_id=measure.workspace_id,
        details={"measure_id": measure.id, "date": point.date.isoformat()},
    )
    await session.flush()


# Progress self-assessment


def assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.id,
        workspace_id=a.workspace_id,
        semester=a.semester,
        score=a.score,
        evidence=a.evidence,
        evidence_html=render(a.evidence),
        visibility=Visibility(a.visibility),
        created_at=a.created_at,
    )


async def list_assessments(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> list[AssessmentOut]:
    workspace = await network_service.get_workspace(session, workspace_id)
    rows = await repo.assessments(
        session, workspace.id, reader.filter(Assessment.workspace_id, Assessment.visibility)
    )
    return [assessment_out(a) for a in rows]


async def put_assessment(
    session: AsyncSession, reader: Reader, workspace_id: str, data: AssessmentIn
) -> AssessmentOut:
    """One assessment per semester: saving again replaces it."""
    workspace = await _workspace_to_write(session, reader, workspace_id)
    found = await repo.assessment(session, workspace.id, data.semester)
    old_visibility = None if found is None else found.visibility
    if found is None:
        found = Assessment(workspace_id=workspace.id, semester=data.semester)
        session.add(found)
    found.score, found.evidence = data.score, data.evidence
    found.visibility = data.visibility.value
    found.created_by_id = reader.user.id if reader.user else None
    await session.flush()
    await _audit_visibility(
        session, reader, "assessment", found.id, workspace.id, old_visibility, data.visibility
    )
    return assessment_out(found)


# Overview


async def overview(session: AsyncSession, reader: Reader, workspace_id: str) -> Overview:
    workspace = await network_service.get_workspace(session, workspace_id)
    cycle_filter = reader.filter(Cycle.workspace_id, Cycle.visibility)
    current = await repo.cycles(
        session, workspace.id, cycle_filter, phase=None, limit=50, after=None
    )
    open_cycles = [c for c in current if c.phase != Phase.done][:10]
    entry_filter = reader.filter(Entry.workspace_id, Entry.visibility)
    counts = await repo.entry_counts(session, [c.id for c in open_cycles], entry_filter)
    latest = await repo.latest_entries(session, workspace.id, entry_filter, 5)
    return Overview(
        workspace_id=workspace.id,
        current_cycles=[cycle_summary(c, counts.get(c.id, 0)) for c in open_cycles],
        latest_entries=await _entries_out(session, latest),
        measures=await list_measures(session, reader, workspace.id),
        hours_total=await repo.hours(session, workspace.id, cycle_filter),
        cycles_by_phase=await repo.phase_counts(session, workspace.id, cycle_filter),
    )
