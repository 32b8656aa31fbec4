"""The `samklang` command."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from samklang import kinds as kinds  # every kind registered with the access module
from samklang.auth.models import Role
from samklang.core.config import Environment, get_settings
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.errors import AppError

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


@app.command("send-reminders")
def send_reminders() -> None:
    """Queue gathering reminders a week and a day before (run it from cron, e.g. hourly).
    Idempotent: running it twice sends nothing twice."""
    from samklang.gatherings.service import send_reminders as queue_reminders

    queued = _in_session(lambda session: queue_reminders(session, get_settings()))
    typer.echo(f"Queued {queued} reminder(s).")


@app.command("send-digests")
def send_digests(
    frequency: Annotated[str, typer.Argument(help="daily or weekly")],
) -> None:
    """Queue the daily or weekly notification digests (run it from cron once a day / a
    week). Idempotent: running it twice sends nothing twice."""
    from samklang.sharing.digests import send_digests as queue_digests
    from samklang.sharing.notification_models import EmailFrequency

    if frequency not in ("daily", "weekly"):
        typer.echo("Choose daily or weekly.", err=True)
        raise typer.Exit(2)
    settings = get_settings()

    async def run() -> int:
        engine = make_engine(settings.database_url, pool=False)
        try:
            return await queue_digests(
                make_sessionmaker(engine), settings, EmailFrequency(frequency)
            )
        finally:
            await engine.dispose()

    queued = asyncio.run(run())
    typer.echo(f"Queued {queued} {frequency} digest(s).")


@app.command()
def worker() -> None:
    """Deliver queued email (run this when SAMKLANG_RUN_WORKER=false on the API)."""
    from samklang.email.senders import make_sender
    from samklang.email.worker import run_forever

    logging.basicConfig(level=logging.INFO)
    settings = get_settings()

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
        typer.Option(help="Archive path (default ./data/backups/samklang-<time>.tar.gz)"),
    ] = None,
) -> None:
    """Back up the database and the uploaded files to one archive."""
    from datetime import UTC, datetime
    from pathlib import Path

    from samklang.core.backup import BackupError, backup

    settings = get_settings()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(output) if output else Path("data/backups") / f"samklang-{stamp}.tar.gz"
    try:
        manifest = backup(settings.database_url, settings.storage_dir, target)
    except BackupError as exc:
        typer.echo(f"Backup failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backed up the database and {len(manifest.files)} files to {target}")


@app.command("restore")
def restore_command(archive: str) -> None:
    """Restore an archive from `samklang backup` into an EMPTY database and storage folder."""
    from pathlib import Path

    from samklang.core.backup import BackupError, restore

    settings = get_settings()
    try:
        manifest = restore(settings.database_url, settings.storage_dir, Path(archive))
    except BackupError as exc:
        typer.echo(f"Restore failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"Restored the database (schema {manifest.revision}) and {len(manifest.files)} files"
        f" from a backup made {manifest.created_at}"
    )


@app.command("prune-audit")
def prune_audit() -> None:
    """Delete audit events older than SAMKLANG_AUDIT_RETENTION_DAYS (run it daily)."""
    from samklang.audit.service import prune

    days = get_settings().audit_retention_days
    removed = _in_session(lambda session: prune(session, days))
    typer.echo(f"Removed {removed} audit events older than {days} days.")
