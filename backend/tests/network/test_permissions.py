"""Every network endpoint against every role: a matrix of expected status codes.

Roles (see conftest): anonymous, admin, the pilot's mentor, another workspace's mentor,
the pilot's coordinator, a pilot member, a member of another pilot, an observer member.
The target is always the pilot workspace "Bodø" (or an application by its coordinator).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.network.conftest import ROLES, World

A, ADM, MEN, OMEN, CO, MEM, OMEM, OBS = ROLES


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # {ws}: the pilot workspace, {app}: a submitted application, {user}: the member
    body: Callable[[World], Any] | None
    allowed: dict[str, int]  # role -> status; roles not listed get `denied`
    denied: int = 403


def everyone(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def signed_in(status: int) -> dict[str, int]:
    return {role: status for role in ROLES if role != A}


CASES = [
    Case("registry", "GET", "/api/v1/municipalities?q=bod", None, everyone(200)),
    Case("counties", "GET", "/api/v1/counties", None, everyone(200)),
    Case("organisations", "GET", "/api/v1/organisations", None, everyone(200)),
    Case("cohorts", "GET", "/api/v1/cohorts", None, everyone(200)),
    Case("cohort", "GET", "/api/v1/cohorts/{cohort}", None, everyone(200)),
    Case(
        "create cohort",
        "POST",
        "/api/v1/cohorts",
        lambda w: {"name": "Ny kull", "starts_on": "2028-01-01", "ends_on": "2029-06-30"},
        {ADM: 201, A: 401},
    ),
    Case(
        "update cohort",
        "PUT",
        "/api/v1/cohorts/{cohort}",
        lambda w: {"name": "Endret", "starts_on": "2027-01-01", "ends_on": "2028-06-30"},
        {ADM: 200, A: 401},
    ),
    Case("directory", "GET", "/api/v1/workspaces", None, {**signed_in(200), A: 401}),
    Case(
        "create workspace",
        "POST",
        "/api/v1/workspaces",
        lambda w: {"name": "Gjesdal", "tier": "pilot", "municipality_numbers": ["1122"]},
        {ADM: 201, A: 401},
    ),
    Case("workspace", "GET", "/api/v1/workspaces/{ws}", None, {**signed_in(200), A: 401}),
    Case(
        "rename workspace",
        "PATCH",
        "/api/v1/workspaces/{ws}",
        lambda w: {"description": "Ny tekst"},
        {ADM: 200, CO: 200, A: 401},
    ),
    Case(
        "change tier",
        "PATCH",
        "/api/v1/workspaces/{ws}",
        lambda w: {"tier": "observer"},
        {ADM: 200, A: 401},
    ),
    Case(
        "withdraw",
        "PATCH",
        "/api/v1/workspaces/{ws}",
        lambda w: {"status": "withdrawn"},
        {ADM: 200, CO: 200, A: 401},
    ),
    Case(
        "members",
        "GET",
        "/api/v1/workspaces/{ws}/members",
        None,
        {ADM: 200, MEN: 200, CO: 200, MEM: 200, A: 401},
    ),
    Case(
        "add member",
        "POST",
        "/api/v1/workspaces/{ws}/members",
        lambda w: {"email": w.users[OMEN].email, "name": "X", "function": "other"},
        {ADM: 201, CO: 201, A: 401},
    ),
    Case(
        "change member",
        "PATCH",
        "/api/v1/workspaces/{ws}/members/{user}",
        lambda w: {"function": "school_owner"},
        {ADM: 200, CO: 200, A: 401},
    ),
    Case(
        "remove member",
        "DELETE",
        "/api/v1/workspaces/{ws}/members/{user}",
        None,
        {ADM: 204, CO: 204, MEM: 204, A: 401},  # the member may leave by themselves
    ),
    Case("my applications", "GET", "/api/v1/applications", None, {**signed_in(200), A: 401}),
    Case(
        "apply",
        "POST",
        "/api/v1/applications",
        lambda w: {"cohort_id": w.cohort.id},
        {**signed_in(201), A: 401},
    ),
    Case(
        "read application",
        "GET",
        "/api/v1/applications/{app}",
        None,
        {ADM: 200, CO: 200, A: 401},
        denied=404,  # others may not know it exists
    ),
    Case(
        "edit application",
        "PATCH",
        "/api/v1/applications/{draft}",
        lambda w: {"motivation": "Endret"},
        {CO: 200, ADM: 403, A: 401},
        denied=404,
    ),
    Case(
        "submit application",
        "POST",
        "/api/v1/applications/{draft}/submit",
        None,
        {CO: 422, ADM: 403, A: 401},
        denied=404,  # 422: the draft is still empty
    ),
    Case(
        "score",
        "PUT",
        "/api/v1/applications/{app}/scores",
        lambda w: {"scores": []},
        {ADM: 200, A: 401},
    ),
    Case(
        "decide",
        "POST",
        "/api/v1/applications/{app}/decision",
        lambda w: {"outcome": "declined", "message": ""},
        {ADM: 200, A: 401},
    ),
    Case("me", "GET", "/api/v1/me", None, {**signed_in(200), A: 401}),
    Case(
        "invite",
        "POST",
        "/api/v1/invitations",
        lambda w: {"email": "new@example.no", "name": "New"},
        {ADM: 201, A: 401},
    ),
]

COMPLETE = {
    "municipality_numbers": ["1804"],
    "motivation": "m",
    "local_challenge": "l",
    "focus_area": "f",
    "planned_partners": "p",
    "anchoring_name": "a",
    "anchoring_role": "r",
    "anchoring_date": "2026-10-01",
    "hours_per_semester": 10,
    "team": [{"name": "T", "email": "", "function": "teacher"}],
}


async def _application(client: httpx.AsyncClient, world: World, submit: bool) -> str:
    headers = world.headers(CO)
    created = await client.post(
        "/api/v1/applications", json={"cohort_id": world.cohort.id}, headers=headers
    )
    app_id = str(created.json()["id"])
    if submit:
        await client.patch(f"/api/v1/applications/{app_id}", json=COMPLETE, headers=headers)
        assert (
            await client.post(f"/api/v1/applications/{app_id}/submit", headers=headers)
        ).status_code == 200
    return app_id


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("role", ROLES)
async def test_permission_matrix(
    client: httpx.AsyncClient, world: World, case: Case, role: str
) -> None:
    path = case.path.format(
        ws=world.pilot.id,
        cohort=world.cohort.id,
        user=world.users[MEM].id,
        app=await _application(client, world, submit=True) if "{app}" in case.path else "",
        draft=await _application(client, world, submit=False) if "{draft}" in case.path else "",
    )
    kwargs: dict[str, Any] = {"headers": world.headers(role)}
    if case.body is not None:
        kwargs["json"] = case.body(world)
    response = await client.request(case.method, path, **kwargs)
    expected = case.allowed.get(role, case.denied)
    assert response.status_code == expected, (case.name, role, response.text)
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_workspace_is_404_for_everyone_signed_in(
    client: httpx.AsyncClient, world: World
) -> None:
    for role in ROLES[1:]:
        response = await client.get("/api/v1/workspaces/nope", headers=world.headers(role))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


Check = Callable[[httpx.Response], Awaitable[None]]
