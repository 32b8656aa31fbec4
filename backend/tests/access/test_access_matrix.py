"""The access module's done-when matrix (issue 14).

Generated: every kind of content × levels (with its container at every level, so a child
wider than a narrowed container is among the cases) × every kind of reader (signed out,
project team, the workspace's mentor, another mentor, coordinator, member, another pilot's
member, an observer member, a removed member) × the paths that show content (single read,
lists, feed, search, files, comments, reactions, notifications already delivered, digests,
the live events' and mentions' recipients). The expected answer comes from PRODUCT.md's
table written out by hand (`may_read` in tests/sharing/world_a.py), never from the code
under test. A kind nobody registered is refused on every path."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import reader_for
from samklang.access.registry import (
    KINDS,
    allows,
    readable,
    readable_ref,
    resolve,
    resolve_one,
    users_who_may_read,
)
from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.files.models import StoredFile
from samklang.gatherings.models import Gathering
from samklang.knowledge.models import Question, Resource
from samklang.learning.models import Cycle, Entry, Measure, Project
from samklang.network import service as network_service
from samklang.network.models import Membership, WorkspaceRole
from samklang.progress.models import Report
from samklang.sharing import digests, feed
from samklang.sharing.models import Comment, Post
from samklang.sharing.notification_models import EmailState, Notification
from tests.network import conftest as network_conftest
from tests.network.conftest import ROLES, World
from tests.sharing.world_a import INSIDE, LEVELS, may_read

world = network_conftest.world  # the shared fixture

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
READERS = (*ROLES, "removed")
SIGNED_IN = tuple(r for r in READERS if r != "anonymous")


def oracle(role: str, level: str) -> bool:
    """PRODUCT.md's table for an item of the pilot workspace (Bodø); a removed member is
    a signed-in user without memberships: public items only."""
    if role == "removed":
        return level == "public"
    return may_read(role, "pilot", level)


NETWORK = {"admin", "mentor", "other_mentor", "coordinator", "member", "other_member"}


def oracle_without_workspace(role: str, level: str) -> bool:
    """PRODUCT.md's table for the project team's own items (no workspace): the project
    team is their only insider."""
    if role == "admin" or level == "public":
        return True
    if level == "network":
        return role in NETWORK
    if level == "observers":
        return role in NETWORK | {"observer"}
    return False


def insider(role: str) -> bool:
    return role in INSIDE["pilot"]


@pytest.fixture
async def removed(world: World, session: AsyncSession) -> User:
    """A member of the pilot who received notifications, then was removed."""
    user = await world.factory.user(name="Rita Fjernet")
    await network_service.add_member(
        session, user, world.pilot, role=WorkspaceRole.member, function="teacher"
    )
    await session.commit()
    world.users["removed"] = user
    return user


def headers(world: World, role: str) -> dict[str, str]:
    return world.headers(role)


async def _ids(client: httpx.AsyncClient, url: str, h: dict[str, str], **params: Any) -> set[str]:
    response = await client.get(url, params={"limit": 100, **params}, headers=h)
    assert response.status_code == 200, response.text
    return {str(i.get("source_id") or i.get("id")) for i in response.json()["items"]}


CONTAINER_CASES = [(c, e) for c in LEVELS for e in LEVELS]


@pytest.mark.parametrize(("cycle_level", "entry_level"), CONTAINER_CASES)
async def test_an_entry_reaches_exactly_the_readers_of_itself_and_its_cycle(
    client: httpx.AsyncClient,
    world: World,
    removed: User,
    session: AsyncSession,
    settings: Settings,
    cycle_level: str,
    entry_level: str,
) -> None:
    """An entry, its file, its comments (one private), its reactions, its feed row, the
    notifications already delivered about it, and the digest: all exactly as far as the
    entry and its cycle both allow (a container caps its children)."""
    member = world.users["member"]
    mentor = world.users["mentor"]
    word = f"matrisemerke{LEVELS.index(cycle_level)}{LEVELS.index(entry_level)}"
    cycle = Cycle(
        workspace_id=world.pilot.id,
        title=f"Syklus {word}",
        visibility=cycle_level,
        created_by_id=member.id,
    )
    session.add(cycle)
    await session.flush()
    entry = Entry(
        cycle_id=cycle.id,
        workspace_id=world.pilot.id,
        phase="plan",
        body=f"Logg om {word}",
        visibility=entry_level,
        author_id=member.id,
    )
    session.add(entry)
    await session.flush()
    await session.commit()
    upload = await client.post(
        "/api/v1/files", files={"file": ("referat.pdf", PDF)}, headers=world.headers("member")
    )
    assert upload.status_code == 201, upload.text
    file_id = upload.json()["id"]
    stored = await session.get(StoredFile, file_id)
    assert stored is not None
    stored.attached_type, stored.attached_id = "entry", entry.id
    # The feed row the entry got when it was shared (at its own level): the cycle has been
    # narrowed since, or never was as wide.
    await feed.publish(
        session,
        kind="entry",
        source_type="entry",
        source_id=entry.id,
        workspace_id=world.pilot.id,
        visibility=entry_level,
        title=cycle.title,
        excerpt=entry.body,
        author_id=member.id,
    )
    open_comment = Comment(
        target_type="entry",
        target_id=entry.id,
        workspace_id=world.pilot.id,
        author_id=mentor.id,
        body="Åpen kommentar",
        private=False,
    )
    private_comment = Comment(
        target_type="entry",
        target_id=entry.id,
        workspace_id=world.pilot.id,
        author_id=mentor.id,
        body="HEMMELIG veiledning",
        private=True,
    )
    session.add_all([open_comment, private_comment])
    await session.flush()
    # Notifications already delivered to everyone (the removed member while still a member).
    for role in SIGNED_IN:
        for c, text in ((open_comment, "Åpen"), (private_comment, "HEMMELIG")):
            session.add(
                Notification(
                    recipient_id=world.users[role].id,
                    kind="comment",
                    actor_id=mentor.id,
                    target_type="entry",
                    target_id=entry.id,
                    workspace_id=world.pilot.id,
                    comment_id=c.id,
                    title=cycle.title,
                    text=text,
                    url=f"/cycles/{cycle.id}#comment-{c.id}",
                    email_state=EmailState.pending.value,
                )
            )
    await session.execute(
        delete(Membership).where(
            Membership.user_id == removed.id, Membership.workspace_id == world.pilot.id
        )
    )
    await session.commit()

    chain = await resolve_one(session, "entry", entry.id)
    private_chain = await resolve_one(session, "comment", private_comment.id)
    may_events = set(await session.scalars(select(User.id).where(users_who_may_read(chain))))
    may_private = set(
        await session.scalars(select(User.id).where(users_who_may_read(private_chain)))
    )

    for role in READERS:
        h = headers(world, role)
        sees = oracle(role, cycle_level) and oracle(role, entry_level)
        case = (role, cycle_level, entry_level)
        # single read and list: the cycle's entries
        response = await client.get(f"/api/v1/cycles/{cycle.id}/entries", headers=h)
        if oracle(role, cycle_level):
            assert response.status_code == 200, (case, response.text)
            listed = {e["id"] for e in response.json()["items"]}
            assert (entry.id in listed) == sees, case
        else:
            assert response.status_code == 404, case
        # feed
        in_feed = entry.id in await _ids(client, "/api/v1/feed", h)
        assert in_feed == (sees and entry_level != "workspace"), ("feed", case)
        # search
        found = await client.get("/api/v1/search", params={"q": word, "type": "entry"}, headers=h)
        assert found.status_code == 200, found.text
        hits = {i["id"] for i in found.json()["items"]}
        assert (entry.id in hits) == sees, ("search", case)
        # files
        response = await client.get(f"/api/v1/files/{file_id}", headers=h)
        assert response.status_code == (200 if sees else 404), ("file", case)
        # comments (the private one for insiders only)
        response = await client.get(
            "/api/v1/comments", params={"target_type": "entry", "target_id": entry.id}, headers=h
        )
        assert response.status_code == (200 if sees else 404), ("comments", case)
        if sees:
            shown = {c["id"] for c in response.json()["items"]}
            assert open_comment.id in shown, case
            assert (private_comment.id in shown) == insider(role), case
        # reactions (reading and writing)
        response = await client.get(
            "/api/v1/reactions", params={"target_type": "entry", "target_id": entry.id}, headers=h
        )
        assert response.status_code == (200 if sees else 404), ("reactions", case)
        if role != "anonymous":
            response = await client.put(
                "/api/v1/reactions",
                json={"target_type": "entry", "target_id": entry.id, "kind": "useful"},
                headers=h,
            )
            assert response.status_code == (200 if sees else 404), ("react", case)
            # a comment is taken only where the entry may be read
            response = await client.post(
                "/api/v1/comments",
                json={"target_type": "entry", "target_id": entry.id, "body": "Takk"},
                headers=h,
            )
            assert response.status_code == (201 if sees else 404), ("comment", case)
        if role == "anonymous":
            continue
        user_id = world.users[role].id
        # notifications already delivered, checked again at read time
        response = await client.get("/api/v1/notifications", params={"limit": 100}, headers=h)
        assert response.status_code == 200, response.text
        texts = {n["text"] for n in response.json()["items"] if n["target_id"] == entry.id}
        assert ("Åpen" in texts) == sees, ("notification", case)
        assert ("HEMMELIG" in texts) == (sees and insider(role)), ("private note", case)
        # live events and mentions go to exactly these users
        assert (user_id in may_events) == sees, ("events", case)
        assert (user_id in may_private) == (sees and insider(role)), ("private events", case)

    # digests: a reader whose notifications are all unreadable gets none
    for role in SIGNED_IN:
        user = world.users[role]
        sees = oracle(role, cycle_level) and oracle(role, entry_level)
        queued = await digests.digest_for(session, settings, user, "daily")
        assert queued == sees, ("digest", role, cycle_level, entry_level)
        states = {
            n.text: n.email_state
            for n in await session.scalars(
                select(Notification).where(
                    Notification.recipient_id == user.id, Notification.target_id == entry.id
                )
            )
        }
        private_sent = states["HEMMELIG"] == EmailState.sent.value
        assert private_sent == (sees and insider(role)), ("digest private", role)


async def _items(session: AsyncSession, world: World, level: str) -> dict[str, tuple[str, str]]:
    """One item of every top-level kind at `level` in the pilot; returns kind -> (kind, id)."""
    member = world.users["member"]
    cycle = Cycle(workspace_id=world.pilot.id, title="C", visibility=level)
    measure = Measure(workspace_id=world.pilot.id, name="M", visibility=level)
    post = Post(workspace_id=world.pilot.id, author_id=member.id, body="P", visibility=level)
    resource = Resource(kind="tool", title="R", workspace_id=world.pilot.id, visibility=level)
    report = Report(
        workspace_id=world.pilot.id,
        title="Rapport",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        visibility=level,
    )
    own_resource = Resource(kind="tool", title="Prosjektets", visibility=level)
    gathering = Gathering(
        title="Samling",
        starts_at=datetime(2026, 3, 1, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 1, 15, tzinfo=UTC),
        summary_visibility=level,
    )
    # A published answer is public or network-wide, a draft the project team's alone.
    answer = Question(
        title="Spørsmål",
        asker_id=member.id,
        answer_body="Svar",
        answer_published=level != "workspace",
        answer_public=level == "public",
    )
    session.add_all([cycle, measure, post, resource, report, own_resource, gathering, answer])
    project = await session.get(Project, world.pilot.id)
    if project is None:
        session.add(Project(workspace_id=world.pilot.id, visibility=level))
    else:
        project.visibility = level
    await session.flush()
    return {
        "cycle": ("cycle", cycle.id),
        "measure": ("measure", measure.id),
        "post": ("post", post.id),
        "resource": ("resource", resource.id),
        "report": ("report", report.id),
        "project": ("project", world.pilot.id),
        "own_resource": ("resource", own_resource.id),
        "gathering_summary": ("gathering_summary", gathering.id),
        "answer": ("answer", answer.id),
    }


@pytest.mark.parametrize("level", LEVELS)
async def test_every_kind_agrees_with_the_table_on_every_derived_path(
    world: World, removed: User, session: AsyncSession, level: str
) -> None:
    """The per-item check, the SQL filter on the kind's table, the SQL filter on rows that
    name an item (feed, files, notifications) and the users clause (notify, events,
    mentions) all give PRODUCT.md's answer for every workspace kind, a hidden post only
    to its author and the project team, and comments only as far as their target."""
    await session.execute(
        delete(Membership).where(
            Membership.user_id == removed.id, Membership.workspace_id == world.pilot.id
        )
    )
    items = await _items(session, world, level)
    hidden = Post(
        workspace_id=world.pilot.id, author_id=world.users["member"].id, body="H", visibility=level
    )
    hidden.hidden_at = utcnow()
    session.add(hidden)
    await session.flush()
    comment = Comment(
        target_type="measure",
        target_id=items["measure"][1],
        workspace_id=world.pilot.id,
        author_id=world.users["mentor"].id,
        body="K",
    )
    session.add(comment)
    await session.flush()
    refs = [*items.values(), ("post", hidden.id), ("comment", comment.id)]
    without_workspace = {items[k] for k in ("own_resource", "gathering_summary", "answer")}
    # an answer has no "observers" level: published to the network is its narrowest share
    answer_level = {"observers": "network"}.get(level, level)
    files: dict[str, str] = {}
    for kind, item_id in refs:
        stored = StoredFile(
            owner_id=world.users["member"].id,
            name="f.pdf",
            content_type="application/pdf",
            size=1,
            storage_key=f"{kind}-{item_id}",
            attached_type=kind,
            attached_id=item_id,
            created_at=utcnow(),
        )
        session.add(stored)
        await session.flush()
        files[f"{kind}:{item_id}"] = stored.id
    # every registered kind is among them (a new kind must be added here)
    assert {k for k, _ in refs} | {"entry", "question"} == set(KINDS)
    chains = await resolve(session, refs)
    for role in READERS:
        user = world.users.get(role) if role != "anonymous" else None
        reader = await reader_for(session, user)
        for ref in refs:
            kind, item_id = ref
            expected = oracle(role, level)
            if ref in without_workspace:
                lvl = answer_level if kind == "answer" else level
                expected = oracle_without_workspace(role, lvl)
            if ref == ("post", hidden.id):
                expected = role in ("admin", "member")
            case = (role, level, kind, item_id == hidden.id)
            assert allows(reader, chains[ref]) == expected, ("check", case)
            in_table = await session.scalar(
                select(KINDS[kind].id).where(KINDS[kind].id == item_id, readable(reader, kind))
            )
            assert (in_table is not None) == expected, ("filter", case)
            if (
                kind != "comment" and item_id != hidden.id
            ):  # rows naming the item by (type, id): feed, files
                named = await session.scalar(
                    select(StoredFile.id).where(
                        StoredFile.id == files[f"{kind}:{item_id}"],
                        readable_ref(reader, StoredFile.attached_type, StoredFile.attached_id),
                    )
                )
                assert (named is not None) == expected, ("named", case)
            if user is not None:
                users = set(
                    await session.scalars(select(User.id).where(users_who_may_read(chains[ref])))
                )
                assert (user.id in users) == expected, ("users", case)


async def test_an_unregistered_kind_is_refused_everywhere(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    """Fail closed: a kind nobody registered, without a workspace, is read by nobody (not
    even the project team) on any path."""
    admin = world.users["admin"]
    assert "mystery" not in KINDS
    chain = (await resolve(session, [("mystery", "m1")]))[("mystery", "m1")]
    assert chain is None
    assert not allows(await reader_for(session, admin), chain)
    assert not set(await session.scalars(select(User.id).where(users_who_may_read(chain))))
    upload = await client.post(
        "/api/v1/files", files={"file": ("x.pdf", PDF)}, headers=world.headers("member")
    )
    file_id = upload.json()["id"]
    stored = await session.get(StoredFile, file_id)
    assert stored is not None
    stored.attached_type, stored.attached_id = "mystery", "m1"
    await feed.publish(
        session,
        kind="post",
        source_type="mystery",
        source_id="m1",
        workspace_id=None,
        visibility="public",
        title="Ukjent",
        excerpt="UKJENT",
        author_id=None,
    )
    for role in ROLES:
        session.add(
            Notification(
                recipient_id=world.users[role].id if role != "anonymous" else admin.id,
                kind="x",
                target_type="mystery",
                target_id="m1",
                workspace_id=None,
                title="Ukjent",
                text="UKJENT",
            )
        )
    await session.commit()
    for role in ROLES:
        h = world.headers(role)
        assert (await client.get(f"/api/v1/files/{file_id}", headers=h)).status_code == 404
        response = await client.get(
            "/api/v1/comments", params={"target_type": "mystery", "target_id": "m1"}, headers=h
        )
        assert response.status_code == 422, response.text
        assert "m1" not in await _ids(client, "/api/v1/feed", h)
        if role != "anonymous":
            response = await client.get("/api/v1/notifications", headers=h)
            assert "UKJENT" not in {n["text"] for n in response.json()["items"]}
