"""Measures and their points. No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.core.db import utcnow
from samklang.core.errors import NotFound
from samklang.core.markdown import render
from samklang.learning import charts
from samklang.learning import repository as repo
from samklang.learning.models import Cycle, Measure, MeasurePoint
from samklang.learning.schemas import (
    CycleMark,
    MeasureCreate,
    MeasureOut,
    MeasureSummary,
    MeasureUpdate,
    PointIn,
    PointUpdate,
)
from samklang.learning.service import (
    StaleVersion,
    _audit_visibility,
    _require_read,
    _save,
    _to_feed_measure,
    _workspace_to_write,
    _writable,
)
from samklang.network import service as network_service

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
    cycles = await repo.cycles_for_measure(
        session, measure.id, reader.filter(Cycle.workspace_id, Cycle.visibility)
    )
    chart = charts.chart(measure, points)
    run = charts.run_chart(points)
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
        median=run["median"],
        shifts=run["shifts"],
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
