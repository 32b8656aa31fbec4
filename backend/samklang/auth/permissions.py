"""Who is calling, and what they may do: dependencies declared on routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from samklang.auth import repository as repo
from samklang.auth.callers import Callers
from samklang.auth.models import Role, User
from samklang.core.deps import SessionDep, SettingsDep, reads_only
from samklang.core.errors import Forbidden, NotAuthenticated
from samklang.core.memo import Memos

bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login", auto_error=False)


async def current_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(bearer)],
) -> User:
    if not token:
        raise NotAuthenticated()
    callers: Callers | None = getattr(request.app.state, "callers", None)
    if callers is None:
        callers = request.app.state.callers = Callers(settings, Memos())
    identity = callers.identity(token)
    # Every access token the app issues names its sign-in; one without cannot be revoked,
    # so it is not accepted.
    sign_in = identity[1] if identity is not None else None
    if identity is None or sign_in is None:
        raise NotAuthenticated("The access token is invalid or has expired")
    user_id = identity[0]
    request.state.sign_in_id = sign_in  # which of the user's sign-ins this request uses
    if reads_only(request):
        user = await callers.user(session, user_id, sign_in)
    else:
        user = await repo.user_for_access(session, user_id, sign_in)
    if user is None or not user.is_active:
        raise NotAuthenticated()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def optional_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(bearer)],
) -> User | None:
    """The caller if signed in, None for a visitor (who may read what is public).
    A token that is present but invalid is still an error, so a client learns to refresh."""
    if not token:
        return None
    return await current_user(request, session, settings, token)


OptionalUser = Annotated[User | None, Depends(optional_user)]


async def require_admin(user: CurrentUser) -> User:
    if user.role != Role.admin.value:
        raise Forbidden("Only the project team may do this")
    return user


RequireAdmin = Annotated[User, Depends(require_admin)]
