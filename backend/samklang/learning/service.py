"""The rules of action learning: what its parts share (reading and writing a workspace's
items, versions, the audit of visibility changes, handing items to the network feed). No
HTTP, no commit.

- projects.py: the development project
- cycles.py: cycles and their phases
- entries.py: a cycle's log entries
- measures.py: measures and their points
- assessments.py: progress self-assessments
- workspace_overview.py: a workspace's action learning at a glance
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from samklang.access import readers
from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.auth.models import User
from samklang.core.errors import AppError, Forbidden, NotFound, ReadOnly
from samklang.learning.models import Cycle, Entry, Measure
from samklang.network import service as network_service
from samklang.network.models import Workspace, WorkspaceStatus
from samklang.sharing import feed


class StaleVersion(AppError):
    """A save based on an old version. Carries the current state for the client."""

    status, code, title = 409, "conflict", "Changed by someone else"

    def __init__(self, current: BaseModel) -> None:
        super().__init__(
            "Someone else saved a newer version; compare and save again",
            extra={"current": current.model_dump(mode="json")},
        )


async def reader(session: AsyncSession, user: User | None) -> Reader:
    return await readers.reader(session, user)


def _require_write(reader: Reader, workspace: Workspace) -> None:
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members write here")
    if workspace.status == WorkspaceStatus.withdrawn.value and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")


async def _workspace_to_write(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> Workspace:
    workspace = await network_service.get_workspace(session, workspace_id)
    _require_write(reader, workspace)
    return workspace


async def _audit_visibility(
    session: AsyncSession,
    reader: Reader,
    what: str,
    item_id: str,
    workspace_id: str,
    old: str | None,
    new: Visibility,
) -> None:
    """Sharing more widely (or less) is recorded in the audit log."""
    before = old or Visibility.workspace.value
    if before != new.value:
        await record(
            session,
            "visibility.changed",
            actor=reader.user,
            target_type=what,
            target_id=item_id,
            workspace_id=workspace_id,
            details={"from": before, "to": new.value},
        )


def _require_read(reader: Reader, workspace_id: str, level: str, what: str) -> None:
    if not reader.can_read(workspace_id, level):
        raise NotFound(f"No such {what}")


def _check_version(given: int | None, current: int, snapshot: BaseModel) -> None:
    if given is not None and given != current:
        raise StaleVersion(snapshot)


async def _save(
    session: AsyncSession, reader: Reader, current: Callable[[], Awaitable[BaseModel]]
) -> None:
    """Flush a versioned change. The version check above reads, then writes; the UPDATE
    itself is `... WHERE version = <the version read>` (the models' `version_id_col`), so
    when a concurrent save of the same version committed first, this one changes no row:
    undo it and answer 409 with what the other save stored."""
    try:
        await session.flush()
    except (StaleDataError, IntegrityError):
        # IntegrityError: two first saves of a project raced to insert the same row.
        await session.rollback()
        if reader.user is not None:  # the rollback expired it; the snapshot reads it
            await session.refresh(reader.user)
        raise StaleVersion(await current()) from None


def _writable(reader: Reader, workspace: Workspace) -> bool:
    try:
        _require_write(reader, workspace)
    except AppError:
        return False
    return True


# The network feed (sharing/feed.py): items shared at network level or wider are in it.


async def _to_feed_cycle(session: AsyncSession, cycle: Cycle, user_id: str | None) -> None:
    await feed.publish(
        session,
        kind="reflection",
        source_type="cycle",
        source_id=cycle.id,
        workspace_id=cycle.workspace_id,
        visibility=cycle.visibility,
        title=cycle.title,
        excerpt=cycle.reflect,
        author_id=cycle.created_by_id or user_id,
        url=f"/cycles/{cycle.id}",
    )


async def _to_feed_entry(session: AsyncSession, entry: Entry, title: str) -> None:
    await feed.publish(
        session,
        kind="entry",
        source_type="entry",
        source_id=entry.id,
        workspace_id=entry.workspace_id,
        visibility=entry.visibility,
        title=title,
        excerpt=entry.body,
        author_id=entry.author_id,
        url=f"/cycles/{entry.cycle_id}#entry-{entry.id}",
    )


async def _to_feed_measure(session: AsyncSession, measure: Measure, user_id: str | None) -> None:
    await feed.publish(
        session,
        kind="measure",
        source_type="measure",
        source_id=measure.id,
        workspace_id=measure.workspace_id,
        visibility=measure.visibility,
        title=measure.name,
        excerpt=measure.description,
        author_id=user_id,
        url=f"/measures/{measure.id}",
    )
