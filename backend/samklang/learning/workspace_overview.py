"""A workspace's action learning at a glance. No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.learning import repository as repo
from samklang.learning.cycles import cycle_summary
from samklang.learning.entries import _entries_out
from samklang.learning.measures import list_measures
from samklang.learning.models import Cycle, Entry, Phase
from samklang.learning.schemas import Overview
from samklang.network import service as network_service

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
