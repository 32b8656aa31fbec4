from __future__ import annotations

import httpx

from tests.gatherings.test_gatherings import create
from tests.network.conftest import World


async def setup_groups(
    client: httpx.AsyncClient, world: World
) -> tuple[dict, list[dict], list[dict]]:
    gathering = await create(client, world)
    admin = world.headers("admin")
    url = f"/api/v1/gatherings/{gathering['id']}"
    groups = [
        (
            await client.post(
                f"{url}/groups",
                json={"name": "Gruppe 2", "workspace_ids": [world.pilot.id, world.other.id]},
                headers=admin,
            )
        ).json(),
        (
            await client.post(
                f"{url}/groups",
                json={"name": "Gruppe 16", "workspace_ids": [world.observer.id]},
                headers=admin,
            )
        ).json(),
    ]
    prompts = [
        (await client.post(f"{url}/prompts", json={"text": text}, headers=admin)).json()
        for text in ("Hva kan prosjektet bidra med i vår kommune?", "Hva trenger vi svar på?")
    ]
    return gathering, groups, prompts


async def test_members_of_two_workspaces_share_one_answer_and_conflicts_keep_both(
    client: httpx.AsyncClient, world: World
) -> None:
    _, groups, prompts = await setup_groups(client, world)
    assert groups[0]["municipalities"] == ["Bodø", "Asker"]
    url = f"/api/v1/groups/{groups[0]['id']}/answers/{prompts[0]['id']}"
    first = await client.put(
        url, json={"body": "Bodø: nettverk", "version": 0}, headers=world.headers("member")
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    # Asker edits from the same starting point: a conflict, with Bodø's text returned.
    clash = await client.put(
        url, json={"body": "Asker: verktøy", "version": 0}, headers=world.headers("other_member")
    )
    assert clash.status_code == 409
    assert clash.json()["current"]["body"] == "Bodø: nettverk"
    assert clash.json()["current"]["updated_by"] == "Mads Medlem"
    merged = await client.put(
        url,
        json={"body": "Bodø: nettverk\n\nAsker: verktøy", "version": 1},
        headers=world.headers("other_member"),
    )
    assert merged.status_code == 200
    history = (await client.get(f"{url}/history", headers=world.headers("admin"))).json()
    assert [(h["version"], h["author"]) for h in history] == [
        (2, "Astrid Asker"),
        (1, "Mads Medlem"),
    ]
    # The observer's group cannot write Gruppe 2's answer; the mentor cannot write at all.
    for role in ("observer", "mentor"):
        denied = await client.put(
            url, json={"body": "x", "version": 2}, headers=world.headers(role)
        )
        assert denied.status_code == 403, role


async def test_who_sees_the_group_work(
    client: httpx.AsyncClient, world: World, outsider: object
) -> None:
    gathering, _, _ = await setup_groups(client, world)
    url = f"/api/v1/gatherings/{gathering['id']}/groups"
    for role, expected in (
        ("admin", 200),
        ("mentor", 200),
        ("member", 200),
        ("observer", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ):
        response = await client.get(url, headers=world.headers(role))
        assert response.status_code == expected, role
    work = (await client.get(url, headers=world.headers("observer"))).json()
    assert [g["can_edit"] for g in work["groups"]] == [False, True]


async def test_summary_has_every_answer_once_in_order(
    client: httpx.AsyncClient, world: World
) -> None:
    gathering, groups, prompts = await setup_groups(client, world)
    answers = {
        (0, 0): "Gi en utviklingsretning",
        (0, 1): "Hva koster det?",
        (1, 0): "Samarbeid med helsestasjonen",
        (1, 1): "Kan vi dele plass?",
    }
    for (g, p), text in answers.items():
        who = "member" if g == 0 else "observer"
        response = await client.put(
            f"/api/v1/groups/{groups[g]['id']}/answers/{prompts[p]['id']}",
            json={"body": text, "version": 0},
            headers=world.headers(who),
        )
        assert response.status_code == 200
    md = await client.get(
        f"/api/v1/gatherings/{gathering['id']}/summary?format=md", headers=world.headers("admin")
    )
    text = md.text
    assert md.headers["content-type"].startswith("text/markdown")
    positions = [
        text.index(a) for a in (answers[(0, 0)], answers[(1, 0)], answers[(0, 1)], answers[(1, 1)])
    ]
    assert positions == sorted(positions)
    for answer in answers.values():
        assert text.count(answer) == 1
    assert "### Gruppe 2 (Bodø, Asker)" in text and "### Gruppe 16 (Osterøy)" in text
    html = await client.get(
        f"/api/v1/gatherings/{gathering['id']}/summary?format=html", headers=world.headers("admin")
    )
    assert html.headers["content-type"].startswith("text/html")
    assert "<h3>Gruppe 16 (Osterøy)</h3>" in html.text and "@media print" in html.text


async def test_only_the_project_team_forms_groups(client: httpx.AsyncClient, world: World) -> None:
    gathering = await create(client, world)
    response = await client.post(
        f"/api/v1/gatherings/{gathering['id']}/groups",
        json={"name": "G", "workspace_ids": [world.pilot.id]},
        headers=world.headers("coordinator"),
    )
    assert response.status_code == 403
    unknown = await client.post(
        f"/api/v1/gatherings/{gathering['id']}/groups",
        json={"name": "G", "workspace_ids": ["nope"]},
        headers=world.headers("admin"),
    )
    assert unknown.status_code == 404
