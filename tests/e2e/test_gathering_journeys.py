"""Gatherings: the project team sets one up with an agenda and group work; two members of
different workspaces write the same group answer and merge a conflict; a member registers
and takes the gathering into their calendar. Each journey makes its own gatherings."""

from __future__ import annotations

import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from conftest import Server, assert_accessible, sign_in_by_keyboard, texts

ADMIN = "admin@demo.samklang.no"
PILOT = "pilot@demo.samklang.no"
OSLO = ZoneInfo("Europe/Oslo")

nb = texts("nb")


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, email_address: str, password: str | None = None, path: str = "/") -> None:
    page.goto(path)
    expect(h1(page)).to_have_text(nb("login.title"))
    if password:
        sign_in_by_keyboard(page, email_address, password)
    else:
        sign_in_by_keyboard(page, email_address)
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def workspace_id(server: Server, token: str, name: str) -> str:
    status, body = server.api("GET", "/api/v1/workspaces?limit=100", token=token)
    assert status == 200, body
    for workspace in body["items"]:  # type: ignore[index]
        if workspace["name"] == name:
            return str(workspace["id"])
    raise AssertionError(f"no demo workspace {name}")


def second_member(server: Server, admin_token: str, workspace: str) -> tuple[str, str, str]:
    """A new person (not pilot@demo) in `workspace`, invited and accepted.

    Returns (email, password, name)."""
    email_address = f"medlem-{uuid.uuid4().hex[:8]}@example.no"
    name = "Hilde Hyllestad"
    password = "et-godt-passord-123"
    status, body = server.api(
        "POST",
        f"/api/v1/workspaces/{workspace}/members",
        {"email": email_address, "name": name, "role": "member", "function": "teacher"},
        token=admin_token,
    )
    assert status in (200, 201), body
    link = server.wait_for_link(email_address, "/invitation")
    token = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]
    status, body = server.api(
        "POST", "/api/v1/invitations/accept", {"token": token, "name": name, "password": password}
    )
    assert status == 200, body
    return email_address, password, name


def oslo_local(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%Y-%m-%dT%H:%M")


def wait_saved(page: Page, prompt: str) -> None:
    expect(
        page.get_by_role("group", name=prompt).get_by_test_id("answer-save-status")
    ).to_have_text(nb("gatherings.groups.autosave.saved"))


def test_group_work_conflict_is_merged_never_overwritten(
    new_page: Callable[..., Page], server: Server
) -> None:
    admin_token = server.login_token(ADMIN)
    hyllestad = workspace_id(server, admin_token, "Hyllestad og Fjaler")
    other_email, other_password, other_name = second_member(server, admin_token, hyllestad)
    title = f"Samling E2E {uuid.uuid4().hex[:6]}"
    starts = (datetime.now(UTC) + timedelta(days=30)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )

    # -- the project team creates the gathering with an agenda item ---------------------------
    admin = new_page("nb-NO")
    sign_in(admin, ADMIN)
    admin.get_by_role("link", name=nb("gatherings.nav")).click()
    expect(h1(admin)).to_have_text(nb("gatherings.calendar.title"))
    assert_accessible(admin, "programme calendar (admin)")
    admin.get_by_role("link", name=nb("gatherings.calendar.new")).click()
    expect(h1(admin)).to_have_text(nb("gatherings.edit.newTitle"))
    assert_accessible(admin, "new gathering form")

    # Submitting empty: the summary lists what is missing.
    admin.get_by_role("button", name=nb("gatherings.edit.create")).click()
    summary = admin.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(nb("gatherings.edit.titleRequired"))

    admin.get_by_label(nb("gatherings.edit.title"), exact=True).fill(title)
    admin.get_by_label(nb("gatherings.edit.description"), exact=True).fill(
        "Vi jobber i **grupper** med samskaping."
    )
    admin.get_by_label(nb("gatherings.edit.startsAt"), exact=True).fill(oslo_local(starts))
    admin.get_by_label(nb("gatherings.edit.endsAt"), exact=True).fill(
        oslo_local(starts + timedelta(hours=6))
    )
    admin.get_by_label(nb("gatherings.edit.place"), exact=True).fill("Thon Hotel Bodø")
    admin.get_by_label(nb("gatherings.edit.capacity"), exact=True).fill("40")
    admin.get_by_role("button", name=nb("gatherings.edit.agendaAdd")).click()
    item = admin.get_by_role("group", name=nb("gatherings.edit.agendaItem", number="1"))
    expect(item.get_by_label(nb("gatherings.edit.agendaTitle"), exact=True)).to_be_focused()
    item.get_by_label(nb("gatherings.edit.agendaTitle"), exact=True).fill("Gruppearbeid")
    item.get_by_label(nb("gatherings.edit.agendaLead"), exact=True).fill("Vera Veileder")
    item.get_by_label(nb("gatherings.edit.agendaStartsAt"), exact=True).fill(
        oslo_local(starts + timedelta(hours=1))
    )
    admin.get_by_role("button", name=nb("gatherings.edit.create")).click()
    expect(admin).to_have_url(re.compile(r"/gatherings/[^/]+/edit$"))
    expect(admin.get_by_text(nb("gatherings.edit.saved"))).to_be_visible()
    gathering_id = admin.url.rsplit("/", 2)[1]
    assert_accessible(admin, "edit gathering (saved)")

    status, gathering = server.api("GET", f"/api/v1/gatherings/{gathering_id}", token=admin_token)
    assert status == 200, gathering
    assert gathering["agenda"][0]["title"] == "Gruppearbeid"  # type: ignore[index]
    # Typed as Oslo time, stored as the same moment.
    assert datetime.fromisoformat(gathering["starts_at"]) == starts  # type: ignore[index]

    # -- the gathering page shows it in Oslo time ---------------------------------------------
    admin.goto(f"/gatherings/{gathering_id}")
    expect(h1(admin)).to_have_text(title)
    expect(admin.get_by_text("(norsk tid)").first).to_be_visible()
    agenda = admin.get_by_role("region", name=nb("gatherings.page.agenda"))
    expect(agenda.get_by_text("Gruppearbeid", exact=True)).to_be_visible()
    expect(agenda).to_contain_text(nb("gatherings.page.agendaLead", lead="Vera Veileder"))
    expect(admin.get_by_role("strong").filter(has_text="grupper")).to_be_visible()
    assert_accessible(admin, "gathering page (admin)")

    # -- two prompts and a group of two workspaces --------------------------------------------
    admin.get_by_role("link", name=nb("gatherings.page.groups")).click()
    expect(h1(admin)).to_have_text(nb("gatherings.groups.title", title=title))
    expect(admin.get_by_text(nb("gatherings.groups.empty"))).to_be_visible()
    admin.get_by_text(nb("gatherings.groups.admin.title")).click()
    prompts = ["Hva kan prosjektet bidra med i vår kommune?", "Hvem vil dere samskape med?"]
    prompt_form = admin.get_by_role("form", name=nb("gatherings.groups.admin.newPrompt"))
    for text in prompts:
        prompt_form.get_by_label(nb("gatherings.groups.admin.promptText"), exact=True).fill(text)
        prompt_form.get_by_role("button", name=nb("gatherings.groups.admin.addPrompt")).click()
        expect(prompt_form.get_by_text(nb("gatherings.groups.admin.promptAdded"))).to_be_visible()
        expect(
            prompt_form.get_by_label(nb("gatherings.groups.admin.promptText"), exact=True)
        ).to_have_value("")
    group_form = admin.get_by_role("form", name=nb("gatherings.groups.admin.newGroup"))
    group_form.get_by_label(nb("gatherings.groups.admin.groupName"), exact=True).fill("Gruppe 7")
    group_form.get_by_role("checkbox", name="Bodø", exact=True).check()
    group_form.get_by_role("checkbox", name="Hyllestad og Fjaler", exact=True).check()
    group_form.get_by_role("button", name=nb("gatherings.groups.admin.addGroup")).click()
    expect(
        group_form.get_by_text(nb("gatherings.groups.admin.groupAdded", name="Gruppe 7"))
    ).to_be_visible()
    card = admin.get_by_test_id("group-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", name="Gruppe 7")).to_be_visible()
    expect(card).to_contain_text("Bodø")
    expect(card).to_contain_text("Hyllestad")
    expect(card.get_by_text(prompts[1])).to_be_visible()
    assert_accessible(admin, "group room (admin)")

    # -- two members of different workspaces open the same answer ------------------------------
    pilot = new_page("nb-NO")
    sign_in(pilot, PILOT, path=f"/gatherings/{gathering_id}/groups")
    expect(h1(pilot)).to_have_text(nb("gatherings.groups.title", title=title))
    other = new_page("nb-NO")
    sign_in(other, other_email, other_password, path=f"/gatherings/{gathering_id}/groups")
    expect(h1(other)).to_have_text(nb("gatherings.groups.title", title=title))

    def first_answer(page: Page):
        return page.get_by_role("group", name=prompts[0]).get_by_label(
            nb("gatherings.groups.answerLabel"), exact=True
        )

    expect(first_answer(pilot)).to_have_value("")
    expect(first_answer(other)).to_have_value("")
    assert_accessible(other, "group room (member)")

    theirs = "Bodø: kulturskolen inn i skolens timeplan."
    mine = "Hyllestad og Fjaler: felles ensemble på tvers av kommunene."
    first_answer(pilot).fill(theirs)
    wait_saved(pilot, prompts[0])
    # The other member had the page open before that save and now writes too.
    first_answer(other).fill(mine)
    conflict = other.get_by_test_id("answer-conflict")
    expect(conflict).to_be_visible()
    expect(conflict.get_by_test_id("conflict-theirs")).to_contain_text(theirs)
    expect(conflict.get_by_test_id("conflict-theirs")).to_contain_text("Per Pilot")
    expect(conflict.get_by_test_id("conflict-mine")).to_contain_text(mine)
    assert_accessible(other, "answer conflict")
    conflict.get_by_role("button", name=nb("gatherings.conflict.keepBoth")).click()
    merged = conflict.get_by_label(nb("gatherings.conflict.merged"), exact=True)
    expect(merged).to_have_value(f"{theirs}\n\n{mine}")
    conflict.get_by_role("button", name=nb("gatherings.conflict.save")).click()
    expect(conflict).to_have_count(0)
    expect(first_answer(other)).to_have_value(f"{theirs}\n\n{mine}")

    # Both texts are saved; nothing was overwritten.
    status, work = server.api("GET", f"/api/v1/gatherings/{gathering_id}/groups", token=admin_token)
    assert status == 200, work
    answer = work["groups"][0]["answers"][0]  # type: ignore[index]
    assert theirs in answer["body"] and mine in answer["body"]
    assert answer["version"] == 2
    assert answer["updated_by"] == other_name

    # The first member's page picks the merged text up by itself (live refresh).
    expect(first_answer(pilot)).to_have_value(f"{theirs}\n\n{mine}", timeout=20_000)

    # The edit history shows both versions.
    first_group = other.get_by_role("group", name=prompts[0])
    first_group.get_by_text(nb("gatherings.groups.history")).click()
    expect(other.get_by_text(re.compile(r"Versjon 2: Hilde Hyllestad"))).to_be_visible()
    expect(other.get_by_text(re.compile(r"Versjon 1: Per Pilot"))).to_be_visible()
    assert_accessible(other, "answer history")

    # -- the summary compiles the answers ------------------------------------------------------
    other.goto(f"/gatherings/{gathering_id}/summary")
    expect(h1(other)).to_have_text(nb("gatherings.summary.title", title=title))
    document = other.locator(".summary-document")
    expect(document.get_by_role("heading", name=prompts[0])).to_be_visible()
    expect(document).to_contain_text(mine)
    with other.expect_download() as download_info:
        other.get_by_role("link", name=nb("gatherings.summary.downloadMd")).click()
    path = download_info.value.path()
    assert path is not None
    markdown = Path(path).read_text(encoding="utf-8")
    assert markdown.startswith(f"# {title}") and theirs in markdown
    assert_accessible(other, "summary")


def test_member_registers_and_takes_the_gathering_into_the_calendar(
    new_page: Callable[..., Page], server: Server
) -> None:
    admin_token = server.login_token(ADMIN)
    title = f"Nettverkssamling {uuid.uuid4().hex[:6]}"
    starts = (datetime.now(UTC) + timedelta(days=40)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    status, gathering = server.api(
        "POST",
        "/api/v1/gatherings",
        {
            "title": title,
            "description": "To dager med erfaringsdeling.",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=7)).isoformat(),
            "place": "Scandic Lerkendal",
            "address": "Klæbuveien 127, 7031 Trondheim",
            "online_url": "https://meet.example.no/e2e",
            "capacity": 30,
            "registration_deadline": (starts - timedelta(days=7)).isoformat(),
            "agenda": [
                {
                    "starts_at": starts.isoformat(),
                    "title": "Velkommen",
                    "lead": "Prosjektteamet",
                    "materials": [{"title": "Program (PDF)", "url": "https://example.no/p.pdf"}],
                }
            ],
        },
        token=admin_token,
    )
    assert status == 201, gathering
    gathering_id = gathering["id"]  # type: ignore[index]

    page = new_page("nb-NO")
    sign_in(page, PILOT)
    page.get_by_role("link", name=nb("gatherings.nav")).click()
    expect(h1(page)).to_have_text(nb("gatherings.calendar.title"))
    row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))
    expect(row).to_contain_text(nb("gatherings.tags.notRegistered"))
    expect(row).to_contain_text("(norsk tid)")
    assert_accessible(page, "programme calendar")
    row.get_by_role("link", name=title).click()
    expect(h1(page)).to_have_text(title)
    expect(page.get_by_text("Klæbuveien 127, 7031 Trondheim")).to_be_visible()
    expect(page.get_by_role("link", name="Program (PDF)")).to_be_visible()
    expect(page.get_by_text(nb("gatherings.registration.none"))).to_be_visible()
    assert_accessible(page, "gathering page (member)")

    # Register in person with needs; Per Pilot is in two workspaces and picks one.
    page.get_by_role("radio", name=nb("gatherings.modes.in_person")).check()
    page.get_by_label(nb("gatherings.registration.workspace")).select_option(label="Bodø")
    page.get_by_label(nb("gatherings.registration.diet"), exact=True).fill("Vegetar")
    page.get_by_label(nb("gatherings.registration.accessibility"), exact=True).fill("Teleslynge")
    assert_accessible(page, "registration form filled")
    page.get_by_role("button", name=nb("gatherings.registration.submit")).click()
    expect(page.get_by_test_id("registration-status")).to_have_text(
        nb("gatherings.registration.confirmed", mode=nb("gatherings.modes.in_person"))
    )
    expect(page.get_by_role("button", name=nb("gatherings.registration.update"))).to_be_visible()

    # The calendar file, fetched with the token and saved.
    with page.expect_download() as download_info:
        page.get_by_role("button", name=nb("gatherings.calendarTools.download")).click()
    path = download_info.value.path()
    assert path is not None
    ics = Path(path).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR"), ics[:80]
    assert title in ics

    # The personal subscription address, and a new one after confirming.
    address = page.get_by_label(nb("gatherings.calendarTools.address"), exact=True)
    expect(address).to_have_value(re.compile(r"/api/v1/calendar/.+\.ics$"))
    old = address.input_value()
    page.get_by_role("button", name=nb("gatherings.calendarTools.reset")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(nb("gatherings.calendarTools.resetBody"))).to_be_visible()
    assert_accessible(page, "reset calendar address dialog")
    dialog.get_by_role("button", name=nb("gatherings.calendarTools.resetConfirm")).click()
    expect(page.get_by_text(nb("gatherings.calendarTools.resetDone"))).to_be_visible()
    expect(address).not_to_have_value(old)

    # The project team sees the registration and checks the person in.
    admin = new_page("nb-NO")
    sign_in(admin, ADMIN, path=f"/gatherings/{gathering_id}/registrations")
    expect(h1(admin)).to_have_text(nb("gatherings.registrations.title", title=title))
    table_row = admin.get_by_role("row").filter(has_text="Per Pilot")
    expect(table_row).to_contain_text("Bodø")
    expect(table_row).to_contain_text("Vegetar")
    assert_accessible(admin, "registrations and check-in")
    table_row.get_by_role(
        "checkbox", name=nb("gatherings.registrations.attendedFor", name="Per Pilot")
    ).check()
    expect(admin.get_by_test_id("count-attended")).to_have_text("1")
    deadline = time.monotonic() + 10
    while True:  # the tick is shown at once; the server has it a moment later
        status, rows = server.api(
            "GET", f"/api/v1/gatherings/{gathering_id}/registrations", token=admin_token
        )
        assert status == 200, rows
        if any(r["attended"] for r in rows):  # type: ignore[union-attr]
            break
        assert time.monotonic() < deadline, "attendance never reached the server"
        time.sleep(0.2)
    with admin.expect_download() as csv_info:
        admin.get_by_role("button", name=nb("gatherings.registrations.export")).click()
    csv_path = csv_info.value.path()
    assert csv_path is not None
    assert "Per Pilot" in Path(csv_path).read_text(encoding="utf-8-sig")


def test_registration_after_the_deadline_is_explained(
    new_page: Callable[..., Page], server: Server
) -> None:
    admin_token = server.login_token(ADMIN)
    title = f"Stengt samling {uuid.uuid4().hex[:6]}"
    starts = datetime.now(UTC) + timedelta(days=3)
    status, gathering = server.api(
        "POST",
        "/api/v1/gatherings",
        {
            "title": title,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "online_url": "https://meet.example.no/stengt",
            "registration_deadline": (starts + timedelta(days=1)).isoformat(),
        },
        token=admin_token,
    )
    assert status == 201, gathering
    page = new_page("nb-NO")
    sign_in(page, PILOT, path=f"/gatherings/{gathering['id']}")  # type: ignore[index]
    expect(h1(page)).to_have_text(title)
    page.get_by_role("radio", name=nb("gatherings.modes.online")).check()
    # The deadline passes while the page is open.
    status, _ = server.api(
        "PATCH",
        f"/api/v1/gatherings/{gathering['id']}",  # type: ignore[index]
        {"registration_deadline": (datetime.now(UTC) - timedelta(minutes=1)).isoformat()},
        token=admin_token,
    )
    assert status == 200
    page.get_by_role("button", name=nb("gatherings.registration.submit")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        nb("gatherings.registration.errors.registration_closed")
    )
    assert_accessible(page, "registration refused after the deadline")


def test_assignment_is_answered_and_the_team_sees_it(
    new_page: Callable[..., Page], server: Server
) -> None:
    title = f"Oppgave E2E {uuid.uuid4().hex[:6]}"
    due = (datetime.now(OSLO) + timedelta(days=14)).date().isoformat()

    # -- the project team gives an assignment to every workspace -------------------------------
    admin = new_page("nb-NO")
    sign_in(admin, ADMIN, path="/gatherings")
    expect(h1(admin)).to_have_text(nb("gatherings.calendar.title"))
    admin.get_by_role("link", name=nb("gatherings.assignments.calendarLink")).click()
    expect(h1(admin)).to_have_text(nb("gatherings.assignments.title"))
    assert_accessible(admin, "assignments list (admin)")

    admin.get_by_role("button", name=nb("gatherings.assignments.form.create")).click()
    summary = admin.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(nb("gatherings.assignments.form.titleRequired"))
    assert_accessible(admin, "new assignment form with errors")

    admin.get_by_label(nb("gatherings.assignments.form.title"), exact=True).fill(title)
    admin.get_by_label(nb("gatherings.assignments.form.instructions"), exact=True).fill(
        "Beskriv **ett** tiltak dere har prøvd siden sist."
    )
    admin.get_by_label(nb("gatherings.assignments.form.dueOn"), exact=True).fill(due)
    admin.get_by_role("button", name=nb("gatherings.assignments.form.create")).click()
    expect(h1(admin)).to_have_text(title)
    expect(admin.get_by_text(nb("gatherings.assignments.created"))).to_be_visible()
    expect(admin.locator(".rendered strong")).to_have_text("ett")
    bodo_row = admin.get_by_role("row").filter(has_text="Bodø")
    expect(bodo_row).to_contain_text(nb("gatherings.assignments.status.no"))
    assert_accessible(admin, "assignment page (admin, before any answer)")
    assignment_url = admin.url

    # -- the pilot answers for Bodø ---------------------------------------------------------
    pilot = new_page("nb-NO")
    sign_in(pilot, PILOT, path="/assignments")
    expect(h1(pilot)).to_have_text(nb("gatherings.assignments.title"))
    row = pilot.get_by_role("listitem").filter(has_text=title)
    expect(row).to_contain_text(nb("gatherings.assignments.mine.missing"))
    assert_accessible(pilot, "assignments list (pilot)")
    row.get_by_role("link", name=title).click()
    expect(h1(pilot)).to_have_text(title)
    assert_accessible(pilot, "assignment page (pilot)")

    bodo_form = pilot.get_by_role(
        "region", name=nb("gatherings.assignments.editor.heading", workspace="Bodø")
    )
    answer = bodo_form.get_by_label(nb("gatherings.assignments.editor.body", workspace="Bodø"))
    answer.fill("Vi har prøvd **felles planleggingstid** på mellomtrinnet.")
    visibility = bodo_form.get_by_label(nb("gatherings.assignments.visibility.label"))
    visibility.select_option(label=nb("gatherings.assignments.visibility.network"))
    expect(bodo_form.get_by_test_id("visibility-who")).to_have_text(
        nb("gatherings.assignments.visibility.who.network")
    )
    bodo_form.get_by_role("button", name=nb("gatherings.assignments.editor.save")).click()
    expect(bodo_form.get_by_test_id("response-save-status")).to_have_text(
        nb("gatherings.assignments.editor.saved")
    )
    assert_accessible(pilot, "assignment answered (pilot)")

    # A second save with the same (now current) version works; a stale one is explained.
    answer.fill("Vi har prøvd felles planleggingstid, og vil fortsette.")
    admin_token = server.login_token(ADMIN)
    bodo = workspace_id(server, admin_token, "Bodø")
    assignment_id = assignment_url.rstrip("/").split("/")[-1]
    pilot_token = server.login_token(PILOT)
    status, _ = server.api(
        "PUT",
        f"/api/v1/assignments/{assignment_id}/responses/{bodo}",
        {"body": "Lagret fra et annet vindu.", "visibility": "workspace", "version": 1},
        token=pilot_token,
    )
    assert status == 200
    bodo_form.get_by_role("button", name=nb("gatherings.assignments.editor.save")).click()
    expect(bodo_form.get_by_role("alert")).to_contain_text(
        nb("gatherings.assignments.editor.conflict")
    )
    assert_accessible(pilot, "assignment save conflict")
    bodo_form.get_by_role("button", name=nb("gatherings.assignments.editor.reload")).click()
    expect(answer).to_have_value("Lagret fra et annet vindu.")
    expect(
        pilot.get_by_text("Vi har prøvd felles planleggingstid, og vil fortsette.")
    ).to_be_visible()
    answer.fill("Vi har prøvd felles planleggingstid, og vil fortsette.")
    bodo_form.get_by_role("button", name=nb("gatherings.assignments.editor.save")).click()
    expect(bodo_form.get_by_test_id("response-save-status")).to_have_text(
        nb("gatherings.assignments.editor.saved")
    )

    # -- the project team sees Bodø has answered ---------------------------------------------
    admin.goto(assignment_url)
    expect(h1(admin)).to_have_text(title)
    bodo_row = admin.get_by_role("row").filter(has_text="Bodø")
    expect(bodo_row).to_contain_text(nb("gatherings.assignments.status.yes"))
    expect(
        admin.get_by_text("Vi har prøvd felles planleggingstid, og vil fortsette.")
    ).to_be_visible()
    assert_accessible(admin, "assignment page (admin, Bodø answered)")
    admin.goto("/assignments")
    answered = re.escape(nb("gatherings.assignments.answeredOf", answered="1", total="TOTAL"))
    expect(
        admin.get_by_role("listitem").filter(has_text=title).get_by_test_id("answered-count")
    ).to_have_text(re.compile("^" + answered.replace("TOTAL", r"\d+") + "$"))
