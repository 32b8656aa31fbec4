"""Fixtures and helpers for the notification, digest, event and mentor-queue tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.learning.models import Cycle, Entry, Measure
from samklang.sharing import events
from samklang.sharing.notification_models import Notification
from samklang.sharing.notify import notify
from tests.network.conftest import World

ALL = ("admin", "mentor", "other_mentor", "coordinator", "member", "other_member", "observer")


@pytest.fixture
async def live(app: FastAPI) -> AsyncIterator[FastAPI]:
    """The app with its event broker started, as its lifespan does in production."""
    await events.start(app)
    try:
        yield app
    finally:
        await events.stop(app)


def ws_id(world: World, ws: str) -> str:
    return world.pilot.id if ws == "pilot" else world.other.id


async def make_cycle(
    session: AsyncSession,
    world: World,
    ws: str = "pilot",
    level: str = "network",
    title: str = "Syklus",
    at: datetime | None = None,
    by: str | None = None,
) -> Cycle:
    when = at or datetime.now(UTC)
    cycle = Cycle(
        workspace_id=ws_id(world, ws),
        title=title,
        visibility=level,
        created_at=when,
        updated_at=when,
        created_by_id=world.users[by].id if by else None,
        updated_by_id=world.users[by].id if by else None,
    )
    session.add(cycle)
    await session.commit()
    return cycle


async def make_entry(
    session: AsyncSession, world: World, cycle: Cycle, at: datetime, by: str | None = None
) -> Entry:
    entry = Entry(
        cycle_id=cycle.id,
        workspace_id=cycle.workspace_id,
        phase="plan",
        body="Logg",
        visibility=cycle.visibility,
        author_id=world.users[by].id if by else None,
        created_at=at,
        updated_at=at,
    )
    session.add(entry)
    await session.commit()
    return entry


async def make_measure(
    session: AsyncSession, world: World, ws: str, name: str, at: datetime
) -> Measure:
    measure = Measure(
        workspace_id=ws_id(world, ws), name=name, kind="outcome", created_at=at, updated_at=at
    )
    session.add(measure)
    await session.commit()
    return measure


async def tell(
    session: AsyncSession,
    world: World,
    cycle: Cycle,
    recipients: tuple[str, ...] = ALL,
    actor: str | None = "coordinator",
    kind: str = "comment",
    title: str = "Ny kommentar",
) -> None:
    await notify(
        session,
        recipients=[world.users[r].id for r in recipients],
        kind=kind,
        actor_id=world.users[actor].id if actor else None,
        target_type="cycle",
        target_id=cycle.id,
        workspace_id=cycle.workspace_id,
        title=title,
        text="Se hva som skjer",
        url=f"/cycles/{cycle.id}",
    )
    await session.commit()


async def recipients_of(session: AsyncSession, world: World, target_id: str) -> set[str]:
    ids = set(
        await session.scalars(
            select(Notification.recipient_id).where(Notification.target_id == target_id)
        )
    )
    return {role for role, user in world.users.items() if user.id in ids}


def ago(**kwargs: float) -> datetime:
    return datetime.now(UTC) - timedelta(**kwargs)


@dataclass
class SSE:
    """One server-sent-events connection straight through the ASGI app (httpx's ASGI
    transport waits for the whole body, which a stream never finishes)."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    buffer: str = ""
    chunks: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    async def read(self, wait: float = 5.0) -> str:
        """The next block (up to a blank line) of the stream."""
        while "\n\n" not in self.buffer:
            message = await asyncio.wait_for(self.chunks.get(), wait)
            if message["type"] == "http.response.body":
                self.buffer += message.get("body", b"").decode()
        block, self.buffer = self.buffer.split("\n\n", 1)
        return block

    async def event(self, wait: float = 5.0) -> tuple[str, dict[str, Any]]:
        """The next event (skipping comments)."""
        while True:
            block = await self.read(wait)
            lines = [line for line in block.split("\n") if not line.startswith((":", "retry"))]
            if not lines:
                continue
            kind = next(line[7:] for line in lines if line.startswith("event: "))
            data = next(line[6:] for line in lines if line.startswith("data: "))
            return kind, json.loads(data)


@contextlib.asynccontextmanager
async def sse(
    app: FastAPI, headers: dict[str, str], path: str = "/api/v1/events"
) -> AsyncIterator[SSE]:
    conn = SSE()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 40001),
        "server": ("testserver", 80),
        "state": {},
    }

    async def receive() -> dict[str, Any]:
        await conn.closed.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            conn.status = message["status"]
            conn.headers = {k.decode(): v.decode() for k, v in message.get("headers", [])}
        await conn.chunks.put(message)

    conn.task = asyncio.create_task(app(scope, receive, send))
    try:
        start = await asyncio.wait_for(conn.chunks.get(), 5)
        assert start["type"] == "http.response.start"
        yield conn
    finally:
        conn.closed.set()
        try:
            await asyncio.wait_for(conn.task, 5)
        except TimeoutError:
            conn.task.cancel()
