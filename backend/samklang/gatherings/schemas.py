from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, model_validator

from samklang.access.reader import Visibility
from samklang.gatherings.models import Mode, RegistrationStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500, pattern=r"^(https?://\S+)?$")
]


class Material(BaseModel):
    title: Title
    url: Url = ""
    file_id: str | None = None


class AgendaItemIn(BaseModel):
    starts_at: AwareDatetime
    title: Title
    lead: Short = ""
    materials: list[Material] = Field(default=[], max_length=20)


class AgendaItemOut(AgendaItemIn):
    id: str
    starts_at: datetime


class SeatPoolIn(BaseModel):
    name: Title
    seats: int = Field(ge=0, le=10000)
    workspace_ids: list[str] = Field(min_length=1, max_length=100)


class SeatPoolOut(SeatPoolIn):
    id: str


class GatheringIn(BaseModel):
    title: Title
    description: Annotated[str, StringConstraints(max_length=20000)] = ""
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: Short = ""
    address: Short = ""
    online_url: Url = ""
    open_to_observers: bool = False
    capacity: int | None = Field(default=None, ge=0, le=100000)
    seats_per_workspace: int | None = Field(default=None, ge=0, le=1000)
    registration_deadline: AwareDatetime | None = None
    cohort_id: str | None = None
    materials: list[Material] = Field(default=[], max_length=50)
    agenda: list[AgendaItemIn] = Field(default=[], max_length=100)
    seat_pools: list[SeatPoolIn] = Field(default=[], max_length=50)

    @model_validator(mode="after")
    def _ends_after_start(self) -> GatheringIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class GatheringUpdate(BaseModel):
    title: Title | None = None
    description: Annotated[str, StringConstraints(max_length=20000)] | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    place: Short | None = None
    address: Short | None = None
    online_url: Url | None = None
    open_to_observers: bool | None = None
    capacity: int | None = Field(default=None, ge=0, le=100000)
    seats_per_workspace: int | None = Field(default=None, ge=0, le=1000)
    registration_deadline: AwareDatetime | None = None
    materials: list[Material] | None = Field(default=None, max_length=50)
    agenda: list[AgendaItemIn] | None = Field(default=None, max_length=100)
    seat_pools: list[SeatPoolIn] | None = Field(default=None, max_length=50)
    cancelled: bool | None = None


class MyRegistration(BaseModel):
    mode: Mode
    workspace_id: str | None = None
    status: RegistrationStatus
    diet: str
    accessibility: str
    waiting_position: int | None = None


class GatheringSummary(BaseModel):
    id: str
    cohort_id: str | None
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    open_to_observers: bool
    cancelled: bool
    registration_deadline: datetime | None
    registration_open: bool
    in_person_count: int
    capacity: int | None
    my_registration: MyRegistration | None


class GatheringOut(GatheringSummary):
    description: str
    description_html: str
    address: str
    seats_per_workspace: int | None
    materials: list[Material]
    agenda: list[AgendaItemOut]
    seat_pools: list[SeatPoolOut]
    sequence: int


class RegistrationIn(BaseModel):
    mode: Mode
    diet: Short = ""
    accessibility: Short = ""
    workspace_id: str | None = None  # which of the caller's workspaces they represent


class RegistrationOut(BaseModel):
    id: str
    user_id: str
    name: str
    email: str
    workspace_id: str | None
    workspace_name: str | None
    mode: Mode
    status: RegistrationStatus
    diet: str
    accessibility: str
    attended: bool | None
    created_at: datetime


class AttendanceIn(BaseModel):
    attended: bool


class GroupIn(BaseModel):
    name: Title
    workspace_ids: list[str] = Field(default=[], max_length=20)
    # Municipalities that take part without a workspace (for example before selection).
    municipality_numbers: list[Annotated[str, StringConstraints(pattern=r"^\d{4}$")]] = Field(
        default=[], max_length=20
    )
    round: int = Field(default=1, ge=1, le=20)

    @model_validator(mode="after")
    def _someone(self) -> GroupIn:
        if not self.workspace_ids and not self.municipality_numbers:
            raise ValueError("A group needs workspaces or municipalities")
        return self


class PromptIn(BaseModel):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    round: int = Field(default=1, ge=1, le=20)


class PromptOut(BaseModel):
    id: str
    text: str
    position: int
    round: int


class AnswerIn(BaseModel):
    body: Annotated[str, StringConstraints(max_length=50000)]
    version: int = Field(ge=0, description="The version the edit is based on (0 for a new one)")


class AnswerOut(BaseModel):
    group_id: str
    prompt_id: str
    body: str
    body_html: str
    version: int
    updated_at: datetime | None
    updated_by: str | None


class RevisionOut(BaseModel):
    version: int
    body: str
    author: str | None
    created_at: datetime


class GroupOut(BaseModel):
    id: str
    name: str
    round: int
    workspaces: list[dict[str, str]]
    municipalities: list[str]
    answers: list[AnswerOut]
    can_edit: bool


class GroupWork(BaseModel):
    gathering_id: str
    prompts: list[PromptOut]
    groups: list[GroupOut]


class CalendarFeedOut(BaseModel):
    url: str


class AssignmentIn(BaseModel):
    title: Title
    instructions: Annotated[str, StringConstraints(max_length=20000)] = ""
    due_on: date
    gathering_id: str | None = None
    cohort_id: str | None = None


class AssignmentResponseIn(BaseModel):
    body: Annotated[str, StringConstraints(max_length=50000)]
    visibility: Visibility = Visibility.workspace
    version: int = Field(ge=0, description="0 for a first response")


class AssignmentResponseOut(BaseModel):
    workspace_id: str
    workspace_name: str
    body: str
    body_html: str
    visibility: Visibility
    version: int
    updated_at: datetime
    updated_by: str | None


class AssignmentStatus(BaseModel):
    workspace_id: str
    workspace_name: str
    answered: bool
    answered_at: datetime | None


class AssignmentOut(BaseModel):
    id: str
    cohort_id: str | None
    gathering_id: str | None
    title: str
    instructions: str
    instructions_html: str
    due_on: date
    responses: list[AssignmentResponseOut]
    # For the project team: every workspace of the cohort and whether it has answered.
    status: list[AssignmentStatus] = []
