"""Who may read workspace content at each visibility level (PRODUCT.md, Visibility).

| level      | readers                                                          |
|------------|------------------------------------------------------------------|
| workspace  | the workspace's members, its mentors, the project team           |
| network    | also every member of a pilot workspace and every mentor          |
| observers  | also every member of an observer workspace                       |
| public     | anyone, signed in or not                                          |
"""

from __future__ import annotations

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

    def levels(self) -> set[Visibility]:
        """The levels this reader may read in any workspace."""
        levels = {Visibility.public}
        if self.user is None:
            return levels
        if self.is_admin:
            return set(ORDER)
        if self.pilot_member or self.is_mentor:
            levels |= {Visibility.network, Visibility.observers}
        if self.observer_member:
            levels.add(Visibility.observers)
        return levels

    def inside(self, workspace_id: str) -> bool:
        """Members, its mentors and the project team read all of a workspace's content."""
        return self.is_admin or workspace_id in self.member_of or workspace_id in self.mentor_of

    def can_read(self, workspace_id: str, level: str) -> bool:
        return self.inside(workspace_id) or Visibility(level) in self.levels()

    def can_write(self, workspace_id: str) -> bool:
        """Only a workspace's members (and the project team) write to it; mentors comment."""
        return self.is_admin or workspace_id in self.member_of

    def filter(self, workspace_column: Any, visibility_column: Any) -> ColumnElement[bool]:
        """A WHERE clause selecting exactly the rows this reader may read."""
        if self.is_admin:
            return true()
        inside = self.member_of | self.mentor_of
        clauses: list[ColumnElement[bool]] = [
            visibility_column.in_([v.value for v in self.levels()])
        ]
        if inside:
            clauses.append(workspace_column.in_(sorted(inside)))
        return or_(false(), *clauses)


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
