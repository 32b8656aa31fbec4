"""Requests that write nothing run without a unit of work; writing requests keep theirs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from samklang.auth.models import User
from samklang.core.db import (
    READ_ONLY,
    ReadOnlyViolation,
    make_engine,
    make_read_sessionmaker,
    new_id,
)
from samklang.core.deps import WRITES, SessionDep
from samklang.knowledge.models import Topic


@pytest.fixture
async def pooled(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A pooled engine as the server has, on the test database (nothing is written)."""
    engine = make_engine(database_url, pool_size=1)
    try:
        yield engine
    finally:
        await engine.dispose()


def _app(maker: async_sessionmaker[AsyncSession]) -> FastAPI:
    app = FastAPI()
    app.state.sessionmaker = maker
    seen: dict[str, Any] = {}
    app.state.seen = seen

    @app.get("/read")
    async def read(session: SessionDep) -> dict[str, bool]:
        seen["read_only"] = session.info.get(READ_ONLY, False)
        await session.scalar(select(User.id).limit(1))
        return {"ok": True}

    @app.get("/sneaky")
    async def sneaky(session: SessionDep) -> dict[str, bool]:
        session.add(
            Topic(id=new_id(), slug=f"t-{new_id()[:8]}", name_nb="T", name_nn="T", name_en="T")
        )
        await session.flush()
        return {"ok": True}

    @app.get("/counted", dependencies=[WRITES])
    async def counted(session: SessionDep) -> dict[str, bool]:
        seen["read_only"] = session.info.get(READ_ONLY, False)
        session.add(
            Topic(id=new_id(), slug=f"t-{new_id()[:8]}", name_nb="T", name_nn="T", name_en="T")
        )
        await session.flush()
        return {"ok": True}

    @app.post("/write")
    async def write(session: SessionDep) -> dict[str, bool]:
        seen["read_only"] = session.info.get(READ_ONLY, False)
        return {"ok": True}

    return app


async def test_a_get_gets_a_read_session_that_refuses_writes(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    app = _app(maker)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/read")).status_code == 200
        assert app.state.seen["read_only"] is True
        assert (await client.post("/write")).status_code == 200
        assert app.state.seen["read_only"] is False
        # A GET marked as writing (an audited export, a counted download) has a unit of work.
        assert (await client.get("/counted")).status_code == 200
        assert app.state.seen["read_only"] is False
        with pytest.raises(ReadOnlyViolation):
            await client.get("/sneaky")


async def test_a_read_session_starts_no_transaction(pooled: AsyncEngine) -> None:
    """On PostgreSQL each statement of a read session is a transaction of its own (no
    BEGIN, no COMMIT), so `now()`, the start of the transaction, moves between statements.
    SQLite starts no transaction for a SELECT in the first place."""
    maker = make_read_sessionmaker(pooled)
    async with maker() as session:
        first = await session.scalar(text("SELECT CURRENT_TIMESTAMP"))
        await asyncio.sleep(0.05)
        second = await session.scalar(text("SELECT CURRENT_TIMESTAMP"))
        if pooled.dialect.name == "postgresql":
            assert first != second
            in_transaction = await session.scalar(text("SELECT txid_current_if_assigned()"))
            assert in_transaction is None
        else:
            assert first is not None and second is not None
    # and a unit of work still is one transaction
    async with AsyncSession(pooled) as session, session.begin():
        first = await session.scalar(text("SELECT CURRENT_TIMESTAMP"))
        await asyncio.sleep(0.05)
        second = await session.scalar(text("SELECT CURRENT_TIMESTAMP"))
        if pooled.dialect.name == "postgresql":
            assert first == second


async def test_a_read_retries_once_on_a_dropped_connection(
    pooled: AsyncEngine, database_url: str
) -> None:
    """The pool does not ping before use; a connection the database dropped (a restart,
    here a terminated backend) fails its first statement, and the read runs again on a new
    connection. SQLite has no server to drop it: the read simply answers."""
    maker = make_read_sessionmaker(pooled)
    async with maker() as session:
        assert await session.scalar(text("SELECT 1")) == 1
    if pooled.dialect.name == "postgresql":
        async with maker() as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
        killer = make_engine(database_url, pool=False)
        try:
            async with killer.connect() as conn:
                await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        finally:
            await killer.dispose()
        # the pooled connection (pool_size=1: the same one) is now dead
        async with maker() as session:
            assert await session.scalar(text("SELECT pg_backend_pid()")) != pid
    async with maker() as session:
        assert await session.scalar(text("SELECT 1")) == 1


async def test_the_writes_mark_holds_behind_a_routers_own_dependencies(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    """A router included with dependencies of its own (signed in, say) solves them, and the
    session they use, before a route's: the mark is read from the route, not the order."""
    from fastapi import APIRouter, Depends

    seen: dict[str, Any] = {}

    async def signed_in(session: SessionDep) -> None:
        seen["signed_in_read_only"] = session.info.get(READ_ONLY, False)

    router = APIRouter()

    @router.get("/calendar", dependencies=[WRITES])
    async def calendar(session: SessionDep) -> dict[str, bool]:
        seen["read_only"] = session.info.get(READ_ONLY, False)
        session.add(
            Topic(id=new_id(), slug=f"t-{new_id()[:8]}", name_nb="T", name_nn="T", name_en="T")
        )
        await session.flush()
        return {"ok": True}

    app = FastAPI()
    app.state.sessionmaker = maker
    app.include_router(router, dependencies=[Depends(signed_in)])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/calendar")).status_code == 200
    assert seen == {"signed_in_read_only": False, "read_only": False}
