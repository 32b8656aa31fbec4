from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from samklang.auth.permissions import CurrentUser, RequireAdmin
from samklang.core.deps import LocaleDep, SessionDep, SettingsDep
from samklang.core.errors import NotFound
from samklang.core.pagination import Page, PageDep, decode_cursor
from samklang.network import repository as repo
from samklang.network import service
from samklang.network.models import ApplicationStatus, Tier, WorkspaceStatus
from samklang.network.permissions import WorkspaceAccessDep
from samklang.network.schemas import (
    ApplicationCreate,
    ApplicationDraft,
    ApplicationOut,
    CohortIn,
    CohortOut,
    CountyOut,
    Decision,
    MemberAdd,
    MemberAdded,
    MemberOut,
    MemberUpdate,
    MunicipalityOut,
    OrganisationOut,
    ScoresIn,
    WorkspaceCreate,
    WorkspaceOut,
    WorkspaceUpdate,
)

# Public: the registry and the published cohorts (criteria are published for applicants).
public_router = APIRouter(tags=["network"])
# Signed-in users only (api.py adds the dependency).
router = APIRouter(tags=["network"])


@public_router.get("/municipalities", response_model=Page[MunicipalityOut])
async def municipalities(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=400)] = 400,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[MunicipalityOut]:
    """The registry, a page at a time like every list (`{items, next_cursor}`); `q`
    matches the name (ignoring case and accents) or the number, best matches first."""
    return await service.search_municipalities(session, q, limit, decode_cursor(cursor))


@public_router.get("/counties", response_model=list[CountyOut])
async def counties(session: SessionDep) -> list[CountyOut]:
    return [CountyOut(number=n, name=name) for n, name in await repo.counties(session)]


@public_router.get("/organisations", response_model=list[OrganisationOut])
async def organisations(session: SessionDep) -> list[OrganisationOut]:
    return [OrganisationOut.model_validate(o) for o in await repo.organisations(session)]


@public_router.get("/cohorts", response_model=list[CohortOut])
async def list_cohorts(session: SessionDep) -> list[CohortOut]:
    return [service.cohort_out(c) for c in await repo.list_cohorts(session)]


@public_router.get("/cohorts/{cohort_id}", response_model=CohortOut)
async def get_cohort(cohort_id: str, session: SessionDep) -> CohortOut:
    cohort = await repo.get_cohort(session, cohort_id)
    if cohort is None:
        raise NotFound("No such cohort")
    return service.cohort_out(cohort)


@router.post("/cohorts", response_model=CohortOut, status_code=status.HTTP_201_CREATED)
async def create_cohort(data: CohortIn, _: RequireAdmin, session: SessionDep) -> CohortOut:
    return service.cohort_out(await service.create_cohort(session, data))


@router.put("/cohorts/{cohort_id}", response_model=CohortOut)
async def update_cohort(
    cohort_id: str, data: CohortIn, _: RequireAdmin, session: SessionDep
) -> CohortOut:
    cohort = await repo.get_cohort(session, cohort_id)
    if cohort is None:
        raise NotFound("No such cohort")
    return service.cohort_out(await service.update_cohort(session, cohort, data))


@router.get("/workspaces", response_model=Page[WorkspaceOut])
async def list_workspaces(
    _: CurrentUser,
    session: SessionDep,
    page: PageDep,
    tier: Tier | None = None,
    county: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    status: WorkspaceStatus | None = None,
) -> Page[WorkspaceOut]:
    """The directory of workspaces, in Norwegian alphabetical order."""
    return await service.list_workspaces(
        session,
        tier=tier.value if tier else None,
        county=county,
        status=status.value if status else None,
        limit=page.limit,
        after=page.after,
    )


@router.post("/workspaces", response_model=WorkspaceOut, status_code=status.HTTP_201_CREATED)
async def create_workspace(
    data: WorkspaceCreate, _: RequireAdmin, session: SessionDep
) -> WorkspaceOut:
    workspace = await service.create_workspace(session, data)
    return service.workspace_out(workspace, 0)


@router.get("/workspaces/{workspace_id}", response_model=WorkspaceOut)
async def get_workspace(access: WorkspaceAccessDep, session: SessionDep) -> WorkspaceOut:
    return await service.workspace_detail(session, access)


@router.patch("/workspaces/{workspace_id}", response_model=WorkspaceOut)
async def update_workspace(
    data: WorkspaceUpdate, access: WorkspaceAccessDep, session: SessionDep
) -> WorkspaceOut:
    await service.update_workspace(session, access, data)
    return await service.workspace_detail(session, access)


@router.get("/workspaces/{workspace_id}/members", response_model=list[MemberOut])
async def list_members(access: WorkspaceAccessDep, session: SessionDep) -> list[MemberOut]:
    return await service.list_members(session, access)


@router.post(
    "/workspaces/{workspace_id}/members",
    response_model=MemberAdded,
    status_code=status.HTTP_201_CREATED,
)
async def add_member(
    data: MemberAdd,
    access: WorkspaceAccessDep,
    session: SessionDep,
    settings: SettingsDep,
    locale: LocaleDep,
) -> MemberAdded:
    """Adds an existing account at once; invites anyone else by email."""
    membership, invited = await service.invite_member(session, access, data, settings, locale)
    return MemberAdded(
        member=service.member_out(membership, show_email=True) if membership else None,
        invited_email=invited,
    )


@router.patch("/workspaces/{workspace_id}/members/{user_id}", response_model=MemberOut)
async def update_member(
    user_id: str, data: MemberUpdate, access: WorkspaceAccessDep, session: SessionDep
) -> MemberOut:
    membership = await service.update_member(
        session,
        access,
        user_id,
        data.role.value if data.role else None,
        data.function.value if data.function else None,
    )
    return service.member_out(membership, show_email=True)


@router.delete(
    "/workspaces/{workspace_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT
)
async def remove_member(user_id: str, access: WorkspaceAccessDep, session: SessionDep) -> Response:
    await service.remove_member(session, access, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/applications", response_model=Page[ApplicationOut])
async def list_applications(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    cohort_id: str | None = None,
    status: ApplicationStatus | None = None,
    sort: Literal["newest", "score"] = "newest",
    mine: bool = False,
) -> Page[ApplicationOut]:
    """The project team sees every application (`mine=true`: only their own); anyone else
    their own."""
    return await service.list_applications(
        session,
        user,
        mine=mine,
        cohort_id=cohort_id,
        status=status.value if status else None,
        sort=sort,
        limit=page.limit,
        after=page.after,
    )


@router.post("/applications", response_model=ApplicationOut, status_code=status.HTTP_201_CREATED)
async def create_application(
    data: ApplicationCreate, user: CurrentUser, session: SessionDep
) -> ApplicationOut:
    application = await service.create_application(session, user, data)
    return await service.application_detail(session, user, application)


@router.get("/applications/{application_id}", response_model=ApplicationOut)
async def get_application(
    application_id: str, user: CurrentUser, session: SessionDep
) -> ApplicationOut:
    application = await service.get_application_for(session, user, application_id)
    return await service.application_detail(session, user, application)


@router.patch("/applications/{application_id}", response_model=ApplicationOut)
async def update_application(
    application_id: str, data: ApplicationDraft, user: CurrentUser, session: SessionDep
) -> ApplicationOut:
    """Saves the draft (the form autosaves); send `version` to detect a conflict."""
    application = await service.update_application(session, user, application_id, data)
    return await service.application_detail(session, user, application)


@router.post("/applications/{application_id}/submit", response_model=ApplicationOut)
async def submit_application(
    application_id: str, user: CurrentUser, session: SessionDep, locale: LocaleDep
) -> ApplicationOut:
    application = await service.submit_application(session, user, application_id, locale)
    return await service.application_detail(session, user, application)


@router.put("/applications/{application_id}/scores", response_model=ApplicationOut)
async def score_application(
    application_id: str, data: ScoresIn, admin: RequireAdmin, session: SessionDep
) -> ApplicationOut:
    application = await service.score_application(session, admin, application_id, data)
    return await service.application_detail(session, admin, application)


@router.post("/applications/{application_id}/decision", response_model=ApplicationOut)
async def decide(
    application_id: str,
    data: Decision,
    admin: RequireAdmin,
    session: SessionDep,
    settings: SettingsDep,
) -> ApplicationOut:
    application = await service.decide(session, admin, application_id, data, settings)
    return await service.application_detail(session, admin, application)
