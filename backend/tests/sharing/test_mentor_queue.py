"""The mentor queue: what is new or changed in my workspaces since I marked it seen, oldest
waiting first, with how long it has waited; who may see it; constant queries."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.network import conftest as network_conftest
from tests.network.conftest import ROLES, World
from tests.network.test_query_counts import count_queries
from tests.sharing.world_b import ago, make_cycle, make_entry, make_measure

world = network_conftest.world  # the shared fixture


async def queue(client: httpx.AsyncClient, world: World, who: str, **params: object) -> list[dict]:  # type: ignore[type-arg]
    response = await client.get("/api/v1/mentor/queue", params=params, headers=world.headers(who))
    assert response.status_code == 200, response.text
    items: list[dict] = response.json()["items"]  # type: ignore[type-arg]
    return items


async def test_oldest_waiting_first_with_how_long_and_where(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    old = await make_cycle(session, world, "pilot", "workspace", "Gammel syklus", at=ago(days=3))
    entry = await make_entry(session, world, old, at=ago(days=2), by="member")
    measure = await make_measure(session, world, "pilot", "Oppmøte", at=ago(hours=5))
    new = await make_cycle(session, world, "pilot", "network", "Ny syklus", at=ago(minutes=1))
    # Another workspace's, and the mentor's own writing, are not in the mentor's queue.
    await make_cycle(session, world, "other", "network", "Askers syklus", at=ago(days=9))
    await make_entry(session, world, new, at=ago(seconds=30), by="mentor")

    items = await queue(client, world, "mentor")
    assert [(i["type"], i["id"]) for i in items] == [
        ("cycle", old.id),
        ("entry", entry.id),
        ("measure", measure.id),
        ("cycle", new.id),
    ]
    first = items[0]
    assert first["workspace_name"] == "Bodø" and first["title"] == "Gammel syklus"
    assert first["url"] == f"/cycles/{old.id}" and first["kind"] == "new"
    assert 3 * 86400 - 60 <= first["waited_seconds"] <= 3 * 86400 + 60
    waiting = datetime.fromisoformat(first["waiting_since"])
    assert abs((waiting - ago(days=3)).total_seconds()) < 60
    assert items[1]["url"] == f"/cycles/{old.id}#entry-{entry.id}"
    assert items[1]["title"] == "Gammel syklus"
    assert items[2]["url"] == f"/measures/{measure.id}"

    # The other mentor sees only their workspace; the project team sees every workspace.
    assert [i["title"] for i in await queue(client, world, "other_mentor")] == ["Askers syklus"]
    admin = await queue(client, world, "admin")
    assert {i["title"] for i in admin} >= {"Askers syklus", "Gammel syklus", "Oppmøte"}


async def test_seen_items_leave_and_come_back_when_changed(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    cycle = await make_cycle(session, world, "pilot", "workspace", "Syklus", at=ago(days=1))
    measure = await make_measure(session, world, "pilot", "Oppmøte", at=ago(hours=1))
    response = await client.post(
        "/api/v1/mentor/queue/seen",
        json={"items": [{"type": "cycle", "id": cycle.id}]},
        headers=world.headers("mentor"),
    )
    assert response.status_code == 204
    assert [i["id"] for i in await queue(client, world, "mentor")] == [measure.id]
    # Marking seen is per mentor: the project team still has it.
    assert cycle.id in [i["id"] for i in await queue(client, world, "admin")]
    # Marking it again is harmless.
    response = await client.post(
        "/api/v1/mentor/queue/seen",
        json={"items": [{"type": "cycle", "id": cycle.id}, {"type": "measure", "id": measure.id}]},
        headers=world.headers("mentor"),
    )
    assert response.status_code == 204
    assert await queue(client, world, "mentor") == []

    cycle.updated_at = datetime.now(UTC)
    await session.commit()
    items = await queue(client, world, "mentor")
    assert [(i["id"], i["kind"]) for i in items] == [(cycle.id, "changed")]


async def test_pages_follow_a_cursor_with_constant_queries(
    client: httpx.AsyncClient, session: AsyncSession, world: World, engine: AsyncEngine
) -> None:
    for i in range(7):
        await make_cycle(session, world, "pilot", "workspace", f"S{i}", at=ago(hours=10 - i))
    titles: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        response = await client.get(
            "/api/v1/mentor/queue", params=params, headers=world.headers("mentor")
        )
        body = response.json()
        titles += [i["title"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert titles == [f"S{i}" for i in range(7)]

    async def queries(limit: int) -> int:
        with count_queries(engine) as statements:
            response = await client.get(
                "/api/v1/mentor/queue", params={"limit": limit}, headers=world.headers("mentor")
            )
        assert len(response.json()["items"]) == limit
        return len(statements)

    assert await queries(1) == await queries(7)


ENDPOINTS = [
    ("GET", "/api/v1/mentor/queue", None),
    ("POST", "/api/v1/mentor/queue/seen", {"items": [{"type": "cycle", "id": "x"}]}),
]
EXPECTED = {
    "anonymous": 401,
    "admin": 200,
    "mentor": 200,
    "other_mentor": 200,
    "coordinator": 403,
    "member": 403,
    "other_member": 403,
    "observer": 403,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
async def test_every_queue_endpoint_for_every_role(
    client: httpx.AsyncClient,
    world: World,
    role: str,
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    response = await client.request(method, path, json=body, headers=world.headers(role))
    expected = EXPECTED[role]
    if expected == 200 and method == "POST":
        expected = 204
    assert response.status_code == expected, (role, response.text)


async def test_seen_rejects_unknown_types(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/mentor/queue/seen",
        json={"items": [{"type": "post", "id": "x"}]},
        headers=world.headers("mentor"),
    )
    assert response.status_code == 422
