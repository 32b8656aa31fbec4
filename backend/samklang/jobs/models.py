"""One row per (job, period) that some process claimed: the claim is the insert."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin


class RunStatus(StrEnum):
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class JobRun(IdMixin, Base):
    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "slot", name="uq_job_runs_job_slot"),)

    job: Mapped[str] = mapped_column(String(50))
    # The start of the period this run is for (the hour, the day, the week's Monday; UTC).
    slot: Mapped[datetime]
    claimed_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.running.value)
    result: Mapped[str | None] = mapped_column(Text, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
