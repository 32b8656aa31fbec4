"""The caller as a reader, kept in memory between requests (their memberships for `/me`:
network/memberships.py).

`visibility.reader_for` reads a user's memberships and mentorships on every call; `reader`
here gives the same `Reader` from memory while no write to `memberships`,
`workspace_mentors` or `workspaces` (a tier change) has been committed since, here or in
another process (core/memo.py). Only read sessions carry the memos; in a unit of work (and
outside a request) it asks `reader_for`, so a request sees its own writes.
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, bindparam, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, reader_for
from samklang.auth.models import User
from samklang.core.memo import memos_of
from samklang.network.memberships import READER_TABLES
from samklang.network.models import Membership, Tier, Workspace, WorkspaceMentor

# Built once. The workspaces the user is a member of (with their tier), then the ones they
# mentor (tier NULL marks a mentorship).
READER_ROWS: CompoundSelect[tuple[str, str | None]] = union_all(
    select(Membership.workspace_id, Workspace.tier)
    .join(Workspace, Workspace.id == Membership.workspace_id)
    .where(Membership.user_id == bindparam("user_id")),
    select(WorkspaceMentor.workspace_id, null()).where(
        WorkspaceMentor.user_id == bindparam("user_id")
    ),
)
ReaderState = tuple[frozenset[str], frozenset[str], bool, bool]


async def reader(session: AsyncSession, user: User | None) -> Reader:
    """The same `Reader` as `reader_for(session, user)`, from memory when it can be."""
    if user is None:
        return Reader(user=None)
    memos = memos_of(session)
    if memos is None:
        return await reader_for(session, user)
    memo = memos.memo("readers.reader", READER_TABLES)
    stamp = memo.stamp()
    hit, state = memo.get(user.id, stamp)
    if not hit or not isinstance(state, tuple):
        connection = await session.connection()
        tiers: dict[str, str] = {}
        mentor_of: set[str] = set()
        for workspace_id, tier in await connection.execute(READER_ROWS, {"user_id": user.id}):
            if tier is None:
                mentor_of.add(workspace_id)
            else:
                tiers[workspace_id] = tier
        state = (
            frozenset(tiers),
            frozenset(mentor_of),
            Tier.pilot.value in tiers.values(),
            Tier.observer.value in tiers.values(),
        )
        memo.put(user.id, stamp, state)
    member_of, mentors, pilot, observer = state
    return Reader(
        user=user,
        member_of=member_of,
        mentor_of=mentors,
        pilot_member=pilot,
        observer_member=observer,
    )
