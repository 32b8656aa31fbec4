"""The scheduler: each job once per period, whichever process claims it; failures are
recorded; a scheduler that comes back after a long stop runs each job once; backups are
kept by the retention rule."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from samklang.core.config import Settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.metrics import REGISTRY
from samklang.jobs import tasks
from samklang.jobs.models import JobRun, RunStatus
from samklang.jobs.scheduler import JOBS, Job, Maker, Scheduler, slot_of

NOW = datetime(2027, 3, 10, 14, 25, tzinfo=UTC)  # a Wednesday


def test_slots_are_the_start_of_the_hour_day_and_week() -> None:
    assert slot_of("hourly", NOW) == datetime(2027, 3, 10, 14, tzinfo=UTC)
    assert slot_of("daily", NOW) == datetime(2027, 3, 10, tzinfo=UTC)
    assert slot_of("weekly", NOW) == datetime(2027, 3, 8, tzinfo=UTC)  # Monday
    assert [(job.name, job.period) for job in JOBS] == [
        ("send-reminders", "hourly"),
        ("send-digests daily", "daily"),
        ("send-digests weekly", "weekly"),
        ("prune-audit", "daily"),
        ("backup", "daily"),
    ]


class Counting:
    """Fake jobs that count their runs (the real ones are tested by their own tests)."""

    def __init__(self) -> None:
        self.runs: dict[str, int] = {}

    def job(self, name: str, period: str, fail: bool = False) -> Job:
        async def run(maker: Maker, settings: Settings) -> str:
            self.runs[name] = self.runs.get(name, 0) + 1
            await asyncio.sleep(0)
            if fail:
                raise RuntimeError("the SMTP relay said no")
            return f"{name} done"

        return Job(name, period, run)  # type: ignore[arg-type]


@pytest.fixture
async def committed(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine outside the test's rolled-back transaction, as separate processes have;
    the job runs it made are deleted afterwards."""
    engine = make_engine(database_url, pool=False)
    yield engine
    async with engine.begin() as conn:
        await conn.execute(delete(JobRun).where(JobRun.job.like("test-%")))
    await engine.dispose()


async def _runs(maker: Maker) -> list[tuple[str, datetime, str]]:
    async with maker() as session:
        rows = await session.execute(
            select(JobRun.job, JobRun.slot, JobRun.status)
            .where(JobRun.job.like("test-%"))
            .order_by(JobRun.job, JobRun.slot)
        )
        return [(r[0], r[1], r[2]) for r in rows]


async def test_each_job_runs_once_per_slot(
    maker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    counting = Counting()
    jobs = [counting.job("test-hourly", "hourly"), counting.job("test-daily", "daily")]
    scheduler = Scheduler(maker, settings, jobs, who="test")

    ran = await scheduler.run_due(NOW)
    assert ran == [("test-hourly", RunStatus.succeeded), ("test-daily", RunStatus.succeeded)]
    assert await scheduler.run_due(NOW + timedelta(minutes=30)) == []  # same hour
    ran = await scheduler.run_due(NOW + timedelta(hours=1))
    assert ran == [("test-hourly", RunStatus.succeeded)]  # a new hour, the same day

    # A second scheduler (another process) in the same period finds the slots taken.
    other = Scheduler(maker, settings, jobs, who="other")
    assert await other.run_due(NOW + timedelta(hours=1, minutes=5)) == []
    assert counting.runs == {"test-hourly": 2, "test-daily": 1}

    async with maker() as session:
        rows = (await session.scalars(select(JobRun).order_by(JobRun.slot))).all()
    assert [(r.job, r.slot, r.status, r.claimed_by, r.result) for r in rows] == [
        ("test-daily", datetime(2027, 3, 10, tzinfo=UTC), "succeeded", "test", "test-daily done"),
        (
            "test-hourly",
            datetime(2027, 3, 10, 14, tzinfo=UTC),
            "succeeded",
            "test",
            "test-hourly done",
        ),
        (
            "test-hourly",
            datetime(2027, 3, 10, 15, tzinfo=UTC),
            "succeeded",
            "test",
            "test-hourly done",
        ),
    ]
    assert all(r.finished_at is not None and r.finished_at >= r.started_at for r in rows)


async def test_a_failure_is_recorded_and_the_next_slot_runs_again(
    maker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    counting = Counting()
    scheduler = Scheduler(maker, settings, [counting.job("test-fails", "daily", fail=True)])
    assert await scheduler.run_due(NOW) == [("test-fails", RunStatus.failed)]
    assert await scheduler.run_due(NOW + timedelta(hours=3)) == []  # not retried in the day
    assert await scheduler.run_due(NOW + timedelta(days=1)) == [("test-fails", RunStatus.failed)]
    async with maker() as session:
        errors = (await session.scalars(select(JobRun.error))).all()
    assert errors == ["RuntimeError: the SMTP relay said no"] * 2


async def test_a_missed_job_runs_once_when_the_scheduler_comes_back(
    maker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    counting = Counting()
    jobs = [counting.job("test-hourly", "hourly"), counting.job("test-weekly", "weekly")]
    await Scheduler(maker, settings, jobs).run_due(NOW)
    # Everything was down for nine days: one run of each, for the present period only.
    back = NOW + timedelta(days=9, minutes=7)
    ran = await Scheduler(maker, settings, jobs).run_due(back)
    assert ran == [("test-hourly", RunStatus.succeeded), ("test-weekly", RunStatus.succeeded)]
    assert counting.runs == {"test-hourly": 2, "test-weekly": 2}
    slots = [(job, slot) for job, slot, _ in await _runs(maker)]
    assert slots == [
        ("test-hourly", slot_of("hourly", NOW)),
        ("test-hourly", slot_of("hourly", back)),
        ("test-weekly", slot_of("weekly", NOW)),
        ("test-weekly", slot_of("weekly", back)),
    ]


async def test_schedulers_racing_in_separate_connections_run_a_job_once(
    committed: AsyncEngine, settings: Settings
) -> None:
    """Eight schedulers, each with its own connections, tick at once: one run per slot."""
    counting = Counting()
    jobs = [counting.job("test-race-hourly", "hourly"), counting.job("test-race-daily", "daily")]
    schedulers = [
        Scheduler(make_sessionmaker(committed), settings, jobs, who=f"p{i}") for i in range(8)
    ]
    results = await asyncio.gather(*(s.run_due(NOW) for s in schedulers))
    assert sorted(name for ran in results for name, _ in ran) == [
        "test-race-daily",
        "test-race-hourly",
    ]
    assert counting.runs == {"test-race-hourly": 1, "test-race-daily": 1}
    assert len(await _runs(make_sessionmaker(committed))) == 2


def _archive(folder: Path, at: datetime) -> Path:
    path = folder / tasks.archive_name(at)
    path.write_bytes(b"old")
    return path


async def test_the_backup_job_keeps_archives_by_the_retention_rule(
    committed: AsyncEngine, settings: Settings, database_url: str
) -> None:
    settings = settings.model_copy(update={"backup_keep_days": 14})
    folder = settings.backup_dir
    folder.mkdir(parents=True)
    today = datetime.now(UTC)
    old = _archive(folder, today - timedelta(days=15))
    kept = _archive(folder, today - timedelta(days=13))
    other = folder / "samklang-manual.tar.gz"
    other.write_bytes(b"not ours to delete")

    done = await tasks.backup(settings)

    assert done.archive.parent == folder and done.archive.is_file()
    assert done.removed == [old]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [done.archive.name, kept.name, other.name]
    )


async def test_a_failed_backup_deletes_no_archive(settings: Settings, tmp_path: Path) -> None:
    settings = settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path}/missing/none.db"}
    )
    folder = settings.backup_dir
    folder.mkdir(parents=True)
    old = _archive(folder, datetime.now(UTC) - timedelta(days=40))
    with pytest.raises(Exception):  # noqa: B017 - whatever the failure, nothing is pruned
        await tasks.backup(settings)
    assert old.exists()
    assert [p.name for p in folder.iterdir()] == [old.name]


def test_the_scheduler_command_runs_the_due_jobs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from samklang.cli import app
    from samklang.core.config import get_settings

    monkeypatch.setenv("SAMKLANG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/s.db")
    monkeypatch.setenv("SAMKLANG_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setenv("SAMKLANG_STORAGE_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        first = runner.invoke(app, ["scheduler", "--once"])
        assert first.exit_code == 0, first.output
        assert first.stdout.splitlines() == [f"{job.name}: succeeded" for job in JOBS]
        again = runner.invoke(app, ["scheduler", "--once"])
        assert again.exit_code == 0 and again.stdout == ""
    finally:
        get_settings.cache_clear()
    assert len(os.listdir(tmp_path / "backups")) == 1


async def test_a_job_cut_short_by_shutdown_is_recorded_as_interrupted(
    maker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    started = asyncio.Event()

    async def forever(maker: Maker, settings: Settings) -> str:
        started.set()
        await asyncio.Event().wait()
        return "never"

    scheduler = Scheduler(maker, settings, [Job("test-long", "daily", forever)])
    tick = asyncio.create_task(scheduler.run_due(NOW))
    await asyncio.wait_for(started.wait(), 10)
    tick.cancel()
    with pytest.raises(asyncio.CancelledError):
        await tick
    async with maker() as session:
        run = (await session.scalars(select(JobRun))).one()
    assert (run.status, run.error) == ("failed", "interrupted by shutdown")
    assert run.finished_at is not None


async def test_runs_are_counted_in_the_metrics(
    maker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    def count(job: str, status: str) -> float:
        value = REGISTRY.get_sample_value(
            "samklang_scheduler_job_runs_total", {"job": job, "status": status}
        )
        return value or 0.0

    counting = Counting()
    jobs = [
        counting.job("test-metrics-ok", "daily"),
        counting.job("test-metrics-bad", "daily", True),
    ]
    before = {
        (job, status): count(job, status)
        for job in ("test-metrics-ok", "test-metrics-bad")
        for status in ("success", "failure", "skipped")
    }
    await Scheduler(maker, settings, jobs, who="one").run_due(NOW)
    await Scheduler(maker, settings, jobs, who="two").run_due(NOW)  # finds both slots taken
    assert count("test-metrics-ok", "success") == before[("test-metrics-ok", "success")] + 1
    assert count("test-metrics-bad", "failure") == before[("test-metrics-bad", "failure")] + 1
    assert count("test-metrics-ok", "skipped") == before[("test-metrics-ok", "skipped")] + 1
    assert count("test-metrics-bad", "skipped") == before[("test-metrics-bad", "skipped")] + 1
