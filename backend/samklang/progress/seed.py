"""Demo data of the progress domain (called by samklang.seed.seed_demo)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User


async def seed_progress(session: AsyncSession, users: dict[str, User]) -> None:
    """Create the progress demo data (seed_demo calls it once per new demo network)."""
    return None
