"""Notifications: who gets them (never someone who cannot read the item, never the actor),
the in-app list, unread count and mark read, email settings, immediate emails once, and
one-click unsubscribe (signed out, only for its owner, tampered tokens refused)."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.core.config import Settings
from samklang.email.models import EmailMessage
from samklang.network import service as network_service
from samklang.network.models import Tier, WorkspaceRole
from samklang.sharing.notification_models import Notification, NotificationSetting
from samklang.sharing.notifications import unsubscribe_token
from tests.conftest import Deliver, Factory, SmtpServer
from tests.network import conftest as network_conftest
from tests.network.conftest import ROLES, World, make_workspace
from tests.network.test_query_counts import count_queries
from tests.sharing.world_a import LEVELS, may_read
from tests.sharing.world_b import ALL, live, make_cycle, recipients_of, tell

world = network_conftest.world  # the shared fixture
__all__ = ["live"]

CASES = [(level, ws) for level in LEVELS for ws in ("pilot", "other")]


@pytest.mark.parametrize(("level", "ws"), CASES)
async def test_notify_reaches_exactly_the_readers_of_the_item_and_never_the_actor(
    session: AsyncSession, world: World, level: str, ws: str
) -> None:
    cycle = await make_cycle(session, world, ws, level)
    await tell(session, world, cycle, actor="admin")
    expected = {r for r in ALL if r != "admin" and may_read(r, ws, level)}
    assert await recipients_of(session, world, cycle.id) == expected


@pytest.mark.parametrize(("level", "ws"), CASES)
async def test_the_list_and_count_follow_the_item_when_its_visibility_is_lowered(
    client: httpx.AsyncClient, session: AsyncSession, world: World, level: str, ws: str
) -> None:
    cycle = await make_cycle(session, world, ws, "public")
    await tell(session, world, cycle, actor=None)
    cycle.visibility = level
    await session.commit()
    for role in ALL:
        headers = world.headers(role)
        listed = (await client.get("/api/v1/notifications", headers=headers)).json()["items"]
        count = (await client.get("/api/v1/notifications/unread-count", headers=headers)).json()
        expected = may_read(role, ws, level)
        assert ([n["target_id"] for n in listed] == [cycle.id]) == expected, (role, level)
        assert count == {"unread": 1 if expected else 0}, (role, level)


async def test_deleting_the_item_removes_its_notifications_from_view(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    cycle = await make_cycle(session, world, "pilot", "network")
    await tell(session, world, cycle)
    await session.delete(cycle)
    await session.commit()
    body = (await client.get("/api/v1/notifications", headers=world.headers("member"))).json()
    assert body["items"] == []


async def test_notify_twice_records_once(session: AsyncSession, world: World) -> None:
    cycle = await make_cycle(session, world)
    await tell(session, world, cycle, recipients=("member",))
    await tell(session, world, cycle, recipients=("member",))
    rows = list(await session.scalars(select(Notification)))
    assert len(rows) == 1


async def test_a_rolled_back_act_leaves_no_notification(
    maker: object, session: AsyncSession, world: World
) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from samklang.sharing.notify import notify

    assert isinstance(maker, async_sessionmaker)
    cycle = await make_cycle(session, world)
    async with maker() as failing:
        await notify(
            failing,
            recipients=[world.users["member"].id],
            kind="comment",
            actor_id=None,
            target_type="cycle",
            target_id=cycle.id,
            workspace_id=cycle.workspace_id,
            title="x",
        )
        await failing.rollback()
    assert list(await session.scalars(select(Notification))) == []


async def test_list_is_newest_first_with_a_keyset_cursor_and_constant_queries(
    client: httpx.AsyncClient, session: AsyncSession, world: World, engine: AsyncEngine
) -> None:
    cycles = [await make_cycle(session, world, title=f"S{i}") for i in range(7)]
    for i, cycle in enumerate(cycles):
        await tell(session, world, cycle, recipients=("member",), title=f"N{i}")
    headers = world.headers("member")
    titles: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = (await client.get("/api/v1/notifications", params=params, headers=headers)).json()
        titles += [n["title"] for n in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert titles == [f"N{i}" for i in reversed(range(7))]
    assert body["items"][-1]["actor"] == {
        "id": world.users["coordinator"].id,
        "name": "Kari Koordinator",
    }
    assert body["items"][-1]["workspace_name"] == "Bodø"

    async def queries(limit: int) -> int:
        with count_queries(engine) as statements:
            response = await client.get(
                "/api/v1/notifications", params={"limit": limit}, headers=headers
            )
        assert response.status_code == 200
        return len(statements)

    assert await queries(1) == await queries(7)


async def test_mark_read_by_ids_and_all_only_touches_mine(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    cycles = [await make_cycle(session, world, title=f"S{i}") for i in range(3)]
    for cycle in cycles:
        await tell(session, world, cycle, recipients=("member", "coordinator"), actor="admin")
    member = world.headers("member")
    mine = (await client.get("/api/v1/notifications", headers=member)).json()["items"]
    theirs = (
        await client.get("/api/v1/notifications", headers=world.headers("coordinator"))
    ).json()["items"]
    response = await client.post(
        "/api/v1/notifications/read",
        json={"ids": [mine[0]["id"], theirs[1]["id"]]},
        headers=member,
    )
    assert response.json() == {"unread": 2}
    unread = (
        await client.get("/api/v1/notifications", params={"unread": "true"}, headers=member)
    ).json()["items"]
    assert [n["id"] for n in unread] == [mine[1]["id"], mine[2]["id"]]
    read = (
        await client.get("/api/v1/notifications", params={"unread": "false"}, headers=member)
    ).json()["items"]
    assert [n["id"] for n in read] == [mine[0]["id"]]
    # The coordinator's are untouched.
    count = await client.get(
        "/api/v1/notifications/unread-count", headers=world.headers("coordinator")
    )
    assert count.json() == {"unread": 3}
    response = await client.post("/api/v1/notifications/read", json={"all": True}, headers=member)
    assert response.json() == {"unread": 0}
    response = await client.post("/api/v1/notifications/read", json={}, headers=member)
    assert response.status_code == 422


async def test_settings_default_to_daily_and_weekly_for_observers(
    client: httpx.AsyncClient, world: World, factory: Factory, session: AsyncSession
) -> None:
    async def get(who: str) -> dict[str, object]:
        response = await client.get("/api/v1/me/notification-settings", headers=world.headers(who))
        assert response.status_code == 200
        return dict(response.json())

    assert await get("member") == {"email": "daily", "is_default": True}
    assert await get("mentor") == {"email": "daily", "is_default": True}
    assert await get("observer") == {"email": "weekly", "is_default": True}
    # An observer who also belongs to a pilot workspace gets the daily default.
    both = await factory.user(name="Begge")
    await network_service.add_member(
        session, both, world.observer, role=WorkspaceRole.member, function="other"
    )
    await network_service.add_member(
        session, both, world.pilot, role=WorkspaceRole.member, function="other"
    )
    await session.commit()
    world.users["both"] = both
    assert await get("both") == {"email": "daily", "is_default": True}

    response = await client.put(
        "/api/v1/me/notification-settings",
        json={"email": "immediate"},
        headers=world.headers("observer"),
    )
    assert response.json() == {"email": "immediate", "is_default": False}
    assert await get("observer") == {"email": "immediate", "is_default": False}
    response = await client.put(
        "/api/v1/me/notification-settings",
        json={"email": "hourly"},
        headers=world.headers("member"),
    )
    assert response.status_code == 422


async def test_immediate_email_is_sent_once_in_the_recipients_language(
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    live: FastAPI,
    deliver: Deliver,
    smtp: SmtpServer,
) -> None:
    member = world.users["member"]
    member.locale = "en"
    session.add(NotificationSetting(user_id=member.id, email="immediate"))
    session.add(NotificationSetting(user_id=world.users["coordinator"].id, email="never"))
    await session.commit()
    cycle = await make_cycle(session, world, title="Kor for alle")
    await tell(session, world, cycle, recipients=("member", "coordinator"), actor="mentor")
    await tell(session, world, cycle, recipients=("member", "coordinator"), actor="mentor")
    assert await deliver() == 1
    assert await deliver() == 0
    (message,) = smtp.mailbox.messages
    assert message["To"] == member.email
    body = smtp.mailbox.bodies()[0]
    assert "Hello Mads Medlem" in body
    assert f"http://testserver/cycles/{cycle.id}" in body
    token = unsubscribe_token(live.state.settings, member.id)
    url = f"http://testserver/api/v1/unsubscribe?token={token}"
    assert url in body
    # Mail clients offer their own unsubscribe button (RFC 2369 / RFC 8058) ...
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The digest will not send it again.
    states = {n.recipient_id: n.email_state for n in await session.scalars(select(Notification))}
    assert states == {member.id: "sent", world.users["coordinator"].id: "none"}
    # ... which POSTs the one-click body to that URL, signed out: the member is unsubscribed.
    response = await client.post(
        url.removeprefix("http://testserver"), content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert response.status_code == 200
    member_id = world.users["member"].id
    session.expire_all()
    setting = await session.get(NotificationSetting, member_id)
    assert setting is not None and setting.email == "never"


async def test_unsubscribe_works_signed_out_and_only_for_its_owner(
    client: httpx.AsyncClient, session: AsyncSession, world: World, settings: Settings
) -> None:
    member_id, coordinator_id = world.users["member"].id, world.users["coordinator"].id
    email = world.users["member"].email
    token = unsubscribe_token(settings, member_id)
    page = await client.get("/api/v1/unsubscribe", params={"token": token})
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert email in page.text and 'method="post"' in page.text
    # Showing the page changes nothing (mail scanners open links).
    assert await session.get(NotificationSetting, member_id) is None

    response = await client.post("/api/v1/unsubscribe", params={"token": token})
    assert response.status_code == 200
    assert response.json() == {"email": "never"}
    session.expire_all()
    row = await session.get(NotificationSetting, member_id)
    assert row is not None and row.email == "never"
    assert await session.get(NotificationSetting, coordinator_id) is None
    # RFC 8058 one-click: a form POST with List-Unsubscribe=One-Click; browsers get a page.
    response = await client.post(
        "/api/v1/unsubscribe",
        params={"token": token},
        data={"List-Unsubscribe": "One-Click"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200 and "<h1>" in response.text

    # A token is bound to its user: changing the user part, or the signature, is refused.
    other = unsubscribe_token(settings, coordinator_id)
    forged = other.split(".")[0] + "." + token.split(".")[1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, tampered, "not-a-token-at-all", token.split(".")[0] + "."):
        for method in ("GET", "POST"):
            response = await client.request(method, "/api/v1/unsubscribe", params={"token": bad})
            assert response.status_code in (400, 422), (bad, method, response.text)
    session.expire_all()
    assert await session.get(NotificationSetting, coordinator_id) is None
    # Signed with another secret: refused.
    foreign = unsubscribe_token(
        settings.model_copy(update={"secret_key": SecretStr("x" * 40)}), member_id
    )
    response = await client.post("/api/v1/unsubscribe", params={"token": foreign})
    assert response.status_code == 400


async def test_observer_only_user_in_a_new_observer_workspace_defaults_weekly(
    client: httpx.AsyncClient, session: AsyncSession, world: World, factory: Factory
) -> None:
    ws = await make_workspace(session, "Fjaler", Tier.observer, ["4646"], world.cohort)
    user = await factory.user(name="Ny Observatør")
    await network_service.add_member(session, user, ws, role=WorkspaceRole.member, function="other")
    await session.commit()
    response = await client.get("/api/v1/me/notification-settings", headers=factory.headers(user))
    assert response.json()["email"] == "weekly"


ENDPOINTS = [
    ("GET", "/api/v1/notifications", None),
    ("GET", "/api/v1/notifications/unread-count", None),
    ("POST", "/api/v1/notifications/read", {"all": True}),
    ("GET", "/api/v1/me/notification-settings", None),
    ("PUT", "/api/v1/me/notification-settings", {"email": "weekly"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
async def test_every_notification_endpoint_for_every_role(
    client: httpx.AsyncClient,
    world: World,
    role: str,
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    response = await client.request(method, path, json=body, headers=world.headers(role))
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 200, response.text


async def test_no_email_is_queued_for_a_recipient_who_cannot_read(
    session: AsyncSession, world: World
) -> None:
    for role in ALL:
        session.add(NotificationSetting(user_id=world.users[role].id, email="immediate"))
    await session.commit()
    cycle = await make_cycle(session, world, "pilot", "workspace")
    await tell(session, world, cycle, actor=None)
    to = set(await session.scalars(select(EmailMessage.to_address)))
    assert to == {world.users[r].email for r in ("admin", "mentor", "coordinator", "member")}
