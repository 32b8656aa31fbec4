"""The development project of a workspace. No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.core.markdown import render
from samklang.learning import repository as repo
from samklang.learning.models import Project
from samklang.learning.schemas import Partner, ProjectIn, ProjectOut
from samklang.learning.service import (
    _audit_visibility,
    _check_version,
    _require_read,
    _save,
    _workspace_to_write,
    _writable,
)
from samklang.network import service as network_service

# The development project


def project_out(workspace_id: str, project: Project | None, can_edit: bool) -> ProjectOut:
    if project is None:
        return ProjectOut(
            workspace_id=workspace_id,
            aim_what="",
            aim_what_html="",
            aim_for_whom="",
            aim_by_when=None,
            focus_areas=[],
            partners=[],
            visibility=Visibility.workspace,
            version=0,
            updated_at=None,
            can_edit=can_edit,
        )
    return ProjectOut(
        workspace_id=workspace_id,
        aim_what=project.aim_what,
        aim_what_html=render(project.aim_what),
        aim_for_whom=project.aim_for_whom,
        aim_by_when=project.aim_by_when,
        focus_areas=list(project.focus_areas),
        partners=[Partner.model_validate(p) for p in project.partners],
        visibility=Visibility(project.visibility),
        version=project.version,
        updated_at=project.updated_at,
        can_edit=can_edit,
    )


async def get_project(session: AsyncSession, reader: Reader, workspace_id: str) -> ProjectOut:
    workspace = await network_service.get_workspace(session, workspace_id)
    project = await repo.project(session, workspace.id)
    _require_read(reader, workspace.id, project.visibility if project else "workspace", "project")
    return project_out(workspace.id, project, _writable(reader, workspace))


async def put_project(
    session: AsyncSession, reader: Reader, workspace_id: str, data: ProjectIn
) -> ProjectOut:
    workspace = await _workspace_to_write(session, reader, workspace_id)
    project = await repo.project(session, workspace.id)
    if project is None:
        _check_version(
            data.version if data.version else None, 0, project_out(workspace.id, None, True)
        )
        project = Project(workspace_id=workspace.id, version=0)
        session.add(project)
    else:
        _check_version(data.version, project.version, project_out(workspace.id, project, True))
    project.aim_what = data.aim_what
    project.aim_for_whom = data.aim_for_whom
    project.aim_by_when = data.aim_by_when
    project.focus_areas = list(dict.fromkeys(data.focus_areas))
    project.partners = [p.model_dump(mode="json") for p in data.partners]
    await _audit_visibility(
        session, reader, "project", workspace.id, workspace.id, project.visibility, data.visibility
    )
    project.visibility = data.visibility.value
    project.version += 1
    await _save(session, reader, lambda: get_project(session, reader, workspace_id))
    return project_out(workspace.id, project, True)
