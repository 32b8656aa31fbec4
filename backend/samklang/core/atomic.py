"""Check-then-write made atomic with the database's own tools, the same code on PostgreSQL
(READ COMMITTED: two requests read the same rows at once) and SQLite (one writer).

- `lock(session, column, values)`: the rows' lock before reading what a write depends on
  (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite a write that changes nothing, which
  takes the database's single write lock until commit). Callers lock the parent (the
  gathering, the workspace, the question) and then read and write its children; a second
  request waits at the lock and then reads what the first committed.
- `insert_ignore(session, table, values, keys)`: `INSERT ... ON CONFLICT DO NOTHING`, for
  idempotent puts (follow, react, vote); returns whether a row was inserted.
- `serialize(session, key, sqlite_write=...)`: a transaction-scoped lock on a name, for
  checks that have no row to lock (the failed sign-ins of one email address).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Executable, Table, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


def dialect(session: AsyncSession) -> str:
    return str(session.get_bind().dialect.name)


async def lock(
    session: AsyncSession, column: InstrumentedAttribute[Any], values: Iterable[Any]
) -> None:
    """Lock the rows whose `column` is one of `values` until the transaction ends (in a
    fixed order, so two requests locking several rows cannot deadlock)."""
    keys = sorted(set(values))
    if not keys:
        return
    if dialect(session) == "sqlite":
        table = column.property.parent.local_table
        assert isinstance(table, Table)
        # SET key = key, and the same for columns with an onupdate default (updated_at),
        # so the lock changes nothing.
        same = {c: c for c in table.columns if c.onupdate is not None or c.key == column.key}
        await session.execute(
            update(table).where(column.in_(keys)).values(same),
            execution_options={"synchronize_session": False},
        )
        return
    await session.execute(select(column).where(column.in_(keys)).order_by(column).with_for_update())


async def insert_ignore(
    session: AsyncSession, model: type[Any], values: dict[str, Any], keys: list[str]
) -> bool:
    """INSERT ... ON CONFLICT (keys) DO NOTHING for a row of `model`; True when this call
    inserted the row."""
    insert = postgresql.insert if dialect(session) == "postgresql" else sqlite.insert
    result = await session.execute(
        insert(model).values(**values).on_conflict_do_nothing(index_elements=keys)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def serialize(session: AsyncSession, key: str, *, sqlite_write: Executable) -> None:
    """Hold a lock named `key` until the transaction ends: PostgreSQL's advisory lock; on
    SQLite the database's write lock, taken by `sqlite_write` (a write statement the caller
    has a use for, such as pruning what has expired)."""
    if dialect(session) == "postgresql":
        number = zlib.crc32(key.encode()) - 2**31  # a signed 32-bit key
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": number})
    else:
        await session.execute(sqlite_write, execution_options={"synchronize_session": False})
