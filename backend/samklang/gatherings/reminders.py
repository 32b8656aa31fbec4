"""Reminders a week and a day before a gathering."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.email.service import queue_email
from samklang.gatherings.base import _t, _when
from samklang.gatherings.models import (
    Gathering,
    Mode,
    Registration,
    RegistrationStatus,
    ReminderSent,
)

# Reminders


async def send_reminders(session: AsyncSession, settings: Settings) -> int:
    """Queue the week-before and day-before reminders that are due and not yet sent.
    Idempotent: each (gathering, person, kind) is sent once."""
    now = utcnow()
    queued = 0
    for kind, ahead in (("day", timedelta(days=1)), ("week", timedelta(days=7))):
        rows = await session.execute(
            select(Gathering, Registration, User)
            .join(Registration, Registration.gathering_id == Gathering.id)
            .join(User, User.id == Registration.user_id)
            .outerjoin(
                ReminderSent,
                (ReminderSent.gathering_id == Gathering.id)
                & (ReminderSent.user_id == User.id)
                & (ReminderSent.kind == kind),
            )
            .where(
                Gathering.cancelled.is_(False),
                Gathering.starts_at > now,
                Gathering.starts_at <= now + ahead,
                Registration.mode != Mode.not_attending.value,
                Registration.status == RegistrationStatus.confirmed.value,
                ReminderSent.kind.is_(None),
            )
        )
        for gathering, _registration, user in rows:
            # The day-before reminder supersedes a week-before one not yet sent.
            if kind == "week" and gathering.starts_at <= now + timedelta(days=1):
                continue
            session.add(
                ReminderSent(gathering_id=gathering.id, user_id=user.id, kind=kind, sent_at=now)
            )
            await queue_email(
                session,
                to=user.email,
                subject=_t(f"reminder.{kind}.subject", user.locale, title=gathering.title),
                body=_t(
                    "reminder.body",
                    user.locale,
                    name=user.name,
                    title=gathering.title,
                    when=_when(gathering.starts_at),
                    where=", ".join(
                        p for p in (gathering.place, gathering.address, gathering.online_url) if p
                    ),
                    link=f"{settings.base_url.rstrip('/')}/gatherings/{gathering.id}",
                ),
            )
            queued += 1
        await session.flush()
    return queued
