"""Tables of notifications, their email bookkeeping, email settings and the mentor queue's
"seen" marks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin, utcnow
from samklang.learning.models import Cycle, Entry, Measure


class EmailFrequency(StrEnum):
    immediate = "immediate"
    daily = "daily"
    weekly = "weekly"
    never = "never"


class EmailState(StrEnum):
    """Where a notification stands with email: waiting for a digest, sent (at once or in a
    digest), skipped (no longer readable when its digest was made) or none (the recipient
    wanted no email when it was made)."""

    pending = "pending"
    sent = "sent"
    skipped = "skipped"
    none = "none"


class Notification(IdMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_recipient_created", "recipient_id", "created_at", "id"),
        Index("ix_notifications_recipient_read", "recipient_id", "read_at"),
        Index("ix_notifications_email_state_recipient", "email_state", "recipient_id"),
        Index("ix_notifications_target", "target_type", "target_id"),
    )

    recipient_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[str] = mapped_column(String(36))
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None, index=True
    )
    # The comment whose words the notification shows (its readers are re-checked through
    # it: a private comment, a hidden one, its target narrowed).
    comment_id: Mapped[str | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    email_state: Mapped[str] = mapped_column(String(10), default=EmailState.pending.value)
    emailed_at: Mapped[datetime | None] = mapped_column(default=None)


class NotificationSetting(Base):
    """A user's email choice; without a row the default applies (daily, or weekly for a
    user whose only memberships are in observer workspaces)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MentorSeen(Base):
    """A mentor (or the project team) marked a cycle, entry or measure seen at `seen_at`;
    a change after that brings it back to their queue."""

    __tablename__ = "mentor_seen"

    mentor_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    item_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


# The mentor queue reads the learning tables oldest change first: for the project team across
# every workspace, these let PostgreSQL merge three index scans instead of sorting them all.
Index("ix_cycles_updated_at_id", Cycle.updated_at, Cycle.id)
Index("ix_entries_updated_at_id", Entry.updated_at, Entry.id)
Index("ix_measures_updated_at_id", Measure.updated_at, Measure.id)
