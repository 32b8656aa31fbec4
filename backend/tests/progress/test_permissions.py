"""Every progress endpoint against every role."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.learning.models import Cycle
from tests.network.conftest import ROLES, World

SIGNED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)
INSIDE = {"admin", "mentor", "coordinator", "member"}  # read a workspace-level report
WRITERS = {"admin", "coordinator", "member"}

# (name, method, path, body, status per role; roles not listed get `otherwise`)
CASES: list[tuple[str, str, str, Any, dict[str, int], int]] = [
    ("overview", "GET", "/api/v1/progress/overview", None, {"admin": 200, "anonymous": 401}, 403),
    (
        "overview csv",
        "GET",
        "/api/v1/progress/overview.csv",
        None,
        {"admin": 200, "anonymous": 401},
        403,
    ),
    ("network", "GET", "/api/v1/progress/network", None, dict.fromkeys(SIGNED_IN, 200), 401),
    ("what it took", "GET", "/api/v1/progress/what-it-took", None, {}, 200),
    ("workspace progress", "GET", "/api/v1/workspaces/{ws}/progress", None, {}, 200),
    ("list reports", "GET", "/api/v1/workspaces/{ws}/reports", None, {}, 200),
    (
        "create report",
        "POST",
        "/api/v1/workspaces/{ws}/reports",
        {"title": "R", "period_start": "2027-01-01", "period_end": "2027-06-30"},
        dict.fromkeys(WRITERS, 201) | {"anonymous": 401},
        403,
    ),
    ("read report", "GET", "/api/v1/reports/{r}", None, dict.fromkeys(INSIDE, 200), 404),
    ("preview", "GET", "/api/v1/reports/{r}/preview", None, dict.fromkeys(INSIDE, 200), 404),
    ("markdown", "GET", "/api/v1/reports/{r}.md", None, dict.fromkeys(INSIDE, 200), 404),
    ("pdf", "GET", "/api/v1/reports/{r}.pdf", None, dict.fromkeys(INSIDE, 200), 404),
    (
        "update report",
        "PATCH",
        "/api/v1/reports/{r}",
        {"title": "Ny", "version": 1},
        dict.fromkeys(WRITERS, 200) | {"mentor": 403, "anonymous": 401},
        404,
    ),
    (
        "share report",
        "POST",
        "/api/v1/reports/{r}/share",
        {"visibility": "network"},
        dict.fromkeys(WRITERS, 200) | {"mentor": 403, "anonymous": 401},
        404,
    ),
    (
        "delete report",
        "DELETE",
        "/api/v1/reports/{r}",
        None,
        dict.fromkeys(WRITERS, 204) | {"mentor": 403, "anonymous": 401},
        404,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
async def test_progress_permission_matrix(
    client: httpx.AsyncClient, world: World, session: AsyncSession, case: tuple[Any, ...]
) -> None:
    name, method, path, payload, allowed, otherwise = case
    cycle = Cycle(workspace_id=world.pilot.id, title="Syklus")
    session.add(cycle)
    await session.commit()
    for role in ROLES:
        # A fresh workspace-level report for each role, so writes do not interfere.
        created = await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/reports",
            json={
                "title": "Delrapport",
                "period_start": "2027-01-01",
                "period_end": "2027-06-30",
                "cycle_ids": [cycle.id],
            },
            headers=world.headers("coordinator"),
        )
        assert created.status_code == 201
        url = path.format(ws=world.pilot.id, r=created.json()["id"])
        kwargs: dict[str, Any] = {"headers": world.headers(role)}
        if payload is not None:
            kwargs["json"] = payload
        response = await client.request(method, url, **kwargs)
        assert response.status_code == allowed.get(role, otherwise), (name, role, response.text)


@pytest.mark.parametrize("level", ["network", "observers", "public"])
async def test_shared_report_readers(client: httpx.AsyncClient, world: World, level: str) -> None:
    created = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/reports",
        json={
            "title": "Delt",
            "period_start": "2027-01-01",
            "period_end": "2027-06-30",
            "visibility": level,
        },
        headers=world.headers("member"),
    )
    readers = {
        "network": INSIDE | {"other_mentor", "other_member"},
        "observers": INSIDE | {"other_mentor", "other_member", "observer"},
        "public": EVERYONE,
    }[level]
    for role in ROLES:
        response = await client.get(
            f"/api/v1/reports/{created.json()['id']}/preview", headers=world.headers(role)
        )
        assert response.status_code == (200 if role in readers else 404), (level, role)
        listed = await client.get(
            f"/api/v1/workspaces/{world.pilot.id}/reports", headers=world.headers(role)
        )
        assert len(listed.json()) == (1 if role in readers else 0), (level, role)
