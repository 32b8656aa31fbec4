"""My data: download it, delete my account; the project team does the same for anyone."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from samklang.auth.cookies import clear_refresh_cookie
from samklang.auth.permissions import CurrentUser, RequireAdmin
from samklang.core.db import utcnow
from samklang.core.deps import WRITES, LocaleDep, SessionDep, SettingsDep
from samklang.files.service import content_disposition, delete_bytes
from samklang.privacy import service

router = APIRouter(tags=["privacy"])

ZIP_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        "description": "A ZIP of JSON files and the files the person uploaded",
    }
}


class AccountDelete(BaseModel):
    password: str = Field(min_length=1, max_length=200, description="The account's password")


def _zip(spool: Any, filename: str) -> StreamingResponse:
    return StreamingResponse(
        service.stream(spool),
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _filename(suffix: str = "") -> str:
    return f"samklang-data{suffix}-{utcnow().date().isoformat()}.zip"


@router.get(
    "/me/export",
    response_class=StreamingResponse,
    responses=ZIP_RESPONSE,
    dependencies=[WRITES],  # audited
)
async def export_my_data(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    """Everything about me: a ZIP of JSON (profile, memberships, what I wrote and did,
    settings, sign-ins) and the files I uploaded."""
    spool = await service.export(session, settings, user, user)
    return _zip(spool, _filename())


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
async def delete_my_account(
    data: AccountDelete,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    locale: LocaleDep,
) -> Response:
    """Delete my account, confirmed with my password: my name, email and sign-ins are
    erased and I am signed out everywhere; uploads I never attached to anything are deleted;
    what I wrote stays, shown as "former member"."""
    await service.check_password(user, data.password, locale)
    files = await service.delete_account(session, settings, user, user, erase_content=False)
    await session.commit()
    await delete_bytes(settings, files)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response, settings)
    return response


@router.get(
    "/users/{user_id}/export",
    response_class=StreamingResponse,
    responses=ZIP_RESPONSE,
    dependencies=[WRITES],  # audited
)
async def export_user_data(
    user_id: str, admin: RequireAdmin, session: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    """The project team downloads everything about a person (as they would themselves)."""
    user = await service.user_for_admin(session, user_id)
    spool = await service.export(session, settings, admin, user)
    return _zip(spool, _filename(f"-{user.id[:8]}"))


@router.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(
    user_id: str,
    admin: RequireAdmin,
    session: SessionDep,
    settings: SettingsDep,
    erase_content: Annotated[
        bool,
        Query(
            description="Also erase their conversation: comments become deleted placeholders, "
            "posts leave the feed and their attachments are deleted, reactions go, questions "
            "stop naming them"
        ),
    ] = False,
) -> Response:
    """The project team deletes a person's account (see `DELETE /me`)."""
    user = await service.user_for_admin(session, user_id)
    files = await service.delete_account(
        session, settings, admin, user, erase_content=erase_content
    )
    await session.commit()
    await delete_bytes(settings, files)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
