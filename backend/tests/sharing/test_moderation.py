"""Moderation: anyone who can read a comment or post reports it; the project team hides it
with a reason; others see a placeholder, the author their text and the reason, and is told."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from samklang.sharing import notify
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.sharing.world_a import comment, feed_ids, make_post

world = network_conftest.world  # the shared fixture


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    real = notify.notify

    async def record(session: Any, **kwargs: Any) -> None:
        calls.append({**kwargs, "recipients": sorted(kwargs["recipients"])})
        await real(session, **kwargs)

    monkeypatch.setattr(notify, "notify", record)
    return calls


async def test_report_hide_and_tell(
    client: httpx.AsyncClient, world: World, told: list[dict[str, Any]]
) -> None:
    post = await make_post(client, world, level="observers")
    rude = (await comment(client, world, "other_member", "post", post["id"], "Frekt")).json()
    report = await client.post(
        "/api/v1/reports",
        json={"target_type": "comment", "target_id": rude["id"], "reason": "Personangrep"},
        headers=world.headers("observer"),
    )
    assert report.status_code == 201, report.text
    listed = (await client.get("/api/v1/moderation/reports", headers=world.headers("admin"))).json()
    assert [(r["target_id"], r["reason"], r["excerpt"]) for r in listed["items"]] == [
        (rude["id"], "Personangrep", "Frekt")
    ]
    assert listed["items"][0]["reporter_name"] == "Ola Observatør"
    assert listed["items"][0]["author_name"] == "Astrid Asker"
    assert listed["items"][0]["resolved_at"] is None
    told.clear()
    response = await client.post(
        "/api/v1/moderation/hide",
        json={"target_type": "comment", "target_id": rude["id"], "reason": "Brudd på reglene"},
        headers=world.headers("admin"),
    )
    assert response.status_code == 204
    assert [(c["kind"], c["recipients"], c["text"]) for c in told] == [
        ("moderation", [world.users["other_member"].id], "Brudd på reglene")
    ]

    async def seen(role: str) -> dict[str, Any]:
        body = (
            await client.get(
                "/api/v1/comments",
                params={"target_type": "post", "target_id": post["id"]},
                headers=world.headers(role),
            )
        ).json()
        return dict(body["items"][0])

    other = await seen("observer")
    assert other["hidden"] is True and other["body"] == "" and other["hidden_reason"] is None
    author = await seen("other_member")
    assert author["body"] == "Frekt" and author["hidden_reason"] == "Brudd på reglene"
    listed = (await client.get("/api/v1/moderation/reports", headers=world.headers("admin"))).json()
    assert listed["items"][0]["hidden"] is True and listed["items"][0]["resolved_at"]
    audit = (
        await client.get(
            "/api/v1/audit", params={"action": "moderation"}, headers=world.headers("admin")
        )
    ).json()["items"]
    assert [(e["target_id"], e["actor"]["id"], e["details"]) for e in audit] == [
        (rude["id"], world.users["admin"].id, {"reason": "Brudd på reglene"})
    ]


async def test_hiding_a_post_takes_it_out_of_the_feed(
    client: httpx.AsyncClient, world: World, told: list[dict[str, Any]]
) -> None:
    post = await make_post(client, world, level="public", body="Reklame")
    assert (
        await client.post(
            "/api/v1/reports",
            json={"target_type": "post", "target_id": post["id"], "reason": "Reklame"},
            headers=world.headers("anonymous"),
        )
    ).status_code == 401
    told.clear()
    await client.post(
        "/api/v1/moderation/hide",
        json={"target_type": "post", "target_id": post["id"], "reason": "Reklame"},
        headers=world.headers("admin"),
    )
    assert told[0]["kind"] == "moderation" and told[0]["recipients"] == [world.users["member"].id]
    assert await feed_ids(client, world, "admin") == []
    other = (await client.get(f"/api/v1/posts/{post['id']}")).json()
    assert other["hidden"] is True and other["body"] == "" and other["hidden_reason"] is None
    own = (await client.get(f"/api/v1/posts/{post['id']}", headers=world.headers("member"))).json()
    assert own["body"] == "Reklame" and own["hidden_reason"] == "Reklame"


async def test_reports_need_a_readable_target(client: httpx.AsyncClient, world: World) -> None:
    post = await make_post(client, world, level="network")
    response = await client.post(
        "/api/v1/reports",
        json={"target_type": "post", "target_id": post["id"], "reason": "?"},
        headers=world.headers("observer"),
    )
    assert response.status_code == 404
    private = (
        await comment(client, world, "mentor", "post", post["id"], "Privat", private=True)
    ).json()
    response = await client.post(
        "/api/v1/reports",
        json={"target_type": "comment", "target_id": private["id"], "reason": "?"},
        headers=world.headers("other_member"),
    )
    assert response.status_code == 404
    response = await client.post(
        "/api/v1/moderation/hide",
        json={"target_type": "comment", "target_id": "nope", "reason": "?"},
        headers=world.headers("admin"),
    )
    assert response.status_code == 404


@pytest.mark.parametrize("target_type", ["comment", "post"])
async def test_reporting_hidden_content_never_returns_its_text(
    client: httpx.AsyncClient, world: World, target_type: str
) -> None:
    post = await make_post(client, world, level="observers", body="Skjult innlegg")
    rude = (await comment(client, world, "other_member", "post", post["id"], "Frekt")).json()
    target_id = rude["id"] if target_type == "comment" else post["id"]
    author = "other_member" if target_type == "comment" else "member"
    hidden = await client.post(
        "/api/v1/moderation/hide",
        json={"target_type": target_type, "target_id": target_id, "reason": "Regler"},
        headers=world.headers("admin"),
    )
    assert hidden.status_code == 204
    for role in ("observer", "mentor", "coordinator", author):
        response = await client.post(
            "/api/v1/reports",
            json={"target_type": target_type, "target_id": target_id, "reason": "Igjen"},
            headers=world.headers(role),
        )
        if role == author:  # its author still reads it, but a report echoes no text
            assert response.status_code == 201, response.text
            assert response.json()["excerpt"] == ""
        else:
            assert response.status_code == 404, (role, response.text)
            assert "Frekt" not in response.text and "Skjult" not in response.text
