"""The email outbox: messages queued in the same transaction as the act that causes them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin


class EmailStatus(StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class EmailMessage(IdMixin, Base):
    __tablename__ = "email_messages"
    __table_args__ = (
        Index("ix_email_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=EmailStatus.queued.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    # Extra headers, e.g. List-Unsubscribe on notification emails (RFC 2369 / RFC 8058).
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
