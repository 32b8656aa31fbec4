"""Comments: one level of replies, safe markdown, edit and soft delete, the private mentor
comment, who is notified (never someone who cannot read it), constant queries."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from samklang.sharing import notify
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries
from tests.sharing.world_a import comment, make_post, share_cycle

world = network_conftest.world  # the shared fixture


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the comment service asks the notification domain to tell (the real call is
    made; we record its arguments)."""
    calls: list[dict[str, Any]] = []
    real = notify.notify

    async def record(session: Any, **kwargs: Any) -> None:
        calls.append({**kwargs, "recipients": sorted(kwargs["recipients"])})
        await real(session, **kwargs)

    monkeypatch.setattr(notify, "notify", record)
    return calls


def ids(world: World, *roles: str) -> list[str]:
    return sorted(world.users[r].id for r in roles)


async def thread(client: httpx.AsyncClient, world: World, role: str, t: str, i: str) -> Any:
    response = await client.get(
        "/api/v1/comments", params={"target_type": t, "target_id": i}, headers=world.headers(role)
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_replies_go_one_level_deep(client: httpx.AsyncClient, world: World) -> None:
    post = await make_post(client, world)
    top = (await comment(client, world, "mentor", "post", post["id"], "Spørsmål")).json()
    reply = await comment(client, world, "member", "post", post["id"], "Svar", parent_id=top["id"])
    assert reply.status_code == 201
    deeper = await comment(
        client, world, "mentor", "post", post["id"], "Svar på svar", parent_id=reply.json()["id"]
    )
    assert deeper.status_code == 422
    elsewhere = await share_cycle(client, world, "pilot", "network")
    wrong = await comment(
        client, world, "mentor", "cycle", elsewhere["id"], "Feil tråd", parent_id=top["id"]
    )
    assert wrong.status_code == 404
    body = await thread(client, world, "coordinator", "post", post["id"])
    assert [c["body"] for c in body["items"]] == ["Spørsmål"]
    assert [r["body"] for r in body["items"][0]["replies"]] == ["Svar"]
    assert body["count"] == 2


async def test_markdown_is_rendered_safely(client: httpx.AsyncClient, world: World) -> None:
    post = await make_post(client, world)
    created = await comment(
        client,
        world,
        "member",
        "post",
        post["id"],
        "**Bra** <script>alert(1)</script> [x](javascript:alert(1))",
    )
    html = created.json()["body_html"]
    assert "<strong>Bra</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html


async def test_edit_is_marked_and_only_by_the_author(
    client: httpx.AsyncClient, world: World
) -> None:
    post = await make_post(client, world)
    created = (await comment(client, world, "member", "post", post["id"], "Førsteutkast")).json()
    assert created["edited_at"] is None and created["can_edit"] is True
    response = await client.patch(
        f"/api/v1/comments/{created['id']}", json={"body": "Rettet"}, headers=world.headers("admin")
    )
    assert response.status_code == 403
    response = await client.patch(
        f"/api/v1/comments/{created['id']}",
        json={"body": "Rettet"},
        headers=world.headers("member"),
    )
    assert response.status_code == 200
    assert response.json()["body"] == "Rettet" and response.json()["edited_at"] is not None
    seen = await thread(client, world, "mentor", "post", post["id"])
    assert seen["items"][0]["edited_at"] is not None and seen["items"][0]["can_edit"] is False


async def test_delete_leaves_a_placeholder_only_with_replies(
    client: httpx.AsyncClient, world: World
) -> None:
    post = await make_post(client, world)
    lonely = (await comment(client, world, "member", "post", post["id"], "Alene")).json()
    parent = (await comment(client, world, "member", "post", post["id"], "Forelder")).json()
    await comment(client, world, "mentor", "post", post["id"], "Svar", parent_id=parent["id"])
    for c in (lonely, parent):
        response = await client.delete(
            f"/api/v1/comments/{c['id']}", headers=world.headers("member")
        )
        assert response.status_code == 204
    body = await thread(client, world, "mentor", "post", post["id"])
    assert [c["id"] for c in body["items"]] == [parent["id"]]
    placeholder = body["items"][0]
    assert placeholder["deleted"] is True
    assert placeholder["body"] == "" and placeholder["author_id"] is None
    assert placeholder["author_name"] is None
    assert [r["body"] for r in placeholder["replies"]] == ["Svar"]
    assert body["count"] == 1
    # a deleted comment cannot be edited, deleted again or replied to
    again = await client.delete(f"/api/v1/comments/{parent['id']}", headers=world.headers("admin"))
    assert again.status_code == 404
    reply = await comment(
        client, world, "mentor", "post", post["id"], "Sent svar", parent_id=parent["id"]
    )
    assert reply.status_code == 422


async def test_only_the_workspace_mentors_and_the_team_comment_privately(
    client: httpx.AsyncClient, world: World
) -> None:
    cycle = await share_cycle(client, world, "pilot", "public")
    for role, status in (
        ("mentor", 201),
        ("admin", 201),
        ("other_mentor", 403),
        ("member", 403),
        ("observer", 403),
    ):
        response = await comment(client, world, role, "cycle", cycle["id"], "Privat", private=True)
        assert response.status_code == status, role
    private = (
        await comment(client, world, "mentor", "cycle", cycle["id"], "Til teamet", private=True)
    ).json()
    # the members answer it in private
    reply = await comment(
        client, world, "member", "cycle", cycle["id"], "Takk", parent_id=private["id"]
    )
    assert reply.status_code == 201 and reply.json()["private"] is True
    # others cannot reply to what they cannot see
    hidden = await comment(
        client, world, "observer", "cycle", cycle["id"], "Hei", parent_id=private["id"]
    )
    assert hidden.status_code == 404
    for role in ("observer", "other_mentor", "other_member", "anonymous"):
        assert "Til teamet" not in str(await thread(client, world, role, "cycle", cycle["id"]))
    project_team = await thread(client, world, "admin", "cycle", cycle["id"])
    assert project_team["can_comment_privately"] is True
    member_view = await thread(client, world, "member", "cycle", cycle["id"])
    assert member_view["can_comment_privately"] is False
    assert "Til teamet" in str(member_view)


async def test_who_is_notified(
    client: httpx.AsyncClient, world: World, told: list[dict[str, Any]]
) -> None:
    cycle = await share_cycle(client, world, "pilot", "network")  # written by the member
    told.clear()
    # the mentor's comment is mentor feedback for the workspace's members
    top = (await comment(client, world, "mentor", "cycle", cycle["id"], "Godt jobbet")).json()
    assert [(c["kind"], c["recipients"]) for c in told] == [
        ("mentor_feedback", ids(world, "coordinator", "member"))
    ]
    assert told[0]["actor_id"] == world.users["mentor"].id
    assert told[0]["target_type"] == "cycle" and told[0]["target_id"] == cycle["id"]
    told.clear()
    # someone else's comment tells the item's author
    await comment(client, world, "other_member", "cycle", cycle["id"], "Interessant")
    assert [(c["kind"], c["recipients"]) for c in told] == [("comment", ids(world, "member"))]
    told.clear()
    # a reply tells the parent's author; a mention the mentioned, but never an observer who
    # cannot read a network item
    await comment(
        client,
        world,
        "other_member",
        "cycle",
        cycle["id"],
        "@Mona og @Ola",
        parent_id=top["id"],
        mentions=[world.users["observer"].id, world.users["coordinator"].id],
    )
    kinds = {c["kind"]: c["recipients"] for c in told}
    assert kinds == {
        "mention": ids(world, "coordinator"),
        "reply": ids(world, "mentor"),
        "comment": ids(world, "member"),  # the cycle's author hears of replies on it too
    }
    told.clear()
    # a private comment mentions only the team
    await comment(
        client,
        world,
        "mentor",
        "cycle",
        cycle["id"],
        "Privat til @Astrid og @Mads",
        private=True,
        mentions=[world.users["other_member"].id, world.users["member"].id],
    )
    kinds = {c["kind"]: c["recipients"] for c in told}
    assert kinds["mention"] == ids(world, "member")
    assert all(world.users["other_member"].id not in c["recipients"] for c in told)
    told.clear()
    # an edit that adds a mention tells only the newly mentioned
    own = (
        await comment(
            client,
            world,
            "coordinator",
            "cycle",
            cycle["id"],
            "Hei",
            mentions=[world.users["member"].id],
        )
    ).json()
    told.clear()
    await client.patch(
        f"/api/v1/comments/{own['id']}",
        json={"body": "Hei igjen", "mentions": [world.users["member"].id, world.users["admin"].id]},
        headers=world.headers("coordinator"),
    )
    assert [(c["kind"], c["recipients"]) for c in told] == [("mention", ids(world, "admin"))]


async def test_followers_who_may_read_are_told_of_new_items(
    client: httpx.AsyncClient, world: World, told: list[dict[str, Any]]
) -> None:
    for role in ("observer", "other_member"):
        await client.put(
            f"/api/v1/follows/workspaces/{world.pilot.id}", headers=world.headers(role)
        )
    told.clear()
    post = await make_post(client, world, level="network")
    assert [(c["kind"], c["recipients"]) for c in told] == [
        ("followed_item", ids(world, "coordinator", "mentor", "other_member"))
    ]
    assert told[0]["target_type"] == "post" and told[0]["target_id"] == post["id"]
    told.clear()
    await make_post(client, world, level="observers")
    assert told[0]["recipients"] == ids(world, "coordinator", "mentor", "observer", "other_member")
    told.clear()
    # a workspace-level post is not in the feed: nobody is told
    await make_post(client, world, level="workspace")
    assert told == []


async def test_comment_list_costs_constant_queries(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    post = await make_post(client, world, level="public")

    async def add(n: int) -> None:
        for i in range(n):
            top = (
                await comment(
                    client,
                    world,
                    "mentor",
                    "post",
                    post["id"],
                    f"K{i}",
                    mentions=[world.users["member"].id],
                )
            ).json()
            await comment(client, world, "member", "post", post["id"], f"S{i}", parent_id=top["id"])

    async def counted(role: str) -> int:
        # the caller's memos filled first (auth/callers.py, access/readers.py)
        params = {"target_type": "post", "target_id": post["id"]}
        await client.get("/api/v1/comments", params=params, headers=world.headers(role))
        with count_queries(engine) as statements:
            response = await client.get(
                "/api/v1/comments",
                params={"target_type": "post", "target_id": post["id"]},
                headers=world.headers(role),
            )
        assert response.status_code == 200
        return len(statements)

    await add(1)
    small = {r: await counted(r) for r in ("anonymous", "observer", "mentor")}
    await add(8)
    large = {r: await counted(r) for r in ("anonymous", "observer", "mentor")}
    assert small == large


async def test_comment_pages_follow_the_cursor(client: httpx.AsyncClient, world: World) -> None:
    post = await make_post(client, world)
    made = [
        (await comment(client, world, "member", "post", post["id"], f"K{i}")).json()["id"]
        for i in range(5)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"target_type": "post", "target_id": post["id"], "limit": 2}
        if cursor:
            params["cursor"] = cursor
        body = (
            await client.get("/api/v1/comments", params=params, headers=world.headers("admin"))
        ).json()
        seen += [c["id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == made


async def test_project_and_unknown_targets(client: httpx.AsyncClient, world: World) -> None:
    # the development project is a target: its id is the workspace's; default level workspace
    ws = world.pilot.id
    assert (await comment(client, world, "mentor", "project", ws)).status_code == 201
    assert (await comment(client, world, "other_member", "project", ws)).status_code == 404
    response = await client.put(
        f"/api/v1/workspaces/{ws}/project",
        json={"version": 0, "aim_what": "Mer kultur", "visibility": "observers"},
        headers=world.headers("member"),
    )
    assert response.status_code == 200, response.text
    assert (await comment(client, world, "observer", "project", ws)).status_code == 201
    assert (await comment(client, world, "member", "nonsense", ws)).status_code == 422
    assert (await comment(client, world, "member", "post", "no-such-post")).status_code == 404
