from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.network.models import Membership
from tests.conftest import Deliver, SmtpServer
from tests.network.conftest import World


async def test_admin_creates_a_joint_workspace(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/workspaces",
        json={
            "name": "Hyllestad og Fjaler",
            "tier": "pilot",
            "municipality_numbers": ["4637", "4646"],
            "cohort_id": world.cohort.id,
        },
        headers=world.headers("admin"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["slug"] == "hyllestad-og-fjaler"
    assert [m["name"] for m in body["municipalities"]] == ["Hyllestad", "Fjaler"]
    assert body["member_count"] == 0
    listed = (
        await client.get("/api/v1/workspaces?county=46", headers=world.headers("observer"))
    ).json()["items"]
    assert [w["name"] for w in listed] == ["Hyllestad og Fjaler", "Osterøy"]


async def test_unknown_municipality_creates_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    response = await client.post(
        "/api/v1/workspaces",
        json={"name": "Ingen", "tier": "pilot", "municipality_numbers": ["1804", "0000"]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 422
    assert "0000" in response.json()["errors"][0]["message"]
    names = [
        w["name"]
        for w in (await client.get("/api/v1/workspaces", headers=world.headers("admin"))).json()[
            "items"
        ]
    ]
    assert "Ingen" not in names


async def test_directory_filters_and_pages_in_norwegian_order(
    client: httpx.AsyncClient, world: World
) -> None:
    headers = world.headers("member")
    pilots = (await client.get("/api/v1/workspaces?tier=pilot", headers=headers)).json()
    assert [w["name"] for w in pilots["items"]] == ["Asker", "Bodø"]
    first = (await client.get("/api/v1/workspaces?limit=2", headers=headers)).json()
    second = (
        await client.get(
            f"/api/v1/workspaces?limit=2&cursor={first['next_cursor']}", headers=headers
        )
    ).json()
    assert [w["name"] for w in first["items"] + second["items"]] == ["Asker", "Bodø", "Osterøy"]
    assert second["next_cursor"] is None
    bad = await client.get("/api/v1/workspaces?cursor=%%%", headers=headers)
    assert bad.status_code == 422


async def test_duplicate_membership_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    url = f"/api/v1/workspaces/{world.pilot.id}/members"
    pilot_id = world.pilot.id
    response = await client.post(
        url,
        json={"email": world.users["member"].email, "name": "Mads", "function": "teacher"},
        headers=world.headers("coordinator"),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    count = await session.scalar(
        select(func.count()).select_from(Membership).where(Membership.workspace_id == pilot_id)
    )
    assert count == 2


async def test_coordinator_invites_a_new_person_who_joins_on_accept(
    client: httpx.AsyncClient, world: World, deliver: Deliver, smtp: SmtpServer
) -> None:
    url = f"/api/v1/workspaces/{world.pilot.id}/members"
    response = await client.post(
        url,
        json={
            "email": "ny@bodo.kommune.no",
            "name": "Nils Ny",
            "role": "member",
            "function": "other_sector",
        },
        headers=world.headers("coordinator"),
    )
    assert response.status_code == 201
    assert response.json() == {"member": None, "invited_email": "ny@bodo.kommune.no"}
    await deliver()
    token = re.search(r"token=(\S+)", smtp.mailbox.bodies()[0])
    assert token
    accepted = await client.post(
        "/api/v1/invitations/accept",
        json={"token": token.group(1), "name": "Nils Ny", "password": "long enough pw"},
    )
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert me["memberships"][0]["workspace_name"] == "Bodø"
    members = (await client.get(url, headers=headers)).json()
    assert ("Nils Ny", "member", "other_sector") in {
        (m["name"], m["role"], m["function"]) for m in members
    }


async def test_an_existing_account_is_added_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/api/v1/workspaces/{world.pilot.id}/members"
    response = await client.post(
        url,
        json={
            "email": world.users["observer"].email.upper(),
            "name": "x",
            "role": "coordinator",
            "function": "school_owner",
        },
        headers=world.headers("admin"),
    )
    assert response.status_code == 201
    assert response.json()["member"]["role"] == "coordinator"


async def test_the_last_coordinator_cannot_leave_or_be_demoted(
    client: httpx.AsyncClient, world: World
) -> None:
    coordinator = world.users["coordinator"]
    url = f"/api/v1/workspaces/{world.pilot.id}/members/{coordinator.id}"
    headers = world.headers("coordinator")
    assert (await client.delete(url, headers=headers)).status_code == 409
    demote = await client.patch(url, json={"role": "member"}, headers=headers)
    assert demote.status_code == 409
    # Appoint another coordinator first; then leaving works.
    member = world.users["member"]
    promote = await client.patch(
        f"/api/v1/workspaces/{world.pilot.id}/members/{member.id}",
        json={"role": "coordinator"},
        headers=headers,
    )
    assert promote.status_code == 200
    assert (await client.delete(url, headers=headers)).status_code == 204
    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert me["memberships"] == []


async def test_a_withdrawn_workspace_is_read_only(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/workspaces/{world.pilot.id}"
    coordinator = world.headers("coordinator")
    withdrawn = await client.patch(url, json={"status": "withdrawn"}, headers=coordinator)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["can_edit"] is False

    for method, path, body in (
        ("PATCH", url, {"description": "Nytt"}),
        ("PATCH", url, {"status": "withdrawn"}),
        ("POST", f"{url}/members", {"email": "x@example.no", "name": "X"}),
        ("DELETE", f"{url}/members/{world.users['member'].id}", None),
    ):
        response = await client.request(method, path, json=body, headers=coordinator)
        assert response.status_code == 409, (method, path)
        assert response.json()["code"] == "read_only"
    # A member cannot leave a withdrawn workspace either, but everyone can still read it.
    leave = await client.delete(
        f"{url}/members/{world.users['member'].id}", headers=world.headers("member")
    )
    assert leave.status_code == 409
    assert (await client.get(f"{url}/members", headers=world.headers("member"))).status_code == 200
    # Only the project team brings it back.
    assert (
        await client.patch(url, json={"status": "active"}, headers=coordinator)
    ).status_code == 403
    back = await client.patch(url, json={"status": "active"}, headers=world.headers("admin"))
    assert back.json()["status"] == "active"


async def test_admin_assigns_mentors(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/workspaces/{world.other.id}"
    mentor = world.users["mentor"]
    response = await client.patch(
        url, json={"mentor_ids": [mentor.id]}, headers=world.headers("admin")
    )
    assert [m["name"] for m in response.json()["mentors"]] == ["Mona Mentor"]
    not_a_mentor = await client.patch(
        url, json={"mentor_ids": [world.users["member"].id]}, headers=world.headers("admin")
    )
    assert not_a_mentor.status_code == 422
