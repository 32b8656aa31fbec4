"""The read cache in front of the feed (core/read_cache.py, core/changes.py): a repeated
read is answered from memory without touching the database, and every write that can change
the answer (visibility, deletion, comments, reactions, follows, sign-outs, memberships)
makes it stale before the writing request answers. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.core.changes import CHANGES, cascade_map, with_cascades
from samklang.core.read_cache import ReadCache
from samklang.core.security import create_access_token
from samklang.network.models import Workspace
from samklang.sharing.feed_page import FEED_TABLES
from tests.conftest import PASSWORD, Factory
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries
from tests.sharing.world_a import comment, make_post

world = network_conftest.world  # the shared fixture

FEED = "/api/v1/feed"
FRESH = {"Cache-Control": "no-cache"}


def cache_of(app: FastAPI) -> ReadCache:
    cache: ReadCache = app.state.read_cache
    return cache


async def feed(
    client: httpx.AsyncClient, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(FEED, params={"limit": 50, **params}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["source_id"] for i in items]


async def test_a_repeated_read_is_answered_from_memory_without_a_query(
    app: FastAPI, client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    post = await make_post(client, world, level="observers", body="Vi prøvde noe nytt")
    observer = world.headers("observer")
    first = await client.get(FEED, params={"limit": 20}, headers=observer)
    cache = cache_of(app)
    hits = cache.hits
    with count_queries(engine) as statements:
        again = await client.get(FEED, params={"limit": 20}, headers=observer)
    assert again.status_code == 200
    assert statements == []
    assert cache.hits == hits + 1
    assert again.content == first.content
    assert post["id"] in ids(again.json()["items"])
    # the headers the app sets on every answer are there on a cached one too
    assert again.headers["content-type"] == "application/json"
    assert again.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in again.headers
    # no-cache goes to the database
    with count_queries(engine) as statements:
        fresh = await client.get(FEED, params={"limit": 20}, headers={**observer, **FRESH})
    assert fresh.content == first.content
    assert statements


async def test_each_caller_and_query_has_its_own_answer(
    client: httpx.AsyncClient, world: World
) -> None:
    network = await make_post(client, world, level="network", body="For nettverket")
    public = await make_post(client, world, level="public", body="For alle")
    for _ in range(2):  # the second round is answered from memory
        assert set(ids(await feed(client, world.headers("other_member")))) >= {
            network["id"],
            public["id"],
        }
        assert ids(await feed(client, world.headers("observer"))) == [public["id"]]
        assert ids(await feed(client, {})) == [public["id"]]
        assert ids(await feed(client, world.headers("observer"), kind="cycle")) == []
    # a bad token is turned away, even where a visitor's answer is kept
    response = await client.get(FEED, params={"limit": 50}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 401


async def test_lowering_visibility_or_deleting_removes_the_item_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    post = await make_post(client, world, level="observers", body="Først for observatører")
    observer = world.headers("observer")
    other = world.headers("other_member")
    assert post["id"] in ids(await feed(client, observer))
    assert post["id"] in ids(await feed(client, observer))  # now in memory
    assert post["id"] in ids(await feed(client, other))
    lowered = await client.patch(
        f"/api/v1/posts/{post['id']}",
        json={"version": post["version"], "visibility": "network"},
        headers=world.headers("member"),
    )
    assert lowered.status_code == 200, lowered.text
    assert post["id"] not in ids(await feed(client, observer))
    assert post["id"] in ids(await feed(client, other))
    deleted = await client.delete(f"/api/v1/posts/{post['id']}", headers=world.headers("member"))
    assert deleted.status_code == 204
    assert post["id"] not in ids(await feed(client, other))


async def test_comments_reactions_and_follows_show_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    post = await make_post(client, world, ws="other", level="observers", body="Dans i gymmen")
    observer = world.headers("observer")

    async def item() -> dict[str, Any]:
        return next(i for i in await feed(client, observer) if i["source_id"] == post["id"])

    assert (await item())["comment_count"] == 0
    assert (await item())["comment_count"] == 0
    response = await comment(client, world, "admin", "post", post["id"], body="Flott")
    assert response.status_code == 201, response.text
    assert (await item())["comment_count"] == 1
    react = await client.put(
        "/api/v1/reactions",
        json={"target_type": "post", "target_id": post["id"], "kind": "useful"},
        headers=observer,
    )
    assert react.status_code in (200, 204), react.text
    assert (await item())["my_reactions"] == ["useful"]
    # following: nothing until the observer follows the workspace
    assert ids(await feed(client, observer, following="true")) == []
    follow = await client.put(f"/api/v1/follows/workspaces/{world.other.id}", headers=observer)
    assert follow.status_code == 204
    assert ids(await feed(client, observer, following="true")) == [post["id"]]


async def test_a_revoked_sign_in_is_turned_away_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    login = await client.post(
        "/api/v1/auth/login",
        data={"username": world.users["observer"].email, "password": PASSWORD},
    )
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    await feed(client, headers)
    await feed(client, headers)  # in memory
    logout = await client.post("/api/v1/auth/logout", headers=headers)
    assert logout.status_code == 204
    response = await client.get(FEED, params={"limit": 50}, headers=headers)
    assert response.status_code == 401


async def test_an_expired_token_is_turned_away_even_when_its_answer_is_kept(
    app: FastAPI, client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    settings = app.state.settings
    lifetime = timedelta(minutes=settings.access_token_minutes)
    # issued so long ago that it expires within a minute (a loaded machine is slow)
    now = datetime.now(UTC) - lifetime + timedelta(seconds=60)
    observer = world.users["observer"]
    token = create_access_token(
        settings, observer.id, now=now, session_id=factory.sign_ins[observer.id]
    ).token
    headers = {"Authorization": f"Bearer {token}"}
    await feed(client, headers)
    hits = cache_of(app).hits
    await feed(client, headers)
    assert cache_of(app).hits == hits + 1
    cache = cache_of(app)
    # the cache remembers the token's expiry: move it into the past instead of waiting
    user_id, sign_in, _ = cache._tokens[token]  # noqa: SLF001
    cache._tokens[token] = (user_id, sign_in, 0.0)  # noqa: SLF001
    response = await client.get(FEED, params={"limit": 50}, headers=headers)
    assert response.status_code == 200  # the app's own check still lets it in a moment...
    assert cache.hits == hits + 1  # ...but the kept answer was not used


async def test_a_removed_member_stops_seeing_the_workspace_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    inside = await make_post(client, world, level="workspace", body="Bare for oss")
    post = await make_post(client, world, level="public", body="For alle")
    answer = await comment(
        client, world, "mentor", "post", post["id"], body="Privat råd", private=True
    )
    assert answer.status_code == 201, answer.text
    coordinator = world.headers("coordinator")

    async def count() -> int:
        items = await feed(client, coordinator)
        assert inside["id"] not in ids(items)  # workspace level is never in the feed
        return int(next(i for i in items if i["source_id"] == post["id"])["comment_count"])

    assert await count() == 1  # the private comment counts for a member
    assert await count() == 1
    removed = await client.delete(
        f"/api/v1/workspaces/{world.pilot.id}/members/{world.users['coordinator'].id}",
        headers=world.headers("admin"),
    )
    assert removed.status_code == 204, removed.text
    assert await count() == 0


async def test_writes_the_feed_does_not_read_keep_the_answer(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    await make_post(client, world, level="observers")
    observer = world.headers("observer")
    await feed(client, observer)
    hits = cache_of(app).hits
    marked = await client.post("/api/v1/notifications/read", json={"all": True}, headers=observer)
    assert marked.status_code == 200, marked.text
    await feed(client, observer)
    assert cache_of(app).hits == hits + 1


@pytest.mark.parametrize("why", ["switched off", "deaf to its peers"])
async def test_the_cache_stands_aside(
    app: FastAPI, client: httpx.AsyncClient, world: World, engine: AsyncEngine, why: str
) -> None:
    """When switched off, and while this process cannot hear its peers' commits."""
    if why == "switched off":
        app.state.settings.read_cache = False
    else:
        app.state.hears_peers = lambda: False
    observer = world.headers("observer")
    await feed(client, observer)
    with count_queries(engine) as statements:
        await feed(client, observer)
    assert statements
    assert cache_of(app).hits == 0


TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([a-z_]+)"?', re.IGNORECASE)


async def test_the_feed_reads_only_the_tables_its_answers_are_kept_for(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    """FEED_TABLES must name every table a feed request reads: a write to any other table
    does not make a kept answer stale. Every filter, as every kind of reader."""
    post = await make_post(client, world, level="observers", topics=["dans"])
    await comment(client, world, "mentor", "post", post["id"], private=True)
    queries: list[dict[str, str]] = [
        {},
        {"following": "true"},
        {"workspace_id": world.pilot.id},
        {"topic": "dans"},
        {"kind": "post"},
    ]
    with count_queries(engine) as statements:
        for role in ("admin", "mentor", "member", "observer", "anonymous"):
            for params in queries:
                if role == "anonymous" and params.get("following"):
                    continue
                headers = {**world.headers(role), **FRESH}
                first = await client.get(FEED, params={"limit": 1, **params}, headers=headers)
                assert first.status_code == 200, first.text
                cursor = first.json()["next_cursor"]
                if cursor:
                    more = {"limit": 1, "cursor": cursor, **params}
                    assert (await client.get(FEED, params=more, headers=headers)).is_success
    read = {t for sql in statements for t in TABLE.findall(sql)}
    assert read >= {"feed_items", "users", "refresh_tokens"} or read >= {"feed_items", "users"}
    assert read <= set(FEED_TABLES), sorted(read - set(FEED_TABLES))


async def test_a_commit_counts_its_tables_and_a_rollback_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    before = CHANGES.stamp(("feed_items", "comments", "questions"))
    post = await make_post(client, world, level="network")
    after = CHANGES.stamp(("feed_items", "comments", "questions"))
    assert after[1] > before[1]  # feed_items
    assert after[2] == before[2]  # comments
    assert after[3] == before[3]  # questions
    # a failed write (a 409) commits nothing
    stale = await client.patch(
        f"/api/v1/posts/{post['id']}",
        json={"version": post["version"] + 5, "body": "Nytt"},
        headers=world.headers("member"),
    )
    assert stale.status_code == 409
    assert CHANGES.stamp(("feed_items", "comments", "questions")) == after


async def test_requests_that_miss_together_share_one_read(
    app: FastAPI, client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    """Right after a write every open page asks again: one request reads the database, the
    others with the same caller and query wait for its answer."""
    await make_post(client, world, level="observers", body="Først")
    observer = world.headers("observer")
    await client.get(FEED, params={"limit": 20}, headers={**observer, **FRESH})  # caller's memos
    with count_queries(engine) as one:
        await client.get(FEED, params={"limit": 20}, headers={**observer, **FRESH})
    await make_post(client, world, level="observers", body="Så en til")  # all answers stale
    cache = cache_of(app)
    served = cache.hits + cache.shared
    with count_queries(engine) as statements:
        answers = await asyncio.gather(
            *(client.get(FEED, params={"limit": 20}, headers=observer) for _ in range(6))
        )
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert "Så en til" in answers[0].text
    assert len(statements) == len(one)
    assert cache.hits + cache.shared == served + 5


async def test_rows_the_database_deletes_by_itself_make_answers_stale(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    """Deleting a workspace deletes its feed items and memberships by foreign keys (ON DELETE
    CASCADE) that the ORM never sees: the tables they reach count as written too."""
    assert {"feed_items", "feed_item_topics", "memberships"} <= with_cascades(["workspaces"])
    # SET NULL changes the workspaces but deletes none, so nothing further is reached
    assert "workspaces" in with_cascades(["cohorts"])
    assert "feed_items" not in with_cascades(["cohorts"])
    post = await make_post(client, world, ws="other", level="public", body="Snart borte")
    admin = world.headers("admin")
    assert post["id"] in ids(await feed(client, admin))
    assert post["id"] in ids(await feed(client, admin))  # in memory
    before = CHANGES.stamp(("feed_items", "memberships"))
    await session.execute(delete(Workspace).where(Workspace.id == world.other.id))
    await session.commit()
    after = CHANGES.stamp(("feed_items", "memberships"))
    assert after[1] > before[1] and after[2] > before[2]
    assert post["id"] not in ids(await feed(client, admin))


def test_cascades_follow_deletes_through_tables_also_reached_by_set_null() -> None:
    """parent -> a (SET NULL) and parent -> b (CASCADE) -> a (CASCADE) -> c (CASCADE): `a` is
    reached both ways, and its deleted rows still reach `c`."""
    metadata = MetaData()
    Table("parent", metadata, Column("id", Integer, primary_key=True))
    Table(
        "b",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("parent_id", ForeignKey("parent.id", ondelete="CASCADE")),
    )
    Table(
        "a",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("parent_id", ForeignKey("parent.id", ondelete="SET NULL")),
        Column("b_id", ForeignKey("b.id", ondelete="CASCADE")),
    )
    Table(
        "c",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("a_id", ForeignKey("a.id", ondelete="CASCADE")),
    )
    Table("d", metadata, Column("c_id", ForeignKey("c.id")))  # no action: not reached
    cascades = cascade_map(metadata)
    assert cascades["parent"] == {"a", "b", "c"}
    assert cascades["b"] == {"a", "c"}
    assert "d" not in cascades["a"]
