"""My data export: everything the person wrote or did, nothing of anyone else's."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx
import pytest

from tests.network.conftest import ROLES, World
from tests.network.test_query_counts import count_queries
from tests.sharing.world_a import comment, make_post

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def unzip(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="samklang-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {
        name: json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name)
        for name in archive.namelist()
    }


async def test_the_export_holds_my_content_and_files_and_nobody_elses(
    client: httpx.AsyncClient, world: World, engine: Any
) -> None:
    member, me = world.users["member"], world.headers("member")
    upload = await client.post("/api/v1/files", files={"file": ("plan æ.pdf", PDF)}, headers=me)
    assert upload.status_code == 201
    post = await make_post(client, world, body="Mitt innlegg", who="member")
    mine = await comment(client, world, "member", "post", post["id"], body="Min kommentar")
    assert mine.status_code == 201, mine.text
    theirs = await comment(client, world, "coordinator", "post", post["id"], body="Kari sier")
    private = await comment(
        client, world, "mentor", "post", post["id"], body="Privat fra mentor", private=True
    )
    assert theirs.status_code == 201 and private.status_code in (201, 422)
    other_post = await make_post(
        client, world, body="Askers hemmelighet", ws="other", level="workspace"
    )
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/cycles", json={"title": "Syklus"}, headers=me
        )
    ).json()
    entry = await client.post(
        f"/api/v1/cycles/{cycle['id']}/entries", json={"body": "Min loggføring"}, headers=me
    )
    assert entry.status_code == 201
    await client.put(f"/api/v1/follows/workspaces/{world.other.id}", headers=me)

    data = unzip(await client.get("/api/v1/me/export", headers=me))

    profile = data["profile.json"]
    assert (profile["id"], profile["email"], profile["name"]) == (
        member.id,
        member.email,
        member.name,
    )
    assert [m["workspace_id"] for m in profile["memberships"]] == [world.pilot.id]
    assert [p["id"] for p in data["posts.json"]] == [post["id"]]
    assert [c["body"] for c in data["comments.json"]] == ["Min kommentar"]
    assert [e["body"] for e in data["entries.json"]] == ["Min loggføring"]
    assert [c["id"] for c in data["cycles_created.json"]] == [cycle["id"]]
    assert [f["workspace_id"] for f in data["workspace_follows.json"]] == [world.other.id]
    [stored] = data["files.json"]
    assert stored["id"] == upload.json()["id"] and "storage_key" not in stored
    assert data[stored["path_in_this_archive"]] == PDF
    everything = json.dumps({k: v for k, v in data.items() if k.endswith(".json")})
    for foreign in ("Kari sier", "Privat fra mentor", "Askers hemmelighet", other_post["id"]):
        assert foreign not in everything
    assert world.users["coordinator"].email not in everything

    audit = await client.get(
        "/api/v1/audit", params={"action": "export.my_data"}, headers=world.headers("admin")
    )
    [event] = audit.json()["items"]
    assert (event["actor"]["id"], event["target_id"]) == (member.id, member.id)
    assert event["details"] == {"by_project_team": False}

    # The project team downloads the same for the person, and that is recorded too.
    by_admin = unzip(
        await client.get(f"/api/v1/users/{member.id}/export", headers=world.headers("admin"))
    )
    assert by_admin["profile.json"]["email"] == member.email
    assert [c["body"] for c in by_admin["comments.json"]] == ["Min kommentar"]
    audit = await client.get(
        "/api/v1/audit", params={"action": "export.my_data"}, headers=world.headers("admin")
    )
    latest = audit.json()["items"][0]
    assert latest["actor"]["id"] == world.users["admin"].id
    assert latest["details"] == {"by_project_team": True}


async def test_the_export_costs_the_same_queries_with_more_content(
    client: httpx.AsyncClient, world: World, engine: Any
) -> None:
    me = world.headers("member")

    async def queries() -> int:
        with count_queries(engine) as counted:
            response = await client.get("/api/v1/me/export", headers=me)
        assert response.status_code == 200
        return len(counted)

    post = await make_post(client, world, who="member")
    await comment(client, world, "member", "post", post["id"])
    few = await queries()
    for i in range(8):
        await make_post(client, world, body=f"Innlegg {i}", who="member")
        await comment(client, world, "member", "post", post["id"], body=f"K {i}")
    assert await queries() == few


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_export_whom(client: httpx.AsyncClient, world: World, role: str) -> None:
    target = world.users["member"]
    own = await client.get("/api/v1/me/export", headers=world.headers(role))
    assert own.status_code == (401 if role == "anonymous" else 200)
    other = await client.get(f"/api/v1/users/{target.id}/export", headers=world.headers(role))
    expected = {"anonymous": 401, "admin": 200}.get(role, 403)
    assert other.status_code == expected, (role, other.text)
    if expected != 200:
        assert other.headers["content-type"] == "application/problem+json"
    missing = await client.get("/api/v1/users/no-such-user/export", headers=world.headers(role))
    assert missing.status_code == {"anonymous": 401, "admin": 404}.get(role, 403)
