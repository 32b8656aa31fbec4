"""Seats of a gathering under many registrations, cancellations and capacity changes at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import Server, at_once, figure, no_server_errors

pytestmark = pytest.mark.races

ROUNDS = 3


async def gathering(http: httpx.AsyncClient, server: Server, **fields: Any) -> str:
    start = datetime.now(UTC) + timedelta(days=30)
    body = {
        "title": "Samling i kappløp",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=6)).isoformat(),
        **fields,
    }
    response = await http.post(
        "/api/v1/gatherings", json=body, headers=server.headers(await server.admin())
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def register(
    http: httpx.AsyncClient,
    server: Server,
    gathering_id: str,
    user_id: str,
    mode: str = "in_person",
) -> Any:
    return lambda: http.put(
        f"/api/v1/gatherings/{gathering_id}/registration",
        json={"mode": mode},
        headers=server.headers(user_id),
    )


async def seated(server: Server, gathering_id: str, workspaces: list[str] | None = None) -> int:
    from samklang.gatherings.models import Registration

    query = select(func.count()).where(
        Registration.gathering_id == gathering_id,
        Registration.mode == "in_person",
        Registration.status == "confirmed",
    )
    if workspaces is not None:
        query = query.where(Registration.workspace_id.in_(workspaces))
    return int(await server.scalar(query))


async def seat_emails(server: Server, gathering_id: str) -> dict[str, int]:
    """How many "you have a seat" emails each person was sent for this gathering."""
    from samklang.email.models import EmailMessage

    rows = await server.scalars(
        select(EmailMessage.to_address).where(
            EmailMessage.subject.like("Du har fått plass%"),
            EmailMessage.body_text.contains(f"/gatherings/{gathering_id}"),
        )
    )
    out: dict[str, int] = {}
    for address in rows:
        out[address] = out.get(address, 0) + 1
    return out


async def test_capacity_holds_under_a_burst(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: confirmed in-person registrations never exceed the gathering's capacity
    (12 people registering at once for 3 seats: 3 confirmed, 9 waiting)."""
    worst = 0
    for _ in range(ROUNDS):
        workspace = await server.workspace()
        people = await server.members(workspace, 12)
        g = await gathering(http, server, capacity=3)
        responses = await at_once(*(register(http, server, g, p) for p in people))
        no_server_errors(responses)
        worst = max(worst, await seated(server, g))
    figure(f"capacity/{server}", f"at most {worst} confirmed of capacity 3 (12 at once)")
    assert worst <= 3


async def test_workspace_quota_holds(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: one workspace's confirmed in-person seats never exceed seats_per_workspace
    (8 members of one workspace at once for a quota of 2)."""
    worst = 0
    for _ in range(ROUNDS):
        workspace = await server.workspace()
        people = await server.members(workspace, 8)
        g = await gathering(http, server, seats_per_workspace=2)
        no_server_errors(await at_once(*(register(http, server, g, p) for p in people)))
        worst = max(worst, await seated(server, g, [workspace]))
    figure(f"quota/{server}", f"at most {worst} confirmed of a quota of 2 (8 at once)")
    assert worst <= 2


async def test_shared_seat_pool_holds(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: the workspaces sharing a seat pool together never hold more confirmed
    in-person seats than the pool (4 + 4 members of two workspaces at once, pool of 3)."""
    worst = 0
    for _ in range(ROUNDS):
        one, two = await server.workspace(), await server.workspace()
        people = await server.members(one, 4) + await server.members(two, 4)
        pool = {"name": "Felles", "seats": 3, "workspace_ids": [one, two]}
        g = await gathering(http, server, seat_pools=[pool])
        no_server_errors(await at_once(*(register(http, server, g, p) for p in people)))
        worst = max(worst, await seated(server, g, [one, two]))
    figure(f"pool/{server}", f"at most {worst} confirmed of a pool of 3 (8 at once)")
    assert worst <= 3


async def full_with_waiting(
    http: httpx.AsyncClient, server: Server, capacity: int, waiting: int
) -> tuple[str, list[str], list[str]]:
    """A gathering with `capacity` seats taken and `waiting` people on its waiting list."""
    workspace = await server.workspace()
    seated_people = await server.members(workspace, capacity)
    waiting_people = await server.members(workspace, waiting)
    g = await gathering(http, server, capacity=capacity)
    for person in seated_people + waiting_people:  # one by one: a known order
        response = await register(http, server, g, person)()
        assert response.status_code == 200, response.text
    assert await seated(server, g) == capacity
    return g, seated_people, waiting_people


async def test_cancellations_promote_each_waiting_person_once(
    http: httpx.AsyncClient, server: Server
) -> None:
    """Invariant: when K seated people cancel at once, K people move up from the waiting
    list, the seats stay full (never over capacity), and each one promoted gets exactly
    one "you have a seat" email."""
    problems: list[str] = []
    for _ in range(ROUNDS):
        g, seated_people, _waiting = await full_with_waiting(http, server, 3, 4)
        cancels = [register(http, server, g, p, "not_attending") for p in seated_people]
        no_server_errors(await at_once(*cancels))
        emails = await seat_emails(server, g)
        taken = await seated(server, g)
        if taken != 3 or len(emails) != 3 or any(n != 1 for n in emails.values()):
            problems.append(f"{taken} seated of 3, emails {sorted(emails.values())}")
    figure(f"cancel-promotion/{server}", "; ".join(problems) or "3 seated, 3 × one email")
    assert not problems


async def test_capacity_raise_while_cancelling(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: raising the capacity while a seated person cancels fills every seat from
    the waiting list (capacity 2 → 4, one of 2 cancels, 4 waiting: 4 seated after), one
    email per promotion."""
    problems: list[str] = []
    admin = await server.admin()
    for _ in range(ROUNDS):
        g, seated_people, _waiting = await full_with_waiting(http, server, 2, 4)

        def raise_capacity(g: str = g) -> Any:
            return http.patch(
                f"/api/v1/gatherings/{g}", json={"capacity": 4}, headers=server.headers(admin)
            )

        cancel = register(http, server, g, seated_people[0], "not_attending")
        no_server_errors(await at_once(raise_capacity, cancel))
        taken = await seated(server, g)
        emails = await seat_emails(server, g)
        if taken != 4 or sum(emails.values()) != len(emails) or len(emails) != 3:
            problems.append(f"{taken} seated of 4, emails {sorted(emails.values())}")
    figure(f"capacity-raise/{server}", "; ".join(problems) or "4 seated of 4, 3 × one email")
    assert not problems


async def test_double_registration_is_idempotent(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: the same registration sent 4 times at once answers 200 each time and
    leaves one registration (never a 500 from the unique constraint)."""
    from samklang.gatherings.models import Registration

    statuses: list[int] = []
    for _ in range(ROUNDS):
        person = await server.member(await server.workspace())
        g = await gathering(http, server)
        responses = await at_once(*(register(http, server, g, person) for _ in range(4)))
        statuses += [r.status_code for r in responses]
        rows = await server.scalar(
            select(func.count()).where(
                Registration.gathering_id == g, Registration.user_id == person
            )
        )
        assert rows == 1
    figure(f"double-register/{server}", f"statuses {sorted(set(statuses))}")
    assert set(statuses) == {200}
