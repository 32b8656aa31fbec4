"""The feed: keyset pagination stable under inserts, a constant number of queries, the
filters (following, workspace, topic, kind), and the hooks that put items in it."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.sharing.models import FeedItem
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries
from tests.sharing.world_a import comment, feed_ids, make_post, share_cycle

world = network_conftest.world  # the shared fixture


async def test_keyset_pages_are_stable_under_inserts(
    client: httpx.AsyncClient, world: World
) -> None:
    posts = [await make_post(client, world, body=f"Innlegg {i}") for i in range(7)]
    newest_first = [p["id"] for p in reversed(posts)]
    headers = world.headers("observer")
    member = world.headers("member")
    first = (await client.get("/api/v1/feed", params={"limit": 3}, headers=member)).json()
    assert [i["source_id"] for i in first["items"]] == newest_first[:3]
    # new items arrive while the reader scrolls: they neither repeat nor push items out
    await make_post(client, world, body="Nytt 1")
    await make_post(client, world, body="Nytt 2")
    second = (
        await client.get(
            "/api/v1/feed", params={"limit": 3, "cursor": first["next_cursor"]}, headers=member
        )
    ).json()
    third = (
        await client.get(
            "/api/v1/feed", params={"limit": 3, "cursor": second["next_cursor"]}, headers=member
        )
    ).json()
    got = [i["source_id"] for i in first["items"] + second["items"] + third["items"]]
    assert got == newest_first
    assert third["next_cursor"] is None
    # an observer sees none of these network posts
    assert (await client.get("/api/v1/feed", headers=headers)).json()["items"] == []
    bad = await client.get("/api/v1/feed", params={"cursor": "not-a-cursor"}, headers=member)
    assert bad.status_code == 422


async def test_feed_costs_the_same_number_of_queries_however_long(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    async def counted(role: str) -> tuple[int, int]:
        # the caller's memos filled first (auth/callers.py, access/readers.py)
        # past the response cache, which would answer the second read from memory
        headers = {**world.headers(role), "Cache-Control": "no-cache"}
        await client.get("/api/v1/feed", params={"limit": 100}, headers=headers)
        with count_queries(engine) as statements:
            response = await client.get("/api/v1/feed", params={"limit": 100}, headers=headers)
        assert response.status_code == 200
        return len(statements), len(response.json()["items"])

    async def add(n: int) -> None:
        for i in range(n):
            post = await make_post(client, world, level="public", body=f"P{i}", topics=["dans"])
            await comment(client, world, "mentor", "post", post["id"])
            await client.put(
                "/api/v1/reactions",
                json={"target_type": "post", "target_id": post["id"], "kind": "useful"},
                headers=world.headers("observer"),
            )

    await add(2)
    small = {role: await counted(role) for role in ("anonymous", "observer", "member", "admin")}
    await add(10)
    large = {role: await counted(role) for role in ("anonymous", "observer", "member", "admin")}
    for role in small:
        assert small[role][1] == 2 and large[role][1] == 12
        assert small[role][0] == large[role][0], role


async def test_items_carry_counts_reactions_and_names(
    client: httpx.AsyncClient, world: World
) -> None:
    post = await make_post(client, world, level="observers", topics=["Kulturskole", "dans"])
    await comment(client, world, "observer", "post", post["id"])
    for kind in ("useful", "inspiring"):
        await client.put(
            "/api/v1/reactions",
            json={"target_type": "post", "target_id": post["id"], "kind": kind},
            headers=world.headers("observer"),
        )
    await client.put(
        "/api/v1/reactions",
        json={"target_type": "post", "target_id": post["id"], "kind": "useful"},
        headers=world.headers("mentor"),
    )
    body = (await client.get("/api/v1/feed", headers=world.headers("observer"))).json()
    item = body["items"][0]
    assert item["source_id"] == post["id"] and item["kind"] == "post"
    assert item["workspace_name"] == "Bodø"
    assert item["author_name"] == "Mads Medlem"
    assert item["topics"] == ["dans", "kulturskole"]
    assert item["comment_count"] == 1
    assert item["reactions"] == {"useful": 2, "inspiring": 1}
    assert sorted(item["my_reactions"]) == ["inspiring", "useful"]
    mentor_view = (await client.get("/api/v1/feed", headers=world.headers("mentor"))).json()
    assert mentor_view["items"][0]["my_reactions"] == ["useful"]


async def test_filters_by_workspace_topic_and_kind(client: httpx.AsyncClient, world: World) -> None:
    dance = await make_post(client, world, topics=["Dans"])
    other = await make_post(client, world, ws="other", topics=["teater"])
    cycle = await share_cycle(client, world, "pilot", "network")
    who = "admin"
    assert set(await feed_ids(client, world, who)) == {dance["id"], other["id"], cycle["id"]}
    assert await feed_ids(client, world, who, topic="dans") == [dance["id"]]
    assert await feed_ids(client, world, who, topic="DANS ") == [dance["id"]]
    assert await feed_ids(client, world, who, workspace_id=world.other.id) == [other["id"]]
    assert await feed_ids(client, world, who, kind="reflection") == [cycle["id"]]
    assert await feed_ids(client, world, who, kind="post", workspace_id=world.pilot.id) == [
        dance["id"]
    ]


async def test_following_covers_follows_own_and_mentored_workspaces(
    client: httpx.AsyncClient, world: World
) -> None:
    pilot = await make_post(client, world, level="public", topics=["dans"])
    other = await make_post(client, world, ws="other", level="public", topics=["teater"])
    # members and mentors follow their own workspace without asking
    assert await feed_ids(client, world, "member", following=True) == [pilot["id"]]
    assert await feed_ids(client, world, "mentor", following=True) == [pilot["id"]]
    assert await feed_ids(client, world, "other_member", following=True) == [other["id"]]
    # an observer follows nothing until they choose
    assert await feed_ids(client, world, "observer", following=True) == []
    headers = world.headers("observer")
    assert (
        await client.put(f"/api/v1/follows/workspaces/{world.pilot.id}", headers=headers)
    ).status_code == 204
    assert await feed_ids(client, world, "observer", following=True) == [pilot["id"]]
    assert (await client.put("/api/v1/follows/topics/Teater", headers=headers)).status_code == 204
    assert set(await feed_ids(client, world, "observer", following=True)) == {
        pilot["id"],
        other["id"],
    }
    await client.delete(f"/api/v1/follows/workspaces/{world.pilot.id}", headers=headers)
    await client.delete("/api/v1/follows/topics/teater", headers=headers)
    assert await feed_ids(client, world, "observer", following=True) == []
    # signed out there is nothing to follow
    response = await client.get("/api/v1/feed", params={"following": True})
    assert response.status_code == 401


async def test_learning_items_enter_and_leave_the_feed(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    member = world.headers("member")
    ws = world.pilot.id
    cycle = await share_cycle(client, world, "pilot", "observers", title="Rytmeverksted")
    feed = (await client.get("/api/v1/feed", headers=world.headers("observer"))).json()
    item = feed["items"][0]
    assert item["kind"] == "reflection" and item["title"] == "Rytmeverksted"
    assert item["excerpt"] == "Vi lærte at elevene ville mer."
    assert item["url"] == f"/cycles/{cycle['id']}"
    entry = (
        await client.post(
            f"/api/v1/cycles/{cycle['id']}/entries", json={"body": "Logg fra uke 3"}, headers=member
        )
    ).json()
    measure = (
        await client.post(
            f"/api/v1/workspaces/{ws}/measures",
            json={"name": "Deltakere", "kind": "outcome", "visibility": "network"},
            headers=member,
        )
    ).json()
    kinds = {
        i["source_id"]: i["kind"]
        for i in (await client.get("/api/v1/feed", headers=world.headers("admin"))).json()["items"]
    }
    assert kinds == {cycle["id"]: "reflection", entry["id"]: "entry", measure["id"]: "measure"}
    # lowering each one takes it out
    await client.patch(
        f"/api/v1/entries/{entry['id']}",
        json={"version": entry["version"], "visibility": "workspace"},
        headers=member,
    )
    await client.patch(
        f"/api/v1/measures/{measure['id']}",
        json={"version": measure["version"], "visibility": "workspace"},
        headers=member,
    )
    assert await feed_ids(client, world, "admin") == [cycle["id"]]
    # the feed holds one row per shared item, none for what was lowered
    count = await session.scalar(select(func.count()).select_from(FeedItem))
    assert count == 1


async def test_gathering_summary_is_shared_by_the_project_team(
    client: httpx.AsyncClient, world: World
) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC) + timedelta(days=3)
    gathering = await client.post(
        "/api/v1/gatherings",
        json={
            "title": "Samling 2",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=5)).isoformat(),
        },
        headers=world.headers("admin"),
    )
    assert gathering.status_code == 201, gathering.text
    gid = gathering.json()["id"]
    path = f"/api/v1/gatherings/{gid}/summary/share"
    for role in ("member", "mentor", "observer"):
        response = await client.post(
            path, json={"visibility": "public"}, headers=world.headers(role)
        )
        assert response.status_code == 403
    assert (await client.post(path, json={"visibility": "public"})).status_code == 401
    response = await client.post(
        path, json={"visibility": "observers"}, headers=world.headers("admin")
    )
    assert response.json() == {"gathering_id": gid, "visibility": "observers"}
    assert (await client.get(path, headers=world.headers("admin"))).json()["visibility"] == (
        "observers"
    )
    for role, sees in (("observer", True), ("member", True), ("anonymous", False)):
        assert (gid in await feed_ids(client, world, role)) is sees, role
    item = (await client.get("/api/v1/feed", headers=world.headers("observer"))).json()["items"][0]
    assert item["kind"] == "summary" and item["workspace_id"] is None
    # observers may comment on it; signed-out visitors may not even read its comments
    assert (await comment(client, world, "observer", "gathering_summary", gid)).status_code == 201
    response = await client.get(
        "/api/v1/comments", params={"target_type": "gathering_summary", "target_id": gid}
    )
    assert response.status_code == 404
    await client.post(path, json={"visibility": "workspace"}, headers=world.headers("admin"))
    assert gid not in await feed_ids(client, world, "admin")
    assert (await client.get(path, headers=world.headers("admin"))).json()["visibility"] is None
