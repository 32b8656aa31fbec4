"""Two API processes (uvicorn) as two replicas would run: one fresh PostgreSQL database on
the machine's 127.0.0.1:5432, the machine's Redis (127.0.0.1:6379) for live events, moto's
S3 server for the files, and each with its own scheduler ticking every half second.

Without PostgreSQL, Redis or moto the tests skip, except with CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from serving import VENV_BIN, moto_s3, unavailable, uvicorn_apps  # noqa: E402

PG = os.environ.get("SAMKLANG_REPLICAS_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SAMKLANG_REPLICAS_REDIS", "redis://127.0.0.1:6379/0")
LOGIN_LIMIT = 4
DEMO_PASSWORD = "samklang-demo"
USERS = ("pilot@demo.samklang.no", "veileder@demo.samklang.no", "observator@demo.samklang.no")
# The three people the tests sign in as, made in one process (the whole demo data would
# take longer than the tests).
MAKE_USERS = """
import asyncio, sys
import samklang.models  # every table, before writing (core/changes.py walks them)
from samklang.auth.models import Role
from samklang.auth.service import create_user
from samklang.core.config import get_settings
from samklang.core.db import make_engine, make_sessionmaker

async def main():
    engine = make_engine(get_settings().database_url, pool=False)
    async with make_sessionmaker(engine)() as session:
        for email in sys.argv[2:]:
            await create_user(
                session, email=email, name=email, role=Role.member, password=sys.argv[1]
            )
        await session.commit()
    await engine.dispose()

asyncio.run(main())
"""


@dataclass
class Replicas:
    one: str
    two: str
    database: str
    backups: Path
    bucket: str

    def sql(self, query: str) -> list[list[str]]:
        """Rows of a query on the replicas' database (through psql)."""
        done = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", self.database, "-AtF", "\t",
             "-c", query],
            capture_output=True, text=True, timeout=30, check=True,
        )  # fmt: skip
        return [line.split("\t") for line in done.stdout.splitlines() if line]


def _psql(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _reachable(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=2):
        return True
    return False


def _run(args: list[str], env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"`{' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="module")
def replicas() -> Iterator[Replicas]:
    if shutil.which("psql") is None or _psql("-c", "SELECT 1").returncode != 0:
        unavailable("PostgreSQL at 127.0.0.1:5432 (user postgres) is unreachable")
    if not _reachable("127.0.0.1", 6379):
        unavailable("Redis at 127.0.0.1:6379 is unreachable")
    import boto3

    database = f"samklang_replicas_{uuid.uuid4().hex[:12]}"
    tmp = Path(tempfile.mkdtemp(prefix="samklang-replicas-"))
    created = _psql("-c", f'CREATE DATABASE "{database}"')
    assert created.returncode == 0, created.stderr
    try:
        with moto_s3() as s3, contextlib.ExitStack() as servers:
            bucket = "samklang-replicas"
            boto3.client(
                "s3",
                endpoint_url=s3,
                region_name="us-east-1",
                aws_access_key_id="test",
                aws_secret_access_key="test",
            ).create_bucket(Bucket=bucket)
            env = {
                **os.environ,
                "SAMKLANG_ENV": "test",
                "SAMKLANG_DATABASE_URL": f"{PG}/{database}",
                "SAMKLANG_REDIS_URL": REDIS,
                "SAMKLANG_EVENTS_CHANNEL_PREFIX": f"samklang-replicas-{uuid.uuid4().hex[:8]}",
                "SAMKLANG_STORAGE_BACKEND": "s3",
                "SAMKLANG_S3_ENDPOINT_URL": s3,
                "SAMKLANG_S3_BUCKET": bucket,
                "SAMKLANG_S3_ACCESS_KEY_ID": "test",
                "SAMKLANG_S3_SECRET_ACCESS_KEY": "test",
                "SAMKLANG_RUN_SCHEDULER": "true",
                "SAMKLANG_SCHEDULER_TICK_SECONDS": "0.5",
                "SAMKLANG_BACKUP_DIR": str(tmp / "backups"),
                "SAMKLANG_RUN_WORKER": "false",
                "SAMKLANG_EMAIL_BACKEND": "folder",
                "SAMKLANG_OUTBOX_DIR": str(tmp / "outbox"),
                "SAMKLANG_LOGIN_MAX_ATTEMPTS": str(LOGIN_LIMIT),
            }
            _run([str(VENV_BIN / "samklang"), "migrate"], env, tmp)
            _run([str(VENV_BIN / "python"), "-c", MAKE_USERS, DEMO_PASSWORD, *USERS], env, tmp)
            one, two = servers.enter_context(uvicorn_apps(env, tmp, count=2))
            yield Replicas(one, two, database, tmp / "backups", bucket)
    finally:
        _psql("-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
