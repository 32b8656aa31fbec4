"""Delivers queued email: claims each due message with a lease, sends it, marks it sent.

A claim is a compare-and-set UPDATE, so several workers (API replicas, `samklang worker`)
never send the same message at once. A failure schedules a retry with exponential backoff;
an SMTP outage therefore delays messages but neither fails requests nor loses messages.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.email.models import EmailMessage, EmailStatus
from samklang.email.senders import Sender

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH = 50


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, ... capped at one hour."""
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 3600))


def _due(now: datetime) -> object:
    return or_(
        and_(EmailMessage.status == EmailStatus.queued.value, EmailMessage.next_attempt_at <= now),
        and_(EmailMessage.status == EmailStatus.sending.value, EmailMessage.locked_until < now),
    )


async def _claim(session: AsyncSession, message_id: str, now: datetime) -> bool:
    result = await session.execute(
        update(EmailMessage)
        .where(EmailMessage.id == message_id, _due(now))  # type: ignore[arg-type]
        .values(status=EmailStatus.sending.value, locked_until=now + LEASE)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def deliver_due(
    maker: async_sessionmaker[AsyncSession], sender: Sender, settings: Settings
) -> int:
    """Send every message that is due now. Returns how many were sent."""
    now = utcnow()
    async with maker() as session:
        ids = list(
            await session.scalars(
                select(EmailMessage.id)
                .where(_due(now))  # type: ignore[arg-type]
                .order_by(EmailMessage.next_attempt_at)
                .limit(BATCH)
            )
        )
    sent = 0
    for message_id in ids:
        async with maker() as session:
            claimed = await _claim(session, message_id, utcnow())
            await session.commit()
            if not claimed:
                continue
            message = await session.get_one(EmailMessage, message_id)
        try:
            await sender.send(message)
        except Exception as exc:  # noqa: BLE001 - any failure is retried later
            attempts = message.attempts + 1
            failed = attempts >= settings.email_max_attempts
            logger.warning("Email %s failed (attempt %d): %s", message_id, attempts, exc)
            values = {
                "attempts": attempts,
                "status": (EmailStatus.failed if failed else EmailStatus.queued).value,
                "next_attempt_at": utcnow() + backoff(attempts),
                "locked_until": None,
                "last_error": str(exc)[:2000],
            }
        else:
            sent += 1
            values = {
                "attempts": message.attempts + 1,
                "status": EmailStatus.sent.value,
                "sent_at": utcnow(),
                "locked_until": None,
                "last_error": None,
            }
        async with maker() as session:
            await session.execute(
                update(EmailMessage).where(EmailMessage.id == message_id).values(**values)
            )
            await session.commit()
    return sent


async def run_forever(
    maker: async_sessionmaker[AsyncSession], sender: Sender, settings: Settings
) -> None:
    while True:
        try:
            await deliver_due(maker, sender, settings)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Email worker round failed; trying again")
        await asyncio.sleep(settings.worker_poll_seconds)
