"""Hearing the other API processes' commits (core/changes.py). On PostgreSQL a process
LISTENs for the table names each commit NOTIFYs, and while it cannot listen its read cache
stands aside; SQLite is one process, so it hears everything it needs by itself."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, text

from samklang.core.changes import ChangeListener, Changes, announce_everything
from samklang.core.config import Settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.migrations import upgrade
from samklang.main import create_app
from tests.conftest import PG_URL


async def eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail("timed out")
        await asyncio.sleep(0.02)


async def test_the_app_knows_whether_it_hears_its_peers(settings: Settings) -> None:
    app = create_app(settings)
    assert app.state.hears_peers is None  # before start-up the cache stands aside
    async with app.router.lifespan_context(app):
        if settings.is_sqlite:
            assert app.state.hears_peers()
        else:
            await eventually(app.state.hears_peers)


@pytest.fixture
async def pg_url(database_url: str) -> str:
    """The listener is PostgreSQL's: the SQLite run tests it against the server's database
    (with CI=true an unreachable server fails the test, as in tests/conftest.py)."""
    if not database_url.startswith("sqlite"):
        return database_url
    engine = make_engine(PG_URL, pool=False)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except OSError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL at {PG_URL} is unreachable (this fails when CI=true)")
    finally:
        await engine.dispose()
    return PG_URL


async def test_a_peer_commit_is_heard_by_table_and_a_rollback_not_at_all(pg_url: str) -> None:
    database_url = pg_url
    changes = Changes()
    listener = ChangeListener(database_url, changes=changes)
    listener.own_tag = "another-process"  # hear this process as if it were a peer
    engine = make_engine(database_url, pool=False)
    maker = make_sessionmaker(engine)
    name = f"cache_probe_{uuid.uuid4().hex[:8]}"
    probe = Table(name, MetaData(), Column("x", Integer))
    listener.start()
    try:
        await eventually(lambda: listener.live)
        before = changes.stamp((name, "feed_items"))
        async with maker() as session:
            await session.execute(text(f"CREATE TABLE {name} (x integer)"))
            await session.commit()
        # DDL counts as a write to everything
        await eventually(lambda: changes.everything > before[0])
        before = changes.stamp((name, "feed_items"))
        async with maker() as session:
            await session.execute(insert(probe).values(x=1))
            await session.commit()
        await eventually(lambda: changes.stamp((name, "feed_items"))[1] > before[1])
        after = changes.stamp((name, "feed_items"))
        assert after[0] == before[0] and after[2] == before[2]  # only that table
        async with maker() as session:
            await session.execute(insert(probe).values(x=2))
            await session.rollback()
        async with maker() as session:  # a later commit shows the rollback was not heard
            await session.execute(text(f"DELETE FROM {name}"))  # noqa: S608 - our own name
            await session.commit()
        await eventually(lambda: changes.everything > after[0])
        assert changes.stamp((name,))[1] == after[1]
    finally:
        async with maker() as session:
            await session.execute(text(f"DROP TABLE IF EXISTS {name}"))
            await session.commit()
        await listener.stop()
        await engine.dispose()


async def test_a_lost_connection_turns_the_cache_off_until_it_is_back(pg_url: str) -> None:
    database_url = pg_url
    changes = Changes()
    listener = ChangeListener(database_url, changes=changes)
    engine = make_engine(database_url, pool=False)
    listener.start()
    try:
        await eventually(lambda: listener.live)
        pid = listener.backend_pid
        everything = changes.everything
        async with engine.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await eventually(lambda: not listener.live or listener.backend_pid != pid)
        await eventually(lambda: listener.live and listener.backend_pid != pid)
        # what it may have missed meanwhile counts as a write to everything
        assert changes.everything > everything
    finally:
        await listener.stop()
        await engine.dispose()


async def test_on_sqlite_a_write_by_another_process_makes_kept_answers_stale(
    settings: Settings, tmp_path: Path
) -> None:
    """SQLite carries no notifications: the cache also compares the database files, which a
    commit from any process changes (here the command line's stand-in: plain sqlite3)."""
    path = tmp_path / "outside.db"
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url)  # Alembic runs its own event loop
    app = create_app(settings.model_copy(update={"database_url": url}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            # the first connection creates the write-ahead log: read once before counting
            assert (await c.get("/api/v1/feed")).json()["items"] == []
            hits = app.state.read_cache.hits
            assert (await c.get("/api/v1/feed")).json()["items"] == []
            assert (await c.get("/api/v1/feed")).json()["items"] == []
            assert app.state.read_cache.hits == hits + 1
            with contextlib.closing(sqlite3.connect(path)) as other, other:
                other.execute(
                    "INSERT INTO feed_items (id, kind, source_type, source_id, visibility,"
                    " title, excerpt, created_at, updated_at)"
                    " VALUES (?, 'resource', 'resource', ?, 'public', 'Fra kommandolinjen', '',"
                    " '2026-11-27 10:00:00.000000', '2026-11-27 10:00:00.000000')",
                    (str(uuid.uuid4()), str(uuid.uuid4())),
                )
            items = (await c.get("/api/v1/feed")).json()["items"]
            assert [i["title"] for i in items] == ["Fra kommandolinjen"]
            assert app.state.read_cache.hits == hits + 1


async def test_a_migration_tells_every_process_that_anything_may_have_changed(
    pg_url: str, database_url: str
) -> None:
    changes = Changes()
    listener = ChangeListener(pg_url, changes=changes)
    listener.start()
    try:
        await eventually(lambda: listener.live)
        everything = changes.everything
        if database_url == pg_url:  # this run's own database, already at head
            await asyncio.to_thread(upgrade, pg_url)
        else:  # the SQLite run borrows the server's database: announce without migrating it
            await asyncio.to_thread(announce_everything, pg_url)
        await eventually(lambda: changes.everything > everything)
    finally:
        await listener.stop()
