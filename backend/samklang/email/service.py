"""Queue an email in the caller's transaction; the worker delivers it after commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.db import utcnow
from samklang.email.models import EmailMessage, EmailStatus


async def queue_email(
    session: AsyncSession,
    *,
    to: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    now = utcnow()
    message = EmailMessage(
        to_address=to,
        subject=subject,
        body_text=body,
        headers=headers or None,
        status=EmailStatus.queued.value,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    await session.flush()
    return message
