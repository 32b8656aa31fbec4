"""The atomic helpers (core/atomic.py) on the database under test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import LoginFailure, User
from samklang.core.atomic import insert_ignore, lock, serialize
from samklang.sharing.models import TopicFollow
from tests.conftest import Factory


async def test_insert_ignore_inserts_once(session: AsyncSession, factory: Factory) -> None:
    """The idempotent put: the first call inserts, the same row again changes nothing."""
    user = await factory.user()
    values = {"user_id": user.id, "topic": "musikk"}
    assert await insert_ignore(session, TopicFollow, values, ["user_id", "topic"]) is True
    assert await insert_ignore(session, TopicFollow, values, ["user_id", "topic"]) is False
    rows = await session.scalars(select(TopicFollow).where(TopicFollow.user_id == user.id))
    assert [r.topic for r in rows] == ["musikk"]


async def test_lock_changes_nothing(session: AsyncSession, factory: Factory) -> None:
    """Locking a row (FOR UPDATE, or SQLite's empty write) leaves it as it was, also its
    updated_at, which calendar clients and caches read."""
    user = await factory.user()
    before = (user.email, user.updated_at)
    await lock(session, User.id, [user.id, user.id])
    await lock(session, User.id, [])
    await session.refresh(user)
    assert (user.email, user.updated_at) == before


async def test_serialize_runs_the_sqlite_write(session: AsyncSession) -> None:
    """The named lock: an advisory lock on PostgreSQL, the given write on SQLite; either
    way the transaction goes on and can be locked again."""
    old = datetime.now(UTC) - timedelta(days=1)
    session.add(LoginFailure(email="a@example.no", ip_address="10.0.0.1", created_at=old))
    await session.flush()
    prune = delete(LoginFailure).where(LoginFailure.created_at < old + timedelta(seconds=1))
    await serialize(session, "sign-in:a@example.no", sqlite_write=prune)
    await serialize(session, "sign-in:a@example.no", sqlite_write=prune)
    left = list(await session.scalars(select(LoginFailure.email)))
    dialect = session.get_bind().dialect.name
    assert left == ([] if dialect == "sqlite" else ["a@example.no"])
