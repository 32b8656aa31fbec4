"""The rules of the network: registry, cohorts, workspaces, members and applications.
No HTTP, no commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.service import record
from samklang.auth import repository as auth_repo
from samklang.auth import service as auth_service
from samklang.auth.models import Role, User
from samklang.auth.names import shown
from samklang.auth.schemas import InvitationCreate, MembershipOut
from samklang.core.atomic import lock
from samklang.core.db import utcnow
from samklang.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from samklang.core.i18n import t
from samklang.core.pagination import Page, encode_cursor, time_cursor
from samklang.core.text import norwegian_key, slugify
from samklang.email.service import queue_email
from samklang.network import repository as repo
from samklang.network.models import (
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    Cohort,
    Criterion,
    Membership,
    Municipality,
    Outcome,
    Score,
    Tier,
    Workspace,
    WorkspaceMentor,
    WorkspaceMunicipality,
    WorkspaceRole,
    WorkspaceStatus,
)
from samklang.network.permissions import WorkspaceAccess
from samklang.network.schemas import (
    ApplicationCreate,
    ApplicationDraft,
    ApplicationOut,
    CohortIn,
    CohortOut,
    CriterionOut,
    Decision,
    MemberAdd,
    MemberOut,
    MunicipalityOut,
    PersonOut,
    ScoreOut,
    ScoresIn,
    TeamMember,
    WorkspaceCreate,
    WorkspaceOut,
    WorkspaceUpdate,
)

# Registry


async def search_municipalities(
    session: AsyncSession, q: str | None, limit: int, after: list[Any] | None = None
) -> Page[MunicipalityOut]:
    """Exact matches first, then prefix matches, then the rest, each in Norwegian order;
    a page of `limit` after the cursor (the order's key of the last one shown)."""
    found = await repo.search_municipalities(session, q, limit=None)
    term = (q or "").strip().casefold()

    def rank(m: Municipality) -> tuple[int, str, str]:
        name = m.name.casefold()
        first = 0 if name == term or m.number == term else 1 if name.startswith(term) else 2
        return (first, norwegian_key(m.name), m.number)

    ordered = sorted(((rank(m), m) for m in found), key=lambda pair: pair[0])
    if after is not None and len(after) == 3:
        last = (int(after[0]), str(after[1]), str(after[2]))
        ordered = [pair for pair in ordered if pair[0] > last]
    page, more = ordered[:limit], len(ordered) > limit
    return Page[MunicipalityOut](
        items=[MunicipalityOut.model_validate(m) for _, m in page],
        next_cursor=encode_cursor(list(page[-1][0])) if more else None,
    )


async def municipalities_for(session: AsyncSession, numbers: Sequence[str]) -> list[Municipality]:
    unique = list(dict.fromkeys(numbers))
    found = await repo.municipalities_by_number(session, unique)
    unknown = [n for n in unique if n not in found]
    if unknown:
        raise ValidationFailed(
            errors=[
                FieldError(
                    field="municipality_numbers",
                    message=f"Unknown municipality: {', '.join(unknown)}",
                )
            ]
        )
    return [found[n] for n in unique]


def joint_name(municipalities: Sequence[Municipality]) -> str:
    """'Bodø', 'Hyllestad og Fjaler', 'Ulstein, Hattfjelldal og Vestre Toten'."""
    names = [m.name for m in municipalities]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


# Cohorts


def cohort_out(cohort: Cohort) -> CohortOut:
    now = utcnow()
    accepting = (
        cohort.applications_open_at is not None
        and cohort.applications_open_at <= now
        and (cohort.applications_close_at is None or now < cohort.applications_close_at)
    )
    return CohortOut(
        id=cohort.id,
        name=cohort.name,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        semesters=list(cohort.semesters),
        applications_open_at=cohort.applications_open_at,
        applications_close_at=cohort.applications_close_at,
        description=cohort.description,
        criteria=[CriterionOut.model_validate(c) for c in cohort.criteria],
        accepting_applications=accepting,
    )


def _check_cohort(data: CohortIn) -> None:
    errors = []
    if data.ends_on < data.starts_on:
        errors.append(FieldError(field="ends_on", message="Must be after the start"))
    if (
        data.applications_open_at
        and data.applications_close_at
        and data.applications_close_at <= data.applications_open_at
    ):
        errors.append(FieldError(field="applications_close_at", message="Must be after opening"))
    if errors:
        raise ValidationFailed(errors=errors)


async def create_cohort(session: AsyncSession, data: CohortIn) -> Cohort:
    _check_cohort(data)
    cohort = Cohort(
        name=data.name,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        semesters=list(data.semesters),
        applications_open_at=data.applications_open_at,
        applications_close_at=data.applications_close_at,
        description=data.description,
        criteria=[
            Criterion(title=c.title, description=c.description, weight=c.weight, position=i)
            for i, c in enumerate(data.criteria)
        ],
    )
    session.add(cohort)
    await session.flush()
    return cohort


async def update_cohort(session: AsyncSession, cohort: Cohort, data: CohortIn) -> Cohort:
    """Replace the cohort's fields and criteria; criteria keep their id (and scores) when sent."""
    _check_cohort(data)
    for field in (
        "name",
        "starts_on",
        "ends_on",
        "applications_open_at",
        "applications_close_at",
        "description",
    ):
        setattr(cohort, field, getattr(data, field))
    cohort.semesters = list(data.semesters)
    existing = {c.id: c for c in cohort.criteria}
    kept: list[Criterion] = []
    for i, c in enumerate(data.criteria):
        criterion = existing.get(c.id or "") or Criterion(cohort_id=cohort.id)
        criterion.title, criterion.description = c.title, c.description
        criterion.weight, criterion.position = c.weight, i
        kept.append(criterion)
    cohort.criteria = kept
    await session.flush()
    return cohort


# Workspaces


async def _unique_slug(session: AsyncSession, name: str) -> str:
    base = slugify(name)
    slug, n = base, 1
    while await repo.slug_taken(session, slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def workspace_out(
    workspace: Workspace, member_count: int, access: WorkspaceAccess | None = None
) -> WorkspaceOut:
    return WorkspaceOut(
        id=workspace.id,
        name=workspace.name,
        slug=workspace.slug,
        tier=Tier(workspace.tier),
        status=WorkspaceStatus(workspace.status),
        cohort_id=workspace.cohort_id,
        description=workspace.description,
        municipalities=[
            MunicipalityOut.model_validate(link.municipality)
            for link in workspace.municipality_links
        ],
        mentors=[PersonOut(id=m.user.id, name=m.user.name) for m in workspace.mentor_links],
        member_count=member_count,
        my_role=WorkspaceRole(access.membership.role) if access and access.membership else None,
        can_edit=bool(access and access.can_manage and (not access.withdrawn or access.is_admin)),
    )


async def list_workspaces(
    session: AsyncSession,
    *,
    tier: str | None,
    county: str | None,
    status: str | None,
    limit: int,
    after: list[Any] | None,
) -> Page[WorkspaceOut]:
    rows = await repo.list_workspaces(
        session, tier=tier, county=county, status=status, limit=limit, after=after
    )
    page, more = rows[:limit], len(rows) > limit
    counts = await repo.member_counts(session, [w.id for w in page])
    return Page[WorkspaceOut](
        items=[workspace_out(w, counts.get(w.id, 0)) for w in page],
        next_cursor=encode_cursor([page[-1].sort_name, page[-1].id]) if more else None,
    )


async def get_workspace(session: AsyncSession, workspace_id: str) -> Workspace:
    """For other domains: the workspace row (no relations loaded), or 404."""
    workspace = await session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound("No such workspace")
    return workspace


async def workspaces_by_ids(session: AsyncSession, ids: Sequence[str]) -> list[Workspace]:
    """For other domains: workspaces with their municipalities and mentors, in one go."""
    return await repo.workspaces_with_details(session, ids)


async def workspace_names(session: AsyncSession, ids: Sequence[str]) -> dict[str, str]:
    return {w.id: w.name for w in await repo.workspaces_by_ids(session, ids)}


async def workspace_detail(session: AsyncSession, access: WorkspaceAccess) -> WorkspaceOut:
    counts = await repo.member_counts(session, [access.workspace.id])
    return workspace_out(access.workspace, counts.get(access.workspace.id, 0), access)


async def _check_cohort_exists(session: AsyncSession, cohort_id: str | None) -> None:
    if cohort_id and await repo.get_cohort(session, cohort_id) is None:
        raise ValidationFailed(errors=[FieldError(field="cohort_id", message="Unknown cohort")])


async def _set_mentors(session: AsyncSession, workspace: Workspace, mentor_ids: list[str]) -> None:
    users = await repo.users_by_ids(session, mentor_ids)
    wrong = [i for i in mentor_ids if i not in users or users[i].role != Role.mentor.value]
    if wrong:
        raise ValidationFailed(
            errors=[FieldError(field="mentor_ids", message="Not a mentor: " + ", ".join(wrong))]
        )
    workspace.mentor_links = [
        WorkspaceMentor(user_id=uid, user=users[uid]) for uid in dict.fromkeys(mentor_ids)
    ]


async def create_workspace(
    session: AsyncSession, data: WorkspaceCreate, *, name: str | None = None
) -> Workspace:
    municipalities = await municipalities_for(session, data.municipality_numbers)
    await _check_cohort_exists(session, data.cohort_id)
    workspace_name = name or data.name
    workspace = Workspace(
        name=workspace_name,
        slug=await _unique_slug(session, workspace_name),
        sort_name=norwegian_key(workspace_name),
        tier=data.tier.value,
        status=WorkspaceStatus.active.value,
        cohort_id=data.cohort_id,
        description=data.description,
        municipality_links=[
            WorkspaceMunicipality(municipality_number=m.number, municipality=m, position=i)
            for i, m in enumerate(municipalities)
        ],
        mentor_links=[],
    )
    session.add(workspace)
    await session.flush()
    return workspace


async def update_workspace(
    session: AsyncSession, access: WorkspaceAccess, data: WorkspaceUpdate
) -> Workspace:
    workspace = access.workspace
    fields = data.model_fields_set
    admin_only = {"tier", "cohort_id", "mentor_ids", "municipality_numbers"}
    if fields & admin_only and not access.is_admin:
        raise Forbidden("Only the project team changes tier, cohort, mentors and municipalities")
    # A coordinator may withdraw the workspace; only the project team brings it back.
    if "status" in fields and not access.is_admin and data.status is not WorkspaceStatus.withdrawn:
        raise Forbidden("Only the project team changes a workspace's status")
    access.require_manage()
    if data.name is not None:
        workspace.name = data.name
        workspace.sort_name = norwegian_key(data.name)
    if data.description is not None:
        workspace.description = data.description
    if data.tier is not None:
        workspace.tier = data.tier.value
    if data.status is not None and data.status.value != workspace.status:
        await record(
            session,
            "workspace.status_changed",
            actor=access.user,
            target_type="workspace",
            target_id=workspace.id,
            workspace_id=workspace.id,
            details={"from": workspace.status, "to": data.status.value},
        )
        workspace.status = data.status.value
    if "cohort_id" in fields:
        await _check_cohort_exists(session, data.cohort_id)
        workspace.cohort_id = data.cohort_id
    if data.municipality_numbers is not None:
        municipalities = await municipalities_for(session, data.municipality_numbers)
        workspace.municipality_links = [
            WorkspaceMunicipality(municipality_number=m.number, municipality=m, position=i)
            for i, m in enumerate(municipalities)
        ]
    if data.mentor_ids is not None:
        await _set_mentors(session, workspace, data.mentor_ids)
    await session.flush()
    return workspace


# Members


def member_out(m: Membership, *, show_email: bool) -> MemberOut:
    return MemberOut(
        user_id=m.user_id,
        name=m.user.name,
        email=m.user.email if show_email else None,
        role=WorkspaceRole(m.role),
        function=m.function,
    )


async def list_members(session: AsyncSession, access: WorkspaceAccess) -> list[MemberOut]:
    access.require_internal()
    rows = await repo.members(session, access.workspace.id)
    rows.sort(key=lambda m: (m.role != WorkspaceRole.coordinator, norwegian_key(m.user.name)))
    return [member_out(m, show_email=True) for m in rows]


async def add_member(
    session: AsyncSession,
    user: User,
    workspace: Workspace,
    *,
    role: WorkspaceRole,
    function: str,
    actor: User | None = None,
) -> Membership:
    await lock(session, Workspace.id, [workspace.id])  # the same person added twice at once
    if await repo.membership(session, workspace.id, user.id) is not None:
        raise Conflict(f"{user.email} is already a member of this workspace")
    membership = Membership(
        workspace_id=workspace.id, user_id=user.id, role=role.value, function=function, user=user
    )
    session.add(membership)
    await record(
        session,
        "membership.added",
        actor=actor or user,
        target_type="user",
        target_id=user.id,
        workspace_id=workspace.id,
        details={"role": role.value, "function": function},
    )
    await session.flush()
    return membership


async def invite_member(
    session: AsyncSession, access: WorkspaceAccess, data: MemberAdd, settings: Any, locale: str
) -> tuple[Membership | None, str | None]:
    """Add an existing account, or invite a new person to the workspace by email."""
    access.require_manage()
    existing = await auth_repo.user_by_email(session, str(data.email))
    if existing is not None:
        membership = await add_member(
            session,
            existing,
            access.workspace,
            role=data.role,
            function=data.function.value,
            actor=access.user,
        )
        return membership, None
    invitation = InvitationCreate(
        email=data.email,
        name=data.name,
        role=Role.member,
        workspace_id=access.workspace.id,
        workspace_role=data.role.value,
    )
    created = await auth_service.invite(session, settings, access.user, invitation, locale)
    created.workspace_function = data.function.value
    await session.flush()
    return None, created.email


async def update_member(
    session: AsyncSession,
    access: WorkspaceAccess,
    user_id: str,
    role: str | None,
    function: str | None,
) -> Membership:
    access.require_manage()
    await lock(session, Workspace.id, [access.workspace.id])  # role changes take turns
    membership = await _fresh_membership(session, access.workspace.id, user_id)
    if membership is None:
        raise NotFound("No such member")
    if role is not None:
        if role != WorkspaceRole.coordinator and membership.role == WorkspaceRole.coordinator:
            await _keep_a_coordinator(session, access.workspace.id, user_id)
        membership.role = role
    if function is not None:
        membership.function = function
    await record(
        session,
        "membership.changed",
        actor=access.user,
        target_type="user",
        target_id=user_id,
        workspace_id=access.workspace.id,
        details={"role": membership.role, "function": membership.function},
    )
    await session.flush()
    await session.refresh(membership, ["user"])
    return membership


async def _fresh_membership(
    session: AsyncSession, workspace_id: str, user_id: str
) -> Membership | None:
    """The membership as committed now (not as this request first read it)."""
    found: Membership | None = await session.scalar(
        select(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    return found


async def _keep_a_coordinator(session: AsyncSession, workspace_id: str, leaving: str) -> None:
    """Under the workspace's lock: counted from the rows as committed, so two coordinators
    leaving (or demoting each other) at once cannot both pass."""
    others = await session.scalar(
        select(func.count()).where(
            Membership.workspace_id == workspace_id,
            Membership.role == WorkspaceRole.coordinator.value,
            Membership.user_id != leaving,
        )
    )
    if not others:
        raise Conflict("A workspace needs at least one coordinator: appoint another first")


async def remove_member(session: AsyncSession, access: WorkspaceAccess, user_id: str) -> None:
    """Coordinators and the project team remove members; anyone may leave by themselves."""
    if user_id != access.user.id:
        access.require_manage()
    else:
        access.require_writable()
    await lock(session, Workspace.id, [access.workspace.id])  # leaving takes turns
    membership = await _fresh_membership(session, access.workspace.id, user_id)
    if membership is None:
        raise NotFound("No such member")
    if membership.role == WorkspaceRole.coordinator and not access.is_admin:
        await _keep_a_coordinator(session, access.workspace.id, user_id)
    await session.delete(membership)
    await record(
        session,
        "membership.removed",
        actor=access.user,
        target_type="user",
        target_id=user_id,
        workspace_id=access.workspace.id,
        details={"left_by_themselves": user_id == access.user.id},
    )
    await session.flush()


async def memberships_for(session: AsyncSession, user: User) -> list[MembershipOut]:
    return [
        MembershipOut(
            workspace_id=m.workspace_id,
            workspace_name=m.workspace.name,
            tier=m.workspace.tier,
            role=m.role,
        )
        for m in await repo.memberships_of_user(session, user.id)
    ]


async def accept_workspace_invitation(
    session: AsyncSession,
    user: User,
    workspace_id: str | None,
    role: str | None,
    function: str | None,
) -> None:
    """Called when an invitation to a workspace is accepted."""
    if not workspace_id:
        return
    workspace = await repo.get_workspace(session, workspace_id)
    if workspace is None:
        return
    await add_member(
        session,
        user,
        workspace,
        role=WorkspaceRole(role or "member"),
        function=function or "other",
    )


# Applications

REQUIRED_FIELDS = (
    "motivation",
    "local_challenge",
    "focus_area",
    "planned_partners",
    "anchoring_name",
    "anchoring_role",
)


def application_out(
    application: Application,
    cohort_name: str,
    *,
    for_admin: bool,
    weighted: float | None = None,
    reviewers: dict[str, User] | None = None,
) -> ApplicationOut:
    scores: list[ScoreOut] = []
    if for_admin:
        names = reviewers or {}
        scores = [
            ScoreOut(
                criterion_id=s.criterion_id,
                reviewer_id=s.reviewer_id,
                reviewer_name=shown(names[s.reviewer_id]) if s.reviewer_id in names else "",
                score=s.score,
                comment=s.comment,
            )
            for s in application.scores
        ]
    return ApplicationOut(
        id=application.id,
        cohort_id=application.cohort_id,
        cohort_name=cohort_name,
        applicant=PersonOut(
            id=application.applicant.id,
            name=shown(application.applicant),
            email=application.applicant.email,
        ),
        status=ApplicationStatus(application.status),
        municipalities=[
            MunicipalityOut.model_validate(link.municipality)
            for link in application.municipality_links
        ],
        motivation=application.motivation,
        local_challenge=application.local_challenge,
        focus_area=application.focus_area,
        planned_partners=application.planned_partners,
        anchoring_name=application.anchoring_name,
        anchoring_role=application.anchoring_role,
        anchoring_date=application.anchoring_date,
        hours_per_semester=application.hours_per_semester,
        team=[TeamMember.model_validate(m) for m in application.team],
        version=application.version,
        created_at=application.created_at,
        updated_at=application.updated_at,
        submitted_at=application.submitted_at,
        outcome=Outcome(application.outcome) if application.outcome else None,
        decision_message=application.decision_message,
        decided_at=application.decided_at,
        workspace_id=application.workspace_id,
        scores=scores,
        weighted_score=weighted if for_admin else None,
        reviewer_count=len({s.reviewer_id for s in application.scores}) if for_admin else 0,
    )


async def _apply_draft(
    session: AsyncSession, application: Application, data: ApplicationDraft
) -> None:
    fields = data.model_fields_set - {"version", "cohort_id"}
    if "municipality_numbers" in fields and data.municipality_numbers is not None:
        municipalities = await municipalities_for(session, data.municipality_numbers)
        application.municipality_links = [
            ApplicationMunicipality(municipality_number=m.number, municipality=m, position=i)
            for i, m in enumerate(municipalities)
        ]
    for name in fields - {"municipality_numbers", "team"}:
        value = getattr(data, name)
        if value is None and name in REQUIRED_FIELDS:
            value = ""
        setattr(application, name, value)
    if "team" in fields:
        application.team = [m.model_dump(mode="json") for m in (data.team or [])]


async def create_application(
    session: AsyncSession, user: User, data: ApplicationCreate
) -> Application:
    cohort = await repo.get_cohort(session, data.cohort_id)
    if cohort is None:
        raise ValidationFailed(errors=[FieldError(field="cohort_id", message="Unknown cohort")])
    application = Application(
        cohort_id=cohort.id,
        applicant_id=user.id,
        applicant=user,
        status=ApplicationStatus.draft.value,
        municipality_links=[],
        scores=[],
        team=[],
    )
    await _apply_draft(session, application, data)
    session.add(application)
    await session.flush()
    return application


async def get_application_for(
    session: AsyncSession, user: User, application_id: str
) -> Application:
    application = await repo.get_application(
        session, application_id, with_scores=user.role == Role.admin.value
    )
    if application is None or (
        user.role != Role.admin.value and application.applicant_id != user.id
    ):
        raise NotFound("No such application")
    return application


async def update_application(
    session: AsyncSession, user: User, application_id: str, data: ApplicationDraft
) -> Application:
    application = await get_application_for(session, user, application_id)
    if application.applicant_id != user.id:
        raise Forbidden("Only the applicant edits an application")
    if application.status != ApplicationStatus.draft:
        raise Conflict("A submitted application can no longer be changed")
    if data.version is not None and data.version != application.version:
        raise Conflict("The application was changed elsewhere; reload to see the latest")
    await _apply_draft(session, application, data)
    application.version += 1
    await session.flush()
    return application


def missing_fields(application: Application, locale: str) -> list[FieldError]:
    message = t("validation.missing", locale)
    errors = [
        FieldError(field=name, message=message)
        for name in REQUIRED_FIELDS
        if not str(getattr(application, name) or "").strip()
    ]
    if not application.municipality_links:
        errors.insert(0, FieldError(field="municipality_numbers", message=message))
    if application.anchoring_date is None:
        errors.append(FieldError(field="anchoring_date", message=message))
    if not application.hours_per_semester:
        errors.append(FieldError(field="hours_per_semester", message=message))
    if not any(m.get("name") for m in application.team):
        errors.append(FieldError(field="team", message=message))
    return errors


async def submit_application(
    session: AsyncSession, user: User, application_id: str, locale: str
) -> Application:
    application = await get_application_for(session, user, application_id)
    if application.applicant_id != user.id:
        raise Forbidden("Only the applicant submits an application")
    if application.status != ApplicationStatus.draft:
        raise Conflict("The application has already been submitted")
    errors = missing_fields(application, locale)
    if errors:
        raise ValidationFailed(t("validation.title", locale), errors=errors)
    application.status = ApplicationStatus.submitted.value
    application.submitted_at = utcnow()
    application.version += 1
    await session.flush()
    return application


async def list_applications(
    session: AsyncSession,
    user: User,
    *,
    cohort_id: str | None,
    status: str | None,
    sort: str,
    limit: int,
    after: list[Any] | None,
    mine: bool = False,
) -> Page[ApplicationOut]:
    admin = user.role == Role.admin.value
    if after and sort != "score":
        checked = time_cursor(after)
        after = list(checked) if checked else None
    rows = await repo.list_applications(
        session,
        applicant_id=user.id if mine or not admin else None,
        cohort_id=cohort_id,
        status=status,
        sort=sort,
        limit=limit,
        after=after,
        with_scores=admin,
    )
    page, more = rows[:limit], len(rows) > limit
    cohort_ids = list({a.cohort_id for a, _ in page})
    names = await repo.cohort_names(session, cohort_ids)
    if admin and sort != "score":
        weights = await repo.criterion_weights(session, cohort_ids)
        page = [(a, weighted_from(a.scores, weights)) for a, _ in page]
    reviewers = (
        await repo.users_by_ids(session, list({s.reviewer_id for a, _ in page for s in a.scores}))
        if admin
        else {}
    )
    next_cursor = None
    if more:
        last, weighted = page[-1]
        next_cursor = encode_cursor(
            [weighted if weighted is not None else -1.0, last.id]
            if sort == "score"
            else [last.created_at.isoformat(), last.id]
        )
    return Page[ApplicationOut](
        items=[
            application_out(
                a, names.get(a.cohort_id, ""), for_admin=admin, weighted=w, reviewers=reviewers
            )
            for a, w in page
        ],
        next_cursor=next_cursor,
    )


async def application_detail(
    session: AsyncSession, user: User, application: Application
) -> ApplicationOut:
    admin = user.role == Role.admin.value
    names = await repo.cohort_names(session, [application.cohort_id])
    weighted = None
    reviewers: dict[str, User] = {}
    if admin:
        weighted = await weighted_score(session, application)
        reviewers = await repo.users_by_ids(
            session, list({s.reviewer_id for s in application.scores})
        )
    return application_out(
        application,
        names.get(application.cohort_id, ""),
        for_admin=admin,
        weighted=weighted,
        reviewers=reviewers,
    )


def weighted_from(scores: Sequence[Score], weights: dict[str, float]) -> float | None:
    """The weighted mean over scored criteria of the reviewers' mean score."""
    by_criterion: dict[str, list[int]] = {}
    for s in scores:
        by_criterion.setdefault(s.criterion_id, []).append(s.score)
    scored = [(weights[c], sum(v) / len(v)) for c, v in by_criterion.items() if c in weights]
    if not scored:
        return None
    return sum(w * mean for w, mean in scored) / sum(w for w, _ in scored)


async def weighted_score(session: AsyncSession, application: Application) -> float | None:
    weights = await repo.criterion_weights(session, [application.cohort_id])
    return weighted_from(application.scores, weights)


async def score_application(
    session: AsyncSession, admin: User, application_id: str, data: ScoresIn
) -> Application:
    """The calling reviewer's scores, replacing what they gave before."""
    await lock(session, Application.id, [application_id])  # the same scores sent twice at once
    application = await get_application_for(session, admin, application_id)
    if application.status == ApplicationStatus.draft:
        raise Conflict("A draft cannot be scored")
    criteria = {c.id for c in await repo.criteria_of(session, application.cohort_id)}
    unknown = [s.criterion_id for s in data.scores if s.criterion_id not in criteria]
    if unknown:
        raise ValidationFailed(
            errors=[FieldError(field="scores", message="Unknown criterion: " + ", ".join(unknown))]
        )
    mine = {s.criterion_id: s for s in application.scores if s.reviewer_id == admin.id}
    for item in data.scores:
        score = mine.get(item.criterion_id)
        if score is None:
            application.scores.append(
                Score(
                    criterion_id=item.criterion_id,
                    reviewer_id=admin.id,
                    score=item.score,
                    comment=item.comment,
                )
            )
        else:
            score.score, score.comment = item.score, item.comment
    await session.flush()
    return application


async def decide(
    session: AsyncSession,
    admin: User,
    application_id: str,
    data: Decision,
    settings: Any,
) -> Application:
    await lock(session, Application.id, [application_id])  # decided once, also when sent twice
    application = await get_application_for(session, admin, application_id)
    if application.status == ApplicationStatus.decided:
        raise Conflict("The application has already been decided")
    if application.status != ApplicationStatus.submitted:
        raise Conflict("Only a submitted application can be decided")
    applicant = application.applicant
    if data.outcome is not Outcome.declined:
        workspace = await _workspace_for_decision(session, application, Tier(data.outcome.value))
        application.workspace_id = workspace.id
        await _make_applicants_members(session, settings, admin, application, workspace)
    application.status = ApplicationStatus.decided.value
    application.outcome = data.outcome.value
    application.decision_message = data.message
    application.decided_at = utcnow()
    application.decided_by_id = admin.id
    application.version += 1
    await record(
        session,
        "application.decided",
        actor=admin,
        target_type="application",
        target_id=application.id,
        workspace_id=application.workspace_id,
        details={"outcome": data.outcome.value},
    )
    if applicant.deleted_at is None:  # a deleted account has no address to write to
        locale = applicant.locale
        await queue_email(
            session,
            to=applicant.email,
            subject=t(f"email.decision.{data.outcome.value}.subject", locale),
            body=t(
                f"email.decision.{data.outcome.value}.body",
                locale,
                name=applicant.name,
                municipalities=joint_name(
                    [link.municipality for link in application.municipality_links]
                ),
                message=data.message or "-",
                link=f"{settings.base_url.rstrip('/')}/applications/{application.id}",
            ),
        )
    await session.flush()
    return application


async def _workspace_for_decision(
    session: AsyncSession, application: Application, tier: Tier
) -> Workspace:
    numbers = [link.municipality_number for link in application.municipality_links]
    # Two applications naming the same municipalities decided at once: the second waits
    # here and then finds the workspace the first created.
    await lock(session, Municipality.number, numbers)
    existing = await repo.workspace_with_municipalities(session, numbers)
    if existing is not None:
        if tier is Tier.pilot and existing.tier == Tier.observer:
            existing.tier = Tier.pilot.value  # an observer is upgraded
        existing.cohort_id = application.cohort_id
        await session.flush()
        return existing
    municipalities = [link.municipality for link in application.municipality_links]
    return await create_workspace(
        session,
        WorkspaceCreate(
            name=joint_name(municipalities),
            tier=tier,
            municipality_numbers=numbers,
            cohort_id=application.cohort_id,
        ),
    )


async def _make_applicants_members(
    session: AsyncSession,
    settings: Any,
    admin: User,
    application: Application,
    workspace: Workspace,
) -> None:
    applicant = application.applicant
    own = await repo.membership(session, workspace.id, applicant.id)
    if own is None:
        await add_member(
            session,
            applicant,
            workspace,
            role=WorkspaceRole.coordinator,
            function="other",
            actor=admin,
        )
    else:
        own.role = WorkspaceRole.coordinator.value
    for person in application.team:
        email = str(person.get("email") or "").strip().lower()
        if not email or email == applicant.email:
            continue
        user = await auth_repo.user_by_email(session, email)
        if user is not None:
            if await repo.membership(session, workspace.id, user.id) is None:
                await add_member(
                    session,
                    user,
                    workspace,
                    role=WorkspaceRole.member,
                    function=str(person.get("function") or "other"),
                    actor=admin,
                )
            continue
        try:
            invitation = await auth_service.invite(
                session,
                settings,
                admin,
                InvitationCreate(
                    email=email,
                    name=str(person.get("name") or email),
                    role=Role.member,
                    workspace_id=workspace.id,
                    workspace_role=WorkspaceRole.member.value,
                ),
                applicant.locale,
            )
        except (ValidationError, ValueError):
            continue  # an address that is not valid is left out, not fatal
        invitation.workspace_function = str(person.get("function") or "other")
    await session.flush()


# A deleted account


async def forget_user(session: AsyncSession, actor: User, user_id: str) -> int:
    """An account is deleted: it leaves every workspace it was a member or mentor of."""
    memberships = list(
        await session.scalars(select(Membership).where(Membership.user_id == user_id))
    )
    for membership in memberships:
        await record(
            session,
            "membership.removed",
            actor=actor,
            target_type="user",
            target_id=user_id,
            workspace_id=membership.workspace_id,
            details={"account_deleted": True},
        )
    await session.execute(delete(Membership).where(Membership.user_id == user_id))
    await session.execute(delete(WorkspaceMentor).where(WorkspaceMentor.user_id == user_id))
    await session.flush()
    return len(memberships)
