"""Who may read workspace content at each visibility level (PRODUCT.md, Visibility), stated
once in `RULES`; everything else here and in access/registry.py is derived from it.

| level      | readers                                                          |
|------------|------------------------------------------------------------------|
| workspace  | the workspace's members, its mentors, the project team           |
| network    | also every member of a pilot workspace and every mentor          |
| observers  | also every member of an observer workspace                       |
| public     | anyone, signed in or not                                          |
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, false, null, or_, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import Role, User
from samklang.network.models import Membership, Tier, Workspace, WorkspaceMentor


class Visibility(StrEnum):
    workspace = "workspace"
    network = "network"
    observers = "observers"
    public = "public"


ORDER = [Visibility.workspace, Visibility.network, Visibility.observers, Visibility.public]


class Audience(StrEnum):
    """The kinds of reader the rule speaks of."""

    # The item's workspace's members, its mentors, and the project team (for an item
    # without a workspace: the project team alone).
    insider = "insider"
    pilot_member = "pilot_member"  # a member of any pilot workspace
    mentor = "mentor"  # any mentor
    observer_member = "observer_member"  # a member of any observer workspace
    anyone = "anyone"  # signed in or not


# THE rule: who reads an item at each level. A level not in this table is read by nobody.
RULES: dict[str, frozenset[Audience]] = {
    Visibility.workspace.value: frozenset({Audience.insider}),
    Visibility.network.value: frozenset({Audience.insider, Audience.pilot_member, Audience.mentor}),
    Visibility.observers.value: frozenset(
        {Audience.insider, Audience.pilot_member, Audience.mentor, Audience.observer_member}
    ),
    Visibility.public.value: frozenset(
        {
            Audience.insider,
            Audience.pilot_member,
            Audience.mentor,
            Audience.observer_member,
            Audience.anyone,
        }
    ),
}


def narrowest(levels: list[str]) -> str:
    """The narrowest of several levels (a child is never more visible than its container);
    an unknown level counts as narrower than any."""
    rank = {v.value: i for i, v in enumerate(ORDER)}
    return min(levels, key=lambda lv: rank.get(lv, -1))


@dataclass(frozen=True)
class Reader:
    """The caller as a reader: loaded once per request, then checks cost no queries."""

    user: User | None
    member_of: frozenset[str] = field(default_factory=frozenset)
    mentor_of: frozenset[str] = field(default_factory=frozenset)
    pilot_member: bool = False
    observer_member: bool = False

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user.role == Role.admin.value

    @property
    def is_mentor(self) -> bool:
        return self.user is not None and self.user.role == Role.mentor.value

    def belongs_to(self, audience: Audience) -> bool:
        """Whether the reader is of a workspace-independent audience."""
        if audience is Audience.anyone:
            return True
        if self.user is None:
            return False
        if audience is Audience.pilot_member:
            return self.pilot_member
        if audience is Audience.mentor:
            return self.is_mentor
        if audience is Audience.observer_member:
            return self.observer_member
        return False

    def levels(self) -> set[Visibility]:
        """The levels this reader may read in any workspace."""
        if self.is_admin:
            return set(ORDER)
        return {
            Visibility(level)
            for level, audiences in RULES.items()
            if any(self.belongs_to(a) for a in audiences)
        }

    def inside(self, workspace_id: str | None) -> bool:
        """Members, its mentors and the project team read all of a workspace's content; an
        item without a workspace has the project team as its only insiders."""
        if self.is_admin:
            return True
        return workspace_id is not None and (
            workspace_id in self.member_of or workspace_id in self.mentor_of
        )

    def can_read(self, workspace_id: str | None, level: str) -> bool:
        audiences = RULES.get(level, frozenset())
        if Audience.insider in audiences and self.inside(workspace_id):
            return True
        return any(self.belongs_to(a) for a in audiences if a is not Audience.insider)

    def can_write(self, workspace_id: str) -> bool:
        """Only a workspace's members (and the project team) write to it; mentors comment."""
        return self.is_admin or workspace_id in self.member_of

    def filter(self, workspace_column: Any, visibility_column: Any) -> ColumnElement[bool]:
        """A WHERE clause selecting exactly the rows this reader may read (the same rule as
        `can_read`, for rows)."""
        if self.is_admin:
            return true()
        open_levels = sorted(
            level
            for level, audiences in RULES.items()
            if any(self.belongs_to(a) for a in audiences if a is not Audience.insider)
        )
        insider_levels = sorted(lv for lv, auds in RULES.items() if Audience.insider in auds)
        inside = sorted(self.member_of | self.mentor_of)
        clauses: list[ColumnElement[bool]] = []
        if open_levels:
            clauses.append(visibility_column.in_(open_levels))
        if inside and insider_levels:
            clauses.append(workspace_column.in_(inside) & visibility_column.in_(insider_levels))
        return or_(false(), *clauses)


def audience_users(audience: Audience, workspace_id: str | None) -> ColumnElement[bool]:
    """A WHERE clause on `User`: the users of one audience (for an item of this workspace)."""
    if audience is Audience.anyone:
        return true()
    if audience is Audience.mentor:
        return User.role == Role.mentor.value
    if audience in (Audience.pilot_member, Audience.observer_member):
        tier = Tier.pilot if audience is Audience.pilot_member else Tier.observer
        return User.id.in_(
            select(Membership.user_id)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(Workspace.tier == tier.value)
        )
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
    return or_(*inside)


def level_users(workspace_id: str | None, level: str) -> ColumnElement[bool]:
    """A WHERE clause on `User`: who may read an item of this workspace at this level (the
    same rule as `Reader.can_read`, for users)."""
    audiences = RULES.get(level, frozenset())
    if Audience.anyone in audiences:
        return true()
    return or_(false(), *(audience_users(a, workspace_id) for a in sorted(audiences)))


async def reader_for(session: AsyncSession, user: User | None) -> Reader:
    if user is None:
        return Reader(user=None)
    # One round trip: the workspaces the user is a member of (with their tier), then the
    # ones they mentor (tier NULL marks a mentorship).
    members = (
        select(Membership.workspace_id, Workspace.tier)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(Membership.user_id == user.id)
    )
    mentors = select(WorkspaceMentor.workspace_id, null()).where(WorkspaceMentor.user_id == user.id)
    tiers: dict[str, str] = {}
    mentor_of: set[str] = set()
    for workspace_id, tier in await session.execute(union_all(members, mentors)):
        if tier is None:
            mentor_of.add(workspace_id)
        else:
            tiers[workspace_id] = tier
    return Reader(
        user=user,
        member_of=frozenset(tiers),
        mentor_of=frozenset(mentor_of),
        pilot_member=Tier.pilot.value in tiers.values(),
        observer_member=Tier.observer.value in tiers.values(),
    )


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
