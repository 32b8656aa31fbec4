"""Every sharing endpoint × every role: posts, follows, comments, reactions, moderation
and the feed, over a network-level post of the pilot workspace (Bodø) written by a member."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.network import conftest as network_conftest
from tests.network.conftest import ROLES, World
from tests.sharing.world_a import comment, make_post

world = network_conftest.world  # the shared fixture

READERS = {"admin", "mentor", "other_mentor", "coordinator", "member", "other_member"}
WRITERS = {"admin", "coordinator", "member"}  # of the pilot workspace


def expect(role: str, ok: int, rule: str) -> int:
    if rule == "optional_read":  # signed-out visitors are readers of public items only
        return ok if role in READERS else 404
    if role == "anonymous":
        return 401
    if rule == "signed_in":
        return ok
    if rule == "admin":
        return ok if role == "admin" else 403
    if rule == "writer":
        return ok if role in WRITERS else 403
    if role not in READERS:
        return 404
    if rule == "read":
        return ok
    if rule == "author_or_admin":
        return ok if role in {"member", "admin"} else 403
    if rule == "author":
        return ok if role == "member" else 403
    if rule == "private":
        return ok if role in {"admin", "mentor"} else 403
    raise AssertionError(rule)


@pytest.mark.parametrize("role", ROLES)
async def test_every_endpoint_for_every_role(
    client: httpx.AsyncClient, world: World, role: str
) -> None:
    h = world.headers(role)
    post = await make_post(client, world)
    pid = post["id"]
    own = (await comment(client, world, "member", "post", pid, "Medlemmets kommentar")).json()
    target = {"target_type": "post", "target_id": pid}
    reaction = {**target, "kind": "useful"}
    checks: list[tuple[str, str, str, dict[str, Any], int, str]] = [
        ("GET", "/api/v1/feed", "", {}, 200, "optional_read_all"),
        ("GET", "/api/v1/feed?following=true", "", {}, 200, "signed_in"),
        ("GET", f"/api/v1/posts/{pid}", "", {}, 200, "optional_read"),
        (
            "POST",
            "/api/v1/posts",
            "json",
            {"workspace_id": world.pilot.id, "body": "Nytt"},
            201,
            "writer",
        ),
        (
            "PATCH",
            f"/api/v1/posts/{pid}",
            "json",
            {"version": post["version"], "body": "Endret"},
            200,
            "author_or_admin",
        ),
        ("GET", "/api/v1/follows", "", {}, 200, "signed_in"),
        ("PUT", f"/api/v1/follows/workspaces/{world.pilot.id}", "", {}, 204, "signed_in"),
        ("DELETE", f"/api/v1/follows/workspaces/{world.pilot.id}", "", {}, 204, "signed_in"),
        ("PUT", "/api/v1/follows/topics/dans", "", {}, 204, "signed_in"),
        ("DELETE", "/api/v1/follows/topics/dans", "", {}, 204, "signed_in"),
        ("GET", "/api/v1/comments", "params", target, 200, "optional_read"),
        ("POST", "/api/v1/comments", "json", {**target, "body": "Hei"}, 201, "read"),
        (
            "POST",
            "/api/v1/comments",
            "json",
            {**target, "body": "Privat", "private": True},
            201,
            "private",
        ),
        (
            "POST",
            "/api/v1/comments",
            "json",
            {**target, "body": "Svar", "parent_id": own["id"]},
            201,
            "read",
        ),
        ("GET", "/api/v1/comments/mentionable", "params", target, 200, "read"),
        ("PATCH", f"/api/v1/comments/{own['id']}", "json", {"body": "Rettet"}, 200, "author"),
        ("GET", "/api/v1/reactions", "params", target, 200, "optional_read"),
        ("PUT", "/api/v1/reactions", "json", reaction, 200, "read"),
        ("DELETE", "/api/v1/reactions", "json", reaction, 200, "read"),
        (
            "POST",
            "/api/v1/reports",
            "json",
            {"target_type": "comment", "target_id": own["id"], "reason": "Spam"},
            201,
            "read",
        ),
        (
            "POST",
            "/api/v1/reports",
            "json",
            {"target_type": "post", "target_id": pid, "reason": "Spam"},
            201,
            "read",
        ),
        ("GET", "/api/v1/moderation/reports", "", {}, 200, "admin"),
        (
            "POST",
            "/api/v1/moderation/hide",
            "json",
            {"target_type": "comment", "target_id": own["id"], "reason": "Regelbrudd"},
            204,
            "admin",
        ),
        ("DELETE", f"/api/v1/comments/{own['id']}", "", {}, 204, "author_or_admin"),
        ("DELETE", f"/api/v1/posts/{pid}", "", {}, 204, "author_or_admin"),
    ]
    for method, path, where, data, ok, rule in checks:
        kwargs: dict[str, Any] = {"headers": h}
        if where == "json":
            kwargs["json"] = data
        elif where == "params":
            kwargs["params"] = data
        response = await client.request(method, path, **kwargs)
        expected = ok if rule == "optional_read_all" else expect(role, ok, rule)
        assert response.status_code == expected, (method, path, rule, role, response.text)


@pytest.mark.parametrize("role", ROLES)
async def test_public_items_are_readable_signed_out_but_not_writable(
    client: httpx.AsyncClient, world: World, role: str
) -> None:
    post = await make_post(client, world, level="public")
    h = world.headers(role)
    target = {"target_type": "post", "target_id": post["id"]}
    assert (await client.get(f"/api/v1/posts/{post['id']}", headers=h)).status_code == 200
    assert (await client.get("/api/v1/comments", params=target, headers=h)).status_code == 200
    assert (await client.get("/api/v1/reactions", params=target, headers=h)).status_code == 200
    created = await client.post("/api/v1/comments", json={**target, "body": "Hei"}, headers=h)
    assert created.status_code == (401 if role == "anonymous" else 201)
    # observers can comment on what they can read, and react
    put = await client.put("/api/v1/reactions", json={**target, "kind": "inspiring"}, headers=h)
    assert put.status_code == (401 if role == "anonymous" else 200)
