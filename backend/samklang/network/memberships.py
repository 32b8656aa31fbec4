"""The signed-in person's memberships as `/me` shows them, kept in memory between requests
until a write to the tables they are read from (core/memo.py; the reader state built from
the same tables is kept in access/readers.py)."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.auth.schemas import MembershipOut
from samklang.core.memo import memos_of
from samklang.network.models import Membership, Workspace

READER_TABLES = ("memberships", "workspace_mentors", "workspaces")

MEMBERSHIPS = (
    select(Membership.workspace_id, Workspace.name, Workspace.tier, Membership.role)
    .join(Workspace, Workspace.id == Membership.workspace_id)
    .where(Membership.user_id == bindparam("user_id"))
    .order_by(Membership.created_at)
)


async def memberships(session: AsyncSession, user: User) -> list[MembershipOut]:
    """The user's memberships with their workspaces' names (what `/me` shows)."""
    memos = memos_of(session)
    memo = memos.memo("readers.memberships", READER_TABLES) if memos is not None else None
    stamp = memo.stamp() if memo is not None else None
    if memo is not None:
        hit, found = memo.get(user.id, stamp)
        if hit and isinstance(found, list):
            return found
    connection = await session.connection()
    rows = await connection.execute(MEMBERSHIPS, {"user_id": user.id})
    out = [
        MembershipOut(workspace_id=w, workspace_name=name, tier=tier, role=role)
        for w, name, tier, role in rows
    ]
    if memo is not None:
        memo.put(user.id, stamp, out)
    return out
