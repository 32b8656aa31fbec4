"""Live events: the stream through the ASGI app (in-process broker), exactly the listed
users receive an event, notifications arrive after commit with the unread count, heartbeats,
clean-up on disconnect; and two app instances sharing a Redis deliver to each other's
clients (with CI=true a missing Redis fails this test)."""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from samklang.core.config import Settings
from samklang.main import create_app
from samklang.sharing import events, feed
from samklang.sharing.events import publish_event
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.sharing.world_a import LEVELS, may_read
from tests.sharing.world_b import ALL, SSE, make_cycle, sse, tell

world = network_conftest.world  # the shared fixture

REDIS_URL = os.environ.get("SAMKLANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def fast(app: FastAPI, settings: Settings) -> Any:
    """The app with a short heartbeat and its broker started."""
    app.state.settings = settings.model_copy(update={"events_heartbeat_seconds": 0.2})
    await events.start(app)
    try:
        yield app
    finally:
        await events.stop(app)


async def until_ping(conn: SSE) -> list[tuple[str, dict[str, Any]]]:
    """Every event up to the next "ping" (which everyone is sent)."""
    seen: list[tuple[str, dict[str, Any]]] = []
    while True:
        kind, data = await conn.event()
        if kind == "ping":
            return seen
        seen.append((kind, data))


async def test_signed_out_gets_401(fast: FastAPI) -> None:
    async with sse(fast, {}) as conn:
        assert conn.status == 401


async def test_a_notification_arrives_after_commit_with_the_unread_count(
    fast: FastAPI, session: AsyncSession, world: World
) -> None:
    cycle = await make_cycle(session, world)
    async with sse(fast, world.headers("member")) as conn:
        assert conn.status == 200
        assert conn.headers["content-type"].startswith("text/event-stream")
        assert ": connected" in await conn.read()
        await tell(session, world, cycle, recipients=("member",), title="Hei")
        kind, data = await conn.event()
        assert kind == "notification"
        assert data["title"] == "Hei" and data["unread"] == 1
        assert data["url"] == f"/cycles/{cycle.id}"
        # A heartbeat comment keeps the line open while nothing happens.
        assert await conn.read() == ": heartbeat"


async def test_nothing_is_announced_for_a_rolled_back_act(
    fast: FastAPI,
    session: AsyncSession,
    world: World,
    maker: async_sessionmaker[AsyncSession],
) -> None:
    from samklang.sharing.notify import notify

    cycle = await make_cycle(session, world)
    member = world.users["member"].id
    async with sse(fast, world.headers("member")) as conn:
        async with maker() as failing:
            await notify(
                failing,
                recipients=[member],
                kind="comment",
                actor_id=None,
                target_type="cycle",
                target_id=cycle.id,
                workspace_id=cycle.workspace_id,
                title="Rullet tilbake",
            )
            await failing.rollback()
        await publish_event([member], "ping", {})
        assert await until_ping(conn) == []


async def test_a_feed_item_is_announced_after_commit_and_never_for_a_rollback(
    fast: FastAPI,
    session: AsyncSession,
    world: World,
    maker: async_sessionmaker[AsyncSession],
) -> None:
    cycle = await make_cycle(session, world, level="workspace")
    await session.commit()
    member = world.users["member"].id

    async def share(db: AsyncSession) -> None:
        await feed.publish(
            db,
            kind="reflection",
            source_type="cycle",
            source_id=cycle.id,
            workspace_id=cycle.workspace_id,
            visibility="network",
            title="Delt syklus",
            excerpt="",
            author_id=None,
        )

    async with sse(fast, world.headers("member")) as conn:
        async with maker() as failing:
            await share(failing)
            await failing.rollback()
        await publish_event([member], "ping", {})
        assert await until_ping(conn) == []  # nothing for a write that rolled back
        async with maker() as saving:
            await share(saving)
            await publish_event([member], "ping", {})
            assert await until_ping(conn) == []  # nothing before the commit
            await saving.commit()
        # the member follows their own workspace: told, and the page gets the item
        kinds = {(await conn.event())[0], (await conn.event())[0]}
        assert kinds == {"notification", "feed_item"}


async def test_marking_read_pushes_the_new_count_to_my_other_pages(
    fast: FastAPI, client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    cycle = await make_cycle(session, world)
    await tell(session, world, cycle, recipients=("member",))
    async with sse(fast, world.headers("member")) as conn:
        response = await client.post(
            "/api/v1/notifications/read", json={"all": True}, headers=world.headers("member")
        )
        assert response.json() == {"unread": 0}
        kind, data = await conn.event()
        assert (kind, data) == ("notification", {"unread": 0})


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("ws", ["pilot", "other"])
async def test_events_reach_exactly_the_readers(
    fast: FastAPI, session: AsyncSession, world: World, level: str, ws: str
) -> None:
    cycle = await make_cycle(session, world, ws, level)
    everyone = [world.users[r].id for r in ALL]
    async with contextlib_stack(fast, world) as conns:
        await tell(session, world, cycle, actor=None, title="Til lesere")
        # A feed item event goes exactly to the users it lists (sharing computes readers).
        readers = [world.users[r].id for r in ALL if may_read(r, ws, level)]
        await publish_event(readers, "feed_item", {"id": cycle.id, "kind": "reflection"})
        await asyncio.sleep(0.05)  # the notification events are published after commit
        await publish_event(everyone, "ping", {})
        for role, conn in conns.items():
            got = {kind for kind, _ in await until_ping(conn)}
            expected = {"notification", "feed_item"} if may_read(role, ws, level) else set()
            assert got == expected, (role, ws, level)


class contextlib_stack:  # noqa: N801 - used as a context manager
    """One open stream per role."""

    def __init__(self, app: FastAPI, world: World) -> None:
        self.app, self.world = app, world
        self.managers: list[Any] = []

    async def __aenter__(self) -> dict[str, SSE]:
        conns: dict[str, SSE] = {}
        for role in ALL:
            manager = sse(self.app, self.world.headers(role))
            conns[role] = await manager.__aenter__()
            self.managers.append(manager)
            assert ": connected" in await conns[role].read()
        return conns

    async def __aexit__(self, *exc: object) -> None:
        for manager in reversed(self.managers):
            await manager.__aexit__(None, None, None)


async def test_a_closed_connection_is_cleaned_up(fast: FastAPI, world: World) -> None:
    broker = fast.state.event_broker
    async with sse(fast, world.headers("member")) as conn:
        await conn.read()
        assert broker.hub.connection_count() == 1
    assert conn.task is not None and conn.task.done()
    assert broker.hub.connection_count() == 0
    # Publishing to someone with no open page is harmless.
    await publish_event([world.users["member"].id], "ping", {})


async def _redis_available() -> bool:
    import redis.asyncio as redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return bool(await client.ping())
    except (OSError, redis.RedisError):
        return False
    finally:
        await client.aclose()  # type: ignore[no-untyped-call]


async def test_two_app_instances_deliver_to_each_other_through_redis(
    settings: Settings,
    engine: AsyncEngine,
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
) -> None:
    if not await _redis_available():
        message = f"Redis at {REDIS_URL} is unreachable"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(f"{message} (this fails when CI=true)")
    shared = settings.model_copy(
        update={
            "redis_url": REDIS_URL,
            "events_channel_prefix": f"samklang-test-{uuid.uuid4().hex}",
            "events_heartbeat_seconds": 0.5,
        }
    )
    apps = [create_app(shared), create_app(shared)]
    for app in apps:
        app.state.engine = engine
        app.state.sessionmaker = maker
        await events.start(app)
    one, two = apps
    try:
        assert isinstance(two.state.event_broker, events.RedisBroker)
        cycle = await make_cycle(session, world)
        member = world.users["member"].id
        async with (
            sse(two, world.headers("member")) as on_two,
            sse(one, world.headers("observer")) as observer_on_one,
        ):
            assert ": connected" in await on_two.read()
            assert ": connected" in await observer_on_one.read()
            # Published by instance one's broker: reaches the client of instance two.
            await one.state.event_broker.publish(
                [member], {"type": "feed_item", "data": {"id": "x"}}
            )
            assert await on_two.event() == ("feed_item", {"id": "x"})
            # A notification made in a request on instance one reaches instance two.
            transport = httpx.ASGITransport(app=one, client=("127.0.0.1", 40002))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                await tell(session, world, cycle, recipients=("member",), title="Via Redis")
                kind, data = await on_two.event()
                assert kind == "notification" and data["title"] == "Via Redis"
                response = await c.post(
                    "/api/v1/notifications/read",
                    json={"all": True},
                    headers=world.headers("member"),
                )
                assert response.status_code == 200
                assert await on_two.event() == ("notification", {"unread": 0})
            # Only the listed users: the observer on instance one got none of it.
            await publish_event([world.users["observer"].id], "ping", {})
            assert await until_ping(observer_on_one) == []
    finally:
        for app in apps:
            await events.stop(app)


async def test_a_stream_ends_when_its_token_would_have_expired() -> None:
    broker = events.InProcessBroker()
    chunks = [c async for c in events.stream(broker, "u1", 0.1, max_seconds=0.35)]
    assert chunks[0].startswith("retry:")
    assert 1 <= chunks.count(": heartbeat\n\n") <= 4
    assert broker.hub.connection_count() == 0


async def test_many_recipients_at_once_get_the_event_with_a_plain_count(
    fast: FastAPI, session: AsyncSession, world: World
) -> None:
    from samklang.sharing.notifications import CHECKED_COUNTS
    from samklang.sharing.notify import notify

    followers = [await world.factory.user(name=f"F{i}") for i in range(CHECKED_COUNTS + 1)]
    cycle = await make_cycle(session, world, "pilot", "public")
    async with sse(fast, world.factory.headers(followers[-1])) as conn:
        await notify(
            session,
            recipients=[u.id for u in followers],
            kind="followed_item",
            actor_id=None,
            target_type="cycle",
            target_id=cycle.id,
            workspace_id=cycle.workspace_id,
            title="Mange",
        )
        await session.commit()
        kind, data = await conn.event()
        assert kind == "notification" and data["unread"] == 1
