"""My data: a person downloads everything about them, then deletes their account."""

from __future__ import annotations

import io
import json
import re
import urllib.parse
import uuid
import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, expect

from conftest import REPO, Server, assert_accessible, sign_in_by_keyboard, texts

PASSWORD = "et-godt-passord-123"


def privacy_texts(locale: str) -> Callable[..., str]:
    data = json.loads(
        (REPO / "frontend/src/features/privacy/i18n" / f"{locale}.json").read_text("utf-8")
    )

    def tr(key: str) -> str:
        node: object = data
        for part in key.split("."):
            assert isinstance(node, dict), key
            node = node[part]
        assert isinstance(node, str), key
        return node

    return tr


def new_member(server: Server) -> tuple[str, str]:
    """A fresh account (through an invitation), so no demo account is deleted."""
    email_address = f"slett-{uuid.uuid4().hex[:8]}@example.no"
    admin = server.login_token("admin@demo.samklang.no")
    status, body = server.api(
        "POST",
        "/api/v1/invitations",
        {"email": email_address, "name": "Siri Slett", "role": "member"},
        token=admin,
    )
    assert status == 201, body
    link = server.wait_for_link(email_address, "/invitation")
    token = urllib.parse.unquote(link.split("token=", 1)[1])
    status, body = server.api(
        "POST",
        "/api/v1/invitations/accept",
        {"token": token, "name": "Siri Slett", "password": PASSWORD},
    )
    assert status == 200, body
    return email_address, str(body["access_token"])  # type: ignore[index]


def test_download_my_data_then_delete_my_account(
    new_page: Callable[..., Page], server: Server
) -> None:
    nb, mine = texts("nb"), privacy_texts("nb")
    email_address, token = new_member(server)
    title = f"Hvordan deler vi erfaringer? {uuid.uuid4().hex[:6]}"
    status, asked = server.api(
        "POST", "/api/v1/questions", {"title": title, "body": "Fra min kommune"}, token=token
    )
    assert status == 201, asked

    page = new_page("nb-NO")
    page.goto("/profile")
    sign_in_by_keyboard(page, email_address, PASSWORD)
    my_data = page.get_by_role("region", name=mine("myData.title"))
    expect(my_data).to_be_visible()

    with page.expect_download() as info:
        my_data.get_by_role("button", name=mine("myData.download")).click()
    download = info.value
    assert re.fullmatch(r"samklang-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    profile = json.loads(archive.read("profile.json"))
    assert (profile["email"], profile["name"]) == (email_address, "Siri Slett")
    assert [q["title"] for q in json.loads(archive.read("questions.json"))] == [title]
    expect(my_data.get_by_text(mine("myData.done"))).to_be_visible()

    danger = page.get_by_role("region", name=mine("delete.title"))
    danger.get_by_role("button", name=mine("delete.open")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text(mine("delete.kept"))).to_be_visible()
    assert_accessible(page, "profile with the delete-account dialog open")

    # By keyboard: type the password and press Enter.
    dialog.get_by_label(mine("delete.password")).fill(PASSWORD)
    dialog.get_by_label(mine("delete.password")).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(mine("deleted.title"))
    expect(page).to_have_url(re.compile(r"/account-deleted$"))
    assert_accessible(page, "account deleted")

    # Signed out, and the account cannot sign in again.
    page.goto("/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text(nb("login.title"))
    sign_in_by_keyboard(page, email_address, PASSWORD)
    expect(page.get_by_text(nb("errors.codes.invalid_credentials"))).to_be_visible()
    assert server.api("GET", "/api/v1/me", token=token)[0] == 401
    # The question stays, asked by "former member".
    admin = server.login_token("admin@demo.samklang.no")
    status, question = server.api("GET", f"/api/v1/questions/{asked['id']}", token=admin)  # type: ignore[index]
    assert status == 200 and question["title"] == title  # type: ignore[index]
    assert "Siri Slett" not in json.dumps(question)
