"""Notifications, email settings, one-click unsubscribe, live events and the mentor queue.
Each endpoint declares who may call it; unsubscribe's signed token is its own credential."""

from __future__ import annotations

import contextlib
import html
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request, Response, status
from fastapi.responses import HTMLResponse, StreamingResponse

from samklang.access.deps import SignedInReader
from samklang.auth.permissions import CurrentUser
from samklang.core.deps import SessionDep, SettingsDep
from samklang.core.pagination import PageDep
from samklang.sharing import events, notifications, queue
from samklang.sharing.notification_models import EmailFrequency
from samklang.sharing.notification_schemas import (
    MarkRead,
    NotificationPage,
    NotificationSettingsIn,
    NotificationSettingsOut,
    QueuePage,
    SeenIn,
    UnreadCount,
    UnsubscribeOut,
)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await events.start(app)
    try:
        yield
    finally:
        await events.stop(app)


router = APIRouter(tags=["notifications"], lifespan=lifespan)


@router.get("/notifications")
async def list_notifications(
    reader: SignedInReader,
    session: SessionDep,
    page: PageDep,
    unread: bool | None = None,
) -> NotificationPage:
    """Mine, newest first (keyset cursor); `unread=true` for the unread ones only. A
    notification whose item I may no longer read is left out."""
    return await notifications.list_notifications(session, reader, unread=unread, page=page)


@router.get("/notifications/unread-count")
async def unread_count(
    user: CurrentUser, reader: SignedInReader, session: SessionDep
) -> UnreadCount:
    counts = await notifications.unread_counts(session, {user.id: reader})
    return UnreadCount(unread=counts[user.id])


@router.post("/notifications/read")
async def mark_read(reader: SignedInReader, session: SessionDep, data: MarkRead) -> UnreadCount:
    """`{"ids": [...]}` or `{"all": true}`; returns the unread count after."""
    return UnreadCount(unread=await notifications.mark_read(session, reader, data))


@router.get("/me/notification-settings")
async def get_notification_settings(
    user: CurrentUser, session: SessionDep
) -> NotificationSettingsOut:
    return await notifications.get_settings_for(session, user)


@router.put("/me/notification-settings")
async def put_notification_settings(
    user: CurrentUser, session: SessionDep, data: NotificationSettingsIn
) -> NotificationSettingsOut:
    return await notifications.set_frequency(session, user, data.email)


PAGE_TEXTS = {
    "title": {
        "nb": "Meld deg av e-postvarsler",
        "nn": "Meld deg av e-postvarsel",
        "en": "Unsubscribe from email notifications",
    },
    "ask": {
        "nb": "Vil du slutte å få e-postvarsler fra Samklang til {email}?",
        "nn": "Vil du slutte å få e-postvarsel frå Samklang til {email}?",
        "en": "Stop email notifications from Samklang to {email}?",
    },
    "button": {"nb": "Meld meg av", "nn": "Meld meg av", "en": "Unsubscribe"},
    "done": {
        "nb": "Du får ikke lenger e-postvarsler fra Samklang. Du kan slå dem på igjen under "
        "varslingsinnstillinger.",
        "nn": "Du får ikkje lenger e-postvarsel frå Samklang. Du kan slå dei på att under "
        "varslingsinnstillingar.",
        "en": "You no longer get email notifications from Samklang. You can turn them on "
        "again in your notification settings.",
    },
    "invalid": {
        "nb": "Lenken er ugyldig.",
        "nn": "Lenkja er ugyldig.",
        "en": "The link is invalid.",
    },
}


def _page(locale: str, body: str, status_code: int = 200) -> HTMLResponse:
    title = PAGE_TEXTS["title"].get(locale, PAGE_TEXTS["title"]["nb"])
    return HTMLResponse(
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{body}</main></body></html>",
        status_code=status_code,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def _text(key: str, locale: str, **params: str) -> str:
    texts = PAGE_TEXTS[key]
    return html.escape((texts.get(locale) or texts["nb"]).format(**params))


Token = Annotated[str, Query(min_length=10, max_length=300)]


@router.get("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe_page(session: SessionDep, settings: SettingsDep, token: Token) -> Response:
    """What the link in every notification email opens: asks to confirm (no sign-in)."""
    user = await notifications.token_user(session, settings, token)
    form = (
        f'<form method="post" action="/api/v1/unsubscribe?token={html.escape(token)}">'
        f"<p>{_text('ask', user.locale, email=user.email)}</p>"
        f'<button type="submit">{_text("button", user.locale)}</button></form>'
    )
    return _page(user.locale, form)


@router.post("/unsubscribe", responses={200: {"content": {"text/html": {}}}})
async def unsubscribe(
    request: Request, session: SessionDep, settings: SettingsDep, token: Token
) -> UnsubscribeOut:
    """Turn off email notifications for the token's owner (one click; RFC 8058 sends
    `List-Unsubscribe=One-Click` here). No sign-in; a tampered token is 400."""
    user = await notifications.unsubscribe(session, settings, token)
    if "text/html" in request.headers.get("accept", ""):
        return _page(user.locale, f"<p>{_text('done', user.locale)}</p>")  # type: ignore[return-value]
    return UnsubscribeOut(email=EmailFrequency.never)


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def event_stream(request: Request, user: CurrentUser, settings: SettingsDep) -> Response:
    """Server-sent events for the signed-in user: `notification` (with the unread count)
    and `feed_item` (id, kind, workspace); a comment every 15 s keeps the line open. The
    stream ends when an access token would expire: reconnect with a fresh one."""
    broker = await events.start(request.app)
    return StreamingResponse(
        events.stream(
            broker,
            user.id,
            settings.events_heartbeat_seconds,
            max_seconds=settings.access_token_minutes * 60,
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/mentor/queue")
async def mentor_queue(user: CurrentUser, session: SessionDep, page: PageDep) -> QueuePage:
    """New and changed cycles, entries and measures in my workspaces since I marked them
    seen, oldest waiting first (the project team: every workspace)."""
    return await queue.mentor_queue(session, user, page)


@router.post("/mentor/queue/seen", status_code=status.HTTP_204_NO_CONTENT)
async def mentor_queue_seen(user: CurrentUser, session: SessionDep, data: SeenIn) -> None:
    await queue.mark_seen(session, user, data)
