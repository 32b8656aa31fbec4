"""The project team reads the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from samklang.audit import service
from samklang.audit.schemas import AuditActor, AuditEventOut, AuditPage
from samklang.auth.permissions import RequireAdmin
from samklang.core.deps import LocaleDep, SessionDep
from samklang.core.i18n import t
from samklang.core.pagination import PageDep

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=AuditPage)
async def audit_log(
    _: RequireAdmin,
    session: SessionDep,
    page: PageDep,
    locale: LocaleDep,
    action: Annotated[
        str | None, Query(max_length=64, description="An act, or a prefix: auth")
    ] = None,
    actor_id: Annotated[str | None, Query(max_length=36)] = None,
    target_type: Annotated[str | None, Query(max_length=32)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    workspace_id: Annotated[str | None, Query(max_length=36)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> AuditPage:
    """Security-relevant and administrative acts, newest first (project team only)."""
    rows, next_cursor = await service.list_events(
        session,
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        workspace_id=workspace_id,
        since=since,
        until=until,
        limit=page.limit,
        after=page.after,
    )
    former = t("audit.former_member", locale)
    items = [
        AuditEventOut(
            id=event.id,
            at=event.at,
            action=event.action,
            actor=AuditActor(id=event.actor_id, name=name or former) if event.actor_id else None,
            target_type=event.target_type,
            target_id=event.target_id,
            workspace_id=event.workspace_id,
            ip_address=event.ip_address,
            details=event.details,
        )
        for event, name in rows
    ]
    return AuditPage(items=items, next_cursor=next_cursor)
