"""Request and response bodies of the progress domain."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from samklang.access.reader import Visibility
from samklang.learning.models import ChartType, Direction, MeasureKind, Phase
from samklang.learning.schemas import (
    Partner,
    PhaseOut,
    PointOut,
    ShiftOut,
    SignalOut,
    VerdictOut,
)
from samklang.network.models import Tier, WorkspaceStatus
from samklang.network.schemas import MunicipalityOut, PersonOut
from samklang.progress.models import ReportKind

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Markdown = Annotated[str, StringConstraints(max_length=50000)]


# Programme overview


class Trend(StrEnum):
    """The latest progress score against the previous semester's."""

    up = "up"
    down = "down"
    flat = "flat"
    none = "none"  # no earlier semester to compare with (or no score at all)


class SortOrder(StrEnum):
    asc = "asc"
    desc = "desc"


class OverviewSort(StrEnum):
    name = "name"
    tier = "tier"
    status = "status"
    municipalities = "municipalities"
    mentors = "mentors"
    cycles = "cycles"
    plan = "plan"
    act = "act"
    observe = "observe"
    reflect = "reflect"
    done = "done"
    last_activity = "last_activity"
    entries_this_month = "entries_this_month"
    latest_score = "latest_score"
    score_trend = "score_trend"
    measures_with_shift = "measures_with_shift"
    attendance = "attendance"
    open_assignments = "open_assignments"
    unanswered_questions = "unanswered_questions"
    inactive = "inactive"


class PhaseCounts(BaseModel):
    plan: int = 0
    act: int = 0
    observe: int = 0
    reflect: int = 0
    done: int = 0


class Attendance(BaseModel):
    """Registrations to attend (confirmed, not 'not attending') in the cohort's past
    gatherings, and how many of them were marked as attended at check-in."""

    attended: int
    registered: int
    rate: float | None = Field(description="attended / registered, None when nobody registered")


class OverviewRow(BaseModel):
    """One workspace in the programme overview. New columns are added as new fields."""

    workspace_id: str
    name: str
    slug: str
    tier: Tier
    status: WorkspaceStatus
    cohort_id: str | None
    municipalities: list[MunicipalityOut]
    mentors: list[PersonOut]
    cycles_by_phase: PhaseCounts
    cycles_total: int
    last_activity_at: datetime | None = Field(
        description="Latest change to a cycle, log entry, measure point or assessment"
    )
    entries_this_month: int = Field(description="Log entries in the current Europe/Oslo month")
    latest_score: float | None
    latest_semester: str | None
    previous_score: float | None
    score_trend: Trend
    measures_total: int
    measures_with_shift: int
    measures_improving: int = Field(
        description="Measures whose verdict is special-cause improvement (Making Data Count)"
    )
    measures_concern: int = Field(description="Measures whose verdict is special cause of concern")
    attendance: Attendance
    open_assignments: int = Field(
        description="Assignments of the workspace's cohort that it has not answered"
    )
    overdue_assignments: int = Field(description="Of the open assignments, those past due")
    unanswered_questions: int = Field(
        description="Questions asked from the workspace still waiting for a published answer"
    )
    inactive: bool = Field(description="No activity for 30 days (or never)")


class ProgrammeOverview(BaseModel):
    items: list[OverviewRow]
    total: int
    as_of: datetime
    month: str = Field(description="The Europe/Oslo month counted by entries_this_month")
    inactive_days: int


# Workspace and network progress


class Aim(BaseModel):
    aim_what: str
    aim_what_html: str
    aim_for_whom: str
    aim_by_when: date | None


class ScorePoint(BaseModel):
    semester: str
    season: str | None = Field(description="spring or autumn when the label could be read")
    year: int | None
    score: float


class OpenCycle(BaseModel):
    id: str
    title: str
    phase: Phase


class MeasureProgress(BaseModel):
    id: str
    name: str
    unit: str
    kind: MeasureKind
    direction: Direction
    baseline: float | None
    target: float | None
    visibility: Visibility
    points: list[PointOut]
    median: float | None
    shifts: list[ShiftOut]
    chart: ChartType = ChartType.run
    phases: list[PhaseOut] = []
    signals: list[SignalOut] = []
    verdict: VerdictOut | None = None


class Reflection(BaseModel):
    cycle_id: str
    title: str
    reflect: str
    reflect_html: str
    reflect_at: datetime | None


class WorkspaceProgress(BaseModel):
    workspace_id: str
    name: str
    tier: Tier
    aim: Aim | None = Field(description="None when the project is not readable by the caller")
    current_cycles: list[OpenCycle]
    current_phases: list[Phase]
    scores: list[ScorePoint]
    measures: list[MeasureProgress]
    reflections: list[Reflection]


class NetworkWorkspace(BaseModel):
    workspace_id: str
    name: str
    scores: list[ScorePoint]


class NetworkProgress(BaseModel):
    semesters: list[str] = Field(description="Every semester present, in time order")
    workspaces: list[NetworkWorkspace]


# Reports


class ReportCreate(BaseModel):
    kind: ReportKind = ReportKind.interim
    title: Title
    period_start: date
    period_end: date
    foreword: Markdown = ""
    cycle_ids: list[str] = Field(default=[], max_length=200)
    visibility: Visibility = Visibility.workspace


class ReportUpdate(BaseModel):
    kind: ReportKind | None = None
    title: Title | None = None
    period_start: date | None = None
    period_end: date | None = None
    foreword: Markdown | None = None
    cycle_ids: list[str] | None = Field(default=None, max_length=200)
    visibility: Visibility | None = None
    version: int = Field(description="The version the change is based on")


class ReportOut(BaseModel):
    id: str
    workspace_id: str
    workspace_name: str
    kind: ReportKind
    title: str
    period_start: date
    period_end: date
    foreword: str
    foreword_html: str
    cycle_ids: list[str]
    visibility: Visibility
    version: int
    created_by: PersonOut | None
    created_at: datetime
    updated_at: datetime
    can_edit: bool


class ShareIn(BaseModel):
    visibility: Visibility


class ReportCycle(BaseModel):
    id: str
    title: str
    phase: Phase
    plan: str
    plan_html: str
    act: str
    act_html: str
    observe: str
    observe_html: str
    reflect: str
    reflect_html: str
    started_at: datetime
    done_at: datetime | None
    hours_spent: float
    visibility: Visibility


class ReportGathering(BaseModel):
    title: str
    starts_at: datetime
    registered: int
    attended: int


class ReportAttendance(BaseModel):
    gatherings: list[ReportGathering]
    registered: int
    attended: int


class ReportDriver(BaseModel):
    kind: str  # primary, secondary, change_idea
    title: str
    depth: int


class ReportPreview(BaseModel):
    """The compiled content of a report, as the PDF and Markdown show it."""

    report: ReportOut
    workspace_name: str
    municipalities: list[MunicipalityOut]
    aim: Aim | None
    aim_how_much: str = ""
    drivers: list[ReportDriver] = Field(
        default=[], description="The driver diagram in reading order (shown with the aim)"
    )
    partners: list[Partner]
    cycles: list[ReportCycle]
    measures: list[MeasureProgress] = Field(description="Points within the period only")
    scores: list[ScorePoint] = Field(description="Semesters overlapping the period")
    attendance: ReportAttendance
    hours_total: float = Field(description="Sum of the included cycles' hours")


# What it took (public)


class Summary(BaseModel):
    median: float
    min: float
    max: float
    n: int


class SemesterFigures(BaseModel):
    semester: str = Field(description='"2027-spring" (Jan–Jun) or "2027-autumn" (Jul–Dec)')
    year: int
    season: str
    workspaces: int
    suppressed: bool = Field(description="Fewer than min_group workspaces: no figures shown")
    hours: Summary | None
    people: Summary | None
    gatherings_attended: Summary | None


class CohortRef(BaseModel):
    id: str
    name: str


class WhatItTook(BaseModel):
    cohort: CohortRef | None
    cohorts: list[CohortRef]
    min_group: int
    semesters: list[SemesterFigures]
    notes: list[str]
