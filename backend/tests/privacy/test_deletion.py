"""Deleting an account: the person is erased, their words stay under "former member"
(or, at the project team's choice, are erased too), and every way in is closed at once."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import PasswordReset, RefreshToken, User
from samklang.core.config import Settings
from samklang.files.models import StoredFile
from samklang.gatherings.models import Registration
from samklang.network.models import Membership
from samklang.sharing.models import WorkspaceFollow
from tests.conftest import PASSWORD
from tests.gatherings.test_gatherings import create, reg
from tests.network.conftest import ROLES, World
from tests.privacy.test_export import PDF
from tests.sharing.world_a import comment, feed_ids, make_post


async def sign_in(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})


async def count(session: AsyncSession, model: Any, column: Any, value: str) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(model).where(column == value)) or 0
    )


async def audit(client: httpx.AsyncClient, world: World, action: str) -> list[dict[str, Any]]:
    response = await client.get(
        "/api/v1/audit", params={"action": action}, headers=world.headers("admin")
    )
    assert response.status_code == 200
    return list(response.json()["items"])


async def test_i_delete_my_account_and_my_words_stay_as_former_member(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    member = world.users["member"]
    old_email, old_name = member.email, member.name
    post = await make_post(client, world, body="Om korpset", who="member")
    said = await comment(client, world, "member", "post", post["id"], body="Jeg var der")
    assert said.status_code == 201
    await client.put(
        f"/api/v1/follows/workspaces/{world.other.id}", headers=world.headers("member")
    )
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/cycles",
            json={"title": "Syklus"},
            headers=world.headers("member"),
        )
    ).json()
    entries_url = f"/api/v1/cycles/{cycle['id']}/entries"
    logged = await client.post(
        entries_url, json={"body": "Loggført av meg"}, headers=world.headers("member")
    )
    assert logged.status_code == 201
    await client.post("/api/v1/auth/password-reset", json={"email": old_email})
    signed_in = await sign_in(client, old_email)
    assert signed_in.status_code == 200
    token = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    assert (await client.get("/api/v1/me", headers=token)).status_code == 200

    wrong = await client.request(
        "DELETE", "/api/v1/me", json={"password": "not my password"}, headers=token
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "password"
    assert (await client.get("/api/v1/me", headers=token)).status_code == 200

    english = {**token, "Accept-Language": "en"}
    gone = await client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=english
    )
    assert gone.status_code == 204, gone.text

    # Every way in is closed at once: the access token, the refresh cookie, the password.
    assert (await client.get("/api/v1/me", headers=token)).status_code == 401
    assert (await client.post("/api/v1/auth/refresh")).status_code == 401
    assert (await sign_in(client, old_email)).status_code == 401
    assert (await client.get("/api/v1/me", headers=world.headers("member"))).status_code == 401

    # The row is erased, not removed.
    row = await session.get(User, member.id, populate_existing=True)
    assert row is not None and row.deleted_at is not None and not row.is_active
    assert row.name == "Tidligere medlem" and old_name not in row.name
    assert row.email == f"deleted-{member.id}@deleted.invalid"
    assert row.password_hash is None
    for model, column in (
        (Membership, Membership.user_id),
        (RefreshToken, RefreshToken.user_id),
        (PasswordReset, PasswordReset.user_id),
        (WorkspaceFollow, WorkspaceFollow.user_id),
    ):
        assert await count(session, model, column, member.id) == 0, model

    # What they wrote stays, named "former member" in the reader's language.
    feed = await client.get(
        "/api/v1/feed", headers={**world.headers("coordinator"), "Accept-Language": "en"}
    )
    [item] = [i for i in feed.json()["items"] if i["source_id"] == post["id"]]
    assert item["author_name"] == "Former member"
    comments = await client.get(
        "/api/v1/comments",
        params={"target_type": "post", "target_id": post["id"]},
        headers={**world.headers("coordinator"), "Accept-Language": "nn"},
    )
    [kept] = comments.json()["items"]
    assert (kept["body"], kept["author_name"]) == ("Jeg var der", "Tidlegare medlem")
    entries = await client.get(
        entries_url, headers={**world.headers("mentor"), "Accept-Language": "nb"}
    )
    body = entries.json()
    [entry] = body["items"] if isinstance(body, dict) else body
    assert (entry["body"], entry["author_name"]) == ("Loggført av meg", "Tidligere medlem")
    text = feed.text + comments.text + entries.text
    assert old_name not in text and old_email not in text

    [event] = await audit(client, world, "user.deleted")
    assert (event["actor"]["id"], event["target_id"]) == (member.id, member.id)
    assert event["actor"]["name"] == "Tidligere medlem"
    assert event["details"] == {
        "by_project_team": False,
        "content_erased": False,
        "files_erased": 0,
    }
    assert old_email not in str(event) and old_name not in str(event)
    # Deleting twice is not possible: the account no longer exists for the team either.
    again = await client.delete(f"/api/v1/users/{member.id}", headers=world.headers("admin"))
    assert again.status_code == 404


async def test_the_team_deletes_and_erases_content_out_of_the_feed(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    member = world.users["member"]
    old_email = member.email
    post = await make_post(client, world, body="Skal bort", who="member")
    kept_post = await make_post(client, world, body="Koordinatorens", who="coordinator")
    said = await comment(client, world, "member", "post", kept_post["id"], body="Min tekst")
    assert said.status_code == 201
    assert post["id"] in await feed_ids(client, world, "other_member")

    response = await client.delete(
        f"/api/v1/users/{member.id}",
        params={"erase_content": "true"},
        headers=world.headers("admin"),
    )
    assert response.status_code == 204, response.text

    for role in ("other_member", "coordinator", "admin"):
        seen = await feed_ids(client, world, role)
        assert post["id"] not in seen and kept_post["id"] in seen, role
    assert (
        await client.get(f"/api/v1/posts/{post['id']}", headers=world.headers("admin"))
    ).status_code == 404
    listed = await client.get(
        "/api/v1/comments",
        params={"target_type": "post", "target_id": kept_post["id"]},
        headers=world.headers("coordinator"),
    )
    assert "Min tekst" not in listed.text
    for item in listed.json()["items"]:
        assert item["author_name"] is None
    [event] = await audit(client, world, "user.deleted")
    assert event["actor"]["id"] == world.users["admin"].id
    assert event["target_id"] == member.id
    assert event["details"]["content_erased"] is True
    assert event["details"]["by_project_team"] is True
    assert event["details"]["erased"]["posts"] == 1
    row = await session.get(User, member.id, populate_existing=True)
    assert row is not None and row.deleted_at is not None and row.password_hash is None
    assert (await sign_in(client, old_email)).status_code == 401


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_delete_whom(
    client: httpx.AsyncClient, world: World, session: AsyncSession, role: str
) -> None:
    target = world.users["other_member"]
    response = await client.delete(f"/api/v1/users/{target.id}", headers=world.headers(role))
    expected = {"anonymous": 401, "admin": 204}.get(role, 403)
    assert response.status_code == expected, (role, response.text)
    row = await session.get(User, target.id, populate_existing=True)
    assert row is not None and (row.deleted_at is not None) == (expected == 204)
    own = await client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=world.headers(role)
    )
    assert own.status_code == (401 if role == "anonymous" else 204)


async def test_sign_ups_to_coming_gatherings_are_withdrawn_and_needs_erased(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    member = world.users["member"]
    gathering = await create(client, world)
    signed_up = await reg(client, world, gathering, "member", "in_person", diet="Vegetar")
    assert signed_up.status_code == 200, signed_up.text
    export = await client.get("/api/v1/me/export", headers=world.headers("member"))
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    [mine] = json.loads(archive.read("gathering_registrations.json"))
    assert (mine["gathering_id"], mine["diet"]) == (gathering["id"], "Vegetar")

    assert (
        await client.delete(f"/api/v1/users/{member.id}", headers=world.headers("admin"))
    ).status_code == 204
    listed = await client.get(
        f"/api/v1/gatherings/{gathering['id']}/registrations", headers=world.headers("admin")
    )
    assert listed.status_code == 200
    assert "Vegetar" not in listed.text and member.id not in listed.text
    assert await count(session, Registration, Registration.user_id, member.id) == 0


async def test_others_notifications_name_a_deleted_actor_as_former_member(
    client: httpx.AsyncClient, world: World
) -> None:
    member = world.users["member"]
    post = await make_post(client, world, body="Koordinatorens innlegg", who="coordinator")
    said = await comment(client, world, "member", "post", post["id"], body="Godt skrevet")
    assert said.status_code == 201

    async def actors() -> list[Any]:
        response = await client.get(
            "/api/v1/notifications",
            headers={**world.headers("coordinator"), "Accept-Language": "en"},
        )
        assert response.status_code == 200, response.text
        return [n["actor"] for n in response.json()["items"]]

    assert await actors() == [{"id": member.id, "name": "Mads Medlem"}]
    assert (
        await client.delete(f"/api/v1/users/{member.id}", headers=world.headers("admin"))
    ).status_code == 204
    assert await actors() == [{"id": member.id, "name": "Former member"}]


@pytest.mark.parametrize("erase_content", [False, True])
async def test_their_loose_uploads_go_and_their_posts_files_with_erased_posts(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    settings: Settings,
    erase_content: bool,
) -> None:
    """An upload never attached to anything is the person's alone: it goes with the account.
    A post's attachment goes when the project team erases the posts; otherwise it stays with
    the post. Rows and bytes both."""
    member = world.users["member"]

    async def upload(name: str) -> str:
        response = await client.post(
            "/api/v1/files", files={"file": (name, PDF)}, headers=world.headers("member")
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    loose = await upload("utkast.pdf")
    attached = await upload("plan.pdf")
    post = await client.post(
        "/api/v1/posts",
        json={"workspace_id": world.pilot.id, "body": "Planen", "file_id": attached},
        headers=world.headers("member"),
    )
    assert post.status_code == 201, post.text
    keys = {
        file_id: await session.scalar(
            select(StoredFile.storage_key).where(StoredFile.id == file_id)
        )
        for file_id in (loose, attached)
    }
    assert all((settings.storage_dir / str(key)).exists() for key in keys.values())

    response = await client.delete(
        f"/api/v1/users/{member.id}",
        params={"erase_content": str(erase_content).lower()},
        headers=world.headers("admin"),
    )
    assert response.status_code == 204, response.text

    gone = {loose, attached} if erase_content else {loose}
    for file_id, key in keys.items():
        row = await session.scalar(select(StoredFile.id).where(StoredFile.id == file_id))
        assert (row is None) == (file_id in gone), file_id
        assert (settings.storage_dir / str(key)).exists() == (file_id not in gone), file_id
    [event] = await audit(client, world, "user.deleted")
    assert event["details"]["files_erased"] == len(gone)
    if not erase_content:  # the kept post still offers its file to those who may read it
        download = await client.get(
            f"/api/v1/files/{attached}", headers=world.headers("coordinator")
        )
        assert download.status_code == 200 and download.content == PDF
