"""Comments on any target, one level of replies, @mentions, private mentor comments.
No HTTP, no commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.auth.models import User
from samklang.core.db import utcnow
from samklang.core.errors import (
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from samklang.core.markdown import render
from samklang.core.pagination import encode_cursor, time_cursor
from samklang.network.models import Membership
from samklang.sharing import events, notify, targets
from samklang.sharing.common import (
    _names,
    _private_filter,
    _require_author_or_admin,
    _user_id,
    readable_target,
)
from samklang.sharing.models import (
    Comment,
    CommentMention,
)
from samklang.sharing.schemas import (
    CommentCreate,
    CommentOut,
    CommentPage,
    CommentUpdate,
    Person,
)
from samklang.sharing.targets import Target
from samklang.sharing.text import excerpt_of


def _sees_private(reader: Reader, comment: Comment) -> bool:
    return not comment.private or reader.can_read(comment.workspace_id, Visibility.workspace.value)


def _comment_out(
    c: Comment,
    reader: Reader,
    names: dict[str, str],
    mentions: dict[str, list[str]],
    replies: list[CommentOut] | None = None,
) -> CommentOut:
    me = reader.user.id if reader.user else None
    own = me is not None and me == c.author_id
    deleted = c.deleted_at is not None
    hidden = c.hidden_at is not None
    sees_text = not deleted and (not hidden or own or reader.is_admin)
    body = c.body if sees_text else ""
    return CommentOut(
        id=c.id,
        target_type=c.target_type,
        target_id=c.target_id,
        parent_id=c.parent_id,
        author_id=None if deleted else c.author_id,
        author_name=None if deleted else names.get(c.author_id or ""),
        body=body,
        body_html=render(body) if body else "",
        private=c.private,
        mentions=[
            Person(id=u, name=names.get(u, ""))
            for u in (mentions.get(c.id, []) if sees_text else [])
        ],
        created_at=c.created_at,
        edited_at=c.edited_at,
        deleted=deleted,
        hidden=hidden,
        hidden_reason=c.hidden_reason if hidden and (own or reader.is_admin) else None,
        can_edit=own and not deleted,
        can_delete=(own or reader.is_admin) and not deleted,
        replies=replies or [],
    )


async def _mentions_of(session: AsyncSession, comment_ids: list[str]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = defaultdict(list)
    if not comment_ids:
        return result
    rows = await session.execute(
        select(CommentMention.comment_id, CommentMention.user_id).where(
            CommentMention.comment_id.in_(comment_ids)
        )
    )
    for cid, uid in rows:
        result[cid].append(uid)
    return result


def can_comment_privately(reader: Reader, target: Target) -> bool:
    if reader.is_admin:
        return True
    return target.workspace_id is not None and target.workspace_id in reader.mentor_of


async def list_comments(
    session: AsyncSession,
    reader: Reader,
    target_type: str,
    target_id: str,
    *,
    limit: int,
    after: list[Any] | None,
) -> CommentPage:
    """Top-level comments oldest first (keyset), each with its replies."""
    target = await readable_target(session, reader, target_type, target_id)
    visible = and_(
        Comment.target_type == target.type, Comment.target_id == target.id, _private_filter(reader)
    )
    query = select(Comment).where(visible, Comment.parent_id.is_(None))
    cursor = time_cursor(after)
    if cursor is not None:
        at, last_id = cursor
        query = query.where(
            Comment.created_at >= at, or_(Comment.created_at > at, Comment.id > last_id)
        )
    rows = list(
        await session.scalars(query.order_by(Comment.created_at, Comment.id).limit(limit + 1))
    )
    page, more = rows[:limit], len(rows) > limit
    replies = (
        list(
            await session.scalars(
                select(Comment)
                .where(
                    visible,
                    Comment.parent_id.in_([c.id for c in page]),
                    Comment.deleted_at.is_(None),
                )
                .order_by(Comment.created_at, Comment.id)
            )
        )
        if page
        else []
    )
    count = await session.scalar(
        select(func.count()).select_from(Comment).where(visible, Comment.deleted_at.is_(None))
    )
    everything = page + replies
    mentions = await _mentions_of(session, [c.id for c in everything])
    names = await _names(
        session,
        [c.author_id for c in everything] + [u for us in mentions.values() for u in us],
    )
    by_parent: dict[str, list[CommentOut]] = defaultdict(list)
    for r in replies:
        by_parent[r.parent_id or ""].append(_comment_out(r, reader, names, mentions))
    items = [
        _comment_out(c, reader, names, mentions, by_parent.get(c.id))
        for c in page
        if c.deleted_at is None or by_parent.get(c.id)
    ]
    return CommentPage(
        items=items,
        next_cursor=encode_cursor([page[-1].created_at.isoformat(), page[-1].id]) if more else None,
        count=int(count or 0),
        can_comment=reader.user is not None,
        can_comment_privately=reader.user is not None and can_comment_privately(reader, target),
    )


async def _readable_ids(
    session: AsyncSession, ids: Sequence[str], target: Target, *, private: bool
) -> list[str]:
    """Those of `ids` who may read the target (or the private comment on it)."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    rows = await session.scalars(
        select(User.id).where(
            User.id.in_(wanted),
            targets.readers_clause(target, private=private),
        )
    )
    found = set(rows)
    return [i for i in dict.fromkeys(ids) if i in found]


async def _one_comment(session: AsyncSession, reader: Reader, comment: Comment) -> CommentOut:
    mentions = await _mentions_of(session, [comment.id])
    names = await _names(session, [comment.author_id, *mentions.get(comment.id, [])])
    return _comment_out(comment, reader, names, mentions)


async def create_comment(session: AsyncSession, reader: Reader, data: CommentCreate) -> CommentOut:
    user_id = _user_id(reader)
    target = await readable_target(session, reader, data.target_type, data.target_id)
    private = data.private
    parent: Comment | None = None
    if data.parent_id:
        parent = await session.get(Comment, data.parent_id)
        if (
            parent is None
            or parent.target_type != target.type
            or parent.target_id != target.id
            or not _sees_private(reader, parent)
        ):
            raise NotFound("No such comment")
        if parent.parent_id is not None:
            raise ValidationFailed(
                "Replies go one level deep",
                errors=[FieldError(field="parent_id", message="Reply to a top-level comment")],
            )
        if parent.deleted_at is not None:
            raise ValidationFailed(
                errors=[FieldError(field="parent_id", message="The comment was deleted")]
            )
        if parent.private:
            private = True  # a reply to a private comment stays with the team
    if private and not (
        (parent is not None and parent.private) or can_comment_privately(reader, target)
    ):
        raise Forbidden("Only the workspace's mentors and the project team comment privately")
    comment = Comment(
        target_type=target.type,
        target_id=target.id,
        workspace_id=target.workspace_id,
        parent_id=parent.id if parent else None,
        author_id=user_id,
        body=data.body,
        private=private,
        created_at=utcnow(),
    )
    session.add(comment)
    await session.flush()
    mentioned = await _store_mentions(session, comment, target, data.mentions, user_id)
    await _tell(session, reader, comment, target, parent, mentioned)
    return await _one_comment(session, reader, comment)


async def _store_mentions(
    session: AsyncSession, comment: Comment, target: Target, ids: Sequence[str], me: str
) -> list[str]:
    """Keep the mentions of people who may read the comment; drop the rest silently."""
    keep = await _readable_ids(
        session, [i for i in ids if i != me], target, private=comment.private
    )
    session.add_all(CommentMention(comment_id=comment.id, user_id=u) for u in keep)
    await session.flush()
    return keep


async def _tell(
    session: AsyncSession,
    reader: Reader,
    comment: Comment,
    target: Target,
    parent: Comment | None,
    mentioned: list[str],
) -> None:
    """Notify (one notification per person, the most specific kind) and push the comment."""
    assert reader.user is not None
    me = reader.user.id
    kinds: dict[str, str] = {}
    for u in mentioned:
        kinds.setdefault(u, "mention")
    if parent is not None and parent.author_id:
        kinds.setdefault(parent.author_id, "reply")
    if (
        target.workspace_id is not None
        and target.workspace_id in reader.mentor_of
        and parent is None
    ):
        members = await session.scalars(
            select(Membership.user_id).where(Membership.workspace_id == target.workspace_id)
        )
        for u in members:
            kinds.setdefault(u, "mentor_feedback")
    for u in target.author_ids:
        kinds.setdefault(u, "comment")
    kinds.pop(me, None)
    allowed = set(await _readable_ids(session, list(kinds), target, private=comment.private))
    by_kind: dict[str, list[str]] = defaultdict(list)
    for u, kind in kinds.items():
        if u in allowed:
            by_kind[kind].append(u)
    url = target.url
    if url is not None:
        url = f"{url.split('#', 1)[0]}#comment-{comment.id}"
    for kind, recipients in by_kind.items():
        await notify.notify(
            session,
            recipients=recipients,
            kind=kind,
            actor_id=me,
            target_type=target.type,
            target_id=target.id,
            workspace_id=target.workspace_id,
            title=target.title,
            text=excerpt_of(comment.body, 200),
            url=url,
            comment_id=comment.id,
        )
    readers = await session.scalars(
        select(User.id).where(targets.readers_clause(target, private=comment.private))
    )
    events.after_commit(
        session,
        list(readers),
        "comment",
        {
            "id": comment.id,
            "target_type": target.type,
            "target_id": target.id,
            "parent_id": comment.parent_id,
        },
    )


async def _own_comment(
    session: AsyncSession, reader: Reader, comment_id: str
) -> tuple[Comment, Target]:
    _user_id(reader)
    comment = await session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None or not _sees_private(reader, comment):
        raise NotFound("No such comment")
    target = await targets.resolve(session, comment.target_type, comment.target_id)
    if target is None or not targets.can_read(reader, target):
        raise NotFound("No such comment")
    return comment, target


async def update_comment(
    session: AsyncSession, reader: Reader, comment_id: str, data: CommentUpdate
) -> CommentOut:
    comment, target = await _own_comment(session, reader, comment_id)
    me = _user_id(reader)
    if comment.author_id != me:
        raise Forbidden("Only its author edits a comment")
    comment.body = data.body
    comment.edited_at = utcnow()
    if data.mentions is not None:
        old = set((await _mentions_of(session, [comment.id])).get(comment.id, []))
        await session.execute(delete(CommentMention).where(CommentMention.comment_id == comment.id))
        keep = await _store_mentions(session, comment, target, data.mentions, me)
        new = [u for u in keep if u not in old]
        if new:
            await notify.notify(
                session,
                recipients=new,
                kind="mention",
                actor_id=me,
                target_type=target.type,
                target_id=target.id,
                workspace_id=target.workspace_id,
                title=target.title,
                text=excerpt_of(comment.body, 200),
                url=target.url,
                comment_id=comment.id,
            )
    await session.flush()
    return await _one_comment(session, reader, comment)


async def delete_comment(session: AsyncSession, reader: Reader, comment_id: str) -> None:
    comment, _ = await _own_comment(session, reader, comment_id)
    _require_author_or_admin(reader, comment.author_id)
    comment.deleted_at = utcnow()
    await record(
        session,
        "comment.deleted",
        actor=reader.user,
        target_type="comment",
        target_id=comment.id,
        workspace_id=comment.workspace_id,
        details={
            "on": f"{comment.target_type}:{comment.target_id}",
            "by_author": reader.user is not None and reader.user.id == comment.author_id,
        },
    )
    await session.flush()


async def mentionable(
    session: AsyncSession,
    reader: Reader,
    target_type: str,
    target_id: str,
    q: str,
    *,
    private: bool,
    limit: int = 20,
) -> list[Person]:
    """People who may read the target (or a private comment on it) whose name matches."""
    me = _user_id(reader)
    target = await readable_target(session, reader, target_type, target_id)
    query = select(User.id, User.name).where(
        targets.readers_clause(target, private=private),
        User.id != me,
        User.deleted_at.is_(None),
    )
    if q.strip():
        query = query.where(func.lower(User.name).contains(q.strip().lower(), autoescape=True))
    rows = await session.execute(query.order_by(User.name, User.id).limit(limit))
    return [Person(id=i, name=n) for i, n in rows]
