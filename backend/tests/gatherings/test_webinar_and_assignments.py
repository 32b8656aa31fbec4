from __future__ import annotations

import json
from datetime import date

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.seed import WEBINAR, seed_webinar
from tests.network.conftest import World


async def test_the_webinar_import_keeps_every_group_and_answer(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    gathering = await seed_webinar(session, world.cohort)
    await session.commit()
    summary = (
        await client.get(
            f"/api/v1/gatherings/{gathering.id}/summary?format=md", headers=world.headers("admin")
        )
    ).text
    data = json.loads(WEBINAR.read_text(encoding="utf-8"))
    for round_ in data["rounds"]:
        for group in round_["groups"]:
            names = [m["name"] for m in group["municipalities"]]
            heading = f"### {group['name']}" + (f" ({', '.join(names)})" if names else "")
            assert heading in summary, heading
            for answer in group["answers"].values():
                assert answer.strip() in summary
    # Two prompts and "other" in round 1; three prompts and "other" in round 2.
    assert summary.count("## Runde 1:") == 3 and summary.count("## Runde 2:") == 4
    past = (
        await client.get("/api/v1/gatherings?when=past", headers=world.headers("member"))
    ).json()
    assert [g["title"] for g in past] == ["Informasjonswebinar: Fremtidens kulturskole"]


async def test_assignment_one_response_per_workspace(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await client.post(
        "/api/v1/assignments",
        json={
            "title": "Beskriv utfordringsbildet",
            "instructions": "Kort, *konkret*.",
            "due_on": str(date(2027, 2, 1)),
        },
        headers=world.headers("admin"),
    )
    assert created.status_code == 201, created.text
    assignment = created.json()
    assert assignment["cohort_id"] == world.cohort.id
    url = f"/api/v1/assignments/{assignment['id']}/responses/{world.pilot.id}"
    first = await client.put(
        url, json={"body": "Få møteplasser", "version": 0}, headers=world.headers("member")
    )
    assert first.status_code == 200
    stale = await client.put(
        url, json={"body": "Annet", "version": 0}, headers=world.headers("coordinator")
    )
    assert stale.status_code == 409
    for role in ("mentor", "other_member", "observer"):
        assert (
            await client.put(url, json={"body": "x", "version": 1}, headers=world.headers(role))
        ).status_code == 403, role
    # Visibility like other workspace content: another pilot cannot read it yet...
    seen = (
        await client.get(
            f"/api/v1/assignments/{assignment['id']}", headers=world.headers("other_member")
        )
    ).json()
    assert seen["responses"] == [] and seen["status"] == []
    await client.put(
        url,
        json={"body": "Få møteplasser", "visibility": "network", "version": 1},
        headers=world.headers("member"),
    )
    seen = (
        await client.get(
            f"/api/v1/assignments/{assignment['id']}", headers=world.headers("other_member")
        )
    ).json()
    assert [r["workspace_name"] for r in seen["responses"]] == ["Bodø"]
    # ...and the project team sees who has answered.
    admin = (
        await client.get(f"/api/v1/assignments/{assignment['id']}", headers=world.headers("admin"))
    ).json()
    assert {(s["workspace_name"], s["answered"]) for s in admin["status"]} == {
        ("Asker", False),
        ("Bodø", True),
        ("Osterøy", False),
    }
    assert (
        await client.post(
            "/api/v1/assignments",
            json={"title": "x", "due_on": "2027-01-01"},
            headers=world.headers("coordinator"),
        )
    ).status_code == 403
