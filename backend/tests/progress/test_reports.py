"""Reports: the chosen cycles within the period, nothing less visible than the report,
Markdown and a PDF that opens, carries its text and draws its charts as vectors."""

from __future__ import annotations

import io
from typing import Any

import httpx
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from tests.network.conftest import World
from tests.progress.data import Data, build

FOREWORD = "Forord med æ ø å og ÆØÅ.\n\n- Første punkt\n- Andre **punkt**"


async def make_report(
    client: httpx.AsyncClient, world: World, d: Data, who: str = "coordinator", **extra: Any
) -> dict[str, Any]:
    body = {
        "kind": "interim",
        "title": "Delrapport vår 2027 – Bodø",
        "period_start": "2027-01-01",
        "period_end": "2027-02-28",
        "foreword": FOREWORD,
        "cycle_ids": [d.cycles["done"].id, d.cycles["act1"].id, d.cycles["plan"].id],
        "visibility": "workspace",
    } | extra
    response = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/reports", json=body, headers=world.headers(who)
    )
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


async def preview(
    client: httpx.AsyncClient, world: World, report_id: str, who: str = "coordinator"
) -> dict[str, Any]:
    response = await client.get(f"/api/v1/reports/{report_id}/preview", headers=world.headers(who))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_report_has_exactly_the_chosen_cycles_and_period(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    report = await make_report(client, world, d)
    assert report["created_by"]["name"] == "Kari Koordinator"
    assert report["can_edit"] is True
    assert report["foreword_html"].startswith("<p>Forord med æ ø å")
    body = await preview(client, world, report["id"])
    # Chosen: done, act1, plan. "plan" starts on 1 March, after the period; act2 was
    # not chosen. In the order they started.
    assert [c["title"] for c in body["cycles"]] == ["Kor i skolen", "Felles planleggingsdag"]
    done = body["cycles"][1]
    assert done["plan_html"] == "<p>Vi planla <strong>sammen</strong> med skolene.</p>\n"
    assert (done["act"], done["observe"]) == ("Gjennomført i januar.", "Lærerne deltok aktivt.")
    assert done["reflect"].startswith("Vi lærte")
    assert body["hours_total"] == 20.5
    assert body["aim"]["aim_what"].startswith("Alle barn i Bodø")
    assert [p["name"] for p in body["partners"]] == ["Bodø kulturhus"]
    assert [m["name"] for m in body["municipalities"]] == ["Bodø"]
    measures = {m["name"]: m for m in body["measures"]}
    assert len(measures["Elever som deltar"]["points"]) == 12
    assert measures["Elever som deltar"]["median"] == 8.0
    assert len(measures["Elever som deltar"]["shifts"]) == 2
    assert [p["value"] for p in measures["Timer i uka"]["points"]] == [1, 2, 1, 2]
    # Autumn 2026 ended before the period.
    assert [s["semester"] for s in body["scores"]] == ["Vår 2027"]
    # Samling 1 (two registered, one attended) and the open seminar in January; not the
    # waiting list, "not attending", the cancelled gathering or the one in April.
    gatherings = body["attendance"]["gatherings"]
    assert [(g["title"], g["registered"], g["attended"]) for g in gatherings] == [
        ("Åpent seminar", 1, 1),
        ("Samling 1 i Bodø", 2, 1),
    ]
    assert (body["attendance"]["registered"], body["attendance"]["attended"]) == (3, 2)


async def test_period_narrows_measure_points(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    report = await make_report(
        client, world, d, period_start="2027-01-03", period_end="2027-01-08", cycle_ids=[]
    )
    body = await preview(client, world, report["id"])
    assert body["cycles"] == []
    assert [m["name"] for m in body["measures"]] == ["Elever som deltar"]
    dates = [p["date"] for p in body["measures"][0]["points"]]
    assert dates == [f"2027-01-0{i}" for i in range(3, 9)]
    assert body["hours_total"] == 0


async def test_report_never_includes_what_its_visibility_would_hide(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    network = await make_report(client, world, d, visibility="network")
    body = await preview(client, world, network["id"])
    assert [c["title"] for c in body["cycles"]] == ["Kor i skolen", "Felles planleggingsdag"]
    assert {c["visibility"] for c in body["cycles"]} <= {"network", "observers", "public"}
    assert [m["name"] for m in body["measures"]] == ["Elever som deltar"]  # not "workspace"
    assert body["scores"] == []  # spring 2027 is at workspace level
    assert body["aim"] is not None  # the project is at network level
    # Another pilot's member reads the same network-level report, with the same content.
    theirs = await preview(client, world, network["id"], "other_member")
    assert theirs["report"]["can_edit"] is False
    assert theirs["report"]["cycle_ids"] == []  # the choices are the team's own
    assert {k: v for k, v in theirs.items() if k != "report"} == {
        k: v for k, v in body.items() if k != "report"
    }

    public = await make_report(client, world, d, visibility="public")
    body = await preview(client, world, public["id"], "anonymous")
    assert [c["title"] for c in body["cycles"]] == ["Felles planleggingsdag"]
    assert body["measures"] == [] and body["scores"] == []
    assert body["aim"] is None and body["partners"] == []
    text = (await client.get(f"/api/v1/reports/{public['id']}.md")).text
    assert "Kor i skolen" not in text and "Alle barn i Bodø" not in text


async def test_choices_are_checked(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    url = f"/api/v1/workspaces/{world.pilot.id}/reports"
    headers = world.headers("coordinator")
    base = {"title": "R", "period_start": "2027-01-01", "period_end": "2027-02-01"}
    foreign = await client.post(
        url, json=base | {"cycle_ids": [d.cycles["asker"].id]}, headers=headers
    )
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["field"] == "cycle_ids"
    missing = await client.post(url, json=base | {"cycle_ids": ["nope"]}, headers=headers)
    assert missing.status_code == 422
    backwards = await client.post(url, json=base | {"period_end": "2026-12-31"}, headers=headers)
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "period_end"
    report = await make_report(client, world, d)
    patch = await client.patch(
        f"/api/v1/reports/{report['id']}",
        json={"cycle_ids": [d.cycles["asker"].id], "version": report["version"]},
        headers=headers,
    )
    assert patch.status_code == 422


async def test_update_conflict_share_and_delete(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    report = await make_report(client, world, d)
    url = f"/api/v1/reports/{report['id']}"
    headers = world.headers("member")
    saved = await client.patch(
        url, json={"title": "Ny tittel", "kind": "final", "version": 1}, headers=headers
    )
    assert saved.status_code == 200
    assert (saved.json()["title"], saved.json()["kind"], saved.json()["version"]) == (
        "Ny tittel",
        "final",
        2,
    )
    stale = await client.patch(url, json={"title": "Gammel", "version": 1}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert stale.json()["current"]["title"] == "Ny tittel"

    shared = await client.post(f"{url}/share", json={"visibility": "observers"}, headers=headers)
    assert shared.status_code == 200
    assert (shared.json()["visibility"], shared.json()["version"]) == ("observers", 3)
    assert (await client.get(url, headers=world.headers("observer"))).status_code == 200
    listed = await client.get(
        f"/api/v1/workspaces/{world.pilot.id}/reports", headers=world.headers("observer")
    )
    assert [r["id"] for r in listed.json()] == [report["id"]]

    assert (await client.delete(url, headers=headers)).status_code == 204
    assert (await client.get(url, headers=headers)).status_code == 404


async def test_markdown(client: httpx.AsyncClient, world: World, session: AsyncSession) -> None:
    d = await build(session, world)
    report = await make_report(client, world, d)
    response = await client.get(
        f"/api/v1/reports/{report['id']}.md", headers=world.headers("mentor")
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="delrapport-var-2027-bodo.md"')
    text = response.text
    assert text.startswith("# Delrapport vår 2027 – Bodø\n")
    assert "01.01.2027–28.02.2027" in text
    assert "Forord med æ ø å og ÆØÅ." in text
    titles = [line[4:] for line in text.splitlines() if line.startswith("### ")]
    assert titles[:2] == ["Kor i skolen", "Felles planleggingsdag"]
    assert "Dans på mellomtrinnet" not in text and "Kartlegging av tilbud" not in text
    assert "Timer brukt i syklusene: 20,5." in text


async def test_pdf_opens_with_text_and_vector_charts(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    report = await make_report(client, world, d)
    response = await client.get(
        f"/api/v1/reports/{report['id']}.pdf", headers=world.headers("coordinator")
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="delrapport-var-2027-bodo.pdf"')
    pdf = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = " ".join(text.split())
    assert "æ ø å" in flat and "ÆØÅ" in flat
    assert "Alle barn i Bodø skal møte kunst og kultur i skoletida" in flat
    for title in ("Kor i skolen", "Felles planleggingsdag"):
        assert title in flat
    assert "Dans på mellomtrinnet" not in flat
    assert "Elever som deltar" in flat and "median" in flat
    assert pdf.metadata is not None and pdf.metadata.title == "Delrapport vår 2027 – Bodø"
    # The charts are drawn, not pasted: no page has an image XObject, and a page strokes
    # the dashed median line and the polyline through the points as vector paths.
    streams = []
    for page in pdf.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                assert ref.get_object().get("/Subtype") != "/Image"
        content = page.get_contents()
        streams.append(content.get_data() if content is not None else b"")
    assert any(b"[4 3] 0 d" in data and b" l S" in data for data in streams)


async def test_pdf_follows_changes(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    """A kept PDF is never served after what it shows has changed."""
    d = await build(session, world)
    report = await make_report(client, world, d)
    url = f"/api/v1/reports/{report['id']}.pdf"
    headers = world.headers("coordinator")

    async def text() -> str:
        response = await client.get(url, headers=headers)
        pages = PdfReader(io.BytesIO(response.content)).pages
        return " ".join(" ".join(p.extract_text() for p in pages).split())

    assert "Kor i skolen" in await text()
    assert "Kor i skolen" in await text()  # the same again
    d.cycles["act1"].title = "Korps i skolen"
    await session.commit()
    again = await text()
    assert "Korps i skolen" in again and "Kor i skolen" not in again


async def test_pdf_sets_sami_letters(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    """Some municipality names have letters outside Latin-1 (Porsáŋgu); the PDF embeds a
    font that has them (DejaVu Sans, installed with fonts-dejavu-core)."""
    d = await build(session, world)
    d.cycles["act1"].title = "Samarbeid med Porsáŋgu og Čáhcesuolu"
    await session.commit()
    report = await make_report(client, world, d)
    response = await client.get(
        f"/api/v1/reports/{report['id']}.pdf", headers=world.headers("coordinator")
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Samarbeid med Porsáŋgu og Čáhcesuolu" in text
    assert "æ ø å" in text


async def test_withdrawn_workspace_reports_are_read_only(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    d = await build(session, world)
    report = await make_report(client, world, d)
    world.pilot.status = "withdrawn"
    await session.commit()
    headers = world.headers("coordinator")
    url = f"/api/v1/reports/{report['id']}"
    assert (await client.get(url, headers=headers)).json()["can_edit"] is False
    change = await client.patch(url, json={"title": "Ny", "version": 1}, headers=headers)
    assert change.status_code == 409 and change.json()["code"] == "read_only"
    create = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/reports",
        json={"title": "R", "period_start": "2027-01-01", "period_end": "2027-02-01"},
        headers=headers,
    )
    assert create.status_code == 409
    # The project team still may, and everyone may still read and download.
    admin = await client.patch(
        url, json={"title": "Ny", "version": 1}, headers=world.headers("admin")
    )
    assert admin.status_code == 200
    assert (await client.get(f"{url}.md", headers=headers)).status_code == 200
