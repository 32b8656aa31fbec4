"""Progress self-assessments. No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.core.atomic import lock
from samklang.core.markdown import render
from samklang.learning import repository as repo
from samklang.learning.models import Assessment
from samklang.learning.schemas import AssessmentIn, AssessmentOut
from samklang.learning.service import _audit_visibility, _workspace_to_write
from samklang.network import service as network_service
from samklang.network.models import Workspace

# Progress self-assessment


def assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.id,
        workspace_id=a.workspace_id,
        semester=a.semester,
        score=a.score,
        evidence=a.evidence,
        evidence_html=render(a.evidence),
        visibility=Visibility(a.visibility),
        created_at=a.created_at,
    )


async def list_assessments(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> list[AssessmentOut]:
    workspace = await network_service.get_workspace(session, workspace_id)
    rows = await repo.assessments(
        session, workspace.id, reader.filter(Assessment.workspace_id, Assessment.visibility)
    )
    return [assessment_out(a) for a in rows]


async def put_assessment(
    session: AsyncSession, reader: Reader, workspace_id: str, data: AssessmentIn
) -> AssessmentOut:
    """One assessment per semester: saving again replaces it."""
    workspace = await _workspace_to_write(session, reader, workspace_id)
    await lock(session, Workspace.id, [workspace.id])  # the first save sent twice at once
    found = await repo.assessment(session, workspace.id, data.semester)
    old_visibility = None if found is None else found.visibility
    if found is None:
        found = Assessment(workspace_id=workspace.id, semester=data.semester)
        session.add(found)
    found.score, found.evidence = data.score, data.evidence
    found.visibility = data.visibility.value
    found.created_by_id = reader.user.id if reader.user else None
    await session.flush()
    await _audit_visibility(
        session, reader, "assessment", found.id, workspace.id, old_visibility, data.visibility
    )
    return assessment_out(found)
