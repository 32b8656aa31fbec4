"""Email digests: `samklang send-digests daily|weekly`.

For each user whose setting is that frequency, every notification not yet emailed goes into
one email, grouped by workspace (the project team's items under their own heading). Before
anything is put in, its target is checked again: what the user may no longer read is left
out (and marked skipped, so it never comes back). Marking and queueing the email happen in
one transaction per user, and the marking is a compare-and-set on the rows still pending,
so running it twice, or two runs at once, or a crash between, never sends an item twice.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from samklang.access.reader import readers_for
from samklang.access.registry import allows, resolve
from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.email.service import queue_email
from samklang.network.models import Workspace
from samklang.sharing.notification_models import EmailFrequency, EmailState, Notification
from samklang.sharing.notifications import footer, frequencies, link, shown_by, unsubscribe_headers

logger = logging.getLogger(__name__)

TEXTS: dict[str, dict[str, str]] = {
    "subject.daily": {
        "nb": "Samklang: {count} nye varsler i dag",
        "nn": "Samklang: {count} nye varsel i dag",
        "en": "Samklang: {count} new notifications today",
    },
    "subject.weekly": {
        "nb": "Samklang: {count} nye varsler denne uka",
        "nn": "Samklang: {count} nye varsel denne veka",
        "en": "Samklang: {count} new notifications this week",
    },
    "greeting": {
        "nb": "Hei {name},\n\nDette har skjedd i Samklang siden sist:\n",
        "nn": "Hei {name},\n\nDette har skjedd i Samklang sidan sist:\n",
        "en": "Hello {name},\n\nThis is what happened in Samklang since last time:\n",
    },
    "project_team": {
        "nb": "Fra prosjektteamet",
        "nn": "Frå prosjektteamet",
        "en": "From the project team",
    },
}


def _t(key: str, locale: str, **params: object) -> str:
    texts = TEXTS[key]
    return (texts.get(locale) or texts["nb"]).format(**params)


def render(
    settings: Settings,
    user: User,
    frequency: str,
    items: list[Notification],
    workspace_names: dict[str, str],
) -> tuple[str, str]:
    groups: dict[str | None, list[Notification]] = {}
    for n in items:
        groups.setdefault(n.workspace_id, []).append(n)
    order = sorted(groups, key=lambda w: (w is None, workspace_names.get(w, "") if w else ""))
    lines = [_t("greeting", user.locale, name=user.name)]
    for workspace_id in order:
        heading = (
            workspace_names.get(workspace_id, "")
            if workspace_id
            else _t("project_team", user.locale)
        )
        lines.append(f"\n{heading}\n{'=' * len(heading)}")
        for n in sorted(groups[workspace_id], key=lambda n: (n.created_at, n.id)):
            lines.append(f"- {n.title}")
            if n.text:
                lines.append(f"  {n.text}")
            lines.append(f"  {link(settings, n.url)}")
    body = "\n".join(lines) + "\n" + footer(settings, user, frequency)
    subject = _t(f"subject.{frequency}", user.locale, count=len(items))
    return subject, body


async def _pending_user_ids(session: AsyncSession) -> list[str]:
    return sorted(
        set(
            await session.scalars(
                select(Notification.recipient_id)
                .where(Notification.email_state == EmailState.pending.value)
                .distinct()
            )
        )
    )


async def digest_for(session: AsyncSession, settings: Settings, user: User, frequency: str) -> bool:
    """Queue one user's digest and mark its items, in the caller's transaction.
    Returns whether an email was queued."""
    items = list(
        await session.scalars(
            select(Notification)
            .where(
                Notification.recipient_id == user.id,
                Notification.email_state == EmailState.pending.value,
            )
            .order_by(Notification.created_at, Notification.id)
        )
    )
    if not items:
        return False
    reader = (await readers_for(session, [user]))[user.id]
    chains = await resolve(session, [shown_by(n) for n in items])
    readable = [n for n in items if allows(reader, chains.get(shown_by(n)))]
    skipped = [n for n in items if n not in readable]
    now = utcnow()
    for group, state in ((readable, EmailState.sent), (skipped, EmailState.skipped)):
        if not group:
            continue
        ids = [n.id for n in group]
        result = await session.execute(
            update(Notification)
            .where(
                Notification.id.in_(ids),
                Notification.email_state == EmailState.pending.value,
            )
            .values(email_state=state.value, emailed_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != len(ids):
            raise _Raced()
    if not readable:
        return False
    workspace_ids = sorted({n.workspace_id for n in readable if n.workspace_id})
    names = {
        wid: name
        for wid, name in await session.execute(
            select(Workspace.id, Workspace.name).where(Workspace.id.in_(workspace_ids))
        )
    }
    subject, body = render(settings, user, frequency, readable, names)
    await queue_email(
        session,
        to=user.email,
        subject=subject,
        body=body,
        headers=unsubscribe_headers(settings, user.id),
    )
    return True


_LOCKED_ATTEMPTS = 5


class _Raced(Exception):
    """Another run marked some of these items first: this user's digest is theirs."""


async def _digest_of(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    user_id: str,
    frequency: EmailFrequency,
    failures: list[str],
) -> bool:
    """One user's digest in its own transaction: True when one was queued (a user whose
    digest failed is added to `failures`)."""
    async with maker() as session:
        user = await session.get(User, user_id)
        if user is None or not user.is_active:
            return False
        try:
            sent = await digest_for(session, settings, user, frequency.value)
            await session.commit()
        except _Raced:
            await session.rollback()
            return False
        except OperationalError:
            await session.rollback()
            raise
        except Exception:
            await session.rollback()
            logger.exception("The digest of %s failed; the next run tries again", user_id)
            failures.append(user_id)
            return False
        return sent


async def send_digests(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    frequency: EmailFrequency,
    *,
    failures: list[str] | None = None,
) -> int:
    """Queue the digests of every user with this frequency. Returns how many were queued;
    the users whose digest failed are added to `failures`."""
    failed = failures if failures is not None else []
    if frequency not in (EmailFrequency.daily, EmailFrequency.weekly):
        raise ValueError("Digests are daily or weekly")
    async with maker() as session:
        user_ids = await _pending_user_ids(session)
        chosen = await frequencies(session, user_ids)
    wanted = [uid for uid in user_ids if chosen[uid][0] == frequency.value]
    queued = 0
    for user_id in wanted:
        for attempt in range(_LOCKED_ATTEMPTS):
            try:
                queued += int(await _digest_of(maker, settings, user_id, frequency, failed))
                break
            except OperationalError as exc:
                # SQLite: another run wrote since this one read; its snapshot is stale and
                # the busy timeout cannot help. Start this user's digest again.
                if "locked" not in str(exc):
                    raise  # the database is away: the run fails, and the next one catches up
                if attempt == _LOCKED_ATTEMPTS - 1:
                    logger.exception("The digest of %s failed; the next run tries again", user_id)
                    failed.append(user_id)
                    break
                await asyncio.sleep(0.05 * (attempt + 1))
    return queued
