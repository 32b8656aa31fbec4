"""Fixtures and an independent oracle for the sharing tests (feed, comments, follows,
posts, reactions, moderation). Import the fixtures into a test module to use them."""

from __future__ import annotations

from typing import Any

import httpx

from tests.network.conftest import ROLES, World

SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
LEVELS = ("workspace", "network", "observers", "public")
# Who writes in each workspace of the world, and who is inside it.
AUTHOR = {"pilot": "member", "other": "other_member"}
INSIDE = {
    "pilot": {"admin", "mentor", "coordinator", "member"},
    "other": {"admin", "other_mentor", "other_member"},
}
NETWORK = {"admin", "mentor", "other_mentor", "coordinator", "member", "other_member"}
MENTOR_OF = {"pilot": "mentor", "other": "other_mentor"}


def may_read(role: str, ws: str, level: str) -> bool:
    """The visibility table of PRODUCT.md, written out by hand."""
    if role in INSIDE[ws]:
        return True
    if level == "public":
        return True
    if level == "observers":
        return role in NETWORK | {"observer"}
    if level == "network":
        return role in NETWORK
    return False


def in_feed(role: str, ws: str, level: str) -> bool:
    return level != "workspace" and may_read(role, ws, level)


def workspace_id(world: World, ws: str) -> str:
    return world.pilot.id if ws == "pilot" else world.other.id


async def share_cycle(
    client: httpx.AsyncClient, world: World, ws: str, level: str, title: str = "Syklus"
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/workspaces/{workspace_id(world, ws)}/cycles",
        json={"title": title, "visibility": level},
        headers=world.headers(AUTHOR[ws]),
    )
    assert response.status_code == 201, response.text
    cycle: dict[str, Any] = response.json()
    # Reflect and share the reflection text.
    response = await client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"version": cycle["version"], "reflect": "Vi lærte at **elevene** ville mer."},
        headers=world.headers(AUTHOR[ws]),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def make_post(
    client: httpx.AsyncClient,
    world: World,
    ws: str = "pilot",
    level: str = "network",
    body: str = "Et innlegg",
    topics: list[str] | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/posts",
        json={
            "workspace_id": workspace_id(world, ws),
            "body": body,
            "visibility": level,
            "topics": topics or [],
        },
        headers=world.headers(who or AUTHOR[ws]),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def feed_ids(client: httpx.AsyncClient, world: World, role: str, **params: Any) -> list[str]:
    """Source ids in the whole feed as `role` sees it (following every cursor)."""
    seen: list[str] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": 100, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/api/v1/feed", params=query, headers=world.headers(role))
        assert response.status_code == 200, response.text
        body = response.json()
        seen += [i["source_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return seen


async def comment(
    client: httpx.AsyncClient,
    world: World,
    who: str,
    target_type: str,
    target_id: str,
    body: str = "En kommentar",
    **extra: Any,
) -> httpx.Response:
    return await client.post(
        "/api/v1/comments",
        json={"target_type": target_type, "target_id": target_id, "body": body, **extra},
        headers=world.headers(who),
    )
