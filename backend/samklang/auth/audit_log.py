"""The project team reads the audit log (recorded by audit/service.py): with each actor's
name from auth, so it lives in auth while the log itself sits below it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.models import AuditEvent
from samklang.audit.schemas import AuditActor, AuditEventOut, AuditPage
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.auth.permissions import RequireAdmin
from samklang.core.deps import LocaleDep, SessionDep
from samklang.core.i18n import t
from samklang.core.pagination import PageDep, before, encode_cursor, time_cursor

router = APIRouter(tags=["audit"])


async def list_events(
    session: AsyncSession,
    *,
    action: str | None,
    actor_id: str | None,
    target_type: str | None,
    target_id: str | None,
    workspace_id: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    after: list[Any] | None,
) -> tuple[list[tuple[AuditEvent, str | None]], str | None]:
    """Newest first with a keyset cursor; each event with its actor's name (one query)."""
    query = select(AuditEvent, display_name()).outerjoin(User, User.id == AuditEvent.actor_id)
    if action:
        # "auth" matches every auth.* act; "auth.sign_in" only that one.
        query = query.where(
            (AuditEvent.action == action) | AuditEvent.action.startswith(f"{action}.")
        )
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if target_type:
        query = query.where(AuditEvent.target_type == target_type)
    if target_id:
        query = query.where(AuditEvent.target_id == target_id)
    if workspace_id:
        query = query.where(AuditEvent.workspace_id == workspace_id)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    cursor = time_cursor(after)
    if cursor:
        query = query.where(before((AuditEvent.at, AuditEvent.id), cursor))
    rows: list[tuple[AuditEvent, str | None]] = list(
        (
            await session.execute(
                query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit + 1)
            )
        ).tuples()
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1][0]
        next_cursor = encode_cursor([last.at.isoformat(), last.id])
    return rows, next_cursor


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
    rows, next_cursor = await list_events(
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
