"""Deletions that the API offers, and sharing of measures and assessments, are recorded."""

from __future__ import annotations

from typing import Any

import httpx

from tests.gatherings.test_gatherings import create
from tests.network.conftest import World
from tests.sharing.world_a import comment, make_post


async def events(client: httpx.AsyncClient, world: World, action: str) -> list[dict[str, Any]]:
    response = await client.get(
        "/api/v1/audit", params={"action": action}, headers=world.headers("admin")
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_deleting_posts_and_comments_is_recorded(
    client: httpx.AsyncClient, world: World
) -> None:
    post = await make_post(client, world, who="member")
    said = (await comment(client, world, "coordinator", "post", post["id"])).json()
    assert await events(client, world, "comment.deleted") == []
    deleted = await client.delete(f"/api/v1/comments/{said['id']}", headers=world.headers("admin"))
    assert deleted.status_code == 204
    [event] = await events(client, world, "comment.deleted")
    assert (event["actor"]["id"], event["target_type"], event["target_id"]) == (
        world.users["admin"].id,
        "comment",
        said["id"],
    )
    assert event["details"] == {"on": f"post:{post['id']}", "by_author": False}

    gone = await client.delete(f"/api/v1/posts/{post['id']}", headers=world.headers("member"))
    assert gone.status_code == 204
    [event] = await events(client, world, "post.deleted")
    assert (event["actor"]["id"], event["target_id"], event["workspace_id"]) == (
        world.users["member"].id,
        post["id"],
        world.pilot.id,
    )
    assert event["details"] == {"by_author": True}


async def test_deleting_resources_collections_points_and_reports_is_recorded(
    client: httpx.AsyncClient, world: World
) -> None:
    admin = world.headers("admin")
    resource = await client.post(
        "/api/v1/resources",
        json={"kind": "link", "title": "Verktøykasse", "url": "https://example.no"},
        headers=admin,
    )
    assert resource.status_code == 201, resource.text
    rid = resource.json()["id"]
    assert (await client.delete(f"/api/v1/resources/{rid}", headers=admin)).status_code == 204
    [event] = await events(client, world, "resource.deleted")
    assert (event["target_id"], event["details"]) == (rid, {"title": "Verktøykasse"})

    collection = await client.post(
        "/api/v1/collections", json={"title": "Pakke", "kind": "theme_package"}, headers=admin
    )
    assert collection.status_code == 201, collection.text
    cid = collection.json()["id"]
    assert (await client.delete(f"/api/v1/collections/{cid}", headers=admin)).status_code == 204
    [event] = await events(client, world, "collection.deleted")
    assert (event["actor"]["id"], event["target_id"]) == (world.users["admin"].id, cid)

    member = world.headers("member")
    measure = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/measures",
        json={"name": "Deltakere", "unit": "elever", "kind": "outcome"},
        headers=member,
    )
    url = f"/api/v1/measures/{measure.json()['id']}"
    added = await client.post(
        f"{url}/points", json={"date": "2027-02-01", "value": 12, "note": ""}, headers=member
    )
    point_id = added.json()["points"][0]["id"]
    assert (await client.delete(f"{url}/points/{point_id}", headers=member)).status_code == 204
    [event] = await events(client, world, "measure_point.deleted")
    assert (event["target_id"], event["workspace_id"]) == (point_id, world.pilot.id)
    assert event["details"] == {"measure_id": measure.json()["id"], "date": "2027-02-01"}

    report = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/reports",
        json={"title": "Delrapport", "period_start": "2027-01-01", "period_end": "2027-06-30"},
        headers=world.headers("coordinator"),
    )
    assert report.status_code == 201, report.text
    report_id = report.json()["id"]
    deleted = await client.delete(
        f"/api/v1/reports/{report_id}", headers=world.headers("coordinator")
    )
    assert deleted.status_code == 204
    [event] = await events(client, world, "report.deleted")
    assert (event["actor"]["id"], event["target_id"]) == (
        world.users["coordinator"].id,
        report_id,
    )


async def test_sharing_measures_and_assessments_is_recorded(
    client: httpx.AsyncClient, world: World
) -> None:
    member = world.headers("member")
    measure = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/measures",
            json={"name": "Timer", "unit": "t", "kind": "process", "visibility": "network"},
            headers=member,
        )
    ).json()
    updated = await client.patch(
        f"/api/v1/measures/{measure['id']}",
        json={"version": measure["version"], "visibility": "public"},
        headers=member,
    )
    assert updated.status_code == 200, updated.text
    # an edit that leaves the level as it is records nothing
    await client.patch(
        f"/api/v1/measures/{measure['id']}",
        json={"version": updated.json()["version"], "name": "Timer brukt"},
        headers=member,
    )
    changes = await events(client, world, "visibility.changed")
    assert [(e["target_type"], e["details"]) for e in changes] == [
        ("measure", {"from": "network", "to": "public"}),
        ("measure", {"from": "workspace", "to": "network"}),
    ]

    url = f"/api/v1/workspaces/{world.pilot.id}/assessments"
    for level in ("workspace", "observers", "observers"):
        response = await client.put(
            url,
            json={"semester": "Vår 2027", "score": 2.5, "evidence": "Referat", "visibility": level},
            headers=member,
        )
        assert response.status_code == 200, response.text
    [shared] = [
        e
        for e in await events(client, world, "visibility.changed")
        if e["target_type"] == "assessment"
    ]
    assert shared["target_id"] == response.json()["id"]
    assert shared["details"] == {"from": "workspace", "to": "observers"}
    assert shared["actor"]["id"] == world.users["member"].id


async def test_cancelling_a_gathering_is_recorded_once(
    client: httpx.AsyncClient, world: World
) -> None:
    gathering = await create(client, world)
    url = f"/api/v1/gatherings/{gathering['id']}"
    admin = world.headers("admin")
    assert (await client.patch(url, json={"place": "Bodø"}, headers=admin)).status_code == 200
    assert await events(client, world, "gathering.cancelled") == []
    for _ in range(2):
        response = await client.patch(url, json={"cancelled": True}, headers=admin)
        assert response.status_code == 200
    [event] = await events(client, world, "gathering.cancelled")
    assert (event["actor"]["id"], event["target_id"]) == (world.users["admin"].id, gathering["id"])
