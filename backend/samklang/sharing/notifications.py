"""Notifications: recording them (`notify`), the in-app list and unread count, marking
read, each user's email setting, immediate emails and one-click unsubscribe tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from samklang.access.reader import Reader, readers_for
from samklang.access.registry import Ref, allows, resolve
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import InvalidLink
from samklang.core.pagination import PageParams, before, encode_cursor, time_cursor
from samklang.email.service import queue_email
from samklang.learning.models import Cycle
from samklang.network.models import Membership, Tier, Workspace, WorkspaceMentor
from samklang.sharing import events
from samklang.sharing.notification_models import (
    EmailFrequency,
    EmailState,
    Notification,
    NotificationSetting,
)
from samklang.sharing.notification_schemas import (
    ActorOut,
    MarkRead,
    NotificationOut,
    NotificationPage,
    NotificationSettingsOut,
)

logger = logging.getLogger(__name__)

# The unread count looks at most this many unread notifications (re-checked for readability).
UNREAD_SCAN = 1000
# Up to this many recipients at once, the count sent with the live event is re-checked too.
CHECKED_COUNTS = 20

# ---------------------------------------------------------------------------------------
# Texts of the emails (nb, nn, en)

TEXTS: dict[str, dict[str, str]] = {
    "immediate.subject": {
        "nb": "Samklang: {title}",
        "nn": "Samklang: {title}",
        "en": "Samklang: {title}",
    },
    "immediate.body": {
        "nb": "Hei {name},\n\n{title}\n{text}\nÅpne i Samklang: {link}\n",
        "nn": "Hei {name},\n\n{title}\n{text}\nOpne i Samklang: {link}\n",
        "en": "Hello {name},\n\n{title}\n{text}\nOpen in Samklang: {link}\n",
    },
    "footer": {
        "nb": (
            "\n--\nDu får denne e-posten fordi du har valgt e-postvarsler ({frequency}) i "
            "Samklang. Endre valget: {settings_link}\nMeld deg av alle e-postvarsler med ett "
            "klikk: {unsubscribe}\n\nHilsen Samklang\n"
        ),
        "nn": (
            "\n--\nDu får denne e-posten fordi du har valt e-postvarsel ({frequency}) i "
            "Samklang. Endre valet: {settings_link}\nMeld deg av alle e-postvarsel med eitt "
            "klikk: {unsubscribe}\n\nHelsing Samklang\n"
        ),
        "en": (
            "\n--\nYou get this email because you chose email notifications ({frequency}) in "
            "Samklang. Change your choice: {settings_link}\nUnsubscribe from all email "
            "notifications with one click: {unsubscribe}\n\nSamklang\n"
        ),
    },
    "frequency.immediate": {"nb": "med en gang", "nn": "med ein gong", "en": "at once"},
    "frequency.daily": {"nb": "daglig sammendrag", "nn": "dagleg samandrag", "en": "daily digest"},
    "frequency.weekly": {
        "nb": "ukentlig sammendrag",
        "nn": "vekesamandrag",
        "en": "weekly digest",
    },
    "frequency.never": {"nb": "aldri", "nn": "aldri", "en": "never"},
}

SETTINGS_PATH = "/notifications/settings"


def tr(key: str, locale: str, **params: Any) -> str:
    texts = TEXTS[key]
    return (texts.get(locale) or texts["nb"]).format(**params)


def link(settings: Settings, url: str | None) -> str:
    base = settings.base_url.rstrip("/")
    if not url:
        return base + "/notifications"
    return url if url.startswith(("http://", "https://")) else base + url


def footer(settings: Settings, user: User, frequency: str) -> str:
    return tr(
        "footer",
        user.locale,
        frequency=tr(f"frequency.{frequency}", user.locale),
        settings_link=link(settings, SETTINGS_PATH),
        unsubscribe=unsubscribe_url(settings, user.id),
    )


# ---------------------------------------------------------------------------------------
# One-click unsubscribe: a signed value bound to the user


def _signature(settings: Settings, user_id: str) -> str:
    key = settings.secret_key.get_secret_value().encode()
    digest = hmac.new(key, f"unsubscribe:{user_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def unsubscribe_token(settings: Settings, user_id: str) -> str:
    uid = base64.urlsafe_b64encode(user_id.encode()).decode().rstrip("=")
    return f"{uid}.{_signature(settings, user_id)}"


def unsubscribe_url(settings: Settings, user_id: str) -> str:
    return link(settings, f"/api/v1/unsubscribe?token={unsubscribe_token(settings, user_id)}")


def unsubscribe_headers(settings: Settings, user_id: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show their own "unsubscribe" button, which POSTs
    `List-Unsubscribe=One-Click` to the same signed URL the email's footer links to."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(settings, user_id)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def user_id_from_token(settings: Settings, token: str) -> str:
    """The user a token belongs to; a tampered or malformed token is refused (400)."""
    try:
        encoded, signature = token.split(".", 1)
        user_id = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidLink() from exc
    if not hmac.compare_digest(signature, _signature(settings, user_id)):
        raise InvalidLink()
    return user_id


async def unsubscribe(session: AsyncSession, settings: Settings, token: str) -> User:
    user = await _token_user(session, settings, token)
    await set_frequency(session, user, EmailFrequency.never)
    return user


async def _token_user(session: AsyncSession, settings: Settings, token: str) -> User:
    user_id = user_id_from_token(settings, token)
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise InvalidLink()
    return user


async def token_user(session: AsyncSession, settings: Settings, token: str) -> User:
    return await _token_user(session, settings, token)


# ---------------------------------------------------------------------------------------
# Email settings


async def default_frequencies(session: AsyncSession, user_ids: list[str]) -> dict[str, str]:
    """Daily, or weekly for a user whose only memberships are in observer workspaces."""
    tiers: dict[str, set[str]] = {uid: set() for uid in user_ids}
    if user_ids:
        rows = await session.execute(
            select(Membership.user_id, Workspace.tier)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(Membership.user_id.in_(user_ids))
        )
        for uid, tier in rows:
            tiers[uid].add(tier)
    return {
        uid: (
            EmailFrequency.weekly.value
            if found == {Tier.observer.value}
            else EmailFrequency.daily.value
        )
        for uid, found in tiers.items()
    }


async def frequencies(session: AsyncSession, user_ids: list[str]) -> dict[str, tuple[str, bool]]:
    """Each user's email frequency and whether it is the default (two queries)."""
    chosen: dict[str, str] = {}
    if user_ids:
        rows = await session.execute(
            select(NotificationSetting.user_id, NotificationSetting.email).where(
                NotificationSetting.user_id.in_(user_ids)
            )
        )
        chosen = {uid: email for uid, email in rows}
    missing = [uid for uid in user_ids if uid not in chosen]
    defaults = await default_frequencies(session, missing)
    return {
        uid: (chosen[uid], False) if uid in chosen else (defaults[uid], True) for uid in user_ids
    }


async def get_settings_for(session: AsyncSession, user: User) -> NotificationSettingsOut:
    value, is_default = (await frequencies(session, [user.id]))[user.id]
    return NotificationSettingsOut(email=EmailFrequency(value), is_default=is_default)


async def set_frequency(
    session: AsyncSession, user: User, value: EmailFrequency
) -> NotificationSettingsOut:
    row = await session.get(NotificationSetting, user.id)
    if row is None:
        session.add(NotificationSetting(user_id=user.id, email=value.value, updated_at=utcnow()))
    else:
        row.email = value.value
        row.updated_at = utcnow()
    await session.flush()
    return NotificationSettingsOut(email=value, is_default=False)


def shown(target_type: str, target_id: str, comment_id: str | None) -> Ref:
    """What a notification shows, for the access module: the comment whose words it carries
    (capped by what the comment is about), or else its target."""
    return ("comment", comment_id) if comment_id else (target_type, target_id)


def shown_by(n: Notification) -> Ref:
    return shown(n.target_type, n.target_id, n.comment_id)


# ---------------------------------------------------------------------------------------
# notify (sharing/notify.py is the contract other domains call)


async def record(
    session: AsyncSession,
    *,
    recipients: Iterable[str],
    kind: str,
    actor_id: str | None,
    target_type: str,
    target_id: str,
    workspace_id: str | None,
    title: str,
    text: str = "",
    url: str | None = None,
    comment_id: str | None = None,
) -> list[Notification]:
    """One notification per recipient who may read the target (never the actor), once per
    (recipient, kind, target, actor); an email at once for those who chose that; a live
    event to each after the transaction commits."""
    ids = sorted({r for r in recipients if r and r != actor_id})
    if not ids:
        return []
    await session.flush()  # what the caller just added is what we check against
    users = list(
        await session.scalars(select(User).where(User.id.in_(ids), User.is_active.is_(True)))
    )
    readers = await readers_for(session, users)
    ref = shown(target_type, target_id, comment_id)
    chain = (await resolve(session, [ref]))[ref]
    users = [u for u in users if allows(readers[u.id], chain)]
    if not users:
        return []
    already = set(
        await session.scalars(
            select(Notification.recipient_id).where(
                Notification.recipient_id.in_([u.id for u in users]),
                Notification.kind == kind,
                Notification.target_type == target_type,
                Notification.target_id == target_id,
                Notification.actor_id.is_(None)
                if actor_id is None
                else Notification.actor_id == actor_id,
            )
        )
    )
    users = [u for u in users if u.id not in already]
    if not users:
        return []
    chosen = await frequencies(session, [u.id for u in users])
    settings = events.current_settings()
    now = utcnow()
    created: list[Notification] = []
    for user in users:
        frequency = chosen[user.id][0]
        state = {
            EmailFrequency.never.value: EmailState.none.value,
            EmailFrequency.immediate.value: EmailState.sent.value,
        }.get(frequency, EmailState.pending.value)
        notification = Notification(
            recipient_id=user.id,
            kind=kind,
            actor_id=actor_id,
            target_type=target_type,
            target_id=target_id,
            workspace_id=workspace_id,
            comment_id=comment_id,
            title=title[:300],
            text=text,
            url=url,
            created_at=now,
            email_state=state,
            emailed_at=now if state == EmailState.sent.value else None,
        )
        session.add(notification)
        created.append(notification)
        if frequency == EmailFrequency.immediate.value:
            body = tr(
                "immediate.body",
                user.locale,
                name=user.name,
                title=title,
                text=(text + "\n") if text else "",
                link=link(settings, url),
            )
            await queue_email(
                session,
                to=user.email,
                subject=tr("immediate.subject", user.locale, title=title)[:300],
                body=body + footer(settings, user, frequency),
                headers=unsubscribe_headers(settings, user.id),
            )
    await session.flush()
    if len(users) <= CHECKED_COUNTS:
        counts = await unread_counts(session, {u.id: readers[u.id] for u in users})
    else:  # many followers at once: a plain count (the bell re-checks when opened)
        counts = await raw_unread_counts(session, [u.id for u in users])
    by_user = {n.recipient_id: n for n in created}
    events.after_commit(
        session,
        [u.id for u in users],
        "notification",
        lambda uid: {
            "id": by_user[uid].id,
            "kind": kind,
            "title": title,
            "url": url,
            "unread": counts.get(uid, 0),
        },
    )
    return created


# ---------------------------------------------------------------------------------------
# The in-app list


async def unread_counts(session: AsyncSession, readers: dict[str, Reader]) -> dict[str, int]:
    """Unread notifications per user that the user may still read (constant queries)."""
    if not readers:
        return {}
    rows = (
        await session.execute(
            select(
                Notification.recipient_id,
                Notification.target_type,
                Notification.target_id,
                Notification.comment_id,
            )
            .where(Notification.recipient_id.in_(sorted(readers)), Notification.read_at.is_(None))
            .order_by(Notification.created_at.desc())
            .limit(UNREAD_SCAN * len(readers))
        )
    ).all()
    chains = await resolve(session, [shown(t, i, c) for _, t, i, c in rows])
    counts = dict.fromkeys(readers, 0)
    for uid, t, i, c in rows:
        if allows(readers[uid], chains.get(shown(t, i, c))):
            counts[uid] += 1
    return counts


async def raw_unread_counts(session: AsyncSession, user_ids: list[str]) -> dict[str, int]:
    rows = await session.execute(
        select(Notification.recipient_id, func.count())
        .where(Notification.recipient_id.in_(user_ids), Notification.read_at.is_(None))
        .group_by(Notification.recipient_id)
    )
    return {uid: int(n) for uid, n in rows}


async def list_notifications(
    session: AsyncSession, reader: Reader, *, unread: bool | None, page: PageParams
) -> NotificationPage:
    assert reader.user is not None
    actor = aliased(User)
    query = (
        select(Notification, display_name(actor), Workspace.name)
        .outerjoin(actor, actor.id == Notification.actor_id)
        .outerjoin(Workspace, Workspace.id == Notification.workspace_id)
        .where(Notification.recipient_id == reader.user.id)
    )
    if unread is True:
        query = query.where(Notification.read_at.is_(None))
    elif unread is False:
        query = query.where(Notification.read_at.is_not(None))
    cursor = time_cursor(page.after)
    if cursor is not None:
        query = query.where(before((Notification.created_at, Notification.id), cursor))
    rows = (
        await session.execute(
            query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(
                page.limit + 1
            )
        )
    ).all()
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    chains = await resolve(session, [shown_by(n) for n, _, _ in rows])
    items = [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            actor=ActorOut(id=n.actor_id, name=actor_name) if n.actor_id and actor_name else None,
            target_type=n.target_type,
            target_id=n.target_id,
            workspace_id=n.workspace_id,
            workspace_name=workspace_name,
            title=n.title,
            text=n.text,
            url=n.url,
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n, actor_name, workspace_name in rows
        if allows(reader, chains.get(shown_by(n)))
    ]
    next_cursor = None
    if more and rows:
        last = rows[-1][0]
        next_cursor = encode_cursor([last.created_at.isoformat(), last.id])
    return NotificationPage(items=items, next_cursor=next_cursor)


async def mark_read(session: AsyncSession, reader: Reader, data: MarkRead) -> int:
    """Mark some or all of mine read; returns the unread count after."""
    assert reader.user is not None
    user_id = reader.user.id
    statement = update(Notification).where(
        Notification.recipient_id == user_id, Notification.read_at.is_(None)
    )
    if not data.all:
        statement = statement.where(Notification.id.in_(data.ids))
    await session.execute(statement.values(read_at=utcnow()))
    count = (await unread_counts(session, {user_id: reader}))[user_id]
    events.after_commit(session, [user_id], "notification", {"unread": count})
    return count


# ---------------------------------------------------------------------------------------
# Demo data


async def seed_notifications(session: AsyncSession, users: dict[str, User]) -> None:
    """A couple of unread notifications for the pilot coordinator and the mentor (once)."""

    # seed-demo names the demo users by their address: veileder@ is the mentor.
    pilot, admin = users.get("pilot"), users.get("admin")
    mentor = users.get("mentor") or users.get("veileder")
    if pilot is None or mentor is None:
        return
    cycle = await session.scalar(
        select(Cycle)
        .join(Membership, Membership.workspace_id == Cycle.workspace_id)
        .join(WorkspaceMentor, WorkspaceMentor.workspace_id == Cycle.workspace_id)
        .where(Membership.user_id == pilot.id, WorkspaceMentor.user_id == mentor.id)
        .order_by(Cycle.created_at)
        .limit(1)
    )
    if cycle is None:
        return
    url = f"/cycles/{cycle.id}"
    when: datetime = utcnow()
    rows = [
        (pilot, "comment", mentor, f"{mentor.name} kommenterte «{cycle.title}»"),
        (pilot, "mentor_feedback", mentor, f"Tilbakemelding fra veilederen på «{cycle.title}»"),
        (mentor, "feed_item", pilot, f"Ny syklus delt: «{cycle.title}»"),
    ]
    if admin is not None:
        rows.append((mentor, "mention", admin, f"{admin.name} nevnte deg i «{cycle.title}»"))
    existing = {
        (r, k, a)
        for r, k, a in await session.execute(
            select(Notification.recipient_id, Notification.kind, Notification.actor_id).where(
                Notification.target_type == "cycle", Notification.target_id == cycle.id
            )
        )
    }
    for recipient, kind, actor, title in rows:
        if (recipient.id, kind, actor.id) in existing:
            continue  # seeded before: seed-demo runs again and again
        session.add(
            Notification(
                recipient_id=recipient.id,
                kind=kind,
                actor_id=actor.id,
                target_type="cycle",
                target_id=cycle.id,
                workspace_id=cycle.workspace_id,
                title=title,
                text="",
                url=url,
                created_at=when,
                email_state=EmailState.none.value,
            )
        )
    await session.flush()
