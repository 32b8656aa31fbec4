"""A database that cannot be reached is a 503 with Retry-After, in the caller's language;
a mistake in a query is still a 500 (issue: Trust, faults and load)."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from samklang.core.config import Settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.errors import RETRY_AFTER_SECONDS, database_unavailable
from samklang.core.security import create_access_token


def _closed_port() -> int:
    """A port on loopback that nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def down(app: Any) -> AsyncIterator[AsyncEngine]:
    """The app pointed at a PostgreSQL address where nothing answers."""
    engine = make_engine(f"postgresql+asyncpg://nobody@127.0.0.1:{_closed_port()}/none")
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    yield engine
    await engine.dispose()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/feed", None),
        ("GET", "/api/v1/workspaces", None),
        ("POST", "/api/v1/posts", {"workspace_id": "w", "body": "Hei"}),
        ("GET", "/api/ready", None),
    ],
)
async def test_an_unreachable_database_is_a_503_with_retry_after(
    down: AsyncEngine,
    client: httpx.AsyncClient,
    settings: Settings,
    method: str,
    path: str,
    body: Any,
) -> None:
    # A well-formed token: finding its user needs the database.
    token = create_access_token(
        settings,
        "00000000-0000-0000-0000-000000000000",
        session_id="00000000-0000-0000-0000-000000000001",
    ).token
    started = time.monotonic()
    response = await client.request(
        method,
        path,
        json=body,
        headers={"Accept-Language": "nn", "Authorization": f"Bearer {token}"},
    )
    assert time.monotonic() - started < 10  # fails fast, does not hang
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    problem = response.json()
    assert problem["code"] == "unavailable"
    assert problem["title"] == "Tenesta er mellombels utilgjengeleg"


async def test_the_message_follows_the_callers_language(
    down: AsyncEngine, client: httpx.AsyncClient
) -> None:
    for language, title in (
        ("nb-NO", "Tjenesten er midlertidig utilgjengelig"),
        ("en", "The service is temporarily unavailable"),
    ):
        response = await client.get("/api/v1/feed", headers={"Accept-Language": language})
        assert response.status_code == 503
        assert response.json()["title"] == title


async def test_a_refused_connection_counts_as_unavailable(down: AsyncEngine) -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - whatever the driver raises
        async with down.connect() as connection:
            await connection.execute(text("SELECT 1"))
    assert database_unavailable(caught.value)


async def test_a_wrong_query_is_not_unavailable(engine: AsyncEngine) -> None:
    """A bug stays a bug (500): only an unreachable database is a 503."""
    async with engine.connect() as connection:
        with pytest.raises(DBAPIError) as caught:
            await connection.execute(text("SELECT * FROM no_such_table"))
    assert not database_unavailable(caught.value)
    assert not database_unavailable(ValueError("connection is closed"))
