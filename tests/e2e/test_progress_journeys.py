"""Following progress: the project team filters the programme overview to inactive
workspaces and exports it; a coordinator builds an interim report, previews it and downloads
the PDF; an observer reads the network's progress as charts and as a table; anyone reads the
public "what it took" page signed out. axe runs on every page visited."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from conftest import REPO, Server, assert_accessible, sign_in_by_keyboard, texts

ADMIN = "admin@demo.samklang.no"
PILOT = "pilot@demo.samklang.no"
OBSERVER = "observator@demo.samklang.no"

nb = texts("nb")
_PROGRESS = json.loads(
    (REPO / "frontend" / "src" / "features" / "progress" / "i18n" / "nb.json").read_text(
        encoding="utf-8"
    )
)


def tr(key: str, **params: str) -> str:
    """A text of the progress feature in bokmål (`tr("overview.title")`)."""
    node: object = _PROGRESS
    for part in key.split("."):
        assert isinstance(node, dict), key
        node = node[part]
    assert isinstance(node, str), key
    for name, value in params.items():
        node = node.replace("{{" + name + "}}", value)
    return node


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def main_nav(page: Page):
    return page.get_by_role("navigation", name=nb("nav.label"))


def sign_in(page: Page, email_address: str) -> None:
    page.goto("/")
    expect(h1(page)).to_have_text(nb("login.title"))
    sign_in_by_keyboard(page, email_address)
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot for a person to look at, when SAMKLANG_E2E_SHOTS names a folder."""
    folder = os.environ.get("SAMKLANG_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"progress-{name}.png"), full_page=True)


def workspace_id(server: Server, token: str, name: str) -> str:
    status, body = server.api("GET", "/api/v1/workspaces?limit=100", token=token)
    assert status == 200, body
    for workspace in body["items"]:  # type: ignore[index]
        if workspace["name"] == name:
            return str(workspace["id"])
    raise AssertionError(f"no demo workspace {name}")


def backdate_workspace(server: Server, name: str, days: int) -> None:
    """Make a demo workspace look set up `days` ago (the demo data is all made today, so no
    workspace has been quiet for 30 days yet). The e2e server's SQLite file sits beside its
    outbox folder."""
    database = server.outbox.parent / "e2e.db"
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT id, created_at FROM workspaces WHERE name = ?", (name,)).fetchone()
        assert row is not None, name
        created = str(row[1])
        earlier = datetime.fromisoformat(created) - timedelta(days=days)
        value = earlier.isoformat(sep=" ") if "T" not in created else earlier.isoformat()
        db.execute("UPDATE workspaces SET created_at = ? WHERE id = ?", (value, row[0]))


def test_admin_filters_the_overview_to_inactive_workspaces_and_exports_csv(
    new_page: Callable[..., Page], server: Server
) -> None:
    # The observer workspace Osterøy was set up two months ago and has logged nothing since.
    backdate_workspace(server, "Osterøy", 60)
    page = new_page("nb-NO")
    sign_in(page, ADMIN)
    main_nav(page).get_by_role("link", name=tr("nav.overview")).click()
    expect(h1(page)).to_have_text(tr("overview.title"))
    rows = page.get_by_test_id("overview-row")
    expect(rows.first).to_be_visible()
    all_count = rows.count()
    # Every demo workspace is listed, the pilots and the observer workspace.
    for name in ("Bodø", "Asker", "Osterøy"):
        expect(page.get_by_role("rowheader", name=re.compile(rf"^{name}"))).to_be_visible()
    assert_accessible(page, "programme overview")

    # Sort by last activity: the header says so (aria-sort) and the address keeps it.
    header = page.get_by_role("columnheader", name=tr("overview.columns.last_activity"))
    # By keyboard: the sort button in the column header.
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(re.compile(r"sort=last_activity&order=desc"))

    # Only the inactive: the observer workspace Osterøy has logged nothing.
    inactive_only = page.get_by_label(tr("overview.inactiveFilter", days="30"))
    inactive_only.click()
    expect(page).to_have_url(re.compile(r"inactive=1"))
    expect(inactive_only).to_be_checked()
    expect(page.get_by_role("rowheader", name=re.compile(r"^Osterøy"))).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile(r"^Bodø"))).to_have_count(0)
    inactive_count = rows.count()
    assert 0 < inactive_count < all_count
    for index in range(inactive_count):
        # Flagged in words, not by colour alone.
        expect(rows.nth(index).get_by_test_id("inactive-flag")).to_have_text(
            re.compile(tr("overview.inactiveFlag"))
        )
    shown = [
        rows.nth(i).get_by_role("rowheader").get_by_role("link").inner_text()
        for i in range(inactive_count)
    ]
    assert_accessible(page, "programme overview, inactive only")
    shot(page, "overview-inactive")

    # The filter survives a reload: it lives in the address.
    page.reload()
    expect(page.get_by_label(tr("overview.inactiveFilter", days="30"))).to_be_checked()
    expect(rows).to_have_count(inactive_count)

    # Export: the same filter, as CSV that Excel reads (UTF-8 with BOM).
    with page.expect_download() as download_info:
        page.get_by_role("button", name=tr("overview.export")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    path = download.path()
    assert path is not None
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]
    text = raw.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(records) == inactive_count + 1, records
    names = [record[0] for record in records[1:]]
    assert sorted(names) == sorted(shown), (names, shown)
    assert "Osterøy" in names and "Bodø" not in names


def test_coordinator_builds_an_interim_report_previews_it_and_downloads_the_pdf(
    new_page: Callable[..., Page],
) -> None:
    title = f"Underveisrapport E2E {uuid.uuid4().hex[:6]} – Bodø, våren på Ørnes"
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    page.get_by_role("link", name="Bodø", exact=True).first.click()
    expect(h1(page)).to_have_text("Bodø")
    page.get_by_role("navigation", name=nb("learning.nav.label")).get_by_role(
        "link", name=tr("nav.workspace")
    ).click()
    expect(h1(page)).to_have_text(tr("workspace.titleOf", name="Bodø"))
    assert_accessible(page, "workspace progress")
    shot(page, "workspace")
    page.get_by_role("link", name=tr("workspace.reportsLink")).click()
    expect(h1(page)).to_have_text(tr("reports.titleOf", name="Bodø"))
    assert_accessible(page, "reports")

    # Submitting without a title: the summary says what is missing.
    page.get_by_role("button", name=tr("reports.create")).click()
    expect(page.locator(".ds-error-summary")).to_contain_text(tr("report.titleRequired"))
    page.get_by_label(tr("kind.interim"), exact=True).check()
    page.get_by_label(tr("report.title"), exact=True).fill(title)
    page.get_by_role("button", name=tr("reports.create")).click()
    expect(h1(page)).to_have_text(title)
    expect(page).to_have_url(re.compile(r"/reports/[^/]+$"))

    # The foreword, saved automatically; a cycle chosen from the list.
    page.get_by_role("textbox", name=tr("report.foreword"), exact=True).fill(
        "Vi har lært **mye** om samskaping i år: æ, ø og å."
    )
    picker = page.get_by_role("group", name=tr("report.cycles"))
    boxes = picker.get_by_role("checkbox")
    expect(boxes.first).to_be_visible()
    assert boxes.count() >= 2
    # The first cycle that falls within the period.
    chosen_box = None
    for index in range(boxes.count()):
        box = boxes.nth(index)
        described = box.evaluate(
            "b => document.getElementById(b.getAttribute('aria-describedby')?.split(' ')[0] ?? '')"
            "?.textContent ?? ''"
        )
        if tr("report.outsidePeriod") not in described:
            chosen_box = box
            break
    assert chosen_box is not None
    chosen_label = chosen_box.evaluate("b => b.labels[0].textContent").strip()
    chosen_box.check()
    status = page.get_by_test_id("report-save-status")
    expect(status).to_have_text(tr("report.saved"))

    # The live preview has the foreword and exactly the chosen cycle.
    preview = page.get_by_test_id("report-preview")
    expect(preview).to_contain_text("æ, ø og å")
    expect(preview.get_by_test_id("preview-cycle")).to_have_count(1)
    expect(preview.get_by_test_id("preview-cycle")).to_contain_text(chosen_label)
    assert_accessible(page, "report builder")
    shot(page, "report")

    # After a reload, nothing is lost.
    page.reload()
    expect(h1(page)).to_have_text(title)
    expect(page.get_by_role("textbox", name=tr("report.foreword"), exact=True)).to_have_value(
        "Vi har lært **mye** om samskaping i år: æ, ø og å."
    )
    expect(page.get_by_role("checkbox", name=chosen_label, exact=True)).to_be_checked()

    # Shared with the network: the dialog says who will read it; editing goes on afterwards.
    page.get_by_role("button", name=tr("share.open")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=tr("share.title"))).to_be_visible()
    dialog.get_by_role("radio", name=nb("learning.visibility.network")).check()
    expect(dialog).to_contain_text(tr("share.willRead", who=nb("learning.visibility.adds.network")))
    assert_accessible(page, "share the report")
    dialog.get_by_role("button", name=tr("share.confirm")).click()
    expect(
        page.get_by_text(tr("share.done", who=nb("learning.visibility.adds.network")))
    ).to_be_visible()
    foreword = page.get_by_role("textbox", name=tr("report.foreword"), exact=True)
    foreword.press("End")
    foreword.type(" Takk til alle!")
    expect(status).to_have_text(tr("report.saved"))
    expect(preview).to_contain_text("Takk til alle!")

    # The PDF.
    with page.expect_download() as download_info:
        page.get_by_role("button", name=tr("report.downloadPdf")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = download.path()
    assert path is not None
    pdf = Path(path).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]

    # The Markdown carries the title and the chosen cycle.
    with page.expect_download() as md_info:
        page.get_by_role("button", name=tr("report.downloadMarkdown")).click()
    md_path = md_info.value.path()
    assert md_path is not None
    markdown = Path(md_path).read_text(encoding="utf-8")
    assert title in markdown and chosen_label in markdown


def test_observer_sees_the_network_progress_chart_and_its_table(
    new_page: Callable[..., Page], server: Server
) -> None:
    # Bodø shares a progress score with the observers.
    pilot_token = server.login_token(PILOT)
    bodo = workspace_id(server, pilot_token, "Bodø")
    status, body = server.api(
        "PUT",
        f"/api/v1/workspaces/{bodo}/assessments",
        {
            "semester": "Høst 2026",
            "score": 1.0,
            "evidence": "Vi har kommet i gang.",
            "visibility": "observers",
        },
        token=pilot_token,
    )
    assert status in (200, 201), body

    page = new_page("nb-NO")
    sign_in(page, OBSERVER)
    main_nav(page).get_by_role("link", name=tr("nav.network"), exact=True).click()
    expect(h1(page)).to_have_text(tr("network.title"))

    chart = page.get_by_role(
        "img", name=re.compile("^" + re.escape(tr("network.chartTitle", name="Bodø")))
    )
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_contain_text("Høst 2026: 1,0")
    expect(chart.get_by_test_id("small-multiple-point")).not_to_have_count(0)

    table = page.get_by_role("table", name=tr("network.tableCaption"))
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader", name="Høst 2026")).to_be_visible()
    bodo_row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Bodø"))
    expect(bodo_row.get_by_role("cell").first).to_be_visible()
    expect(bodo_row).to_contain_text("1,0")
    # What the observers may not read (the pilots' network-level scores) is not there.
    expect(table).not_to_contain_text("Vår 2027")
    assert_accessible(page, "network progress (observer)")
    shot(page, "network")


def test_the_public_what_it_took_page_renders_signed_out(
    new_page: Callable[..., Page],
) -> None:
    page = new_page("nb-NO")
    page.goto("/what-it-took")
    expect(h1(page)).to_have_text(tr("whatItTook.title"))
    expect(page.get_by_text(tr("whatItTook.intro"))).to_be_visible()
    table_or_empty = page.get_by_test_id("what-it-took").or_(
        page.get_by_text(tr("whatItTook.empty"))
    )
    expect(table_or_empty).to_be_visible()
    if page.get_by_test_id("what-it-took").count():
        table = page.get_by_role("table", name=tr("whatItTook.caption"))
        expect(table.get_by_role("columnheader", name=tr("whatItTook.hours"))).to_be_visible()
    body = page.locator("main").inner_text()
    assert "@" not in body
    for name in ("Per Pilot", "Olga Observatør", "Bodø", "Asker", "Gjesdal"):
        assert name not in body
    # Signed out: no sign-out button, no main menu.
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_have_count(0)
    assert_accessible(page, "what it took (public)")
    shot(page, "what-it-took")
