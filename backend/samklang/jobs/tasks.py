"""What the scheduled jobs do. The `samklang` commands of the same names and the scheduler
both call these (no shelling out)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from samklang.audit.service import prune
from samklang.core.config import Settings
from samklang.files.service import storage_for
from samklang.gatherings.service import send_reminders as queue_reminders
from samklang.jobs.backup import Manifest
from samklang.jobs.backup import backup as make_backup
from samklang.sharing.digests import send_digests as queue_digests
from samklang.sharing.notification_models import EmailFrequency

logger = logging.getLogger(__name__)

Maker = async_sessionmaker[AsyncSession]
ARCHIVE = re.compile(r"^samklang-(\d{8}-\d{6})\.tar\.gz$")
STAMP = "%Y%m%d-%H%M%S"


async def send_reminders(maker: Maker, settings: Settings) -> int:
    """Queue the gathering reminders that are due (idempotent). How many were queued."""

    async with maker() as session:
        queued = await queue_reminders(session, settings)
        await session.commit()
    return queued


async def send_digests(
    maker: Maker, settings: Settings, frequency: str, failures: list[str] | None = None
) -> int:
    """Queue the daily or weekly notification digests (idempotent). How many. The users
    whose digest failed go to `failures`; without that list a failure raises, so the
    scheduler records the run as failed."""

    failed: list[str] = [] if failures is None else failures
    queued = await queue_digests(maker, settings, EmailFrequency(frequency), failures=failed)
    if failures is None and failed:
        raise RuntimeError(f"{len(failed)} digest(s) failed; {queued} queued")
    return queued


async def prune_audit(maker: Maker, settings: Settings) -> int:
    """Delete audit events older than SAMKLANG_AUDIT_RETENTION_DAYS. How many."""

    async with maker() as session:
        removed = await prune(session, settings.audit_retention_days)
        await session.commit()
    return removed


@dataclass(frozen=True)
class BackupDone:
    archive: Path
    manifest: Manifest
    removed: list[Path]


def archive_name(at: datetime) -> str:
    return f"samklang-{at.astimezone(UTC).strftime(STAMP)}.tar.gz"


def expired_backups(folder: Path, keep_days: int, now: datetime) -> list[Path]:
    """The archives in `folder` (by their `samklang-<time>.tar.gz` names) made more than
    `keep_days` before `now`. Other files are never touched."""
    if not folder.is_dir():
        return []
    cutoff = now - timedelta(days=keep_days)
    old: list[Path] = []
    for path in sorted(folder.iterdir()):
        match = ARCHIVE.match(path.name)
        if match is None or not path.is_file():
            continue
        made = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
        if made < cutoff:
            old.append(path)
    return old


async def backup(
    settings: Settings,
    output: Path | None = None,
    now: datetime | None = None,
    *,
    prune: bool = True,
) -> BackupDone:
    """Back up the database and the stored files to one archive (in SAMKLANG_BACKUP_DIR
    unless `output` says where); after a successful backup, delete the archives there older
    than SAMKLANG_BACKUP_KEEP_DAYS."""

    now = now or datetime.now(UTC)
    target = output or settings.backup_dir / archive_name(now)
    manifest = await make_backup(settings.database_url, storage_for(settings), target)
    removed: list[Path] = []
    if prune and output is None:
        removed = expired_backups(settings.backup_dir, settings.backup_keep_days, now)
        for path in removed:
            await anyio.to_thread.run_sync(path.unlink, True)
            logger.info(
                "Removed the backup %s (older than %d days)", path, settings.backup_keep_days
            )
    return BackupDone(target, manifest, removed)
