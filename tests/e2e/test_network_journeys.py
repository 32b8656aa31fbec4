"""The network: apply (autosaved draft), review and decide, the new workspace; the directory;
member management. Each journey makes the data it depends on."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from conftest import Server, assert_accessible, sign_in_by_keyboard, texts

ADMIN = "admin@demo.samklang.no"
PILOT = "pilot@demo.samklang.no"
OBSERVER = "observator@demo.samklang.no"

nb = texts("nb")


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, email_address: str, path: str = "/") -> None:
    page.goto(path)
    expect(h1(page)).to_have_text(nb("login.title"))
    sign_in_by_keyboard(page, email_address)
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def open_cohort(server: Server) -> dict:
    """A cohort that accepts applications, with criteria: the demo's, or one made here."""
    status, cohorts = server.api("GET", "/api/v1/cohorts")
    assert status == 200
    for cohort in cohorts:  # type: ignore[union-attr]
        if cohort["accepting_applications"] and cohort["criteria"]:
            return cohort
    now = datetime.now(UTC)
    status, cohort = server.api(
        "POST",
        "/api/v1/cohorts",
        {
            "name": f"E2E-kull {uuid.uuid4().hex[:6]}",
            "starts_on": "2027-01-01",
            "ends_on": "2028-06-30",
            "semesters": ["Vår 2027", "Høst 2027"],
            "applications_open_at": (now - timedelta(days=1)).isoformat(),
            "applications_close_at": (now + timedelta(days=30)).isoformat(),
            "criteria": [
                {"title": "Forankring", "weight": 2},
                {"title": "Samskaping", "weight": 1},
            ],
        },
        token=server.login_token(ADMIN),
    )
    assert status == 201, cohort
    return cohort  # type: ignore[return-value]


def choose_municipality(page: Page, typed: str, name: str) -> None:
    box = page.get_by_role("combobox", name=nb("application.municipalities"))
    box.fill(typed)
    option = page.get_by_role("option", name=re.compile(rf"^{name}\b"))
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.get_by_role("button", name=nb("combobox.remove", name=name))).to_be_visible()
    expect(box).to_have_value("")


def wait_saved(page: Page) -> None:
    expect(page.get_by_test_id("save-status")).to_have_text(nb("application.autosave.saved"))


def test_apply_review_decide_then_the_new_workspace(
    new_page: Callable[..., Page], server: Server
) -> None:
    cohort = open_cohort(server)
    motivation = (
        f"Vi vil bli med fordi kulturskolen skal bli en utviklingsaktør ({uuid.uuid4().hex[:8]})."
    )

    # -- the applicant starts an application ------------------------------------------------
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    page.get_by_role("link", name=nb("nav.applications")).click()
    expect(h1(page)).to_have_text(nb("myApplications.title"))
    assert_accessible(page, "my applications")
    page.get_by_role("link", name=nb("myApplications.apply")).click()
    expect(h1(page)).to_have_text(nb("apply.title"))
    assert_accessible(page, "apply: choose cohort")
    page.get_by_role("radio", name=cohort["name"]).check()
    page.get_by_role("button", name=nb("apply.start")).click()
    expect(page).to_have_url(re.compile(r"/applications/[^/]+$"))
    application_id = page.url.rsplit("/", 1)[1]
    expect(h1(page)).to_have_text(nb("application.titleNew"))
    assert_accessible(page, "application form (empty)")

    # Two municipalities by typing part of their names (a joint application).
    choose_municipality(page, "hylle", "Hyllestad")
    choose_municipality(page, "fjal", "Fjaler")
    page.get_by_label(nb("application.motivation"), exact=True).fill(motivation)
    page.get_by_label(nb("application.localChallenge"), exact=True).fill(
        "Få arenaer for unge mellom skole og fritid."
    )
    wait_saved(page)
    expect(h1(page)).to_have_text(nb("application.titleFor", names="Hyllestad og Fjaler"))

    # -- a reload mid-way keeps the draft (it is on the server) ------------------------------
    page.reload()
    expect(page.get_by_label(nb("application.motivation"), exact=True)).to_have_value(motivation)
    expect(page.get_by_role("button", name=nb("combobox.remove", name="Hyllestad"))).to_be_visible()
    expect(page.get_by_role("button", name=nb("combobox.remove", name="Fjaler"))).to_be_visible()

    # Submitting too early: every missing field is listed and linked.
    page.get_by_role("button", name=nb("application.submit")).click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(nb("application.missingTitle"))
    focus_link = summary.get_by_role("link", name=re.compile(nb("application.focusArea")))
    expect(focus_link).to_be_visible()
    expect(
        summary.get_by_role("link", name=re.compile(nb("application.anchoringName")))
    ).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile(nb("application.team")))).to_be_visible()
    assert_accessible(page, "application form with missing fields")
    focus_link.click()
    expect(page.get_by_label(nb("application.focusArea"), exact=True)).to_be_focused()

    # -- the rest ----------------------------------------------------------------------------
    page.get_by_label(nb("application.focusArea"), exact=True).fill("Samskaping med skole og helse")
    page.get_by_label(nb("application.plannedPartners"), exact=True).fill("Grunnskolen, NMF Vest")
    page.get_by_label(nb("application.anchoringName"), exact=True).fill("Kari Nordmann")
    page.get_by_label(nb("application.anchoringRole"), exact=True).fill("Kommunedirektør")
    page.get_by_label(nb("application.anchoringDate"), exact=True).fill("2026-11-01")
    page.get_by_label(nb("application.hours"), exact=True).fill("120")
    page.get_by_role("button", name=nb("application.teamAdd")).click()
    person = page.get_by_role("group", name=nb("application.teamPerson", number="1"))
    expect(person.get_by_label(nb("application.teamName"), exact=True)).to_be_focused()
    person.get_by_label(nb("application.teamName"), exact=True).fill("Per Pilot")
    person.get_by_label(nb("application.teamEmail"), exact=True).fill(PILOT)
    person.get_by_label(nb("application.teamFunction"), exact=True).select_option(
        "culture_school_leader"
    )
    wait_saved(page)
    assert_accessible(page, "application form (filled)")

    page.get_by_role("button", name=nb("application.submit")).click()
    expect(
        page.get_by_role("heading", name=nb("application.statusTitle.submitted"))
    ).to_be_visible()
    expect(page.get_by_text(motivation)).to_be_visible()
    expect(page.get_by_role("button", name=nb("application.submit"))).to_have_count(0)
    assert_accessible(page, "application submitted (read-only)")

    # -- the project team reviews and decides ------------------------------------------------
    admin = new_page("nb-NO")
    sign_in(admin, ADMIN)
    admin.get_by_role("link", name=nb("nav.review")).click()
    expect(h1(admin)).to_have_text(nb("review.title"))
    row_link = admin.locator(f'a[href="/review/{application_id}"]')
    expect(row_link).to_have_text("Hyllestad og Fjaler")
    assert_accessible(admin, "review board")

    # Side-by-side reading of two applications.
    boxes = admin.get_by_role("checkbox")
    if boxes.count() >= 2:
        admin.get_by_role(
            "checkbox", name=nb("review.selectFor", name="Hyllestad og Fjaler")
        ).check()
        boxes.nth(0 if boxes.nth(0).is_checked() is False else 1).check()
        admin.get_by_role("button", name=nb("review.compare")).click()
        expect(h1(admin)).to_have_text(nb("compare.title"))
        expect(admin.get_by_role("heading", name=nb("application.motivation"))).to_be_visible()
        expect(admin.get_by_text(motivation)).to_be_visible()
        assert_accessible(admin, "side-by-side reading")
        admin.get_by_role("link", name=nb("review.backToBoard")).click()
        expect(h1(admin)).to_have_text(nb("review.title"))
        row_link = admin.locator(f'a[href="/review/{application_id}"]')

    row_link.click()
    expect(h1(admin)).to_have_text(nb("review.reviewTitle", names="Hyllestad og Fjaler"))
    expect(admin.get_by_text(motivation)).to_be_visible()
    assert_accessible(admin, "review of one application")

    criteria = admin.locator("fieldset.criterion")
    expect(criteria).to_have_count(len(cohort["criteria"]))
    for index in range(len(cohort["criteria"])):
        criteria.nth(index).get_by_role("radio", name="4", exact=True).check()
        criteria.nth(index).get_by_label(nb("review.comment")).fill(f"Kommentar {index + 1}")
    expect(admin.get_by_test_id("score-total").last).to_have_text(
        nb("review.scoreOf", score="4,0", max="5")
    )
    admin.get_by_role("button", name=nb("review.saveScores")).click()
    expect(admin.get_by_text(nb("review.scoresSaved"))).to_be_visible()
    expect(admin.get_by_text(nb("review.reviewerCount_one", count="1"))).to_be_visible()
    expect(admin.get_by_test_id("score-total").first).to_have_text(
        nb("review.scoreOf", score="4,0", max="5")
    )

    admin.get_by_role("radio", name=nb("outcomes.pilot")).check()
    admin.get_by_label(nb("review.message"), exact=True).fill(
        "Velkommen som pilot, Hyllestad og Fjaler!"
    )
    admin.get_by_role("button", name=nb("review.decide")).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Hyllestad og Fjaler blir pilotkommune")
    assert_accessible(admin, "decision confirmation dialog")
    dialog.get_by_role("button", name=nb("review.confirmDecide")).click()
    expect(
        admin.get_by_role("heading", name=nb("review.decidedTitle", outcome=nb("outcomes.pilot")))
    ).to_be_visible()
    assert_accessible(admin, "review after decision")

    # -- the applicant sees the workspace ----------------------------------------------------
    applicant = new_page("nb-NO")
    sign_in(applicant, PILOT)
    memberships = applicant.locator(
        "section", has=applicant.get_by_role("heading", name=nb("home.membershipsTitle"))
    )
    workspace_link = memberships.get_by_role("link", name="Hyllestad og Fjaler")
    expect(workspace_link).to_be_visible()
    expect(
        memberships.locator("li")
        .filter(has=applicant.get_by_role("link", name="Hyllestad og Fjaler"))
        .get_by_text(nb("home.membershipRole", role=nb("workspaceRoles.coordinator")))
    ).to_be_visible()
    assert_accessible(applicant, "home with the new workspace")

    applicant.goto(f"/applications/{application_id}")
    expect(
        applicant.get_by_role("heading", name=nb("application.outcomeTitle.pilot"))
    ).to_be_visible()
    expect(applicant.get_by_text("Velkommen som pilot, Hyllestad og Fjaler!")).to_be_visible()
    assert_accessible(applicant, "decided application")
    applicant.get_by_role("link", name=nb("application.toWorkspace")).click()
    expect(h1(applicant)).to_have_text("Hyllestad og Fjaler")
    expect(applicant.get_by_text("Hyllestad (Vestland)")).to_be_visible()
    expect(applicant.get_by_text("Fjaler (Vestland)")).to_be_visible()
    expect(applicant.get_by_role("table")).to_contain_text("Per Pilot")
    assert_accessible(applicant, "workspace home")


def test_directory_filters_by_tier(new_page: Callable[..., Page]) -> None:
    page = new_page("nb-NO")
    sign_in(page, OBSERVER)
    page.get_by_role("link", name=nb("nav.workspaces")).click()
    expect(h1(page)).to_have_text(nb("directory.title"))
    items = page.get_by_test_id("workspace-list").locator("li")
    expect(items.first).to_be_visible()
    assert_accessible(page, "workspace directory")

    page.get_by_label(nb("directory.tier"), exact=True).select_option("observer")
    expect(page).to_have_url(re.compile(r"tier=observer"))
    expect(items.first).to_be_visible()
    expect(items.filter(has_text=nb("tiers.pilot"))).to_have_count(0)
    for index in range(items.count()):
        expect(items.nth(index)).to_contain_text(nb("tiers.observer"))

    page.get_by_label(nb("directory.tier"), exact=True).select_option("pilot")
    expect(items.filter(has_text=nb("tiers.observer"))).to_have_count(0)
    expect(items.first).to_contain_text(nb("tiers.pilot"))
    assert_accessible(page, "workspace directory, pilots")

    # A workspace one is not a member of: its page, without the member list.
    items.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/workspaces/[^/?]+$"))
    expect(page.get_by_role("heading", name=nb("members.title"))).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.locator(".ds-alert[data-color='danger']")).to_have_count(0)
    assert_accessible(page, "workspace home (not a member)")


def test_coordinator_manages_members(new_page: Callable[..., Page], server: Server) -> None:
    # A workspace of its own, with the demo pilot as its coordinator.
    admin_token = server.login_token(ADMIN)
    status, workspace = server.api(
        "POST",
        "/api/v1/workspaces",
        {
            "name": f"E2E Gjesdal {uuid.uuid4().hex[:6]}",
            "tier": "pilot",
            "municipality_numbers": ["1122"],
        },
        token=admin_token,
    )
    assert status == 201, workspace
    workspace_id = workspace["id"]  # type: ignore[index]
    status, _ = server.api(
        "POST",
        f"/api/v1/workspaces/{workspace_id}/members",
        {
            "email": PILOT,
            "name": "Per Pilot",
            "role": "coordinator",
            "function": "culture_school_leader",
        },
        token=admin_token,
    )
    assert status == 201

    page = new_page("nb-NO")
    sign_in(page, PILOT, f"/workspaces/{workspace_id}")
    expect(page.get_by_role("heading", name=nb("members.addTitle"))).to_be_visible()
    assert_accessible(page, "workspace home (coordinator)")

    def add(email_address: str, name: str) -> None:
        page.get_by_label(nb("members.email"), exact=True).fill(email_address)
        page.get_by_label(nb("members.name"), exact=True).fill(name)
        page.locator("#member-new-function").select_option("teacher")
        page.get_by_role("button", name=nb("members.add"), exact=True).click()

    # Someone without an account is invited by email.
    newcomer = f"ny-{uuid.uuid4().hex[:8]}@example.no"
    add(newcomer, "Nina Ny")
    expect(page.get_by_text(nb("members.invited", email=newcomer))).to_be_visible()

    # An existing account is added at once.
    add(OBSERVER, "Olga Observatør")
    expect(page.get_by_text(nb("members.added", name="Olga Observatør"))).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Olga Observatør"))
    expect(row).to_contain_text(nb("functions.teacher"))

    # Adding the same person again: explained, in the user's language.
    add(OBSERVER, "Olga Observatør")
    expect(page.locator(".ds-error-summary")).to_contain_text(nb("members.alreadyMember"))
    assert_accessible(page, "add member error")

    # Change the function, then remove with a confirmation.
    row.get_by_role("button", name=nb("members.editFor", name="Olga Observatør")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(nb("members.function"), exact=True).select_option("other_sector")
    dialog.get_by_role("button", name=nb("common.save")).click()
    expect(row).to_contain_text(nb("functions.other_sector"))

    row.get_by_role("button", name=nb("members.removeFor", name="Olga Observatør")).click()
    dialog = page.get_by_role("dialog", name=nb("members.removeTitle", name="Olga Observatør"))
    expect(dialog).to_be_visible()
    assert_accessible(page, "remove member dialog")
    dialog.get_by_role("button", name=nb("members.removeConfirm")).click()
    expect(page.get_by_text(nb("members.removed", name="Olga Observatør"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Olga Observatør"))).to_have_count(0)

    # Withdrawing: explained in a dialog, then the workspace is read-only.
    page.get_by_role("button", name=nb("workspace.withdraw")).click()
    dialog = page.get_by_role("dialog", name=nb("workspace.withdrawTitle"))
    expect(dialog).to_contain_text(nb("workspace.withdrawBody", name=workspace["name"]))  # type: ignore[index]
    assert_accessible(page, "withdraw dialog")
    dialog.get_by_role("button", name=nb("workspace.withdrawConfirm")).click()
    expect(page.get_by_role("heading", name=nb("workspace.withdrawnTitle"))).to_be_visible()
    expect(page.get_by_role("heading", name=nb("members.addTitle"))).to_have_count(0)
    expect(page.get_by_role("button", name=nb("workspace.edit"))).to_have_count(0)
    expect(page.get_by_role("button", name=nb("members.leave"))).to_have_count(0)
    assert_accessible(page, "withdrawn workspace")
