"""Demo data for a laptop or a demo server. Idempotent; refused in production."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth import repository as auth_repo
from samklang.auth import service as auth_service
from samklang.auth.models import Role

DEMO_PASSWORD = "samklang-demo"  # noqa: S105 - documented demo password


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    description: str


DEMO_USERS = (
    DemoUser("admin@demo.samklang.no", "Prosjektteamet Demo", Role.admin, "project team"),
    DemoUser("veileder@demo.samklang.no", "Vera Veileder", Role.mentor, "mentor"),
    DemoUser("pilot@demo.samklang.no", "Per Pilot", Role.member, "pilot team member"),
    DemoUser("observator@demo.samklang.no", "Olga Observatør", Role.member, "observer member"),
)


async def seed_demo(session: AsyncSession) -> list[tuple[DemoUser, bool]]:
    """Create what is missing. Returns each demo user and whether it was created now."""
    result = []
    for demo in DEMO_USERS:
        existing = await auth_repo.user_by_email(session, demo.email)
        if existing is None:
            await auth_service.create_user(
                session, email=demo.email, name=demo.name, role=demo.role, password=DEMO_PASSWORD
            )
        result.append((demo, existing is None))
    return result
