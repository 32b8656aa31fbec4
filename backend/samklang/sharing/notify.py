"""What other domains call to tell users something (in the app, and by email per setting).

The contract (other domains depend on this signature; the sharing domain implements it):
`notify` records one notification per recipient in the same transaction; each recipient's
email setting (at once, daily, weekly, never) decides whether and when an email follows.
It never notifies the actor themself, nor anyone who may not read the target (checked
again at every later use: the in-app list, the unread count, digests). Calling it twice for
the same (recipient, kind, target, actor) records one notification. Live events follow after
the transaction commits. `target_type`/`target_id` name what the notification
is about (e.g. "question"); `url` is the app path that opens it (e.g. "/faq#q-<id>").
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession


async def notify(
    session: AsyncSession,
    *,
    recipients: Iterable[str],
    kind: str,
    actor_id: str | None,
    target_type: str,
    target_id: str,
    workspace_id: str | None,
    title: str,
    text: str = "",
    url: str | None = None,
) -> None:
    """Tell each recipient (except the actor)."""
    from samklang.sharing.notifications import record

    await record(
        session,
        recipients=recipients,
        kind=kind,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        workspace_id=workspace_id,
        title=title,
        text=text,
        url=url,
    )
