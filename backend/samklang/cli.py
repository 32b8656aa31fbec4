"""The `samklang` command."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

# Every table, before any command touches the database: the commit hooks (core/changes.py)
# walk the foreign keys of the whole registry.
import samklang.models  # noqa: F401
from samklang import kinds as kinds  # every kind registered with the access module
from samklang.auth.models import Role
from samklang.core import metrics
from samklang.core.config import Environment, get_settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.errors import AppError
from samklang.core.logging import configure_logging

app = typer.Typer(help="Samklang: the learning-network platform.", no_args_is_help=True)
T = TypeVar("T")


def _in_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = make_engine(get_settings().database_url, pool=False)
        try:
            async with make_sessionmaker(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(run())


@app.command()
def migrate(revision: str = "head") -> None:
    """Bring the database schema up to date."""
    from samklang.core.migrations import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"Database migrated to {revision}.")


@app.command("create-user")
def create_user(
    email: str,
    name: Annotated[str, typer.Option(help="Full name")],
    role: Annotated[Role, typer.Option(help="admin, mentor or member")] = Role.member,
) -> None:
    """Create a user; the password comes from SAMKLANG_NEW_PASSWORD or a prompt."""
    from samklang.auth import service

    password = os.environ.get("SAMKLANG_NEW_PASSWORD") or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    if len(password) < 10:
        typer.echo("The password must be at least 10 characters.", err=True)
        raise typer.Exit(2)
    try:
        user = _in_session(
            lambda s: service.create_user(s, email=email, name=name, role=role, password=password)
        )
    except AppError as exc:
        typer.echo(exc.detail, err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Created {user.email} ({user.role}).")


@app.command("seed-demo")
def seed_demo() -> None:
    """Create demo data (idempotent). Refused when SAMKLANG_ENV=production."""
    from samklang.seed import DEMO_PASSWORD, seed_demo

    if get_settings().env is Environment.production:
        typer.echo("seed-demo refuses to run when SAMKLANG_ENV=production.", err=True)
        raise typer.Exit(1)
    created = _in_session(lambda session: seed_demo(session, get_settings()))
    typer.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for demo, new in created:
        typer.echo(
            f"  {demo.email:<32} {demo.role.value:<7} {demo.description}"
            f"{'  (created)' if new else ''}"
        )


def _with_maker(work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = make_engine(get_settings().database_url, pool=False)
        try:
            return await work(make_sessionmaker(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


@app.command("send-reminders")
def send_reminders() -> None:
    """Queue gathering reminders a week and a day before (the scheduler runs it hourly).
    Idempotent: running it twice sends nothing twice."""
    from samklang.jobs import tasks

    queued = _with_maker(lambda maker: tasks.send_reminders(maker, get_settings()))
    typer.echo(f"Queued {queued} reminder(s).")


@app.command("send-digests")
def send_digests(
    frequency: Annotated[str, typer.Argument(help="daily or weekly")],
) -> None:
    """Queue the daily or weekly notification digests (the scheduler runs them daily and
    weekly). Idempotent: running it twice sends nothing twice."""
    from samklang.jobs import tasks

    if frequency not in ("daily", "weekly"):
        typer.echo("Choose daily or weekly.", err=True)
        raise typer.Exit(2)
    failures: list[str] = []
    queued = _with_maker(
        lambda maker: tasks.send_digests(maker, get_settings(), frequency, failures=failures)
    )
    typer.echo(f"Queued {queued} {frequency} digest(s).")
    if failures:
        typer.echo(
            f"{len(failures)} digest(s) failed (see the log); the next run tries again.", err=True
        )
        raise typer.Exit(1)


@app.command()
def scheduler(
    once: Annotated[
        bool, typer.Option(help="Run the jobs that are due once and exit (for cron or tests)")
    ] = False,
) -> None:
    """Run the scheduled jobs (reminders hourly; digests daily and weekly; audit pruning
    and a backup daily). Run ONE of these when the API runs with SAMKLANG_RUN_SCHEDULER=false;
    several are safe too (each job runs once per period)."""
    from samklang.jobs.scheduler import Scheduler

    settings = get_settings()
    configure_logging(settings)

    async def run() -> None:
        import signal

        # SIGTERM (docker stop, Kubernetes) ends the loop as Ctrl-C does: a job in progress
        # is recorded as interrupted rather than left `running`.
        main = asyncio.current_task()
        if main is not None:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main.cancel)
        if settings.scheduler_metrics_port is not None:
            metrics.start_metrics_server(settings, settings.scheduler_metrics_port)
        engine = make_engine(settings.database_url)
        try:
            runner = Scheduler(make_sessionmaker(engine), settings)
            if once:
                for name, status in await runner.run_due():
                    typer.echo(f"{name}: {status.value}")
            else:
                await runner.run_forever()
        finally:
            await engine.dispose()

    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(run())


@app.command()
def worker() -> None:
    """Deliver queued email (run this when SAMKLANG_RUN_WORKER=false on the API)."""
    from samklang.email.senders import make_sender
    from samklang.email.worker import run_forever

    settings = get_settings()
    configure_logging(settings)

    async def run() -> None:
        engine = make_engine(settings.database_url)
        try:
            await run_forever(make_sessionmaker(engine), make_sender(settings), settings)
        finally:
            await engine.dispose()

    asyncio.run(run())


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (the frontend's client is generated from it)."""
    from samklang.main import create_app

    json.dump(create_app().openapi(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the API and the built web app with uvicorn."""
    import uvicorn

    uvicorn.run(
        "samklang.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
    )


@app.command("backup")
def backup_command(
    output: Annotated[
        str | None,
        typer.Option(
            help="Archive path (default: SAMKLANG_BACKUP_DIR/samklang-<time>.tar.gz, where"
            " archives older than SAMKLANG_BACKUP_KEEP_DAYS are then deleted)"
        ),
    ] = None,
) -> None:
    """Back up the database and the stored files (local folder or S3) to one archive."""
    from pathlib import Path

    from samklang.jobs import tasks
    from samklang.jobs.backup import BackupError

    settings = get_settings()
    try:
        done = asyncio.run(tasks.backup(settings, Path(output) if output else None))
    except BackupError as exc:
        typer.echo(f"Backup failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backed up the database and {len(done.manifest.files)} files to {done.archive}")
    for path in done.removed:
        typer.echo(f"Removed {path} (older than {settings.backup_keep_days} days)")


@app.command("restore")
def restore_command(archive: str) -> None:
    """Restore an archive from `samklang backup` into an EMPTY database and storage."""
    from pathlib import Path

    from samklang.files.service import storage_for
    from samklang.jobs.backup import BackupError, restore

    settings = get_settings()
    try:
        manifest = asyncio.run(restore(settings.database_url, storage_for(settings), Path(archive)))
    except BackupError as exc:
        typer.echo(f"Restore failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"Restored the database (schema {manifest.revision}) and {len(manifest.files)} files"
        f" from a backup made {manifest.created_at}"
    )


@app.command("prune-audit")
def prune_audit() -> None:
    """Delete audit events older than SAMKLANG_AUDIT_RETENTION_DAYS (the scheduler runs it
    daily)."""
    from samklang.jobs import tasks

    settings = get_settings()
    removed = _with_maker(lambda maker: tasks.prune_audit(maker, settings))
    typer.echo(f"Removed {removed} audit events older than {settings.audit_retention_days} days.")
