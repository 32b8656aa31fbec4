"""The programme overview: every figure against the hand-built data set, filters, order,
the CSV export, and a constant number of queries."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.progress.router import clock
from tests.conftest import Factory
from tests.network.conftest import World
from tests.network.test_query_counts import add_workspaces, count_queries
from tests.progress.data import NOW, build


@pytest.fixture
def fixed_clock(app: Any) -> None:
    app.dependency_overrides[clock] = lambda: NOW


async def _overview(client: httpx.AsyncClient, world: World, query: str = "") -> dict[str, Any]:
    response = await client.get(f"/api/v1/progress/overview{query}", headers=world.headers("admin"))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_every_figure(
    client: httpx.AsyncClient, world: World, session: AsyncSession, fixed_clock: None
) -> None:
    await build(session, world)
    body = await _overview(client, world)
    assert body["month"] == "2027-03"
    assert body["inactive_days"] == 30
    assert body["total"] == 3
    rows = {r["name"]: r for r in body["items"]}
    assert list(rows) == ["Asker", "Bodø", "Osterøy"]  # by name, æøå last

    bodo = rows["Bodø"]
    assert bodo["tier"] == "pilot" and bodo["status"] == "active"
    assert [m["number"] for m in bodo["municipalities"]] == ["1804"]
    assert [m["name"] for m in bodo["mentors"]] == ["Mona Mentor"]
    assert bodo["cycles_by_phase"] == {"plan": 1, "act": 2, "observe": 0, "reflect": 0, "done": 1}
    assert bodo["cycles_total"] == 4
    # The latest change is the measure point added on 14 March at 10:00 UTC (the log
    # entry was edited at 09:00, the done cycle on 10 March).
    assert bodo["last_activity_at"] == "2027-03-14T10:00:00Z"
    # 00:30 on 1 March (Oslo) and 12 March count; 23:30 on 28 February does not.
    assert bodo["entries_this_month"] == 2
    assert bodo["latest_score"] == 3.0
    assert bodo["latest_semester"] == "Vår 2027"
    assert bodo["previous_score"] == 2.0
    assert bodo["score_trend"] == "up"
    assert bodo["measures_total"] == 2
    assert bodo["measures_with_shift"] == 1
    # Registered to attend in the cohort's past gatherings: the coordinator (attended) and
    # the member (did not) at Samling 1. Not: "not attending", the waiting list, the
    # future gathering, a gathering of no cohort, a cancelled one.
    assert bodo["attendance"] == {"attended": 1, "registered": 2, "rate": 0.5}
    assert bodo["open_assignments"] == 2  # answered "Plan for våren"
    assert bodo["overdue_assignments"] == 1  # "Refleksjonsnotat" was due 1 March
    assert bodo["inactive"] is False

    asker = rows["Asker"]
    assert asker["cycles_by_phase"] == {"plan": 0, "act": 0, "observe": 0, "reflect": 1, "done": 0}
    assert asker["last_activity_at"] == "2027-01-10T12:00:00Z"
    assert asker["entries_this_month"] == 0
    assert asker["latest_score"] == 2.5
    assert asker["previous_score"] is None
    assert asker["score_trend"] == "none"  # no autumn 2026 score to compare with
    assert asker["measures_total"] == 0 and asker["measures_with_shift"] == 0
    assert asker["attendance"] == {"attended": 1, "registered": 1, "rate": 1.0}
    assert asker["open_assignments"] == 2 and asker["overdue_assignments"] == 0
    assert asker["inactive"] is True
    assert [m["name"] for m in asker["mentors"]] == ["Odd Mentor"]

    osteroy = rows["Osterøy"]
    assert osteroy["tier"] == "observer"
    assert osteroy["cycles_total"] == 0
    assert osteroy["last_activity_at"] is None
    assert osteroy["latest_score"] is None and osteroy["score_trend"] == "none"
    assert osteroy["attendance"] == {"attended": 0, "registered": 0, "rate": None}
    assert osteroy["open_assignments"] == 3 and osteroy["overdue_assignments"] == 1
    assert osteroy["inactive"] is True  # created in August, nothing since


async def test_trend_down_and_flat(
    client: httpx.AsyncClient, world: World, session: AsyncSession, fixed_clock: None
) -> None:
    from samklang.learning.models import Assessment

    session.add_all(
        [
            Assessment(workspace_id=world.pilot.id, semester="Høst 2026", score=3.0),
            Assessment(workspace_id=world.pilot.id, semester="Vår 2027", score=2.0),
            Assessment(workspace_id=world.other.id, semester="Haust 2026", score=2.5),
            Assessment(workspace_id=world.other.id, semester="Vår 2027", score=2.5),
        ]
    )
    await session.commit()
    rows = {r["name"]: r for r in (await _overview(client, world))["items"]}
    assert rows["Bodø"]["score_trend"] == "down"
    assert rows["Asker"]["score_trend"] == "flat"


async def test_filters(
    client: httpx.AsyncClient, world: World, session: AsyncSession, fixed_clock: None
) -> None:
    await build(session, world)

    async def names(query: str) -> list[str]:
        return [r["name"] for r in (await _overview(client, world, query))["items"]]

    county = (await _overview(client, world))["items"][1]["municipalities"][0]["county_number"]
    assert await names("?tier=pilot") == ["Asker", "Bodø"]
    assert await names("?tier=observer") == ["Osterøy"]
    assert await names(f"?county={county}") == ["Bodø"]
    assert await names(f"?mentor_id={world.users['other_mentor'].id}") == ["Asker"]
    assert await names("?inactive=true") == ["Asker", "Osterøy"]
    assert await names("?inactive=false") == ["Bodø"]
    assert await names(f"?cohort_id={world.cohort.id}&tier=pilot&inactive=true") == ["Asker"]
    assert await names("?cohort_id=nope") == []


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("name", "desc", ["Osterøy", "Bodø", "Asker"]),
        ("latest_score", "desc", ["Bodø", "Asker", "Osterøy"]),
        ("latest_score", "asc", ["Asker", "Bodø", "Osterøy"]),  # empty values last
        ("last_activity", "desc", ["Bodø", "Asker", "Osterøy"]),
        ("entries_this_month", "desc", ["Bodø", "Asker", "Osterøy"]),
        ("open_assignments", "desc", ["Osterøy", "Asker", "Bodø"]),
        ("attendance", "asc", ["Bodø", "Asker", "Osterøy"]),
        ("cycles", "desc", ["Bodø", "Asker", "Osterøy"]),
        ("reflect", "desc", ["Asker", "Bodø", "Osterøy"]),
        ("measures_with_shift", "desc", ["Bodø", "Asker", "Osterøy"]),
        ("score_trend", "desc", ["Bodø", "Asker", "Osterøy"]),
        ("tier", "asc", ["Osterøy", "Asker", "Bodø"]),
        ("inactive", "asc", ["Bodø", "Asker", "Osterøy"]),
        ("mentors", "asc", ["Bodø", "Asker", "Osterøy"]),
        ("municipalities", "asc", ["Asker", "Bodø", "Osterøy"]),
    ],
)
async def test_sort(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    fixed_clock: None,
    sort: str,
    order: str,
    expected: list[str],
) -> None:
    await build(session, world)
    body = await _overview(client, world, f"?sort={sort}&order={order}")
    assert [r["name"] for r in body["items"]] == expected


async def test_csv_export(
    client: httpx.AsyncClient, world: World, session: AsyncSession, fixed_clock: None
) -> None:
    await build(session, world)
    response = await client.get(
        "/api/v1/progress/overview.csv?tier=pilot&sort=latest_score&order=desc",
        headers=world.headers("admin"),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for æøå
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, *data = rows
    assert header[0] == "Arbeidsrom" and "Innlegg denne måneden" in header
    assert [r[0] for r in data] == ["Bodø", "Asker"]
    bodo = dict(zip(header, data[0], strict=True))
    assert bodo["Kommuner"] == "Bodø"
    assert bodo["Veiledere"] == "Mona Mentor"
    assert (bodo["Planlegge"], bodo["Gjennomføre"], bodo["Ferdig"]) == ("1", "2", "1")
    assert bodo["Sist aktiv"] == "2027-03-14 11:00"  # Oslo time
    assert bodo["Innlegg denne måneden"] == "2"
    assert bodo["Siste fremdriftsscore"] == "3"
    assert bodo["Semester"] == "Vår 2027"
    assert bodo["Trend"] == "up"
    assert bodo["Tiltak med skift"] == "1"
    assert (bodo["Deltatt på samlinger"], bodo["Påmeldt samlinger"]) == ("1", "2")
    assert (bodo["Åpne oppgaver"], bodo["Forfalte oppgaver"]) == ("2", "1")
    assert bodo["Inaktiv"] == "nei"
    asker = dict(zip(header, data[1], strict=True))
    assert asker["Siste fremdriftsscore"] == "2,5"  # decimal comma
    assert asker["Inaktiv"] == "ja"


async def test_overview_queries_do_not_grow(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    factory: Factory,
    engine: AsyncEngine,
    fixed_clock: None,
) -> None:
    await build(session, world)
    headers = world.headers("admin")

    async def queries(expect: int) -> int:
        with count_queries(engine) as statements:
            response = await client.get("/api/v1/progress/overview", headers=headers)
        assert response.status_code == 200
        assert response.json()["total"] == expect
        return len(statements)

    few = await queries(3)
    await add_workspaces(world, session, factory, 30)
    assert await queries(33) == few


async def test_unanswered_questions_per_workspace(
    client: httpx.AsyncClient, world: World, session: AsyncSession, fixed_clock: None
) -> None:
    from samklang.knowledge.models import Question, QuestionStatus

    await build(session, world)
    for title, workspace, status in [
        ("Hva koster det?", world.pilot, QuestionStatus.open),
        ("Hvor mange timer?", world.pilot, QuestionStatus.open),
        ("Hvem betaler?", world.pilot, QuestionStatus.answered),  # answered: not counted
        ("Samme som over", world.pilot, QuestionStatus.merged),  # merged away: not counted
        ("Kan vi søke sammen?", world.other, QuestionStatus.open),
    ]:
        session.add(Question(title=title, workspace_id=workspace.id, status=status.value))
    await session.flush()
    rows = {r["name"]: r for r in (await _overview(client, world))["items"]}
    assert rows["Bodø"]["unanswered_questions"] == 2
    assert rows["Asker"]["unanswered_questions"] == 1
    assert rows["Osterøy"]["unanswered_questions"] == 0
    by_most = await _overview(client, world, "?sort=unanswered_questions&order=desc")
    assert [r["name"] for r in by_most["items"]][:2] == ["Bodø", "Asker"]
    csv_body = await client.get("/api/v1/progress/overview.csv", headers=world.headers("admin"))
    header, *data = list(
        csv.reader(io.StringIO(csv_body.content.decode("utf-8-sig")), delimiter=";")
    )
    bodo = next(dict(zip(header, r, strict=True)) for r in data if r[0] == "Bodø")
    assert bodo["Ubesvarte spørsmål"] == "2"
