"""What a deleted account leaves behind in sharing.
No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.db import utcnow
from samklang.sharing import feed
from samklang.sharing.models import (
    Comment,
    CommentMention,
    Post,
    Reaction,
    TopicFollow,
    WorkspaceFollow,
)
from samklang.sharing.notification_models import MentorSeen, Notification, NotificationSetting


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
