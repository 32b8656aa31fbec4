"""Measure verdicts (Making Data Count) on the programme overview and in reports."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import httpx
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from tests.network.conftest import World
from tests.progress.data import build
from tests.progress.test_reports import make_report

BASELINE = [10.0, 12, 11, 13, 10, 12, 11, 13, 12, 11]
AFTER = [16.0, 17, 18, 16, 17, 18, 17, 16]


async def improving_measure(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    """An XmR chart in Bodø whose second phase (after a change) is special-cause improvement."""
    member = world.headers("member")
    created = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/measures",
        json={"name": "Elever i kulturskolen", "kind": "outcome", "chart": "xmr", "target": 13},
        headers=member,
    )
    url = f"/api/v1/measures/{created.json()['id']}"
    body: dict[str, Any] = created.json()
    for i, value in enumerate(BASELINE + AFTER):
        point = {
            "date": str(date(2027, 1, 10) + timedelta(days=2 * i)),
            "value": value,
            "phase_start": i == len(BASELINE),
        }
        body = (await client.post(f"{url}/points", json=point, headers=member)).json()
    assert body["verdict"] == {"variation": "improvement", "assurance": "likely"}
    return body


async def test_the_programme_overview_counts_improving_measures(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await build(session, world)
    response = await client.get("/api/v1/progress/overview", headers=world.headers("admin"))
    rows = {r["name"]: r for r in response.json()["items"]}
    # the built data's run charts are not special cause of either kind
    assert rows["Bodø"]["measures_improving"] == 0
    assert rows["Bodø"]["measures_concern"] == 0
    await improving_measure(client, world)
    response = await client.get("/api/v1/progress/overview", headers=world.headers("admin"))
    rows = {r["name"]: r for r in response.json()["items"]}
    assert rows["Bodø"]["measures_improving"] == 1
    assert rows["Bodø"]["measures_concern"] == 0
    assert rows["Asker"]["measures_improving"] == 0


async def test_reports_say_the_verdict(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    await improving_measure(client, world)
    report = await make_report(client, world, d)
    preview = (
        await client.get(
            f"/api/v1/reports/{report['id']}/preview", headers=world.headers("coordinator")
        )
    ).json()
    measures = {m["name"]: m for m in preview["measures"]}
    assert measures["Elever i kulturskolen"]["verdict"]["variation"] == "improvement"
    assert len(measures["Elever i kulturskolen"]["phases"]) == 2
    text = (
        await client.get(f"/api/v1/reports/{report['id']}.md", headers=world.headers("mentor"))
    ).text
    assert "Vurdering (XmR-diagram): særskilt variasjon: forbedring; målet nås trolig" in text
    # the run chart with six below and six above: unusually few crossings, no direction
    assert "Vurdering (seriediagram): særskilt variasjon, uten retning" in text
    pdf = (
        await client.get(f"/api/v1/reports/{report['id']}.pdf", headers=world.headers("mentor"))
    ).content
    flat = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "særskilt variasjon: forbedring; målet nås trolig" in flat


async def test_reports_show_the_driver_diagram_with_the_aim(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    member = world.headers("member")
    url = f"/api/v1/workspaces/{world.pilot.id}/drivers"
    primary = (
        await client.post(url, json={"kind": "primary", "title": "Lav terskel"}, headers=member)
    ).json()["nodes"][0]
    await client.post(
        url,
        json={"kind": "secondary", "title": "Enkel påmelding", "parent_id": primary["id"]},
        headers=member,
    )
    report = await make_report(client, world, d)
    preview = (await client.get(f"/api/v1/reports/{report['id']}/preview", headers=member)).json()
    assert [(x["kind"], x["title"], x["depth"]) for x in preview["drivers"]] == [
        ("primary", "Lav terskel", 0),
        ("secondary", "Enkel påmelding", 1),
    ]
    text = (await client.get(f"/api/v1/reports/{report['id']}.md", headers=member)).text
    assert "- Primærdriver: Lav terskel\n  - Sekundærdriver: Enkel påmelding" in text
    pdf = (await client.get(f"/api/v1/reports/{report['id']}.pdf", headers=member)).content
    flat = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Driverdiagram" in flat and "Sekundærdriver: Enkel påmelding" in flat
