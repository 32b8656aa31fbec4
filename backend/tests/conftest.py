"""Test harness: a fresh database per run (SQLite or PostgreSQL), built by Alembic,
and each test inside a transaction that is rolled back.

Choose the database with SAMKLANG_TEST_BACKEND=sqlite|postgresql (default sqlite).
PostgreSQL comes from SAMKLANG_TEST_DATABASE_URL (default
postgresql+asyncpg://postgres@127.0.0.1:5432/test); each run creates its own database
next to it and drops it at the end. With CI=true an unreachable PostgreSQL fails the run.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from samklang.auth import service as auth_service
from samklang.auth.models import RefreshToken, Role, User
from samklang.core.config import Environment, Settings
from samklang.core.db import make_engine
from samklang.core.migrations import upgrade
from samklang.core.security import (
    create_access_token,
    hash_password,
    hash_token,
    new_opaque_token,
)
from samklang.email.senders import make_sender
from samklang.email.worker import deliver_due
from samklang.main import create_app

BACKEND = os.environ.get("SAMKLANG_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get(
    "SAMKLANG_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "correct horse battery"


async def _pg_execute(url: str, sql: str) -> None:
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A new, migrated database for this test run."""
    if BACKEND == "sqlite":
        folder = tempfile.mkdtemp(prefix="samklang-test-")
        url = f"sqlite+aiosqlite:///{folder}/test.db"
        upgrade(url)
        yield url
        return
    if BACKEND != "postgresql":
        raise pytest.UsageError(f"Unknown SAMKLANG_TEST_BACKEND={BACKEND}")
    name = f"samklang_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_pg_execute(PG_URL, f'CREATE DATABASE "{name}"'))
    except OSError as exc:  # pragma: no cover - depends on the machine
        message = f"PostgreSQL at {PG_URL} is unreachable: {exc}"
        if os.environ.get("CI") == "true":
            pytest.exit(message, returncode=3)  # in CI a missing database fails the run
        pytest.exit(f"{message}; skipping the PostgreSQL run (it fails when CI=true)", returncode=0)
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_pg_execute(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _sqlite_transactional(engine: AsyncEngine) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[AsyncEngine]:
    # No pool: every test runs in its own event loop, and a pooled connection is bound
    # to the loop that opened it.
    engine = make_engine(database_url, pool=False)
    if engine.dialect.name == "sqlite":
        _sqlite_transactional(engine)
    yield engine


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Everything a test does happens in one outer transaction, rolled back at the end."""
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            await transaction.rollback()
    await engine.dispose()


@pytest.fixture
def maker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with maker() as s:
        yield s
        await s.commit()


@dataclass
class Mailbox:
    """A real SMTP server on loopback that keeps what it receives."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 OK"

    def bodies(self) -> list[str]:
        return [str(m.get_payload(decode=True).decode()) for m in self.messages]  # type: ignore[union-attr]


@dataclass
class SmtpServer:
    mailbox: Mailbox
    port: int
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(Mailbox(), _free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(database_url: str, smtp: SmtpServer, tmp_path: Path) -> Settings:
    return Settings(
        env=Environment.test,
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-0123456789",  # type: ignore[arg-type]
        base_url="http://testserver",
        static_dir=None,
        email_backend="smtp",
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_timeout_seconds=2,
        run_worker=False,
        outbox_dir=tmp_path / "outbox",
        storage_dir=tmp_path / "files",
        login_max_attempts=5,
        login_window_seconds=900,
        run_scheduler=False,
        backup_dir=tmp_path / "backups",
    )


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on loopback for this test run (started on first use). Without
    moto the tests that need it skip, and fail with CI=true."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
    from serving import moto_s3  # the repo's shared server helpers (tests/serving.py)

    with moto_s3() as url:
        yield url


def with_s3(settings: Settings, endpoint: str) -> Settings:
    """`settings` with the S3 backend, on a new bucket of the S3 server at `endpoint`."""
    import boto3

    bucket = f"samklang-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=bucket)
    return settings.model_copy(
        update={
            "storage_backend": "s3",
            "s3_endpoint_url": endpoint,
            "s3_bucket": bucket,
            "s3_access_key_id": "test",
            "s3_secret_access_key": SecretStr("test"),
        }
    )


@pytest.fixture
def s3_settings(settings: Settings, s3_endpoint: str) -> Settings:
    """The settings with the S3 backend, on a new bucket of moto's server."""
    return with_s3(settings, s3_endpoint)


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]) -> Any:
    application = create_app(settings)
    application.state.engine = engine
    application.state.sessionmaker = maker
    application.state.hears_peers = lambda: True  # one process: the read cache is on
    return application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


_HASHES: dict[str, str] = {}


async def _hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = await hash_password(password)
    return _HASHES[password]


Deliver = Callable[[], Awaitable[int]]


@pytest.fixture
def deliver(maker: async_sessionmaker[AsyncSession], settings: Settings) -> Deliver:
    """Run one round of the email worker, as the server's background task does."""

    async def run() -> int:
        return await deliver_due(maker, make_sender(settings), settings)

    return run


class Factory:
    """Small factories for test data."""

    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.sign_ins: dict[str, str] = {}  # user id -> the sign-in its test tokens name

    async def user(
        self,
        *,
        role: Role = Role.member,
        email: str | None = None,
        password: str = PASSWORD,
        name: str = "Test Testesen",
        locale: str = "nb",
    ) -> User:
        user = await auth_service.create_user(
            self.session,
            email=email or f"user-{uuid.uuid4().hex[:8]}@example.no",
            name=name,
            role=role,
            password=None,
            locale=locale,
        )
        # argon2 is slow on purpose; each password is hashed once per test run.
        user.password_hash = await _hash(password)
        await self.session.commit()
        await self.sign_in(user)
        return user

    async def sign_in(self, user: User) -> str:
        """A sign-in as the app records one (a refresh-token family); `headers` then issues
        access tokens that name it, so revocation applies to tests as it does in the app."""
        family = await sign_in_for_tests(self.session, self.settings, user)
        self.sign_ins[user.id] = family
        return family

    def token(self, user: User) -> str:
        family = self.sign_ins.get(user.id)
        if family is None:
            raise AssertionError(f"no sign-in for {user.email}: await factory.sign_in(user) first")
        return create_access_token(self.settings, user.id, session_id=family).token

    def headers(self, user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}


async def sign_in_for_tests(session: AsyncSession, settings: Settings, user: User) -> str:
    """Records a sign-in for `user` (committed in `session`) and returns its id."""
    now = datetime.now(UTC)
    family = str(uuid.uuid4())
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=hash_token(new_opaque_token()),
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
        )
    )
    await session.commit()
    return family


async def access_headers(session: AsyncSession, settings: Settings, user: User) -> dict[str, str]:
    """Headers with an access token of a new sign-in of `user` (for users that no factory
    made, such as the demo accounts)."""
    family = await sign_in_for_tests(session, settings, user)
    token = create_access_token(settings, user.id, session_id=family).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def factory(session: AsyncSession, settings: Settings) -> Factory:
    return Factory(session, settings)
