"""Following progress: what the programme, workspace, report and "what it took" views share
(the reader, assessments by semester). No HTTP, no commit.

- programme.py: the project team's programme overview and its CSV
- workspaces.py: a workspace's progress and the network's
- reports.py: reports, their preview, Markdown and PDF
- what_it_took.py: the public summary of what taking part took
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access import readers
from samklang.access.reader import Reader
from samklang.auth.models import User
from samklang.learning.models import Assessment
from samklang.progress import semesters
from samklang.progress.schemas import ScorePoint, Trend


async def reader(session: AsyncSession, user: User | None) -> Reader:
    return await readers.reader(session, user)


# Semesters of assessments


def _score_point(semester: str, score: float) -> ScorePoint:
    parsed = semesters.parse(semester)
    return ScorePoint(
        semester=semester,
        season=parsed[1] if parsed else None,
        year=parsed[0] if parsed else None,
        score=score,
    )


def _assessment_order(a: Assessment) -> tuple[int, int, datetime]:
    """Time order of assessments: by the semester in the label, else when it was made."""
    parsed = semesters.parse(a.semester)
    if parsed is None:
        return (9999, 9, a.created_at)
    return (*semesters.order(parsed), a.created_at)


def _trend(rows: list[Assessment]) -> tuple[Assessment | None, Assessment | None, Trend]:
    """The latest assessment, the previous semester's, and the direction between them.

    The previous semester is the one right before the latest (spring 2027 -> autumn 2026);
    with labels that cannot be read, the assessment made just before."""
    if not rows:
        return None, None, Trend.none
    ordered = sorted(rows, key=_assessment_order)
    latest = ordered[-1]
    parsed = semesters.parse(latest.semester)
    previous: Assessment | None = None
    if parsed is None:
        previous = ordered[-2] if len(ordered) > 1 else None
    else:
        wanted = semesters.previous(parsed)
        previous = next((a for a in ordered if semesters.parse(a.semester) == wanted), None)
    if previous is None:
        return latest, None, Trend.none
    if latest.score > previous.score:
        return latest, previous, Trend.up
    if latest.score < previous.score:
        return latest, previous, Trend.down
    return latest, previous, Trend.flat


def _aware(value: Any) -> datetime | None:
    """Aggregates (max) bypass the column type on SQLite: make them aware UTC datetimes."""
    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
