"""Shared dependencies: the settings, the session (a unit of work, or a read session for a
request that writes nothing), the caller's language.

Dependencies are `async def` even when they do not await: FastAPI runs a plain `def`
dependency in a worker thread, a hop that costs more than the function itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.config import Settings
from samklang.core.db import READ_ONLY
from samklang.core.i18n import negotiate
from samklang.core.memo import MEMOS


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


READ_METHODS = frozenset({"GET", "HEAD"})


async def _writes() -> None:
    """A mark, not a check: see WRITES."""


# On a GET route that writes (an audited export, a counted download, a token made on
# first use): `@router.get(..., dependencies=[WRITES])` gives it a unit of work. The mark
# is read from the matched route (its dependencies, the router's included), so it holds
# whatever order the dependencies are solved in.
WRITES = Depends(_writes)


def reads_only(request: Request) -> bool:
    if request.method not in READ_METHODS:
        return False
    route = request.scope.get("route")
    return not any(
        getattr(d, "dependency", None) is _writes for d in getattr(route, "dependencies", ())
    )


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One unit of work per writing request: commit on success, roll back on error.
    A request that writes nothing (GET, HEAD, unless the route is marked WRITES) gets a
    read session instead: no transaction, nothing to commit, and a write refused."""
    state = request.app.state
    if reads_only(request):
        maker = getattr(state, "read_sessionmaker", None)
        async with (maker or state.sessionmaker)() as session:
            session.sync_session.info[READ_ONLY] = True
            memos = getattr(state, "memos", None)
            if memos is not None:  # what was read before, while nothing it came from changed
                session.sync_session.info[MEMOS] = memos
            yield session
        return
    async with state.sessionmaker() as session:
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
