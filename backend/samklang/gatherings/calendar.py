"""Calendar: .ics files and personal calendar feeds."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.core.atomic import insert_ignore
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import (
    NotFound,
)
from samklang.gatherings.models import (
    CalendarFeed,
    Gathering,
    Mode,
    Registration,
)

# Calendar


async def feed_token(session: AsyncSession, user: User, *, reset: bool) -> str:
    feed = await session.get(CalendarFeed, user.id)
    if feed is None:
        # The first link asked for twice at once: one is created, both get it.
        values = {"user_id": user.id, "token": secrets.token_urlsafe(32), "created_at": utcnow()}
        await insert_ignore(session, CalendarFeed, values, ["user_id"])
        feed = await session.get(CalendarFeed, user.id, populate_existing=True)
        assert feed is not None
    elif reset:
        feed.token = secrets.token_urlsafe(32)
        feed.created_at = utcnow()
    await session.flush()
    return feed.token


async def feed_gatherings(session: AsyncSession, token: str) -> list[Gathering]:
    feed = await session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None:
        raise NotFound("No such calendar")
    return list(
        await session.scalars(
            select(Gathering)
            .join(Registration, Registration.gathering_id == Gathering.id)
            .where(
                Registration.user_id == feed.user_id, Registration.mode != Mode.not_attending.value
            )
            .order_by(Gathering.starts_at)
        )
    )


def ics(gatherings: Sequence[Gathering], settings: Settings, *, name: str) -> bytes:

    calendar = Calendar()
    calendar.add("prodid", "-//Samklang//Fremtidens kulturskole//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "method", "CANCEL" if len(gatherings) == 1 and gatherings[0].cancelled else "PUBLISH"
    )
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for g in gatherings:
        event = Event()
        event.add("uid", f"gathering-{g.id}@samklang.no")
        event.add("sequence", g.sequence)
        event.add("dtstamp", g.updated_at)
        event.add("dtstart", g.starts_at)
        event.add("dtend", g.ends_at)
        event.add("summary", g.title)
        event.add("status", "CANCELLED" if g.cancelled else "CONFIRMED")
        location = ", ".join(part for part in (g.place, g.address) if part) or g.online_url
        if location:
            event.add("location", location)
        link = f"{settings.base_url.rstrip('/')}/gatherings/{g.id}"
        event.add("url", link)
        event.add("description", "\n\n".join(p for p in (g.description, g.online_url, link) if p))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
