"""Every kind of content, how to find an item's workspace, level and container, and the
answers derived from that and the rule (access/reader.py):

- `resolve`: the chain of an item (itself, its container, the container's container ...);
- `allows(reader, chain)`: the per-item check; a container caps its children, so an item is
  readable only where every link of its chain is;
- `users_who_may_read(chain)`: the same as a WHERE clause on `User` (notify, live events,
  mentions);
- `readable(reader, kind)`: the same as a WHERE clause on the kind's own table (lists,
  search, the feed), and `readable_ref(reader, type_column, id_column)` for rows that name
  an item by (type, id) (the feed, files, notifications).

Each content domain registers its kinds from its own `access.py` (imported by its package's
`__init__`). A kind nobody registered is refused everywhere (fail closed). Hidden
(moderated) items are read only by their author and the project team, and so are their
children.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, level_users
from samklang.auth.models import Role, User

Ref = tuple[str, str]  # (kind, id)

MAX_DEPTH = 4  # item → container → container's container ...


class UnknownKind(LookupError):
    """A kind nobody registered: refused."""


@dataclass(frozen=True)
class Kind:
    """How to find an item's workspace, level and container, as columns of its table.

    `level` may be any SQL expression giving a level (a CASE for derived levels);
    `container` names the container's kind (a string) or a column holding it (comments:
    their target's type), `container_id` the column with its id. `hidden`/`author`: a
    hidden item is read by its author and the project team only. `gone`: deleted items.
    `title`, `url` and `authors` describe the item where it is a target of comments."""

    name: str
    model: Any
    id: Any
    level: Any
    workspace: Any = None
    container: str | Any | None = None
    container_id: Any = None
    hidden: Any = None
    author: Any = None
    gone: Any = None
    title: Any = None
    format_title: Callable[[str], str] | None = None
    url: Callable[[str, str | None], str | None] | None = None
    authors: Any = None
    # Whether comments and reactions may be about it (and feed items, files, notifications
    # name it by (type, id)).
    commentable: bool = True


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.name] = kind


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None


@dataclass(frozen=True)
class Link:
    """One item of a chain: what decides who reads it."""

    kind: str
    id: str
    workspace_id: str | None
    level: str
    hidden: bool = False
    author_id: str | None = None
    # Description (the item itself, not its container).
    title: str = ""
    url: str | None = None
    authors: tuple[str, ...] = ()


Chain = tuple[Link, ...]


def _col(expr: Any) -> Any:
    return expr if expr is not None else literal(None)


async def _fetch(session: AsyncSession, kind: Kind, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    container_type = (
        literal(kind.container) if isinstance(kind.container, str) else _col(kind.container)
    )
    query = select(
        kind.id,
        _col(kind.workspace),
        kind.level,
        container_type,
        _col(kind.container_id),
        (kind.hidden.is_not(None)) if kind.hidden is not None else literal(False),
        _col(kind.author),
        _col(kind.title),
        _col(kind.authors),
    ).where(kind.id.in_(ids))
    if kind.gone is not None:
        query = query.where(~kind.gone)
    return {row[0]: tuple(row) for row in await session.execute(query)}


async def resolve(session: AsyncSession, refs: Iterable[Ref]) -> dict[Ref, Chain | None]:
    """The chain of each item (None: gone, or of a kind nobody registered)."""
    wanted = list(dict.fromkeys(refs))
    rows: dict[Ref, tuple[Any, ...] | None] = {}
    todo = wanted
    for _ in range(MAX_DEPTH + 1):
        by_kind: dict[str, list[str]] = {}
        for k, i in todo:
            if (k, i) not in rows:
                by_kind.setdefault(k, []).append(i)
        if not by_kind:
            break
        next_todo: list[Ref] = []
        for name, ids in by_kind.items():
            kind = KINDS.get(name)
            found = await _fetch(session, kind, sorted(set(ids))) if kind else {}
            for i in ids:
                row = found.get(i)
                rows[(name, i)] = row
                if row is not None and row[4] is not None:
                    next_todo.append((str(row[3]), str(row[4])))
        todo = next_todo

    def chain(ref: Ref, depth: int) -> Chain | None:
        row = rows.get(ref)
        if row is None or depth > MAX_DEPTH:
            return None
        kind = KINDS[ref[0]]
        _, ws, level, ctype, cid, hidden, author, title, authors = row
        up: Chain = ()
        if cid is not None:
            parent = chain((str(ctype), str(cid)), depth + 1)
            if parent is None:
                return None  # a child of something gone (or unknown) is gone too
            up = parent
            if ws is None:
                ws = parent[0].workspace_id
        text = str(title or "")
        if kind.format_title is not None:
            text = kind.format_title(text)
        link = Link(
            kind=ref[0],
            id=ref[1],
            workspace_id=ws,
            level=str(level),
            hidden=bool(hidden),
            author_id=author,
            title=text,
            url=kind.url(ref[1], cid) if kind.url else None,
            authors=(authors,) if authors else (),
        )
        return (link, *up)

    return {ref: chain(ref, 0) for ref in wanted}


async def resolve_one(session: AsyncSession, kind: str, item_id: str) -> Chain | None:
    return (await resolve(session, [(kind, item_id)]))[(kind, item_id)]


def allows(reader: Reader, chain: Chain | None) -> bool:
    """The per-item check: every link of the chain readable (and not hidden from them)."""
    if chain is None:
        return False
    me = reader.user.id if reader.user else None
    for link in chain:
        if link.hidden and not (reader.is_admin or (me is not None and me == link.author_id)):
            return False
        if not reader.can_read(link.workspace_id, link.level):
            return False
    return True


async def can_read(session: AsyncSession, reader: Reader, kind: str, item_id: str) -> bool:
    return allows(reader, await resolve_one(session, kind, item_id))


def users_who_may_read(chain: Chain | None) -> ColumnElement[bool]:
    """A WHERE clause on `User`: the active users who may read the item of this chain."""
    if chain is None:
        return false()
    clauses: list[ColumnElement[bool]] = [User.is_active.is_(True)]
    for link in chain:
        clauses.append(level_users(link.workspace_id, link.level))
        if link.hidden:
            clauses.append(
                or_(User.role == Role.admin.value, User.id == (link.author_id or literal(None)))
            )
    return and_(*clauses)


def readable(reader: Reader, name: str, depth: int = 0) -> ColumnElement[bool]:
    """A WHERE clause on the kind's table selecting the items this reader may read, their
    containers capping them."""
    kind = KINDS.get(name)
    if kind is None or depth > MAX_DEPTH:
        return false()
    clauses: list[ColumnElement[bool]] = []
    if kind.gone is not None:
        clauses.append(~kind.gone)
    if not reader.is_admin:
        workspace = kind.workspace if kind.workspace is not None else literal(None)
        clauses.append(reader.filter(workspace, kind.level))
        if kind.hidden is not None:
            me = reader.user.id if reader.user else None
            clauses.append(
                or_(kind.hidden.is_(None), kind.author == me) if me else kind.hidden.is_(None)
            )
    if kind.container_id is not None:
        if isinstance(kind.container, str):
            clauses.append(_in_readable(reader, kind.container, kind.container_id, depth + 1))
        else:
            clauses.append(readable_ref(reader, kind.container, kind.container_id, depth + 1))
    return and_(true(), *clauses)


def _in_readable(reader: Reader, name: str, id_column: Any, depth: int) -> ColumnElement[bool]:
    kind = KINDS.get(name)
    if kind is None:
        return false()
    # A correlated EXISTS (an index look-up per outer row); the kind's own table is never
    # correlated to an outer query that reads the same table.
    return (
        select(kind.id)
        .where(kind.id == id_column, readable(reader, name, depth))
        .correlate_except(kind.model)
        .exists()
    )


def checked_by_row(name: str) -> bool:
    """Whether a copy of an item's workspace and level (a feed row kept in sync by the
    publish contract) is enough to decide who reads it: not for items with a container,
    a hidden state or a deleted state, which `readable_ref` must look up."""
    kind = KINDS.get(name)
    return (
        kind is not None and kind.container_id is None and kind.hidden is None and kind.gone is None
    )


def readable_copy(reader: Reader, type_column: Any, id_column: Any) -> ColumnElement[bool]:
    """For rows that copy an item's workspace and level (the feed): the kinds whose copy
    decides alone pass as they are (their level is filtered on the row), the others are
    looked up (`readable_ref`), and a kind nobody registered is refused."""
    plain = sorted(name for name in KINDS if checked_by_row(name))
    looked_up = sorted(
        name for name, kind in KINDS.items() if kind.commentable and not checked_by_row(name)
    )
    return or_(
        type_column.in_(plain),
        readable_ref(reader, type_column, id_column, kinds=looked_up),
    )


def readable_ref(
    reader: Reader,
    type_column: Any,
    id_column: Any,
    depth: int = 0,
    kinds: Iterable[str] | None = None,
) -> ColumnElement[bool]:
    """A WHERE clause on rows naming an item by (type, id): the item is readable. Rows
    naming a kind nobody registered are refused."""
    # By default any kind but comments (nothing names a comment as its container).
    default = {name for name, kind in KINDS.items() if kind.commentable}
    names = sorted(default if kinds is None else set(kinds) & set(KINDS))
    return or_(
        false(),
        *(
            and_(type_column == name, _in_readable(reader, name, id_column, depth))
            for name in names
        ),
    )
