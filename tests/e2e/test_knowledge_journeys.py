"""Knowledge: an observer asks a question and is shown a similar one while typing; the
project team merges it into that one, answers in writing and publishes the answer as
public; the observer is told, and reads the answer in the FAQ signed out. axe on each page."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from conftest import Server, assert_accessible, sign_in_by_keyboard, texts

ADMIN = "admin@demo.samklang.no"
OBSERVER = "observator@demo.samklang.no"
# A seeded open question (demo data: the groups' "what do we need answered" lists).
EXISTING = "Hva forventes av rapportering?"

nb = texts("nb")
_KNOWLEDGE = Path(__file__).resolve().parents[2] / "frontend/src/features/knowledge/i18n/nb.json"
_kn = json.loads(_KNOWLEDGE.read_text(encoding="utf-8"))


def kn(key: str, count: int | None = None, **params: str) -> str:
    """A text of the knowledge feature (`kn("ask.title")` is `t("knowledge.ask.title")`)."""
    node: object = _kn
    parts = key.split(".")
    if count is not None:
        parts[-1] += "_one" if count == 1 else "_other"
        params["count"] = str(count)
    for part in parts:
        assert isinstance(node, dict), key
        node = node[part]
    assert isinstance(node, str), key
    for name, value in params.items():
        node = node.replace("{{" + name + "}}", value)
    return node


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, email_address: str, path: str) -> None:
    page.goto(path)
    expect(h1(page)).to_have_text(nb("login.title"))
    sign_in_by_keyboard(page, email_address)
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def assert_dialog_accessible(page: Page, what: str) -> None:
    """axe once the dialog has faded in (mid-animation its text is nearly transparent)."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')"
        " && [...document.querySelectorAll('dialog[open]')]"
        ".every(d => getComputedStyle(d).opacity === '1')"
    )
    assert_accessible(page, what)


def has_notifications(server: Server) -> bool:
    status, document = server.api("GET", "/api/openapi.json")
    assert status == 200, document
    return "/api/v1/notifications" in document["paths"]  # type: ignore[index]


def test_question_asked_merged_answered_and_read_in_the_faq_signed_out(
    new_page: Callable[..., Page], server: Server
) -> None:
    admin_token = server.login_token(ADMIN)
    title = f"Hva forventes av rapportering underveis? ({uuid.uuid4().hex[:6]})"
    answer = (
        "Dere leverer en **underveisrapport** og en sluttrapport. Malene ligger i ressursbanken."
    )

    # -- the observer asks; a similar question is suggested while the title is typed ----------
    observer = new_page("nb-NO")
    sign_in(observer, OBSERVER, "/questions/new")
    expect(h1(observer)).to_have_text(kn("ask.title"))
    assert_accessible(observer, "ask a question")

    observer.get_by_role("button", name=kn("ask.submit")).click()
    summary = observer.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(kn("ask.errors.titleRequired"))

    title_field = observer.get_by_label(kn("ask.titleLabel"), exact=True)
    title_field.click()
    title_field.press_sequentially(title, delay=15)
    suggestions = observer.get_by_test_id("similar-questions")
    expect(suggestions.get_by_role("link", name=EXISTING, exact=True)).to_be_visible()
    announcement = observer.get_by_test_id("similar-announcement")
    expect(announcement).to_have_attribute("aria-live", "polite")
    expect(announcement).to_have_text(re.compile(r"^\d+ lignende spørsmål$"))
    expect(
        suggestions.get_by_role("button", name=kn("votes.toggleFor", title=EXISTING))
    ).to_be_visible()

    observer.get_by_label(kn("ask.bodyLabel"), exact=True).fill(
        "Hvor ofte skal vi rapportere, og til hvem?"
    )
    observer.get_by_role("checkbox", name="Rapportering", exact=True).check()
    assert_accessible(observer, "ask a question with suggestions")

    # The draft survives a reload.
    observer.reload()
    expect(h1(observer)).to_have_text(kn("ask.title"))
    expect(observer.get_by_label(kn("ask.titleLabel"), exact=True)).to_have_value(title)
    expect(observer.get_by_role("checkbox", name="Rapportering", exact=True)).to_be_checked()
    expect(observer.get_by_text(re.compile(r"^Vi hentet fram utkastet"))).to_be_visible()

    observer.get_by_role("button", name=kn("ask.submit")).click()
    expect(observer).to_have_url(re.compile(r"/questions/[^/]+$"))
    expect(h1(observer)).to_have_text(title)
    expect(observer.get_by_text(kn("ask.sent"))).to_be_visible()
    expect(observer.get_by_test_id("answer")).to_contain_text(kn("question.noAnswer"))
    asked_id = observer.url.rsplit("/", 1)[1]
    assert_accessible(observer, "the new question")

    # "My questions" lists it; the filters are in the address.
    observer.get_by_role("link", name=kn("nav.questions"), exact=True).click()
    expect(h1(observer)).to_have_text(kn("list.title"))
    observer.get_by_text(kn("list.scopeMine"), exact=True).click()
    expect(observer).to_have_url(re.compile(r"/questions\?mine=true$"))
    expect(
        observer.get_by_test_id("question-list").get_by_role("link", name=title, exact=True)
    ).to_be_visible()
    assert_accessible(observer, "my questions")

    # -- the project team: the queue, the merge into the existing question -------------------
    admin = new_page("nb-NO")
    sign_in(admin, ADMIN, "/admin/questions")
    expect(h1(admin)).to_have_text(kn("queue.title"))
    queue = admin.get_by_test_id("answer-queue")
    expect(queue.get_by_role("link", name=title, exact=True)).to_be_visible()
    assert_accessible(admin, "answer queue")
    queue.get_by_role("link", name=title, exact=True).click()
    expect(h1(admin)).to_have_text(title)
    assert_accessible(admin, "answer editor")

    admin.get_by_role("button", name=kn("editor.mergeOpen")).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=kn("editor.mergeTitle"))).to_be_visible()
    dialog.get_by_label(kn("editor.mergeSearch"), exact=True).fill("rapportering")
    choose = dialog.get_by_role("button", name=f"{kn('editor.mergeChoose')}: {EXISTING}")
    expect(choose).to_be_visible()
    assert_dialog_accessible(admin, "merge dialog")
    choose.click()
    confirm = admin.get_by_role("dialog").filter(has_text=kn("editor.mergeConfirmTitle"))
    expect(confirm).to_contain_text(kn("editor.mergeConfirm", **{"from": title, "into": EXISTING}))
    confirm.get_by_role("button", name=kn("editor.mergeDo")).click()
    expect(h1(admin)).to_have_text(EXISTING)
    expect(admin.get_by_text(kn("editor.merged"))).to_be_visible()
    survivor_id = admin.url.rsplit("/", 1)[1]
    assert survivor_id != asked_id

    status, merged = server.api("GET", f"/api/v1/questions/{asked_id}", token=admin_token)
    assert status == 200, merged
    assert merged["status"] == "merged"  # type: ignore[index]
    assert merged["merged_into_id"] == survivor_id  # type: ignore[index]

    # -- answer in writing: preview, public, publish with a confirmation --------------------
    admin.get_by_role("button", name=kn("editor.assignMe")).click()
    expect(admin.get_by_test_id("assignee")).to_contain_text(
        kn("editor.assigned", name="Prosjektteamet Demo")
    )
    admin.get_by_label(kn("editor.bodyLabel"), exact=True).fill(answer)
    admin.get_by_role("tab", name=kn("editor.preview")).click()
    preview = admin.get_by_test_id("answer-preview")
    expect(preview.locator("strong")).to_have_text("underveisrapport")
    assert_accessible(admin, "answer preview")
    admin.get_by_role("tab", name=kn("editor.write")).click()
    admin.get_by_role("checkbox", name=kn("editor.public")).check()
    admin.get_by_role("button", name=kn("editor.publish"), exact=True).click()
    publish = admin.get_by_role("dialog").filter(has_text=kn("editor.publishTitle"))
    expect(publish.get_by_test_id("publish-recipients")).to_be_visible()
    expect(publish).to_contain_text(kn("editor.publishPublic"))
    assert_dialog_accessible(admin, "publish confirmation")
    publish.get_by_role("button", name=kn("editor.publish"), exact=True).click()
    expect(admin.get_by_test_id("answer-status")).to_have_text(kn("editor.published"))

    status, survivor = server.api("GET", f"/api/v1/questions/{survivor_id}", token=admin_token)
    assert status == 200, survivor
    assert survivor["status"] == "answered"  # type: ignore[index]
    assert survivor["answer"]["published"] is True  # type: ignore[index]
    assert survivor["answer"]["public"] is True  # type: ignore[index]

    # -- the observer is told ----------------------------------------------------------------
    if has_notifications(server):
        observer_token = server.login_token(OBSERVER)
        status, body = server.api("GET", "/api/v1/notifications", token=observer_token)
        assert status == 200, body
        assert survivor_id in json.dumps(body), body
    # Without the sharing branch there are no notifications yet: the observer's own question
    # page says where it went, and the answer is there.
    observer.goto(f"/questions/{asked_id}")
    expect(h1(observer)).to_have_text(title)
    expect(observer.get_by_test_id("merged-notice")).to_contain_text(kn("question.mergedInto"))
    observer.get_by_role("link", name=kn("question.mergedLink", title=EXISTING)).click()
    expect(h1(observer)).to_have_text(EXISTING)
    expect(observer.get_by_test_id("answer").locator("strong")).to_have_text("underveisrapport")
    expect(observer.get_by_test_id("answer")).to_contain_text(kn("question.inFaqPublic"))
    assert_accessible(observer, "the answered question")

    # The header search finds it.
    search = observer.get_by_role("search", name=kn("search.formLabel"))
    search.get_by_label(kn("search.inputLabel"), exact=True).fill("underveisrapport")
    search.get_by_label(kn("search.inputLabel"), exact=True).press("Enter")
    expect(observer).to_have_url(re.compile(r"/search\?q=underveisrapport"))
    expect(h1(observer)).to_have_text(kn("search.resultsFor", q="underveisrapport"))
    results = observer.get_by_test_id("search-results")
    expect(results.get_by_role("link", name=EXISTING, exact=True)).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    assert_accessible(observer, "search results")

    # -- anyone reads the answer in the FAQ, signed out --------------------------------------
    visitor = new_page("nb-NO")
    visitor.goto(f"/faq#q-{survivor_id}")
    expect(h1(visitor)).to_have_text(kn("faq.title"))
    expect(visitor.get_by_text(kn("faq.signedOut"))).to_be_visible()
    entry = visitor.locator(f"#q-{survivor_id}")
    expect(entry.get_by_role("heading", name=EXISTING)).to_be_visible()
    expect(entry.locator("strong")).to_have_text("underveisrapport")
    expect(entry).to_be_in_viewport()
    expect(visitor.get_by_role("navigation", name=kn("faq.topicNav"))).to_contain_text(
        "Rapportering"
    )
    assert_accessible(visitor, "FAQ signed out")
    # A network-only answer of the demo data is not shown to a visitor.
    expect(visitor.get_by_text("Pilotene deler refleksjoner")).to_have_count(0)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def test_resource_bank_filters_create_with_a_file_and_delete(
    new_page: Callable[..., Page], server: Server, tmp_path: Path
) -> None:
    admin_token = server.login_token(ADMIN)
    title = f"Mal for underveisrapport {uuid.uuid4().hex[:6]}"

    admin = new_page("nb-NO")
    sign_in(admin, ADMIN, "/resources")
    expect(h1(admin)).to_have_text(kn("resources.title"))
    expect(admin.get_by_test_id("resource-list").locator(":scope > li").first).to_be_visible()
    assert_accessible(admin, "resource bank")

    # The filters live in the address: a reload keeps them.
    admin.get_by_label(kn("resources.kind"), exact=True).select_option("method")
    expect(admin).to_have_url(re.compile(r"/resources\?kind=method$"))
    admin.get_by_label(kn("resources.sort"), exact=True).select_option("most_used")
    expect(admin).to_have_url(re.compile(r"/resources\?kind=method&sort=most_used$"))
    admin.reload()
    expect(admin.get_by_label(kn("resources.kind"), exact=True)).to_have_value("method")
    expect(admin.get_by_label(kn("resources.sort"), exact=True)).to_have_value("most_used")
    for row in admin.get_by_test_id("resource-list").locator(":scope > li").all():
        expect(row).to_contain_text(kn("resources.kinds.method"))
    admin.get_by_role("button", name=kn("resources.clear")).click()
    expect(admin).to_have_url(re.compile(r"/resources$"))

    # -- a new resource with a file ------------------------------------------------------------
    admin.get_by_role("link", name=kn("resources.new")).click()
    expect(h1(admin)).to_have_text(kn("resourceForm.newTitle"))
    assert_accessible(admin, "new resource form")
    admin.get_by_role("button", name=kn("resourceForm.create"), exact=True).click()
    summary = admin.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(kn("resourceForm.errors.titleRequired"))
    expect(summary).to_contain_text(kn("resourceForm.errors.fileRequired"))

    form = admin.get_by_role("form", name=kn("resourceForm.newTitle"))
    form.get_by_label(kn("resourceForm.title"), exact=True).fill(title)
    form.get_by_label(kn("resources.kind"), exact=True).select_option("template")
    form.get_by_label(kn("resources.language"), exact=True).select_option("nn")
    form.get_by_label(kn("resourceForm.description"), exact=True).fill(
        "Ein mal for **underveisrapporten**."
    )
    form.get_by_label(kn("resources.tag"), exact=True).fill("Rapport, mal")
    pdf = tmp_path / "underveisrapport.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    form.get_by_test_id("resource-file").set_input_files(str(pdf))
    expect(admin.get_by_text(re.compile(r"underveisrapport\.pdf"))).to_be_visible()
    form.get_by_role("radio", name=kn("visibility.public")).check()
    expect(admin.get_by_text(kn("visibility.who.public"))).to_be_visible()
    admin.get_by_role("button", name=kn("resourceForm.create"), exact=True).click()

    expect(h1(admin)).to_have_text(title)
    expect(admin.get_by_text(kn("resourceForm.saved"))).to_be_visible()
    expect(admin.get_by_test_id("visibility-sentence")).to_contain_text(kn("visibility.who.public"))
    expect(admin.get_by_role("strong").filter(has_text="underveisrapporten")).to_be_visible()
    expect(admin.get_by_role("link", name="rapport", exact=True)).to_be_visible()
    resource_id = admin.url.rsplit("/", 1)[1]
    assert_accessible(admin, "resource page")

    # Downloading counts one use.
    with admin.expect_download() as download:
        admin.get_by_role("button", name=re.compile(r"^Last ned underveisrapport\.pdf")).click()
    assert download.value.suggested_filename == "underveisrapport.pdf"
    status, body = server.api("GET", f"/api/v1/resources/{resource_id}", token=admin_token)
    assert status == 200, body
    assert body["download_count"] == 1  # type: ignore[index]
    assert body["tags"] == ["rapport", "mal"]  # type: ignore[index]

    # -- editing: same form, the new title is saved ----------------------------------------------
    admin.get_by_role("link", name=kn("resource.edit"), exact=True).click()
    edit_title = kn("resourceForm.editTitle", title=title)
    expect(h1(admin)).to_have_text(edit_title)
    assert_accessible(admin, "edit resource form")
    title = f"{title} (nynorsk)"
    edit = admin.get_by_role("form", name=edit_title)
    edit.get_by_label(kn("resourceForm.title"), exact=True).fill(title)
    edit.get_by_role("button", name=kn("resourceForm.save"), exact=True).click()
    expect(h1(admin)).to_have_text(title)
    expect(admin.get_by_text(kn("resourceForm.saved"))).to_be_visible()

    # -- a tag link filters the bank ------------------------------------------------------------
    admin.get_by_role("link", name="mal", exact=True).click()
    expect(admin).to_have_url(re.compile(r"/resources\?tag=mal$"))
    expect(admin.get_by_test_id("resource-list").get_by_role("link", name=title)).to_be_visible()

    # -- deleting asks first --------------------------------------------------------------------
    admin.get_by_test_id("resource-list").get_by_role("link", name=title).click()
    expect(h1(admin)).to_have_text(title)
    admin.get_by_role("button", name=kn("resource.delete"), exact=True).click()
    dialog = admin.get_by_role("dialog").filter(has_text=kn("resource.deleteTitle"))
    expect(dialog).to_contain_text(kn("resource.deleteConfirm", title=title))
    assert_dialog_accessible(admin, "delete confirmation")
    dialog.get_by_role("button", name=kn("resource.delete"), exact=True).click()
    expect(h1(admin)).to_have_text(kn("resources.title"))
    expect(admin.get_by_text(kn("resource.deleted"))).to_be_visible()
    status, _ = server.api("GET", f"/api/v1/resources/{resource_id}", token=admin_token)
    assert status == 404

    # -- the theme package ----------------------------------------------------------------------
    admin.get_by_role("link", name=kn("resources.collections")).click()
    expect(h1(admin)).to_have_text(kn("collections.title"))
    assert_accessible(admin, "collections")
    admin.get_by_role("link", name="Temapakke: Samskaping i praksis").click()
    expect(h1(admin)).to_have_text("Temapakke: Samskaping i praksis")
    for section in ("run_sheet", "preparation", "reflection"):
        expect(
            admin.get_by_role("heading", name=kn(f"collections.sections.{section}"))
        ).to_be_visible()
    assert_accessible(admin, "theme package")
