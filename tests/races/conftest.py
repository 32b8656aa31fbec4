"""The real API server (uvicorn) on a fresh PostgreSQL database (created on the machine's
PostgreSQL, migrated, seeded with the demo data, dropped afterwards) and on a fresh SQLite
file, and the means to drive it with many clients at the same moment.

Each test builds what it needs (users, workspaces, gatherings) straight in the server's
database through the backend's own models, so a round costs milliseconds, then sends its
requests at once (httpx.AsyncClient + asyncio.gather) and checks the invariant in the
database. PostgreSQL missing: skipped, except with CI=true, where it fails.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from serving import (  # noqa: E402 - the shared helpers live beside this folder
    VENV_BIN,
    free_port,
    run,
    unavailable,
    uvicorn_server,
)

PG_URL = os.environ.get(
    "SAMKLANG_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
SECRET = "races-" + "x" * 40
DEMO_PASSWORD = "samklang-demo"
FIGURES: dict[str, str] = {}


def figure(name: str, text: str) -> None:
    """A measured figure, printed at the end of the run (the README quotes them)."""
    FIGURES[name] = text


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("race figures")
        for name, text in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {text}")


async def _pg_execute(sql: str) -> None:
    import asyncpg

    base = PG_URL.replace("postgresql+asyncpg://", "postgresql://")
    admin = base.rsplit("/", 1)[0] + "/postgres"
    conn = await asyncpg.connect(admin, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


class Server:
    """One running server and a direct line to its database."""

    def __init__(self, backend: str, base_url: str, database_url: str, tmp: Path) -> None:
        self.backend = backend
        self.base_url = base_url
        self.database_url = database_url
        self.tmp = tmp
        self.env: dict[str, str] = {}
        self._engine: Any = None
        self._maker: Any = None
        self._hash: str | None = None
        self._sign_ins: dict[str, str] = {}  # user id -> the sign-in its tokens name

    def __repr__(self) -> str:
        return self.backend

    # The database, through the backend's own models

    def maker(self) -> Any:
        if self._maker is None:
            import samklang.models  # noqa: F401 - every table: the commit hooks walk them all
            from samklang.core.db import make_engine, make_sessionmaker

            self._engine = make_engine(self.database_url, pool=False)
            self._maker = make_sessionmaker(self._engine)
        return self._maker

    async def scalar(self, statement: Any) -> Any:
        async with self.maker()() as session:
            return await session.scalar(statement)

    async def scalars(self, statement: Any) -> list[Any]:
        async with self.maker()() as session:
            return list(await session.scalars(statement))

    async def add(self, *rows: Any) -> None:
        async with self.maker()() as session:
            session.add_all(rows)
            await session.commit()

    async def user(self, *, role: str = "member", email: str | None = None) -> str:
        """A new account with the demo password (its hash copied: argon2 is slow)."""
        from samklang.auth.models import User
        from sqlalchemy import select

        if self._hash is None:
            self._hash = await self.scalar(
                select(User.password_hash).where(User.email == "admin@demo.samklang.no")
            )
        user_id = str(uuid.uuid4())
        await self.add(
            User(
                id=user_id,
                email=email or f"race-{user_id[:8]}@example.no",
                name=f"Race {user_id[:8]}",
                role=role,
                locale="nb",
                password_hash=self._hash,
                is_active=True,
            )
        )
        await self.sign_in(user_id)
        return user_id

    async def sign_in(self, user_id: str) -> str:
        """A sign-in as the app records one (a refresh-token family): the server refuses an
        access token that names none."""
        from datetime import UTC, datetime, timedelta

        from samklang.auth.models import RefreshToken
        from samklang.core.security import hash_token, new_opaque_token

        if user_id not in self._sign_ins:
            family, now = str(uuid.uuid4()), datetime.now(UTC)
            await self.add(
                RefreshToken(
                    user_id=user_id,
                    family_id=family,
                    token_hash=hash_token(new_opaque_token()),
                    created_at=now,
                    expires_at=now + timedelta(days=30),
                )
            )
            self._sign_ins[user_id] = family
        return self._sign_ins[user_id]

    async def workspace(self, *, tier: str = "pilot") -> str:
        from samklang.network.models import Workspace

        workspace_id = str(uuid.uuid4())
        name = f"Race {workspace_id[:8]}"
        await self.add(
            Workspace(id=workspace_id, name=name, slug=name.lower().replace(" ", "-"),
                      sort_name=name.lower(), tier=tier, status="active")
        )  # fmt: skip
        return workspace_id

    async def member(self, workspace_id: str, *, role: str = "member") -> str:
        from samklang.network.models import Membership

        user_id = await self.user()
        await self.add(Membership(workspace_id=workspace_id, user_id=user_id, role=role))
        return user_id

    async def members(self, workspace_id: str, n: int, *, role: str = "member") -> list[str]:
        return [await self.member(workspace_id, role=role) for _ in range(n)]

    async def admin(self) -> str:
        from samklang.auth.models import User
        from sqlalchemy import select

        admin = str(
            await self.scalar(select(User.id).where(User.email == "admin@demo.samklang.no"))
        )
        await self.sign_in(admin)
        return admin

    def headers(self, user_id: str) -> dict[str, str]:
        from samklang.core.config import Settings
        from samklang.core.security import create_access_token

        settings = Settings(secret_key=SECRET, database_url=self.database_url)
        family = self._sign_ins.get(user_id)
        if family is None:
            raise AssertionError(f"no sign-in for {user_id}: await server.sign_in(user_id) first")
        token = create_access_token(settings, user_id, session_id=family).token
        return {"Authorization": f"Bearer {token}"}

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = self._maker = None


def _serve(backend: str) -> Iterator[Server]:
    tmp = Path(tempfile.mkdtemp(prefix=f"samklang-races-{backend}-"))
    name = f"samklang_races_{uuid.uuid4().hex[:10]}"
    if backend == "postgresql":
        try:
            asyncio.run(_pg_execute(f'CREATE DATABASE "{name}"'))
        except Exception as error:  # noqa: BLE001 - any failure to reach it means "missing"
            shutil.rmtree(tmp, ignore_errors=True)
            unavailable(f"PostgreSQL is not reachable at {PG_URL}: {error}")
        database_url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    else:
        database_url = f"sqlite+aiosqlite:///{tmp / 'samklang.db'}"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SAMKLANG_ENV": "test",
        "SAMKLANG_SECRET_KEY": SECRET,
        "SAMKLANG_DATABASE_URL": database_url,
        "SAMKLANG_OUTBOX_DIR": str(tmp / "outbox"),
        "SAMKLANG_STORAGE_DIR": str(tmp / "files"),
        "SAMKLANG_EMAIL_BACKEND": "folder",
        "SAMKLANG_BASE_URL": base_url,
        "SAMKLANG_RUN_WORKER": "false",  # queued email stays in the table, to be counted
        "SAMKLANG_RUN_SCHEDULER": "false",  # the commands under test run the jobs themselves
        "SAMKLANG_READ_CACHE": "false",
    }
    server = Server(backend, base_url, database_url, tmp)
    server.env = env
    try:
        run([str(VENV_BIN / "samklang"), "migrate"], env, tmp)
        if backend == "postgresql":  # the demo data (the digest command's case needs it)
            run([str(VENV_BIN / "samklang"), "seed-demo"], env, tmp)
        else:  # the project team's account is enough, and quicker
            admin = [str(VENV_BIN / "samklang"), "create-user", "admin@demo.samklang.no"]
            run([*admin, "--name", "Admin", "--role", "admin"],
                {**env, "SAMKLANG_NEW_PASSWORD": DEMO_PASSWORD}, tmp)  # fmt: skip
        with uvicorn_server(env, tmp, port):
            yield server
    finally:
        asyncio.run(server.close())
        if backend == "postgresql":
            asyncio.run(_pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    yield from _serve("postgresql")


@pytest.fixture(scope="session")
def sqlite_server() -> Iterator[Server]:
    yield from _serve("sqlite")


@pytest.fixture(params=["postgresql", "sqlite"])
def server(request: pytest.FixtureRequest) -> Server:
    """The test runs once on each database."""
    name = "pg_server" if request.param == "postgresql" else "sqlite_server"
    found: Server = request.getfixturevalue(name)
    return found


@pytest_asyncio.fixture
async def http(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60, limits=limits) as client:
        yield client
    await server.close()  # the engine belongs to this test's event loop


async def at_once(*calls: Callable[[], Awaitable[httpx.Response]]) -> list[httpx.Response]:
    """Start every call, then let them run together."""
    return list(await asyncio.gather(*(call() for call in calls)))


def no_server_errors(responses: list[httpx.Response]) -> None:
    errors = [(r.status_code, r.text[:300]) for r in responses if r.status_code >= 500]
    assert not errors, f"server errors: {errors}"
