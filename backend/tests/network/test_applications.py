from __future__ import annotations

import re

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import Invitation, Role
from samklang.network.models import Application, Membership, Workspace
from tests.conftest import Deliver, Factory, SmtpServer
from tests.network.conftest import World

COMPLETE = {
    "municipality_numbers": ["4637", "4646"],
    "motivation": "Vi vil at kulturskolen skal bli en utviklingsaktør i kommunen.",
    "local_challenge": "Få møteplasser for unge etter skoletid.",
    "focus_area": "Samskaping med helsestasjon og skole",
    "planned_partners": "Helsestasjonen, ungdomsskolen, NMF Vest",
    "anchoring_name": "Ordfører Ola Nordmann",
    "anchoring_role": "Ordfører",
    "anchoring_date": "2026-10-01",
    "hours_per_semester": 120,
    "team": [
        {
            "name": "Kari Kulturskole",
            "email": "kari@example.no",
            "function": "culture_school_leader",
        },
        {"name": "Tor Lærer", "email": "tor@example.no", "function": "teacher"},
    ],
}


async def new_draft(client: httpx.AsyncClient, world: World, who: str = "coordinator") -> dict:
    response = await client.post(
        "/api/v1/applications", json={"cohort_id": world.cohort.id}, headers=world.headers(who)
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_draft_saves_field_by_field_and_survives_a_reload(
    client: httpx.AsyncClient, world: World
) -> None:
    draft = await new_draft(client, world)
    assert draft["status"] == "draft"
    assert draft["motivation"] == ""
    headers = world.headers("coordinator")
    url = f"/api/v1/applications/{draft['id']}"
    saved = await client.patch(
        url, json={"motivation": "Første tanke", "version": 1}, headers=headers
    )
    assert saved.status_code == 200
    assert saved.json()["version"] == 2
    saved = await client.patch(
        url, json={"municipality_numbers": ["4637"], "version": 2}, headers=headers
    )
    reloaded = (await client.get(url, headers=headers)).json()
    assert reloaded["motivation"] == "Første tanke"
    assert [m["name"] for m in reloaded["municipalities"]] == ["Hyllestad"]
    # A save from a stale tab is a conflict, never a silent overwrite.
    stale = await client.patch(url, json={"motivation": "Gammel", "version": 1}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert (await client.get(url, headers=headers)).json()["motivation"] == "Første tanke"


async def test_submit_names_every_missing_field_in_the_users_language(
    client: httpx.AsyncClient, world: World
) -> None:
    draft = await new_draft(client, world)
    response = await client.post(
        f"/api/v1/applications/{draft['id']}/submit",
        headers={**world.headers("coordinator"), "Accept-Language": "en"},
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {
        "municipality_numbers",
        "motivation",
        "local_challenge",
        "focus_area",
        "planned_partners",
        "anchoring_name",
        "anchoring_role",
        "anchoring_date",
        "hours_per_semester",
        "team",
    }
    assert all(e["message"] == "This field is required." for e in response.json()["errors"])
    after = await client.get(
        f"/api/v1/applications/{draft['id']}", headers=world.headers("coordinator")
    )
    assert after.json()["status"] == "draft"


async def submitted(
    client: httpx.AsyncClient, world: World, who: str = "coordinator", body: dict | None = None
) -> dict:
    draft = await new_draft(client, world, who)
    headers = world.headers(who)
    url = f"/api/v1/applications/{draft['id']}"
    assert (await client.patch(url, json=body or COMPLETE, headers=headers)).status_code == 200
    response = await client.post(f"{url}/submit", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_whole_life_cycle_to_a_joint_pilot_workspace(
    client: httpx.AsyncClient,
    world: World,
    factory: Factory,
    session: AsyncSession,
    deliver: Deliver,
    smtp: SmtpServer,
) -> None:
    tor = await factory.user(email="tor@example.no", name="Tor Lærer")
    application = await submitted(client, world)
    assert application["status"] == "submitted"
    url = f"/api/v1/applications/{application['id']}"
    applicant = world.headers("coordinator")

    # Submitted: the applicant can no longer change it.
    assert (await client.patch(url, json={"motivation": "x"}, headers=applicant)).status_code == 409

    # Two reviewers score it; the weighted total is shown to the project team.
    criteria = [
        c["id"] for c in (await client.get(f"/api/v1/cohorts/{world.cohort.id}")).json()["criteria"]
    ]
    second_admin = await factory.user(role=Role.admin, name="Bjørn Jury")
    for headers, scores in (
        (world.headers("admin"), (5, 2)),
        (factory.headers(second_admin), (3, 4)),
    ):
        response = await client.put(
            f"{url}/scores",
            json={
                "scores": [
                    {"criterion_id": c, "score": s} for c, s in zip(criteria, scores, strict=True)
                ]
            },
            headers=headers,
        )
        assert response.status_code == 200, response.text
    reviewed = (await client.get(url, headers=world.headers("admin"))).json()
    # Forankring (weight 2): mean 4; Samskaping (weight 1): mean 3 -> (8 + 3) / 3
    assert abs(reviewed["weighted_score"] - 11 / 3) < 1e-9
    assert reviewed["reviewer_count"] == 2
    assert {s["reviewer_name"] for s in reviewed["scores"]} == {"Anne Admin", "Bjørn Jury"}
    # The applicant sees neither scores nor reviewers.
    own = (await client.get(url, headers=applicant)).json()
    assert own["scores"] == [] and own["weighted_score"] is None

    decided = await client.post(
        f"{url}/decision",
        json={"outcome": "pilot", "message": "Velkommen!"},
        headers=world.headers("admin"),
    )
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "decided" and body["outcome"] == "pilot"

    workspace = await session.get(Workspace, body["workspace_id"])
    assert workspace is not None
    assert workspace.name == "Hyllestad og Fjaler"
    assert workspace.tier == "pilot"
    detail = (await client.get(f"/api/v1/workspaces/{workspace.id}", headers=applicant)).json()
    assert [m["number"] for m in detail["municipalities"]] == ["4637", "4646"]
    assert detail["my_role"] == "coordinator"
    members = (
        await client.get(f"/api/v1/workspaces/{workspace.id}/members", headers=applicant)
    ).json()
    assert {(m["name"], m["role"], m["function"]) for m in members} == {
        ("Kari Koordinator", "coordinator", "other"),
        ("Tor Lærer", "member", "teacher"),
    }
    # kari@example.no has no account yet: she is invited to the workspace.
    invitation = await session.scalar(
        select(Invitation).where(Invitation.email == "kari@example.no")
    )
    assert invitation is not None and invitation.workspace_id == workspace.id
    assert invitation.workspace_function == "culture_school_leader"

    me = (await client.get("/api/v1/me", headers=factory.headers(tor))).json()
    assert me["memberships"] == [
        {
            "workspace_id": workspace.id,
            "workspace_name": "Hyllestad og Fjaler",
            "tier": "pilot",
            "role": "member",
        }
    ]

    await deliver()
    subjects = {m["To"]: m["Subject"] for m in smtp.mailbox.messages}
    assert subjects[world.users["coordinator"].email] == (
        "Dere er valgt som pilot i Fremtidens kulturskole"
    )
    assert "kari@example.no" in subjects

    # Deciding twice is refused and changes nothing.
    again = await client.post(
        f"{url}/decision",
        json={"outcome": "declined", "message": ""},
        headers=world.headers("admin"),
    )
    assert again.status_code == 409
    session.expire_all()
    stored = await session.get(Application, application["id"])
    assert stored is not None and stored.outcome == "pilot"
    assert (
        await session.scalar(
            select(func.count())
            .select_from(Workspace)
            .where(Workspace.name == "Hyllestad og Fjaler")
        )
        == 1
    )


async def test_decision_upgrades_an_observer_workspace(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    # The observer municipality (Osterøy) applies again and becomes a pilot.
    observer_id = world.observer.id
    application = await submitted(
        client,
        world,
        "observer",
        {
            **COMPLETE,
            "municipality_numbers": ["4630"],
            "team": [{"name": "Ola", "email": "", "function": "other"}],
        },
    )
    response = await client.post(
        f"/api/v1/applications/{application['id']}/decision",
        json={"outcome": "pilot", "message": ""},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200
    assert response.json()["workspace_id"] == observer_id
    session.expire_all()
    upgraded = await session.get(Workspace, observer_id)
    assert upgraded is not None and upgraded.tier == "pilot"
    memberships = await session.scalar(
        select(func.count()).select_from(Membership).where(Membership.workspace_id == observer_id)
    )
    assert memberships == 1  # the applicant was already its coordinator


async def test_observer_and_declined_outcomes(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    first = await submitted(client, world, "member", {**COMPLETE, "municipality_numbers": ["1103"]})
    response = await client.post(
        f"/api/v1/applications/{first['id']}/decision",
        json={"outcome": "observer", "message": "Følg oss!"},
        headers=world.headers("admin"),
    )
    workspace = await session.get(Workspace, response.json()["workspace_id"])
    assert workspace is not None and (workspace.name, workspace.tier) == ("Stavanger", "observer")

    second = await submitted(
        client, world, "member", {**COMPLETE, "municipality_numbers": ["1106"]}
    )
    declined = await client.post(
        f"/api/v1/applications/{second['id']}/decision",
        json={"outcome": "declined", "message": "Dessverre."},
        headers=world.headers("admin"),
    )
    assert declined.json()["workspace_id"] is None
    assert declined.json()["decision_message"] == "Dessverre."
    mine = (await client.get("/api/v1/applications", headers=world.headers("member"))).json()
    assert {(a["status"], a["outcome"]) for a in mine["items"]} == {
        ("decided", "observer"),
        ("decided", "declined"),
    }


async def test_only_submitted_applications_are_decided_or_scored(
    client: httpx.AsyncClient, world: World
) -> None:
    draft = await new_draft(client, world)
    url = f"/api/v1/applications/{draft['id']}"
    admin = world.headers("admin")
    assert (
        await client.post(f"{url}/decision", json={"outcome": "pilot"}, headers=admin)
    ).status_code == 409
    assert (
        await client.put(f"{url}/scores", json={"scores": []}, headers=admin)
    ).status_code == 409


async def test_bad_input_changes_nothing(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    headers = world.headers("coordinator")
    before = await session.scalar(select(func.count()).select_from(Application))
    unknown = await client.post(
        "/api/v1/applications",
        json={"cohort_id": world.cohort.id, "municipality_numbers": ["9999"]},
        headers=headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "municipality_numbers"
    bad_cohort = await client.post(
        "/api/v1/applications", json={"cohort_id": "nope"}, headers=headers
    )
    assert bad_cohort.status_code == 422
    malformed = await client.post(
        "/api/v1/applications",
        json={
            "cohort_id": world.cohort.id,
            "hours_per_semester": -3,
            "municipality_numbers": ["12"],
        },
        headers=headers,
    )
    assert malformed.status_code == 422
    assert {e["field"] for e in malformed.json()["errors"]} == {
        "hours_per_semester",
        "municipality_numbers.0",
    }
    assert await session.scalar(select(func.count()).select_from(Application)) == before

    application = await submitted(client, world)
    criteria_error = await client.put(
        f"/api/v1/applications/{application['id']}/scores",
        json={"scores": [{"criterion_id": "nope", "score": 3}]},
        headers=world.headers("admin"),
    )
    assert criteria_error.status_code == 422
    out_of_range = await client.put(
        f"/api/v1/applications/{application['id']}/scores",
        json={"scores": [{"criterion_id": "x", "score": 9}]},
        headers=world.headers("admin"),
    )
    assert out_of_range.status_code == 422


async def test_application_list_sorted_by_score_pages_through_everything(
    client: httpx.AsyncClient, world: World
) -> None:
    criteria = [
        c["id"] for c in (await client.get(f"/api/v1/cohorts/{world.cohort.id}")).json()["criteria"]
    ]
    ids_by_score = []
    for score in (1, 4, 2, 5):
        app = await submitted(client, world)
        await client.put(
            f"/api/v1/applications/{app['id']}/scores",
            json={"scores": [{"criterion_id": criteria[0], "score": score}]},
            headers=world.headers("admin"),
        )
        ids_by_score.append((score, app["id"]))
    unscored = await submitted(client, world)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"sort": "score", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (
            await client.get("/api/v1/applications", params=params, headers=world.headers("admin"))
        ).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    expected = [i for _, i in sorted(ids_by_score, reverse=True)] + [unscored["id"]]
    assert seen == expected


async def test_invitation_to_apply_then_apply(
    client: httpx.AsyncClient, world: World, deliver: Deliver, smtp: SmtpServer
) -> None:
    """A new person invited by the project team signs up and drafts an application."""
    invited = await client.post(
        "/api/v1/invitations",
        json={"email": "ny@gjesdal.kommune.no", "name": "Nora Ny", "role": "member"},
        headers=world.headers("admin"),
    )
    assert invited.status_code == 201
    await deliver()
    token = re.search(r"token=(\S+)", smtp.mailbox.bodies()[0])
    assert token
    accepted = await client.post(
        "/api/v1/invitations/accept",
        json={"token": token.group(1), "name": "Nora Ny", "password": "ten characters"},
    )
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    response = await client.post(
        "/api/v1/applications",
        json={"cohort_id": world.cohort.id, "municipality_numbers": ["1122"]},
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["municipalities"][0]["name"] == "Gjesdal"


async def test_mine_limits_the_project_teams_list_to_their_own(
    client: httpx.AsyncClient, world: World
) -> None:
    await new_draft(client, world, "admin")
    await new_draft(client, world, "coordinator")
    everything = (await client.get("/api/v1/applications", headers=world.headers("admin"))).json()
    mine = (
        await client.get("/api/v1/applications?mine=true", headers=world.headers("admin"))
    ).json()
    assert len(everything["items"]) == 2
    assert [a["applicant"]["name"] for a in mine["items"]] == ["Anne Admin"]
