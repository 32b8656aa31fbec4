"""Action learning in a workspace: the development project, cycles, log entries,
measures with data points, and progress self-assessments."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin, TimestampMixin


class Phase(StrEnum):
    plan = "plan"
    act = "act"
    observe = "observe"
    reflect = "reflect"
    done = "done"


PHASES = [Phase.plan, Phase.act, Phase.observe, Phase.reflect, Phase.done]


class MeasureKind(StrEnum):
    outcome = "outcome"
    process = "process"
    balancing = "balancing"


class ChartType(StrEnum):
    run = "run"  # median and Anhøj's rules
    xmr = "xmr"  # individuals with moving range
    p = "p"  # proportions: value out of a denominator per point
    u = "u"  # rates: value per denominator units per point


class Direction(StrEnum):
    up = "up"  # higher is better
    down = "down"  # lower is better


class Sector(StrEnum):
    school = "school"
    kindergarten = "kindergarten"
    health = "health"
    elderly_care = "elderly_care"
    library = "library"
    youth = "youth"
    volunteer = "volunteer"
    business = "business"
    other = "other"


class Project(TimestampMixin, Base):
    __tablename__ = "projects"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    aim_what: Mapped[str] = mapped_column(Text, default="")
    aim_for_whom: Mapped[str] = mapped_column(Text, default="")
    aim_by_when: Mapped[date | None] = mapped_column(Date, default=None)
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    partners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(16), default="workspace")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class Cycle(IdMixin, TimestampMixin, Base):
    __tablename__ = "cycles"
    __table_args__ = (
        Index("ix_cycles_workspace_id_created_at", "workspace_id", "created_at", "id"),
        Index("ix_cycles_visibility", "visibility"),
    )

    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(16), default=Phase.plan.value)
    plan: Mapped[str] = mapped_column(Text, default="")
    act: Mapped[str] = mapped_column(Text, default="")
    observe: Mapped[str] = mapped_column(Text, default="")
    reflect: Mapped[str] = mapped_column(Text, default="")
    plan_at: Mapped[datetime | None] = mapped_column(default=None)
    act_at: Mapped[datetime | None] = mapped_column(default=None)
    observe_at: Mapped[datetime | None] = mapped_column(default=None)
    reflect_at: Mapped[datetime | None] = mapped_column(default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    hours_spent: Mapped[float] = mapped_column(Float, default=0.0)
    gathering_id: Mapped[str | None] = mapped_column(String(36), default=None)
    visibility: Mapped[str] = mapped_column(String(16), default="workspace")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    created_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    updated_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class CycleMeasure(Base):
    __tablename__ = "cycle_measures"

    cycle_id: Mapped[str] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    measure_id: Mapped[str] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Entry(IdMixin, TimestampMixin, Base):
    __tablename__ = "entries"
    __table_args__ = (Index("ix_entries_cycle_id_created_at", "cycle_id", "created_at", "id"),)

    cycle_id: Mapped[str] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="workspace")
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class Measure(IdMixin, TimestampMixin, Base):
    __tablename__ = "measures"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[str] = mapped_column(String(16), default=MeasureKind.outcome.value)
    direction: Mapped[str] = mapped_column(String(8), default=Direction.up.value)
    baseline: Mapped[float | None] = mapped_column(Float, default=None)
    target: Mapped[float | None] = mapped_column(Float, default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    chart: Mapped[str] = mapped_column(String(8), default=ChartType.run.value)
    shift_rule: Mapped[bool] = mapped_column(Boolean, default=False)
    visibility: Mapped[str] = mapped_column(String(16), default="workspace")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class MeasurePoint(IdMixin, Base):
    __tablename__ = "measure_points"
    __table_args__ = (Index("ix_measure_points_measure_id_date", "measure_id", "date"),)

    measure_id: Mapped[str] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    # p and u charts: what the value is out of (p) or per how many units (u)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    # a new phase (centre and limits computed afresh) starts at this point
    phase_start: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    created_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class Assessment(IdMixin, TimestampMixin, Base):
    """Progress self-assessment per workspace and semester on the IHI scale 0.5-5."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("workspace_id", "semester"),)

    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    semester: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="workspace")
    created_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
