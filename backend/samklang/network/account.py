"""The signed-in person's own account together with their memberships, and accepting an
invitation (which may name a workspace): the network builds on auth, so the endpoints that
need both live here, not in auth."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import TypeAdapter

from samklang.auth import service as auth_service
from samklang.auth.cookies import token_out
from samklang.auth.models import Locale, Role, User
from samklang.auth.permissions import CurrentUser
from samklang.auth.schemas import InvitationAccept, MeOut, MeUpdate, TokenOut
from samklang.core.deps import ClientIpDep, LocaleDep, SessionDep, SettingsDep
from samklang.network import memberships, service

router = APIRouter(tags=["auth"])


async def _me(session: SessionDep, user: User) -> MeOut:
    memberships = await service.memberships_for(session, user)
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
    (auth/callers.py, network/memberships.py) and serialised in one step."""
    me = MeOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=Role(user.role),
        locale=Locale(user.locale),
        memberships=await memberships.memberships(session, user),
    )
    return Response(_ME.dump_json(me), media_type="application/json")


@router.patch("/me", response_model=MeOut)
async def patch_me(data: MeUpdate, user: CurrentUser, session: SessionDep) -> MeOut:
    return await _me(session, await auth_service.update_me(session, user, data))


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
    user_agent = request.headers.get("user-agent")
    user, invitation = await auth_service.accept_invitation(
        session, data, locale=locale, ip=ip, user_agent=user_agent
    )
    if invitation.workspace_id:
        await service.accept_workspace_invitation(
            session,
            user,
            invitation.workspace_id,
            invitation.workspace_role,
            invitation.workspace_function,
        )
    sign_in = await auth_service.sign_in(session, settings, user, user_agent, ip)
    return token_out(response, settings, sign_in)
