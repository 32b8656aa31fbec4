"""Workspace progress and network progress follow each item's visibility; "what it took"
is public, summarised, and carries no names, emails or workspace ids."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.auth.models import Role
from samklang.gatherings.models import Gathering, Registration
from samklang.learning.models import Assessment, Cycle
from samklang.network import service as network_service
from samklang.network.models import Membership, Tier, WorkspaceRole
from samklang.progress import semesters
from samklang.progress.router import clock
from tests.conftest import Factory
from tests.network.conftest import World, make_workspace
from tests.network.test_query_counts import add_workspaces, count_queries
from tests.progress.data import NOW, at, build


async def progress(client: httpx.AsyncClient, world: World, who: str) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/workspaces/{world.pilot.id}/progress", headers=world.headers(who)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_workspace_progress_for_the_team(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await build(session, world)
    body = await progress(client, world, "mentor")
    assert body["name"] == "Bodø" and body["tier"] == "pilot"
    assert body["aim"]["aim_what"].startswith("Alle barn i Bodø")
    # Open cycles in the order they were created.
    assert [c["title"] for c in body["current_cycles"]] == [
        "Kor i skolen",
        "Dans på mellomtrinnet",
        "Kartlegging av tilbud",
    ]
    assert body["current_phases"] == ["plan", "act"]
    assert [(s["semester"], s["score"], s["season"], s["year"]) for s in body["scores"]] == [
        ("Høst 2026", 2.0, "autumn", 2026),
        ("Vår 2027", 3.0, "spring", 2027),
    ]
    measures = {m["name"]: m for m in body["measures"]}
    assert set(measures) == {"Elever som deltar", "Timer i uka"}
    assert measures["Elever som deltar"]["median"] == 8.0
    assert [s["side"] for s in measures["Elever som deltar"]["shifts"]] == ["below", "above"]
    assert [r["title"] for r in body["reflections"]] == ["Felles planleggingsdag"]
    assert body["reflections"][0]["reflect_html"].startswith("<p>Vi lærte")


async def test_workspace_progress_follows_visibility(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await build(session, world)
    network = await progress(client, world, "other_member")
    assert network["aim"] is not None  # the project is shared with the network
    assert [c["title"] for c in network["current_cycles"]] == ["Kor i skolen"]
    assert [s["semester"] for s in network["scores"]] == ["Høst 2026"]
    assert [m["name"] for m in network["measures"]] == ["Elever som deltar"]
    assert [r["title"] for r in network["reflections"]] == ["Felles planleggingsdag"]

    observer = await progress(client, world, "observer")
    assert observer["aim"] is None
    assert observer["current_cycles"] == [] and observer["current_phases"] == []
    assert observer["scores"] == [] and observer["measures"] == []
    assert [r["title"] for r in observer["reflections"]] == ["Felles planleggingsdag"]

    anonymous = await progress(client, world, "anonymous")
    assert anonymous["aim"] is None and anonymous["scores"] == []
    assert [r["title"] for r in anonymous["reflections"]] == ["Felles planleggingsdag"]

    missing = await client.get("/api/v1/workspaces/nope/progress")
    assert missing.status_code == 404


async def test_network_progress(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await build(session, world)

    async def network(who: str) -> dict[str, Any]:
        response = await client.get("/api/v1/progress/network", headers=world.headers(who))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    admin = await network("admin")
    assert admin["semesters"] == ["Vår 2026", "Høst 2026", "Vår 2027"]
    rows = {
        w["name"]: [(s["semester"], s["score"]) for s in w["scores"]] for w in admin["workspaces"]
    }
    assert rows == {
        "Asker": [("Vår 2026", 4.0), ("Vår 2027", 2.5)],
        "Bodø": [("Høst 2026", 2.0), ("Vår 2027", 3.0)],
    }  # pilots only
    observer = await network("observer")
    rows = {w["name"]: [s["semester"] for s in w["scores"]] for w in observer["workspaces"]}
    assert rows == {"Asker": [], "Bodø": []}  # nothing is shared with observers
    other = await network("other_member")
    rows = {w["name"]: [s["semester"] for s in w["scores"]] for w in other["workspaces"]}
    assert rows == {"Asker": ["Vår 2026", "Vår 2027"], "Bodø": ["Høst 2026"]}
    coordinator = await network("coordinator")
    rows = {w["name"]: [s["semester"] for s in w["scores"]] for w in coordinator["workspaces"]}
    assert rows == {"Asker": ["Vår 2026", "Vår 2027"], "Bodø": ["Høst 2026", "Vår 2027"]}
    assert (await client.get("/api/v1/progress/network")).status_code == 401


async def test_network_progress_queries_do_not_grow(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    factory: Factory,
    engine: AsyncEngine,
) -> None:
    await build(session, world)
    headers = world.headers("other_member")

    async def queries(expect: int) -> int:
        with count_queries(engine) as statements:
            response = await client.get("/api/v1/progress/network", headers=headers)
        assert response.status_code == 200
        assert len(response.json()["workspaces"]) == expect
        return len(statements)

    few = await queries(2)
    await add_workspaces(world, session, factory, 30)
    from sqlalchemy import select

    from samklang.network.models import Workspace

    for ws_id in await session.scalars(select(Workspace.id).where(Workspace.tier == "pilot")):
        session.add(
            Assessment(workspace_id=ws_id, semester="Høst 2027", score=1.5, visibility="network")
        )
    await session.commit()
    assert await queries(32) == few


def test_semester_labels() -> None:
    assert semesters.parse("Vår 2027") == (2027, "spring")
    assert semesters.parse("våren 2027") == (2027, "spring")
    assert semesters.parse("Høst 2026") == (2026, "autumn")
    assert semesters.parse("Haust 2026") == (2026, "autumn")
    assert semesters.parse("2027-autumn") == (2027, "autumn")
    assert semesters.parse("Spring 2028") == (2028, "spring")
    assert semesters.parse("H26") is None
    assert semesters.parse("Semester 1") is None
    assert semesters.previous((2027, "spring")) == (2026, "autumn")
    assert semesters.of_date(date(2027, 6, 30)) == (2027, "spring")
    assert semesters.of_date(date(2027, 7, 1)) == (2027, "autumn")
    # 23:30 UTC on 30 June is already 1 July in Oslo.
    assert semesters.of_datetime(at(2027, 6, 30, 23, 30)) == (2027, "autumn")


# What it took


@pytest.fixture
def fixed_clock(app: Any) -> None:
    app.dependency_overrides[clock] = lambda: NOW


async def _a_busy_cohort(session: AsyncSession, world: World, factory: Factory) -> list[str]:
    """Four pilots in the cohort (Bodø, Asker and two more) with known hours, members and
    attendance in autumn 2026 and spring 2027; returns every name and email used."""
    extra = [
        await make_workspace(session, "Gjesdal", Tier.pilot, ["1122"], world.cohort),
        await make_workspace(
            session, "Hyllestad og Fjaler", Tier.pilot, ["4637", "4646"], world.cohort
        ),
    ]
    pilots = [world.pilot, world.other, *extra]
    for ws in [*pilots, world.observer]:
        ws.created_at = at(2026, 8, 1)
    people = [await factory.user(name=f"Person {i} Etternavn", role=Role.member) for i in range(3)]
    for p, ws in zip(people, extra + [extra[0]], strict=True):
        await network_service.add_member(
            session, p, ws, role=WorkspaceRole.member, function="teacher"
        )
    # Hours: Bodø 10 (autumn) + 5 (spring); Asker 20 (autumn); Gjesdal 2 (spring); Hyllestad 0.
    hours = [
        (world.pilot.id, at(2026, 9, 1), 10.0),
        (world.pilot.id, at(2027, 2, 1), 5.0),
        (world.other.id, at(2026, 12, 31, 22, 59), 20.0),  # 23:59 in Oslo: still autumn
        (extra[0].id, at(2026, 12, 31, 23, 30), 2.0),  # 00:30 on 1 January in Oslo: spring
        (world.observer.id, at(2026, 9, 1), 99.0),  # observers are not counted
    ]
    for ws_id, when, spent in hours:
        session.add(
            Cycle(
                workspace_id=ws_id,
                title="Syklus",
                hours_spent=spent,
                created_at=when,
                updated_at=when,
            )
        )
    g1 = Gathering(
        cohort_id=world.cohort.id,
        title="Høstsamling",
        starts_at=at(2026, 10, 1),
        ends_at=at(2026, 10, 1, 15),
    )
    g2 = Gathering(
        cohort_id=world.cohort.id,
        title="Vårsamling",
        starts_at=at(2027, 2, 1),
        ends_at=at(2027, 2, 1, 15),
    )
    session.add_all([g1, g2])
    await session.flush()
    u = world.users
    session.add_all(
        [
            Registration(
                gathering_id=g1.id,
                user_id=u["coordinator"].id,
                workspace_id=world.pilot.id,
                mode="in_person",
                attended=True,
            ),
            Registration(
                gathering_id=g1.id,
                user_id=u["member"].id,
                workspace_id=world.pilot.id,
                mode="in_person",
                attended=True,
            ),
            Registration(
                gathering_id=g2.id,
                user_id=u["coordinator"].id,
                workspace_id=world.pilot.id,
                mode="in_person",
                attended=True,
            ),
            Registration(
                gathering_id=g1.id,
                user_id=u["other_member"].id,
                workspace_id=world.other.id,
                mode="in_person",
                attended=False,
            ),
            Registration(
                gathering_id=g2.id,
                user_id=people[0].id,
                workspace_id=extra[0].id,
                mode="online",
                attended=True,
            ),
        ]
    )
    await session.execute(update(Membership).values(created_at=at(2026, 8, 1)))
    await session.commit()
    names = [ws.name for ws in [*pilots, world.observer]] + [
        ws.id for ws in [*pilots, world.observer]
    ]
    for user in [*u.values(), *people]:
        names += [user.name, user.email]
    return names


async def test_what_it_took(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    factory: Factory,
    fixed_clock: None,
) -> None:
    secrets = await _a_busy_cohort(session, world, factory)
    response = await client.get(f"/api/v1/progress/what-it-took?cohort_id={world.cohort.id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["cohort"]["name"] == "Kulle 2027–2028"
    assert body["min_group"] == 3
    by = {s["semester"]: s for s in body["semesters"]}
    # The cohort runs from spring 2027; autumn 2026 has data. Nothing after March 2027.
    assert list(by) == ["2026-autumn", "2027-spring"]
    autumn, spring = by["2026-autumn"], by["2027-spring"]
    assert autumn["workspaces"] == 4 and autumn["suppressed"] is False
    # Hours per workspace in autumn: 10, 20, 0, 0.
    assert autumn["hours"] == {"median": 5.0, "min": 0.0, "max": 20.0, "n": 4}
    # Spring: 5, 0, 2, 0.
    assert spring["hours"] == {"median": 1.0, "min": 0.0, "max": 5.0, "n": 4}
    # Members: Bodø 2, Asker 1, Gjesdal 2, Hyllestad 1 (all joined in August 2026).
    assert autumn["people"] == {"median": 1.5, "min": 1.0, "max": 2.0, "n": 4}
    assert spring["people"] == autumn["people"]
    # Gatherings attended: autumn Bodø 1 (two people, one gathering), others 0.
    assert autumn["gatherings_attended"] == {"median": 0.0, "min": 0.0, "max": 1.0, "n": 4}
    assert spring["gatherings_attended"] == {"median": 0.5, "min": 0.0, "max": 1.0, "n": 4}
    text = json.dumps(body, ensure_ascii=False)
    for secret in secrets:
        assert secret not in text, secret


async def test_small_groups_are_suppressed(
    client: httpx.AsyncClient, world: World, session: AsyncSession, fixed_clock: None
) -> None:
    await build(session, world)  # two pilots only
    body = (await client.get(f"/api/v1/progress/what-it-took?cohort_id={world.cohort.id}")).json()
    assert body["semesters"]
    for s in body["semesters"]:
        assert s["workspaces"] == 2 and s["suppressed"] is True
        assert s["hours"] is None and s["people"] is None and s["gatherings_attended"] is None
    assert any("fewer than 3" in note for note in body["notes"])
    text = json.dumps(body, ensure_ascii=False)
    for secret in ("Bodø", "Asker", world.pilot.id, world.other.id, "Kari Koordinator"):
        assert secret not in text
    missing = await client.get("/api/v1/progress/what-it-took?cohort_id=nope")
    assert missing.status_code == 404
