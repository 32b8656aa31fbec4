"""Who may still read what a notification is about, checked in bulk.

A notification names its target (`target_type`, `target_id`) and the target's workspace. At
every use (the in-app list, the unread count, digests, notify itself) the target is looked
up again so that an item whose visibility was lowered, or which was deleted or hidden, no
longer reaches anyone its level does not allow:

- cycles, entries, measures, projects, posts and comments are looked up in bulk, one query
  per type (a private comment: the workspace's members, mentors and the project team);
- other types registered in sharing/targets.py (answers, resources, reports, ...) through
  their resolver, one query per distinct target;
- a type nobody registered is readable by the workspace's insiders only, or, without a
  workspace (the project team's own items), by any signed-in user (not re-checkable).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.learning.models import Cycle, Entry, Measure, Project
from samklang.network.models import Membership, Tier, Workspace, WorkspaceMentor
from samklang.network.visibility import Reader, Visibility
from samklang.sharing import targets
from samklang.sharing.models import Comment, Post

Ref = tuple[str, str]  # (target_type, target_id)


@dataclass(frozen=True)
class Access:
    """What decides who reads a target: None when it is gone."""

    workspace_id: str | None
    visibility: str
    private: bool = False
    unknown: bool = False
    # Hidden by moderation: only its author (told why) and the project team still read it.
    hidden_for: str | None = None
    hidden: bool = False


async def readers_for(session: AsyncSession, users: Iterable[User]) -> dict[str, Reader]:
    """Readers for many users in two queries."""
    by_id = {u.id: u for u in users}
    if not by_id:
        return {}
    ids = sorted(by_id)
    tiers: dict[str, dict[str, str]] = {uid: {} for uid in ids}
    rows = await session.execute(
        select(Membership.user_id, Membership.workspace_id, Workspace.tier)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(Membership.user_id.in_(ids))
    )
    for user_id, workspace_id, tier in rows:
        tiers[user_id][workspace_id] = tier
    mentors: dict[str, set[str]] = {uid: set() for uid in ids}
    for user_id, workspace_id in await session.execute(
        select(WorkspaceMentor.user_id, WorkspaceMentor.workspace_id).where(
            WorkspaceMentor.user_id.in_(ids)
        )
    ):
        mentors[user_id].add(workspace_id)
    return {
        uid: Reader(
            user=by_id[uid],
            member_of=frozenset(tiers[uid]),
            mentor_of=frozenset(mentors[uid]),
            pilot_member=Tier.pilot.value in tiers[uid].values(),
            observer_member=Tier.observer.value in tiers[uid].values(),
        )
        for uid in ids
    }


async def _simple(
    session: AsyncSession,
    name: str,
    model: type[Cycle] | type[Entry] | type[Measure],
    ids: list[str],
) -> dict[Ref, Access]:
    if not ids:
        return {}
    rows = await session.execute(
        select(model.id, model.workspace_id, model.visibility).where(model.id.in_(ids))
    )
    return {(name, i): Access(w, v) for i, w, v in rows}


async def resolve_access(
    session: AsyncSession, refs: Iterable[tuple[str, str, str | None]]
) -> dict[Ref, Access | None]:
    """(target_type, target_id, workspace_id) -> how the target may be read now."""
    wanted = {(t, i): w for t, i, w in refs}
    result: dict[Ref, Access | None] = {}
    by_type: dict[str, list[str]] = {}
    for t, i in wanted:
        by_type.setdefault(t, []).append(i)

    comment_ids = by_type.pop("comment", [])
    comments: dict[str, tuple[str, str, str | None, bool, bool, str | None]] = {}
    if comment_ids:
        rows = await session.execute(
            select(
                Comment.id,
                Comment.target_type,
                Comment.target_id,
                Comment.workspace_id,
                Comment.private,
                Comment.hidden_at,
                Comment.author_id,
            ).where(Comment.id.in_(comment_ids), Comment.deleted_at.is_(None))
        )
        for cid, ttype, tid, ws, private, hidden_at, author in rows:
            comments[cid] = (ttype, tid, ws, bool(private), hidden_at is not None, author)
            by_type.setdefault(ttype, []).append(tid)

    access: dict[Ref, Access] = {}
    access.update(await _simple(session, "cycle", Cycle, by_type.pop("cycle", [])))
    access.update(await _simple(session, "entry", Entry, by_type.pop("entry", [])))
    access.update(await _simple(session, "measure", Measure, by_type.pop("measure", [])))
    project_ids = by_type.pop("project", [])
    if project_ids:
        rows = await session.execute(
            select(Workspace.id, Project.visibility)
            .outerjoin(Project, Project.workspace_id == Workspace.id)
            .where(Workspace.id.in_(project_ids))
        )
        for wid, level in rows:
            access[("project", wid)] = Access(wid, level or Visibility.workspace.value)
    post_ids = by_type.pop("post", [])
    if post_ids:
        rows = await session.execute(
            select(
                Post.id, Post.workspace_id, Post.visibility, Post.hidden_at, Post.author_id
            ).where(Post.id.in_(post_ids), Post.deleted_at.is_(None))
        )
        for pid, ws, level, hidden_at, author in rows:
            access[("post", pid)] = Access(
                ws, level, hidden=hidden_at is not None, hidden_for=author
            )
    for ttype, ids in by_type.items():
        for tid in sorted(set(ids)):
            if ttype in targets.RESOLVERS:
                target = await targets.resolve(session, ttype, tid)
                if target is not None:
                    access[(ttype, tid)] = Access(target.workspace_id, target.visibility)
            else:
                workspace_id = wanted.get((ttype, tid))
                access[(ttype, tid)] = Access(
                    workspace_id,
                    Visibility.workspace.value if workspace_id else Visibility.network.value,
                    unknown=True,
                )

    for ref in wanted:
        if ref[0] == "comment":
            found = comments.get(ref[1])
            if found is None:
                result[ref] = None
                continue
            ttype, tid, ws, private, hidden, author = found
            parent = access.get((ttype, tid))
            if parent is None:
                result[ref] = None
            else:
                result[ref] = Access(
                    parent.workspace_id or ws,
                    parent.visibility,
                    private,
                    hidden=hidden,
                    hidden_for=author,
                )
        else:
            result[ref] = access.get(ref)
    return result


def may_read(reader: Reader, access: Access | None) -> bool:
    if access is None or reader.user is None:
        return False
    if access.hidden and not (reader.is_admin or reader.user.id == access.hidden_for):
        return False
    if access.unknown and access.workspace_id is None:
        return True  # the project team's own item of a type nobody registered
    if access.private:
        return targets.can_read_private(reader, access.workspace_id)
    return targets.can_read(reader, access.workspace_id, access.visibility)
