from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.network.conftest import World
from tests.network.test_query_counts import count_queries


async def create_cycle(client: httpx.AsyncClient, world: World, **extra: object) -> dict:
    response = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/cycles",
        json={"title": "Korps i skolegården", "plan": "Vi prøver ut **felles øving**.", **extra},
        headers=world.headers("member"),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def patch(
    client: httpx.AsyncClient, world: World, cycle: dict, **changes: object
) -> httpx.Response:
    return await client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"version": cycle["version"], **changes},
        headers=world.headers("member"),
    )


async def test_a_cycle_moves_through_the_phases_one_at_a_time(
    client: httpx.AsyncClient, world: World
) -> None:
    cycle = await create_cycle(client, world)
    assert cycle["phase"] == "plan"
    assert cycle["phase_entered"]["plan"] is not None
    assert cycle["plan_html"] == "<p>Vi prøver ut <strong>felles øving</strong>.</p>\n"
    skipped = await patch(client, world, cycle, phase="observe")
    assert skipped.status_code == 422
    assert skipped.json()["errors"][0]["field"] == "phase"
    for phase in ("act", "observe", "reflect", "done"):
        response = await patch(client, world, cycle, phase=phase)
        assert response.status_code == 200, response.text
        cycle = response.json()
        assert cycle["phase"] == phase
        assert cycle["phase_entered"][phase] is not None
    back = await patch(client, world, cycle, phase="reflect")
    assert back.status_code == 200
    assert back.json()["phase"] == "reflect"
    assert back.json()["phase_entered"]["done"] is not None  # the history stays


async def test_two_saves_of_the_same_version_conflict_with_both_texts(
    client: httpx.AsyncClient, world: World
) -> None:
    cycle = await create_cycle(client, world)
    first = await client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"version": cycle["version"], "act": "Mads sin tekst"},
        headers=world.headers("member"),
    )
    assert first.status_code == 200
    second = await client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"version": cycle["version"], "act": "Karis tekst"},
        headers=world.headers("coordinator"),
    )
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict"
    assert body["current"]["act"] == "Mads sin tekst"  # theirs; Kari still has her own
    assert body["current"]["version"] == cycle["version"] + 1
    stored = (
        await client.get(f"/api/v1/cycles/{cycle['id']}", headers=world.headers("member"))
    ).json()
    assert stored["act"] == "Mads sin tekst"


async def test_markdown_is_rendered_inert(client: httpx.AsyncClient, world: World) -> None:
    cycle = await create_cycle(
        client,
        world,
        plan='<script>alert("x")</script> [klikk](javascript:alert(1)) <img src=x onerror=alert(1)>'
        " [trygg](https://kulturskoleradet.no)",
    )
    html = cycle["plan_html"]
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html
    assert (
        '<a href="https://kulturskoleradet.no" rel="noopener noreferrer nofollow">trygg</a>' in html
    )


async def test_hours_and_measures_are_linked(client: httpx.AsyncClient, world: World) -> None:
    measure = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/measures",
            json={"name": "Deltakere", "unit": "elever", "kind": "outcome"},
            headers=world.headers("member"),
        )
    ).json()
    cycle = await create_cycle(client, world, measure_ids=[measure["id"]])
    assert cycle["measure_ids"] == [measure["id"]]
    updated = (await patch(client, world, cycle, hours_spent=12.5)).json()
    assert updated["hours_spent"] == 12.5
    other_measure = (
        await client.post(
            f"/api/v1/workspaces/{world.other.id}/measures",
            json={"name": "Andres", "unit": "", "kind": "process"},
            headers=world.headers("other_member"),
        )
    ).json()
    wrong = await patch(client, world, updated, measure_ids=[other_measure["id"]])
    assert wrong.status_code == 422


async def test_only_members_write_and_a_withdrawn_workspace_is_read_only(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/api/v1/workspaces/{world.pilot.id}/cycles"
    for role, expected in (
        ("anonymous", 401),
        ("mentor", 403),
        ("observer", 403),
        ("other_member", 403),
        ("admin", 201),
        ("coordinator", 201),
    ):
        response = await client.post(url, json={"title": "x"}, headers=world.headers(role))
        assert response.status_code == expected, role
    await client.patch(
        f"/api/v1/workspaces/{world.pilot.id}",
        json={"status": "withdrawn"},
        headers=world.headers("coordinator"),
    )
    response = await client.post(url, json={"title": "x"}, headers=world.headers("member"))
    assert response.status_code == 409
    assert response.json()["code"] == "read_only"
    listing = await client.get(url, headers=world.headers("member"))
    assert listing.status_code == 200 and len(listing.json()["items"]) == 2


async def test_entries_form_a_timeline(client: httpx.AsyncClient, world: World) -> None:
    cycle = await create_cycle(client, world)
    url = f"/api/v1/cycles/{cycle['id']}/entries"
    for text in ("Første", "Andre", "Tredje"):
        response = await client.post(url, json={"body": text}, headers=world.headers("member"))
        assert response.status_code == 201
        assert response.json()["phase"] == "plan"
        assert response.json()["author_name"] == "Mads Medlem"
    page = (await client.get(f"{url}?limit=2", headers=world.headers("mentor"))).json()
    rest = (
        await client.get(
            f"{url}?limit=2&cursor={page['next_cursor']}", headers=world.headers("mentor")
        )
    ).json()
    assert [e["body"] for e in page["items"] + rest["items"]] == ["Første", "Andre", "Tredje"]
    summary = (
        await client.get(
            f"/api/v1/workspaces/{world.pilot.id}/cycles", headers=world.headers("member")
        )
    ).json()["items"][0]
    assert summary["entry_count"] == 3


async def test_project_and_assessment(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/workspaces/{world.pilot.id}/project"
    empty = (await client.get(url, headers=world.headers("member"))).json()
    assert empty["version"] == 0 and empty["can_edit"] is True
    body = {
        "aim_what": "Flere unge i kulturskolen",
        "aim_for_whom": "Ungdom 13–16 år",
        "aim_by_when": "2028-06-30",
        "focus_areas": ["samskaping", "ungdom"],
        "partners": [{"name": "Bodø bibliotek", "sector": "library", "role": "Lokaler"}],
        "version": 0,
    }
    saved = await client.put(url, json=body, headers=world.headers("member"))
    assert saved.status_code == 200
    assert saved.json()["version"] == 1
    stale = await client.put(url, json=body, headers=world.headers("coordinator"))
    assert stale.status_code == 409
    bad_sector = await client.put(
        url,
        json={**body, "version": 1, "partners": [{"name": "X", "sector": "casino"}]},
        headers=world.headers("member"),
    )
    assert bad_sector.status_code == 422
    assert (await client.get(url, headers=world.headers("mentor"))).json()["can_edit"] is False
    assert (await client.get(url, headers=world.headers("observer"))).status_code == 404

    assessments = f"/api/v1/workspaces/{world.pilot.id}/assessments"
    for score in (2.5, 3.0):
        response = await client.put(
            assessments,
            json={"semester": "Vår 2027", "score": score, "evidence": "Referat"},
            headers=world.headers("member"),
        )
        assert response.status_code == 200
    listed = (await client.get(assessments, headers=world.headers("mentor"))).json()
    assert [(a["semester"], a["score"]) for a in listed] == [("Vår 2027", 3.0)]
    for bad in (0, 0.7, 5.5):
        response = await client.put(
            assessments,
            json={"semester": "Høst 2027", "score": bad},
            headers=world.headers("member"),
        )
        assert response.status_code == 422, bad


async def test_a_cycle_links_to_a_gathering(client: httpx.AsyncClient, world: World) -> None:
    gathering = (
        await client.post(
            "/api/v1/gatherings",
            json={
                "title": "Samling 1",
                "starts_at": "2027-03-01T09:00:00+01:00",
                "ends_at": "2027-03-02T15:00:00+01:00",
            },
            headers=world.headers("admin"),
        )
    ).json()
    cycle = await create_cycle(client, world, gathering_id=gathering["id"])
    assert cycle["gathering_id"] == gathering["id"]
    unknown = await patch(client, world, cycle, gathering_id="nope")
    assert unknown.status_code == 422


async def test_a_shared_cycle_names_only_the_measures_its_reader_may_read(
    client: httpx.AsyncClient, world: World
) -> None:
    # Found by the hostile-input run: the cycle listed a workspace-only measure's id.
    async def measure(name: str, visibility: str) -> str:
        response = await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/measures",
            json={"name": name, "unit": "", "kind": "outcome", "visibility": visibility},
            headers=world.headers("member"),
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    private, shared = await measure("Intern", "workspace"), await measure("Delt", "observers")
    cycle = await create_cycle(client, world, measure_ids=[private, shared], visibility="observers")
    url = f"/api/v1/cycles/{cycle['id']}"
    member = (await client.get(url, headers=world.headers("member"))).json()
    assert sorted(member["measure_ids"]) == sorted([private, shared])
    observer = await client.get(url, headers=world.headers("observer"))
    assert observer.status_code == 200
    assert observer.json()["measure_ids"] == [shared]
    assert private not in observer.text


async def test_the_cycle_board_is_one_query_whatever_its_length(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    """The signed-in reader comes from memory; the page and each cycle's entry count (of
    the entries this reader may read) are one statement, at 3 cycles as at 30."""
    url = f"/api/v1/workspaces/{world.pilot.id}/cycles?limit=100"

    async def grow(n: int, visibility: str) -> None:
        for i in range(n):
            cycle = await create_cycle(client, world, title=f"Syklus {i}", visibility=visibility)
            for entry_visibility in ("workspace", "network"):
                made = await client.post(
                    f"/api/v1/cycles/{cycle['id']}/entries",
                    json={"body": "Notat", "visibility": entry_visibility},
                    headers=world.headers("member"),
                )
                assert made.status_code == 201, made.text

    async def board(who: str) -> tuple[int, list[int]]:
        headers = world.headers(who)
        assert (await client.get(url, headers=headers)).status_code == 200  # memos filled
        with count_queries(engine) as statements:
            response = await client.get(url, headers=headers)
        assert response.status_code == 200
        # the tests' own savepoints (each request's session in the test's transaction) aside
        queries = [q for q in statements if not q.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))]
        return len(queries), [c["entry_count"] for c in response.json()["items"]]

    await grow(2, "network")
    await grow(1, "workspace")
    assert await board("member") == (1, [2, 2, 2])
    assert await board("other_member") == (1, [1, 1])  # the network cycles, network entries
    assert await board("observer") == (2, [])  # an empty page: and the workspace exists
    assert await board("admin") == (1, [2, 2, 2])
    await grow(27, "network")
    queries, counts = await board("member")
    assert (queries, len(counts)) == (1, 30)
