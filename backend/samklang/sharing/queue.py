"""The mentor queue: cycles, entries and measures in a mentor's workspaces that are new or
changed since the mentor last marked them seen, oldest waiting first (the project team sees
every workspace). One query for the page, whatever its length."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, exists, literal, null, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import Role, User
from samklang.core.db import utcnow
from samklang.core.errors import Forbidden
from samklang.core.pagination import PageParams, after, encode_cursor, time_cursor
from samklang.learning.models import Cycle, Entry, Measure
from samklang.network.models import Workspace, WorkspaceMentor
from samklang.sharing.notification_models import MentorSeen
from samklang.sharing.notification_schemas import QueueItem, QueuePage, SeenIn


def require_mentor(user: User) -> None:
    if user.role not in (Role.mentor.value, Role.admin.value):
        raise Forbidden("Only mentors and the project team have a mentor queue")


def _items(
    user: User,
    workspace_ids: list[str] | None,
    cursor: tuple[Any, str] | None = None,
    limit: int | None = None,
) -> Any:
    """What waits for this user: in these workspaces (None: every workspace), not seen since
    it last changed. Each table's branch is cut to the page on its own (in its
    (updated_at, id) index order), so a page never sorts a whole table."""
    me = user.id
    cycles = select(
        literal("cycle", String).label("type"),
        Cycle.id.label("id"),
        Cycle.workspace_id.label("workspace_id"),
        Cycle.title.label("title"),
        null().label("parent_id"),
        Cycle.updated_at.label("updated_at"),
    ).where(or_(Cycle.updated_by_id.is_(None), Cycle.updated_by_id != me))
    # The entry's title is its cycle's, looked up for the page afterwards: a join here would
    # keep PostgreSQL from reading the branches in index order.
    entries = select(
        literal("entry", String).label("type"),
        Entry.id.label("id"),
        Entry.workspace_id.label("workspace_id"),
        literal("", String).label("title"),
        Entry.cycle_id.label("parent_id"),
        Entry.updated_at.label("updated_at"),
    ).where(or_(Entry.author_id.is_(None), Entry.author_id != me))
    measures = select(
        literal("measure", String).label("type"),
        Measure.id.label("id"),
        Measure.workspace_id.label("workspace_id"),
        Measure.name.label("title"),
        null().label("parent_id"),
        Measure.updated_at.label("updated_at"),
    )
    parts: list[Any] = []
    for name, model, part in (
        ("cycle", Cycle, cycles),
        ("entry", Entry, entries),
        ("measure", Measure, measures),
    ):
        if workspace_ids is not None:
            # A literal list (not a subquery): the planner then reads each table through
            # its workspace index instead of scanning it whole.
            part = part.where(model.workspace_id.in_(workspace_ids))
        part = part.where(
            ~exists().where(
                MentorSeen.mentor_id == me,
                MentorSeen.item_type == name,
                MentorSeen.item_id == model.id,
                MentorSeen.seen_at >= model.updated_at,
            )
        )
        if cursor is not None:
            part = part.where(after((model.updated_at, model.id), cursor))
        if limit is not None:
            part = part.order_by(model.updated_at, model.id).limit(limit)
        sub = part.subquery()
        parts.append(select(*sub.c))
    return union_all(*parts).subquery("queue_items")


def _url(item_type: str, item_id: str, parent_id: str | None) -> str:
    if item_type == "entry":
        return f"/cycles/{parent_id}#entry-{item_id}"
    return f"/{item_type}s/{item_id}"


async def mentor_queue(session: AsyncSession, user: User, page: PageParams) -> QueuePage:
    require_mentor(user)
    workspace_ids = None
    if user.role != Role.admin.value:
        workspace_ids = sorted(
            await session.scalars(
                select(WorkspaceMentor.workspace_id).where(WorkspaceMentor.user_id == user.id)
            )
        )
        if not workspace_ids:
            return QueuePage(items=[])
    cursor = time_cursor(page.after)
    items = _items(user, workspace_ids, cursor, page.limit + 1)
    seen = MentorSeen
    query = (
        select(items, Workspace.name.label("workspace_name"), seen.seen_at)
        .join(Workspace, Workspace.id == items.c.workspace_id)
        .outerjoin(
            seen,
            and_(
                seen.mentor_id == user.id,
                seen.item_type == items.c.type,
                seen.item_id == items.c.id,
            ),
        )
        .order_by(items.c.updated_at, items.c.id)
        .limit(page.limit + 1)
    )
    rows = (await session.execute(query)).all()
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    cycle_ids = sorted({r.parent_id for r in rows if r.type == "entry"})
    titles: dict[str, str] = {}
    if cycle_ids:
        titles = {
            cid: title
            for cid, title in await session.execute(
                select(Cycle.id, Cycle.title).where(Cycle.id.in_(cycle_ids))
            )
        }
    now = utcnow()
    out: list[QueueItem] = []
    for row in rows:
        waiting_since = row.updated_at
        if waiting_since.tzinfo is None:  # SQLite through a union loses the column type
            from datetime import UTC

            waiting_since = waiting_since.replace(tzinfo=UTC)
        out.append(
            QueueItem(
                type=row.type,
                id=row.id,
                kind="changed" if row.seen_at is not None else "new",
                workspace_id=row.workspace_id,
                workspace_name=row.workspace_name,
                title=titles.get(row.parent_id, "") if row.type == "entry" else row.title,
                url=_url(row.type, row.id, row.parent_id),
                waiting_since=waiting_since,
                waited_seconds=max(0, int((now - waiting_since).total_seconds())),
            )
        )
    next_cursor = None
    if more and out:
        last = out[-1]
        next_cursor = encode_cursor([last.waiting_since.isoformat(), last.id])
    return QueuePage(items=out, next_cursor=next_cursor)


async def mark_seen(session: AsyncSession, user: User, data: SeenIn) -> None:
    require_mentor(user)
    now = utcnow()
    keys = {(i.type, i.id) for i in data.items}
    existing = {
        (row.item_type, row.item_id): row
        for row in await session.scalars(
            select(MentorSeen).where(
                MentorSeen.mentor_id == user.id,
                MentorSeen.item_id.in_(sorted({k[1] for k in keys})),
            )
        )
    }
    for key in sorted(keys):
        row = existing.get(key)
        if row is None:
            session.add(
                MentorSeen(mentor_id=user.id, item_type=key[0], item_id=key[1], seen_at=now)
            )
        else:
            row.seen_at = now
    await session.flush()
