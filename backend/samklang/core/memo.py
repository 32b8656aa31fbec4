"""Small in-memory memos of database reads, each kept with the write counters of the tables
it was read from (core/changes.py) and used only while they are unchanged.

A memo is taken with the counters read *before* the database is asked, so a write that
commits meanwhile leaves it stale at once. Writes in this process bump the counters before
the writing request answers; writes in another process arrive by PostgreSQL's LISTEN/NOTIFY
(`ChangeListener`), and while a process cannot hear its peers (`live()` is False) every memo
is passed by. On SQLite, where nothing carries notifications, the stamp also holds the
signature of the database files (`outside()`), which a commit by any process changes.

The app keeps one `Memos` in `app.state.memos`; the session dependency puts it in the
session's `info`, so code that has only a session (`memos_of(session)`) can use it.
Without one (the command line, the email worker) nothing is remembered.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.changes import CHANGES, Changes

MEMOS = "samklang_memos"
Stamp = tuple[object, ...]
V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key, each with the stamp of `tables` it was read under; at most `size`."""

    def __init__(self, memos: Memos, tables: Sequence[str], size: int = 10_000) -> None:
        self.memos = memos
        self.tables = tuple(tables)
        self.size = size
        self.entries: OrderedDict[Hashable, tuple[Stamp, V]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def stamp(self) -> Stamp | None:
        """The stamp to read under now, or None when memos cannot be trusted."""
        return self.memos.stamp(self.tables)

    def get(self, key: Hashable, stamp: Stamp | None) -> tuple[bool, V | None]:
        if stamp is None:
            return False, None
        entry = self.entries.get(key)
        if entry is None or entry[0] != stamp:
            self.misses += 1
            return False, None
        self.hits += 1
        return True, entry[1]

    def put(self, key: Hashable, stamp: Stamp | None, value: V) -> None:
        if stamp is None:
            return
        self.entries[key] = (stamp, value)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


class Memos:
    def __init__(
        self,
        *,
        live: Callable[[], bool] = lambda: True,
        outside: Callable[[], object] = lambda: None,
        changes: Changes = CHANGES,
    ) -> None:
        self.live = live
        self.outside = outside
        self.changes = changes
        self._memos: dict[str, Memo[object]] = {}

    def stamp(self, tables: Sequence[str]) -> Stamp | None:
        if not self.live():
            return None
        return (self.outside(), *self.changes.stamp(tables))

    def memo(self, name: str, tables: Sequence[str], size: int = 10_000) -> Memo[object]:
        memo = self._memos.get(name)
        if memo is None:
            memo = self._memos[name] = Memo(self, tables, size)
        return memo


def memos_of(session: AsyncSession) -> Memos | None:
    memos = session.info.get(MEMOS)
    return memos if isinstance(memos, Memos) else None
