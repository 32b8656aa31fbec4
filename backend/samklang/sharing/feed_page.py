"""The network feed as a reader sees it: newest first, only what they may read.
No HTTP, no commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.access.registry import readable_copy
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.pagination import encode_cursor, time_cursor
from samklang.network.models import Workspace
from samklang.network.schemas import Page
from samklang.sharing import feed
from samklang.sharing.common import (
    _private_filter,
    _user_id,
)
from samklang.sharing.models import (
    Comment,
    FeedItem,
    FeedItemTopic,
    Reaction,
    ReactionKind,
    TopicFollow,
    WorkspaceFollow,
)
from samklang.sharing.schemas import (
    FeedItemOut,
    ReactionCounts,
)

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
    # The items themselves, as the access module checks them (containers, hidden, gone).
    "cycles",
    "entries",
    "measures",
    "projects",
    "posts",
    "questions",
    "resources",
    "reports",
    "gatherings",
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
        .where(
            reader.filter(FeedItem.workspace_id, FeedItem.visibility),
            # The item itself, as the access module sees it now: its container capping it
            # (an entry of a narrowed cycle), hidden, deleted, or of an unknown kind.
            readable_copy(reader, FeedItem.source_type, FeedItem.source_id),
        )
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
