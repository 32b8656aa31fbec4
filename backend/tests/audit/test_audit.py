"""The audit log: what is recorded, who may read it, filters, paging and retention."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.audit.models import AuditEvent
from samklang.audit.service import prune, record
from samklang.core.db import utcnow
from tests.conftest import PASSWORD, Factory
from tests.network.conftest import ROLES, World
from tests.network.test_query_counts import count_queries


async def events(client: httpx.AsyncClient, world: World, **query: str) -> list[dict]:
    response = await client.get("/api/v1/audit", params=query, headers=world.headers("admin"))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_sign_ins_and_failures_are_recorded_with_where_from(
    client: httpx.AsyncClient, world: World
) -> None:
    member = world.users["member"]
    bad = await client.post(
        "/api/v1/auth/login", data={"username": member.email, "password": "wrong password"}
    )
    assert bad.status_code == 401
    good = await client.post(
        "/api/v1/auth/login", data={"username": member.email, "password": PASSWORD}
    )
    assert good.status_code == 200

    auth = await events(client, world, action="auth")
    assert [e["action"] for e in auth] == ["auth.sign_in", "auth.sign_in_failed"]
    signed_in, failed = auth
    assert signed_in["actor"] == {"id": member.id, "name": member.name}
    assert signed_in["ip_address"] == "127.0.0.1"
    assert failed["actor"] is None
    assert failed["details"] == {"email": member.email}
    assert failed["ip_address"] == "127.0.0.1"


async def test_membership_changes_are_recorded_with_the_actor(
    client: httpx.AsyncClient, world: World
) -> None:
    coordinator, member = world.users["coordinator"], world.users["member"]
    url = f"/api/v1/workspaces/{world.pilot.id}/members/{member.id}"
    headers = world.headers("coordinator")
    start = utcnow().isoformat()  # (building the world added its members: also recorded)
    assert (
        await client.patch(url, json={"role": "coordinator"}, headers=headers)
    ).status_code == 200
    assert (await client.delete(url, headers=headers)).status_code == 204

    found = await events(
        client, world, action="membership", workspace_id=world.pilot.id, since=start
    )
    assert [(e["action"], e["actor"]["id"], e["target_id"]) for e in found] == [
        ("membership.removed", coordinator.id, member.id),
        ("membership.changed", coordinator.id, member.id),
    ]
    assert found[1]["details"]["role"] == "coordinator"
    assert found[0]["details"] == {"left_by_themselves": False}


async def test_a_rolled_back_act_leaves_no_trace(client: httpx.AsyncClient, world: World) -> None:
    # Demoting the last coordinator is refused (409): nothing is recorded.
    coordinator = world.users["coordinator"]
    url = f"/api/v1/workspaces/{world.pilot.id}/members/{coordinator.id}"
    start = utcnow().isoformat()
    refused = await client.patch(url, json={"role": "member"}, headers=world.headers("coordinator"))
    assert refused.status_code == 409
    assert await events(client, world, action="membership", since=start) == []
    added = await events(client, world, action="membership.added", workspace_id=world.pilot.id)
    assert {e["target_id"] for e in added} >= {coordinator.id}  # the check can see rows


@pytest.mark.parametrize("role", ROLES)
async def test_only_the_project_team_reads_the_log(
    client: httpx.AsyncClient, world: World, role: str
) -> None:
    response = await client.get("/api/v1/audit", headers=world.headers(role))
    expected = {"admin": 200, "anonymous": 401}.get(role, 403)
    assert response.status_code == expected


async def test_filters_paging_and_constant_queries(
    client: httpx.AsyncClient, world: World, session: AsyncSession, engine: AsyncEngine
) -> None:
    admin, member = world.users["admin"], world.users["member"]
    base = utcnow() - timedelta(hours=1)
    for i in range(45):
        session.add(
            AuditEvent(
                at=base + timedelta(minutes=i),
                actor_id=member.id if i % 3 == 0 else admin.id,
                action="export.registrations",
                target_type="gathering",
                target_id=f"g{i}",
                details={},
            )
        )
    await session.flush()

    seen: list[str] = []
    cursor: str | None = None
    await client.get("/api/v1/audit", headers=world.headers("admin"))  # the admin in memory
    with count_queries(engine) as statements:
        while True:
            params = {"action": "export", "limit": "10", **({"cursor": cursor} if cursor else {})}
            body = (
                await client.get("/api/v1/audit", params=params, headers=world.headers("admin"))
            ).json()
            seen += [e["target_id"] for e in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
    assert seen == [f"g{i}" for i in reversed(range(45))]  # newest first, none twice
    # 5 pages; per page: the events with their actors' names (the admin's user row is kept
    # in memory between reads: auth/callers.py).
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5

    by_member = await events(client, world, action="export", actor_id=member.id, limit="100")
    assert len(by_member) == 15
    recent = await events(
        client, world, action="export", since=(base + timedelta(minutes=40)).isoformat()
    )
    assert [e["target_id"] for e in recent] == ["g44", "g43", "g42", "g41", "g40"]


async def test_old_events_are_pruned_after_the_retention_period(
    session: AsyncSession, factory: Factory
) -> None:
    user = await factory.user()
    await record(session, "auth.sign_in", actor=user, target_id="recent")
    session.add(
        AuditEvent(at=utcnow() - timedelta(days=800), action="auth.sign_in", target_id="old")
    )
    await session.flush()
    assert await prune(session, retention_days=730) == 1
    left = (await session.scalars(select(AuditEvent.target_id))).all()
    assert "recent" in left
    assert "old" not in left


async def test_sharing_more_widely_and_exports_are_recorded(
    client: httpx.AsyncClient, world: World
) -> None:
    member = world.users["member"]
    created = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/cycles",
        json={"title": "Korps i skolegården"},
        headers=world.headers("member"),
    )
    assert created.status_code == 201, created.text
    cycle = created.json()
    shared = await client.patch(
        f"/api/v1/cycles/{cycle['id']}",
        json={"version": cycle["version"], "visibility": "network"},
        headers=world.headers("member"),
    )
    assert shared.status_code == 200, shared.text
    [changed] = await events(client, world, action="visibility.changed")
    assert changed["actor"]["id"] == member.id
    assert (changed["target_type"], changed["target_id"]) == ("cycle", cycle["id"])
    assert changed["details"] == {"from": "workspace", "to": "network"}

    csv_export = await client.get("/api/v1/progress/overview.csv", headers=world.headers("admin"))
    assert csv_export.status_code == 200
    [exported] = await events(client, world, action="export.overview")
    assert exported["actor"]["id"] == world.users["admin"].id
