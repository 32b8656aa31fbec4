"""The rules of sharing: the feed, posts, follows, comments, reactions and moderation.
No HTTP, no commit. Who reads what follows network/visibility.py through sharing/targets.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, and_, delete, func, literal, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.service import record
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.atomic import insert_ignore
from samklang.core.db import utcnow
from samklang.core.errors import (
    AppError,
    FieldError,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ReadOnly,
    ValidationFailed,
)
from samklang.core.markdown import render
from samklang.core.pagination import encode_cursor, time_cursor
from samklang.files import service as files_service
from samklang.files.router import FileOut
from samklang.network import service as network_service
from samklang.network.models import Workspace, WorkspaceStatus
from samklang.network.schemas import Page
from samklang.network.visibility import Reader, Visibility
from samklang.sharing import events, feed, notify, targets
from samklang.sharing.models import (
    Comment,
    CommentMention,
    ContentReport,
    FeedItem,
    FeedItemTopic,
    Post,
    Reaction,
    ReactionKind,
    TopicFollow,
    WorkspaceFollow,
)
from samklang.sharing.notification_models import MentorSeen, Notification, NotificationSetting
from samklang.sharing.schemas import (
    CommentCreate,
    CommentOut,
    CommentPage,
    CommentUpdate,
    FeedItemOut,
    FollowedTopic,
    FollowedWorkspace,
    Follows,
    HideIn,
    ModerationReportIn,
    ModerationReportOut,
    Person,
    PostCreate,
    PostOut,
    PostUpdate,
    ReactionCounts,
    ReactionIn,
    ReactionsOut,
    Reactor,
)
from samklang.sharing.targets import Target


class StaleVersion(AppError):
    status, code, title = 409, "conflict", "Changed by someone else"

    def __init__(self, current: PostOut) -> None:
        super().__init__(
            "Someone else saved a newer version; compare and save again",
            extra={"current": current.model_dump(mode="json")},
        )


def _user_id(reader: Reader) -> str:
    if reader.user is None:
        raise NotAuthenticated()
    return reader.user.id


async def _names(session: AsyncSession, ids: Sequence[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, display_name()).where(User.id.in_(wanted)))
    return {r[0]: r[1] for r in rows}


# Targets


async def readable_target(
    session: AsyncSession, reader: Reader, target_type: str, target_id: str
) -> Target:
    if target_type not in targets.RESOLVERS:
        raise ValidationFailed(
            errors=[FieldError(field="target_type", message="Unknown target type")]
        )
    target = await targets.resolve(session, target_type, target_id)
    if target is None or not targets.can_read(reader, target.workspace_id, target.visibility):
        raise NotFound("No such item")
    return target


# The feed


# Every table a feed request reads (the caller's sign-in and user, their memberships and
# mentorships, the page): the read cache keeps a feed page until one of them is written to.
FEED_TABLES = (
    "users",
    "refresh_tokens",
    "memberships",
    "workspace_mentors",
    "workspaces",
    "feed_items",
    "feed_item_topics",
    "comments",
    "reactions",
    "workspace_follows",
    "topic_follows",
)


async def get_feed(
    session: AsyncSession,
    reader: Reader,
    *,
    following: bool,
    workspace_id: str | None,
    topic: str | None,
    kind: str | None,
    limit: int,
    after: list[Any] | None,
) -> Page[FeedItemOut]:
    """Newest first, only what the caller may read, keyset over (created_at, id). One
    query: topics, comment and reaction counts are correlated subqueries, computed only for
    the rows of the page."""
    me = reader.user.id if reader.user else None
    same = (Reaction.target_type == FeedItem.source_type, Reaction.target_id == FeedItem.source_id)

    def reacted(kind: str) -> Any:
        return (
            select(func.count())
            .select_from(Reaction)
            .where(*same, Reaction.kind == kind)
            .correlate(FeedItem)
            .scalar_subquery()
        )

    query = (
        select(
            FeedItem,
            Workspace.name,
            display_name(),
            select(func.aggregate_strings(FeedItemTopic.topic, "\n"))
            .where(FeedItemTopic.feed_item_id == FeedItem.id)
            .correlate(FeedItem)
            .scalar_subquery(),
            select(func.count())
            .select_from(Comment)
            .where(
                Comment.target_type == FeedItem.source_type,
                Comment.target_id == FeedItem.source_id,
                Comment.deleted_at.is_(None),
                _private_filter(reader),
            )
            .correlate(FeedItem)
            .scalar_subquery(),
            reacted(ReactionKind.useful.value),
            reacted(ReactionKind.inspiring.value),
            (
                select(func.aggregate_strings(Reaction.kind, "\n"))
                .where(*same, Reaction.user_id == me)
                .correlate(FeedItem)
                .scalar_subquery()
                if me
                else literal(None, String())
            ),
        )
        .outerjoin(Workspace, Workspace.id == FeedItem.workspace_id)
        .outerjoin(User, User.id == FeedItem.author_id)
        .where(reader.filter(FeedItem.workspace_id, FeedItem.visibility))
    )
    if following:
        user_id = _user_id(reader)
        inside = sorted(reader.member_of | reader.mentor_of)
        query = query.where(
            or_(
                FeedItem.workspace_id.in_(
                    select(WorkspaceFollow.workspace_id).where(WorkspaceFollow.user_id == user_id)
                ),
                FeedItem.workspace_id.in_(inside),
                FeedItem.id.in_(
                    select(FeedItemTopic.feed_item_id).where(
                        FeedItemTopic.topic.in_(
                            select(TopicFollow.topic).where(TopicFollow.user_id == user_id)
                        )
                    )
                ),
            )
        )
    if workspace_id:
        query = query.where(FeedItem.workspace_id == workspace_id)
    if topic:
        query = query.join(
            FeedItemTopic,
            and_(
                FeedItemTopic.feed_item_id == FeedItem.id,
                FeedItemTopic.topic == feed.normalise_topic(topic),
            ),
        )
    if kind:
        query = query.where(FeedItem.kind == kind)
    cursor = time_cursor(after)
    if cursor is not None:
        at, last_id = cursor
        # Index-friendly on both databases: a range on created_at, then the tie-break.
        query = query.where(
            FeedItem.created_at <= at,
            or_(FeedItem.created_at < at, FeedItem.id < last_id),
        )
    query = query.order_by(FeedItem.created_at.desc(), FeedItem.id.desc()).limit(limit + 1)
    rows = list((await session.execute(query)).all())
    page, more = rows[:limit], len(rows) > limit
    items = [r[0] for r in page]
    out = [
        FeedItemOut(
            id=i.id,
            kind=i.kind,
            source_type=i.source_type,
            source_id=i.source_id,
            workspace_id=i.workspace_id,
            workspace_name=ws_name,
            visibility=Visibility(i.visibility),
            title=i.title,
            excerpt=i.excerpt,
            author_id=i.author_id,
            author_name=author_name,
            topics=sorted(topics.split("\n")) if topics else [],
            url=i.url,
            created_at=i.created_at,
            updated_at=i.updated_at,
            comment_count=int(comments or 0),
            reactions=ReactionCounts(useful=int(useful or 0), inspiring=int(inspiring or 0)),
            my_reactions=sorted(
                ReactionKind(k)
                for k in set((mine or "").split("\n"))
                if k in ReactionKind.__members__
            ),
        )
        for i, ws_name, author_name, topics, comments, useful, inspiring, mine in page
    ]
    last = items[-1] if items else None
    return Page[FeedItemOut](
        items=out,
        next_cursor=encode_cursor([last.created_at.isoformat(), last.id])
        if more and last
        else None,
    )


def _private_filter(reader: Reader) -> Any:
    """Comments the reader may see as far as `private` goes."""
    if reader.is_admin:
        return true()
    inside = sorted(reader.member_of | reader.mentor_of)
    return or_(Comment.private.is_(False), Comment.workspace_id.in_(inside))


# Posts


def _require_write(reader: Reader, workspace: Workspace) -> None:
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members post here")
    if workspace.status == WorkspaceStatus.withdrawn.value and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")


async def _post_out(session: AsyncSession, reader: Reader, post: Post) -> PostOut:
    workspace = await session.get(Workspace, post.workspace_id)
    names = await _names(session, [post.author_id])
    files = await files_service.attached_to(session, "post", [post.id])
    me = reader.user.id if reader.user else None
    sees_text = post.hidden_at is None or reader.is_admin or (me and me == post.author_id)
    body = post.body if sees_text else ""
    return PostOut(
        id=post.id,
        workspace_id=post.workspace_id,
        workspace_name=workspace.name if workspace else "",
        author_id=post.author_id,
        author_name=names.get(post.author_id or ""),
        body=body,
        body_html=render(body),
        visibility=Visibility(post.visibility),
        topics=list(post.topics or []),
        files=[FileOut(**files_service.file_out(f)) for f in files.get(post.id, [])]
        if sees_text
        else [],
        hidden=post.hidden_at is not None,
        hidden_reason=post.hidden_reason if post.hidden_at and sees_text else None,
        version=post.version,
        created_at=post.created_at,
        updated_at=post.updated_at,
        can_edit=bool(me and (reader.is_admin or me == post.author_id)),
    )


async def _publish_post(session: AsyncSession, post: Post) -> None:
    if post.hidden_at is not None or post.deleted_at is not None:
        await feed.withdraw(session, source_type="post", source_id=post.id)
        return
    await feed.publish(
        session,
        kind="post",
        source_type="post",
        source_id=post.id,
        workspace_id=post.workspace_id,
        visibility=post.visibility,
        title=targets.post_title(post.body),
        excerpt=post.body,
        author_id=post.author_id,
        topics=post.topics or [],
        url=f"/posts/{post.id}",
    )


async def create_post(session: AsyncSession, reader: Reader, data: PostCreate) -> PostOut:
    user_id = _user_id(reader)
    workspace = await network_service.get_workspace(session, data.workspace_id)
    _require_write(reader, workspace)
    post = Post(
        workspace_id=workspace.id,
        author_id=user_id,
        body=data.body,
        visibility=data.visibility.value,
        topics=feed.normalise_topics(data.topics),
        version=1,
    )
    session.add(post)
    await session.flush()
    if data.file_id:
        assert reader.user is not None
        await files_service.attach(session, reader.user, [data.file_id], "post", post.id)
    await _publish_post(session, post)
    return await _post_out(session, reader, post)


async def _readable_post(session: AsyncSession, reader: Reader, post_id: str) -> Post:
    post = await session.get(Post, post_id)
    if (
        post is None
        or post.deleted_at is not None
        or not reader.can_read(post.workspace_id, post.visibility)
    ):
        raise NotFound("No such post")
    return post


async def get_post(session: AsyncSession, reader: Reader, post_id: str) -> PostOut:
    return await _post_out(session, reader, await _readable_post(session, reader, post_id))


def _require_author_or_admin(reader: Reader, author_id: str | None) -> None:
    me = _user_id(reader)
    if not (reader.is_admin or me == author_id):
        raise Forbidden("Only its author and the project team")


async def update_post(
    session: AsyncSession, reader: Reader, post_id: str, data: PostUpdate
) -> PostOut:
    post = await _readable_post(session, reader, post_id)
    _require_author_or_admin(reader, post.author_id)
    if data.version != post.version:
        raise StaleVersion(await _post_out(session, reader, post))
    if data.body is not None:
        post.body = data.body
    if data.visibility is not None:
        post.visibility = data.visibility.value
    if data.topics is not None:
        post.topics = feed.normalise_topics(data.topics)
    post.version += 1
    post.updated_at = utcnow()
    await session.flush()
    await _publish_post(session, post)
    return await _post_out(session, reader, post)


async def delete_post(session: AsyncSession, reader: Reader, post_id: str) -> None:
    post = await _readable_post(session, reader, post_id)
    _require_author_or_admin(reader, post.author_id)
    post.deleted_at = utcnow()
    await record(
        session,
        "post.deleted",
        actor=reader.user,
        target_type="post",
        target_id=post.id,
        workspace_id=post.workspace_id,
        details={"by_author": reader.user is not None and reader.user.id == post.author_id},
    )
    await session.flush()
    await feed.withdraw(session, source_type="post", source_id=post.id)


async def can_read_post(session: AsyncSession, reader: Reader, post_id: str) -> bool:
    post = await session.get(Post, post_id)
    if post is None or post.deleted_at is not None:
        return False
    if not reader.can_read(post.workspace_id, post.visibility):
        return False
    if post.hidden_at is not None:
        return reader.is_admin or (reader.user is not None and reader.user.id == post.author_id)
    return True


files_service.register_access("post", can_read_post)


# Follows


async def follow_workspace(session: AsyncSession, reader: Reader, workspace_id: str) -> None:
    user_id = _user_id(reader)
    workspace = await network_service.get_workspace(session, workspace_id)
    # Idempotent also when the same follow arrives twice at once.
    await insert_ignore(
        session,
        WorkspaceFollow,
        {"user_id": user_id, "workspace_id": workspace.id},
        ["user_id", "workspace_id"],
    )


async def unfollow_workspace(session: AsyncSession, reader: Reader, workspace_id: str) -> None:
    user_id = _user_id(reader)
    await network_service.get_workspace(session, workspace_id)
    await session.execute(
        delete(WorkspaceFollow).where(
            WorkspaceFollow.user_id == user_id, WorkspaceFollow.workspace_id == workspace_id
        )
    )


def _topic(topic: str) -> str:
    clean = feed.normalise_topic(topic)
    if not clean:
        raise ValidationFailed(errors=[FieldError(field="topic", message="Empty topic")])
    return clean


async def follow_topic(session: AsyncSession, reader: Reader, topic: str) -> None:
    user_id = _user_id(reader)
    clean = _topic(topic)
    await insert_ignore(
        session, TopicFollow, {"user_id": user_id, "topic": clean}, ["user_id", "topic"]
    )


async def unfollow_topic(session: AsyncSession, reader: Reader, topic: str) -> None:
    user_id = _user_id(reader)
    await session.execute(
        delete(TopicFollow).where(
            TopicFollow.user_id == user_id, TopicFollow.topic == _topic(topic)
        )
    )


async def my_follows(session: AsyncSession, reader: Reader) -> Follows:
    user_id = _user_id(reader)
    inside = reader.member_of | reader.mentor_of
    explicit = select(WorkspaceFollow.workspace_id).where(WorkspaceFollow.user_id == user_id)
    rows = await session.execute(
        select(Workspace.id, Workspace.name)
        .where(or_(Workspace.id.in_(explicit), Workspace.id.in_(sorted(inside))))
        .order_by(Workspace.sort_name)
    )
    topics = await session.scalars(
        select(TopicFollow.topic).where(TopicFollow.user_id == user_id).order_by(TopicFollow.topic)
    )
    return Follows(
        workspaces=[
            FollowedWorkspace(workspace_id=i, name=n, implicit=i in inside) for i, n in rows
        ],
        topics=[FollowedTopic(topic=t) for t in topics],
    )


# Comments


def _sees_private(reader: Reader, comment: Comment) -> bool:
    return not comment.private or targets.can_read_private(reader, comment.workspace_id)


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
            targets.readers_clause(target.workspace_id, target.visibility, private=private),
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
        from samklang.network.models import Membership

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
            text=feed.excerpt_of(comment.body, 200),
            url=url,
        )
    readers = await session.scalars(
        select(User.id).where(
            targets.readers_clause(target.workspace_id, target.visibility, private=comment.private)
        )
    )
    await events.publish_event(
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
    if target is None or not targets.can_read(reader, target.workspace_id, target.visibility):
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
                text=feed.excerpt_of(comment.body, 200),
                url=target.url,
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
        targets.readers_clause(target.workspace_id, target.visibility, private=private),
        User.id != me,
        User.deleted_at.is_(None),
    )
    if q.strip():
        query = query.where(func.lower(User.name).contains(q.strip().lower(), autoescape=True))
    rows = await session.execute(query.order_by(User.name, User.id).limit(limit))
    return [Person(id=i, name=n) for i, n in rows]


# Reactions


async def put_reaction(session: AsyncSession, reader: Reader, data: ReactionIn) -> ReactionsOut:
    me = _user_id(reader)
    target = await readable_target(session, reader, data.target_type, data.target_id)
    # Idempotent also when the same reaction arrives twice at once.
    await insert_ignore(
        session,
        Reaction,
        {
            "target_type": target.type,
            "target_id": target.id,
            "user_id": me,
            "kind": data.kind.value,
            "created_at": utcnow(),
        },
        ["target_type", "target_id", "user_id", "kind"],
    )
    return await reactions(session, reader, target.type, target.id)


async def delete_reaction(session: AsyncSession, reader: Reader, data: ReactionIn) -> ReactionsOut:
    me = _user_id(reader)
    target = await readable_target(session, reader, data.target_type, data.target_id)
    await session.execute(
        delete(Reaction).where(
            Reaction.target_type == target.type,
            Reaction.target_id == target.id,
            Reaction.user_id == me,
            Reaction.kind == data.kind.value,
        )
    )
    return await reactions(session, reader, target.type, target.id)


async def reactions(
    session: AsyncSession, reader: Reader, target_type: str, target_id: str
) -> ReactionsOut:
    target = await readable_target(session, reader, target_type, target_id)
    rows = await session.execute(
        select(Reaction.user_id, display_name(), Reaction.kind)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.target_type == target.type, Reaction.target_id == target.id)
        .order_by(Reaction.created_at, User.name)
    )
    counts = ReactionCounts()
    mine: list[ReactionKind] = []
    people: list[Reactor] = []
    me = reader.user.id if reader.user else None
    for uid, name, kind in rows:
        if kind not in ReactionKind.__members__:
            continue
        setattr(counts, kind, getattr(counts, kind) + 1)
        people.append(Reactor(user_id=uid, name=name, kind=ReactionKind(kind)))
        if uid == me:
            mine.append(ReactionKind(kind))
    return ReactionsOut(
        target_type=target.type, target_id=target.id, counts=counts, mine=mine, people=people
    )


# Moderation


async def _reportable(
    session: AsyncSession, reader: Reader, target_type: str, target_id: str
) -> Comment | Post:
    """The comment or post, if the caller may read it."""
    if target_type == "post":
        return await _readable_post(session, reader, target_id)
    comment = await session.get(Comment, target_id)
    if comment is None or comment.deleted_at is not None or not _sees_private(reader, comment):
        raise NotFound("No such comment")
    await readable_target(session, reader, comment.target_type, comment.target_id)
    return comment


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
    return _report_out(row, names, found)


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
        excerpt=feed.excerpt_of(found.body, 500) if found is not None else "",
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
        title = targets.post_title(found.body)
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


# A deleted account


async def forget_user(session: AsyncSession, user_id: str) -> None:
    """An account is deleted: its follows and notification settings go; its comments,
    posts and reactions stay, shown under "former member"."""
    await session.execute(delete(WorkspaceFollow).where(WorkspaceFollow.user_id == user_id))
    await session.execute(delete(TopicFollow).where(TopicFollow.user_id == user_id))
    await session.execute(delete(NotificationSetting).where(NotificationSetting.user_id == user_id))
    await session.execute(delete(Notification).where(Notification.recipient_id == user_id))
    await session.execute(delete(MentorSeen).where(MentorSeen.mentor_id == user_id))


async def erase_content_of(session: AsyncSession, user_id: str) -> dict[str, int]:
    """The project team erases a deleted account's conversation: its comments become
    "deleted" placeholders (their text erased; replies by others stay), its posts are
    deleted and leave every feed (the publish/withdraw contract), its reactions go."""
    now = utcnow()
    comments = await session.execute(
        update(Comment)
        .where(Comment.author_id == user_id, Comment.deleted_at.is_(None))
        .values(deleted_at=now, body="")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(CommentMention)
        .where(
            CommentMention.comment_id.in_(select(Comment.id).where(Comment.author_id == user_id))
        )
        .execution_options(synchronize_session=False)
    )
    post_ids = list(
        await session.scalars(
            select(Post.id).where(Post.author_id == user_id, Post.deleted_at.is_(None))
        )
    )
    await session.execute(
        update(Post)
        .where(Post.id.in_(post_ids))
        .values(deleted_at=now, body="")
        .execution_options(synchronize_session=False)
    )
    for post_id in post_ids:
        await feed.withdraw(session, source_type="post", source_id=post_id)
    await session.execute(delete(Reaction).where(Reaction.user_id == user_id))
    await session.flush()
    return {"comments": int(getattr(comments, "rowcount", 0) or 0), "posts": len(post_ids)}
