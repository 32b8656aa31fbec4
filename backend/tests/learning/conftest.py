from __future__ import annotations

import pytest

from samklang.auth.models import User
from tests.conftest import Factory
from tests.network.conftest import World, world  # noqa: F401 - the shared network fixture

LEARNING_ROLES = (
    "anonymous",
    "admin",
    "mentor",
    "other_mentor",
    "coordinator",
    "member",
    "other_member",
    "observer",
    "outsider",
)


@pytest.fixture
async def outsider(world: World, factory: Factory) -> User:  # noqa: F811
    """A signed-in user who belongs to no workspace."""
    user = await factory.user(name="Ulla Utenfor")
    world.users["outsider"] = user
    return user
