"""Follows: workspaces and topics, with the implicit ones (own and mentored workspaces)."""

from __future__ import annotations

import httpx

from tests.network import conftest as network_conftest
from tests.network.conftest import World

world = network_conftest.world  # the shared fixture


async def test_my_follows_list_the_implicit_ones(client: httpx.AsyncClient, world: World) -> None:
    mentor = world.headers("mentor")
    body = (await client.get("/api/v1/follows", headers=mentor)).json()
    assert body == {
        "workspaces": [{"workspace_id": world.pilot.id, "name": "Bodø", "implicit": True}],
        "topics": [],
    }
    assert (
        await client.put(f"/api/v1/follows/workspaces/{world.other.id}", headers=mentor)
    ).status_code == 204
    # following twice is the same as once
    await client.put(f"/api/v1/follows/workspaces/{world.other.id}", headers=mentor)
    await client.put("/api/v1/follows/topics/Kulturskole%20Dans", headers=mentor)
    await client.put("/api/v1/follows/topics/kulturskole dans", headers=mentor)
    body = (await client.get("/api/v1/follows", headers=mentor)).json()
    assert body["workspaces"] == [
        {"workspace_id": world.other.id, "name": "Asker", "implicit": False},
        {"workspace_id": world.pilot.id, "name": "Bodø", "implicit": True},
    ]
    assert body["topics"] == [{"topic": "kulturskole dans"}]
    observer = (await client.get("/api/v1/follows", headers=world.headers("observer"))).json()
    assert observer["workspaces"] == [
        {"workspace_id": world.observer.id, "name": "Osterøy", "implicit": True}
    ]
    assert observer["topics"] == []


async def test_follow_errors(client: httpx.AsyncClient, world: World) -> None:
    h = world.headers("observer")
    assert (await client.put("/api/v1/follows/workspaces/nope", headers=h)).status_code == 404
    assert (await client.put("/api/v1/follows/topics/%20", headers=h)).status_code == 422
    assert (await client.get("/api/v1/follows")).status_code == 401
