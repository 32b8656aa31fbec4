"""Sign-in, language, sign-out, password reset and invitation, as a person would do them."""

from __future__ import annotations

import re
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, Server, assert_accessible, sign_in_by_keyboard, tab_to, texts

ADMIN = "admin@demo.samklang.no"
ADMIN_NAME = "Prosjektteamet Demo"
BROWSER_LOCALES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def h1(page: Page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("ui", ["nb", "nn", "en"])
def test_sign_in_in_each_language(new_page: Callable[..., Page], ui: str) -> None:
    tr = texts(ui)
    page = new_page(BROWSER_LOCALES[ui])
    page.goto("/")

    # Signed out: sent to the sign-in page, which speaks the browser's language.
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(h1(page)).to_have_text(tr("login.title"))
    expect(page.locator("html")).to_have_attribute("lang", ui)
    expect(page).to_have_title(f"{tr('login.title')} – Samklang")
    expect(page.get_by_label(tr("login.email"), exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=tr("login.forgot"))).to_be_visible()
    assert_accessible(page, f"login page ({ui})")

    sign_in_by_keyboard(page, ADMIN)

    # Home, in the user's own language (the admin's is bokmål).
    nb = texts("nb")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(h1(page)).to_have_text(nb("home.title", name=ADMIN_NAME))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page).to_have_title(f"{nb('home.pageTitle')} – Samklang")
    expect(page.get_by_text(nb("home.role", role=nb("roles.admin")))).to_be_visible()
    assert_accessible(page, "home")

    page.get_by_role("link", name=nb("nav.profile")).click()
    expect(h1(page)).to_have_text(nb("profile.title"))
    expect(h1(page)).to_be_focused()  # focus moves to the new page's heading
    expect(page.get_by_label(nb("profile.name"), exact=True)).to_have_value(ADMIN_NAME)
    assert_accessible(page, "profile")


@pytest.mark.parametrize("ui", ["nb", "nn", "en"])
def test_wrong_password_is_explained_in_the_users_language(
    new_page: Callable[..., Page], ui: str
) -> None:
    tr = texts(ui)
    page = new_page(BROWSER_LOCALES[ui])
    page.goto("/login")
    sign_in_by_keyboard(page, "observator@demo.samklang.no", "not-the-password")

    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text(tr("errors.codes.invalid_credentials"))
    expect(summary).to_be_focused()
    expect(page).to_have_url(re.compile(r"/login$"))
    assert_accessible(page, f"login with error ({ui})")

    # Empty fields: per-field messages, linked from the summary.
    page.get_by_label(tr("login.email"), exact=True).fill("")
    page.get_by_label(tr("login.password"), exact=True).fill("")
    page.get_by_role("button", name=tr("login.submit")).click()
    expect(summary.get_by_role("link", name=tr("validation.emailRequired"))).to_be_visible()
    summary.get_by_role("link", name=tr("validation.emailRequired")).click()
    expect(page.get_by_label(tr("login.email"), exact=True)).to_be_focused()


def test_profile_language_change_survives_a_reload(
    new_page: Callable[..., Page], server: Server
) -> None:
    mentor = "veileder@demo.samklang.no"
    nb, en = texts("nb"), texts("en")
    page = new_page("nb-NO")
    try:
        page.goto("/profile")
        expect(h1(page)).to_have_text(nb("login.title"))
        sign_in_by_keyboard(page, mentor)
        # Back where they wanted to go.
        expect(page).to_have_url(re.compile(r"/profile$"))
        expect(h1(page)).to_have_text(nb("profile.title"))

        page.get_by_label(nb("profile.language"), exact=True).select_option("en")
        page.get_by_role("button", name=nb("profile.submit")).click()

        expect(page.get_by_text(en("profile.saved"))).to_be_visible()
        expect(h1(page)).to_have_text(en("profile.title"))
        expect(page.get_by_role("link", name=en("nav.home"))).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page, "profile after save (en)")

        # The refresh cookie signs the tab in again; the UI stays English.
        page.reload()
        expect(h1(page)).to_have_text(en("profile.title"))
        expect(page).to_have_title(f"{en('profile.title')} – Samklang")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("button", name=en("shell.signOut"))).to_be_visible()
    finally:
        token = server.login_token(mentor)
        status, _ = server.api("PATCH", "/api/v1/me", {"locale": "nb"}, token=token)
        assert status == 200


def test_header_language_switcher_follows_the_user(
    new_page: Callable[..., Page], server: Server
) -> None:
    member = "observator@demo.samklang.no"
    nb, nn = texts("nb"), texts("nn")
    page = new_page("nb-NO")
    try:
        page.goto("/login")
        sign_in_by_keyboard(page, member)
        expect(page.get_by_role("link", name=nb("nav.home"))).to_be_visible()
        tab_to(page, "header select")
        page.get_by_label(nb("language.label"), exact=True).select_option("nn")
        expect(page.get_by_role("link", name=nn("nav.home"))).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "nn")
        # Saved on the user (PATCH /me), so it holds after a reload.
        page.wait_for_load_state("networkidle")
        page.reload()
        expect(page.get_by_role("link", name=nn("nav.profile"))).to_be_visible()
        assert_accessible(page, "home (nn)")
    finally:
        token = server.login_token(member)
        server.api("PATCH", "/api/v1/me", {"locale": "nb"}, token=token)


def test_sign_out_stays_signed_out_after_reload(new_page: Callable[..., Page]) -> None:
    nb = texts("nb")
    page = new_page("nb-NO")
    page.goto("/login")
    sign_in_by_keyboard(page, ADMIN)
    expect(h1(page)).to_have_text(nb("home.title", name=ADMIN_NAME))

    page.get_by_role("button", name=nb("shell.signOut")).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(h1(page)).to_have_text(nb("login.title"))
    expect(page.get_by_text(nb("login.signedOut"))).to_be_visible()

    page.reload()
    expect(h1(page)).to_have_text(nb("login.title"))
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(h1(page)).to_have_text(nb("login.title"))


@pytest.fixture
def pilot_password_restored(server: Server) -> Iterator[str]:
    """The journey changes the demo pilot's password; others sign in with the documented one."""
    user = "pilot@demo.samklang.no"
    yield user
    _restore_demo_password(server, user)


def test_forgot_password_then_sign_in_with_the_new_one(
    new_page: Callable[..., Page], server: Server, pilot_password_restored: str
) -> None:
    user = pilot_password_restored
    new_password = "et-nytt-passord-" + uuid.uuid4().hex[:6]
    nb = texts("nb")
    page = new_page("nb-NO")

    page.goto("/login")
    page.get_by_role("link", name=nb("login.forgot")).click()
    expect(h1(page)).to_have_text(nb("forgot.title"))
    assert_accessible(page, "forgot password")
    page.get_by_label(nb("forgot.email"), exact=True).fill(user)
    page.get_by_role("button", name=nb("forgot.submit")).click()
    expect(page.get_by_text(nb("forgot.sent"))).to_be_visible()

    # An unknown address gets exactly the same answer.
    other = new_page("nb-NO")
    other.goto("/forgot-password")
    other.get_by_label(nb("forgot.email"), exact=True).fill("nobody@example.no")
    other.get_by_role("button", name=nb("forgot.submit")).click()
    expect(other.get_by_text(nb("forgot.sent"))).to_be_visible()

    link = server.wait_for_link(user, "/reset-password")
    page.goto(link)
    expect(h1(page)).to_have_text(nb("reset.title"))
    assert_accessible(page, "reset password")

    # Too short, then mismatched: explained per field.
    page.get_by_label(nb("reset.password"), exact=True).fill("kort")
    page.get_by_label(nb("reset.confirm"), exact=True).fill("kort")
    page.get_by_role("button", name=nb("reset.submit")).click()
    expect(page.locator(".ds-error-summary")).to_contain_text(
        nb("validation.passwordTooShort", min="10")
    )
    page.get_by_label(nb("reset.password"), exact=True).fill(new_password)
    page.get_by_label(nb("reset.confirm"), exact=True).fill(new_password + "x")
    page.get_by_role("button", name=nb("reset.submit")).click()
    expect(page.locator(".ds-error-summary")).to_contain_text(nb("validation.passwordMismatch"))

    page.get_by_label(nb("reset.confirm"), exact=True).fill(new_password)
    page.get_by_role("button", name=nb("reset.submit")).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text(nb("login.passwordReset"))).to_be_visible()

    # The link works once.
    used = new_page("nb-NO")
    used.goto(link)
    used.get_by_label(nb("reset.password"), exact=True).fill(new_password)
    used.get_by_label(nb("reset.confirm"), exact=True).fill(new_password)
    used.get_by_role("button", name=nb("reset.submit")).click()
    expect(used.locator(".ds-error-summary")).to_contain_text(nb("errors.codes.invalid_link"))

    sign_in_by_keyboard(page, user, new_password)
    expect(h1(page)).to_contain_text(nb("home.title", name=""))
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def test_accept_invitation_signs_in(new_page: Callable[..., Page], server: Server) -> None:
    invitee = f"ny-{uuid.uuid4().hex[:8]}@example.no"
    nb = texts("nb")
    token = server.login_token(ADMIN)
    status, body = server.api(
        "POST",
        "/api/v1/invitations",
        {"email": invitee, "name": "Kari Nordmann", "role": "member"},
        token=token,
    )
    assert status == 201, body

    link = server.wait_for_link(invitee, "/invitation")
    page = new_page("nb-NO")
    page.goto(link)
    expect(h1(page)).to_have_text(nb("invitation.title"))
    expect(page.get_by_test_id("invitation-email")).to_have_text(invitee)
    expect(page.get_by_label(nb("invitation.name"), exact=True)).to_have_value("Kari Nordmann")
    assert_accessible(page, "invitation")

    page.get_by_label(nb("invitation.name"), exact=True).fill("Kari Nordmann-Olsen")
    page.get_by_label(nb("invitation.password"), exact=True).fill("et-godt-passord-123")
    page.get_by_label(nb("invitation.confirm"), exact=True).fill("et-godt-passord-123")
    page.get_by_role("button", name=nb("invitation.submit")).click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(h1(page)).to_have_text(nb("home.title", name="Kari Nordmann-Olsen"))
    expect(page.get_by_text(nb("home.membershipsEmpty"))).to_be_visible()
    assert_accessible(page, "home of a new member")

    # Still signed in after a reload (the accept set the refresh cookie).
    page.reload()
    expect(h1(page)).to_have_text(nb("home.title", name="Kari Nordmann-Olsen"))

    # The invitation link is spent.
    again = new_page("nb-NO")
    again.goto(link)
    expect(again.get_by_text(nb("errors.codes.invalid_link"))).to_be_visible()
    assert_accessible(again, "spent invitation")


def _restore_demo_password(server: Server, user: str) -> None:
    """Other journeys sign in as this demo user with the documented password: put it back."""
    before = {p.name for p in server.outbox.glob("*.eml")} if server.outbox.exists() else set()
    status, _ = server.api("POST", "/api/v1/auth/password-reset", {"email": user})
    assert status == 202
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        fresh = [
            p
            for p in server.outbox.glob("*.eml")
            if p.name not in before and user in p.read_text(errors="replace")
        ]
        if fresh:
            break
        time.sleep(0.2)
    link = server.wait_for_link(user, "/reset-password")
    token = urllib.parse.unquote(link.split("token=", 1)[1])
    status, body = server.api(
        "POST", "/api/v1/auth/password-reset/confirm", {"token": token, "password": DEMO_PASSWORD}
    )
    assert status in (200, 204), body


def test_signing_out_another_device_from_my_profile(new_page: Callable[..., Page]) -> None:
    nb = texts("nb")
    who = "observator@demo.samklang.no"
    phone = new_page("nb-NO")
    phone.set_extra_http_headers({"User-Agent": "Mozilla/5.0 (iPhone) Safari/604.1"})
    phone.goto("/gatherings")
    sign_in_by_keyboard(phone, who)
    expect(h1(phone)).to_have_text(nb("gatherings.calendar.title"))

    laptop = new_page("nb-NO")
    laptop.goto("/profile")
    sign_in_by_keyboard(laptop, who)
    section = laptop.get_by_role("region", name=nb("profile.signIns.title"))
    expect(section.get_by_text(nb("profile.signIns.thisDevice"), exact=True)).to_be_visible()
    expect(section.get_by_text("Safari · iPhone")).to_be_visible()
    assert_accessible(laptop, "profile with active sign-ins")

    # End every other sign-in (the phone, and any left by earlier journeys), confirming each.
    end = section.get_by_role("button", name=re.compile(f"^{nb('profile.signIns.end')} "))
    while (left := end.count()) > 0:
        end.first.click()
        dialog = laptop.get_by_role("dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name=nb("profile.signIns.end"), exact=True).click()
        expect(dialog).to_be_hidden()
        expect(end).to_have_count(left - 1)
    expect(section.get_by_text("Safari · iPhone")).to_have_count(0)

    # The phone is out at its next step, without a reload.
    phone.get_by_role("link", name=nb("nav.workspaces")).click()
    expect(h1(phone)).to_have_text(nb("login.title"))
    # The laptop goes on.
    laptop.get_by_role("link", name=nb("nav.workspaces")).click()
    expect(h1(laptop)).not_to_have_text(nb("login.title"))
