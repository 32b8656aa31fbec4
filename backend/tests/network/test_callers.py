"""The signed-in person and their reader state are kept in memory between reads, and every
change to them (sign-out, an ended sign-in, a deleted account, a role change, a membership
change, and the same written by another process) takes effect on the next request."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from samklang.auth.models import Role
from samklang.core.changes import CHANNEL, ChangeListener
from tests.conftest import PASSWORD, Factory
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries

ME = "/api/v1/me"
COOKIE = "samklang_refresh"


async def me(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.get(ME, headers=headers)


async def login(client: httpx.AsyncClient, email: str) -> tuple[dict[str, str], str]:
    client.cookies.clear()
    response = await client.post(
        "/api/v1/auth/login", data={"username": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}, response.cookies[COOKIE]


async def test_a_repeated_me_costs_no_query(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    headers = world.headers("member")
    first = await me(client, headers)
    assert first.status_code == 200
    assert [m["workspace_name"] for m in first.json()["memberships"]] == ["Bodø"]
    with count_queries(engine) as statements:
        again = await me(client, headers)
    assert again.json() == first.json()
    assert statements == []


async def test_sign_out_takes_effect_on_the_next_read(
    client: httpx.AsyncClient, world: World
) -> None:
    headers, cookie = await login(client, world.users["member"].email)
    assert (await me(client, headers)).status_code == 200
    assert (await me(client, headers)).status_code == 200  # from memory
    client.cookies.set(COOKIE, cookie)
    assert (await client.post("/api/v1/auth/logout")).status_code == 204
    assert (await me(client, headers)).status_code == 401


async def test_an_ended_sign_in_takes_effect_on_the_next_read(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    member = world.users["member"]
    old = world.headers("member")
    laptop, _ = await login(client, member.email)
    assert (await me(client, old)).status_code == 200
    ended = await client.delete(
        f"/api/v1/me/sign-ins/{factory.sign_ins[member.id]}", headers=laptop
    )
    assert ended.status_code == 204
    assert (await me(client, old)).status_code == 401
    assert (await me(client, laptop)).status_code == 200


async def test_a_deleted_account_takes_effect_on_the_next_read(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.headers("member")
    assert (await me(client, headers)).status_code == 200
    deleted = await client.delete(
        f"/api/v1/users/{world.users['member'].id}", headers=world.headers("admin")
    )
    assert deleted.status_code == 204, deleted.text
    assert (await me(client, headers)).status_code == 401


async def test_a_role_change_takes_effect_on_the_next_read(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    mentor = world.users["other_mentor"]
    headers = world.headers("other_mentor")
    assert (await me(client, headers)).json()["role"] == "mentor"
    audit = "/api/v1/audit"
    assert (await client.get(audit, headers=headers)).status_code == 403
    mentor.role = Role.admin.value
    await session.commit()
    assert (await me(client, headers)).json()["role"] == "admin"
    assert (await client.get(audit, headers=headers)).status_code == 200


async def test_a_membership_change_takes_effect_on_the_next_read(
    client: httpx.AsyncClient, world: World
) -> None:
    coordinator = world.headers("coordinator")
    member = world.users["member"]
    headers = world.headers("member")
    cycles = f"/api/v1/workspaces/{world.pilot.id}/cycles"
    made = await client.post(
        cycles, json={"title": "Bare for oss", "visibility": "workspace"}, headers=coordinator
    )
    assert made.status_code == 201, made.text
    assert [c["title"] for c in (await client.get(cycles, headers=headers)).json()["items"]] == [
        "Bare for oss"
    ]
    assert len((await me(client, headers)).json()["memberships"]) == 1
    removed = await client.delete(
        f"/api/v1/workspaces/{world.pilot.id}/members/{member.id}", headers=coordinator
    )
    assert removed.status_code == 204, removed.text
    assert (await me(client, headers)).json()["memberships"] == []
    assert (await client.get(cycles, headers=headers)).json()["items"] == []


async def test_a_write_by_another_process_takes_effect_when_its_notification_arrives(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    connection: AsyncConnection,
    database_url: str,
) -> None:
    """Another API process's commit reaches this one as a NOTIFY (core/changes.py); here the
    write goes past this process's sessions, and the notification is handed to a listener
    as PostgreSQL would deliver it."""
    mentor = world.users["other_mentor"]
    headers = world.headers("other_mentor")
    assert (await me(client, headers)).json()["role"] == "mentor"
    await connection.execute(
        text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": mentor.id}
    )
    # Nothing in this process wrote: the memo stands (this is what makes a read cheap) ...
    assert (await me(client, headers)).json()["role"] == "mentor"
    # ... until the peer's notification arrives.
    ChangeListener(database_url)._heard(None, 0, CHANNEL, "peer:users")  # noqa: SLF001
    assert (await me(client, headers)).json()["role"] == "admin"
    # While this process cannot hear its peers, nothing is taken from memory.
    await connection.execute(
        text("UPDATE users SET role = 'mentor' WHERE id = :id"), {"id": mentor.id}
    )
    app.state.hears_peers = lambda: False
    assert (await me(client, headers)).json()["role"] == "mentor"
