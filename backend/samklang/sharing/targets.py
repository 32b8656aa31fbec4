"""What comments and reactions can be about: any kind registered with the access module
(except comments themselves), described and checked through it. No rules here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility, level_users
from samklang.access.registry import KINDS, Chain, allows, resolve_one, users_who_may_read


@dataclass(frozen=True)
class Target:
    type: str
    id: str
    workspace_id: str | None
    title: str
    url: str | None
    # Whose item it is: told when someone comments on it.
    author_ids: tuple[str, ...]
    chain: Chain


def is_target_kind(target_type: str) -> bool:
    kind = KINDS.get(target_type)
    return kind is not None and kind.commentable


async def resolve(session: AsyncSession, target_type: str, target_id: str) -> Target | None:
    if not is_target_kind(target_type):
        return None
    chain = await resolve_one(session, target_type, target_id)
    if chain is None:
        return None
    link = chain[0]
    return Target(link.kind, link.id, link.workspace_id, link.title, link.url, link.authors, chain)


def can_read(reader: Reader, target: Target, *, private: bool = False) -> bool:
    """The target (or a private comment on it, for the workspace's insiders only)."""
    if private and not reader.can_read(target.workspace_id, Visibility.workspace.value):
        return False
    return allows(reader, target.chain)


def readers_clause(target: Target, *, private: bool = False) -> ColumnElement[bool]:
    """A WHERE clause on `User`: who may read the target (or a private comment on it)."""
    clause = users_who_may_read(target.chain)
    if private:
        clause = clause & level_users(target.workspace_id, Visibility.workspace.value)
    return clause
