"""Posts: written by the workspace's members, edited with versions, soft-deleted out of the
feed, attachments that follow the post's visibility."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.network.models import WorkspaceStatus
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.sharing.world_a import feed_ids, make_post

world = network_conftest.world  # the shared fixture

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_a_post_with_an_attachment_follows_its_visibility(
    client: httpx.AsyncClient, world: World
) -> None:
    member = world.headers("member")
    upload = await client.post("/api/v1/files", files={"file": ("plan.pdf", PDF)}, headers=member)
    assert upload.status_code == 201
    file_id = upload.json()["id"]
    response = await client.post(
        "/api/v1/posts",
        json={
            "workspace_id": world.pilot.id,
            "body": "Se **planen**",
            "visibility": "network",
            "topics": ["Plan", "plan", " Dans "],
            "file_id": file_id,
        },
        headers=member,
    )
    assert response.status_code == 201, response.text
    post = response.json()
    assert post["body_html"] == "<p>Se <strong>planen</strong></p>\n"
    assert post["topics"] == ["plan", "dans"]
    assert [f["id"] for f in post["files"]] == [file_id]
    for role, status in (("other_member", 200), ("observer", 404), ("anonymous", 404)):
        response = await client.get(f"/api/v1/files/{file_id}", headers=world.headers(role))
        assert response.status_code == status, role
    # raising it to public opens the file to everyone
    await client.patch(
        f"/api/v1/posts/{post['id']}", json={"version": 1, "visibility": "public"}, headers=member
    )
    assert (await client.get(f"/api/v1/files/{file_id}")).status_code == 200
    # someone else's upload cannot be attached
    other = await client.post(
        "/api/v1/files", files={"file": ("x.pdf", PDF)}, headers=world.headers("coordinator")
    )
    response = await client.post(
        "/api/v1/posts",
        json={"workspace_id": world.pilot.id, "body": "Lån", "file_id": other.json()["id"]},
        headers=member,
    )
    assert response.status_code == 422


async def test_edit_with_versions_and_soft_delete(client: httpx.AsyncClient, world: World) -> None:
    post = await make_post(client, world, body="Første")
    member = world.headers("member")
    response = await client.patch(
        f"/api/v1/posts/{post['id']}", json={"version": 1, "body": "Andre"}, headers=member
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = await client.patch(
        f"/api/v1/posts/{post['id']}", json={"version": 1, "body": "Tredje"}, headers=member
    )
    assert stale.status_code == 409 and stale.json()["current"]["body"] == "Andre"
    feed = (await client.get("/api/v1/feed", headers=world.headers("admin"))).json()
    assert feed["items"][0]["title"] == "Andre"
    # lowering to workspace takes it out of the feed but keeps it for the workspace
    await client.patch(
        f"/api/v1/posts/{post['id']}",
        json={"version": 2, "visibility": "workspace"},
        headers=member,
    )
    assert await feed_ids(client, world, "admin") == []
    assert (
        await client.get(f"/api/v1/posts/{post['id']}", headers=world.headers("mentor"))
    ).status_code == 200
    assert (
        await client.get(f"/api/v1/posts/{post['id']}", headers=world.headers("other_member"))
    ).status_code == 404
    await client.patch(
        f"/api/v1/posts/{post['id']}", json={"version": 3, "visibility": "public"}, headers=member
    )
    assert await feed_ids(client, world, "anonymous") == [post["id"]]
    assert (await client.delete(f"/api/v1/posts/{post['id']}", headers=member)).status_code == 204
    for role in ("anonymous", "admin", "member"):
        assert await feed_ids(client, world, role) == []
    assert (
        await client.get(f"/api/v1/posts/{post['id']}", headers=world.headers("admin"))
    ).status_code == 404


async def test_only_members_post_and_not_in_a_withdrawn_workspace(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    body = {"workspace_id": world.other.id, "body": "Hei"}
    response = await client.post("/api/v1/posts", json=body, headers=world.headers("member"))
    assert response.status_code == 403
    response = await client.post(
        "/api/v1/posts", json={**body, "workspace_id": "nope"}, headers=world.headers("admin")
    )
    assert response.status_code == 404
    world.other.status = WorkspaceStatus.withdrawn.value
    session.add(world.other)
    await session.commit()
    response = await client.post("/api/v1/posts", json=body, headers=world.headers("other_member"))
    assert response.status_code == 409 and response.json()["code"] == "read_only"
    response = await client.post("/api/v1/posts", json=body, headers=world.headers("admin"))
    assert response.status_code == 201
