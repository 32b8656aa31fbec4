"""Sharing across municipalities: a pilot shares a cycle's reflection, the mentor finds it in the
mentor queue and comments privately, the pilot's open page rings the bell live (no reload), and
an observer who follows the workspace reads the reflection in the feed but never the private
comment. axe runs on every page visited."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from conftest import REPO, Server, assert_accessible, sign_in_by_keyboard, texts

PILOT = "pilot@demo.samklang.no"
MENTOR = "veileder@demo.samklang.no"
OBSERVER = "observator@demo.samklang.no"

nb = texts("nb")
_FEED = json.loads((REPO / "frontend/src/features/feed/i18n/nb.json").read_text(encoding="utf-8"))


def feed(key: str, count: int | None = None, **params: str) -> str:
    """A text of the feed feature (frontend/src/features/feed/i18n/nb.json), with plurals."""
    node: Any = _FEED
    parts = key.split(".")
    for part in parts[:-1]:
        node = node[part]
    last = parts[-1]
    if count is not None:
        text = node[f"{last}_one" if count == 1 else f"{last}_other"]
        params = {"count": str(count), **params}
    else:
        text = node[last]
    assert isinstance(text, str), key
    for name, value in params.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, email_address: str) -> None:
    page.goto("/")
    expect(h1(page)).to_have_text(nb("login.title"))
    sign_in_by_keyboard(page, email_address)
    expect(page.get_by_role("button", name=nb("shell.signOut"))).to_be_visible()


def bell(page: Page):
    return page.get_by_test_id("notification-bell")


def unread_in_label(label: str | None) -> int:
    match = re.search(r"(\d+)", label or "")
    return int(match.group(1)) if match else 0


def workspace_id(server: Server, token: str, name: str) -> str:
    status, body = server.api("GET", "/api/v1/workspaces?limit=100", token=token)
    assert status == 200, body
    assert isinstance(body, dict)
    for item in body["items"]:
        if item["name"] == name:
            return str(item["id"])
    raise AssertionError(f"no workspace {name}")


def catch_up_queue(server: Server, token: str) -> None:
    """The mentor has seen everything in the demo data (so today's item is not on a later page)."""
    for _ in range(50):
        status, page = server.api("GET", "/api/v1/mentor/queue?limit=100", token=token)
        assert status == 200, page
        assert isinstance(page, dict)
        items = [{"type": i["type"], "id": i["id"]} for i in page["items"]]
        if not items:
            return
        for start in range(0, len(items), 200):
            status, body = server.api(
                "POST",
                "/api/v1/mentor/queue/seen",
                {"items": items[start : start + 200]},
                token=token,
            )
            assert status in (200, 204), body
    raise AssertionError("the mentor queue does not empty when everything is marked seen")


def test_pilot_shares_mentor_comments_privately_bell_rings_observer_reads_feed(
    new_page: Callable[..., Page], server: Server
) -> None:
    catch_up_queue(server, server.login_token(MENTOR))
    # -- the pilot's cycle, with a reflection written (made through the API) --------------------
    title = f"Kulturskoletimen i SFO {uuid.uuid4().hex[:6]}"
    reflection = "Barna som kom, kom igjen. Neste gang inviterer vi foreldrene til siste time."
    private_text = f"Privat til teamet: snakk med rektor før neste runde {uuid.uuid4().hex[:4]}."
    token = server.login_token(PILOT)
    bodo = workspace_id(server, token, "Bodø")
    status, cycle = server.api(
        "POST", f"/api/v1/workspaces/{bodo}/cycles", {"title": title}, token=token
    )
    assert status == 201, cycle
    assert isinstance(cycle, dict)
    for change in (
        {"phase": "act"},
        {"phase": "observe"},
        {"phase": "reflect"},
        {"reflect": reflection},
    ):
        status, cycle = server.api(
            "PATCH",
            f"/api/v1/cycles/{cycle['id']}",
            {**change, "version": cycle["version"]},
            token=token,
        )
        assert status == 200, cycle
        assert isinstance(cycle, dict)
    cycle_path = f"/cycles/{cycle['id']}"

    # -- the pilot shares it with the observers (and so the whole network) ----------------------
    pilot = new_page("nb-NO")
    sign_in(pilot, PILOT)
    pilot.goto(cycle_path)
    expect(h1(pilot)).to_have_text(title)
    expect(pilot.get_by_test_id("share-feed-note")).to_be_visible()
    pilot.get_by_role("button", name=nb("learning.share.open")).click()
    dialog = pilot.get_by_role("dialog")
    dialog.get_by_role("radio", name=nb("learning.visibility.observers")).check()
    assert_accessible(pilot, "share dialog")
    dialog.get_by_role("button", name=nb("learning.share.confirmRaise")).click()
    expect(dialog).to_be_hidden()
    expect(pilot.locator(".learning-share__current")).to_contain_text(
        nb("learning.visibility.observers")
    )
    assert_accessible(pilot, "the shared cycle")
    # The pilot's page stays open from here on: the bell must change without a reload.
    expect(bell(pilot)).to_have_attribute("data-live", "open")
    expect(bell(pilot)).to_have_attribute("aria-label", re.compile(feed("bell.label")))
    unread_before = unread_in_label(bell(pilot).get_attribute("aria-label"))

    # -- the mentor finds it in the queue and comments privately --------------------------------
    mentor = new_page("nb-NO")
    sign_in(mentor, MENTOR)
    mentor.get_by_role("link", name=feed("queue.nav")).click()
    expect(h1(mentor)).to_have_text(feed("queue.title"))
    queued = mentor.get_by_test_id("queue-item").filter(has_text=title)
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text(re.compile(r"venter i \d+ minutt"))
    assert_accessible(mentor, "mentor queue")
    queued.get_by_role("link", name=title).click()
    expect(h1(mentor)).to_have_text(title)

    box = mentor.get_by_label(feed("comments.newLabel"), exact=True)
    box.fill(private_text)
    mentor.get_by_role("checkbox", name=feed("comments.privateToggle")).check()
    expect(mentor.get_by_text(feed("comments.privateWho")).first).to_be_visible()
    mentor.get_by_role("button", name=feed("comments.sendPrivate")).click()
    expect(mentor.get_by_text(feed("comments.posted"))).to_be_visible()
    posted = mentor.get_by_test_id("comment").filter(has_text=private_text)
    expect(posted).to_have_count(1)
    expect(posted).to_contain_text(feed("comments.privateTag"))
    assert_accessible(mentor, "cycle page with a private comment")

    # Marked as seen, it leaves the queue.
    mentor.get_by_role("link", name=feed("queue.nav")).click()
    queued = mentor.get_by_test_id("queue-item").filter(has_text=title)
    queued.get_by_role("button", name=feed("queue.markSeen")).click()
    expect(mentor.get_by_text(feed("queue.seen", title=title))).to_be_visible()
    expect(mentor.get_by_test_id("queue-item").filter(has_text=title)).to_have_count(0)

    # -- the pilot's open page: the bell says so, live ------------------------------------------
    expect(bell(pilot)).to_have_attribute(
        "aria-label", feed("bell.labelUnread", count=unread_before + 1)
    )
    expect(pilot.get_by_test_id("bell-announcement")).to_contain_text(
        feed("bell.arrived", title=title).split("{")[0].strip()
    )
    bell(pilot).click()
    expect(h1(pilot)).to_have_text(feed("notifications.title"))
    note = pilot.get_by_test_id("notification").filter(has_text=title).first
    expect(note).to_be_visible()
    assert_accessible(pilot, "notification centre")
    note.get_by_role("link").first.click()
    expect(h1(pilot)).to_have_text(title)
    # The private comment is there for the team, marked as private.
    team_view = pilot.get_by_test_id("comment").filter(has_text=private_text)
    expect(team_view).to_contain_text(feed("comments.privateTag"))

    # -- an observer follows Bodø and reads the reflection, but not the private comment ---------
    observer = new_page("nb-NO")
    sign_in(observer, OBSERVER)
    observer.get_by_role("link", name=nb("nav.workspaces")).click()
    expect(h1(observer)).to_have_text(nb("directory.title"))
    follow = observer.get_by_role("button", name=f"{feed('follow.follow')} Bodø", exact=True)
    following = observer.get_by_role("button", name=f"{feed('follow.following')} Bodø", exact=True)
    expect(follow.or_(following)).to_be_visible()
    if following.count() == 1:  # the demo data may already follow it: stop, then start again
        following.click()
    expect(follow).to_have_attribute("aria-pressed", "false")
    follow.click()
    expect(following).to_have_attribute("aria-pressed", "true")
    # Its own workspace is followed without asking.
    osteroy = (
        observer.get_by_test_id("workspace-list")
        .get_by_role("listitem")
        .filter(has=observer.get_by_role("link", name="Osterøy", exact=True))
    )
    expect(osteroy).to_contain_text(feed("follow.automatic"))
    assert_accessible(observer, "workspace directory with follow buttons")

    observer.get_by_role("link", name=feed("nav"), exact=True).click()
    expect(h1(observer)).to_have_text(feed("title"))
    following_only = observer.get_by_role("checkbox", name=feed("filters.following"))
    following_only.click()
    expect(following_only).to_be_checked()
    expect(observer).to_have_url(re.compile(r"following=1"))
    item = observer.get_by_test_id("feed-item").filter(has_text=title)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(reflection[:40])
    expect(item).to_contain_text(feed("kinds.reflection"))
    assert_accessible(observer, "feed, following only")

    item.get_by_role("button", name=re.compile(r"kommentar", re.IGNORECASE)).click()
    thread = item.locator(".comment-thread")
    expect(thread).to_be_visible()
    expect(thread.get_by_text(feed("comments.empty"))).to_be_visible()
    expect(observer.get_by_text(private_text)).to_have_count(0)
    assert_accessible(observer, "feed item with its comments open")

    # The same on the cycle page itself.
    item.get_by_role("link", name=title).click()
    expect(h1(observer)).to_have_text(title)
    expect(observer.get_by_role("heading", name=feed("comments.title", count=0))).to_be_visible()
    expect(observer.get_by_text(private_text)).to_have_count(0)
    assert_accessible(observer, "the shared cycle, as an observer")


def test_feed_filters_live_in_the_address_and_comments_thread(
    new_page: Callable[..., Page], server: Server
) -> None:
    """A post with a topic; the kind and topic filters in the URL; a comment with an @mention
    chosen by keyboard, a reply, an edit (marked) and a delete with confirmation. The post's title
    opens its page (heading, body, the comment thread); deleted there, it is gone."""
    body = f"Vi testet felles kortime med korpset {uuid.uuid4().hex[:6]}."
    page = new_page("nb-NO")
    sign_in(page, PILOT)
    page.get_by_role("link", name=feed("nav"), exact=True).click()
    expect(h1(page)).to_have_text(feed("title"))
    assert_accessible(page, "feed")

    # -- a short post ---------------------------------------------------------------------------
    page.get_by_text(feed("composer.open")).click()
    page.get_by_label(feed("composer.body"), exact=True).fill(body)
    page.get_by_label(feed("composer.topics"), exact=True).fill("samspill")
    expect(page.get_by_text(nb("learning.visibility.who.network"))).to_be_visible()
    assert_accessible(page, "post composer")
    page.get_by_role("button", name=feed("composer.send")).click()
    expect(page.get_by_text(feed("composer.posted"))).to_be_visible()
    post = page.get_by_test_id("feed-item").filter(has_text=body)
    expect(post).to_have_count(1)

    # -- filters are kept in the address ----------------------------------------------------------
    page.get_by_label(feed("filters.kind"), exact=True).select_option("post")
    expect(page).to_have_url(re.compile(r"kind=post"))
    post.get_by_role("link", name="#samspill").click()
    expect(page).to_have_url(re.compile(r"topic=samspill"))
    expect(page.get_by_test_id("feed-item").filter(has_text=body)).to_have_count(1)
    page.reload()
    # The field, not the items' topic lists (also labelled "Tema"), once the feed has loaded.
    topic_field = page.get_by_role("textbox", name=feed("filters.topic"), exact=True)
    expect(topic_field).to_have_value("samspill")
    topic_name = f"{feed('follow.follow')} {feed('follow.topicHidden', topic='samspill')}"
    page.get_by_role("button", name=topic_name, exact=True).click()
    topic_name = f"{feed('follow.following')} {feed('follow.topicHidden', topic='samspill')}"
    expect(page.get_by_role("button", name=topic_name, exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    # -- a comment with an @mention chosen by keyboard ---------------------------------------------
    post = page.get_by_test_id("feed-item").filter(has_text=body)
    post.get_by_role("button", name=re.compile(r"kommentar", re.IGNORECASE)).click()
    box = post.get_by_label(feed("comments.newLabel"), exact=True)
    box.press_sequentially("Fint! @Ver")
    listbox = post.get_by_role("listbox", name=feed("mention.listLabel"))
    expect(listbox.get_by_role("option", name="Vera Veileder")).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value("Fint! @Vera Veileder ")
    box.press_sequentially("hva tenker du?")
    post.get_by_role("button", name=feed("comments.send")).click()
    comment = post.get_by_test_id("comment").filter(has_text="hva tenker du?")
    expect(comment).to_have_count(1)
    assert_accessible(page, "a comment with a mention")

    # -- a reply, an edit, then deleting the comment leaves a placeholder for the reply -----------
    comment.get_by_role("button", name=feed("comments.reply"), exact=True).click()
    post.get_by_label(feed("comments.replyLabel", name="Per Pilot")).fill("Og et svar.")
    post.get_by_role("button", name=feed("comments.sendReply")).click()
    replies = post.locator(".comment--reply")
    reply = replies.filter(has_text="Og et svar.")
    expect(reply).to_have_count(1)
    reply.get_by_role("button", name=nb("common.edit")).click()
    post.get_by_label(feed("comments.editLabel")).fill("Og et bedre svar.")
    post.get_by_role("button", name=feed("comments.saveEdit")).click()
    reply = replies.filter(has_text="Og et bedre svar.")
    expect(reply).to_contain_text(feed("comments.edited"))

    top = post.get_by_test_id("comment").filter(has_text="hva tenker du?").first
    top.get_by_role("button", name=feed("comments.delete")).first.click()
    confirm = page.get_by_role("dialog")
    expect(confirm).to_contain_text(feed("comments.deleteWithReplies"))
    assert_accessible(page, "delete confirmation")
    confirm.get_by_role("button", name=feed("comments.deleteConfirm")).click()
    expect(confirm).to_be_hidden()
    expect(post.get_by_text(feed("comments.deletedPlaceholder"))).to_be_visible()
    expect(post.get_by_text("Og et bedre svar.")).to_be_visible()

    # -- the post's title opens its own page (where notifications and emails link) ---------------
    post.get_by_role("heading", level=3).get_by_role("link", name=body, exact=True).click()
    expect(page).to_have_url(re.compile(r"/posts/[^/?#]+$"))
    expect(h1(page)).to_have_text(body)
    expect(h1(page)).to_be_focused()
    expect(page.get_by_test_id("post-body")).to_have_text(body)
    expect(page.get_by_test_id("post-meta")).to_contain_text(feed("item.by", name="Per Pilot"))
    expect(page.get_by_role("link", name="#samspill")).to_have_attribute(
        "href", "/feed?topic=samspill"
    )
    thread = page.locator(".comment-thread")
    expect(thread.get_by_role("heading", level=2)).to_have_text(re.compile(r"\d+ kommentar"))
    expect(thread.get_by_text(feed("comments.deletedPlaceholder"))).to_be_visible()
    expect(thread.get_by_text("Og et bedre svar.")).to_be_visible()
    expect(thread.get_by_label(feed("comments.newLabel"), exact=True)).to_be_visible()
    expect(page.get_by_role("group", name=feed("reactions.label"))).to_be_visible()
    assert_accessible(page, "the post page")

    # -- deleted from its page: back in the feed, which says so; the address now says not found --
    post_url = page.url
    page.get_by_role("button", name=feed("post.delete")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(feed("post.deleteBody"))
    dialog.get_by_role("button", name=feed("post.deleteConfirm")).click()
    expect(h1(page)).to_have_text(feed("title"))
    expect(page).to_have_url(re.compile(r"/feed$"))
    expect(page.get_by_test_id("feed-status")).to_have_text(feed("post.deleted"))
    expect(page.get_by_test_id("feed-list").or_(page.locator(".empty-state"))).to_be_visible()
    expect(page.get_by_test_id("feed-item").filter(has_text=body)).to_have_count(0)
    page.goto(post_url)
    expect(page.get_by_test_id("post-error")).to_have_text(feed("postPage.notFound"))
    expect(h1(page)).to_have_text(feed("postPage.title"))
    assert_accessible(page, "a post that is gone")


def test_live_banner_report_and_hide_notifications_and_unsubscribe(
    new_page: Callable[..., Page], server: Server
) -> None:
    """An observer's open feed gets a "new items" banner (nothing moves until it is clicked);
    the observer reports a comment and the project team hides it with a reason; the observer's
    email (at once) carries an unsubscribe link that works without signing in; the notification
    centre marks all read; the settings page saves a choice."""
    title = f"Korpsuka i Bodø {uuid.uuid4().hex[:6]}"
    question = f"Hvordan fikk dere med korpset? {uuid.uuid4().hex[:4]}"
    observer_token = server.login_token(OBSERVER)
    pilot_token = server.login_token(PILOT)
    bodo = workspace_id(server, pilot_token, "Bodø")
    status, body = server.api(
        "PUT", "/api/v1/me/notification-settings", {"email": "immediate"}, token=observer_token
    )
    assert status == 200, body
    status, body = server.api("PUT", f"/api/v1/follows/workspaces/{bodo}", token=observer_token)
    assert status in (200, 201, 204), body

    observer = new_page("nb-NO")
    sign_in(observer, OBSERVER)
    observer.get_by_role("link", name=feed("nav"), exact=True).click()
    expect(h1(observer)).to_have_text(feed("title"))
    expect(
        observer.get_by_test_id("feed-list").or_(observer.locator(".empty-state"))
    ).to_be_visible()

    # -- the pilot shares a new cycle: the observer's feed offers it, without moving ----------
    expect(observer.get_by_test_id("notification-bell")).to_have_attribute("data-live", "open")
    status, cycle = server.api(
        "POST",
        f"/api/v1/workspaces/{bodo}/cycles",
        {"title": title, "plan": "Korpset spiller i storefri hele uka."},
        token=pilot_token,
    )
    assert status == 201, cycle
    assert isinstance(cycle, dict)
    status, cycle = server.api(
        "PATCH",
        f"/api/v1/cycles/{cycle['id']}",
        {"visibility": "observers", "version": cycle["version"]},
        token=pilot_token,
    )
    assert status == 200, cycle
    assert isinstance(cycle, dict)
    banner = observer.get_by_test_id("feed-new-items")
    expect(banner).to_have_text(feed("banner", count=1))
    expect(observer.get_by_test_id("feed-item").filter(has_text=title)).to_have_count(0)
    assert_accessible(observer, "feed with the new-items banner")
    banner.click()
    item = observer.get_by_test_id("feed-item").filter(has_text=title)
    expect(item).to_have_count(1)
    expect(banner).to_have_count(0)
    expect(observer.locator("#feed-list-heading")).to_be_focused()

    # -- the observer reports the pilot's comment; the project team hides it -------------------
    status, body = server.api(
        "POST",
        "/api/v1/comments",
        {"target_type": "cycle", "target_id": cycle["id"], "body": question},
        token=pilot_token,
    )
    assert status == 201, body
    item.get_by_role("button", name=re.compile(r"kommentar", re.IGNORECASE)).click()
    reported = item.get_by_test_id("comment").filter(has_text=question)
    reported.get_by_role("button", name=feed("report.open")).click()
    dialog = observer.get_by_role("dialog")
    expect(dialog).to_contain_text(feed("report.titleComment"))
    dialog.get_by_role("button", name=feed("report.send")).click()
    expect(dialog.get_by_text(feed("report.reasonRequired"))).to_be_visible()
    dialog.get_by_label(feed("report.reason")).fill("Dette hører ikke hjemme her (test).")
    assert_accessible(observer, "report dialog")
    dialog.get_by_role("button", name=feed("report.send")).click()
    expect(dialog).to_be_hidden()
    expect(observer.get_by_text(feed("report.sent"))).to_be_visible()

    admin = new_page("nb-NO")
    sign_in(admin, "admin@demo.samklang.no")
    admin.get_by_role("link", name=feed("moderation.nav")).click()
    expect(h1(admin)).to_have_text(feed("moderation.title"))
    report = admin.get_by_test_id("report").filter(has_text=question)
    expect(report).to_contain_text("Dette hører ikke hjemme her (test).")
    assert_accessible(admin, "moderation")
    report.get_by_role("button", name=feed("moderation.hide")).click()
    dialog = admin.get_by_role("dialog")
    dialog.get_by_label(feed("moderation.reason")).fill("Flyttet til en egen tråd.")
    dialog.get_by_role("button", name=feed("moderation.hide")).click()
    expect(admin.get_by_text(feed("moderation.hiddenNotice"))).to_be_visible()
    expect(report).to_contain_text(feed("moderation.hidden"))

    observer.reload()
    item = observer.get_by_test_id("feed-item").filter(has_text=title)
    item.get_by_role("button", name=re.compile(r"kommentar", re.IGNORECASE)).click()
    expect(item.get_by_text(feed("comments.hiddenPlaceholder"))).to_be_visible()
    expect(item.get_by_text(question)).to_have_count(0)

    # -- the email's unsubscribe link works without signing in ----------------------------------
    link = server.wait_for_link(OBSERVER, "/api/v1/unsubscribe")
    token = link.split("token=", 1)[1]
    visitor = new_page("nb-NO")
    visitor.goto(f"/unsubscribe?token={token}")
    expect(h1(visitor)).to_have_text(feed("unsubscribe.title"))
    assert_accessible(visitor, "unsubscribe page")
    visitor.get_by_role("button", name=feed("unsubscribe.confirm")).click()
    expect(visitor.get_by_text(feed("unsubscribe.done"))).to_be_visible()
    status, settings = server.api("GET", "/api/v1/me/notification-settings", token=observer_token)
    assert status == 200 and isinstance(settings, dict) and settings["email"] == "never", settings
    visitor.goto("/unsubscribe?token=tampered")
    visitor.get_by_role("button", name=feed("unsubscribe.confirm")).click()
    expect(visitor.get_by_text(feed("unsubscribe.invalid"))).to_be_visible()

    # -- the notification centre and the settings ----------------------------------------------
    observer.get_by_test_id("notification-bell").click()
    expect(h1(observer)).to_have_text(feed("notifications.title"))
    expect(observer.get_by_test_id("notification").filter(has_text=title).first).to_be_visible()
    assert_accessible(observer, "notification centre")
    observer.get_by_role("button", name=feed("notifications.markAllRead")).click()
    expect(observer.get_by_text(feed("notifications.allRead"))).to_be_visible()
    expect(observer.get_by_test_id("notification-bell")).to_have_attribute(
        "aria-label", feed("bell.label")
    )
    observer.get_by_role("link", name=feed("settings.link")).click()
    expect(h1(observer)).to_have_text(feed("settings.title"))
    expect(observer.get_by_role("radio", name=feed("settings.never"))).to_be_checked()
    observer.get_by_role("radio", name=feed("settings.weekly")).check()
    assert_accessible(observer, "notification settings")
    observer.get_by_role("button", name=feed("settings.save")).click()
    expect(observer.get_by_text(feed("settings.saved"))).to_be_visible()
    status, settings = server.api("GET", "/api/v1/me/notification-settings", token=observer_token)
    assert status == 200 and isinstance(settings, dict) and settings["email"] == "weekly", settings


def test_pilot_edits_then_deletes_a_post_and_it_leaves_the_feed_for_others(
    new_page: Callable[..., Page], server: Server
) -> None:
    """A pilot posts, edits the post in its feed card (one save meets a change made elsewhere:
    the 409 keeps the pilot's text and shows the saved one), the mentor's feed shows the edit;
    the pilot deletes it after confirming and it is gone from the mentor's feed too. axe runs
    with the editor, the conflict and the dialog open."""
    tag = uuid.uuid4().hex[:6]
    body = f"Vi prøvde korps i storefri {tag}."
    edited = f"Vi prøvde korps i storefri, og foreldrene kom {tag}."
    elsewhere = f"Endret i en annen fane {tag}."
    pilot_token = server.login_token(PILOT)

    page = new_page("nb-NO")
    sign_in(page, PILOT)
    page.get_by_role("link", name=feed("nav"), exact=True).click()
    expect(h1(page)).to_have_text(feed("title"))
    page.get_by_text(feed("composer.open")).click()
    page.get_by_label(feed("composer.body"), exact=True).fill(body)
    page.get_by_role("button", name=feed("composer.send")).click()
    expect(page.get_by_text(feed("composer.posted"))).to_be_visible()
    card = page.get_by_test_id("feed-item").filter(has_text=tag)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(body)

    # -- edit in place: the editor takes the focus, prefilled --------------------------------
    edit = card.get_by_role("button", name=feed("post.edit"))
    edit.click()
    editor = card.get_by_test_id("post-editor")
    box = editor.get_by_label(feed("post.body"), exact=True)
    expect(box).to_be_focused()
    expect(box).to_have_value(body)
    box.fill(edited)
    assert_accessible(page, "feed with the post editor open")

    # Meanwhile the post is saved elsewhere (another tab): the save meets a conflict.
    status, items = server.api("GET", "/api/v1/feed?kind=post&limit=50", token=pilot_token)
    assert status == 200, items
    assert isinstance(items, dict)
    post_id = next(i["source_id"] for i in items["items"] if tag in (i["excerpt"] or ""))
    status, post = server.api("GET", f"/api/v1/posts/{post_id}", token=pilot_token)
    assert status == 200 and isinstance(post, dict), post
    status, post = server.api(
        "PATCH",
        f"/api/v1/posts/{post_id}",
        {"body": elsewhere, "version": post["version"]},
        token=pilot_token,
    )
    assert status == 200, post

    editor.get_by_role("button", name=feed("post.save")).click()
    conflict = editor.get_by_test_id("post-conflict")
    expect(conflict).to_contain_text(feed("post.conflictTitle"))
    expect(editor.get_by_test_id("post-conflict-theirs")).to_have_text(elsewhere)
    expect(box).to_have_value(edited)
    assert_accessible(page, "post editor with a conflict")
    editor.get_by_role("button", name=feed("post.saveMine")).click()

    expect(card.get_by_text(feed("post.saved"))).to_be_visible()
    expect(card.get_by_test_id("post-editor")).to_have_count(0)
    expect(card).to_contain_text(edited)
    expect(edit).to_be_focused()

    # -- the mentor's feed shows the edit -------------------------------------------------------
    mentor = new_page("nb-NO")
    sign_in(mentor, MENTOR)
    mentor.get_by_role("link", name=feed("nav"), exact=True).click()
    expect(h1(mentor)).to_have_text(feed("title"))
    theirs = mentor.get_by_test_id("feed-item").filter(has_text=tag)
    expect(theirs).to_contain_text(edited)
    expect(theirs.get_by_role("button", name=feed("post.edit"))).to_have_count(0)
    expect(theirs.get_by_role("button", name=feed("post.delete"))).to_have_count(0)

    # -- the pilot deletes it, after confirming ------------------------------------------------
    card.get_by_role("button", name=feed("post.delete")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(feed("post.deleteBody"))
    assert_accessible(page, "delete post dialog")
    dialog.get_by_role("button", name=feed("post.deleteConfirm")).click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("feed-item").filter(has_text=tag)).to_have_count(0)
    expect(page.get_by_test_id("feed-status")).to_have_text(feed("post.deleted"))
    expect(page.locator("#feed-list-heading")).to_be_focused()

    # -- gone from the mentor's feed -------------------------------------------------------------
    mentor.reload()
    expect(h1(mentor)).to_have_text(feed("title"))
    expect(mentor.get_by_test_id("feed-list").or_(mentor.locator(".empty-state"))).to_be_visible()
    expect(mentor.get_by_test_id("feed-item").filter(has_text=tag)).to_have_count(0)
    status, gone = server.api("GET", f"/api/v1/posts/{post_id}", token=pilot_token)
    assert status == 404, gone
