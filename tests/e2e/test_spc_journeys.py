"""The driver diagram and control charts: a pilot builds a driver diagram from the aim to
a change idea by keyboard and starts a cycle from it; a pilot records a measure as an XmR
chart, adds the points after a change and starts a new phase there, annotates the point, and
sees the verdict turn from common-cause variation to improvement; the project team sees it
on the programme overview. axe runs on every step; the annotation is reached by keyboard."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from conftest import Server, assert_accessible, texts
from test_learning_journeys import h1, open_bodo_section, shot, sign_in

PILOT = "pilot@demo.samklang.no"
ADMIN = "admin@demo.samklang.no"
nb = texts("nb")

BASELINE = [10, 12, 11, 13, 10, 12, 11, 13, 12, 11]
AFTER = [16, 17, 18, 16, 17, 18]


def test_driver_diagram_from_the_aim_to_a_change_idea_that_starts_a_cycle(
    new_page: Callable[..., Page],
) -> None:
    suffix = uuid.uuid4().hex[:6]
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    open_bodo_section(page, "workspace")
    page.get_by_role("navigation", name=nb("learning.nav.label")).get_by_role(
        "link", name=nb("learning.drivers.nav")
    ).click()
    expect(h1(page)).to_have_text(nb("learning.drivers.title"))
    assert_accessible(page, "driver diagram")

    # Built by keyboard: type a name and press Enter in each form.
    primary, secondary, idea = (f"Lav terskel {suffix}", f"Enkel påmelding {suffix}",
                                f"Påmelding på nett {suffix}")  # fmt: skip
    field = page.get_by_label(nb("learning.drivers.add.primary"), exact=True)
    field.fill(primary)
    field.press("Enter")
    outline = page.get_by_role("region", name=nb("learning.drivers.outline"))
    expect(outline.get_by_text(primary, exact=True)).to_be_visible()
    page.get_by_role("button", name=nb("learning.drivers.add.secondary", title=primary)).press(
        "Enter"
    )
    field = page.get_by_label(nb("learning.drivers.kind.secondary"), exact=True)
    expect(field).to_be_focused()
    page.keyboard.type(secondary)
    page.keyboard.press("Enter")
    expect(outline.get_by_text(secondary, exact=True)).to_be_visible()
    page.get_by_role("button", name=nb("learning.drivers.add.change_idea", title=secondary)).press(
        "Enter"
    )
    page.keyboard.type(idea)
    page.keyboard.press("Enter")
    expect(outline.get_by_text(idea, exact=True)).to_be_visible()
    expect(page.get_by_test_id("driver-diagram")).to_contain_text(idea)
    assert_accessible(page, "driver diagram with a change idea")
    shot(page, "driver-diagram")

    # Start a cycle from the change idea: its page opens with the idea's name.
    page.get_by_role("button", name=nb("learning.drivers.startCycle", title=idea)).click()
    expect(h1(page)).to_have_text(idea)
    assert_accessible(page, "cycle started from a change idea")
    page.go_back()
    expect(
        page.get_by_role("region", name=nb("learning.drivers.outline")).get_by_text(
            nb("learning.drivers.cycles_one", count="1")
        )
    ).to_be_visible()


def test_xmr_chart_with_a_new_phase_turns_to_improvement(
    new_page: Callable[..., Page], server: Server
) -> None:
    name = f"Elever på venteliste {uuid.uuid4().hex[:6]}"
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    open_bodo_section(page, "measures")
    expect(h1(page)).to_have_text(nb("learning.measures.title"))
    page.get_by_label(nb("learning.measures.name"), exact=True).fill(name)
    page.get_by_label(nb("learning.measures.target"), exact=True).fill("13")
    page.get_by_label(nb("learning.spc.chartType"), exact=True).select_option("xmr")
    assert_accessible(page, "new XmR measure")
    page.get_by_role("button", name=nb("learning.measures.create")).click()
    expect(h1(page)).to_have_text(name)
    expect(page.get_by_role("heading", name=nb("learning.spc.heading.xmr"))).to_be_visible()
    measure_id = page.url.rstrip("/").split("/")[-1]

    # Ten weeks before the change, recorded earlier (through the API, as a spreadsheet
    # import would): common-cause variation, the target 13 inside the limits.
    token = server.login_token(PILOT)
    for week, value in enumerate(BASELINE):
        status, _ = server.api(
            "POST",
            f"/api/v1/measures/{measure_id}/points",
            {"date": f"2027-{1 + week // 4:02d}-{1 + (week % 4) * 7:02d}", "value": value},
            token=token,
        )
        assert status == 201
    page.reload()
    verdict = page.get_by_test_id("verdict").first
    expect(verdict).to_contain_text(nb("verdict.variation.common"))
    expect(verdict).to_contain_text(nb("verdict.assurance.uncertain"))
    expect(page.get_by_test_id("chart-limits")).to_be_visible()
    assert_accessible(page, "XmR chart, one phase")

    # The weeks after the change, typed in; the first starts a new phase.
    for i, value in enumerate(AFTER):
        week = len(BASELINE) + i
        page.get_by_label(nb("learning.points.date"), exact=True).fill(
            f"2027-{1 + week // 4:02d}-{1 + (week % 4) * 7:02d}"
        )
        page.get_by_label(nb("learning.points.value"), exact=True).fill(str(value))
        if i == 0:
            page.get_by_label(nb("learning.spc.newPhase")).check()
            assert_accessible(page, "adding the first point after the change")
        page.get_by_role("button", name=nb("learning.points.add")).click()
        expect(page.get_by_test_id("point-row")).to_have_count(week + 1)

    expect(page.get_by_test_id("chart-phase-start")).to_have_count(1)
    expect(verdict).to_contain_text(nb("verdict.variation.improvement"))
    expect(verdict).to_contain_text(nb("verdict.assurance.likely"))
    chart = page.get_by_role("img", name=re.compile(name))
    expect(chart.locator("desc")).to_contain_text("Fase 2 fra")
    assert_accessible(page, "XmR chart, two phases")
    shot(page, "xmr-two-phases")

    # Annotate the first point after the change in the table's edit form.
    rows = page.get_by_test_id("point-row")
    rows.nth(len(BASELINE)).get_by_role("button", name=re.compile(nb("learning.spc.edit"))).click()
    edit_title = nb("learning.spc.editTitle", date="")
    form_heading = page.get_by_role("heading", name=re.compile(edit_title))
    expect(form_heading).to_be_focused()
    page.get_by_label(nb("learning.spc.annotation"), exact=True).fill("Påmelding på nett")
    assert_accessible(page, "editing a point")
    page.get_by_role("button", name=nb("learning.spc.save")).click()
    expect(form_heading).to_be_hidden()
    expect(rows.nth(len(BASELINE))).to_contain_text("Påmelding på nett")
    # The annotation's marker on the chart is reached by keyboard (Shift+Tab back from the
    # first button of the data table) and shows its text on focus.
    rows.first.get_by_role("button", name=re.compile(nb("learning.spc.edit"))).focus()
    seen = []
    for _ in range(8):
        if page.evaluate("() => document.activeElement?.matches('.run-chart__note-marker')"):
            break
        page.keyboard.press("Shift+Tab")
        seen.append(page.evaluate("() => document.activeElement?.outerHTML.slice(0, 120)"))
    else:
        raise AssertionError(f"the annotation marker is not reachable by keyboard: {seen}")
    expect(page.locator(".run-chart__note-text")).to_be_visible()
    expect(page.locator(".run-chart__note-text")).to_contain_text("Påmelding på nett")
    assert_accessible(page, "annotation shown on focus")

    # The project team sees the improvement on the programme overview.
    admin = new_page("nb-NO")
    sign_in(admin, ADMIN)
    admin.goto("/admin/overview")
    bodo = admin.get_by_role("row").filter(has_text="Bodø")
    expect(bodo.get_by_test_id("measure-verdicts")).to_contain_text(
        re.compile(r"\d+ måling(er)? viser forbedring")
    )
    assert_accessible(admin, "programme overview")
