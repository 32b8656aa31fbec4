"""Recording and reading the audit log.

`record` is called by the domains in the same transaction as the act (so an act that rolls
back leaves no trace, and one that commits always has one). Kept for
`SAMKLANG_AUDIT_RETENTION_DAYS` (default 730); `samklang prune-audit` removes older events.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.models import AuditEvent
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.context import client_ip
from samklang.core.db import utcnow
from samklang.core.pagination import before, encode_cursor, time_cursor

# The acts recorded, by name (the filter's choices).
ACTIONS = (
    "auth.sign_in",
    "auth.sign_in_failed",
    "auth.sign_out",
    "auth.sign_in_ended",
    "auth.password_reset",
    "auth.invitation_sent",
    "auth.invitation_accepted",
    "user.created",
    "workspace.status_changed",
    "membership.added",
    "membership.changed",
    "membership.removed",
    "application.decided",
    "visibility.changed",
    "moderation.hidden",
    "export.registrations",
    "export.overview",
    "export.my_data",
    "user.deleted",
    "comment.deleted",
    "post.deleted",
    "resource.deleted",
    "collection.deleted",
    "measure_point.deleted",
    "report.deleted",
    "gathering.cancelled",
)


async def record(
    session: AsyncSession,
    action: str,
    *,
    actor: User | str | None,
    target_type: str | None = None,
    target_id: str | None = None,
    workspace_id: str | None = None,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    """Add one event to the log, in the caller's transaction."""
    assert action in ACTIONS, action  # noqa: S101 - a programming error, caught by tests
    session.add(
        AuditEvent(
            at=utcnow(),
            actor_id=actor.id if isinstance(actor, User) else actor,
            action=action,
            target_type=target_type,
            target_id=target_id,
            workspace_id=workspace_id,
            ip_address=ip or client_ip.get(),
            details=details or {},
        )
    )


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


async def prune(session: AsyncSession, retention_days: int, now: datetime | None = None) -> int:
    """Delete events older than the retention period; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = await session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
