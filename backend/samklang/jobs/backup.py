"""`samklang backup` and `samklang restore`: the database and the uploaded files in one archive.

The archive is a gzipped tar with:

- `manifest.json`: format version, when, which database kind, the schema revision, and the
  SHA-256 of the database dump and of every file;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`, restored with `pg_restore`) or
  `database.sqlite3` (SQLite, through its online backup API, so a running server is fine);
- `files/<key>`: every stored file that the database lists (`files.storage_key`),
  read through the `Storage` interface, so the local folder and an S3 bucket alike.

Restore goes into an EMPTY database (and an empty storage: folder or bucket): it refuses
to mix a backup into live data; the files are written back through `Storage`.
Extraction uses tarfile's "data" filter (no absolute paths, no links out of the
target, no device files), and every checksum is verified before anything is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
from sqlalchemy.engine import URL, make_url

from samklang.files.storage import Storage

FORMAT = 1
REVISION_SQL = "SELECT version_num FROM alembic_version"
TABLES_SQL = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
KEYS_SQL = "SELECT storage_key FROM files ORDER BY storage_key"


class BackupError(RuntimeError):
    """The backup or restore could not be done (the message says why)."""


@dataclass(frozen=True)
class Manifest:
    created_at: str
    dialect: str
    revision: str | None
    database: str
    database_sha256: str
    files: dict[str, str]

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **self.__dict__}, indent=2, sort_keys=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the environment."""
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _revision(url: URL) -> str | None:
    if _is_sqlite(url):
        with sqlite3.connect(_sqlite_path(url)) as conn:
            try:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                return None
        return str(row[0]) if row else None
    out = _pg_tool("psql", url, "--dbname", url.database or "", "-Atc", REVISION_SQL)
    return out.strip() or None


def _pg_tool(name: str, url: URL, *arguments: str) -> str:
    """Run a PostgreSQL client tool (psql, pg_dump, pg_restore) against `url`; its stdout."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools)")
    args, env = _libpq(url)
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments from our own settings
        [path, *args, *arguments], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()[:500]}")
    return done.stdout


def _dump(url: URL, folder: Path) -> Path:
    if _is_sqlite(url):
        dump = folder / "database.sqlite3"
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(dump)
        try:
            source.backup(target)  # the online backup API: consistent while in use
        finally:
            target.close()
            source.close()
        return dump
    dump = folder / "database.dump"
    _pg_tool(
        "pg_dump",
        url,
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        str(dump),
        url.database or "",
    )
    return dump


def _stored_keys(url: URL, dump: Path) -> list[str]:
    """The storage keys of the files the database lists. SQLite: read from the dump
    itself, so exactly the files of the rows backed up. PostgreSQL: asked after the dump,
    so every row in the dump is there (a file deleted since is skipped)."""
    if _is_sqlite(url):
        with sqlite3.connect(dump) as conn:
            try:
                return [str(row[0]) for row in conn.execute(KEYS_SQL)]
            except sqlite3.OperationalError:  # not migrated: no files table
                return []
    try:
        out = _pg_tool("psql", url, "--dbname", url.database or "", "-Atc", KEYS_SQL)
    except BackupError as exc:
        if "does not exist" in str(exc):
            return []
        raise
    return [line for line in out.splitlines() if line]


async def _fetch(storage: Storage, key: str, target: Path) -> str | None:
    """Copy one stored file to `target`; its SHA-256, or None when it is gone."""
    digest = hashlib.sha256()
    try:
        async with await anyio.open_file(target, "wb") as handle:
            async for chunk in storage.stream(key):
                digest.update(chunk)
                await handle.write(chunk)
    except FileNotFoundError:
        await anyio.to_thread.run_sync(lambda: target.unlink(missing_ok=True))
        return None
    return digest.hexdigest()


async def backup(database_url: str, storage: Storage, output: Path) -> Manifest:
    """Write one archive with the database and every stored file it lists."""
    url = make_url(database_url)
    await anyio.to_thread.run_sync(lambda: output.parent.mkdir(parents=True, exist_ok=True))
    with tempfile.TemporaryDirectory(prefix="samklang-backup-") as work:
        folder = Path(work)
        dump = await anyio.to_thread.run_sync(_dump, url, folder)
        keys = await anyio.to_thread.run_sync(_stored_keys, url, dump)
        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(),
            dialect="sqlite" if _is_sqlite(url) else "postgresql",
            revision=await anyio.to_thread.run_sync(_revision, url),
            database=dump.name,
            database_sha256=await anyio.to_thread.run_sync(_sha256, dump),
            files={},
        )
        partial = output.with_name(output.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                await anyio.to_thread.run_sync(lambda: archive.add(dump, arcname=dump.name))
                # One file at a time through a temporary copy: the archive needs each size
                # before the bytes, and an S3 object is only a stream.
                for key in keys:
                    with tempfile.TemporaryDirectory(dir=folder) as one:
                        copy = Path(one) / "file"
                        digest = await _fetch(storage, key, copy)
                        if digest is None:
                            continue
                        manifest.files[key] = digest
                        await anyio.to_thread.run_sync(archive.add, copy, f"files/{key}")
                data = manifest.to_json().encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                info.mtime = int(datetime.now(UTC).timestamp())
                await anyio.to_thread.run_sync(lambda: archive.addfile(info, io.BytesIO(data)))
        except BaseException:
            await anyio.to_thread.run_sync(lambda: partial.unlink(missing_ok=True))
            raise
        partial.replace(output)  # never leave a half-written archive under the real name
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    member = archive.extractfile("manifest.json")
    if member is None:
        raise BackupError("Not a Samklang backup: manifest.json is missing")
    raw: dict[str, Any] = json.loads(member.read())
    if raw.pop("format", None) != FORMAT:
        raise BackupError("Unknown backup format")
    return Manifest(**raw)


def _database_is_empty(url: URL) -> bool:
    if _is_sqlite(url):
        path = _sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as conn:
            count = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
            return bool(count.fetchone()[0] == 0)
    out = _pg_tool("psql", url, "--dbname", url.database or "", "-Atc", TABLES_SQL)
    return out.strip() == "0"


def _restore_database(url: URL, dump: Path) -> None:
    if _is_sqlite(url):
        target_path = _sqlite_path(url)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(dump)
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    _pg_tool(
        "pg_restore",
        url,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        url.database or "",
        str(dump),
    )


def _open_and_check(url: URL, archive_path: Path, folder: Path) -> Manifest:
    """Extract the archive into `folder` and verify every checksum; nothing is written to
    the database or the storage before all of them match."""
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        dialect = "sqlite" if _is_sqlite(url) else "postgresql"
        if manifest.dialect != dialect:
            raise BackupError(f"This backup is of a {manifest.dialect} database, not {dialect}")
        if not _database_is_empty(url):
            raise BackupError("The target database is not empty: restore only into a new one")
        archive.extractall(folder, filter="data")
    if _sha256(folder / manifest.database) != manifest.database_sha256:
        raise BackupError("The database dump does not match its checksum")
    for name, digest in manifest.files.items():
        if _sha256(folder / "files" / name) != digest:
            raise BackupError(f"The file {name} does not match its checksum")
    return manifest


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    async with await anyio.open_file(path, "rb") as handle:
        while chunk := await handle.read(1 << 20):
            yield chunk


async def restore(database_url: str, storage: Storage, archive_path: Path) -> Manifest:
    """Restore an archive into an empty database and an empty storage."""
    url = make_url(database_url)
    if not await storage.is_empty():
        raise BackupError("The file storage is not empty: restore only into an empty one")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        manifest = await anyio.to_thread.run_sync(_open_and_check, url, archive_path, folder)
        await anyio.to_thread.run_sync(_restore_database, url, folder / manifest.database)
        for name in manifest.files:
            await storage.save(name, _chunks(folder / "files" / name))
    return manifest
