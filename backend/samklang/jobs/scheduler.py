"""The scheduler: every job once per period (hour, day, week; UTC), whichever process runs it.

Each tick, for each job, the period that `now` falls in is its slot. The process that
inserts the row (job, slot) into `job_runs` runs the job; every other process (another
`samklang scheduler`, or an API replica with SAMKLANG_RUN_SCHEDULER=true) hits the unique
constraint (INSERT … ON CONFLICT DO NOTHING) and skips it. A slot missed while everything
was down is not replayed one by one: when a scheduler comes back, the current slot is
unclaimed, so each job runs once, at once.

A claim over a job library: procrastinate (the natural choice) needs PostgreSQL, and
Samklang also runs on SQLite (`make run`); a claim row needs nothing but the database we
already have, works on both, and leaves a record of every run (start, end, status, error).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from samklang.core import metrics
from samklang.core.config import Settings
from samklang.core.db import new_id, utcnow
from samklang.jobs import tasks
from samklang.jobs.models import JobRun, RunStatus

logger = logging.getLogger(__name__)

Maker = async_sessionmaker[AsyncSession]
Period = Literal["hourly", "daily", "weekly"]


@dataclass(frozen=True)
class Job:
    name: str
    period: Period
    run: Callable[[Maker, Settings], Awaitable[str]]


def slot_of(period: Period, now: datetime) -> datetime:
    """The start of the period `now` is in (UTC): the hour, the day, the week's Monday."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    if period == "hourly":
        return hour
    day = hour.replace(hour=0)
    if period == "daily":
        return day
    return day - timedelta(days=day.weekday())


async def _reminders(maker: Maker, settings: Settings) -> str:
    return f"Queued {await tasks.send_reminders(maker, settings)} reminder(s)."


def _digests(frequency: str) -> Callable[[Maker, Settings], Awaitable[str]]:
    async def run(maker: Maker, settings: Settings) -> str:
        queued = await tasks.send_digests(maker, settings, frequency)
        return f"Queued {queued} {frequency} digest(s)."

    return run


async def _prune_audit(maker: Maker, settings: Settings) -> str:
    removed = await tasks.prune_audit(maker, settings)
    return f"Removed {removed} audit events older than {settings.audit_retention_days} days."


async def _backup(maker: Maker, settings: Settings) -> str:
    done = await tasks.backup(settings)
    return (
        f"Backed up the database and {len(done.manifest.files)} files to {done.archive};"
        f" removed {len(done.removed)} archive(s) older than {settings.backup_keep_days} days."
    )


JOBS: tuple[Job, ...] = (
    Job("send-reminders", "hourly", _reminders),
    Job("send-digests daily", "daily", _digests("daily")),
    Job("send-digests weekly", "weekly", _digests("weekly")),
    Job("prune-audit", "daily", _prune_audit),
    Job("backup", "daily", _backup),
)


def whoami() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def claim(maker: Maker, job: str, slot: datetime, who: str) -> str | None:
    """Insert the (job, slot) row; its id when this call won the slot, None when another
    claim was there first."""
    async with maker() as session:
        if session.get_bind().dialect.name == "postgresql":
            statement = pg_insert(JobRun)
        else:
            statement = sqlite_insert(JobRun)  # type: ignore[assignment]
        run_id = new_id()
        won = await session.scalar(
            statement.values(
                id=run_id,
                job=job,
                slot=slot,
                claimed_by=who[:200],
                started_at=utcnow(),
                status=RunStatus.running.value,
            )
            .on_conflict_do_nothing(index_elements=["job", "slot"])
            .returning(JobRun.id)
        )
        await session.commit()
    return run_id if won is not None else None


async def _finish(maker: Maker, run_id: str, status: RunStatus, text: str) -> None:
    values: dict[str, object] = {"finished_at": utcnow(), "status": status.value}
    values["result" if status is RunStatus.succeeded else "error"] = text[:4000]
    async with maker() as session:
        await session.execute(update(JobRun).where(JobRun.id == run_id).values(**values))
        await session.commit()


class Scheduler:
    """Runs each due job whose slot this process wins. Remembers the slots it has seen
    (won or lost) so that a tick in the same period does not ask the database again."""

    def __init__(
        self,
        maker: Maker,
        settings: Settings,
        jobs: Sequence[Job] = JOBS,
        who: str | None = None,
    ) -> None:
        self.maker = maker
        self.settings = settings
        self.jobs = tuple(jobs)
        self.who = who or whoami()
        self.seen: dict[str, datetime] = {}

    async def run_due(self, now: datetime | None = None) -> list[tuple[str, RunStatus]]:
        """One tick: the jobs this process ran, with how they ended."""
        now = now or utcnow()
        ran: list[tuple[str, RunStatus]] = []
        for job in self.jobs:
            slot = slot_of(job.period, now)
            if self.seen.get(job.name) == slot:
                continue
            run_id = await claim(self.maker, job.name, slot, self.who)
            self.seen[job.name] = slot
            if run_id is None:
                metrics.record_job_run(job.name, "skipped")
                continue
            logger.info("Running %s for %s", job.name, slot.isoformat())
            started = time.monotonic()
            try:
                result = await job.run(self.maker, self.settings)
            except asyncio.CancelledError:  # shutting down (SIGTERM, SIGINT): say so, stop
                await _finish(self.maker, run_id, RunStatus.failed, "interrupted by shutdown")
                metrics.record_job_run(job.name, "failure", time.monotonic() - started)
                raise
            except Exception as exc:  # noqa: BLE001 - recorded, and the next slot runs again
                logger.exception("The scheduled job %s failed", job.name)
                await _finish(self.maker, run_id, RunStatus.failed, f"{type(exc).__name__}: {exc}")
                metrics.record_job_run(job.name, "failure", time.monotonic() - started)
                ran.append((job.name, RunStatus.failed))
            else:
                logger.info("%s: %s", job.name, result)
                await _finish(self.maker, run_id, RunStatus.succeeded, result)
                metrics.record_job_run(job.name, "success", time.monotonic() - started)
                ran.append((job.name, RunStatus.succeeded))
        return ran

    async def run_forever(self) -> None:
        """Tick every SAMKLANG_SCHEDULER_TICK_SECONDS until cancelled; a tick that fails
        (the database away) is logged and the next one tries again."""
        while True:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the scheduler outlives a database outage
                logger.warning("A scheduler tick failed; trying again", exc_info=True)
            await asyncio.sleep(self.settings.scheduler_tick_seconds)
