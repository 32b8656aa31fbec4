"""Action-learning cycles and their phases. No HTTP, no commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.core.db import utcnow
from samklang.core.errors import FieldError, NotFound, ValidationFailed
from samklang.core.markdown import render
from samklang.core.pagination import Page
from samklang.gatherings.models import Gathering
from samklang.learning import reads
from samklang.learning import repository as repo
from samklang.learning.models import PHASES, Cycle, Entry, Measure, Phase
from samklang.learning.schemas import CycleCreate, CycleOut, CycleSummary, CycleUpdate, PhaseDates
from samklang.learning.service import (
    StaleVersion,
    _audit_visibility,
    _require_read,
    _save,
    _to_feed_cycle,
    _workspace_to_write,
    _writable,
)
from samklang.network import service as network_service

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
    """The cycle board: one statement built once (learning/reads.py)."""
    page = await reads.cycle_board(
        session, reader, workspace_id, phase=phase, limit=limit, after=after
    )
    if page is None:
        raise NotFound("No such workspace")
    return page


async def _check_gathering(session: AsyncSession, gathering_id: str | None) -> None:
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
