"""Database engine, session and the declarative base."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.pool import NullPool

from samklang.core import changes  # noqa: F401 - its session events note every commit's writes

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC; SQLite gives naive values back, we fix them."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


class IdMixin:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# While the database is down a request should fail fast (503) rather than hang: a new
# connection gives up after this many seconds, and a request waiting for a pooled one
# after POOL_TIMEOUT_SECONDS.
CONNECT_TIMEOUT_SECONDS = 5.0
POOL_TIMEOUT_SECONDS = 10.0
# Pooled connections are replaced by age, not checked before each use (a check is a round
# trip, and with asyncpg three: BEGIN, SELECT 1, ROLLBACK). A connection that the database
# dropped (a restart) is found by the first statement that fails on it: SQLAlchemy then
# invalidates the whole pool, reads retry once on a new connection (ReadSyncSession), and
# a write answers 503 like any request while the database is away.
POOL_RECYCLE_SECONDS = 300
DEFAULT_POOL_SIZE = 20


def make_engine(
    url: str,
    *,
    pool: bool = True,
    pool_size: int = DEFAULT_POOL_SIZE,
    max_overflow: int = 0,
) -> AsyncEngine:
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        if url.startswith("postgresql+asyncpg"):
            kwargs["connect_args"] = {"timeout": CONNECT_TIMEOUT_SECONDS}
        if pool:
            # Sized to the worker's concurrency: a request never waits for a connection
            # that an overflow would open and close again (with 5 and 16 concurrent
            # requests, 219 PostgreSQL backends were opened in 8 seconds).
            kwargs["pool_timeout"] = POOL_TIMEOUT_SECONDS
            kwargs["pool_size"] = pool_size
            kwargs["max_overflow"] = max_overflow
            kwargs["pool_recycle"] = POOL_RECYCLE_SECONDS
    if not pool:
        kwargs["poolclass"] = NullPool
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


class ReadOnlyViolation(RuntimeError):
    """A request that was given a read session tried to write."""


READ_ONLY = "samklang_read_only"


class ReadSyncSession(Session):
    """The session of a request that writes nothing: no unit of work is committed, and on
    PostgreSQL its connection runs without a transaction (autocommit: no BEGIN, no COMMIT).
    A statement that fails because the database dropped the connection is run once more on
    a new one: a read is idempotent, and nothing else was done in a transaction that the
    failure could have cut short."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.info[READ_ONLY] = True

    def _execute_internal(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super()._execute_internal(*args, **kwargs)
        except sa_exc.DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            self.rollback()  # let go of the dead connection; the pool has been invalidated
            return super()._execute_internal(*args, **kwargs)


@event.listens_for(Session, "before_flush")
def _no_flush_when_reading(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise ReadOnlyViolation(
            "A write in a request that was given a read session: mark the route as writing"
        )


@event.listens_for(Session, "do_orm_execute")
def _no_dml_when_reading(state: ORMExecuteState) -> None:
    if state.session.info.get(READ_ONLY) and (
        state.is_insert or state.is_update or state.is_delete
    ):
        raise ReadOnlyViolation(
            "A write in a request that was given a read session: mark the route as writing"
        )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def make_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for requests that write nothing: on PostgreSQL every statement runs on its
    own (autocommit), so a read costs its queries' round trips and nothing else. SQLite
    starts no transaction for a SELECT anyway."""
    bind = engine
    if engine.dialect.name == "postgresql":
        bind = engine.execution_options(isolation_level="AUTOCOMMIT")
    return async_sessionmaker(
        bind, expire_on_commit=False, autoflush=False, sync_session_class=ReadSyncSession
    )


async def session_scope(
    maker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on error."""
    async with maker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
