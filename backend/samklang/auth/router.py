from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Request, Response, status
from pydantic import TypeAdapter

from samklang.auth import service
from samklang.auth.models import Locale, Role, User
from samklang.auth.permissions import CurrentUser, RequireAdmin
from samklang.auth.schemas import (
    InvitationAccept,
    InvitationCreate,
    InvitationOut,
    InvitationPreview,
    MeOut,
    MeUpdate,
    PasswordResetConfirm,
    PasswordResetRequest,
    SignInOut,
    TokenIn,
    TokenOut,
)
from samklang.core.config import Settings
from samklang.core.deps import ClientIpDep, LocaleDep, SessionDep, SettingsDep
from samklang.core.errors import InvalidCredentials, RefreshInvalid
from samklang.network import readers
from samklang.network import service as network_service

REFRESH_COOKIE = "samklang_refresh"
COOKIE_PATH = "/api/v1/auth"

router = APIRouter(tags=["auth"])
RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE)]


def _set_refresh_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        token,
        max_age=settings.refresh_token_days * 86400,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
    )


def _clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        REFRESH_COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
    )


def _token_out(response: Response, settings: Settings, sign_in: service.SignIn) -> TokenOut:
    _set_refresh_cookie(response, settings, sign_in.refresh_token)
    return TokenOut(access_token=sign_in.access.token, expires_in=sign_in.access.expires_in)


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
    return _token_out(response, settings, sign_in)


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
    return _token_out(response, settings, sign_in)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    samklang_refresh: RefreshCookie = None,
) -> Response:
    await service.logout(session, samklang_refresh)
    _clear_refresh_cookie(response, settings)
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


async def _me(session: SessionDep, user: User) -> MeOut:
    memberships = await network_service.memberships_for(session, user)
    return MeOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=Role(user.role),
        locale=Locale(user.locale),
        memberships=memberships,
    )


_ME = TypeAdapter(MeOut)


@router.get("/me", response_model=MeOut)
async def get_me(user: CurrentUser, session: SessionDep) -> Response:
    """The signed-in person and their memberships: both kept in memory between requests
    (auth/callers.py, network/readers.py) and serialised in one step."""
    me = MeOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=Role(user.role),
        locale=Locale(user.locale),
        memberships=await readers.memberships(session, user),
    )
    return Response(_ME.dump_json(me), media_type="application/json")


@router.patch("/me", response_model=MeOut)
async def patch_me(data: MeUpdate, user: CurrentUser, session: SessionDep) -> MeOut:
    return await _me(session, await service.update_me(session, user, data))


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


@router.post("/invitations/accept", response_model=TokenOut)
async def accept_invitation(
    request: Request,
    response: Response,
    data: InvitationAccept,
    session: SessionDep,
    settings: SettingsDep,
    locale: LocaleDep,
    ip: ClientIpDep,
) -> TokenOut:
    sign_in = await service.accept_invitation(
        session,
        settings,
        data,
        locale=locale,
        ip=ip,
        user_agent=request.headers.get("user-agent"),
    )
    return _token_out(response, settings, sign_in)
