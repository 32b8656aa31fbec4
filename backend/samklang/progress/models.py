"""Tables of the progress domain (saved reports)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin, TimestampMixin


class ReportKind(StrEnum):
    interim = "interim"
    final = "final"


class Report(IdMixin, TimestampMixin, Base):
    """A workspace report: the choices (period, cycles, foreword); the content is compiled
    from the workspace's own data each time it is read."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_workspace_id_created_at", "workspace_id", "created_at", "id"),
    )

    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default=ReportKind.interim.value)
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    foreword: Mapped[str] = mapped_column(Text, default="")
    cycle_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
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
