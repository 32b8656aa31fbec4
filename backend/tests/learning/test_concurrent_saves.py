"""Many clients save the same version of a cycle at once: exactly one wins, the rest get
409 with the winner's text (issue: Trust, faults and load).

Unlike the other tests this one commits for real (concurrent requests need their own
connections), so it gets a database of its own.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.migrations import upgrade
from samklang.main import create_app
from samklang.network import service as network_service
from samklang.network.models import Tier, WorkspaceRole
from tests.conftest import BACKEND, PG_URL, Factory, _pg_execute
from tests.network.conftest import make_cohort, make_workspace

CLIENTS = 30
ROUNDS = 4


@dataclass
class Team:
    client: httpx.AsyncClient
    engine: AsyncEngine
    workspace_id: str
    members: list[User]
    factory: Factory


@pytest.fixture
async def own_database() -> AsyncIterator[str]:
    if BACKEND == "sqlite":
        url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='samklang-race-')}/race.db"
        await asyncio.to_thread(upgrade, url)
        yield url
        return
    name = f"samklang_race_{uuid.uuid4().hex[:12]}"
    await _pg_execute(PG_URL, f'CREATE DATABASE "{name}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await _pg_execute(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def team(own_database: str, settings: Settings) -> AsyncIterator[Team]:
    engine = make_engine(own_database)  # pooled: the requests run side by side
    maker = make_sessionmaker(engine)
    async with maker() as session:
        factory = Factory(session, settings)
        cohort = await make_cohort(session)
        pilot = await make_workspace(session, "Bodø", Tier.pilot, ["1804"], cohort)
        members = [await factory.user(name=f"Medlem {i}") for i in range(3)]
        for member in members:
            await network_service.add_member(
                session, member, pilot, role=WorkspaceRole.member, function="teacher"
            )
        await session.commit()
        app = create_app(settings.model_copy(update={"database_url": own_database}))
        app.state.engine = engine
        app.state.sessionmaker = maker
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", timeout=60
        ) as client:
            yield Team(client, engine, pilot.id, members, factory)
    await engine.dispose()


async def test_of_many_saves_of_one_version_exactly_one_wins(team: Team) -> None:
    headers = [team.factory.headers(m) for m in team.members]
    created = await team.client.post(
        f"/api/v1/workspaces/{team.workspace_id}/cycles",
        json={"title": "Samspill", "plan": "Vi prøver."},
        headers=headers[0],
    )
    assert created.status_code == 201, created.text
    cycle = created.json()
    version = cycle["version"]
    for round_ in range(ROUNDS):

        async def save(i: int, version: int = version, round_: int = round_) -> httpx.Response:
            return await team.client.patch(
                f"/api/v1/cycles/{cycle['id']}",
                json={"version": version, "act": f"runde {round_} klient {i}"},
                headers=headers[i % len(headers)],
            )

        answers = await asyncio.gather(*(save(i) for i in range(CLIENTS)))
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200] + [409] * (CLIENTS - 1), statuses
        winner = next(a.json() for a in answers if a.status_code == 200)
        assert winner["version"] == version + 1
        for lost in (a for a in answers if a.status_code == 409):
            assert lost.json()["code"] == "conflict"
            assert lost.json()["current"]["version"] == version + 1
            assert lost.json()["current"]["act"] == winner["act"]
        stored = await team.client.get(f"/api/v1/cycles/{cycle['id']}", headers=headers[0])
        assert stored.json()["act"] == winner["act"]
        version = winner["version"]
    assert version == cycle["version"] + ROUNDS


async def _race(team: Team, path: str, body: dict[str, object], version: int) -> list[int]:
    headers = [team.factory.headers(m) for m in team.members]
    answers = await asyncio.gather(
        *(
            team.client.patch(
                path, json={**body, "version": version}, headers=headers[i % len(headers)]
            )
            for i in range(CLIENTS)
        )
    )
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["code"] == "conflict"
    return sorted(a.status_code for a in answers)


async def test_other_versioned_things_also_let_one_save_win(team: Team) -> None:
    """Entries and resources: the same guard, through the generic 409."""
    headers = team.factory.headers(team.members[0])
    cycle = await team.client.post(
        f"/api/v1/workspaces/{team.workspace_id}/cycles", json={"title": "T"}, headers=headers
    )
    entry = await team.client.post(
        f"/api/v1/cycles/{cycle.json()['id']}/entries", json={"body": "Først"}, headers=headers
    )
    assert entry.status_code == 201, entry.text
    resource = await team.client.post(
        "/api/v1/resources",
        json={"kind": "link", "title": "Lenke", "url": "https://example.no/",
              "workspace_id": team.workspace_id},
        headers=headers,
    )  # fmt: skip
    assert resource.status_code == 201, resource.text
    for path, body, version in (
        (f"/api/v1/entries/{entry.json()['id']}", {"body": "Ny"}, entry.json()["version"]),
        (f"/api/v1/resources/{resource.json()['id']}", {"title": "Ny"}, resource.json()["version"]),
    ):
        statuses = await _race(team, path, body, version)
        assert statuses == [200] + [409] * (CLIENTS - 1), (path, statuses)
