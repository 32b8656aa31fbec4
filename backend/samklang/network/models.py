"""The network: municipalities, organisations, cohorts, workspaces, members, applications."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samklang.auth.models import User
from samklang.core.db import Base, IdMixin, TimestampMixin


class Tier(StrEnum):
    pilot = "pilot"
    observer = "observer"


class WorkspaceStatus(StrEnum):
    active = "active"
    withdrawn = "withdrawn"
    alumni = "alumni"


class WorkspaceRole(StrEnum):
    coordinator = "coordinator"
    member = "member"


class MemberFunction(StrEnum):
    culture_school_leader = "culture_school_leader"
    teacher = "teacher"
    school_owner = "school_owner"
    other_sector = "other_sector"
    other = "other"


class ApplicationStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    decided = "decided"


class Outcome(StrEnum):
    pilot = "pilot"
    observer = "observer"
    declined = "declined"


class Municipality(Base):
    __tablename__ = "municipalities"

    number: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    official_name: Mapped[str] = mapped_column(String(200))
    county_number: Mapped[str] = mapped_column(String(2), index=True)
    county_name: Mapped[str] = mapped_column(String(100))
    search_key: Mapped[str] = mapped_column(String(300))


class Organisation(IdMixin, TimestampMixin, Base):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="partner")
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), default=None
    )


class Cohort(IdMixin, TimestampMixin, Base):
    __tablename__ = "cohorts"

    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    semesters: Mapped[list[str]] = mapped_column(JSON, default=list)
    applications_open_at: Mapped[datetime | None] = mapped_column(default=None)
    applications_close_at: Mapped[datetime | None] = mapped_column(default=None)
    description: Mapped[str] = mapped_column(Text, default="")

    criteria: Mapped[list[Criterion]] = relationship(
        lazy="raise", order_by="Criterion.position", cascade="all, delete-orphan"
    )


class Criterion(IdMixin, Base):
    __tablename__ = "criteria"

    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class WorkspaceMunicipality(Base):
    __tablename__ = "workspace_municipalities"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipalities.number"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    municipality: Mapped[Municipality] = relationship(lazy="raise")


class WorkspaceMentor(Base):
    __tablename__ = "workspace_mentors"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    user: Mapped[User] = relationship(lazy="raise")


class Membership(IdMixin, TimestampMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=WorkspaceRole.member.value)
    function: Mapped[str] = mapped_column(String(32), default=MemberFunction.other.value)

    user: Mapped[User] = relationship(lazy="raise")
    workspace: Mapped[Workspace] = relationship(lazy="raise", back_populates="memberships")


class Workspace(IdMixin, TimestampMixin, Base):
    __tablename__ = "workspaces"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    # norwegian_key(name): byte-wise order puts æ, ø, å last.
    sort_name: Mapped[str] = mapped_column(String(200), index=True)
    tier: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default=WorkspaceStatus.active.value)
    cohort_id: Mapped[str | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), default=None, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")

    municipality_links: Mapped[list[WorkspaceMunicipality]] = relationship(
        lazy="raise", order_by="WorkspaceMunicipality.position", cascade="all, delete-orphan"
    )
    mentor_links: Mapped[list[WorkspaceMentor]] = relationship(
        lazy="raise", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        lazy="raise", back_populates="workspace", cascade="all, delete-orphan"
    )


class ApplicationMunicipality(Base):
    __tablename__ = "application_municipalities"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipalities.number"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    municipality: Mapped[Municipality] = relationship(lazy="raise")


class Application(IdMixin, TimestampMixin, Base):
    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_created_at_id", "created_at", "id"),)

    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    applicant_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(16), default=ApplicationStatus.draft.value, index=True
    )
    motivation: Mapped[str] = mapped_column(Text, default="")
    local_challenge: Mapped[str] = mapped_column(Text, default="")
    focus_area: Mapped[str] = mapped_column(Text, default="")
    planned_partners: Mapped[str] = mapped_column(Text, default="")
    anchoring_name: Mapped[str] = mapped_column(String(200), default="")
    anchoring_role: Mapped[str] = mapped_column(String(200), default="")
    anchoring_date: Mapped[date | None] = mapped_column(Date, default=None)
    hours_per_semester: Mapped[int | None] = mapped_column(Integer, default=None)
    team: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    decision_message: Mapped[str | None] = mapped_column(Text, default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="SET NULL"), default=None
    )

    applicant: Mapped[User] = relationship(lazy="raise", foreign_keys=[applicant_id])
    municipality_links: Mapped[list[ApplicationMunicipality]] = relationship(
        lazy="raise", order_by="ApplicationMunicipality.position", cascade="all, delete-orphan"
    )
    scores: Mapped[list[Score]] = relationship(lazy="raise", cascade="all, delete-orphan")


class Score(IdMixin, TimestampMixin, Base):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("application_id", "criterion_id", "reviewer_id"),)

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[str] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
