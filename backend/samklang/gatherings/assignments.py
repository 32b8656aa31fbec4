"""Assignments between gatherings and the workspaces' responses."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.auth.models import User
from samklang.core.atomic import lock
from samklang.core.db import utcnow
from samklang.core.errors import (
    Forbidden,
    NotFound,
    ReadOnly,
)
from samklang.core.markdown import render
from samklang.gatherings.base import StaleAnswer, _cohort_id, get_gathering
from samklang.gatherings.models import (
    Assignment,
    AssignmentResponse,
)
from samklang.gatherings.schemas import (
    AssignmentIn,
    AssignmentOut,
    AssignmentResponseIn,
    AssignmentResponseOut,
    AssignmentStatus,
)
from samklang.network import service as network_service
from samklang.network.models import Workspace

# Assignments between gatherings


async def create_assignment(session: AsyncSession, data: AssignmentIn) -> Assignment:
    if data.gathering_id:
        await get_gathering(session, data.gathering_id)
    assignment = Assignment(
        cohort_id=await _cohort_id(session, data.cohort_id),
        gathering_id=data.gathering_id,
        title=data.title,
        instructions=data.instructions,
        due_on=data.due_on,
    )
    session.add(assignment)
    await session.flush()
    return assignment


async def get_assignment(session: AsyncSession, assignment_id: str) -> Assignment:
    assignment = await session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("No such assignment")
    return assignment


async def list_assignments(session: AsyncSession, reader: Reader) -> list[AssignmentOut]:
    assignments = list(await session.scalars(select(Assignment).order_by(Assignment.due_on)))
    return await _assignments_out(session, reader, assignments)


async def _assignments_out(
    session: AsyncSession, reader: Reader, assignments: list[Assignment]
) -> list[AssignmentOut]:

    ids = [a.id for a in assignments]
    readable = reader.filter(AssignmentResponse.workspace_id, AssignmentResponse.visibility)
    responses = (
        list(
            await session.scalars(
                select(AssignmentResponse)
                .where(AssignmentResponse.assignment_id.in_(ids), readable)
                .order_by(AssignmentResponse.updated_at)
            )
        )
        if ids
        else []
    )
    names = await network_service.workspace_names(session, [r.workspace_id for r in responses])
    authors = {
        u.id: u.name
        for u in await session.scalars(
            select(User).where(User.id.in_([r.updated_by_id for r in responses if r.updated_by_id]))
        )
    }
    status: dict[str, list[AssignmentStatus]] = {}
    if reader.is_admin and ids:
        answered = {
            (row[0], row[1]): row[2]
            for row in await session.execute(
                select(
                    AssignmentResponse.assignment_id,
                    AssignmentResponse.workspace_id,
                    AssignmentResponse.updated_at,
                ).where(AssignmentResponse.assignment_id.in_(ids))
            )
        }
        workspaces = list(
            await session.scalars(
                select(Workspace).where(Workspace.status == "active").order_by(Workspace.sort_name)
            )
        )
        for a in assignments:
            status[a.id] = [
                AssignmentStatus(
                    workspace_id=w.id,
                    workspace_name=w.name,
                    answered=(a.id, w.id) in answered,
                    answered_at=answered.get((a.id, w.id)),
                )
                for w in workspaces
                if a.cohort_id is None or w.cohort_id == a.cohort_id
            ]
    return [
        AssignmentOut(
            id=a.id,
            cohort_id=a.cohort_id,
            gathering_id=a.gathering_id,
            title=a.title,
            instructions=a.instructions,
            instructions_html=render(a.instructions),
            due_on=a.due_on,
            responses=[
                AssignmentResponseOut(
                    workspace_id=r.workspace_id,
                    workspace_name=names.get(r.workspace_id, ""),
                    body=r.body,
                    body_html=render(r.body),
                    visibility=Visibility(r.visibility),
                    version=r.version,
                    updated_at=r.updated_at,
                    updated_by=authors.get(r.updated_by_id or ""),
                )
                for r in responses
                if r.assignment_id == a.id
            ],
            status=status.get(a.id, []),
        )
        for a in assignments
    ]


async def assignment_out(
    session: AsyncSession, reader: Reader, assignment: Assignment
) -> AssignmentOut:
    return (await _assignments_out(session, reader, [assignment]))[0]


async def respond(
    session: AsyncSession,
    reader: Reader,
    assignment: Assignment,
    workspace_id: str,
    data: AssignmentResponseIn,
) -> AssignmentOut:
    """The workspace's one response: its members write it, with `version` for conflicts."""
    workspace = await network_service.get_workspace(session, workspace_id)
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members answer for it")
    if workspace.status == "withdrawn" and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")
    await lock(session, Assignment.id, [assignment.id])  # saves at once take turns
    response = await session.scalar(
        select(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment.id,
            AssignmentResponse.workspace_id == workspace.id,
        )
    )
    current = response.version if response else 0
    if data.version != current:
        raise StaleAnswer("Someone else saved this response; reload to see it")
    if response is None:
        response = AssignmentResponse(
            assignment_id=assignment.id, workspace_id=workspace.id, version=0
        )
        session.add(response)
    response.body, response.visibility = data.body, data.visibility.value
    response.version = current + 1
    response.updated_at = utcnow()
    response.updated_by_id = reader.user.id if reader.user else None
    await session.flush()
    return await assignment_out(session, reader, assignment)
