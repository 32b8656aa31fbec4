"""A cycle's log entries. No HTTP, no commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.core.db import utcnow
from samklang.core.errors import NotFound
from samklang.core.markdown import render
from samklang.core.pagination import Page, encode_cursor
from samklang.files import service as files_service
from samklang.files.schemas import FileOut
from samklang.learning import repository as repo
from samklang.learning.cycles import _readable_cycle
from samklang.learning.models import Entry, Phase
from samklang.learning.schemas import EntryCreate, EntryOut, EntryUpdate
from samklang.learning.service import (
    StaleVersion,
    _audit_visibility,
    _save,
    _to_feed_entry,
    _workspace_to_write,
)

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
