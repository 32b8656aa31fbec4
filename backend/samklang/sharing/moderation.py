"""Moderation: reports of comments and posts, and hiding them.
No HTTP, no commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.access.registry import can_read
from samklang.audit.service import record
from samklang.core.db import utcnow
from samklang.core.errors import (
    NotFound,
)
from samklang.core.pagination import encode_cursor, time_cursor
from samklang.network.schemas import Page
from samklang.sharing import feed, notify, targets
from samklang.sharing.common import (
    _names,
    _user_id,
)
from samklang.sharing.models import (
    Comment,
    ContentReport,
    Post,
)
from samklang.sharing.schemas import (
    HideIn,
    ModerationReportIn,
    ModerationReportOut,
)
from samklang.sharing.text import excerpt_of, post_title


async def _reportable(
    session: AsyncSession, reader: Reader, target_type: str, target_id: str
) -> Comment | Post:
    """The comment or post, if the caller may read it (the access module decides: a private
    comment, a hidden item, a narrowed container)."""
    found: Comment | Post | None = (
        await session.get(Post, target_id)
        if target_type == "post"
        else await session.get(Comment, target_id)
    )
    if found is None or not await can_read(session, reader, target_type, target_id):
        raise NotFound("No such item")
    return found


async def report(
    session: AsyncSession, reader: Reader, data: ModerationReportIn
) -> ModerationReportOut:
    me = _user_id(reader)
    found = await _reportable(session, reader, data.target_type, data.target_id)
    row = ContentReport(
        target_type=data.target_type,
        target_id=found.id,
        reporter_id=me,
        reason=data.reason,
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    names = await _names(session, [me, found.author_id])
    out = _report_out(row, names, found)
    if found.hidden_at is not None:  # hidden content's text goes to its author only
        out.excerpt = ""
    return out


def _report_out(
    row: ContentReport, names: dict[str, str], found: Comment | Post | None
) -> ModerationReportOut:
    return ModerationReportOut(
        id=row.id,
        target_type=row.target_type,
        target_id=row.target_id,
        reporter_id=row.reporter_id,
        reporter_name=names.get(row.reporter_id or ""),
        reason=row.reason,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        excerpt=excerpt_of(found.body, 500) if found is not None else "",
        author_id=found.author_id if found is not None else None,
        author_name=names.get(found.author_id or "") if found is not None else None,
        hidden=found is not None and found.hidden_at is not None,
    )


async def list_reports(
    session: AsyncSession, *, limit: int, after: list[Any] | None
) -> Page[ModerationReportOut]:
    """Newest first; open ones and resolved ones alike (`resolved_at` tells them apart)."""
    query = select(ContentReport)
    cursor = time_cursor(after)
    if cursor is not None:
        at, last_id = cursor
        query = query.where(
            ContentReport.created_at <= at,
            or_(ContentReport.created_at < at, ContentReport.id < last_id),
        )
    rows = list(
        await session.scalars(
            query.order_by(ContentReport.created_at.desc(), ContentReport.id.desc()).limit(
                limit + 1
            )
        )
    )
    page, more = rows[:limit], len(rows) > limit
    comment_ids = [r.target_id for r in page if r.target_type == "comment"]
    post_ids = [r.target_id for r in page if r.target_type == "post"]
    found: dict[tuple[str, str], Comment | Post] = {}
    if comment_ids:
        for c in await session.scalars(select(Comment).where(Comment.id.in_(comment_ids))):
            found[("comment", c.id)] = c
    if post_ids:
        for p in await session.scalars(select(Post).where(Post.id.in_(post_ids))):
            found[("post", p.id)] = p
    names = await _names(
        session,
        [r.reporter_id for r in page] + [f.author_id for f in found.values()],
    )
    return Page[ModerationReportOut](
        items=[_report_out(r, names, found.get((r.target_type, r.target_id))) for r in page],
        next_cursor=encode_cursor([page[-1].created_at.isoformat(), page[-1].id]) if more else None,
    )


async def hide(session: AsyncSession, reader: Reader, data: HideIn) -> None:
    """The project team hides a comment or post; the author is told why."""
    me = _user_id(reader)
    found: Comment | Post | None
    if data.target_type == "post":
        found = await session.get(Post, data.target_id)
    else:
        found = await session.get(Comment, data.target_id)
    if found is None or found.deleted_at is not None:
        raise NotFound("No such item")
    now = utcnow()
    found.hidden_at = now
    found.hidden_reason = data.reason
    await record(
        session,
        "moderation.hidden",
        actor=me,
        target_type=data.target_type,
        target_id=found.id,
        details={"reason": data.reason},
    )
    await session.execute(
        update(ContentReport)
        .where(
            ContentReport.target_type == data.target_type,
            ContentReport.target_id == found.id,
            ContentReport.resolved_at.is_(None),
        )
        .values(resolved_at=now)
    )
    await session.flush()
    if isinstance(found, Post):
        await feed.withdraw(session, source_type="post", source_id=found.id)
        url: str | None = f"/posts/{found.id}"
        workspace_id: str | None = found.workspace_id
        title = post_title(found.body)
    else:
        target = await targets.resolve(session, found.target_type, found.target_id)
        url = f"{target.url.split('#', 1)[0]}#comment-{found.id}" if target and target.url else None
        workspace_id = found.workspace_id
        title = target.title if target else ""
    if found.author_id:
        await notify.notify(
            session,
            recipients=[found.author_id],
            kind="moderation",
            actor_id=me,
            target_type=data.target_type,
            target_id=found.id,
            workspace_id=workspace_id,
            title=title,
            text=data.reason,
            url=url,
        )
