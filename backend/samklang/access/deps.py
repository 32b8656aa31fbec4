"""The request's Reader as a dependency, built once per request (FastAPI caches a dependency
within a request), from memory on reads (access/readers.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from samklang.access import readers
from samklang.access.reader import Reader
from samklang.auth.permissions import CurrentUser, OptionalUser, RequireAdmin
from samklang.core.deps import SessionDep


async def optional_reader(session: SessionDep, user: OptionalUser) -> Reader:
    return await readers.reader(session, user)


async def signed_in_reader(session: SessionDep, user: CurrentUser) -> Reader:
    return await readers.reader(session, user)


async def admin_reader(session: SessionDep, user: RequireAdmin) -> Reader:
    return await readers.reader(session, user)


# Anyone (a signed-out visitor reads as `Reader(user=None)`).
ReaderDep = Annotated[Reader, Depends(optional_reader)]
# A signed-in caller (401 otherwise).
SignedInReader = Annotated[Reader, Depends(signed_in_reader)]
# The project team (403 otherwise).
AdminReader = Annotated[Reader, Depends(admin_reader)]
