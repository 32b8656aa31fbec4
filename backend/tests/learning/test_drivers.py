"""The driver diagram: a tree from the aim to change ideas, edited with version checks,
linked to measures and cycles, read as the project is."""

from __future__ import annotations

import httpx
import pytest

from samklang.auth.models import User
from tests.learning.conftest import LEARNING_ROLES
from tests.network.conftest import World


async def build(client: httpx.AsyncClient, world: World) -> dict:
    member = world.headers("member")
    ws = world.pilot.id
    project = await client.put(
        f"/api/v1/workspaces/{ws}/project",
        json={"aim_what": "Flere barn i kulturskolen", "aim_for_whom": "Barn i Bodø",
              "version": 0},
        headers=member,
    )  # fmt: skip
    assert project.status_code == 200, project.text
    url = f"/api/v1/workspaces/{ws}/drivers"
    primary = (
        await client.post(url, json={"kind": "primary", "title": "Lav terskel"}, headers=member)
    ).json()["nodes"][0]
    secondary = (
        await client.post(
            url,
            json={"kind": "secondary", "title": "Enkel påmelding", "parent_id": primary["id"]},
            headers=member,
        )
    ).json()["nodes"][1]
    diagram = await client.post(
        url,
        json={"kind": "change_idea", "title": "Påmelding på nett", "parent_id": secondary["id"]},
        headers=member,
    )
    assert diagram.status_code == 201, diagram.text
    return diagram.json()


async def test_a_tree_from_the_aim_to_a_change_idea_that_starts_a_cycle(
    client: httpx.AsyncClient, world: World
) -> None:
    diagram = await build(client, world)
    member = world.headers("member")
    assert diagram["aim"]["what"] == "Flere barn i kulturskolen"
    assert [(n["kind"], n["title"]) for n in diagram["nodes"]] == [
        ("primary", "Lav terskel"),
        ("secondary", "Enkel påmelding"),
        ("change_idea", "Påmelding på nett"),
    ]
    idea = diagram["nodes"][2]
    cycle = await client.post(f"/api/v1/drivers/{idea['id']}/cycles", json={}, headers=member)
    assert cycle.status_code == 201, cycle.text
    assert cycle.json()["title"] == "Påmelding på nett"
    read = (
        await client.get(
            f"/api/v1/workspaces/{world.pilot.id}/drivers", headers=world.headers("mentor")
        )
    ).json()
    assert read["nodes"][2]["cycle_ids"] == [cycle.json()["id"]]
    assert read["can_edit"] is False
    # a driver cannot start a cycle; a change idea cannot hang on a primary driver
    primary = diagram["nodes"][0]
    refused = await client.post(f"/api/v1/drivers/{primary['id']}/cycles", json={}, headers=member)
    assert refused.status_code == 422
    wrong = await client.patch(
        f"/api/v1/drivers/{idea['id']}",
        json={"parent_id": primary["id"], "version": idea["version"]},
        headers=member,
    )
    assert wrong.status_code == 422


async def test_rename_move_link_and_remove_with_the_version_check(
    client: httpx.AsyncClient, world: World
) -> None:
    diagram = await build(client, world)
    member = world.headers("member")
    ws = world.pilot.id
    measure = (
        await client.post(
            f"/api/v1/workspaces/{ws}/measures",
            json={"name": "Påmeldte", "kind": "outcome"},
            headers=member,
        )
    ).json()
    primary, secondary, idea = diagram["nodes"]
    second = (
        await client.post(
            f"/api/v1/workspaces/{ws}/drivers",
            json={"kind": "primary", "title": "Gode lærere", "measure_ids": [measure["id"]]},
            headers=member,
        )
    ).json()
    assert [n["title"] for n in second["nodes"] if n["kind"] == "primary"] == [
        "Lav terskel",
        "Gode lærere",
    ]
    other = next(n for n in second["nodes"] if n["title"] == "Gode lærere")
    assert other["measure_ids"] == [measure["id"]]
    moved = await client.patch(
        f"/api/v1/drivers/{secondary['id']}",
        json={"parent_id": other["id"], "title": "Enkel og rask påmelding", "version": 1},
        headers=member,
    )
    assert moved.status_code == 200, moved.text
    titles = [(n["title"], n["parent_id"]) for n in moved.json()["nodes"]]
    assert titles == [
        ("Lav terskel", None),
        ("Gode lærere", None),
        ("Enkel og rask påmelding", other["id"]),
        ("Påmelding på nett", secondary["id"]),
    ]
    stale = await client.patch(
        f"/api/v1/drivers/{secondary['id']}", json={"title": "x", "version": 1}, headers=member
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["nodes"][2]["title"] == "Enkel og rask påmelding"
    aim = await client.put(
        f"/api/v1/workspaces/{ws}/drivers/aim",
        json={"how_much": "Fra 300 til 400 elever", "measure_ids": [measure["id"]], "version": 0},
        headers=member,
    )
    assert aim.status_code == 200, aim.text
    assert aim.json()["aim"]["how_much"] == "Fra 300 til 400 elever"
    assert aim.json()["aim"]["measure_ids"] == [measure["id"]]
    assert (
        await client.put(
            f"/api/v1/workspaces/{ws}/drivers/aim", json={"version": 0}, headers=member
        )
    ).status_code == 409
    # removing a driver removes what hangs under it
    gone = await client.delete(f"/api/v1/drivers/{other['id']}", headers=member)
    assert gone.status_code == 204
    left = (await client.get(f"/api/v1/workspaces/{ws}/drivers", headers=member)).json()
    assert [n["title"] for n in left["nodes"]] == ["Lav terskel"]
    assert idea["id"] not in [n["id"] for n in left["nodes"]]


WRITERS = {"admin", "coordinator", "member"}
READERS_AT_WORKSPACE = {"admin", "mentor", "coordinator", "member"}


@pytest.mark.parametrize("level", ["workspace", "network"])
async def test_who_reads_and_writes_the_diagram(
    client: httpx.AsyncClient, world: World, outsider: User, level: str
) -> None:
    diagram = await build(client, world)
    ws = world.pilot.id
    await client.put(
        f"/api/v1/workspaces/{ws}/project",
        json={"aim_what": "Flere barn i kulturskolen", "visibility": level, "version": 1},
        headers=world.headers("member"),
    )
    node = diagram["nodes"][0]
    for role in LEARNING_ROLES:
        headers = world.headers(role)
        readable = role in READERS_AT_WORKSPACE or (
            level == "network" and role in {"other_mentor", "other_member"}
        )
        read = await client.get(f"/api/v1/workspaces/{ws}/drivers", headers=headers)
        assert read.status_code == (200 if readable else 404), (level, role)
        current = (
            await client.get(f"/api/v1/workspaces/{ws}/drivers", headers=world.headers("admin"))
        ).json()["nodes"][0]
        renamed = await client.patch(
            f"/api/v1/drivers/{node['id']}",
            json={"title": f"Lav terskel ({role})", "version": current["version"]},
            headers=headers,
        )
        added = await client.post(
            f"/api/v1/workspaces/{ws}/drivers",
            json={"kind": "primary", "title": role},
            headers=headers,
        )
        if role == "anonymous":
            expected = (401, 401)
        elif role in WRITERS:
            expected = (200, 201)
        elif readable:
            expected = (403, 403)
        else:
            expected = (404, 403)
        assert (renamed.status_code, added.status_code) == expected, (level, role)
