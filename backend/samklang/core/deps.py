"""Shared dependencies: the settings, the unit-of-work session, the caller's language.

Dependencies are `async def` even when they do not await: FastAPI runs a plain `def`
dependency in a worker thread, a hop that costs more than the function itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.config import Settings
from samklang.core.i18n import negotiate


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One unit of work per request: commit on success, roll back on error."""
    async with request.app.state.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def get_locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


async def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": the commit happens before the response is sent, so a client never
# sees success for a write that did not commit.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
LocaleDep = Annotated[str, Depends(get_locale)]
ClientIpDep = Annotated[str, Depends(client_ip)]
