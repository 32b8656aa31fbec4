from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

# Page lives in core (core/pagination.py); named here too for the modules that import it here.
from samklang.core.pagination import Page as Page
from samklang.network.models import (
    ApplicationStatus,
    MemberFunction,
    Outcome,
    Tier,
    WorkspaceRole,
    WorkspaceStatus,
)

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20000)]
MunicipalityNumber = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


class MunicipalityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    name: str
    official_name: str
    county_number: str
    county_name: str


class CountyOut(BaseModel):
    number: str
    name: str


class OrganisationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    kind: str
    parent_id: str | None


class CriterionIn(BaseModel):
    id: str | None = None
    title: Text200
    description: LongText = ""
    weight: float = Field(gt=0, le=100)


class CriterionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    description: str
    weight: float


class CohortIn(BaseModel):
    name: Text200
    starts_on: date
    ends_on: date
    semesters: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = []
    applications_open_at: datetime | None = None
    applications_close_at: datetime | None = None
    description: LongText = ""
    criteria: list[CriterionIn] = []


class CohortOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    starts_on: date
    ends_on: date
    semesters: list[str]
    applications_open_at: datetime | None
    applications_close_at: datetime | None
    description: str
    criteria: list[CriterionOut]
    accepting_applications: bool = False


class PersonOut(BaseModel):
    id: str
    name: str
    email: str | None = None


class WorkspaceCreate(BaseModel):
    name: Text200
    tier: Tier
    municipality_numbers: list[MunicipalityNumber] = Field(min_length=1, max_length=20)
    cohort_id: str | None = None
    description: LongText = ""


class WorkspaceUpdate(BaseModel):
    name: Text200 | None = None
    description: LongText | None = None
    municipality_numbers: list[MunicipalityNumber] | None = Field(
        default=None, min_length=1, max_length=20
    )
    tier: Tier | None = None
    status: WorkspaceStatus | None = None
    cohort_id: str | None = None
    mentor_ids: list[str] | None = None


class WorkspaceOut(BaseModel):
    id: str
    name: str
    slug: str
    tier: Tier
    status: WorkspaceStatus
    cohort_id: str | None
    description: str
    municipalities: list[MunicipalityOut]
    mentors: list[PersonOut]
    member_count: int
    my_role: WorkspaceRole | None = None
    can_edit: bool = False


class MemberOut(BaseModel):
    user_id: str
    name: str
    email: str | None
    role: WorkspaceRole
    function: MemberFunction


class MemberAdd(BaseModel):
    email: EmailStr
    name: Text200
    role: WorkspaceRole = WorkspaceRole.member
    function: MemberFunction = MemberFunction.other


class MemberUpdate(BaseModel):
    role: WorkspaceRole | None = None
    function: MemberFunction | None = None


class MemberAdded(BaseModel):
    """Either the member (an existing account) or an invitation that was sent."""

    member: MemberOut | None = None
    invited_email: str | None = None


class TeamMember(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=320)] = ""
    function: MemberFunction = MemberFunction.other


class ApplicationDraft(BaseModel):
    """Every field but the cohort may be empty while the application is a draft."""

    municipality_numbers: list[MunicipalityNumber] | None = Field(default=None, max_length=20)
    motivation: LongText | None = None
    local_challenge: LongText | None = None
    focus_area: LongText | None = None
    planned_partners: LongText | None = None
    anchoring_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    anchoring_role: Annotated[str, StringConstraints(max_length=200)] | None = None
    anchoring_date: date | None = None
    hours_per_semester: int | None = Field(default=None, ge=0, le=10000)
    team: list[TeamMember] | None = Field(default=None, max_length=30)
    version: int | None = None


class ApplicationCreate(ApplicationDraft):
    cohort_id: str


class ScoreIn(BaseModel):
    criterion_id: str
    score: int = Field(ge=0, le=5)
    comment: LongText = ""


class ScoresIn(BaseModel):
    scores: list[ScoreIn] = Field(max_length=50)


class ScoreOut(BaseModel):
    criterion_id: str
    reviewer_id: str
    reviewer_name: str
    score: int
    comment: str


class Decision(BaseModel):
    outcome: Outcome
    message: LongText = ""


class ApplicationOut(BaseModel):
    id: str
    cohort_id: str
    cohort_name: str
    applicant: PersonOut
    status: ApplicationStatus
    municipalities: list[MunicipalityOut]
    motivation: str
    local_challenge: str
    focus_area: str
    planned_partners: str
    anchoring_name: str
    anchoring_role: str
    anchoring_date: date | None
    hours_per_semester: int | None
    team: list[TeamMember]
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    outcome: Outcome | None
    decision_message: str | None
    decided_at: datetime | None
    workspace_id: str | None
    # For the project team only (empty for applicants):
    scores: list[ScoreOut] = []
    weighted_score: float | None = None
    reviewer_count: int = 0
