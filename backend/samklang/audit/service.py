"""Recording the audit log (the project team reads it through auth/audit_log.py).

`record` is called by the domains in the same transaction as the act (so an act that rolls
back leaves no trace, and one that commits always has one). Kept for
`SAMKLANG_AUDIT_RETENTION_DAYS` (default 730); `samklang prune-audit` removes older events.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.models import AuditEvent
from samklang.core.context import client_ip
from samklang.core.db import utcnow


class Actor(Protocol):
    """Who acted: a user (auth's `User`), named here by shape so the log sits below auth."""

    id: str


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
    actor: Actor | str | None,
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
            actor_id=actor if isinstance(actor, str) or actor is None else actor.id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            workspace_id=workspace_id,
            ip_address=ip or client_ip.get(),
            details=details or {},
        )
    )


async def prune(session: AsyncSession, retention_days: int, now: datetime | None = None) -> int:
    """Delete events older than the retention period; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = await session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
