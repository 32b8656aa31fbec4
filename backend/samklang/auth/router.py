from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Request, Response, status

from samklang.auth import service
from samklang.auth.cookies import REFRESH_COOKIE, clear_refresh_cookie, token_out
from samklang.auth.permissions import CurrentUser, RequireAdmin
from samklang.auth.schemas import (
    InvitationCreate,
    InvitationOut,
    InvitationPreview,
    PasswordResetConfirm,
    PasswordResetRequest,
    SignInOut,
    TokenIn,
    TokenOut,
)
from samklang.core.deps import ClientIpDep, LocaleDep, SessionDep, SettingsDep
from samklang.core.errors import InvalidCredentials, RefreshInvalid

router = APIRouter(tags=["auth"])
RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE)]


@router.post("/auth/login", response_model=TokenOut)
async def login(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ip: ClientIpDep,
    username: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=200)],
) -> TokenOut:
    """OAuth2 password flow: `username` is the email."""
    try:
        sign_in = await service.login(
            session,
            settings,
            username,
            password,
            ip=ip,
            user_agent=request.headers.get("user-agent"),
        )
    except InvalidCredentials:
        await session.commit()  # keep the recorded failure: it feeds the rate limit
        raise
    return token_out(response, settings, sign_in)


@router.post("/auth/refresh", response_model=TokenOut)
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    samklang_refresh: RefreshCookie = None,
) -> TokenOut:
    try:
        sign_in = await service.refresh(
            session, settings, samklang_refresh, user_agent=request.headers.get("user-agent")
        )
    except RefreshInvalid:
        await session.commit()  # keep a family revocation caused by token reuse
        raise
    return token_out(response, settings, sign_in)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    samklang_refresh: RefreshCookie = None,
) -> Response:
    await service.logout(session, samklang_refresh)
    clear_refresh_cookie(response, settings)
    response.status_code = status.HTTP_204_NO_CONTENT
    return response


@router.post("/auth/password-reset", status_code=status.HTTP_202_ACCEPTED)
async def password_reset(
    data: PasswordResetRequest, session: SessionDep, settings: SettingsDep
) -> dict[str, str]:
    """Always 202, whether or not the address has an account."""
    await service.request_password_reset(session, settings, str(data.email))
    return {"status": "accepted"}


@router.post("/auth/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT)
async def password_reset_confirm(data: PasswordResetConfirm, session: SessionDep) -> None:
    await service.confirm_password_reset(session, data.token, data.password)


@router.get("/me/sign-ins", response_model=list[SignInOut])
async def my_sign_ins(request: Request, user: CurrentUser, session: SessionDep) -> list[SignInOut]:
    """Where I am signed in (browsers and devices), the one I use now marked `current`."""
    current = getattr(request.state, "sign_in_id", None)
    found = await service.active_sign_ins(session, user, current)
    return [SignInOut.model_validate(item) for item in found]


@router.delete("/me/sign-ins/{sign_in_id}", status_code=status.HTTP_204_NO_CONTENT)
async def end_my_sign_in(sign_in_id: str, user: CurrentUser, session: SessionDep) -> Response:
    """Sign out one browser or device: its tokens stop working at once."""
    await service.end_sign_in(session, user, sign_in_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/invitations", response_model=InvitationOut, status_code=status.HTTP_201_CREATED)
async def create_invitation(
    data: InvitationCreate,
    admin: RequireAdmin,
    session: SessionDep,
    settings: SettingsDep,
    locale: LocaleDep,
) -> InvitationOut:
    invitation = await service.invite(session, settings, admin, data, locale)
    return InvitationOut.model_validate(invitation)


@router.post("/invitations/preview", response_model=InvitationPreview)
async def preview_invitation(data: TokenIn, session: SessionDep) -> InvitationPreview:
    invitation = await service.preview_invitation(session, data.token)
    return InvitationPreview(email=invitation.email, name=invitation.name)
