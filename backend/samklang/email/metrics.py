"""The outbox's figures for /metrics, read at scrape time (core/metrics.py renders them)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from samklang.core.db import utcnow
from samklang.core.metrics import EMAIL_MESSAGES, EMAIL_OLDEST_QUEUED, EMAIL_STATUSES
from samklang.email.models import EmailMessage


async def outbox_figures(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session:
        rows = (
            await session.execute(
                select(EmailMessage.status, func.count())
                .where(EmailMessage.status.in_(EMAIL_STATUSES))
                .group_by(EmailMessage.status)
            )
        ).all()
        oldest = (
            await session.execute(
                select(func.min(EmailMessage.created_at)).where(EmailMessage.status == "queued")
            )
        ).scalar()
    counts = {str(status): int(n) for status, n in rows}
    for status in EMAIL_STATUSES:
        EMAIL_MESSAGES.labels(status).set(counts.get(status, 0))
    if oldest is None:
        EMAIL_OLDEST_QUEUED.set(0)
    else:
        if isinstance(oldest, str):  # SQLite's min() gives the stored text back
            parsed = datetime.fromisoformat(oldest)
            oldest = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        EMAIL_OLDEST_QUEUED.set(max((utcnow() - oldest).total_seconds(), 0.0))
