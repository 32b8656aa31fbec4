"""Who may do what with a workspace. The rules live here; routes declare them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from samklang.auth.models import Role, User
from samklang.auth.permissions import CurrentUser
from samklang.core.deps import SessionDep
from samklang.core.errors import Forbidden, NotFound, ReadOnly
from samklang.network import repository as repo
from samklang.network.models import Membership, Workspace, WorkspaceRole, WorkspaceStatus


@dataclass(frozen=True)
class WorkspaceAccess:
    """The caller's relation to one workspace."""

    user: User
    workspace: Workspace
    membership: Membership | None
    is_mentor: bool

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.admin.value

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_coordinator(self) -> bool:
        return self.membership is not None and self.membership.role == WorkspaceRole.coordinator

    @property
    def can_read_internal(self) -> bool:
        """Members, the workspace's mentors and the project team see its inner life."""
        return self.is_admin or self.is_member or self.is_mentor

    @property
    def can_manage(self) -> bool:
        """Coordinators manage their own workspace; the project team manages all."""
        return self.is_admin or self.is_coordinator

    @property
    def withdrawn(self) -> bool:
        return self.workspace.status == WorkspaceStatus.withdrawn.value

    def require_internal(self) -> None:
        if not self.can_read_internal:
            raise Forbidden("Only the workspace's members, its mentors and the project team")

    def require_manage(self) -> None:
        if not self.can_manage:
            raise Forbidden("Only the workspace's coordinators and the project team")
        self.require_writable()

    def require_writable(self) -> None:
        """A withdrawn workspace is read-only, except for the project team."""
        if self.withdrawn and not self.is_admin:
            raise ReadOnly("The workspace has withdrawn; its content is read-only")


async def workspace_access(
    workspace_id: str, user: CurrentUser, session: SessionDep
) -> WorkspaceAccess:
    workspace = await repo.get_workspace(session, workspace_id)
    if workspace is None:
        raise NotFound("No such workspace")
    return WorkspaceAccess(
        user=user,
        workspace=workspace,
        membership=await repo.membership(session, workspace_id, user.id),
        is_mentor=any(link.user_id == user.id for link in workspace.mentor_links),
    )


WorkspaceAccessDep = Annotated[WorkspaceAccess, Depends(workspace_access)]
