"""A small network to test against: a cohort, a pilot, an observer, people in each role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import Role, User
from samklang.network import service
from samklang.network.models import Cohort, Tier, Workspace, WorkspaceRole
from samklang.network.schemas import CohortIn, CriterionIn, WorkspaceCreate
from tests.conftest import Factory


async def make_cohort(session: AsyncSession) -> Cohort:
    now = datetime.now(UTC)
    return await service.create_cohort(
        session,
        CohortIn(
            name="Kulle 2027–2028",
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 6, 30),
            semesters=["Vår 2027", "Høst 2027", "Vår 2028"],
            applications_open_at=now - timedelta(days=1),
            applications_close_at=now + timedelta(days=30),
            criteria=[
                CriterionIn(title="Forankring", weight=2),
                CriterionIn(title="Samskaping", weight=1),
            ],
        ),
    )


async def make_workspace(
    session: AsyncSession, name: str, tier: Tier, numbers: list[str], cohort: Cohort | None = None
) -> Workspace:
    return await service.create_workspace(
        session,
        WorkspaceCreate(
            name=name,
            tier=tier,
            municipality_numbers=numbers,
            cohort_id=cohort.id if cohort else None,
        ),
    )


@dataclass
class World:
    cohort: Cohort
    pilot: Workspace
    observer: Workspace
    other: Workspace
    users: dict[str, User]
    factory: Factory

    def headers(self, who: str) -> dict[str, str]:
        if who == "anonymous":
            return {}
        return self.factory.headers(self.users[who])


ROLES = (
    "anonymous",
    "admin",
    "mentor",  # mentor of the pilot workspace
    "other_mentor",  # a mentor of another workspace
    "coordinator",  # coordinator of the pilot workspace
    "member",  # member of the pilot workspace
    "other_member",  # member of another pilot workspace
    "observer",  # member of an observer workspace
)


@pytest.fixture
async def world(factory: Factory, session: AsyncSession) -> World:
    cohort = await make_cohort(session)
    pilot = await make_workspace(session, "Bodø", Tier.pilot, ["1804"], cohort)
    observer = await make_workspace(session, "Osterøy", Tier.observer, ["4630"], cohort)
    other = await make_workspace(session, "Asker", Tier.pilot, ["3203"], cohort)
    users: dict[str, Any] = {
        "admin": await factory.user(role=Role.admin, name="Anne Admin"),
        "mentor": await factory.user(role=Role.mentor, name="Mona Mentor"),
        "other_mentor": await factory.user(role=Role.mentor, name="Odd Mentor"),
        "coordinator": await factory.user(name="Kari Koordinator"),
        "member": await factory.user(name="Mads Medlem"),
        "other_member": await factory.user(name="Astrid Asker"),
        "observer": await factory.user(name="Ola Observatør"),
    }
    await service.add_member(
        session,
        users["coordinator"],
        pilot,
        role=WorkspaceRole.coordinator,
        function="culture_school_leader",
    )
    await service.add_member(
        session, users["member"], pilot, role=WorkspaceRole.member, function="teacher"
    )
    await service.add_member(
        session,
        users["other_member"],
        other,
        role=WorkspaceRole.coordinator,
        function="school_owner",
    )
    await service.add_member(
        session, users["observer"], observer, role=WorkspaceRole.coordinator, function="other"
    )
    from samklang.network.models import WorkspaceMentor

    session.add(WorkspaceMentor(workspace_id=pilot.id, user_id=users["mentor"].id))
    session.add(WorkspaceMentor(workspace_id=other.id, user_id=users["other_mentor"].id))
    await session.commit()
    return World(cohort, pilot, observer, other, users, factory)
