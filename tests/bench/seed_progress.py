"""Bench data for the progress domain: a workspace whose report has 50 cycles.

The programme overview reads the 400 workspaces (and their cycles, entries, measures,
registrations) that `seed_network`, `seed_learning` and `seed_gatherings` made. This hook
adds one more pilot workspace, "Rapportvik", built for the report: 50 cycles with all four
phases written (three to six sentences each), hours on each, a project with an aim and
four partners, three measures with 40 weekly points each (a level shift halfway), three
semesters of self-assessment, registrations to the cohort's past gatherings, and an
interim report choosing all 50 cycles over a period that covers them. The report's id is
published as `{report_id}`; the demo pilot is made a member of the workspace.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from samklang.auth.models import User
from samklang.gatherings.models import Gathering
from samklang.learning.models import (
    PHASES,
    Assessment,
    Cycle,
    Direction,
    Measure,
    MeasureKind,
    MeasurePoint,
    Project,
)
from samklang.network.models import Membership, Workspace, WorkspaceMunicipality
from samklang.progress.models import Report

if TYPE_CHECKING:  # seeders imports this module to register the hook
    from seeders import SeedContext

REPORT_CYCLES = 50
POINTS = 40
SEED = 8
PILOT_EMAIL = "pilot@demo.samklang.no"
CYCLE_TITLES = (
    "Korps i skolegården", "Kulturskoletime på helsestasjonen", "Ungdommens scene på biblioteket",
    "Eldre og unge synger sammen", "Felles øving med 5. trinn", "Åpent verksted etter skoletid",
)  # fmt: skip
CYCLE_SENTENCES = (
    "Vi prøver ut en fast ukentlig økt sammen med grunnskolen.",
    "Kontaktlærer og kulturskolelærer planlegger hver økt sammen.",
    "Vi teller hvor mange elever som møter, og spør dem hva de likte.",
    "Rektor har satt av tid i timeplanen til samarbeidet.",
    "Tre elever som ikke går i kulturskolen i dag, ble med fra første gang.",
    "Det fungerte best når økten lå rett etter lunsj; vi justerer og prøver igjen.",
)
MEASURES = (
    ("Elever som deltar på åpent verksted", "elever", MeasureKind.outcome, Direction.up),
    ("Økter gjennomført som planlagt", "økter", MeasureKind.process, Direction.up),
    ("Timer brukt på planlegging", "timer", MeasureKind.balancing, Direction.down),
)


class SeedError(RuntimeError):
    """The progress seed could not run."""


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _prose(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(CYCLE_SENTENCES) for _ in range(sentences))


async def _insert(conn: AsyncConnection, cohort_id: str | None) -> str:
    rng = random.Random(SEED)  # noqa: S311 - bench data, not security
    now = datetime.now(UTC)
    pilot = await conn.scalar(select(User.id).where(User.email == PILOT_EMAIL))
    if pilot is None:
        raise SeedError("the demo pilot is missing: seed_demo must run first")
    number = await conn.scalar(text("SELECT number FROM municipalities ORDER BY number LIMIT 1"))
    ws_id = _id(rng)
    created = now - timedelta(days=540)
    await conn.execute(
        insert(Workspace),
        [
            {
                "id": ws_id,
                "name": "Rapportvik",
                "slug": "rapportvik-bench",
                "sort_name": "rapportvik",
                "tier": "pilot",
                "status": "active",
                "cohort_id": cohort_id,
                "description": "",
                "created_at": created,
                "updated_at": created,
            }
        ],
    )
    await conn.execute(
        insert(WorkspaceMunicipality),
        [{"workspace_id": ws_id, "municipality_number": number, "position": 0}],
    )
    await conn.execute(
        insert(Membership),
        [
            {
                "id": _id(rng),
                "workspace_id": ws_id,
                "user_id": pilot,
                "role": "coordinator",
                "function": "culture_school_leader",
                "created_at": created,
                "updated_at": created,
            }
        ],
    )
    await conn.execute(
        insert(Project),
        [
            {
                "workspace_id": ws_id,
                "aim_what": "Alle elever på 1.–7. trinn skal få minst én kulturskoletime i uka "
                "innen utgangen av skoleåret, og flere av dem skal fortsette i kulturskolen.",
                "aim_for_whom": "Elever på barnetrinnet og lærerne deres",
                "aim_by_when": (now + timedelta(days=200)).date(),
                "focus_areas": ["kulturskoletime", "samskaping"],
                "partners": [
                    {"name": name, "sector": sector, "role": "Samarbeidspartner"}
                    for name, sector in (
                        ("Rapportvik barneskole", "school"),
                        ("Biblioteket", "library"),
                        ("Helsestasjonen", "health"),
                        ("Rapportvik musikkorps", "volunteer"),
                    )
                ],
                "visibility": "network",
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        ],
    )
    cycles: list[dict[str, Any]] = []
    for i in range(REPORT_CYCLES):
        started = created + timedelta(days=10 * i)
        reached = 4 if i < 40 else i % 4
        dates = {p.value: started + timedelta(days=7 * k) for k, p in enumerate(PHASES)}
        cycles.append(
            {
                "id": _id(rng),
                "workspace_id": ws_id,
                "title": f"{rng.choice(CYCLE_TITLES)} ({i + 1})",
                "phase": PHASES[reached].value,
                **{
                    p.value: _prose(rng, rng.randint(3, 6)) if k <= reached else ""
                    for k, p in enumerate(PHASES[:4])
                },
                **{
                    f"{p.value}_at": dates[p.value] if k <= reached else None
                    for k, p in enumerate(PHASES)
                },
                "hours_spent": round(rng.uniform(2, 30), 1),
                "gathering_id": None,
                "visibility": rng.choice(("workspace", "network")),
                "version": 1,
                "created_by_id": pilot,
                "updated_by_id": pilot,
                "created_at": started,
                "updated_at": started + timedelta(days=30),
            }
        )
    await conn.execute(insert(Cycle), cycles)
    measures: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    first_day = (now - timedelta(weeks=POINTS)).date()
    for name, unit, kind, direction in MEASURES:
        m_id = _id(rng)
        measures.append(
            {
                "id": m_id,
                "workspace_id": ws_id,
                "name": name,
                "unit": unit,
                "kind": kind.value,
                "direction": direction.value,
                "baseline": 10.0,
                "target": 18.0,
                "description": "",
                "visibility": "network",
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        for week in range(POINTS):
            level = 10 if week < POINTS // 2 else 16
            points.append(
                {
                    "id": _id(rng),
                    "measure_id": m_id,
                    "date": first_day + timedelta(weeks=week),
                    "value": level + rng.randint(-2, 2),
                    "note": "",
                    "created_at": now,
                    "created_by_id": pilot,
                }
            )
    await conn.execute(insert(Measure), measures)
    await conn.execute(insert(MeasurePoint), points)
    this_year = now.year
    await conn.execute(
        insert(Assessment),
        [
            {
                "id": _id(rng),
                "workspace_id": ws_id,
                "semester": label,
                "score": score,
                "evidence": "Vi har prøvd ut endringer og målt hver uke.",
                "visibility": "network",
                "created_by_id": pilot,
                "created_at": now,
                "updated_at": now,
            }
            for label, score in (
                (f"Vår {this_year - 1}", 1.5),
                (f"Høst {this_year - 1}", 2.5),
                (f"Vår {this_year}", 3.0),
            )
        ],
    )
    past = list(
        await conn.scalars(
            select(Gathering.id).where(Gathering.starts_at < now, Gathering.cancelled.is_(False))
        )
    )
    if past:
        await conn.execute(
            text(
                "INSERT INTO registrations (id, gathering_id, user_id, workspace_id, mode,"
                " status, diet, accessibility, attended, created_at, updated_at)"
                " VALUES (:id, :g, :u, :w, 'in_person', 'confirmed', '', '', :a, :t, :t)"
                " ON CONFLICT (gathering_id, user_id) DO NOTHING"
            ),
            [
                {"id": _id(rng), "g": g, "u": pilot, "w": ws_id, "a": i % 3 != 0, "t": now}
                for i, g in enumerate(past)
            ],
        )
    report_id = _id(rng)
    await conn.execute(
        insert(Report),
        [
            {
                "id": report_id,
                "workspace_id": ws_id,
                "kind": "interim",
                "title": "Delrapport – Rapportvik",
                "period_start": created.date() - timedelta(days=1),
                "period_end": now.date() + timedelta(days=1),
                "foreword": "Rapporten viser **alle** syklusene våre så langt.\n\n"
                + _prose(rng, 6),
                "cycle_ids": [c["id"] for c in cycles],
                "visibility": "workspace",
                "version": 1,
                "created_by_id": pilot,
                "updated_by_id": pilot,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    await conn.execute(text("ANALYZE reports"))
    return report_id


async def _run(database_url: str, cohort_id: str | None) -> str:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            return await _insert(conn, cohort_id)
    finally:
        await engine.dispose()


def seed_progress(ctx: SeedContext) -> None:
    """A pilot workspace with 50 written cycles, 3 measures and a report choosing them all."""
    started = time.monotonic()
    ctx.values["report_id"] = asyncio.run(_run(ctx.database_url, ctx.values.get("cohort_id")))
    ctx.values["report_cycles"] = str(REPORT_CYCLES)
    print(
        f"bench:   progress: a report over {REPORT_CYCLES} cycles in "
        f"{time.monotonic() - started:.1f}s",
        flush=True,
    )
