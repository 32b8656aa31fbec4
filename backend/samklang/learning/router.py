"""Action learning. Reading follows each item's visibility, so signed-out visitors may
read what is public; writing needs a signed-in member of the workspace."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from samklang.auth.permissions import CurrentUser, OptionalUser
from samklang.core.deps import SessionDep
from samklang.core.errors import PROBLEM_JSON, Problem
from samklang.core.pagination import Page, PageDep
from samklang.learning import (
    assessments,
    cycles,
    entries,
    measures,
    projects,
    reads,
    service,
    workspace_overview,
)
from samklang.learning.models import Phase
from samklang.learning.schemas import (
    AssessmentIn,
    AssessmentOut,
    CycleConflict,
    CycleCreate,
    CycleOut,
    CycleSummary,
    CycleUpdate,
    EntryCreate,
    EntryOut,
    EntryUpdate,
    MeasureCreate,
    MeasureOut,
    MeasureSummary,
    MeasureUpdate,
    Overview,
    PointIn,
    PointUpdate,
    ProjectIn,
    ProjectOut,
)

router = APIRouter(tags=["action learning"])
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": CycleConflict, "content": {PROBLEM_JSON: {}}}
}
CONFLICT_PLAIN: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "content": {PROBLEM_JSON: {}}}
}


@router.get("/workspaces/{workspace_id}/project", response_model=ProjectOut)
async def get_project(workspace_id: str, user: OptionalUser, session: SessionDep) -> ProjectOut:
    reader = await service.reader(session, user)
    return await projects.get_project(session, reader, workspace_id)


@router.put(
    "/workspaces/{workspace_id}/project", response_model=ProjectOut, responses=CONFLICT_PLAIN
)
async def put_project(
    workspace_id: str, data: ProjectIn, user: CurrentUser, session: SessionDep
) -> ProjectOut:
    """Save the development project; send the `version` you read (0 before the first save)."""
    reader = await service.reader(session, user)
    return await projects.put_project(session, reader, workspace_id, data)


@router.get("/workspaces/{workspace_id}/overview", response_model=Overview)
async def overview(workspace_id: str, user: OptionalUser, session: SessionDep) -> Overview:
    reader = await service.reader(session, user)
    return await workspace_overview.overview(session, reader, workspace_id)


@router.get("/workspaces/{workspace_id}/cycles", response_model=Page[CycleSummary])
async def list_cycles(
    workspace_id: str,
    user: OptionalUser,
    session: SessionDep,
    page: PageDep,
    phase: Phase | None = None,
) -> Response:
    """The workspace's cycles the caller may read, newest first (the cycle board)."""
    reader = await service.reader(session, user)
    board = await cycles.list_cycles(
        session,
        reader,
        workspace_id,
        phase=phase.value if phase else None,
        limit=page.limit,
        after=page.after,
    )
    return Response(reads.CYCLE_PAGE.dump_json(board), media_type="application/json")


@router.post(
    "/workspaces/{workspace_id}/cycles",
    response_model=CycleOut,
    status_code=status.HTTP_201_CREATED,
)
async def create_cycle(
    workspace_id: str, data: CycleCreate, user: CurrentUser, session: SessionDep
) -> CycleOut:
    reader = await service.reader(session, user)
    return await cycles.create_cycle(session, reader, workspace_id, data)


@router.get("/cycles/{cycle_id}", response_model=CycleOut)
async def get_cycle(cycle_id: str, user: OptionalUser, session: SessionDep) -> CycleOut:
    reader = await service.reader(session, user)
    return await cycles.get_cycle(session, reader, cycle_id)


@router.patch("/cycles/{cycle_id}", response_model=CycleOut, responses=CONFLICT)
async def update_cycle(
    cycle_id: str, data: CycleUpdate, user: CurrentUser, session: SessionDep
) -> CycleOut:
    """Change a cycle. A stale `version` gets 409 with the current cycle in `current`."""
    reader = await service.reader(session, user)
    return await cycles.update_cycle(session, reader, cycle_id, data)


@router.get("/cycles/{cycle_id}/entries", response_model=Page[EntryOut])
async def list_entries(
    cycle_id: str, user: OptionalUser, session: SessionDep, page: PageDep
) -> Page[EntryOut]:
    """The cycle's log, oldest first (a timeline)."""
    reader = await service.reader(session, user)
    return await entries.list_entries(session, reader, cycle_id, limit=page.limit, after=page.after)


@router.post(
    "/cycles/{cycle_id}/entries", response_model=EntryOut, status_code=status.HTTP_201_CREATED
)
async def create_entry(
    cycle_id: str, data: EntryCreate, user: CurrentUser, session: SessionDep
) -> EntryOut:
    reader = await service.reader(session, user)
    return await entries.create_entry(session, reader, cycle_id, data)


@router.patch("/entries/{entry_id}", response_model=EntryOut, responses=CONFLICT_PLAIN)
async def update_entry(
    entry_id: str, data: EntryUpdate, user: CurrentUser, session: SessionDep
) -> EntryOut:
    reader = await service.reader(session, user)
    return await entries.update_entry(session, reader, entry_id, data)


@router.get("/workspaces/{workspace_id}/measures", response_model=list[MeasureSummary])
async def list_measures(
    workspace_id: str, user: OptionalUser, session: SessionDep
) -> list[MeasureSummary]:
    reader = await service.reader(session, user)
    return await measures.list_measures(session, reader, workspace_id)


@router.post(
    "/workspaces/{workspace_id}/measures",
    response_model=MeasureOut,
    status_code=status.HTTP_201_CREATED,
)
async def create_measure(
    workspace_id: str, data: MeasureCreate, user: CurrentUser, session: SessionDep
) -> MeasureOut:
    reader = await service.reader(session, user)
    return await measures.create_measure(session, reader, workspace_id, data)


@router.get("/measures/{measure_id}", response_model=MeasureOut)
async def get_measure(measure_id: str, user: OptionalUser, session: SessionDep) -> MeasureOut:
    """The measure with its points, the median, shifts and the cycle starts to mark."""
    reader = await service.reader(session, user)
    return await measures.get_measure(session, reader, measure_id)


@router.patch("/measures/{measure_id}", response_model=MeasureOut, responses=CONFLICT_PLAIN)
async def update_measure(
    measure_id: str, data: MeasureUpdate, user: CurrentUser, session: SessionDep
) -> MeasureOut:
    reader = await service.reader(session, user)
    return await measures.update_measure(session, reader, measure_id, data)


@router.post(
    "/measures/{measure_id}/points", response_model=MeasureOut, status_code=status.HTTP_201_CREATED
)
async def add_point(
    measure_id: str, data: PointIn, user: CurrentUser, session: SessionDep
) -> MeasureOut:
    reader = await service.reader(session, user)
    return await measures.add_point(session, reader, measure_id, data)


@router.patch(
    "/measures/{measure_id}/points/{point_id}", response_model=MeasureOut, responses=CONFLICT_PLAIN
)
async def update_point(
    measure_id: str, point_id: str, data: PointUpdate, user: CurrentUser, session: SessionDep
) -> MeasureOut:
    """Annotate a data point, set its denominator, or start a new phase at it; `version` is
    the measure's."""
    reader = await service.reader(session, user)
    return await measures.update_point(session, reader, measure_id, point_id, data)


@router.delete("/measures/{measure_id}/points/{point_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_point(
    measure_id: str, point_id: str, user: CurrentUser, session: SessionDep
) -> Response:
    reader = await service.reader(session, user)
    await measures.delete_point(session, reader, measure_id, point_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/workspaces/{workspace_id}/assessments", response_model=list[AssessmentOut])
async def list_assessments(
    workspace_id: str, user: OptionalUser, session: SessionDep
) -> list[AssessmentOut]:
    reader = await service.reader(session, user)
    return await assessments.list_assessments(session, reader, workspace_id)


@router.put("/workspaces/{workspace_id}/assessments", response_model=AssessmentOut)
async def put_assessment(
    workspace_id: str, data: AssessmentIn, user: CurrentUser, session: SessionDep
) -> AssessmentOut:
    """Progress self-assessment for a semester (0.5 to 5 in steps of 0.5)."""
    reader = await service.reader(session, user)
    return await assessments.put_assessment(session, reader, workspace_id, data)
