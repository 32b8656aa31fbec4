"""The schema comes only from Alembic: every migration goes up and down on this database."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from samklang.core.db import make_engine
from samklang.core.migrations import alembic_config, downgrade, upgrade
from samklang.knowledge.search import include_in_autogenerate
from samklang.models import Base
from tests.conftest import BACKEND, PG_URL, _pg_execute


def _tables(url: str) -> set[str]:
    async def run() -> set[str]:
        engine = make_engine(url, pool=False)
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        await engine.dispose()
        return names

    return asyncio.run(run())


def _fresh_url() -> tuple[str, str | None]:
    if BACKEND == "sqlite":
        return f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/migrations.db", None
    name = f"samklang_mig_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_execute(PG_URL, f'CREATE DATABASE "{name}"'))
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False), name


def test_every_migration_upgrades_and_downgrades() -> None:
    url, pg_name = _fresh_url()
    try:
        script = ScriptDirectory.from_config(alembic_config(url))
        revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
        for revision in revisions:  # one step at a time, down and up again
            upgrade(url, revision)
            downgrade(url, "-1")
            upgrade(url, revision)
        tables = _tables(url)
        assert set(Base.metadata.tables) <= tables
        downgrade(url, "base")
        assert _tables(url) <= {"alembic_version"}
        upgrade(url, "head")
        assert set(Base.metadata.tables) <= _tables(url)
    finally:
        if pg_name:
            asyncio.run(_pg_execute(PG_URL, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))


def test_migration_files_are_dated() -> None:
    folder = os.path.join(os.path.dirname(__file__), "..", "..", "migrations", "versions")
    names = [n for n in os.listdir(folder) if n.endswith(".py")]
    assert names
    for name in names:
        assert name[:8].isdigit() and name[8] == "_", name


def test_models_match_migrations(database_url: str) -> None:
    """Autogenerate finds nothing to do: no table is defined outside migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    async def run() -> list[object]:
        engine = make_engine(database_url, pool=False)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"include_name": include_in_autogenerate}),
                    Base.metadata,
                )
            )
        await engine.dispose()
        return list(diff)

    assert asyncio.run(run()) == []
