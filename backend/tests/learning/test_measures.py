from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.core.db import utcnow
from samklang.learning.models import Cycle, Entry, MeasurePoint
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries


async def new_measure(client: httpx.AsyncClient, world: World, **extra: object) -> dict:
    response = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/measures",
        json={
            "name": "Deltakere på åpen verksted",
            "unit": "elever",
            "kind": "outcome",
            "target": 20,
            **extra,
        },
        headers=world.headers("member"),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_points_give_median_shift_and_cycle_marks(
    client: httpx.AsyncClient, world: World
) -> None:
    measure = await new_measure(client, world)
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/cycles",
            json={"title": "Åpent verksted", "measure_ids": [measure["id"]]},
            headers=world.headers("member"),
        )
    ).json()
    values = [12, 14, 11, 13, 12, 15, 18, 19, 17, 20, 21, 19, 22, 18]
    start = date(2027, 1, 4)
    url = f"/api/v1/measures/{measure['id']}"
    for i, value in enumerate(values):
        response = await client.post(
            f"{url}/points",
            json={"date": str(start + timedelta(weeks=i)), "value": value, "note": ""},
            headers=world.headers("member"),
        )
        assert response.status_code == 201
    body = (await client.get(url, headers=world.headers("mentor"))).json()
    assert body["median"] == 17.5
    assert body["point_count"] == 14
    assert [p["value"] for p in body["points"]] == values
    assert body["shifts"] == [
        {"start_date": "2027-01-04", "end_date": "2027-02-08", "side": "below", "length": 6}
    ]
    assert [c["cycle_id"] for c in body["cycle_starts"]] == [cycle["id"]]
    assert body["target"] == 20
    point_id = body["points"][0]["id"]
    assert (
        await client.delete(f"{url}/points/{point_id}", headers=world.headers("member"))
    ).status_code == 204
    assert (await client.get(url, headers=world.headers("member"))).json()["point_count"] == 13


async def test_bad_points_and_kinds(client: httpx.AsyncClient, world: World) -> None:
    bad_kind = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/measures",
        json={"name": "x", "kind": "vibes"},
        headers=world.headers("member"),
    )
    assert bad_kind.status_code == 422
    measure = await new_measure(client, world)
    for body in ({"date": "2027-13-01", "value": 1}, {"date": "2027-01-01", "value": "mye"}):
        response = await client.post(
            f"/api/v1/measures/{measure['id']}/points", json=body, headers=world.headers("member")
        )
        assert response.status_code == 422
    stale = await client.patch(
        f"/api/v1/measures/{measure['id']}",
        json={"version": 99, "name": "Nytt"},
        headers=world.headers("member"),
    )
    assert stale.status_code == 409
    renamed = await client.patch(
        f"/api/v1/measures/{measure['id']}",
        json={"version": 1, "name": "Nytt", "target": None},
        headers=world.headers("member"),
    )
    assert renamed.json()["name"] == "Nytt" and renamed.json()["target"] is None


async def test_reads_cost_the_same_queries_however_much_data(
    client: httpx.AsyncClient, world: World, session: AsyncSession, engine: AsyncEngine
) -> None:
    measure = await new_measure(client, world)
    ws = world.pilot.id
    headers = world.headers("mentor")

    async def grow(n: int) -> None:
        now = utcnow()
        for i in range(n):
            cycle = Cycle(
                workspace_id=ws,
                title=f"S{i}",
                phase="plan",
                plan_at=now,
                visibility="workspace",
                version=1,
                hours_spent=1.0,
            )
            session.add(cycle)
            await session.flush()
            for _ in range(3):
                session.add(
                    Entry(
                        cycle_id=cycle.id,
                        workspace_id=ws,
                        phase="plan",
                        body="x",
                        visibility="workspace",
                        version=1,
                    )
                )
            session.add(
                MeasurePoint(
                    measure_id=measure["id"],
                    date=date(2027, 1, 1) + timedelta(days=i),
                    value=i,
                    created_at=now,
                )
            )
        await session.commit()

    urls = [
        f"/api/v1/workspaces/{ws}/cycles?limit=100",
        f"/api/v1/measures/{measure['id']}",
        f"/api/v1/workspaces/{ws}/overview",
        f"/api/v1/workspaces/{ws}/measures",
    ]

    async def counts() -> list[int]:
        result = []
        for url in urls:
            with count_queries(engine) as statements:
                assert (await client.get(url, headers=headers)).status_code == 200
            result.append(len(statements))
        return result

    await grow(2)
    await counts()  # the caller's memos filled (auth/callers.py, access/readers.py)
    few = await counts()
    await grow(40)
    await counts()
    assert await counts() == few
