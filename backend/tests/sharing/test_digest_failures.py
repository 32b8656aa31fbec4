"""A digest run that could not do its work says so (`samklang send-digests` exits 1)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from samklang.core.config import Settings
from samklang.sharing import digests
from samklang.sharing.digests import send_digests
from samklang.sharing.notification_models import EmailFrequency
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.sharing.world_b import live, make_cycle, tell

world = network_conftest.world  # the shared fixture
__all__ = ["live"]


async def test_a_failed_digest_is_reported(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cycle = await make_cycle(session, world, "pilot", "network", title="Bodø-syklus")
    await tell(session, world, cycle, recipients=("mentor",), title="Kommentar i Bodø")
    await session.commit()

    async def broken(*_args: Any, **_kwargs: Any) -> bool:
        raise RuntimeError("the digest could not be built")

    monkeypatch.setattr(digests, "digest_for", broken)
    failures: list[str] = []
    assert await send_digests(maker, settings, EmailFrequency.daily, failures=failures) == 0
    assert failures == [world.users["mentor"].id]
