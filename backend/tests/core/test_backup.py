"""`samklang backup` / `samklang restore`: a backup restored into an empty database is the
same database, table by table and row by row, with the same files (issue: Trust)."""

from __future__ import annotations

import asyncio
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from samklang.core.backup import BackupError, backup, restore
from samklang.core.config import Settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.migrations import upgrade
from samklang.seed import seed_demo
from tests.conftest import BACKEND, PG_URL, _pg_execute


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Any]:
    """Makes empty databases of the backend under test; drops them afterwards."""
    made: list[str] = []

    def make() -> str:
        if BACKEND == "sqlite":
            return f"sqlite+aiosqlite:///{tmp_path}/{uuid.uuid4().hex}.db"
        name = f"samklang_backup_{uuid.uuid4().hex[:12]}"
        asyncio.run(_pg_execute(PG_URL, f'CREATE DATABASE "{name}"'))
        made.append(name)
        return PG_URL.rsplit("/", 1)[0] + f"/{name}"

    yield make
    for name in made:
        asyncio.run(_pg_execute(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _seed(url: str, settings: Settings) -> None:
    engine = make_engine(url, pool=False)
    try:
        async with make_sessionmaker(engine)() as session:
            await seed_demo(session, settings.model_copy(update={"database_url": url}))
            await session.commit()
    finally:
        await engine.dispose()


async def _every_row(url: str) -> dict[str, list[str]]:
    engine = make_engine(url, pool=False)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
            out: dict[str, list[str]] = {}
            for table in tables:
                rows = (await conn.execute(text(f'SELECT * FROM "{table}"'))).all()  # noqa: S608
                out[table] = sorted(repr(tuple(row)) for row in rows)
            return out
    finally:
        await engine.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_restored_backup_is_the_same_database_and_files(
    new_database: Any, settings: Settings, tmp_path: Path
) -> None:
    source = new_database()
    upgrade(source)
    asyncio.run(_seed(source, settings))
    storage = tmp_path / "files"
    (storage / "ab" / "cd").mkdir(parents=True)
    (storage / "ab" / "cd" / "abcd-rapport.pdf").write_bytes(b"%PDF-1.7 rapport \xc3\xa6\xc3\xb8")
    (storage / "ef").mkdir()
    (storage / "ef" / "bilde.png").write_bytes(bytes(range(256)) * 40)
    archive = tmp_path / "backup" / "samklang.tar.gz"

    manifest = backup(source, storage, archive)
    assert manifest.revision is not None
    assert set(manifest.files) == {"ab/cd/abcd-rapport.pdf", "ef/bilde.png"}

    target = new_database()
    restored_files = tmp_path / "restored-files"
    restore(target, restored_files, archive)

    before, after = asyncio.run(_every_row(source)), asyncio.run(_every_row(target))
    assert set(after) == set(before)
    assert sum(len(rows) for rows in before.values()) > 100  # the demo data is really there
    for table, rows in before.items():
        assert after[table] == rows, table
    assert _files(restored_files) == _files(storage)


def test_restore_refuses_a_database_that_is_not_empty(
    new_database: Any, settings: Settings, tmp_path: Path
) -> None:
    source = new_database()
    upgrade(source)
    archive = tmp_path / "b.tar.gz"
    backup(source, tmp_path / "none", archive)
    with pytest.raises(BackupError, match="not empty"):
        restore(source, tmp_path / "files", archive)


def test_restore_refuses_a_tampered_archive(
    new_database: Any, settings: Settings, tmp_path: Path
) -> None:
    source = new_database()
    upgrade(source)
    storage = tmp_path / "files"
    storage.mkdir()
    (storage / "a.txt").write_text("original")
    archive = tmp_path / "b.tar.gz"
    backup(source, storage, archive)

    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(tampered, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member)
            if member.name == "files/a.txt":
                payload = b"changed!"
                member.size = len(payload)
                import io

                copy.addfile(member, io.BytesIO(payload))
            else:
                copy.addfile(member, data)
    with pytest.raises(BackupError, match="checksum"):
        restore(new_database(), tmp_path / "restored", tampered)
    assert not (tmp_path / "restored").exists()
