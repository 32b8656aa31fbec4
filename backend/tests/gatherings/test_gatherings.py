from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.config import Settings
from samklang.gatherings.service import send_reminders
from tests.conftest import Deliver, Factory, SmtpServer
from tests.network.conftest import World

SOON = (datetime.now(UTC) + timedelta(days=20)).replace(microsecond=0)


def body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Samling 2: Samskaping i praksis",
        "description": "To dager om **samskaping**.",
        "starts_at": SOON.isoformat(),
        "ends_at": (SOON + timedelta(hours=30)).isoformat(),
        "place": "Scandic Lerkendal",
        "address": "Klæbuveien 127, Trondheim",
        "online_url": "https://meet.example.no/samling2",
        "open_to_observers": True,
        "agenda": [{"starts_at": SOON.isoformat(), "title": "Velkommen", "lead": "Prosjektteamet"}],
        **extra,
    }


async def create(client: httpx.AsyncClient, world: World, **extra: Any) -> dict:
    response = await client.post(
        "/api/v1/gatherings", json=body(**extra), headers=world.headers("admin")
    )
    assert response.status_code == 201, response.text
    return response.json()


async def reg(
    client: httpx.AsyncClient, world: World, gathering: dict, who: str, mode: str, **extra: Any
) -> httpx.Response:
    return await client.put(
        f"/api/v1/gatherings/{gathering['id']}/registration",
        json={"mode": mode, **extra},
        headers=world.headers(who),
    )


async def test_create_belongs_to_current_cohort_and_lists(
    client: httpx.AsyncClient, world: World
) -> None:
    gathering = await create(client, world)
    assert gathering["cohort_id"] == world.cohort.id
    assert gathering["agenda"][0]["title"] == "Velkommen"
    assert gathering["description_html"].startswith("<p>To dager om <strong>")
    upcoming = (
        await client.get("/api/v1/gatherings?when=upcoming", headers=world.headers("member"))
    ).json()
    assert [g["id"] for g in upcoming] == [gathering["id"]]
    assert (
        await client.get("/api/v1/gatherings?when=past", headers=world.headers("member"))
    ).json() == []
    assert (
        await client.post("/api/v1/gatherings", json=body(), headers=world.headers("coordinator"))
    ).status_code == 403
    bad = await client.post(
        "/api/v1/gatherings", json=body(ends_at=SOON.isoformat()), headers=world.headers("admin")
    )
    assert bad.status_code == 422


async def test_capacity_waiting_list_moves_up_by_itself(
    client: httpx.AsyncClient, world: World, deliver: Deliver, smtp: SmtpServer
) -> None:
    gathering = await create(client, world, capacity=2)
    assert (await reg(client, world, gathering, "coordinator", "in_person")).json()[
        "status"
    ] == "confirmed"
    assert (await reg(client, world, gathering, "member", "in_person", diet="Vegetar")).json()[
        "status"
    ] == "confirmed"
    third = (await reg(client, world, gathering, "other_member", "in_person")).json()
    assert third["status"] == "waiting" and third["waiting_position"] == 1
    # The coordinator switches to online: the waiting person gets the seat and an email.
    await reg(client, world, gathering, "coordinator", "online")
    mine = (
        await client.get(
            f"/api/v1/gatherings/{gathering['id']}", headers=world.headers("other_member")
        )
    ).json()["my_registration"]
    assert mine["status"] == "confirmed" and mine["waiting_position"] is None
    assert mine["workspace_id"] == world.other.id
    await deliver()
    assert any("Du har fått plass" in m["Subject"] for m in smtp.mailbox.messages)
    listed = (
        await client.get(
            f"/api/v1/gatherings/{gathering['id']}/registrations", headers=world.headers("admin")
        )
    ).json()
    assert {(r["name"], r["mode"], r["status"]) for r in listed} == {
        ("Kari Koordinator", "online", "confirmed"),
        ("Mads Medlem", "in_person", "confirmed"),
        ("Astrid Asker", "in_person", "confirmed"),
    }


async def test_workspace_quota_and_a_shared_regional_pool(
    client: httpx.AsyncClient, world: World, factory: Factory, session: AsyncSession
) -> None:
    from samklang.network.models import WorkspaceRole
    from samklang.network.service import add_member

    gathering = await create(client, world, seats_per_workspace=1)
    assert (await reg(client, world, gathering, "coordinator", "in_person")).json()[
        "status"
    ] == "confirmed"
    # Bodø's second person waits: the workspace has one seat.
    assert (await reg(client, world, gathering, "member", "in_person")).json()[
        "status"
    ] == "waiting"
    # The project team lets Bodø and Asker share three seats.
    response = await client.patch(
        f"/api/v1/gatherings/{gathering['id']}",
        json={
            "seat_pools": [
                {
                    "name": "Nord og Øst",
                    "seats": 3,
                    "workspace_ids": [world.pilot.id, world.other.id],
                }
            ]
        },
        headers=world.headers("admin"),
    )
    assert response.status_code == 200
    assert response.json()["sequence"] == 1
    member = (
        await client.get(f"/api/v1/gatherings/{gathering['id']}", headers=world.headers("member"))
    ).json()["my_registration"]
    assert member["status"] == "confirmed"  # moved up by itself
    assert (await reg(client, world, gathering, "other_member", "in_person")).json()[
        "status"
    ] == "confirmed"
    extra = await factory.user(name="Ekstra Asker")
    await add_member(session, extra, world.other, role=WorkspaceRole.member, function="teacher")
    await session.commit()
    response = await client.put(
        f"/api/v1/gatherings/{gathering['id']}/registration",
        json={"mode": "in_person"},
        headers=factory.headers(extra),
    )
    assert response.json()["status"] == "waiting"


async def test_deadline_and_observers(
    client: httpx.AsyncClient, world: World, outsider: Any
) -> None:
    closed = await create(
        client, world, registration_deadline=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
    )
    response = await reg(client, world, closed, "member", "online")
    assert response.status_code == 409 and response.json()["code"] == "registration_closed"
    assert (await reg(client, world, closed, "admin", "online")).status_code == 200

    pilots_only = await create(client, world, open_to_observers=False)
    assert (await reg(client, world, pilots_only, "observer", "online")).status_code == 403
    open_one = await create(client, world)
    assert (await reg(client, world, open_one, "observer", "online")).status_code == 200
    in_person = await reg(client, world, open_one, "observer", "in_person")
    assert in_person.status_code == 422
    assert (await reg(client, world, open_one, "outsider", "online")).status_code == 403
    assert (await reg(client, world, open_one, "anonymous", "online")).status_code == 401


async def test_check_in_and_csv(client: httpx.AsyncClient, world: World) -> None:
    gathering = await create(client, world)
    await reg(client, world, gathering, "member", "in_person", diet='=HYPERLINK("x")')
    listed = (
        await client.get(
            f"/api/v1/gatherings/{gathering['id']}/registrations", headers=world.headers("admin")
        )
    ).json()
    url = f"/api/v1/gatherings/{gathering['id']}/registrations/{listed[0]['id']}/attendance"
    assert (
        await client.put(url, json={"attended": True}, headers=world.headers("admin"))
    ).status_code == 204
    assert (
        await client.put(url, json={"attended": True}, headers=world.headers("coordinator"))
    ).status_code == 403
    csv = await client.get(
        f"/api/v1/gatherings/{gathering['id']}/registrations.csv", headers=world.headers("admin")
    )
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("navn;e-post;arbeidsrom")
    assert "Mads Medlem;" in text and ";Bodø;in_person;confirmed;\"'=HYPERLINK" in text
    assert text.rstrip().endswith(";ja")


async def test_ics_is_rfc5545_with_stable_uid_and_sequence(
    client: httpx.AsyncClient, world: World
) -> None:
    gathering = await create(client, world)
    url = f"/api/v1/gatherings/{gathering['id']}/calendar.ics"

    async def event() -> Any:
        response = await client.get(url, headers=world.headers("member"))
        assert response.headers["content-type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        (item,) = calendar.walk("VEVENT")
        return calendar, item

    calendar, first = await event()
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    assert str(first["UID"]) == f"gathering-{gathering['id']}@samklang.no"
    assert int(first["SEQUENCE"]) == 0
    assert str(first["SUMMARY"]) == "Samling 2: Samskaping i praksis"
    assert first.decoded("DTSTART") == datetime.fromisoformat(gathering["starts_at"])
    assert "Klæbuveien 127" in str(first["LOCATION"])
    assert str(first["STATUS"]) == "CONFIRMED"
    await client.patch(
        f"/api/v1/gatherings/{gathering['id']}",
        json={"place": "Nidaros"},
        headers=world.headers("admin"),
    )
    _, changed = await event()
    assert str(changed["UID"]) == str(first["UID"]) and int(changed["SEQUENCE"]) == 1
    await client.patch(
        f"/api/v1/gatherings/{gathering['id']}",
        json={"cancelled": True},
        headers=world.headers("admin"),
    )
    calendar, cancelled = await event()
    assert str(calendar["METHOD"]) == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2


async def test_personal_feed_and_its_reset(client: httpx.AsyncClient, world: World) -> None:
    gathering = await create(client, world)
    skipped = await create(client, world, title="Samling 3")
    await reg(client, world, gathering, "member", "online")
    await reg(client, world, skipped, "member", "not_attending")
    feed = (await client.get("/api/v1/me/calendar", headers=world.headers("member"))).json()["url"]
    path = feed.removeprefix("http://testserver")
    response = await client.get(path)  # calendar apps do not sign in
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Samling 2: Samskaping i praksis"]
    same = (await client.get("/api/v1/me/calendar", headers=world.headers("member"))).json()["url"]
    assert same == feed
    new = (await client.post("/api/v1/me/calendar/reset", headers=world.headers("member"))).json()[
        "url"
    ]
    assert new != feed
    assert (await client.get(path)).status_code == 404
    assert (await client.get(new.removeprefix("http://testserver"))).status_code == 200


async def test_reminders_are_sent_once(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    settings: Settings,
    deliver: Deliver,
    smtp: SmtpServer,
) -> None:
    in_five_days = datetime.now(UTC) + timedelta(days=5)
    week = await create(
        client,
        world,
        starts_at=in_five_days.isoformat(),
        ends_at=(in_five_days + timedelta(hours=5)).isoformat(),
    )
    tomorrow = datetime.now(UTC) + timedelta(hours=20)
    day = await create(
        client,
        world,
        title="I morgen",
        starts_at=tomorrow.isoformat(),
        ends_at=(tomorrow + timedelta(hours=5)).isoformat(),
    )
    far = await create(client, world, title="Langt unna")
    for g in (week, day, far):
        await reg(client, world, g, "member", "online")
    await reg(client, world, week, "coordinator", "not_attending")
    assert await send_reminders(session, settings) == 2
    await session.commit()
    assert await send_reminders(session, settings) == 0
    await deliver()
    subjects = sorted(m["Subject"] for m in smtp.mailbox.messages)
    assert subjects == ["I morgen: I morgen", "Om en uke: Samling 2: Samskaping i praksis"]


async def test_an_unknown_cohort_is_a_field_error_not_a_crash(
    client: httpx.AsyncClient, world: World
) -> None:
    # Found by the hostile-input run: it was a 500 (foreign key violation).
    response = await client.post(
        "/api/v1/gatherings", json=body(cohort_id="no-such-cohort"), headers=world.headers("admin")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cohort_id"
    assignment = await client.post(
        "/api/v1/assignments",
        json={"title": "Oppgave", "cohort_id": "no-such-cohort", "due_on": SOON.date().isoformat()},
        headers=world.headers("admin"),
    )
    assert assignment.status_code == 422, assignment.text
    assert [e["field"] for e in assignment.json()["errors"]] == ["cohort_id"]
