"""Gatherings (samlinger): agenda, registrations with seat quotas and a waiting list,
calendar feeds, reminders, and group work with prompts and shared answers."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin, TimestampMixin


class Mode(StrEnum):
    in_person = "in_person"
    online = "online"
    not_attending = "not_attending"


class RegistrationStatus(StrEnum):
    confirmed = "confirmed"
    waiting = "waiting"


class Gathering(IdMixin, TimestampMixin, Base):
    __tablename__ = "gatherings"
    __table_args__ = (Index("ix_gatherings_starts_at", "starts_at"),)

    cohort_id: Mapped[str | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), default=None, index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    open_to_observers: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    seats_per_workspace: Mapped[int | None] = mapped_column(Integer, default=None)
    registration_deadline: Mapped[datetime | None] = mapped_column(default=None)
    materials: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The level the project team shared the summary at (sharing migration 0005); None: not.
    summary_visibility: Mapped[str | None] = mapped_column(String(16), default=None)


class AgendaItem(IdMixin, Base):
    __tablename__ = "agenda_items"

    gathering_id: Mapped[str] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(String(200))
    lead: Mapped[str] = mapped_column(String(200), default="")
    materials: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SeatPool(IdMixin, Base):
    """In-person seats that several workspaces (of a region) share."""

    __tablename__ = "seat_pools"

    gathering_id: Mapped[str] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(Integer)
    workspace_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


class Registration(IdMixin, TimestampMixin, Base):
    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("gathering_id", "user_id"),
        Index("ix_registrations_gathering_id_status", "gathering_id", "status"),
    )

    gathering_id: Mapped[str] = mapped_column(ForeignKey("gatherings.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="SET NULL"), default=None
    )
    mode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=RegistrationStatus.confirmed.value)
    diet: Mapped[str] = mapped_column(String(300), default="")
    accessibility: Mapped[str] = mapped_column(String(300), default="")
    waiting_since: Mapped[datetime | None] = mapped_column(default=None)
    attended: Mapped[bool | None] = mapped_column(Boolean, default=None)


class ReminderSent(Base):
    """One row per reminder sent, so `samklang send-reminders` never sends one twice."""

    __tablename__ = "reminders_sent"

    gathering_id: Mapped[str] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "week" or "day"
    sent_at: Mapped[datetime]


class CalendarFeed(Base):
    """A personal calendar subscription; the token is the whole secret and can be reset."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class BreakoutGroup(IdMixin, Base):
    __tablename__ = "breakout_groups"

    gathering_id: Mapped[str] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Group work can come in rounds; a group answers the prompts of its own round.
    round: Mapped[int] = mapped_column(Integer, default=1)
    # Municipalities taking part without a workspace (e.g. before selection).
    municipality_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)


class GroupWorkspace(Base):
    __tablename__ = "group_workspaces"

    group_id: Mapped[str] = mapped_column(
        ForeignKey("breakout_groups.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Prompt(IdMixin, Base):
    __tablename__ = "prompts"

    gathering_id: Mapped[str] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    round: Mapped[int] = mapped_column(Integer, default=1)


class Answer(IdMixin, Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("group_id", "prompt_id"),)

    group_id: Mapped[str] = mapped_column(ForeignKey("breakout_groups.id", ondelete="CASCADE"))
    prompt_id: Mapped[str] = mapped_column(ForeignKey("prompts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class AnswerRevision(IdMixin, Base):
    """The edit history of a shared answer."""

    __tablename__ = "answer_revisions"

    answer_id: Mapped[str] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime]


class Assignment(IdMixin, TimestampMixin, Base):
    """Work between gatherings, given to every workspace of a cohort."""

    __tablename__ = "assignments"

    cohort_id: Mapped[str | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), default=None, index=True
    )
    gathering_id: Mapped[str | None] = mapped_column(
        ForeignKey("gatherings.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date]


class AssignmentResponse(IdMixin, TimestampMixin, Base):
    """One response per workspace, with visibility like other workspace content."""

    __tablename__ = "assignment_responses"
    __table_args__ = (UniqueConstraint("assignment_id", "workspace_id"),)

    assignment_id: Mapped[str] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="workspace")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    updated_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
