"""Every gatherings endpoint against every role."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.gatherings.test_gatherings import body
from tests.learning.conftest import LEARNING_ROLES
from tests.network.conftest import World

ALL = set(LEARNING_ROLES) - {"anonymous"}
GROUP_READERS = {"admin", "mentor", "other_mentor", "coordinator", "member", "other_member"}

# (name, method, path, body, roles allowed -> status, status for the others)
CASES: list[tuple[str, str, str, Any, dict[str, int], int]] = [
    ("calendar", "GET", "/api/v1/gatherings", None, dict.fromkeys(ALL, 200), 403),
    ("create", "POST", "/api/v1/gatherings", body(), {"admin": 201}, 403),
    ("read", "GET", "/api/v1/gatherings/{g}", None, dict.fromkeys(ALL, 200), 403),
    ("update", "PATCH", "/api/v1/gatherings/{g}", {"place": "Bodø"}, {"admin": 200}, 403),
    (
        "register",
        "PUT",
        "/api/v1/gatherings/{g}/registration",
        {"mode": "online"},
        {r: 200 for r in ALL - {"outsider"}},
        403,
    ),
    ("registrations", "GET", "/api/v1/gatherings/{g}/registrations", None, {"admin": 200}, 403),
    ("csv", "GET", "/api/v1/gatherings/{g}/registrations.csv", None, {"admin": 200}, 403),
    ("ics", "GET", "/api/v1/gatherings/{g}/calendar.ics", None, dict.fromkeys(ALL, 200), 403),
    ("my feed", "GET", "/api/v1/me/calendar", None, dict.fromkeys(ALL, 200), 403),
    (
        "add group",
        "POST",
        "/api/v1/gatherings/{g}/groups",
        {"name": "G", "municipality_numbers": ["1804"]},
        {"admin": 201},
        403,
    ),
    ("add prompt", "POST", "/api/v1/gatherings/{g}/prompts", {"text": "?"}, {"admin": 201}, 403),
    (
        "group work",
        "GET",
        "/api/v1/gatherings/{g}/groups",
        None,
        dict.fromkeys(GROUP_READERS, 200),
        403,
    ),
    (
        "answer",
        "PUT",
        "/api/v1/groups/{group}/answers/{prompt}",
        {"body": "x", "version": 0},
        {"admin": 200, "coordinator": 200, "member": 200, "other_member": 200},
        403,
    ),
    (
        "history",
        "GET",
        "/api/v1/groups/{group}/answers/{prompt}/history",
        None,
        dict.fromkeys(GROUP_READERS, 200),
        403,
    ),
    (
        "summary",
        "GET",
        "/api/v1/gatherings/{g}/summary",
        None,
        dict.fromkeys(GROUP_READERS, 200),
        403,
    ),
    ("assignments", "GET", "/api/v1/assignments", None, dict.fromkeys(ALL, 200), 403),
    (
        "new assignment",
        "POST",
        "/api/v1/assignments",
        {"title": "A", "due_on": "2027-01-01"},
        {"admin": 201},
        403,
    ),
    (
        "respond",
        "PUT",
        "/api/v1/assignments/{a}/responses/{ws}",
        {"body": "x", "version": 0},
        {"admin": 200, "coordinator": 200, "member": 200},
        403,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
async def test_gatherings_permission_matrix(
    client: httpx.AsyncClient, world: World, outsider: object, case: tuple[Any, ...]
) -> None:
    name, method, path, payload, allowed, denied = case
    admin = world.headers("admin")
    gathering = (await client.post("/api/v1/gatherings", json=body(), headers=admin)).json()
    group = (
        await client.post(
            f"/api/v1/gatherings/{gathering['id']}/groups",
            json={"name": "Gruppe 2", "workspace_ids": [world.pilot.id, world.other.id]},
            headers=admin,
        )
    ).json()
    prompt = (
        await client.post(
            f"/api/v1/gatherings/{gathering['id']}/prompts", json={"text": "Hva?"}, headers=admin
        )
    ).json()
    assignment = (
        await client.post(
            "/api/v1/assignments", json={"title": "A", "due_on": "2027-01-01"}, headers=admin
        )
    ).json()
    url = path.format(
        g=gathering["id"],
        group=group["id"],
        prompt=prompt["id"],
        a=assignment["id"],
        ws=world.pilot.id,
    )
    for role in LEARNING_ROLES:
        kwargs: dict[str, Any] = {"headers": world.headers(role)}
        if payload is not None:
            kwargs["json"] = payload
        response = await client.request(method, url, **kwargs)
        expected = 401 if role == "anonymous" else allowed.get(role, denied)
        if response.status_code == 409 and method == "PUT":
            # Saving the same answer again from a second role is a version conflict,
            # which proves the write was allowed.
            assert expected == 200, (name, role)
            continue
        assert response.status_code == expected, (name, role, response.text)
