"""Hot reads of action learning as statements built once (ARCHITECTURE.md, convention 16).

Each statement is built at import with bound parameters (expanding IN for the reader's
levels and workspaces), so SQLAlchemy compiles it once and finds it in its cache by
identity; rows come back as plain tuples (Core, no ORM objects) and a page is serialised in
one step by a pydantic `TypeAdapter`.

The reader's part of a WHERE is `visibility IN (levels) OR workspace_id IN (inside)`, with
`levels` and `inside` taken from `Reader.levels()` and its memberships, the same sets that
`Reader.filter` renders as literals (for the project team: every level).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import ORDER, Reader
from samklang.core.pagination import encode_cursor, time_cursor
from samklang.learning.models import Cycle, Entry
from samklang.learning.schemas import CycleSummary
from samklang.network.models import Workspace
from samklang.network.schemas import Page

CYCLE_PAGE = TypeAdapter(Page[CycleSummary])
ALL_LEVELS = [v.value for v in ORDER]


def readable(workspace_column: Any, visibility_column: Any) -> ColumnElement[bool]:
    return or_(
        visibility_column.in_(bindparam("levels", expanding=True)),
        workspace_column.in_(bindparam("inside", expanding=True)),
    )


def reader_params(reader: Reader) -> dict[str, Any]:
    if reader.is_admin:
        return {"levels": ALL_LEVELS, "inside": []}
    return {
        "levels": sorted(v.value for v in reader.levels()),
        "inside": sorted(reader.member_of | reader.mentor_of),
    }


_entries = (
    select(func.count())
    .where(
        Entry.cycle_id == Cycle.id,
        readable(Entry.workspace_id, Entry.visibility),
    )
    .correlate(Cycle)
    .scalar_subquery()
)


def _cycle_board(*, phase: bool, cursor: bool) -> Select[Any]:
    query = select(
        Cycle.id,
        Cycle.workspace_id,
        Cycle.title,
        Cycle.phase,
        Cycle.plan_at,
        Cycle.act_at,
        Cycle.observe_at,
        Cycle.reflect_at,
        Cycle.done_at,
        Cycle.hours_spent,
        Cycle.visibility,
        Cycle.version,
        _entries,
        Cycle.created_at,
        Cycle.updated_at,
    ).where(
        Cycle.workspace_id == bindparam("workspace_id"),
        readable(Cycle.workspace_id, Cycle.visibility),
    )
    if phase:
        query = query.where(Cycle.phase == bindparam("phase"))
    if cursor:
        at = bindparam("at", type_=Cycle.created_at.type)
        last = bindparam("last", type_=Cycle.id.type)
        query = query.where(
            or_(Cycle.created_at < at, and_(Cycle.created_at == at, Cycle.id < last))
        )
    return query.order_by(Cycle.created_at.desc(), Cycle.id.desc()).limit(bindparam("limit"))


# One statement per combination of the optional filters, each built once.
CYCLE_BOARD = {
    (p, c): _cycle_board(phase=p, cursor=c) for p in (False, True) for c in (False, True)
}
WORKSPACE_EXISTS = select(Workspace.id).where(Workspace.id == bindparam("workspace_id"))


async def cycle_board(
    session: AsyncSession,
    reader: Reader,
    workspace_id: str,
    *,
    phase: str | None,
    limit: int,
    after: list[Any] | None,
) -> Page[CycleSummary] | None:
    """A page of the workspace's cycles the reader may read, with the count of the entries
    they may read in each: one query. None when there is no such workspace."""
    cursor = time_cursor(after)
    params: dict[str, Any] = {"workspace_id": workspace_id, "limit": limit + 1}
    params.update(reader_params(reader))
    if phase:
        params["phase"] = phase
    if cursor:
        params["at"], params["last"] = cursor
    connection = await session.connection()
    rows = (await connection.execute(CYCLE_BOARD[bool(phase), bool(cursor)], params)).all()
    if (
        not rows
        and (await connection.execute(WORKSPACE_EXISTS, {"workspace_id": workspace_id})).first()
        is None
    ):
        return None
    page, more = rows[:limit], len(rows) > limit
    items = [
        {
            "id": r[0],
            "workspace_id": r[1],
            "title": r[2],
            "phase": r[3],
            "phase_entered": {
                "plan": r[4],
                "act": r[5],
                "observe": r[6],
                "reflect": r[7],
                "done": r[8],
            },
            "hours_spent": r[9],
            "visibility": r[10],
            "version": r[11],
            "entry_count": r[12],
            "created_at": r[13],
            "updated_at": r[14],
        }
        for r in page
    ]
    last = page[-1] if more else None
    return CYCLE_PAGE.validate_python(
        {
            "items": items,
            "next_cursor": encode_cursor([last[13].isoformat(), last[0]]) if last else None,
        }
    )
