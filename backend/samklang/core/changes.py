"""When did the data last change? Process-wide counters of committed writes, one per
table, bumped after every commit that wrote to it.

The read cache (core/read_cache.py) keeps a response together with the counters of the
tables it reads, taken *before* the request ran, and serves it again only while they are
unchanged: a write that commits while the request is running leaves the entry stale at once.

- In this process: SQLAlchemy session events note which tables a unit of work wrote
  (flushed objects and bulk INSERT/UPDATE/DELETE statements; any other non-SELECT text
  statement counts as a write to every table), and `after_commit` bumps their counters
  before the writing request answers.
- Across processes (several API replicas on PostgreSQL): the same commit sends
  `NOTIFY samklang_changes` with the table names, delivered by PostgreSQL only if the
  transaction commits; every process listens (`ChangeListener`) and bumps its own counters
  when one arrives. While the listening connection is down a process cannot hear its peers,
  so the cache is off (`live` is False) until it is back; coming back counts as a write to
  every table, since anything may have changed meanwhile.
- SQLite has no notifications: there the cache also compares a signature of the database
  files (`sqlite_files`), which a commit by any process changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import asyncpg
from sqlalchemy import MetaData, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, object_mapper
from sqlalchemy.sql.elements import TextClause

logger = logging.getLogger(__name__)

CHANNEL = "samklang_changes"
EVERYTHING = "*"
PING_SECONDS = 5.0
_TOUCHED = "samklang_touched"
# Tells this process's own notifications from its peers' (it has bumped already).
PROCESS_TAG = secrets.token_hex(8)


class Changes:
    """The write counters of this process: one per table, and one for "everything"."""

    def __init__(self) -> None:
        self.everything = 0
        self.counts: defaultdict[str, int] = defaultdict(int)

    def bump(self, tables: Iterable[str]) -> None:
        if EVERYTHING in tables:
            self.everything += 1
            return
        for table in tables:
            self.counts[table] += 1

    def stamp(self, tables: Sequence[str]) -> tuple[int, ...]:
        """Changes whenever one of `tables` is written to."""
        counts = self.counts
        return (self.everything, *[counts[t] for t in tables])


CHANGES = Changes()


def _touched(session: Session) -> set[str]:
    touched: set[str] | None = session.info.get(_TOUCHED)
    if touched is None:
        touched = session.info[_TOUCHED] = set()
    return touched


def _is_select(sql: str) -> bool:
    return sql.lstrip()[:6].upper() == "SELECT"


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context: UOWTransaction) -> None:
    touched = _touched(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        for table in object_mapper(obj).tables:
            touched.add(getattr(table, "name", EVERYTHING))


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _touched(state.session).add(getattr(table, "name", EVERYTHING))
    elif isinstance(state.statement, TextClause) and not _is_select(str(state.statement)):
        _touched(state.session).add(EVERYTHING)


def cascade_map(metadata: MetaData) -> dict[str, frozenset[str]]:
    """For each table, the tables a delete from it changes through the database itself: a
    foreign key with ON DELETE CASCADE deletes rows (whose own children are then reached in
    turn), ON DELETE SET NULL/DEFAULT updates them (and stops there)."""
    deleted: defaultdict[str, set[str]] = defaultdict(set)  # parent -> children deleted
    changed: defaultdict[str, set[str]] = defaultdict(set)  # parent -> children updated
    for table in metadata.tables.values():
        for fk in table.foreign_keys:
            action = (fk.ondelete or "").upper()
            if action == "CASCADE":
                deleted[fk.column.table.name].add(table.name)
            elif action:
                changed[fk.column.table.name].add(table.name)
    out: dict[str, frozenset[str]] = {}
    for parent in {*deleted, *changed}:
        reached: set[str] = set()
        visited = {parent}  # tables whose rows are deleted: their children are reached too
        todo = [parent]
        while todo:
            name = todo.pop()
            reached |= changed.get(name, set())
            for child in deleted.get(name, ()):
                reached.add(child)
                if child not in visited:
                    visited.add(child)
                    todo.append(child)
        out[parent] = frozenset(reached)
    return out


_cascades: dict[str, frozenset[str]] | None = None


def know_schema(metadata: MetaData) -> None:
    """Take the cascades from the complete schema, once: `samklang.models` calls this after
    importing every domain's tables, so the map never depends on which models a command
    happened to import first."""
    global _cascades
    _cascades = cascade_map(metadata)


def with_cascades(tables: Iterable[str]) -> set[str]:
    """`tables` and the tables the database changes by itself when rows of them are deleted
    (`cascade_map`). Conservative: any write to a table counts, not only deletes."""
    if _cascades is None:
        raise RuntimeError("import samklang.models before writing: it registers every table")
    out = set(tables)
    for name in list(out):
        out |= _cascades.get(name, frozenset())
    return out


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """Tell the other processes, in the transaction: PostgreSQL delivers it on commit."""
    if session.bind is None or session.bind.dialect.name != "postgresql":
        return
    session.flush()  # what commit would flush next, so its tables are noted first
    touched = session.info.get(_TOUCHED)
    if touched:
        payload = f"{PROCESS_TAG}:{','.join(sorted(with_cascades(touched)))}"
        notify = text("SELECT pg_notify(:channel, :payload)")
        session.execute(notify, {"channel": CHANNEL, "payload": payload})


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        CHANGES.bump(with_cascades(touched))


def sqlite_files(database_url: str) -> Callable[[], tuple[int, ...]]:
    """For SQLite, where no notification crosses processes: a signature of the database
    file and its write-ahead log (times and sizes), which any commit from any process
    changes. The read cache adds it to its stamp, so a write by another process on the
    same file (the command line, say) makes kept answers stale too."""
    database = make_url(database_url).database or ""
    files = [database, f"{database}-wal"]

    def signature() -> tuple[int, ...]:
        out: list[int] = []
        for name in files:
            try:
                st = os.stat(name)
            except OSError:
                out += (0, 0)
            else:
                out += (st.st_mtime_ns, st.st_size)
        return tuple(out)

    return signature


async def _connect(database_url: str) -> Any:
    """A plain asyncpg connection (LISTEN needs one outside SQLAlchemy's pool)."""
    url = make_url(database_url)
    return await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=5,
    )


def announce_everything(database_url: str) -> None:
    """Tell every API process that anything may have changed (after a migration, which
    writes outside any session). Only PostgreSQL carries it; SQLite's file signature
    changes by itself."""
    if not database_url.startswith("postgresql"):
        return

    async def send() -> None:
        conn = await _connect(database_url)
        try:
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, f"migrate:{EVERYTHING}")
        finally:
            await conn.close()

    asyncio.run(send())


class ChangeListener:
    """LISTENs on PostgreSQL for the other processes' commits, reconnecting when the
    connection is lost. `live` is True only while it is listening."""

    def __init__(self, database_url: str, *, changes: Changes = CHANGES) -> None:
        self.database_url = database_url
        self.changes = changes
        self.live = False
        self.own_tag = PROCESS_TAG  # notifications with this tag are this process's own
        self.backend_pid: int | None = None  # the PostgreSQL backend listening, when live
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self.live = False
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _heard(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        tag, _, tables = payload.partition(":")
        if tag != self.own_tag:
            self.changes.bump(tables.split(",") if tables else [EVERYTHING])

    def _terminated(self, _conn: Any) -> None:
        self.live = False
        self._lost.set()

    async def _watch(self, conn: Any) -> None:
        """Until the connection is lost; a silent loss is found by a ping every few seconds."""
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), PING_SECONDS)
                return
            except TimeoutError:
                pass
            try:
                await asyncio.wait_for(conn.fetchval("SELECT 1"), PING_SECONDS)
            except Exception:  # noqa: BLE001 - no answer: listen again on a new connection
                return

    async def _run(self) -> None:
        delay = 0.2
        while True:
            conn = None
            try:
                conn = await _connect(self.database_url)
                self._lost.clear()
                conn.add_termination_listener(self._terminated)
                await conn.add_listener(CHANNEL, self._heard)
                # Anything may have been written while nobody here was listening.
                self.changes.bump([EVERYTHING])
                self.backend_pid = conn.get_server_pid()
                self.live = True
                delay = 0.2
                await self._watch(conn)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the database is away: try again shortly
                logger.debug("Change listener cannot connect", exc_info=True)
            finally:
                self.live = False
                if conn is not None and not conn.is_closed():
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
