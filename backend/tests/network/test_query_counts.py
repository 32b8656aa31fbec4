"""A list costs the same number of queries however long it is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.network import service
from samklang.network.models import Score, Tier, WorkspaceRole
from tests.conftest import Factory
from tests.network.conftest import World, make_workspace

NUMBERS = [
    "0301",
    "1101",
    "1103",
    "1106",
    "1108",
    "1111",
    "1112",
    "1114",
    "1119",
    "1120",
    "1121",
    "1122",
    "1124",
    "1127",
    "1130",
    "1133",
    "1134",
    "1135",
    "1144",
    "1145",
]


@contextmanager
def count_queries(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def add_workspaces(world: World, session: AsyncSession, factory: Factory, n: int) -> None:
    mentor = world.users["mentor"]
    for i in range(n):
        ws = await make_workspace(
            session,
            f"Arbeidsrom {i:03}",
            Tier.pilot,
            [NUMBERS[i % 20], NUMBERS[(i + 1) % 20]],
            world.cohort,
        )
        from samklang.network.models import WorkspaceMentor

        session.add(WorkspaceMentor(workspace_id=ws.id, user_id=mentor.id))
        member = await factory.user()
        await service.add_member(
            session, member, ws, role=WorkspaceRole.coordinator, function="teacher"
        )
    await session.commit()


async def add_applications(world: World, session: AsyncSession, n: int) -> None:
    from samklang.network.schemas import ApplicationCreate

    criteria = world.cohort.criteria
    for i in range(n):
        applicant = world.users["member"]
        application = await service.create_application(
            session,
            applicant,
            ApplicationCreate(
                cohort_id=world.cohort.id,
                municipality_numbers=[NUMBERS[i % 20], NUMBERS[(i + 3) % 20]],
            ),
        )
        application.status = "submitted"
        for c in criteria:
            session.add(
                Score(
                    application_id=application.id,
                    criterion_id=c.id,
                    reviewer_id=world.users["admin"].id,
                    score=i % 6,
                )
            )
    await session.commit()


async def _queries(
    client: httpx.AsyncClient, engine: AsyncEngine, url: str, headers: dict[str, str], expect: int
) -> int:
    # The caller and their reader state are kept in memory between reads (auth/callers.py,
    # access/readers.py) until a write changes them: count a read made once they are there.
    assert (await client.get(url, headers=headers)).status_code == 200
    with count_queries(engine) as statements:
        response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == expect
    return len(statements)


async def test_workspace_directory_queries_do_not_grow(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    factory: Factory,
    engine: AsyncEngine,
) -> None:
    headers = world.headers("observer")
    few = await _queries(client, engine, "/api/v1/workspaces?limit=100", headers, 3)
    await add_workspaces(world, session, factory, 30)
    many = await _queries(client, engine, "/api/v1/workspaces?limit=100", headers, 33)
    assert few == many


async def test_application_list_queries_do_not_grow(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    engine: AsyncEngine,
) -> None:
    await add_applications(world, session, 2)
    headers = world.headers("admin")
    urls = ("/api/v1/applications?limit=100", "/api/v1/applications?limit=100&sort=score")
    few = [await _queries(client, engine, url, headers, 2) for url in urls]
    await add_applications(world, session, 25)
    many = [await _queries(client, engine, url, headers, 27) for url in urls]
    assert few == many
