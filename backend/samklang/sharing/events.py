"""Live events for open pages: `GET /api/v1/events` (server-sent events) per signed-in user.

A broker carries events from where they happen to the connections of their recipients:

- in-process (the default): one asyncio queue per open connection, in this process only;
- Redis pub/sub (`SAMKLANG_REDIS_URL`): every process publishes to one channel and listens
  to it, delivering to its own connections, so that several API processes reach each
  other's clients.

`publish_event(user_ids, event_type, payload)` is what other code calls: only the listed
users receive the event (callers decide who may read what the event is about). Each app
starts its broker in the router's lifespan (`start`), and `publish_event` sends through
every broker started in this process (once per Redis channel).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any, Protocol

from fastapi import FastAPI
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from samklang.core.config import Settings, get_settings

logger = logging.getLogger(__name__)

QUEUE_SIZE = 256


class LocalHub:
    """The open connections of this app: user id -> their queues."""

    def __init__(self) -> None:
        self.queues: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}

    def deliver(self, user_ids: Iterable[str], event: dict[str, Any]) -> None:
        for user_id in set(user_ids):
            for queue in self.queues.get(user_id, ()):
                try:
                    queue.put_nowait(event)
                except asyncio.QueueFull:  # a stalled client loses events, not the server
                    logger.warning("Event queue full for a connection of %s", user_id)

    @contextlib.asynccontextmanager
    async def connect(self, user_id: str) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.queues.setdefault(user_id, set()).add(queue)
        try:
            yield queue
        finally:
            queues = self.queues.get(user_id)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self.queues[user_id]

    def connection_count(self) -> int:
        return sum(len(q) for q in self.queues.values())


class Broker(Protocol):
    hub: LocalHub

    @property
    def key(self) -> str: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(self, user_ids: list[str], event: dict[str, Any]) -> None: ...


class InProcessBroker:
    def __init__(self) -> None:
        self.hub = LocalHub()

    @property
    def key(self) -> str:
        return f"local:{id(self)}"

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, user_ids: list[str], event: dict[str, Any]) -> None:
        self.hub.deliver(user_ids, event)


class RedisBroker:
    """Publishes to one Redis channel; a listener task delivers what arrives to this app's
    connections (including what this process published itself)."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis.asyncio as redis

        self.hub = LocalHub()
        self.url = url
        self.channel = f"{prefix}:events"
        self.client = redis.Redis.from_url(url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.task: asyncio.Task[None] | None = None

    @property
    def key(self) -> str:
        return f"redis:{self.url}:{self.channel}"

    async def start(self) -> None:
        await self.pubsub.subscribe(self.channel)
        self.task = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        while True:
            try:
                message = await self.pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Redis event listener failed; retrying")
                await asyncio.sleep(1.0)
                continue
            if message is None or message.get("type") != "message":
                continue
            try:
                data = json.loads(message["data"])
                self.hub.deliver(data["user_ids"], data["event"])
            except (ValueError, KeyError, TypeError):
                logger.warning("Ignoring a malformed event on %s", self.channel)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        with contextlib.suppress(Exception):
            await self.pubsub.unsubscribe(self.channel)
        await self.pubsub.aclose()
        await self.client.aclose()

    async def publish(self, user_ids: list[str], event: dict[str, Any]) -> None:
        payload = json.dumps({"user_ids": user_ids, "event": event}, default=str)
        await self.client.publish(self.channel, payload)


# Brokers started in this process (normally one, per app; tests run several apps).
_brokers: list[Broker] = []
_settings: list[Settings] = []


def make_broker(settings: Settings) -> Broker:
    if settings.redis_url:
        return RedisBroker(settings.redis_url, settings.events_channel_prefix)
    return InProcessBroker()


async def start(app: FastAPI) -> Broker:
    """Start the app's broker (idempotent); called from the router's lifespan."""
    existing: Broker | None = getattr(app.state, "event_broker", None)
    if existing is not None:
        return existing
    settings: Settings = app.state.settings
    broker = make_broker(settings)
    await broker.start()
    app.state.event_broker = broker
    _brokers.append(broker)
    _settings.append(settings)
    return broker


async def stop(app: FastAPI) -> None:
    broker: Broker | None = getattr(app.state, "event_broker", None)
    if broker is None:
        return
    app.state.event_broker = None
    with contextlib.suppress(ValueError):
        index = _brokers.index(broker)
        del _brokers[index]
        del _settings[index]
    await broker.stop()


def current_settings() -> Settings:
    """The settings of the app running in this process (the latest started), else the
    environment's: used where no request is at hand (`notify` has no settings argument)."""
    return _settings[-1] if _settings else get_settings()


async def publish_event(user_ids: Iterable[str], event_type: str, payload: dict[str, Any]) -> None:
    """Send an event to the open pages of exactly these users."""
    targets = sorted(set(user_ids))
    if not targets:
        return
    event = {"type": event_type, "data": payload}
    seen: set[str] = set()
    for broker in list(_brokers):
        if broker.key in seen:
            continue
        seen.add(broker.key)
        try:
            await broker.publish(targets, event)
        except Exception:  # noqa: BLE001 - a live update is best effort; the data is saved
            logger.warning("Could not publish a %s event", event_type, exc_info=True)


def format_sse(event: dict[str, Any]) -> str:
    data = json.dumps(event.get("data", {}), separators=(",", ":"), default=str)
    return f"event: {event['type']}\ndata: {data}\n\n"


async def stream(
    broker: Broker, user_id: str, heartbeat_seconds: float, max_seconds: float | None = None
) -> AsyncIterator[str]:
    """The text of one connection: a greeting, then events, and a comment every
    `heartbeat_seconds` so proxies keep it open. The queue goes when the client does. After
    `max_seconds` (the access token's lifetime) the stream ends, so the client reconnects
    with a fresh token and a deactivated account stops receiving."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_seconds if max_seconds else None
    async with broker.hub.connect(user_id) as queue:
        yield "retry: 5000\n: connected\n\n"
        while True:
            wait = heartbeat_seconds
            if deadline is not None:
                left = deadline - loop.time()
                if left <= 0:
                    return
                wait = min(wait, left)
            try:
                event = await asyncio.wait_for(queue.get(), timeout=wait)
            except TimeoutError:
                if deadline is None or loop.time() < deadline:
                    yield ": heartbeat\n\n"
                continue
            yield format_sse(event)


# ---------------------------------------------------------------------------------------
# Live events after commit: a notification is announced only once it exists.

_PENDING = "samklang.pending_events"
_tasks: set[asyncio.Task[None]] = set()


def after_commit(session: AsyncSession, user_ids: list[str], kind: str, payload: Any) -> None:
    """Send an event to these users once the transaction commits, never for a write that
    rolls back. `payload` may be a function of the user id."""
    session.info.setdefault(_PENDING, []).append((user_ids, kind, payload))


@sa_event.listens_for(Session, "after_commit")
def _publish_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    for user_ids, kind, payload in pending:
        for uid in user_ids:
            data = payload(uid) if callable(payload) else payload
            task = loop.create_task(publish_event([uid], kind, data))
            _tasks.add(task)
            task.add_done_callback(_tasks.discard)


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the whole unit of work was rolled back
        session.info.pop(_PENDING, None)
