"""No item ever reaches a reader its level does not allow: a generated matrix of levels ×
reader roles × (same or other workspace) over the feed, comments (private ones too),
mentionable people and stored mentions."""

from __future__ import annotations

import httpx
import pytest

from tests.network import conftest as network_conftest
from tests.network.conftest import ROLES, World
from tests.sharing.world_a import (
    INSIDE,
    LEVELS,
    MENTOR_OF,
    SIGNED_IN,
    comment,
    feed_ids,
    in_feed,
    may_read,
    share_cycle,
)

world = network_conftest.world  # the shared fixture

CASES = [(level, ws) for level in LEVELS for ws in ("pilot", "other")]


@pytest.mark.parametrize(("level", "ws"), CASES)
async def test_feed_shows_an_item_exactly_to_its_readers(
    client: httpx.AsyncClient, world: World, level: str, ws: str
) -> None:
    cycle = await share_cycle(client, world, ws, level)
    for _ in range(2):  # the second round is answered by the read cache
        for role in ROLES:
            ids = await feed_ids(client, world, role)
            assert (cycle["id"] in ids) == in_feed(role, ws, level), (role, ws, level)
            # and the filters never widen what a reader sees
            ids = await feed_ids(
                client, world, role, kind="reflection", workspace_id=cycle["workspace_id"]
            )
            assert (cycle["id"] in ids) == in_feed(role, ws, level), (role, ws, level)


@pytest.mark.parametrize(("level", "ws"), CASES)
async def test_comments_and_private_comments_reach_exactly_their_readers(
    client: httpx.AsyncClient, world: World, level: str, ws: str
) -> None:
    cycle = await share_cycle(client, world, ws, level)
    mentor = MENTOR_OF[ws]
    public = await comment(client, world, mentor, "cycle", cycle["id"], "Åpen kommentar")
    assert public.status_code == 201, public.text
    private = await comment(
        client, world, mentor, "cycle", cycle["id"], "Privat kommentar", private=True
    )
    assert private.status_code == 201, private.text
    reply = await comment(
        client, world, "admin", "cycle", cycle["id"], "Svar", parent_id=private.json()["id"]
    )
    assert reply.status_code == 201 and reply.json()["private"] is True  # replies stay private
    for role in ROLES:
        response = await client.get(
            "/api/v1/comments",
            params={"target_type": "cycle", "target_id": cycle["id"]},
            headers=world.headers(role),
        )
        if not may_read(role, ws, level):
            assert response.status_code == 404, (role, ws, level)
            continue
        assert response.status_code == 200, (role, response.text)
        body = response.json()
        ids = {c["id"] for c in body["items"]}
        bodies = str(body)
        assert public.json()["id"] in ids
        sees_private = role in INSIDE[ws]
        assert (private.json()["id"] in ids) == sees_private, (role, ws, level)
        assert ("Privat kommentar" in bodies) == sees_private
        assert ("Svar" in bodies) == sees_private
        assert body["count"] == (3 if sees_private else 1)
        # a comment count in the feed never counts what the reader cannot see
        if in_feed(role, ws, level):
            feed = (await client.get("/api/v1/feed", headers=world.headers(role))).json()
            item = next(i for i in feed["items"] if i["source_id"] == cycle["id"])
            assert item["comment_count"] == (3 if sees_private else 1)


@pytest.mark.parametrize(("level", "ws"), CASES)
async def test_mentionable_and_mentions_follow_the_readers(
    client: httpx.AsyncClient, world: World, level: str, ws: str
) -> None:
    cycle = await share_cycle(client, world, ws, level)
    names = {world.users[r].name: r for r in SIGNED_IN}
    ids = {world.users[r].id: r for r in SIGNED_IN}
    for private in (False, True):
        response = await client.get(
            "/api/v1/comments/mentionable",
            params={"target_type": "cycle", "target_id": cycle["id"], "private": private},
            headers=world.headers("admin"),
        )
        assert response.status_code == 200, response.text
        found = {names[p["name"]] for p in response.json() if p["name"] in names}
        expected = {
            r
            for r in SIGNED_IN
            if r != "admin" and (r in INSIDE[ws] if private else may_read(r, ws, level))
        }
        assert found == expected, (private, ws, level)
        # mentioning everyone keeps exactly the readers (of the private comment)
        everyone = [world.users[r].id for r in SIGNED_IN]
        created = await comment(
            client,
            world,
            MENTOR_OF[ws] if private else "admin",
            "cycle",
            cycle["id"],
            "Hei alle",
            mentions=everyone,
            private=private,
        )
        assert created.status_code == 201, created.text
        kept = {ids[m["id"]] for m in created.json()["mentions"]}
        author = MENTOR_OF[ws] if private else "admin"
        assert kept == {
            r
            for r in SIGNED_IN
            if r != author and (r in INSIDE[ws] if private else may_read(r, ws, level))
        }
    # a search narrows by name
    response = await client.get(
        "/api/v1/comments/mentionable",
        params={"target_type": "cycle", "target_id": cycle["id"], "q": "anne"},
        headers=world.headers(INSIDE[ws].difference({"admin"}).pop()),
    )
    assert [p["name"] for p in response.json()] == ["Anne Admin"]


@pytest.mark.parametrize("ws", ["pilot", "other"])
async def test_lowering_visibility_removes_it_from_every_feed_at_once(
    client: httpx.AsyncClient, world: World, ws: str
) -> None:
    cycle = await share_cycle(client, world, ws, "public")
    for role in ROLES:  # read by everyone, so every reader's answer is kept by the read cache
        assert cycle["id"] in await feed_ids(client, world, role)
    for lower, version in (("observers", cycle["version"]), ("workspace", cycle["version"] + 1)):
        response = await client.patch(
            f"/api/v1/cycles/{cycle['id']}",
            json={"version": version, "visibility": lower},
            headers=world.headers("admin"),
        )
        assert response.status_code == 200, response.text
        for role in ROLES:
            assert (cycle["id"] in await feed_ids(client, world, role)) == in_feed(
                role, ws, lower
            ), (role, lower)
