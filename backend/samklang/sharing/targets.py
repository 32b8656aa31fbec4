"""What comments, reactions and feed items can be about, and who may read them.

Each target type has a resolver `(session, target_id) -> Target | None`. Other domains
register theirs (e.g. "answer", "resource", "report") with `register_target`; a target is
readable by exactly the readers its workspace and level allow (network/visibility.py), and
a target without a workspace (the project team's own items) by level alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import Role, User
from samklang.network.models import Membership, Tier, Workspace, WorkspaceMentor
from samklang.network.visibility import ORDER, Reader, Visibility


@dataclass(frozen=True)
class Target:
    type: str
    id: str
    workspace_id: str | None
    visibility: str
    title: str
    url: str | None
    # Whose item it is: told when someone comments on it.
    author_ids: tuple[str, ...] = ()


Resolver = Callable[[AsyncSession, str], Awaitable[Target | None]]
RESOLVERS: dict[str, Resolver] = {}


def register_target(target_type: str, resolver: Resolver) -> None:
    RESOLVERS[target_type] = resolver


def level_readable(reader: Reader, level: str) -> bool:
    try:
        return Visibility(level) in reader.levels()
    except ValueError:
        return reader.is_admin


def can_read(reader: Reader, workspace_id: str | None, level: str) -> bool:
    if workspace_id is None:
        return reader.is_admin or level_readable(reader, level)
    try:
        return reader.can_read(workspace_id, level)
    except ValueError:
        return reader.inside(workspace_id)


def can_read_private(reader: Reader, workspace_id: str | None) -> bool:
    """A private comment: the workspace's members, its mentors and the project team."""
    if workspace_id is None:
        return reader.is_admin
    return reader.inside(workspace_id)


def readers_clause(
    workspace_id: str | None, level: str, *, private: bool = False
) -> ColumnElement[bool]:
    """A WHERE clause on `User` selecting exactly the active users who may read an item of
    this workspace at this level (or a private comment on it): the mirror of Reader."""
    inside: list[ColumnElement[bool]] = [User.role == Role.admin.value]
    if workspace_id is not None:
        inside.append(
            User.id.in_(select(Membership.user_id).where(Membership.workspace_id == workspace_id))
        )
        inside.append(
            User.id.in_(
                select(WorkspaceMentor.user_id).where(WorkspaceMentor.workspace_id == workspace_id)
            )
        )
    clauses = list(inside)
    try:
        rank = ORDER.index(Visibility(level))
    except ValueError:
        rank = 0
    if private:
        rank = 0
    if rank >= ORDER.index(Visibility.network):
        clauses.append(User.role == Role.mentor.value)
        clauses.append(
            User.id.in_(
                select(Membership.user_id)
                .join(Workspace, Workspace.id == Membership.workspace_id)
                .where(Workspace.tier == Tier.pilot.value)
            )
        )
    if rank >= ORDER.index(Visibility.observers):
        clauses.append(
            User.id.in_(
                select(Membership.user_id)
                .join(Workspace, Workspace.id == Membership.workspace_id)
                .where(Workspace.tier == Tier.observer.value)
            )
        )
    if rank >= ORDER.index(Visibility.public):
        clauses.append(true())
    return User.is_active.is_(True) & or_(false(), *clauses)


async def resolve(session: AsyncSession, target_type: str, target_id: str) -> Target | None:
    resolver = RESOLVERS.get(target_type)
    if resolver is None:
        return None
    return await resolver(session, target_id)


# The built-in targets: the learning domain's items, posts, gathering summaries, projects.


async def _cycle(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.learning.models import Cycle

    c = await session.get(Cycle, target_id)
    if c is None:
        return None
    authors = (c.created_by_id,) if c.created_by_id else ()
    return Target("cycle", c.id, c.workspace_id, c.visibility, c.title, f"/cycles/{c.id}", authors)


async def _entry(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.learning.models import Cycle, Entry

    row = (
        await session.execute(
            select(Entry, Cycle.title)
            .join(Cycle, Cycle.id == Entry.cycle_id)
            .where(Entry.id == target_id)
        )
    ).first()
    if row is None:
        return None
    e, title = row
    return Target(
        "entry",
        e.id,
        e.workspace_id,
        e.visibility,
        title,
        f"/cycles/{e.cycle_id}#entry-{e.id}",
        (e.author_id,) if e.author_id else (),
    )


async def _measure(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.learning.models import Measure

    m = await session.get(Measure, target_id)
    if m is None:
        return None
    return Target("measure", m.id, m.workspace_id, m.visibility, m.name, f"/measures/{m.id}")


async def _post(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.sharing.models import Post

    p = await session.get(Post, target_id)
    if p is None or p.deleted_at is not None:
        return None
    title = post_title(p.body)
    authors = (p.author_id,) if p.author_id else ()
    return Target("post", p.id, p.workspace_id, p.visibility, title, f"/posts/{p.id}", authors)


async def _gathering_summary(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.gatherings.models import Gathering

    g = await session.get(Gathering, target_id)
    if g is None:
        return None
    # Not shared yet: only the project team (level "workspace" without a workspace).
    level = g.summary_visibility or Visibility.workspace.value
    return Target("gathering_summary", g.id, None, level, g.title, f"/gatherings/{g.id}/summary")


async def _project(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.learning.models import Project

    ws = await session.get(Workspace, target_id)
    if ws is None:
        return None
    project = await session.get(Project, ws.id)
    level = project.visibility if project else Visibility.workspace.value
    return Target("project", ws.id, ws.id, level, ws.name, f"/workspaces/{ws.id}/project")


def post_title(body: str, length: int = 120) -> str:
    from samklang.sharing.feed import plain

    first = plain(body).strip().split("\n", 1)[0]
    return first if len(first) <= length else first[: length - 1].rstrip() + "…"


# The knowledge and progress domains' items (resolved here, like the built-ins, so that every
# process that reads targets, the digest command included, knows them).


async def _answer(session: AsyncSession, target_id: str) -> Target | None:
    """A published answer (target id: the question's): public or network-wide; a draft is
    the project team's alone (level "workspace" without a workspace)."""
    from samklang.knowledge.models import Question

    q = await session.get(Question, target_id)
    if q is None:
        return None
    if not q.answer_published:
        level = Visibility.workspace.value
    else:
        level = (Visibility.public if q.answer_public else Visibility.network).value
    authors = (q.answered_by_id,) if q.answered_by_id else ()
    return Target("answer", q.id, None, level, q.title, f"/questions/{q.id}", authors)


async def _question(session: AsyncSession, target_id: str) -> Target | None:
    """A question: every signed-in user reads it (observers included); visitors only once
    its answer is published as public."""
    from samklang.knowledge.models import Question

    q = await session.get(Question, target_id)
    if q is None:
        return None
    public = q.answer_published and q.answer_public
    level = (Visibility.public if public else Visibility.observers).value
    authors = (q.asker_id,) if q.asker_id else ()
    return Target("question", q.id, None, level, q.title, f"/questions/{q.id}", authors)


async def _resource(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.knowledge.models import Resource

    r = await session.get(Resource, target_id)
    if r is None:
        return None
    authors = (r.created_by_id,) if r.created_by_id else ()
    return Target(
        "resource", r.id, r.workspace_id, r.visibility, r.title, f"/resources/{r.id}", authors
    )


async def _report(session: AsyncSession, target_id: str) -> Target | None:
    from samklang.progress.models import Report

    r = await session.get(Report, target_id)
    if r is None:
        return None
    authors = (r.created_by_id,) if r.created_by_id else ()
    return Target(
        "report", r.id, r.workspace_id, r.visibility, r.title, f"/reports/{r.id}", authors
    )


register_target("cycle", _cycle)
register_target("entry", _entry)
register_target("measure", _measure)
register_target("post", _post)
register_target("gathering_summary", _gathering_summary)
register_target("project", _project)
register_target("answer", _answer)
register_target("question", _question)
register_target("resource", _resource)
register_target("report", _report)
