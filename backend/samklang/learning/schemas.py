from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from samklang.access.reader import Visibility
from samklang.files.schemas import FileOut
from samklang.learning.models import ChartType, Direction, MeasureKind, Phase, Sector

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Markdown = Annotated[str, StringConstraints(max_length=50000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class Partner(BaseModel):
    name: Short
    sector: Sector = Sector.other
    role: Short = ""


class ProjectIn(BaseModel):
    aim_what: Markdown = ""
    aim_for_whom: Markdown = ""
    aim_by_when: date | None = None
    focus_areas: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    ] = Field(default=[], max_length=20)
    partners: list[Partner] = Field(default=[], max_length=50)
    visibility: Visibility = Visibility.workspace
    version: int | None = None


class ProjectOut(BaseModel):
    workspace_id: str
    aim_what: str
    aim_what_html: str
    aim_for_whom: str
    aim_by_when: date | None
    focus_areas: list[str]
    partners: list[Partner]
    visibility: Visibility
    version: int
    updated_at: datetime | None
    can_edit: bool


class CycleCreate(BaseModel):
    title: Title
    plan: Markdown = ""
    visibility: Visibility = Visibility.workspace
    measure_ids: list[str] = Field(default=[], max_length=20)
    gathering_id: str | None = None


class CycleUpdate(BaseModel):
    title: Title | None = None
    phase: Phase | None = None
    plan: Markdown | None = None
    act: Markdown | None = None
    observe: Markdown | None = None
    reflect: Markdown | None = None
    hours_spent: float | None = Field(default=None, ge=0, le=100000)
    visibility: Visibility | None = None
    measure_ids: list[str] | None = Field(default=None, max_length=20)
    gathering_id: str | None = None
    version: int = Field(description="The version the change is based on")


class PhaseDates(BaseModel):
    plan: datetime | None
    act: datetime | None
    observe: datetime | None
    reflect: datetime | None
    done: datetime | None


class CycleSummary(BaseModel):
    id: str
    workspace_id: str
    title: str
    phase: Phase
    phase_entered: PhaseDates
    hours_spent: float
    visibility: Visibility
    version: int
    entry_count: int
    created_at: datetime
    updated_at: datetime


class CycleOut(CycleSummary):
    plan: str
    act: str
    observe: str
    reflect: str
    plan_html: str
    act_html: str
    observe_html: str
    reflect_html: str
    measure_ids: list[str]
    gathering_id: str | None
    can_edit: bool


class CycleConflict(BaseModel):
    """A 409 on a stale save carries the current cycle, so both texts can be shown."""

    type: str = "about:blank"
    title: str
    status: int = 409
    detail: str
    code: str = "conflict"
    current: CycleOut


class EntryCreate(BaseModel):
    body: Markdown
    phase: Phase | None = None  # default: the cycle's current phase
    visibility: Visibility | None = None  # default: the cycle's
    file_ids: list[str] = Field(default=[], max_length=20)


class EntryUpdate(BaseModel):
    body: Markdown | None = None
    visibility: Visibility | None = None
    version: int


class EntryOut(BaseModel):
    id: str
    cycle_id: str
    workspace_id: str
    phase: Phase
    body: str
    body_html: str
    visibility: Visibility
    author_id: str | None
    author_name: str | None
    files: list[FileOut]
    version: int
    created_at: datetime
    updated_at: datetime


class MeasureCreate(BaseModel):
    name: Title
    unit: Short = ""
    kind: MeasureKind
    direction: Direction = Direction.up
    baseline: float | None = None
    target: float | None = None
    description: Markdown = ""
    chart: ChartType = ChartType.run
    shift_rule: bool = False
    visibility: Visibility = Visibility.workspace


class MeasureUpdate(BaseModel):
    name: Title | None = None
    unit: Short | None = None
    kind: MeasureKind | None = None
    direction: Direction | None = None
    baseline: float | None = None
    target: float | None = None
    description: Markdown | None = None
    chart: ChartType | None = None
    shift_rule: bool | None = None
    visibility: Visibility | None = None
    version: int


class PointIn(BaseModel):
    date: date
    value: float = Field(allow_inf_nan=False)
    note: Short = ""
    denominator: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    phase_start: bool = False


class PointUpdate(BaseModel):
    """Change a data point's annotation (`note`), denominator or phase start; `version` is
    the measure's version (the chart is one document)."""

    note: Short | None = None
    denominator: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    phase_start: bool | None = None
    version: int


class PointOut(BaseModel):
    id: str
    date: date
    value: float
    note: str
    denominator: float | None = None
    phase_start: bool = False
    y: float | None = None  # what the chart plots (value / denominator on p and u charts)
    centre: float | None = None
    lower: float | None = None
    upper: float | None = None


class SignalRule(StrEnum):
    long_run = "long_run"
    few_crossings = "few_crossings"
    shift = "shift"
    outside_limits = "outside_limits"


class SignalOut(BaseModel):
    rule: SignalRule
    point_ids: list[str]


class PhaseOut(BaseModel):
    number: int
    start_point_id: str
    start_date: date
    end_date: date
    centre: float | None
    lower: float | None
    upper: float | None
    n_useful: int
    longest_run: int
    longest_run_max: int
    crossings: int
    crossings_min: int


class Variation(StrEnum):
    improvement = "improvement"
    concern = "concern"
    neither = "neither"
    common = "common"
    too_few = "too_few"


class Assurance(StrEnum):
    likely = "likely"
    unlikely = "unlikely"
    uncertain = "uncertain"


class VerdictOut(BaseModel):
    variation: Variation
    assurance: Assurance | None


class ShiftOut(BaseModel):
    start_date: date
    end_date: date
    side: str
    length: int


class CycleMark(BaseModel):
    cycle_id: str
    title: str
    date: date


class MeasureSummary(BaseModel):
    id: str
    workspace_id: str
    name: str
    unit: str
    kind: MeasureKind
    direction: Direction
    baseline: float | None
    target: float | None
    chart: ChartType = ChartType.run
    visibility: Visibility
    version: int
    point_count: int
    verdict: VerdictOut


class MeasureOut(MeasureSummary):
    description: str
    description_html: str
    shift_rule: bool
    points: list[PointOut]
    median: float | None
    shifts: list[ShiftOut]
    phases: list[PhaseOut]
    signals: list[SignalOut]
    cycle_starts: list[CycleMark]
    can_edit: bool


class AssessmentIn(BaseModel):
    semester: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    score: float = Field(ge=0.5, le=5, multiple_of=0.5)
    evidence: Markdown = ""
    visibility: Visibility = Visibility.workspace


class AssessmentOut(BaseModel):
    id: str
    workspace_id: str
    semester: str
    score: float
    evidence: str
    evidence_html: str
    visibility: Visibility
    created_at: datetime


class Overview(BaseModel):
    """The workspace's action-learning overview."""

    workspace_id: str
    current_cycles: list[CycleSummary]
    latest_entries: list[EntryOut]
    measures: list[MeasureSummary]
    hours_total: float
    cycles_by_phase: dict[str, int]
