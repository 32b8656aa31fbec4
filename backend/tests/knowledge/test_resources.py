"""The resource bank: owners and visibility, file or address (exactly one), uploads by the
same rules as attachments, download counts, filters, sorting, paging, collections."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.knowledge.conftest import ROLES, feed_row
from tests.knowledge.test_search import PROJECT_READERS, READERS, resource
from tests.learning.test_files import ELF, PDF, upload
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries


async def with_file(
    client: httpx.AsyncClient, world: World, who: str = "admin", **fields: Any
) -> httpx.Response:
    uploaded = await upload(client, world, "veileder.pdf", PDF, who)
    assert uploaded.status_code == 201
    payload = {"kind": "tool", "title": "Veileder", "file_id": uploaded.json()["id"], **fields}
    return await client.post("/api/v1/resources", json=payload, headers=world.headers(who))


async def test_project_resource_with_a_file_counts_downloads(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await with_file(client, world, tags=["Samskaping", "samskaping", "verktøy"])
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["owner"] == "project" and body["visibility"] == "network"
    assert body["tags"] == ["samskaping", "verktøy"]
    assert body["file"]["name"] == "veileder.pdf" and body["url"] is None
    for _ in range(2):
        download = await client.get(body["download_url"], headers=world.headers("member"))
        assert download.status_code == 200 and download.content == PDF
    # The file itself follows the resource's visibility too.
    direct = await client.get(
        f"/api/v1/files/{body['file']['id']}", headers=world.headers("member")
    )
    assert direct.status_code == 200
    hidden = await client.get(body["download_url"], headers=world.headers("observer"))
    assert hidden.status_code == 404
    hidden_file = await client.get(f"/api/v1/files/{body['file']['id']}")
    assert hidden_file.status_code == 404
    seen = await client.get(f"/api/v1/resources/{body['id']}", headers=world.headers("member"))
    assert seen.json()["download_count"] == 2


async def test_link_resource_redirects_and_counts(client: httpx.AsyncClient, world: World) -> None:
    made = await resource(client, world, "Rapport", visibility="public")
    response = await client.get(made["download_url"])
    assert response.status_code == 307
    assert response.headers["location"] == "https://example.no/rapport"
    assert (await client.get(f"/api/v1/resources/{made['id']}")).json()["download_count"] == 1


async def test_file_or_address_exactly_one(client: httpx.AsyncClient, world: World) -> None:
    admin = world.headers("admin")
    neither = await client.post(
        "/api/v1/resources", json={"kind": "tool", "title": "T"}, headers=admin
    )
    assert neither.status_code == 422
    uploaded = (await upload(client, world, "a.pdf", PDF, "admin")).json()
    both = await client.post(
        "/api/v1/resources",
        json={"kind": "tool", "title": "T", "url": "https://x.no", "file_id": uploaded["id"]},
        headers=admin,
    )
    assert both.status_code == 422
    not_a_url = await client.post(
        "/api/v1/resources",
        json={"kind": "link", "title": "T", "url": "javascript:alert(1)"},
        headers=admin,
    )
    assert not_a_url.status_code == 422


async def test_upload_rules_apply(client: httpx.AsyncClient, world: World) -> None:
    refused = await upload(client, world, "program.pdf", ELF, "admin")
    assert refused.status_code == 415
    # Someone else's upload cannot be attached.
    theirs = (await upload(client, world, "b.pdf", PDF, "member")).json()
    response = await client.post(
        "/api/v1/resources",
        json={"kind": "tool", "title": "T", "file_id": theirs["id"]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 422
    # Nor one already attached.
    first = await with_file(client, world)
    again = await client.post(
        "/api/v1/resources",
        json={"kind": "tool", "title": "T", "file_id": first.json()["file"]["id"]},
        headers=world.headers("admin"),
    )
    assert again.status_code == 422


async def test_switching_from_file_to_address_releases_the_file(
    client: httpx.AsyncClient, world: World
) -> None:
    made = (await with_file(client, world, visibility="public")).json()
    file_id = made["file"]["id"]
    patched = await client.patch(
        f"/api/v1/resources/{made['id']}",
        json={"url": "https://example.no/ny", "version": made["version"]},
        headers=world.headers("admin"),
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["file"] is None and patched.json()["url"] == "https://example.no/ny"
    assert (await client.get(f"/api/v1/files/{file_id}")).status_code == 404
    stale = await client.patch(
        f"/api/v1/resources/{made['id']}",
        json={"title": "X", "version": made["version"]},
        headers=world.headers("admin"),
    )
    assert stale.status_code == 409


async def test_workspace_resources_belong_to_members(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    made = await resource(client, world, "Vår plan", workspace=True, visibility="workspace")
    assert made["owner"] == world.pilot.id and made["workspace_name"] == "Bodø"
    assert await feed_row(session, "resource", made["id"]) is None  # not shared yet
    default = await client.post(
        "/api/v1/resources",
        json={
            "kind": "template",
            "title": "Mal",
            "url": "https://x.no",
            "workspace_id": world.pilot.id,
        },
        headers=world.headers("coordinator"),
    )
    assert default.json()["visibility"] == "workspace"
    mentor = await client.post(
        "/api/v1/resources",
        json={
            "kind": "template",
            "title": "Mal",
            "url": "https://x.no",
            "workspace_id": world.pilot.id,
        },
        headers=world.headers("mentor"),
    )
    assert mentor.status_code == 403
    project = await client.post(
        "/api/v1/resources",
        json={"kind": "template", "title": "Mal", "url": "https://x.no"},
        headers=world.headers("member"),
    )
    assert project.status_code == 403
    edit = await client.patch(
        f"/api/v1/resources/{made['id']}",
        json={"visibility": "network"},
        headers=world.headers("mentor"),
    )
    assert edit.status_code == 403
    hidden = await client.patch(
        f"/api/v1/resources/{made['id']}",
        json={"title": "X"},
        headers=world.headers("other_member"),
    )
    assert hidden.status_code == 404
    shared_now = await client.patch(
        f"/api/v1/resources/{made['id']}",
        json={"visibility": "network"},
        headers=world.headers("member"),
    )
    assert shared_now.json()["visibility"] == "network"
    shared = await feed_row(session, "resource", made["id"])
    assert shared is not None and shared.kind == "resource" and shared.visibility == "network"
    assert shared.workspace_id == world.pilot.id
    deleted = await client.delete(
        f"/api/v1/resources/{made['id']}", headers=world.headers("member")
    )
    assert deleted.status_code == 204
    assert await feed_row(session, "resource", made["id"]) is None
    gone = await client.get(f"/api/v1/resources/{made['id']}", headers=world.headers("member"))
    assert gone.status_code == 404


@pytest.mark.parametrize("role", ROLES)
async def test_who_reads_resources(
    client: httpx.AsyncClient, world: World, outsider: object, role: str
) -> None:
    made: dict[str, tuple[str, set[str]]] = {}
    for level in ("workspace", "network", "observers", "public"):
        own = await resource(client, world, f"Ws {level}", workspace=True, visibility=level)
        made[own["id"]] = (level, READERS[level])
        project = await resource(client, world, f"Prosjekt {level}", visibility=level)
        made[project["id"]] = (level, PROJECT_READERS[level])
    listed = await client.get("/api/v1/resources?limit=100", headers=world.headers(role))
    ids = {r["id"] for r in listed.json()["items"]}
    assert ids == {i for i, (_, readers) in made.items() if role in readers}
    for resource_id, (_, readers) in made.items():
        one = await client.get(f"/api/v1/resources/{resource_id}", headers=world.headers(role))
        assert one.status_code == (200 if role in readers else 404)


async def test_filters_sort_and_pages_in_constant_queries(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    admin = world.headers("admin")

    async def make(kind: str, language: str, tags: list[str], workspace: bool = False) -> str:
        payload: dict[str, Any] = {
            "kind": kind,
            "title": f"{kind} {language}",
            "url": "https://example.no",
            "language": language,
            "tags": tags,
            "visibility": "network",
        }
        if workspace:
            payload["workspace_id"] = world.pilot.id
        response = await client.post("/api/v1/resources", json=payload, headers=admin)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    film = await make("film", "nn", ["samskaping"])
    report = await make("report", "nb", ["rapport"], workspace=True)
    tool = await make("tool", "en", ["samskaping", "verktøy"])
    for _ in range(3):
        await client.get(f"/api/v1/resources/{tool}/download", headers=admin)
    await client.get(f"/api/v1/resources/{report}/download", headers=admin)

    async def ids(query: str) -> list[str]:
        response = await client.get(f"/api/v1/resources?{query}", headers=world.headers("member"))
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["items"]]

    assert await ids("kind=film") == [film]
    assert await ids("language=en") == [tool]
    assert await ids("tag=samskaping") == [tool, film]
    assert await ids("owner=project") == [tool, film]
    assert await ids(f"owner={world.pilot.id}") == [report]
    assert await ids("sort=most_used") == [tool, report, film]
    assert await ids("") == [tool, report, film]

    seen: list[str] = []
    cursor = None
    while True:
        url = "/api/v1/resources?sort=most_used&limit=1" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(url, headers=world.headers("member"))).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [tool, report, film]

    await with_file(client, world, visibility="network")
    with count_queries(engine) as few:
        await client.get("/api/v1/resources?limit=100", headers=world.headers("member"))
    for i in range(4):
        await make("method", "nb", [f"tag{i}"], workspace=i % 2 == 0)
        await with_file(client, world, visibility="network")
    with count_queries(engine) as many:
        response = await client.get("/api/v1/resources?limit=100", headers=world.headers("member"))
    assert len(response.json()["items"]) == 12
    assert len(many) == len(few)


async def test_collections_show_only_readable_resources(
    client: httpx.AsyncClient, world: World
) -> None:
    admin = world.headers("admin")
    run_sheet = await resource(client, world, "Kjøreplan", visibility="observers")
    prep = await resource(client, world, "Forarbeid", visibility="network")
    secret = await resource(client, world, "Internt", workspace=True, visibility="workspace")
    created = await client.post(
        "/api/v1/collections",
        json={
            "title": "Temapakke: samskaping",
            "kind": "theme_package",
            "visibility": "observers",
            "sections": [
                {"key": "run_sheet", "resource_ids": [run_sheet["id"]]},
                {"key": "preparation", "resource_ids": [prep["id"], secret["id"]]},
                {"key": "reflection", "body": "1. Hva lærte vi?"},
            ],
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    observer = (
        await client.get(f"/api/v1/collections/{cid}", headers=world.headers("observer"))
    ).json()
    sections = {s["key"]: [r["id"] for r in s["resources"]] for s in observer["sections"]}
    assert sections == {"run_sheet": [run_sheet["id"]], "preparation": [], "reflection": []}
    assert observer["sections"][2]["body_html"] == "<ol>\n<li>Hva lærte vi?</li>\n</ol>\n"
    member = (
        await client.get(f"/api/v1/collections/{cid}", headers=world.headers("member"))
    ).json()
    assert [r["id"] for r in member["sections"][1]["resources"]] == [prep["id"], secret["id"]]
    listed = (await client.get("/api/v1/collections", headers=world.headers("other_member"))).json()
    assert listed[0]["resource_count"] == 2
    assert (await client.get(f"/api/v1/collections/{cid}")).status_code == 404

    wrong = await client.post(
        "/api/v1/collections",
        json={"title": "Samling", "kind": "gathering_materials"},
        headers=admin,
    )
    assert wrong.status_code == 422
    bad_section = await client.post(
        "/api/v1/collections",
        json={
            "title": "T",
            "kind": "theme_package",
            "sections": [{"key": "materials", "resource_ids": []}],
        },
        headers=admin,
    )
    assert bad_section.status_code == 422
    patched = await client.patch(
        f"/api/v1/collections/{cid}",
        json={"title": "Ny tittel", "version": created.json()["version"]},
        headers=admin,
    )
    assert patched.json()["title"] == "Ny tittel"
    stale = await client.patch(
        f"/api/v1/collections/{cid}", json={"title": "X", "version": 1}, headers=admin
    )
    assert stale.status_code == 409
    assert (await client.delete(f"/api/v1/collections/{cid}", headers=admin)).status_code == 204
