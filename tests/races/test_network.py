"""Workspaces, members and applications under requests at the same moment."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import Server, at_once, figure, no_server_errors

pytestmark = pytest.mark.races

ROUNDS = 3


async def coordinators(server: Server, workspace_id: str) -> int:
    from samklang.network.models import Membership

    return int(
        await server.scalar(
            select(func.count()).where(
                Membership.workspace_id == workspace_id, Membership.role == "coordinator"
            )
        )
    )


async def test_two_coordinators_leaving_leave_one(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: a workspace keeps at least one coordinator when its two coordinators
    leave at the same moment (one leaves, the other gets a 409)."""
    left_none = 0
    for _ in range(ROUNDS):
        w = await server.workspace()
        a, b = await server.members(w, 2, role="coordinator")
        responses = await at_once(
            *(
                lambda u=u: http.delete(
                    f"/api/v1/workspaces/{w}/members/{u}", headers=server.headers(u)
                )
                for u in (a, b)
            )
        )
        no_server_errors(responses)
        left_none += await coordinators(server, w) == 0
    figure(f"coordinators-leave/{server}", f"{left_none} of {ROUNDS} workspaces left without one")
    assert left_none == 0


async def test_coordinators_demoting_each_other_leave_one(
    http: httpx.AsyncClient, server: Server
) -> None:
    """Invariant: a workspace keeps at least one coordinator when its two coordinators
    demote each other at the same moment."""
    left_none = 0
    for _ in range(ROUNDS):
        w = await server.workspace()
        a, b = await server.members(w, 2, role="coordinator")
        responses = await at_once(
            *(
                lambda me=me, other=other: http.patch(
                    f"/api/v1/workspaces/{w}/members/{other}",
                    json={"role": "member"},
                    headers=server.headers(me),
                )
                for me, other in ((a, b), (b, a))
            )
        )
        no_server_errors(responses)
        left_none += await coordinators(server, w) == 0
    figure(f"coordinators-demote/{server}", f"{left_none} of {ROUNDS} workspaces left without one")
    assert left_none == 0


async def test_adding_a_member_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: the same person added to a workspace 3 times at once becomes a member once;
    the other requests get a 409 problem, never a 500."""
    from samklang.auth.models import User
    from samklang.network.models import Membership

    statuses: list[int] = []
    for _ in range(ROUNDS):
        w = await server.workspace()
        coordinator = await server.member(w, role="coordinator")
        person = await server.user()
        email = await server.scalar(select(User.email).where(User.id == person))
        body = {"email": email, "name": "Ny", "role": "member", "function": "teacher"}
        responses = await at_once(
            *(
                lambda: http.post(
                    f"/api/v1/workspaces/{w}/members",
                    json=body,
                    headers=server.headers(coordinator),
                )
                for _ in range(3)
            )
        )
        statuses += [r.status_code for r in responses]
        rows = await server.scalar(
            select(func.count()).where(Membership.workspace_id == w, Membership.user_id == person)
        )
        assert rows == 1
    figure(f"add-member/{server}", f"statuses {sorted(set(statuses))}")
    assert max(statuses) < 500
    assert set(statuses) <= {200, 201, 409}


async def cohort(server: Server) -> tuple[str, str]:
    """A cohort with one criterion: (cohort id, criterion id)."""
    from samklang.network.models import Cohort, Criterion

    cohort_id, criterion_id = str(uuid.uuid4()), str(uuid.uuid4())
    today = date.today()
    await server.add(
        Cohort(id=cohort_id, name=f"Kull {cohort_id[:6]}", starts_on=today,
               ends_on=today + timedelta(days=700), semesters=[])
    )  # fmt: skip
    await server.add(Criterion(id=criterion_id, cohort_id=cohort_id, title="Forankring", weight=1))
    return cohort_id, criterion_id


async def free_municipalities(server: Server, n: int) -> list[str]:
    """`n` municipalities that no workspace or application names yet."""
    from samklang.network.models import (
        ApplicationMunicipality,
        Municipality,
        WorkspaceMunicipality,
    )

    taken = select(WorkspaceMunicipality.municipality_number).union(
        select(ApplicationMunicipality.municipality_number)
    )
    return list(
        await server.scalars(
            select(Municipality.number)
            .where(Municipality.number.not_in(taken))
            .order_by(Municipality.number)
            .limit(n)
        )
    )


async def application(server: Server, cohort_id: str, numbers: list[str]) -> str:
    from samklang.network.models import Application, ApplicationMunicipality

    applicant = await server.user()
    application_id = str(uuid.uuid4())
    await server.add(
        Application(id=application_id, cohort_id=cohort_id, applicant_id=applicant,
                    status="submitted", motivation="Vi vil", team=[])
    )  # fmt: skip
    await server.add(
        *(
            ApplicationMunicipality(
                application_id=application_id, municipality_number=n, position=i
            )
            for i, n in enumerate(numbers)
        )
    )
    return application_id


def decide(http: httpx.AsyncClient, server: Server, admin: str, application_id: str) -> Any:
    return lambda: http.post(
        f"/api/v1/applications/{application_id}/decision",
        json={"outcome": "pilot", "message": "Velkommen"},
        headers=server.headers(admin),
    )


async def test_two_applications_for_the_same_municipalities(
    http: httpx.AsyncClient, server: Server
) -> None:
    """Invariant: two applications naming the same municipalities, accepted at the same
    moment, give one workspace for those municipalities (the second joins it)."""
    from samklang.network.models import WorkspaceMunicipality

    admin = await server.admin()
    worst = 0
    for _ in range(ROUNDS):
        cohort_id, _criterion = await cohort(server)
        numbers = await free_municipalities(server, 2)
        one = await application(server, cohort_id, numbers)
        two = await application(server, cohort_id, numbers)
        responses = await at_once(
            decide(http, server, admin, one), decide(http, server, admin, two)
        )
        no_server_errors(responses)
        workspaces = await server.scalar(
            select(func.count(func.distinct(WorkspaceMunicipality.workspace_id))).where(
                WorkspaceMunicipality.municipality_number == numbers[0]
            )
        )
        worst = max(worst, int(workspaces))
    figure(f"decide-same-municipalities/{server}", f"at most {worst} workspace(s) for them")
    assert worst == 1


async def test_deciding_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: one application decided twice at the same moment is decided once (one
    200, one 409), never a 500."""
    admin = await server.admin()
    statuses: list[int] = []
    for _ in range(ROUNDS):
        cohort_id, _criterion = await cohort(server)
        one = await application(server, cohort_id, await free_municipalities(server, 1))
        responses = await at_once(
            decide(http, server, admin, one), decide(http, server, admin, one)
        )
        statuses += [r.status_code for r in responses]
    figure(f"decide-twice/{server}", f"statuses {sorted(statuses)}")
    assert sorted(statuses) == [200, 409] * 0 + sorted([200] * ROUNDS + [409] * ROUNDS)


async def test_scores_sent_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: a reviewer's scores sent 3 times at once give one score per criterion
    and answer 200 each time."""
    from samklang.network.models import Score

    admin = await server.admin()
    statuses: list[int] = []
    for _ in range(ROUNDS):
        cohort_id, criterion = await cohort(server)
        one = await application(server, cohort_id, await free_municipalities(server, 1))
        body = {"scores": [{"criterion_id": criterion, "score": 4, "comment": "God"}]}
        responses = await at_once(
            *(
                lambda: http.put(
                    f"/api/v1/applications/{one}/scores", json=body, headers=server.headers(admin)
                )
                for _ in range(3)
            )
        )
        statuses += [r.status_code for r in responses]
        rows = await server.scalar(select(func.count()).where(Score.application_id == one))
        assert rows == 1
    figure(f"score-twice/{server}", f"statuses {sorted(set(statuses))}")
    assert set(statuses) == {200}
