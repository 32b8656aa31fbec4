"""Tables of the sharing domain: feed items (with topics), follows, posts, comments (with
mentions), reactions and moderation reports. Notifications live in notification_models.py."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin, TimestampMixin, utcnow


class FeedKind(StrEnum):
    reflection = "reflection"
    entry = "entry"
    measure = "measure"
    resource = "resource"
    summary = "summary"
    answer = "answer"
    post = "post"
    report = "report"


class ReactionKind(StrEnum):
    useful = "useful"
    inspiring = "inspiring"


class FeedItem(IdMixin, Base):
    """One shared item as the feed shows it: a copy of what the feed needs, kept in step by
    feed.publish/withdraw. Only items at network, observers or public level are here."""

    __tablename__ = "feed_items"
    __table_args__ = (
        UniqueConstraint("source_type", "source_id", name="uq_feed_items_source"),
        Index("ix_feed_items_created_at_id", "created_at", "id"),
        Index("ix_feed_items_visibility_created_at_id", "visibility", "created_at", "id"),
        Index("ix_feed_items_workspace_id_created_at_id", "workspace_id", "created_at", "id"),
        Index("ix_feed_items_kind_created_at_id", "kind", "created_at", "id"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    source_type: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[str] = mapped_column(String(36))
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None
    )
    visibility: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300), default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    url: Mapped[str | None] = mapped_column(String(300), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedItemTopic(Base):
    __tablename__ = "feed_item_topics"
    __table_args__ = (Index("ix_feed_item_topics_topic_item", "topic", "feed_item_id"),)

    feed_item_id: Mapped[str] = mapped_column(
        ForeignKey("feed_items.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(60), primary_key=True)


class WorkspaceFollow(Base):
    __tablename__ = "workspace_follows"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TopicFollow(Base):
    __tablename__ = "topic_follows"
    __table_args__ = (Index("ix_topic_follows_topic", "topic"),)

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(60), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Post(IdMixin, TimestampMixin, Base):
    """A short post to the feed from a workspace (markdown, an optional attachment)."""

    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_workspace_id_created_at", "workspace_id", "created_at"),)

    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="network")
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")


class Comment(IdMixin, Base):
    """A comment on a target (any kind registered with the access module); one level of replies."""

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_target_created_at", "target_type", "target_id", "created_at", "id"),
    )

    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[str] = mapped_column(String(36))
    # The target's workspace (None for the project team's items): decides who reads a
    # private comment.
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None, index=True
    )
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None, index=True
    )
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_at: Mapped[datetime | None] = mapped_column(default=None)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")


class CommentMention(Base):
    __tablename__ = "comment_mentions"

    comment_id: Mapped[str] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Reaction(Base):
    __tablename__ = "reactions"
    __table_args__ = (Index("ix_reactions_target", "target_type", "target_id"),)

    target_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentReport(IdMixin, Base):
    """Someone reported a comment or a post to the project team."""

    __tablename__ = "content_reports"
    __table_args__ = (Index("ix_content_reports_target", "target_type", "target_id"),)

    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[str] = mapped_column(String(36))
    reporter_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
