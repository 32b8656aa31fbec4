"""What the parts of gatherings share: lookups, the open/closed rule, email texts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.atomic import lock
from samklang.core.db import utcnow
from samklang.core.errors import (
    AppError,
    FieldError,
    NotFound,
    ValidationFailed,
)
from samklang.gatherings.models import (
    Gathering,
)
from samklang.network.models import Cohort

OSLO = ZoneInfo("Europe/Oslo")


class RegistrationClosed(AppError):
    status, code, title = 409, "registration_closed", "Registration has closed"


class StaleAnswer(AppError):
    status, code, title = 409, "conflict", "Changed by someone else"


# Gatherings


async def get_gathering(session: AsyncSession, gathering_id: str) -> Gathering:
    gathering = await session.get(Gathering, gathering_id)
    if gathering is None:
        raise NotFound("No such gathering")
    return gathering


async def lock_gathering(session: AsyncSession, gathering: Gathering) -> None:
    """Hold the gathering's row until the transaction ends and read it afresh: whoever
    counts its seats, walks its waiting list or changes its capacity does so after the
    previous one committed (PostgreSQL: SELECT ... FOR UPDATE; SQLite: its one writer)."""
    await lock(session, Gathering.id, [gathering.id])
    await session.refresh(gathering)


def _open(gathering: Gathering) -> bool:
    now = utcnow()
    if gathering.cancelled or gathering.ends_at <= now:
        return False
    return gathering.registration_deadline is None or now < gathering.registration_deadline


async def _current_cohort_id(session: AsyncSession) -> str | None:

    return await session.scalar(
        select(Cohort.id)
        .where(Cohort.starts_on <= utcnow().date())
        .order_by(Cohort.starts_on.desc())
        .limit(1)
    ) or await session.scalar(select(Cohort.id).order_by(Cohort.starts_on).limit(1))


async def _cohort_id(session: AsyncSession, given: str | None) -> str | None:
    """The cohort asked for (which must exist), else the current one."""

    if given is None:
        return await _current_cohort_id(session)
    if await session.scalar(select(Cohort.id).where(Cohort.id == given)) is None:
        raise ValidationFailed(errors=[FieldError(field="cohort_id", message="No such cohort")])
    return given


def _when(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")


TEXTS = {
    "reminder.week.subject": {
        "nb": "Om en uke: {title}",
        "nn": "Om ei veke: {title}",
        "en": "In a week: {title}",
    },
    "reminder.day.subject": {
        "nb": "I morgen: {title}",
        "nn": "I morgon: {title}",
        "en": "Tomorrow: {title}",
    },
    "reminder.body": {
        "nb": "Hei {name},\n\nPåminnelse: {title} starter {when}.\n{where}\n\n{link}\n",
        "nn": "Hei {name},\n\nPåminning: {title} byrjar {when}.\n{where}\n\n{link}\n",
        "en": "Hello {name},\n\nReminder: {title} starts {when}.\n{where}\n\n{link}\n",
    },
    "seat.subject": {
        "nb": "Du har fått plass: {title}",
        "nn": "Du har fått plass: {title}",
        "en": "You have a seat: {title}",
    },
    "seat.body": {
        "nb": "Hei {name},\n\nDet ble ledig plass, og du er flyttet fra ventelisten til "
        "{title} ({when}).\n\n{link}\n",
        "nn": "Hei {name},\n\nDet vart ledig plass, og du er flytt frå ventelista til "
        "{title} ({when}).\n\n{link}\n",
        "en": "Hello {name},\n\nA seat became free and you have moved from the waiting list "
        "to {title} ({when}).\n\n{link}\n",
    },
}


def _t(key: str, locale: str, **params: str) -> str:
    texts = TEXTS[key]
    return (texts.get(locale) or texts["nb"]).format(**params)
