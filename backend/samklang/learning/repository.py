"""Every query of the action-learning domain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.pagination import after as after_cursor
from samklang.core.pagination import before, time_cursor
from samklang.learning.models import (
    Assessment,
    Cycle,
    CycleMeasure,
    Entry,
    Measure,
    MeasurePoint,
    Project,
)


async def project(session: AsyncSession, workspace_id: str) -> Project | None:
    return await session.get(Project, workspace_id)


async def cycles(
    session: AsyncSession,
    workspace_id: str,
    readable: ColumnElement[bool],
    *,
    phase: str | None,
    limit: int,
    after: list[Any] | None,
) -> list[Cycle]:
    query = select(Cycle).where(Cycle.workspace_id == workspace_id, readable)
    if phase:
        query = query.where(Cycle.phase == phase)
    cursor = time_cursor(after)
    if cursor:
        query = query.where(before((Cycle.created_at, Cycle.id), cursor))
    query = query.order_by(Cycle.created_at.desc(), Cycle.id.desc()).limit(limit + 1)
    return list(await session.scalars(query))


async def cycle(session: AsyncSession, cycle_id: str) -> Cycle | None:
    return await session.get(Cycle, cycle_id)


async def entry_counts(
    session: AsyncSession, cycle_ids: Sequence[str], readable: ColumnElement[bool]
) -> dict[str, int]:
    if not cycle_ids:
        return {}
    rows = await session.execute(
        select(Entry.cycle_id, func.count())
        .where(Entry.cycle_id.in_(list(cycle_ids)), readable)
        .group_by(Entry.cycle_id)
    )
    return {r[0]: int(r[1]) for r in rows}


async def measure_ids_of(
    session: AsyncSession, cycle_id: str, readable: ColumnElement[bool] | None = None
) -> list[str]:
    """The cycle's linked measures; with `readable`, only those the reader may read (a cycle
    can be shared more widely than a measure it links to)."""
    query = select(CycleMeasure.measure_id).where(CycleMeasure.cycle_id == cycle_id)
    if readable is not None:
        query = query.join(Measure, Measure.id == CycleMeasure.measure_id).where(readable)
    return list(await session.scalars(query))


async def set_cycle_measures(session: AsyncSession, cycle_id: str, measure_ids: list[str]) -> None:
    await session.execute(delete(CycleMeasure).where(CycleMeasure.cycle_id == cycle_id))
    for measure_id in dict.fromkeys(measure_ids):
        session.add(CycleMeasure(cycle_id=cycle_id, measure_id=measure_id))
    await session.flush()


async def measures_in(session: AsyncSession, workspace_id: str, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    return set(
        await session.scalars(
            select(Measure.id).where(
                Measure.workspace_id == workspace_id, Measure.id.in_(list(ids))
            )
        )
    )


async def entries(
    session: AsyncSession,
    cycle_id: str,
    readable: ColumnElement[bool],
    *,
    limit: int,
    after: list[Any] | None,
) -> list[Entry]:
    query = select(Entry).where(Entry.cycle_id == cycle_id, readable)
    cursor = time_cursor(after)
    if cursor:
        query = query.where(after_cursor((Entry.created_at, Entry.id), cursor))
    query = query.order_by(Entry.created_at, Entry.id).limit(limit + 1)
    return list(await session.scalars(query))


async def latest_entries(
    session: AsyncSession, workspace_id: str, readable: ColumnElement[bool], limit: int
) -> list[Entry]:
    return list(
        await session.scalars(
            select(Entry)
            .where(Entry.workspace_id == workspace_id, readable)
            .order_by(Entry.created_at.desc(), Entry.id.desc())
            .limit(limit)
        )
    )


async def entry(session: AsyncSession, entry_id: str) -> Entry | None:
    return await session.get(Entry, entry_id)


async def user_names(session: AsyncSession, ids: Sequence[str]) -> dict[str, str]:
    wanted = [i for i in set(ids) if i]
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, display_name()).where(User.id.in_(wanted)))
    return {r[0]: r[1] for r in rows}


async def measures(
    session: AsyncSession, workspace_id: str, readable: ColumnElement[bool]
) -> list[Measure]:
    return list(
        await session.scalars(
            select(Measure)
            .where(Measure.workspace_id == workspace_id, readable)
            .order_by(Measure.created_at, Measure.id)
        )
    )


async def point_counts(session: AsyncSession, measure_ids: Sequence[str]) -> dict[str, int]:
    if not measure_ids:
        return {}
    rows = await session.execute(
        select(MeasurePoint.measure_id, func.count())
        .where(MeasurePoint.measure_id.in_(list(measure_ids)))
        .group_by(MeasurePoint.measure_id)
    )
    return {r[0]: int(r[1]) for r in rows}


async def measure(session: AsyncSession, measure_id: str) -> Measure | None:
    return await session.get(Measure, measure_id)


async def points(session: AsyncSession, measure_id: str) -> list[MeasurePoint]:
    return list(
        await session.scalars(
            select(MeasurePoint)
            .where(MeasurePoint.measure_id == measure_id)
            .order_by(MeasurePoint.date, MeasurePoint.created_at, MeasurePoint.id)
        )
    )


async def point(session: AsyncSession, point_id: str) -> MeasurePoint | None:
    return await session.get(MeasurePoint, point_id)


async def cycles_for_measure(
    session: AsyncSession, measure_id: str, readable: ColumnElement[bool]
) -> list[Cycle]:
    return list(
        await session.scalars(
            select(Cycle)
            .join(CycleMeasure, CycleMeasure.cycle_id == Cycle.id)
            .where(CycleMeasure.measure_id == measure_id, readable)
            .order_by(Cycle.created_at)
        )
    )


async def assessments(
    session: AsyncSession, workspace_id: str, readable: ColumnElement[bool]
) -> list[Assessment]:
    return list(
        await session.scalars(
            select(Assessment)
            .where(Assessment.workspace_id == workspace_id, readable)
            .order_by(Assessment.created_at)
        )
    )


async def assessment(session: AsyncSession, workspace_id: str, semester: str) -> Assessment | None:
    found: Assessment | None = await session.scalar(
        select(Assessment).where(
            Assessment.workspace_id == workspace_id, Assessment.semester == semester
        )
    )
    return found


async def phase_counts(
    session: AsyncSession, workspace_id: str, readable: ColumnElement[bool]
) -> dict[str, int]:
    rows = await session.execute(
        select(Cycle.phase, func.count())
        .where(Cycle.workspace_id == workspace_id, readable)
        .group_by(Cycle.phase)
    )
    return {r[0]: int(r[1]) for r in rows}


async def hours(session: AsyncSession, workspace_id: str, readable: ColumnElement[bool]) -> float:
    total = await session.scalar(
        select(func.coalesce(func.sum(Cycle.hours_spent), 0.0)).where(
            Cycle.workspace_id == workspace_id, readable
        )
    )
    return float(total or 0.0)


async def points_of(
    session: AsyncSession, measure_ids: Sequence[str]
) -> dict[str, list[MeasurePoint]]:
    """The points of several measures in chart order, in one query."""
    found: dict[str, list[MeasurePoint]] = {m: [] for m in measure_ids}
    if not measure_ids:
        return found
    rows = await session.scalars(
        select(MeasurePoint)
        .where(MeasurePoint.measure_id.in_(list(measure_ids)))
        .order_by(MeasurePoint.date, MeasurePoint.created_at, MeasurePoint.id)
    )
    for p in rows:
        found[p.measure_id].append(p)
    return found
