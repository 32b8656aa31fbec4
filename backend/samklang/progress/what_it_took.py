"""What it took: the public summary of the time and people taking part took. No HTTP,
no commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from statistics import median as _median

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.errors import NotFound
from samklang.gatherings.models import Gathering, Registration
from samklang.learning.models import Cycle
from samklang.network.models import Cohort, Membership, Tier, Workspace
from samklang.progress import semesters
from samklang.progress.schemas import CohortRef, SemesterFigures, Summary, WhatItTook
from samklang.progress.service import _aware

MIN_GROUP = 3


# What it took


def _summary(values: Iterable[float]) -> Summary:
    found = list(values)
    return Summary(
        median=float(_median(found)), min=float(min(found)), max=float(max(found)), n=len(found)
    )


async def what_it_took(session: AsyncSession, cohort_id: str | None, now: datetime) -> WhatItTook:
    cohorts = list(await session.scalars(select(Cohort).order_by(Cohort.starts_on, Cohort.id)))
    cohort = next((c for c in cohorts if c.id == cohort_id), None) if cohort_id else None
    if cohort_id and cohort is None:
        raise NotFound("No such cohort")
    pilots = select(Workspace.id).where(Workspace.tier == Tier.pilot.value)
    if cohort is not None:
        pilots = pilots.where(Workspace.cohort_id == cohort.id)
    ids = pilots.scalar_subquery()
    created = {
        ws_id: _aware(at)
        for ws_id, at in await session.execute(
            select(Workspace.id, Workspace.created_at).where(Workspace.id.in_(ids))
        )
    }
    current = semesters.of_datetime(now)
    hours: dict[tuple[str, semesters.Semester], float] = defaultdict(float)
    seen: set[semesters.Semester] = set()
    earliest = _aware(
        await session.scalar(select(func.min(Cycle.created_at)).where(Cycle.workspace_id.in_(ids)))
    )
    if earliest is not None:
        first = min(semesters.of_datetime(earliest), current, key=semesters.order)
        spanned = semesters.span(first, current)
        by_key = {semesters.key(s): s for s in spanned}
        bucket = case(
            *[(Cycle.created_at < semesters.end_utc(s), semesters.key(s)) for s in spanned],
            else_=semesters.key(current),
        )
        inner = (
            select(Cycle.workspace_id, bucket.label("semester"), Cycle.hours_spent)
            .where(Cycle.workspace_id.in_(ids))
            .subquery()
        )
        for ws_id, label, spent in await session.execute(
            select(inner.c.workspace_id, inner.c.semester, func.sum(inner.c.hours_spent)).group_by(
                inner.c.workspace_id, inner.c.semester
            )
        ):
            semester = by_key[label]
            hours[(ws_id, semester)] += float(spent or 0)
            seen.add(semester)
    attended: dict[tuple[str, semesters.Semester], set[str]] = defaultdict(set)
    for ws_id, gathering_id, starts in await session.execute(
        select(Registration.workspace_id, Gathering.id, Gathering.starts_at)
        .join(Gathering, Gathering.id == Registration.gathering_id)
        .where(Registration.workspace_id.in_(ids), Registration.attended.is_(True))
        .distinct()
    ):
        semester = semesters.of_datetime(_aware(starts) or now)
        attended[(ws_id, semester)].add(gathering_id)
        seen.add(semester)
    joined: dict[str, list[datetime]] = defaultdict(list)
    for ws_id, at in await session.execute(
        select(Membership.workspace_id, Membership.created_at).where(
            Membership.workspace_id.in_(ids)
        )
    ):
        joined[ws_id].append(_aware(at) or now)

    if cohort is not None:
        last = min(semesters.of_date(cohort.ends_on), current, key=semesters.order)
        seen.update(semesters.span(semesters.of_date(cohort.starts_on), last))
    figures: list[SemesterFigures] = []
    for semester in sorted(
        (s for s in seen if semesters.order(s) <= semesters.order(current)), key=semesters.order
    ):
        ends = semesters.end_utc(semester)
        present = [ws for ws, at in created.items() if at is None or at < ends]
        suppressed = len(present) < MIN_GROUP
        figures.append(
            SemesterFigures(
                semester=semesters.key(semester),
                year=semester[0],
                season=semester[1],
                workspaces=len(present),
                suppressed=suppressed,
                hours=None
                if suppressed
                else _summary(hours.get((ws, semester), 0.0) for ws in present),
                people=None
                if suppressed
                else _summary(
                    float(sum(1 for at in joined.get(ws, []) if at < ends)) for ws in present
                ),
                gatherings_attended=None
                if suppressed
                else _summary(float(len(attended.get((ws, semester), set()))) for ws in present),
            )
        )
    return WhatItTook(
        cohort=CohortRef(id=cohort.id, name=cohort.name) if cohort else None,
        cohorts=[CohortRef(id=c.id, name=c.name) for c in cohorts],
        min_group=MIN_GROUP,
        semesters=figures,
        notes=[
            "Spring is January–June and autumn July–December, in Norwegian time.",
            "Hours are the hours logged on action-learning cycles, counted in the semester "
            "the cycle was created.",
            "People are the members of each pilot workspace at the end of the semester.",
            "Gatherings are the gatherings at least one member attended (checked in).",
            f"Semesters with fewer than {MIN_GROUP} pilot workspaces are not shown, so no "
            "single workspace can be recognised.",
        ],
    )
