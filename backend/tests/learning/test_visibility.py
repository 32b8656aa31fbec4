"""Who reads cycles, entries, measures and attached files at each visibility level."""

from __future__ import annotations

import httpx
import pytest

from samklang.auth.models import User
from tests.learning.conftest import LEARNING_ROLES
from tests.network.conftest import World

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

READERS = {
    "workspace": {"admin", "mentor", "coordinator", "member"},
    "network": {"admin", "mentor", "coordinator", "member", "other_mentor", "other_member"},
    "observers": {
        "admin",
        "mentor",
        "coordinator",
        "member",
        "other_mentor",
        "other_member",
        "observer",
    },
    "public": set(LEARNING_ROLES),
}


async def content_at(client: httpx.AsyncClient, world: World, level: str) -> dict[str, str]:
    """A cycle, an entry with a file, and a measure, all at `level`, in the pilot (Bodø)."""
    member = world.headers("member")
    ws = world.pilot.id
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{ws}/cycles",
            json={"title": f"Syklus {level}", "visibility": level},
            headers=member,
        )
    ).json()
    upload = await client.post(
        "/api/v1/files", files={"file": ("referat.pdf", PDF)}, headers=member
    )
    assert upload.status_code == 201, upload.text
    entry = (
        await client.post(
            f"/api/v1/cycles/{cycle['id']}/entries",
            json={"body": "Logg", "file_ids": [upload.json()["id"]]},
            headers=member,
        )
    ).json()
    assert entry["visibility"] == level  # an entry takes its cycle's level by default
    measure = (
        await client.post(
            f"/api/v1/workspaces/{ws}/measures",
            json={"name": "M", "kind": "outcome", "visibility": level},
            headers=member,
        )
    ).json()
    return {
        "cycle": cycle["id"],
        "entry": entry["id"],
        "measure": measure["id"],
        "file": upload.json()["id"],
    }


@pytest.mark.parametrize("level", list(READERS))
async def test_reading_matrix(
    client: httpx.AsyncClient, world: World, outsider: User, level: str
) -> None:
    ids = await content_at(client, world, level)
    ws = world.pilot.id
    for role in LEARNING_ROLES:
        headers = world.headers(role)
        allowed = role in READERS[level]
        expected = 200 if allowed else 404
        for path in (
            f"/api/v1/cycles/{ids['cycle']}",
            f"/api/v1/measures/{ids['measure']}",
            f"/api/v1/files/{ids['file']}",
        ):
            response = await client.get(path, headers=headers)
            assert response.status_code == expected, (level, role, path)
        # Lists show exactly what may be read.
        cycles = (await client.get(f"/api/v1/workspaces/{ws}/cycles", headers=headers)).json()
        assert (ids["cycle"] in [c["id"] for c in cycles["items"]]) is allowed, (level, role)
        measures = (await client.get(f"/api/v1/workspaces/{ws}/measures", headers=headers)).json()
        assert (ids["measure"] in [m["id"] for m in measures]) is allowed, (level, role)
        if allowed:
            entries = (
                await client.get(f"/api/v1/cycles/{ids['cycle']}/entries", headers=headers)
            ).json()
            assert [e["id"] for e in entries["items"]] == [ids["entry"]]
            overview = (
                await client.get(f"/api/v1/workspaces/{ws}/overview", headers=headers)
            ).json()
            assert ids["entry"] in [e["id"] for e in overview["latest_entries"]]


async def test_a_private_entry_in_a_shared_cycle_stays_private(
    client: httpx.AsyncClient, world: World
) -> None:
    member = world.headers("member")
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/cycles",
            json={"title": "Delt", "visibility": "network"},
            headers=member,
        )
    ).json()
    await client.post(
        f"/api/v1/cycles/{cycle['id']}/entries",
        json={"body": "Intern refleksjon", "visibility": "workspace"},
        headers=member,
    )
    await client.post(
        f"/api/v1/cycles/{cycle['id']}/entries", json={"body": "Delt logg"}, headers=member
    )
    seen = (
        await client.get(
            f"/api/v1/cycles/{cycle['id']}/entries", headers=world.headers("other_member")
        )
    ).json()["items"]
    assert [e["body"] for e in seen] == ["Delt logg"]
    listed = (
        await client.get(
            f"/api/v1/workspaces/{world.pilot.id}/cycles", headers=world.headers("other_member")
        )
    ).json()["items"]
    assert listed[0]["entry_count"] == 1


async def test_lowering_visibility_hides_at_once(client: httpx.AsyncClient, world: World) -> None:
    member = world.headers("member")
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/cycles",
            json={"title": "Offentlig", "visibility": "public"},
            headers=member,
        )
    ).json()
    assert (await client.get(f"/api/v1/cycles/{cycle['id']}")).status_code == 200
    await client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"version": cycle["version"], "visibility": "workspace"},
        headers=member,
    )
    assert (await client.get(f"/api/v1/cycles/{cycle['id']}")).status_code == 404
