"""`samklang backup` / `samklang restore`: a backup restored into an empty database is the
same database, table by table and row by row, with the same files (issue: Trust)."""

from __future__ import annotations

import asyncio
import os
import tarfile
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, inspect, text

from samklang.core.config import Settings
from samklang.core.db import make_engine, make_sessionmaker, utcnow
from samklang.core.migrations import upgrade
from samklang.files.models import StoredFile
from samklang.files.service import storage_for
from samklang.files.storage import LocalStorage, Storage
from samklang.jobs.backup import BackupError, backup, restore
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


FILES = {
    "ab/cd/abcd-rapport.pdf": b"%PDF-1.7 rapport \xc3\xa6\xc3\xb8",
    "ef/bilde.png": bytes(range(256)) * 40,
}


async def _store(url: str, storage: Storage, files: dict[str, bytes]) -> None:
    """Save the files through `storage` and list them in the database, as uploads are."""
    engine = make_engine(url, pool=False)
    try:
        async with engine.begin() as conn:
            for key, data in files.items():

                async def chunks(data: bytes = data) -> AsyncIterator[bytes]:
                    yield data

                await storage.save(key, chunks())
                await conn.execute(
                    insert(StoredFile).values(
                        id=str(uuid.uuid4()),
                        name=key.rsplit("/", 1)[-1],
                        content_type="application/octet-stream",
                        size=len(data),
                        storage_key=key,
                        created_at=utcnow(),
                    )
                )
    finally:
        await engine.dispose()


async def _read_all(storage: Storage, keys: Iterable[str]) -> dict[str, bytes]:
    return {key: b"".join([chunk async for chunk in storage.stream(key)]) for key in keys}


def _check_same_database(source: str, target: str) -> None:
    before, after = asyncio.run(_every_row(source)), asyncio.run(_every_row(target))
    assert set(after) == set(before)
    assert sum(len(rows) for rows in before.values()) > 100  # the demo data is really there
    for table, rows in before.items():
        assert after[table] == rows, table


def test_a_restored_backup_is_the_same_database_and_files(
    new_database: Any, settings: Settings, tmp_path: Path
) -> None:
    source = new_database()
    upgrade(source)
    asyncio.run(_seed(source, settings))
    storage = tmp_path / "files"
    asyncio.run(_store(source, LocalStorage(storage), FILES))
    (storage / "stray.tmp").write_bytes(b"no row lists me")  # not in the backup
    archive = tmp_path / "backup" / "samklang.tar.gz"

    manifest = asyncio.run(backup(source, LocalStorage(storage), archive))
    assert manifest.revision is not None
    assert set(manifest.files) == set(FILES)

    target = new_database()
    restored_files = tmp_path / "restored-files"
    asyncio.run(restore(target, LocalStorage(restored_files), archive))

    _check_same_database(source, target)
    assert _files(restored_files) == FILES


def test_backup_and_restore_of_files_in_s3(
    new_database: Any, settings: Settings, s3_settings: Settings, tmp_path: Path
) -> None:
    """The same with the files in an S3 bucket (moto's server): read from one bucket
    through the Storage interface, restored into another, empty one."""
    source = new_database()
    upgrade(source)
    asyncio.run(_seed(source, settings))
    bucket = storage_for(s3_settings)
    big = {"big.bin": os.urandom(9 * 1024 * 1024)}  # more than one multipart part
    asyncio.run(_store(source, bucket, {**FILES, **big}))
    archive = tmp_path / "s3-backup.tar.gz"

    manifest = asyncio.run(backup(source, bucket, archive))
    assert set(manifest.files) == {*FILES, "big.bin"}

    with pytest.raises(BackupError, match="storage is not empty"):
        asyncio.run(restore(new_database(), bucket, archive))
    other = s3_settings.model_copy(update={"s3_bucket": f"restored-{uuid.uuid4().hex[:8]}"})
    storage_for(other).client.create_bucket(Bucket=other.s3_bucket)  # type: ignore[attr-defined]
    target = new_database()
    asyncio.run(restore(target, storage_for(other), archive))

    _check_same_database(source, target)
    assert asyncio.run(_read_all(storage_for(other), manifest.files)) == {**FILES, **big}


def test_restore_refuses_a_database_that_is_not_empty(
    new_database: Any, settings: Settings, tmp_path: Path
) -> None:
    source = new_database()
    upgrade(source)
    archive = tmp_path / "b.tar.gz"
    asyncio.run(backup(source, LocalStorage(tmp_path / "none"), archive))
    with pytest.raises(BackupError, match="database is not empty"):
        asyncio.run(restore(source, LocalStorage(tmp_path / "files"), archive))


def test_restore_refuses_a_tampered_archive(
    new_database: Any, settings: Settings, tmp_path: Path
) -> None:
    source = new_database()
    upgrade(source)
    storage = tmp_path / "files"
    asyncio.run(_store(source, LocalStorage(storage), {"a.txt": b"original"}))
    archive = tmp_path / "b.tar.gz"
    asyncio.run(backup(source, LocalStorage(storage), archive))

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
        asyncio.run(restore(new_database(), LocalStorage(tmp_path / "restored"), tampered))
    assert not (tmp_path / "restored").exists()
