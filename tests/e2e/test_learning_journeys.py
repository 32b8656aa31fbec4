"""Action learning: the cycle board (create, move through every phase with the buttons), the
cycle page (a phase text whose local draft survives a reload, sharing, a log entry with an
attachment), and a measure with data points shown as a run chart and a table. Each journey
makes the data it depends on; axe runs on every page visited."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from conftest import Server, assert_accessible, sign_in_by_keyboard, texts

PILOT = "pilot@demo.samklang.no"
nb = texts("nb")

PHASES = ["plan", "act", "observe", "reflect", "done"]

# The smallest PDF the upload check recognises by its content.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, email_address: str) -> None:
    page.goto("/")
    expect(h1(page)).to_have_text(nb("login.title"))
    sign_in_by_keyboard(page, email_address)
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def open_bodo_section(page: Page, section: str) -> None:
    """From the home page: Bodø, then one of its action-learning sections."""
    page.get_by_role("link", name="Bodø", exact=True).first.click()
    expect(h1(page)).to_have_text("Bodø")
    nav = page.get_by_role("navigation", name=nb("learning.nav.label"))
    nav.get_by_role("link", name=nb(f"learning.nav.{section}")).click()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot for a person to look at, when SAMKLANG_E2E_SHOTS names a folder."""
    folder = os.environ.get("SAMKLANG_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"learning-{name}.png"), full_page=True)


def column(page: Page, phase: str):
    return page.locator(f'section[data-phase="{phase}"]')


def test_cycle_through_every_phase_with_draft_conflict_log_and_share(
    new_page: Callable[..., Page], server: Server, tmp_path: Path
) -> None:
    title = f"Åpent verksted i storefri {uuid.uuid4().hex[:6]}"
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    open_bodo_section(page, "cycles")
    expect(h1(page)).to_have_text(nb("learning.board.title"))
    expect(page.get_by_test_id("cycle-board")).to_be_visible()
    assert_accessible(page, "cycle board")

    # -- create a cycle ------------------------------------------------------------------------
    page.get_by_label(nb("learning.board.cycleTitle"), exact=True).fill(title)
    page.get_by_role("button", name=nb("learning.board.create")).click()
    expect(page.get_by_text(nb("learning.board.created", title=title))).to_be_visible()
    expect(column(page, "plan").get_by_role("link", name=title)).to_be_visible()

    # -- move it through every phase with the buttons (focus stays on the card) ----------------
    for current, target in zip(PHASES, PHASES[1:], strict=False):
        button = page.get_by_role(
            "button",
            name=nb(
                "learning.board.moveToLabel", title=title, phase=nb(f"learning.phase.{target}")
            ),
        )
        button.focus()
        page.keyboard.press("Enter")
        expect(column(page, target).get_by_role("link", name=title)).to_be_visible()
        expect(column(page, current).get_by_role("link", name=title)).to_have_count(0)
        expect(
            page.get_by_text(
                nb("learning.board.moved", title=title, phase=nb(f"learning.phase.{target}"))
            )
        ).to_be_visible()
    shot(page, "board")
    assert_accessible(page, "cycle board after the moves")

    # Back one step on the cycle page, to write in it.
    column(page, "done").get_by_role("link", name=title).click()
    expect(h1(page)).to_have_text(title)
    current = page.locator('.phase-steps [aria-current="step"]')
    expect(current).to_contain_text(nb("learning.phase.done"))
    assert_accessible(page, "cycle page")
    page.get_by_role(
        "button", name=re.compile(nb("learning.cycle.moveBack", phase=nb("learning.phase.reflect")))
    ).click()
    expect(current).to_contain_text(nb("learning.phase.reflect"))

    # -- a phase text: the local draft survives a reload, then it is saved ---------------------
    plan = nb("learning.phase.plan")
    draft = "Vi prøver et åpent verksted hver tirsdag i storefri, sammen med skolen."
    page.get_by_role("button", name=nb("learning.cycle.editText", field=plan)).click()
    editor = page.get_by_label(nb("learning.cycle.textLabel", field=plan), exact=True)
    expect(editor).to_be_focused()
    editor.press_sequentially(draft[:30])
    editor.press("End")
    editor.press_sequentially(draft[30:])
    expect(page.get_by_test_id("draft-note-plan")).to_be_visible()
    page.reload()
    expect(h1(page)).to_have_text(title)
    editor = page.get_by_label(nb("learning.cycle.textLabel", field=plan), exact=True)
    expect(editor).to_have_value(draft)
    expect(page.get_by_test_id("draft-restored")).to_be_visible()
    assert_accessible(page, "cycle page with a restored draft")
    page.get_by_role("button", name=nb("learning.cycle.saveText", field=plan)).click()
    expect(page.get_by_text(nb("learning.cycle.textSaved", field=plan))).to_be_visible()
    expect(page.locator('section[data-field="plan"] .learning-markdown')).to_contain_text(draft)
    # Saved: the draft is gone, a reload shows the saved text and no notice.
    page.reload()
    expect(page.locator('section[data-field="plan"] .learning-markdown')).to_contain_text(draft)
    expect(page.get_by_test_id("draft-restored")).to_have_count(0)

    # -- two people save the same text: both versions side by side, nothing overwritten -------
    cycle_id = page.url.rsplit("/", 1)[1]
    token = server.login_token(PILOT)
    act = nb("learning.phase.act")
    page.get_by_role("button", name=nb("learning.cycle.editText", field=act)).click()
    mine = "Vi hadde verksted tre tirsdager."
    page.get_by_label(nb("learning.cycle.textLabel", field=act), exact=True).fill(mine)
    status, cycle = server.api("GET", f"/api/v1/cycles/{cycle_id}", token=token)
    assert status == 200, cycle
    theirs = "Kollegaen skrev: fire tirsdager, med korpset."
    status, saved = server.api(
        "PATCH",
        f"/api/v1/cycles/{cycle_id}",
        {"act": theirs, "version": cycle["version"]},  # type: ignore[index]
        token=token,
    )
    assert status == 200, saved
    page.get_by_role("button", name=nb("learning.cycle.saveText", field=act)).click()
    conflict = page.get_by_test_id("conflict-view")
    expect(conflict).to_be_visible()
    expect(page.get_by_test_id("conflict-theirs")).to_have_text(theirs)
    merge_box = conflict.get_by_label(nb("learning.conflict.mine"), exact=True)
    expect(merge_box).to_have_value(mine)
    assert_accessible(page, "conflict view")
    shot(page, "conflict")
    merged = "Vi hadde verksted fire tirsdager, med korpset."
    merge_box.fill(merged)
    conflict.get_by_role("button", name=nb("learning.conflict.saveMine")).click()
    expect(conflict).to_have_count(0)
    expect(page.locator('section[data-field="act"] .learning-markdown')).to_contain_text(merged)

    # -- share: raising the level says who will read it and asks first -------------------------
    page.get_by_role("button", name=nb("learning.share.open")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("radio", name=nb("learning.visibility.network")).check()
    warning = nb(
        "learning.share.raiseWarning",
        what=nb("learning.share.whatCycle"),
        who=nb("learning.visibility.adds.network"),
    )
    expect(dialog.get_by_text(warning)).to_be_visible()
    assert_accessible(page, "share dialog")
    dialog.get_by_role("button", name=nb("learning.share.confirmRaise")).click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".learning-share__current")).to_contain_text(
        nb("learning.visibility.who.network")
    )

    # -- a log entry with an attachment ------------------------------------------------------
    pdf = tmp_path / "referat-verksted.pdf"
    pdf.write_bytes(PDF)
    page.get_by_test_id("entry-files").set_input_files(str(pdf))
    expect(page.get_by_text(nb("learning.log.uploaded"))).to_be_visible()
    body = "Tolv elever kom første tirsdag. Referatet ligger vedlagt."
    page.get_by_label(nb("learning.log.body"), exact=True).fill(body)
    page.get_by_role("button", name=nb("learning.log.add")).click()
    expect(page.get_by_text(nb("learning.log.added"))).to_be_visible()
    entry = page.get_by_test_id("log-entry").filter(has_text=body)
    expect(entry).to_be_visible()
    expect(entry).to_contain_text(nb("learning.phase.reflect"))
    download_button = entry.get_by_role("button", name=re.compile("referat-verksted.pdf"))
    expect(download_button).to_be_visible()
    with page.expect_download() as info:
        download_button.click()
    assert info.value.suggested_filename == "referat-verksted.pdf"
    shot(page, "cycle")
    assert_accessible(page, "cycle page with a log entry")


def test_measure_with_points_shows_run_chart_and_table(new_page: Callable[..., Page]) -> None:
    name = f"Deltakere på åpent verksted {uuid.uuid4().hex[:6]}"
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    open_bodo_section(page, "measures")
    expect(h1(page)).to_have_text(nb("learning.measures.title"))
    assert_accessible(page, "measures")

    # Bad input first: a message per field, in Norwegian.
    page.get_by_label(nb("learning.measures.target"), exact=True).fill("mange")
    page.get_by_role("button", name=nb("learning.measures.create")).click()
    expect(page.locator(".ds-error-summary")).to_contain_text(nb("learning.measures.nameRequired"))
    expect(page.locator(".ds-error-summary")).to_contain_text(nb("learning.measures.numberInvalid"))

    page.get_by_label(nb("learning.measures.name"), exact=True).fill(name)
    page.get_by_label(nb("learning.measures.unit"), exact=True).fill("elever")
    page.get_by_label(nb("learning.measures.baseline"), exact=True).fill("5")
    page.get_by_label(nb("learning.measures.target"), exact=True).fill("12")
    page.get_by_role("button", name=nb("learning.measures.create")).click()
    expect(h1(page)).to_have_text(name)
    expect(page.get_by_text(nb("learning.points.empty"))).to_be_visible()
    assert_accessible(page, "measure without points")

    # Six low weeks, then six high ones: two shifts around the median.
    values = [5, 4, 6, 5, 4, 5, 9, 10, 11, 10, 12, 11]
    for week, value in enumerate(values):
        page.get_by_label(nb("learning.points.date"), exact=True).fill(
            f"2027-0{1 + week // 4}-{1 + (week % 4) * 7:02d}"
        )
        page.get_by_label(nb("learning.points.valueWithUnit", unit="elever"), exact=True).fill(
            str(value)
        )
        if week == 6:
            page.get_by_label(nb("learning.points.note"), exact=True).fill("Ny tid: storefri")
        page.get_by_role("button", name=nb("learning.points.add")).click()
        expect(page.get_by_test_id("point-row")).to_have_count(week + 1)

    chart = page.get_by_role("img", name=re.compile(nb("learning.chart.title", name=name)))
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text(nb("learning.chart.title", name=name))
    expect(chart.locator("desc")).to_contain_text("Medianen er 7,5 elever.")
    expect(page.get_by_test_id("chart-median")).to_have_count(1)
    expect(page.get_by_test_id("chart-target")).to_have_count(1)
    # Six below the median and six above: one crossing where n = 12 expects at least three
    # (Anhøj), so every point is flagged; the runs of six are not longer than the limit 7.
    expect(page.get_by_test_id("chart-signal-point")).to_have_count(12)
    expect(page.get_by_test_id("verdict")).to_contain_text(nb("verdict.variation.neither"))
    table = page.get_by_role("table", name=nb("learning.chart.tableCaption", name=name))
    expect(table.get_by_test_id("point-row")).to_have_count(12)
    expect(table).to_contain_text("Ny tid: storefri")
    expect(table.get_by_text(nb("learning.spc.rule.few_crossings"))).to_have_count(12)
    assert_accessible(page, "measure with run chart and table")
    shot(page, "chart")

    # Delete a point after a confirmation.
    table.get_by_test_id("point-row").first.get_by_role(
        "button", name=re.compile(nb("learning.points.delete"))
    ).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(nb("learning.points.deleteTitle"))
    dialog.get_by_role("button", name=nb("learning.points.deleteConfirm")).click()
    expect(dialog).to_be_hidden()
    expect(table.get_by_test_id("point-row")).to_have_count(11)

    # The overview lists the measure and the hours.
    page.get_by_role("navigation", name=nb("learning.nav.label")).get_by_role(
        "link", name=nb("learning.nav.overview")
    ).click()
    expect(h1(page)).to_have_text(nb("learning.overview.title"))
    expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_test_id("hours-total")).to_be_visible()
    assert_accessible(page, "overview")
    shot(page, "overview")

    # The development project reads the seeded aim and partners.
    page.get_by_role("navigation", name=nb("learning.nav.label")).get_by_role(
        "link", name=nb("learning.nav.project")
    ).click()
    expect(h1(page)).to_have_text(nb("learning.project.title"))
    expect(page.get_by_role("cell", name="Helsestasjonen")).to_be_visible()
    assert_accessible(page, "development project")
    page.get_by_role("button", name=nb("learning.project.edit")).click()
    expect(page.get_by_role("heading", name=nb("learning.project.editTitle"))).to_be_visible()
    focus = page.get_by_label(nb("learning.project.newFocusArea"), exact=True)
    focus.fill("kulturarv")
    focus.press("Enter")
    expect(
        page.get_by_role("button", name=nb("learning.project.removeFocusArea", name="kulturarv"))
    ).to_be_visible()
    assert_accessible(page, "development project, editing")
    shot(page, "project-edit")
    page.get_by_role("button", name=nb("common.save")).click()
    expect(page.get_by_text(nb("learning.project.saved"))).to_be_visible()
    expect(page.get_by_text("kulturarv", exact=True)).to_be_visible()


def test_mentor_reads_the_board_and_a_cycle_without_writing(new_page: Callable[..., Page]) -> None:
    page = new_page("nb-NO")
    sign_in(page, "veileder@demo.samklang.no")
    page.get_by_role("link", name=nb("nav.workspaces"), exact=True).click()
    page.get_by_role("link", name="Bodø", exact=True).first.click()
    expect(h1(page)).to_have_text("Bodø")
    page.get_by_role("navigation", name=nb("learning.nav.label")).get_by_role(
        "link", name=nb("learning.nav.cycles")
    ).click()
    expect(h1(page)).to_have_text(nb("learning.board.title"))
    expect(page.get_by_text(nb("learning.readOnly"))).to_be_visible()
    expect(page.get_by_test_id("cycle-card").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Flytt"))).to_have_count(0)
    expect(page.get_by_role("heading", name=nb("learning.board.newTitle"))).to_have_count(0)
    assert_accessible(page, "cycle board, read-only")
    page.get_by_test_id("cycle-card").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=nb("learning.log.title"))).to_be_visible()
    expect(page.get_by_role("button", name=nb("learning.share.open"))).to_have_count(0)
    expect(page.get_by_role("heading", name=nb("learning.log.newTitle"))).to_have_count(0)
    expect(
        page.get_by_role("button", name=re.compile(nb("learning.cycle.editText", field=".*")))
    ).to_have_count(0)
    assert_accessible(page, "cycle page, read-only")
