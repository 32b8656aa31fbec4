"""Data for the benchmark database, loaded after `samklang migrate` and before the server starts.

A seed hook is a function ``(SeedContext) -> None``. Append it to `SEED_HOOKS`.
It gets the database URL (SQLAlchemy form and plain asyncpg DSN), can run the
`samklang` CLI with the bench environment, and can publish facts for endpoint
paths through ``ctx.values`` (e.g. ``ctx.values["workspace_id"] = "..."``).

For volume data (thousands of rows), write a generator here that inserts in bulk
(``asyncio.run(...)`` inside the hook): `seed_network` builds plain row dicts with a
fixed random seed and inserts them with SQLAlchemy Core (one executemany per table,
one transaction) in under a second; `seed_learning` does the same for 20,000 cycles and
200,000 log entries, in batches of `BATCH` rows.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from samklang.auth.models import Locale, Role, User
from samklang.core.text import norwegian_key, slugify
from samklang.gatherings.models import (
    AgendaItem,
    Gathering,
    Mode,
    Registration,
    RegistrationStatus,
    SeatPool,
)
from samklang.learning.models import (
    PHASES,
    Cycle,
    CycleMeasure,
    Direction,
    Entry,
    Measure,
    MeasureKind,
    MeasurePoint,
)
from samklang.network.models import (
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    Cohort,
    Criterion,
    MemberFunction,
    Membership,
    Municipality,
    Outcome,
    Score,
    Tier,
    Workspace,
    WorkspaceMentor,
    WorkspaceMunicipality,
    WorkspaceRole,
    WorkspaceStatus,
)
from seed_knowledge import seed_knowledge
from seed_notifications import seed_notifications
from seed_progress import seed_progress
from seed_sharing import seed_sharing


class SeedError(RuntimeError):
    """A seed step failed."""


@dataclass
class SeedContext:
    database_url: str  # postgresql+asyncpg://... as the app reads it
    dsn: str  # postgresql://... for asyncpg / psql
    env: Mapping[str, str]  # the environment the server runs with
    samklang_bin: Path
    cwd: Path
    values: dict[str, str] = field(default_factory=dict)

    def samklang(self, *args: str) -> str:
        """Run the samklang CLI against the bench database; return its stdout."""
        result = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            [str(self.samklang_bin), *args],
            cwd=self.cwd,
            env=dict(self.env),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SeedError(
                f"samklang {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout


SeedHook = Callable[[SeedContext], None]


def seed_demo(ctx: SeedContext) -> None:
    """The demo network and its four accounts (password samklang-demo)."""
    ctx.samklang("seed-demo")


# --------------------------------------------------------------------------- network volume

WORKSPACES = 400
APPLICATIONS = 2000
APPLICANTS = 1200  # so most applicants have one or two applications, a few more
MENTORS = 12  # plus the demo mentor
EXTRA_REVIEWERS = 2  # admins who score besides the demo admin
RANDOM_SEED = 20261126  # the same data on every run
BENCH_COHORT = "Kull 2026–2028"

FIRST_NAMES = (
    "Åse", "Bjørn", "Kari", "Ola", "Ingrid", "Håkon", "Solveig", "Øystein", "Marit", "Lars",
    "Ærling", "Sigrid", "Tor", "Ragnhild", "Eirik", "Liv", "Jørgen", "Astrid", "Nils", "Hanne",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Johannessen", "Åsheim", "Ødegård",
    "Bakken", "Sæther", "Lie", "Dahl",
)  # fmt: skip
SENTENCES = (
    "Kulturskolen og grunnskolen vil planlegge undervisning sammen.",
    "Vi ønsker å nå elever som i dag ikke deltar i kulturskolen.",
    "Lærerne trenger tid og rom til å prøve ut nye arbeidsmåter.",
    "Skoleeier har forankret arbeidet i kommunens planverk.",
    "Vi samarbeider med det lokale kulturlivet og frivilligheten.",
    "Avstandene er store, og mange elever har lang skolevei.",
    "Målet er et varig samarbeid, ikke et enkeltstående prosjekt.",
    "Erfaringene skal deles med nabokommunene i regionen.",
)
SEMESTERS = ["Høst 2026", "Vår 2027", "Høst 2027", "Vår 2028"]
CRITERIA = (
    ("Forankring", "Skoleeier og kulturskole står bak søknaden.", 2.0),
    ("Lokal utfordring", "Søknaden beskriver en konkret lokal utfordring.", 1.0),
    ("Samarbeid", "Planlagte partnere og tid til samarbeid.", 1.0),
)


def _id() -> str:
    return str(uuid.uuid4())


def _joint_name(names: Sequence[str]) -> str:
    """As samklang.network.service.joint_name: 'Hyllestad og Fjaler'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


@dataclass
class _Rows:
    """Everything to insert, table by table, in foreign-key order."""

    users: list[dict[str, Any]] = field(default_factory=list)
    cohorts: list[dict[str, Any]] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)
    workspaces: list[dict[str, Any]] = field(default_factory=list)
    workspace_municipalities: list[dict[str, Any]] = field(default_factory=list)
    workspace_mentors: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    application_municipalities: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    emails: int = 0

    def user(self, rng: random.Random, now: datetime, role: Role, kind: str) -> str:
        self.emails += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        user_id = _id()
        self.users.append(
            {
                "id": user_id,
                "email": f"{slugify(first)}.{slugify(last)}.{kind}{self.emails}@bench.samklang.no",
                "name": f"{first} {last}",
                "role": role.value,
                "locale": rng.choices([loc.value for loc in Locale], weights=[8, 1, 1])[0],
                "password_hash": None,
                "is_active": True,
                "created_at": now,
                "updated_at": now,
            }
        )
        return user_id


def _network_rows(
    rng: random.Random,
    municipalities: list[tuple[str, str]],
    demo: Mapping[str, str],
    now: datetime,
    taken_slugs: set[str],
) -> _Rows:
    rows = _Rows()

    cohort_id = _id()
    rows.cohorts.append(
        {
            "id": cohort_id,
            "name": BENCH_COHORT,
            "starts_on": date(2026, 8, 1),
            "ends_on": date(2028, 6, 30),
            "semesters": SEMESTERS,
            "applications_open_at": now - timedelta(days=200),
            "applications_close_at": now + timedelta(days=30),
            "description": _text(rng, 3),
            "created_at": now - timedelta(days=210),
            "updated_at": now - timedelta(days=210),
        }
    )
    criterion_ids = []
    for position, (title, description, weight) in enumerate(CRITERIA):
        criterion_ids.append(_id())
        rows.criteria.append(
            {
                "id": criterion_ids[-1],
                "cohort_id": cohort_id,
                "title": title,
                "description": description,
                "weight": weight,
                "position": position,
            }
        )

    mentors = [demo["veileder@demo.samklang.no"]]
    mentors += [rows.user(rng, now, Role.mentor, "mentor") for _ in range(MENTORS)]
    reviewers = [demo["admin@demo.samklang.no"]]
    reviewers += [rows.user(rng, now, Role.admin, "admin") for _ in range(EXTRA_REVIEWERS)]

    # Workspaces: named after their municipalities, as decisions name them.
    slugs = set(taken_slugs)  # seed-demo's workspaces (Bodø, Osterøy, ...) come first
    by_tier: dict[str, list[str]] = {Tier.pilot.value: [], Tier.observer.value: []}
    functions = [f.value for f in MemberFunction]
    for _ in range(WORKSPACES):
        picked = rng.sample(municipalities, rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
        name = _joint_name([n for _, n in picked])
        slug, n = slugify(name), 1
        while slug in slugs:
            n += 1
            slug = f"{slugify(name)}-{n}"
        slugs.add(slug)
        tier = rng.choices([Tier.pilot, Tier.observer], weights=[45, 55])[0].value
        created = now - timedelta(days=rng.uniform(1, 400))
        workspace_id = _id()
        by_tier[tier].append(workspace_id)
        rows.workspaces.append(
            {
                "id": workspace_id,
                "name": name,
                "slug": slug,
                "sort_name": norwegian_key(name),
                "tier": tier,
                "status": rng.choices(list(WorkspaceStatus), weights=[85, 5, 10])[0].value,
                "cohort_id": cohort_id if tier == Tier.pilot or rng.random() < 0.5 else None,
                "description": _text(rng, rng.randint(1, 4)),
                "created_at": created,
                "updated_at": created,
            }
        )
        rows.workspace_municipalities += [
            {"workspace_id": workspace_id, "municipality_number": number, "position": i}
            for i, (number, _) in enumerate(picked)
        ]
        if tier == Tier.pilot:
            rows.workspace_mentors.append(
                {"workspace_id": workspace_id, "user_id": rng.choice(mentors)}
            )
        for i in range(rng.randint(3, 5)):
            rows.memberships.append(
                {
                    "id": _id(),
                    "workspace_id": workspace_id,
                    "user_id": rows.user(rng, now, Role.member, "member"),
                    "role": (WorkspaceRole.coordinator if i == 0 else WorkspaceRole.member).value,
                    "function": rng.choice(functions),
                    "created_at": created,
                    "updated_at": created,
                }
            )

    # Applications: drafts, submitted ones (some scored) and decided ones.
    applicants = [rows.user(rng, now, Role.member, "applicant") for _ in range(APPLICANTS)]
    for _ in range(APPLICATIONS):
        application_id = _id()
        status = rng.choices(list(ApplicationStatus), weights=[25, 40, 35])[0]
        created = now - timedelta(days=rng.uniform(0, 180), seconds=rng.uniform(0, 86400))
        draft = status is ApplicationStatus.draft
        days = rng.randint(0, 90)
        submitted_at = None if draft else min(now, created + timedelta(days=rng.uniform(0, 20)))
        outcome: Outcome | None = None
        decided_at: datetime | None = None
        joined: str | None = None  # the workspace a pilot/observer decision put them in
        if status is ApplicationStatus.decided:
            assert submitted_at is not None
            outcome = rng.choices(list(Outcome), weights=[30, 40, 30])[0]
            decided_at = min(now, submitted_at + timedelta(days=rng.uniform(1, 30)))
            if outcome is not Outcome.declined:
                joined = rng.choice(by_tier[outcome.value])
        rows.applications.append(
            {
                "id": application_id,
                "cohort_id": cohort_id,
                "applicant_id": rng.choice(applicants),
                "status": status.value,
                "motivation": _text(rng, rng.randint(0 if draft else 3, 10)),
                "local_challenge": _text(rng, rng.randint(0 if draft else 2, 8)),
                "focus_area": _text(rng, rng.randint(0 if draft else 1, 3)),
                "planned_partners": _text(rng, rng.randint(0 if draft else 1, 4)),
                "anchoring_name": "" if draft else f"{rng.choice(LAST_NAMES)} kommune",
                "anchoring_role": "" if draft else "Kommunalsjef oppvekst",
                "anchoring_date": None if draft else date(2026, 3, 1) + timedelta(days=days),
                "hours_per_semester": None if draft else rng.choice([20, 40, 60, 80]),
                "team": [
                    {
                        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "email": f"team{rng.randint(1, 10**6)}@bench.samklang.no",
                        "function": rng.choice(functions),
                    }
                    for _ in range(rng.randint(0 if draft else 1, 4))
                ],
                "version": rng.randint(1, 8),
                "submitted_at": submitted_at,
                "outcome": outcome.value if outcome else None,
                "decision_message": _text(rng, 2) if outcome else None,
                "decided_at": decided_at,
                "decided_by_id": reviewers[0] if outcome else None,
                "workspace_id": joined,
                "created_at": created,
                "updated_at": decided_at or submitted_at or created,
            }
        )
        rows.application_municipalities += [
            {"application_id": application_id, "municipality_number": number, "position": i}
            for i, (number, _) in enumerate(rng.sample(municipalities, rng.randint(1, 2)))
        ]
        if draft:
            continue  # a draft cannot be scored
        for reviewer in rng.sample(reviewers, rng.randint(0, len(reviewers))):
            scored = min(now, (submitted_at or created) + timedelta(days=rng.uniform(0, 10)))
            rows.scores += [
                {
                    "id": _id(),
                    "application_id": application_id,
                    "criterion_id": criterion,
                    "reviewer_id": reviewer,
                    "score": rng.randint(0, 5),
                    "comment": _text(rng, 1) if rng.random() < 0.3 else "",
                    "created_at": scored,
                    "updated_at": scored,
                }
                for criterion in criterion_ids
            ]
    return rows


async def _insert_network(database_url: str) -> _Rows:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            return await _insert_network_in(conn)
    finally:
        await engine.dispose()


async def _insert_network_in(conn: AsyncConnection) -> _Rows:
    result = await conn.execute(
        select(Municipality.number, Municipality.name).order_by(Municipality.number)
    )
    municipalities = [(r.number, r.name) for r in result]
    if len(municipalities) < 3:
        raise SeedError(f"the registry has {len(municipalities)} municipalities; migrate first")
    result = await conn.execute(select(User.email, User.id).where(User.email.like("%@demo.%")))
    demo = {r.email: r.id for r in result}
    for needed in ("admin@demo.samklang.no", "veileder@demo.samklang.no"):
        if needed not in demo:
            raise SeedError(f"{needed} is missing: seed_demo must run before seed_network")

    taken = set(await conn.scalars(select(Workspace.slug)))
    rows = _network_rows(random.Random(RANDOM_SEED), municipalities, demo, datetime.now(UTC), taken)
    for model, values in (
        (User, rows.users),
        (Cohort, rows.cohorts),
        (Criterion, rows.criteria),
        (Workspace, rows.workspaces),
        (WorkspaceMunicipality, rows.workspace_municipalities),
        (WorkspaceMentor, rows.workspace_mentors),
        (Membership, rows.memberships),
        (Application, rows.applications),
        (ApplicationMunicipality, rows.application_municipalities),
        (Score, rows.scores),
    ):
        if values:
            await conn.execute(insert(model), values)  # executemany, batched insertmanyvalues
    # Planner statistics now, as a live database would have them (autovacuum may lag).
    await conn.execute(text("ANALYZE"))
    return rows


def seed_network(ctx: SeedContext) -> None:
    """400 workspaces (pilot/observer, 1-3 municipalities, 3-5 members, a mentor on pilots)
    and 2,000 applications (draft/submitted/decided, 0-3 reviewers' scores) in one cohort."""
    started = time.monotonic()
    rows = asyncio.run(_insert_network(ctx.database_url))
    ctx.values["cohort_id"] = rows.cohorts[0]["id"]
    print(
        f"bench:   {len(rows.workspaces)} workspaces, {len(rows.memberships)} memberships, "
        f"{len(rows.applications)} applications, {len(rows.scores)} scores, "
        f"{len(rows.users)} users in {time.monotonic() - started:.1f}s",
        flush=True,
    )


# --------------------------------------------------------------------------- action learning volume

CYCLES = 20_000  # over the WORKSPACES of seed_network, 50 on average
ENTRIES = 200_000  # over those cycles, 10 on average
BOARD_CYCLES = 50  # the benchmarked cycle board: a typical workspace
BOARD_ENTRIES = 500  # of which LONG_CYCLE_ENTRIES in one cycle, so a page of 100 is full
LONG_CYCLE_ENTRIES = 150
LONG_MEASURE_POINTS = 1000  # one measure of the board workspace, a daily series
LONG_MEASURE_CYCLES = 10  # board cycles linked to it (its chart's cycle marks)
BATCH = 5000  # rows per executemany
LEARNING_SEED = RANDOM_SEED + 1  # a stream of its own: the network data stays as it was
PILOT_EMAIL = "pilot@demo.samklang.no"
MENTOR_EMAIL = "veileder@demo.samklang.no"

VISIBILITIES = ("workspace", "network", "observers", "public")
CYCLE_VISIBILITY_WEIGHTS = (45, 35, 10, 10)
MEASURE_VISIBILITY_WEIGHTS = (40, 45, 5, 10)
PHASE_WEIGHTS = (15, 20, 15, 10, 40)  # plan, act, observe, reflect, done (as PHASES)
CYCLE_TITLES = (
    "Korps i skolegården", "Kulturskoletime på helsestasjonen", "Ungdommens scene på biblioteket",
    "Eldre og unge synger sammen", "Felles øving med 5. trinn", "Åpent verksted etter skoletid",
    "Rytmikk i barnehagen", "Band for nyankomne ungdommer", "Dans i kroppsøvingen",
    "Skrivekurs med bibliotekaren", "Visuell kunst i SFO", "Lærere som medspillere",
)  # fmt: skip
CYCLE_SENTENCES = (
    "Vi prøver ut en fast ukentlig økt sammen med grunnskolen.",
    "Kontaktlærer og kulturskolelærer planlegger hver økt sammen.",
    "Vi teller hvor mange elever som møter, og spør dem hva de likte.",
    "Rektor har satt av tid i timeplanen til samarbeidet.",
    "Tre elever som ikke går i kulturskolen i dag, ble med fra første gang.",
    "Det fungerte best når økten lå rett etter lunsj.",
    "Neste runde vil vi ha med helsesykepleier fra start.",
    "Vi justerer tidspunktet og prøver igjen i fire uker.",
)
LOG_SENTENCES = (
    "I dag kom det fjorten elever, fire flere enn forrige uke.",
    "Læreren fra grunnskolen ledet oppvarmingen selv for første gang.",
    "Vi måtte flytte til gymsalen fordi musikkrommet var opptatt.",
    "Foreldrene spurte om de kan være med neste gang.",
    "Elevene laget sin egen rytme og viste den til de andre.",
    "Vi glemte å telle deltakerne i starten; tallet er et anslag.",
    "Veilederen foreslo at vi skriver ned én observasjon etter hver økt.",
    "Biblioteket vil gjerne låne ut scenen også på lørdager.",
    "To av ungdommene tok ansvar for lyd og lys.",
    "Det var stille i starten, men etter ti minutter var alle med.",
    "Vi har snakket med kommunalsjefen om å gjøre dette fast.",
    "Neste gang prøver vi med mindre grupper og flere voksne.",
)
MEASURES = (
    ("Elever som deltar på åpent verksted", "elever", MeasureKind.outcome, Direction.up),
    ("Økter gjennomført som planlagt", "økter", MeasureKind.process, Direction.up),
    ("Timer brukt på planlegging", "timer", MeasureKind.balancing, Direction.down),
    ("Andel elever som vil fortsette", "%", MeasureKind.outcome, Direction.up),
    ("Lærere fra grunnskolen som deltar", "lærere", MeasureKind.process, Direction.up),
)


def _uuid(rng: random.Random) -> str:
    """A version-4 UUID from the seeded stream: the same ids on every run."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _prose(rng: random.Random, pool: Sequence[str], sentences: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(sentences))


def _afternoon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _log_body(rng: random.Random, phase: str) -> str:
    """A log entry in Markdown: prose, a bold lead or a short list (render() does work)."""
    style = rng.choices(("prose", "lead", "list"), weights=(5, 3, 2))[0]
    if style == "lead":
        return f"**{phase.capitalize()}:** {_prose(rng, LOG_SENTENCES, rng.randint(1, 4))}"
    if style == "list":
        items = "\n".join(f"- {s}" for s in rng.sample(LOG_SENTENCES, rng.randint(2, 4)))
        return f"{rng.choice(LOG_SENTENCES)}\n\n{items}"
    return _prose(rng, LOG_SENTENCES, rng.randint(1, 5))


@dataclass(frozen=True)
class _Space:
    """A seeded workspace as read back from the database."""

    id: str
    tier: str
    status: str
    created_at: datetime
    members: tuple[str, ...]  # user ids, coordinator first


@dataclass
class _Learning:
    """Action-learning rows, table by table, and the ids the endpoint specs need."""

    measures: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    cycles: list[dict[str, Any]] = field(default_factory=list)
    cycle_measures: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    board_workspace_id: str = ""
    board_cycle_id: str = ""  # the board's cycle with LONG_CYCLE_ENTRIES entries
    board_measure_id: str = ""  # the board's measure with LONG_MEASURE_POINTS points
    seconds: dict[str, float] = field(default_factory=dict)  # generate / insert / analyze


# When each reached phase of a cycle began and ended: (phase, start, end).
_Timeline = list[tuple[str, datetime, datetime]]


def _measure(
    rng: random.Random,
    rows: _Learning,
    space: _Space,
    now: datetime,
    points: int,
    *,
    daily: bool = False,
    what: tuple[str, str, MeasureKind, Direction] | None = None,
    visibility: str | None = None,
) -> str:
    """A measure with `points` weekly (or daily) points up to today, with a level shift."""
    name, unit, kind, direction = what or rng.choice(MEASURES)
    base = rng.uniform(5, 40)
    measure_id = _uuid(rng)
    created = space.created_at
    rows.measures.append(
        {
            "id": measure_id,
            "workspace_id": space.id,
            "name": name,
            "unit": unit,
            "kind": kind.value,
            "direction": direction.value,
            "baseline": round(base),
            "target": round(base * (1.3 if direction is Direction.up else 0.7)),
            "description": _prose(rng, CYCLE_SENTENCES, rng.randint(0, 3)),
            "visibility": visibility or rng.choices(VISIBILITIES, MEASURE_VISIBILITY_WEIGHTS)[0],
            "version": rng.randint(1, 3),
            "created_at": created,
            "updated_at": created,
        }
    )
    step = timedelta(days=1 if daily else 7)
    first = now.date() - step * (points - 1)
    shift_at = rng.randint(points // 3, 2 * points // 3)  # a level change: the chart has shifts
    for i in range(points):
        level = base * (1.25 if i >= shift_at else 1.0)
        rows.points.append(
            {
                "id": _uuid(rng),
                "measure_id": measure_id,
                "date": first + step * i,
                "value": round(max(0.0, rng.gauss(level, base * 0.08)), 1),
                "note": rng.choice(LOG_SENTENCES) if rng.random() < 0.05 else "",
                "created_at": min(now, max(created, _afternoon(first + step * i))),
                "created_by_id": rng.choice(space.members),
            }
        )
    return measure_id


def _cycle(
    rng: random.Random, space: _Space, now: datetime, reached: int | None = None
) -> tuple[dict[str, Any], _Timeline]:
    """A cycle that reached PHASES[reached], each phase entered at a later date than the
    one before, all between the workspace's creation and now."""
    if reached is None:
        reached = rng.choices(range(len(PHASES)), PHASE_WEIGHTS)[0]
    created = space.created_at + (now - space.created_at) * rng.random()
    span = now - created
    began = [created] + [created + span * m for m in sorted(rng.random() for _ in range(reached))]
    ends = [*began[1:], now]
    timeline = [(PHASES[i].value, began[i], ends[i]) for i in range(reached + 1)]
    texts = [_prose(rng, CYCLE_SENTENCES, rng.randint(1, 4)) for _ in range(4)]
    cycle = {
        "id": _uuid(rng),
        "workspace_id": space.id,
        "title": rng.choice(CYCLE_TITLES),
        "phase": PHASES[reached].value,
        **{p.value: (texts[i] if i <= reached else "") for i, p in enumerate(PHASES[:4])},
        **{f"{p.value}_at": (began[i] if i <= reached else None) for i, p in enumerate(PHASES)},
        "hours_spent": round(rng.uniform(0.5, 8) * (reached + 1), 1),
        "gathering_id": None,
        "visibility": rng.choices(VISIBILITIES, CYCLE_VISIBILITY_WEIGHTS)[0],
        "version": 1 + reached + rng.randint(0, 3),
        "created_by_id": space.members[0],
        "updated_by_id": rng.choice(space.members),
        "created_at": created,
        "updated_at": began[-1] + (now - began[-1]) * rng.random() * 0.3,
    }
    return cycle, timeline


def _entry(
    rng: random.Random, cycle: Mapping[str, Any], space: _Space, timeline: _Timeline, now: datetime
) -> dict[str, Any]:
    """A log entry written during one of the phases the cycle has been through
    (a finished cycle's log ends with its reflection)."""
    phase, start, end = rng.choice(timeline[:4])
    created = start + (end - start) * rng.random()
    edited = rng.random() < 0.15
    return {
        "id": _uuid(rng),
        "cycle_id": cycle["id"],
        "workspace_id": space.id,
        "phase": phase,
        "body": _log_body(rng, phase),
        "visibility": cycle["visibility"] if rng.random() < 0.8 else rng.choice(VISIBILITIES),
        "author_id": rng.choice(space.members),
        "version": rng.randint(2, 4) if edited else 1,
        "created_at": created,
        "updated_at": created + (now - created) * rng.random() * 0.2 if edited else created,
    }


def _spread(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """`total` items over len(weights) buckets, each item drawn by weight."""
    counts = [0] * len(weights)
    for i in rng.choices(range(len(weights)), weights, k=total):
        counts[i] += 1
    return counts


def _learning_rows(
    rng: random.Random, spaces: list[_Space], board: _Space, now: datetime
) -> _Learning:
    rows = _Learning(board_workspace_id=board.id)

    # Measures: a few per pilot, weekly points; the board's long daily series besides.
    measures_of: dict[str, list[str]] = {}
    for space in spaces:
        if space.tier == Tier.pilot.value:
            measures_of[space.id] = [
                _measure(rng, rows, space, now, rng.randint(8, 52))
                for _ in range(rng.randint(2, 4))
            ]
    rows.board_measure_id = _measure(
        rng,
        rows,
        board,
        now,
        LONG_MEASURE_POINTS,
        daily=True,
        what=("Elever på åpent verksted, per dag", "elever", MeasureKind.outcome, Direction.up),
        visibility="network",  # the demo pilot and mentor read it; so would other pilots
    )

    # Cycles: BOARD_CYCLES on the board, the rest by a skewed weight (pilots more).
    others = [s for s in spaces if s.id != board.id]
    weights = [
        rng.lognormvariate(0, 0.6)
        * (1.5 if s.tier == Tier.pilot.value else 1.0)
        * (0.4 if s.status == WorkspaceStatus.withdrawn.value else 1.0)
        for s in others
    ]
    per_space = _spread(rng, CYCLES - BOARD_CYCLES, weights)
    made: list[tuple[dict[str, Any], _Timeline, _Space]] = []
    for space, count in [(board, BOARD_CYCLES), *zip(others, per_space, strict=True)]:
        for i in range(count):
            # The board's first cycle is the long one: in reflection, with a long log.
            cycle, timeline = _cycle(rng, space, now, 3 if space is board and i == 0 else None)
            made.append((cycle, timeline, space))
            rows.cycles.append(cycle)
            mine = measures_of.get(space.id, [])
            if mine and rng.random() < 0.4:
                rows.cycle_measures += [
                    {"cycle_id": cycle["id"], "measure_id": m}
                    for m in rng.sample(mine, rng.randint(1, min(2, len(mine))))
                ]
    rows.board_cycle_id = made[0][0]["id"]
    rows.cycle_measures += [
        {"cycle_id": cycle["id"], "measure_id": rows.board_measure_id}
        for cycle, _, _ in rng.sample(made[:BOARD_CYCLES], LONG_MEASURE_CYCLES)
    ]

    # Entries: more in cycles that have come further.
    def weight(timeline: _Timeline) -> float:
        return min(len(timeline), 4) * rng.uniform(0.3, 1.7)

    board_rest = made[1:BOARD_CYCLES]
    rest = made[BOARD_CYCLES:]
    counts = [LONG_CYCLE_ENTRIES]
    counts += _spread(
        rng, BOARD_ENTRIES - LONG_CYCLE_ENTRIES, [weight(t) for _, t, _ in board_rest]
    )
    counts += _spread(rng, ENTRIES - BOARD_ENTRIES, [weight(t) for _, t, _ in rest])
    for (cycle, timeline, space), count in zip(made, counts, strict=True):
        rows.entries += [_entry(rng, cycle, space, timeline, now) for _ in range(count)]
    return rows


async def _read_spaces(conn: AsyncConnection) -> list[_Space]:
    """The workspaces seed_network made (their members have @bench addresses), by slug."""
    result = await conn.execute(
        select(Membership.workspace_id, Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(User.email.like("%@bench.samklang.no"))
        .order_by(Membership.workspace_id, Membership.role, User.email)
    )
    members: dict[str, list[str]] = {}
    for r in result:
        members.setdefault(r.workspace_id, []).append(r.user_id)
    result = await conn.execute(
        select(Workspace.id, Workspace.tier, Workspace.status, Workspace.created_at)
        .where(Workspace.id.in_(list(members)))
        .order_by(Workspace.slug)
    )
    return [_Space(r.id, r.tier, r.status, r.created_at, tuple(members[r.id])) for r in result]


async def _insert_batched(conn: AsyncConnection, model: type[Any], values: list[Any]) -> None:
    for start in range(0, len(values), BATCH):
        await conn.execute(insert(model), values[start : start + BATCH])


async def _insert_learning(database_url: str) -> _Learning:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            return await _insert_learning_in(conn)
    finally:
        await engine.dispose()


async def _insert_learning_in(conn: AsyncConnection) -> _Learning:
    spaces = await _read_spaces(conn)
    if len(spaces) < WORKSPACES:
        raise SeedError(f"found {len(spaces)} bench workspaces: seed_network must run first")
    result = await conn.execute(
        select(User.email, User.id).where(User.email.in_([PILOT_EMAIL, MENTOR_EMAIL]))
    )
    demo = {r.email: r.id for r in result}
    if len(demo) < 2:
        raise SeedError("the demo pilot or mentor is missing: seed_demo must run first")
    now = datetime.now(UTC)

    # The board: the first active pilot. The demo pilot joins it as a member, the demo
    # mentor mentors it, so both read everything in it as non-admins.
    board = next(
        s for s in spaces if s.tier == Tier.pilot.value and s.status == WorkspaceStatus.active
    )
    board = replace(board, members=(*board.members, demo[PILOT_EMAIL]))
    spaces = [board if s.id == board.id else s for s in spaces]
    await conn.execute(
        insert(Membership),
        {
            "id": str(uuid.uuid4()),
            "workspace_id": board.id,
            "user_id": demo[PILOT_EMAIL],
            "role": WorkspaceRole.member.value,
            "function": MemberFunction.teacher.value,
            "created_at": board.created_at,
            "updated_at": board.created_at,
        },
    )
    mentor = await conn.scalar(
        select(WorkspaceMentor.user_id).where(
            WorkspaceMentor.workspace_id == board.id,
            WorkspaceMentor.user_id == demo[MENTOR_EMAIL],
        )
    )
    if mentor is None:
        await conn.execute(
            insert(WorkspaceMentor), {"workspace_id": board.id, "user_id": demo[MENTOR_EMAIL]}
        )

    started = time.monotonic()
    rows = _learning_rows(random.Random(LEARNING_SEED), spaces, board, now)
    rows.seconds["generate"] = time.monotonic() - started
    started = time.monotonic()
    for model, values in (
        (Measure, rows.measures),
        (MeasurePoint, rows.points),
        (Cycle, rows.cycles),
        (CycleMeasure, rows.cycle_measures),
        (Entry, rows.entries),
    ):
        await _insert_batched(conn, model, values)
    rows.seconds["insert"] = time.monotonic() - started
    started = time.monotonic()
    await conn.execute(text("ANALYZE"))
    rows.seconds["analyze"] = time.monotonic() - started
    return rows


def seed_learning(ctx: SeedContext) -> None:
    """20,000 cycles (every phase and visibility) with 200,000 log entries over the
    workspaces of seed_network, a few measures per pilot, and the board the endpoint
    specs read: a pilot with 50 cycles and 500 entries (one cycle with 150), a measure
    with 1,000 points, the demo pilot as a member and the demo mentor as its mentor."""
    started = time.monotonic()
    rows = asyncio.run(_insert_learning(ctx.database_url))
    ctx.values["board_workspace_id"] = rows.board_workspace_id
    ctx.values["board_cycle_id"] = rows.board_cycle_id
    ctx.values["board_measure_id"] = rows.board_measure_id
    print(
        f"bench:   {len(rows.cycles)} cycles, {len(rows.entries)} entries, "
        f"{len(rows.measures)} measures, {len(rows.points)} points, "
        f"{len(rows.cycle_measures)} cycle links in {time.monotonic() - started:.1f}s "
        f"({', '.join(f'{k} {v:.1f}s' for k, v in rows.seconds.items())})",
        flush=True,
    )


# --------------------------------------------------------------------------- gatherings volume

GATHERINGS = 30  # over the cohort of seed_network, the benchmarked one included
GATHERINGS_FROM = -150  # days from now: the first one ...
GATHERINGS_TO = 450  # ... and the last; none within 2 days of now (the counts stay put)
CANCELLED = 3  # of the others
BIG_REGISTRATIONS = 400  # on the benchmarked gathering, the demo pilot and mentor included
BIG_OBSERVERS = 80  # of them from observer workspaces (online); the rest from pilots'
BIG_AGENDA = 8
BIG_POOLS = 2  # in-person seats shared by a few pilot workspaces each
BIG_CAPACITY = 150  # in-person seats: ~200 want one, so the rest wait
BIG_SEATS_PER_WORKSPACE = 3
BIG_STARTS_IN = 30  # days from now
GATHERINGS_SEED = RANDOM_SEED + 2  # a stream of its own: the other data stays as it was

# (title prefix, hours, in person, open to observers), and how often each kind occurs
GATHERING_KINDS = (
    ("Samling", 31, True, False),
    ("Digitalt nettverksmøte", 2, False, True),
    ("Webinar", 1.5, False, True),
)
GATHERING_KIND_WEIGHTS = (4, 3, 2)
GATHERING_TOPICS = (
    "Oppstart for pilotkommunene", "Aksjonslæring i praksis", "Samskaping med helse",
    "Ungdom som medskapere", "Kulturskolen i SFO", "Deling av erfaringer",
    "Måling som hjelper", "Forankring hos skoleeier", "Veien videre etter piloten",
)  # fmt: skip
GATHERING_GOALS = (
    "Dele erfaringer fra syklusene så langt",
    "Planlegge neste syklus sammen med veileder",
    "Møte andre kommuner med samme utfordring",
    "Lære mer om måling og forbedring",
    "Høre hvordan skoleeier kan forankre arbeidet",
    "Prøve ut nye arbeidsmåter i verksted",
)
AGENDA_TITLES = (
    "Hva er aksjonslæring?", "Erfaringer fra pilotene", "Gruppearbeid: neste syklus",
    "Lunsj", "Innlegg: Samskaping i praksis", "Paneldebatt med skoleeiere",
    "Kulturelt innslag", "Verksted: måling som hjelper", "Kaffe og mingling",
    "Veiledning i arbeidsrommene",
)  # fmt: skip
AGENDA_LEADS = ("Prosjektteamet", "Vera Veileder", "Kulturskolerådet", "Pilotkommunene", "")
VENUES = (
    ("Scandic Lerkendal", "Klæbuveien 127, 7031 Trondheim"),
    ("Quality Hotel Expo", "Snarøyveien 32, 1364 Fornebu"),
    ("Thon Hotel Nordlys", "Moloveien 14, 8003 Bodø"),
    ("Clarion Hotel Bergen Airport", "Flyplassvegen 551, 5258 Blomsterdalen"),
)
DIETS = ("", "Vegetar", "Glutenfri", "Laktosefri", "Allergisk mot nøtter")
DIET_WEIGHTS = (80, 9, 5, 5, 1)
MODE_WEIGHTS = (65, 25, 10)  # a pilot's member at an in-person gathering, as Mode


@dataclass(frozen=True)
class _Person:
    """Someone who can register: a member of a seeded workspace (or a demo account)."""

    user_id: str
    workspace_id: str | None
    observer: bool


@dataclass
class _Seats:
    """The in-person seats of one gathering, handed out in registration order by the
    rules of samklang.gatherings.registration._has_seat (capacity, seat pools, per workspace)."""

    capacity: int | None
    per_workspace: int | None
    pools: list[tuple[str, int, frozenset[str]]] = field(default_factory=list)
    taken: int = 0
    by_group: dict[str, int] = field(default_factory=dict)

    def take(self, workspace_id: str | None) -> bool:
        if self.capacity is not None and self.taken >= self.capacity:
            return False
        group, seats = None, None
        if workspace_id is not None:
            pool = next((p for p in self.pools if workspace_id in p[2]), None)
            group, seats = (pool[0], pool[1]) if pool else (workspace_id, self.per_workspace)
        if group is not None and seats is not None:
            if self.by_group.get(group, 0) >= seats:
                return False
            self.by_group[group] = self.by_group.get(group, 0) + 1
        self.taken += 1
        return True


@dataclass
class _Gatherings:
    """Gathering rows, table by table, and what the endpoint specs need."""

    gatherings: list[dict[str, Any]] = field(default_factory=list)
    agenda_items: list[dict[str, Any]] = field(default_factory=list)
    seat_pools: list[dict[str, Any]] = field(default_factory=list)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    big_id: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # published: listed gatherings


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _materials(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """As the API stores them (Material.model_dump(mode="json"))."""
    titles = ("Presentasjon (PDF)", "Program", "Oppgave til gruppearbeidet", "Opptak")
    return [
        {
            "title": title,
            "url": f"https://samklang.example.no/materiell/{_uuid(rng)}",
            "file_id": None,
        }
        for title in rng.sample(titles, count)
    ]


def _gathering(
    rng: random.Random,
    cohort_id: str,
    kind: tuple[str, float, bool, bool],
    title: str,
    starts: datetime,
    now: datetime,
    *,
    cancelled: bool = False,
    capacity: int | None = None,
    seats: int | None = None,
) -> dict[str, Any]:
    _, hours, in_person, observers = kind
    place, address = rng.choice(VENUES) if in_person else ("", "")
    created = min(now - timedelta(days=1), starts - timedelta(days=rng.uniform(45, 120)))
    sequence = rng.choice((0, 0, 1, 2)) + (1 if cancelled else 0)
    practical = (
        "Vi dekker lunsj og middag; reisen bestiller dere selv."
        if in_person
        else "Lenken til møtet står i kalenderinvitasjonen."
    )
    description = "\n\n".join(
        [
            *(["**Avlyst.** Vi kommer tilbake med ny dato."] if cancelled else []),
            _prose(rng, CYCLE_SENTENCES, rng.randint(2, 4)),
            f"**Praktisk:** {practical}",
            "\n".join(f"- {goal}" for goal in rng.sample(GATHERING_GOALS, 3)),
        ]
    )
    return {
        "id": _uuid(rng),
        "cohort_id": cohort_id,
        "title": title,
        "description": description,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
        "place": place,
        "address": address,
        "online_url": f"https://meet.example.no/{slugify(title)}",
        "open_to_observers": observers,
        "capacity": capacity,
        "seats_per_workspace": seats,
        "registration_deadline": starts - timedelta(days=7) if in_person else None,
        "materials": _materials(rng, rng.randint(0, 3)),
        "cancelled": cancelled,
        "sequence": sequence,
        "created_at": created,
        "updated_at": created + (now - created) * rng.uniform(0.1, 0.5) if sequence else created,
    }


def _agenda(rng: random.Random, gathering: Mapping[str, Any], count: int) -> list[dict[str, Any]]:
    """Welcome first, a summing-up last; a two-day gathering's items over both days."""
    starts: datetime = gathering["starts_at"]
    length: timedelta = gathering["ends_at"] - starts
    days = [starts] if length <= timedelta(hours=8) else [starts, starts + timedelta(hours=23)]
    window = min(length, timedelta(hours=8))
    titles = ["Velkommen", *rng.sample(AGENDA_TITLES, count - 2), "Oppsummering og veien videre"]
    items: list[dict[str, Any]] = []
    for d, day_start in enumerate(days):
        n = count // len(days) + (1 if d < count % len(days) else 0)
        step = max(15, int(window.total_seconds() // 60 // n) // 15 * 15)  # minutes
        for i in range(n):
            items.append(
                {
                    "id": _uuid(rng),
                    "gathering_id": gathering["id"],
                    "starts_at": day_start + timedelta(minutes=step * i),
                    "title": titles[len(items)],
                    "lead": rng.choice(AGENDA_LEADS),
                    "materials": _materials(rng, 1) if rng.random() < 0.3 else [],
                    "position": len(items),
                }
            )
    return items


def _registrations(
    rng: random.Random,
    gathering: Mapping[str, Any],
    entrants: Sequence[tuple[_Person, str]],
    seats: _Seats,
    now: datetime,
) -> list[dict[str, Any]]:
    """One registration per (person, mode), in this order, each confirmed or put on the
    waiting list as the API would have done at the time."""
    opened: datetime = gathering["created_at"]
    closes = min(now, gathering["registration_deadline"] or gathering["starts_at"])
    times = sorted(opened + (closes - opened) * rng.random() for _ in entrants)
    past = gathering["ends_at"] < now
    rows = []
    for (person, mode), created in zip(entrants, times, strict=True):
        in_person = mode == Mode.in_person.value
        seated = in_person and seats.take(person.workspace_id)
        waiting = in_person and not seated
        rows.append(
            {
                "id": _uuid(rng),
                "gathering_id": gathering["id"],
                "user_id": person.user_id,
                "workspace_id": person.workspace_id,
                "mode": mode,
                "status": (
                    RegistrationStatus.waiting if waiting else RegistrationStatus.confirmed
                ).value,
                "diet": rng.choices(DIETS, DIET_WEIGHTS)[0] if in_person else "",
                "accessibility": "Trenger trinnfri adkomst"
                if in_person and rng.random() < 0.03
                else "",
                "waiting_since": created if waiting else None,
                "attended": (rng.random() < 0.9) if past and seated else None,
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def _mode(rng: random.Random, person: _Person, in_person: bool) -> str:
    if person.observer or not in_person:
        return rng.choices((Mode.online.value, Mode.not_attending.value), (85, 15))[0]
    return rng.choices([m.value for m in Mode], MODE_WEIGHTS)[0]


def _gathering_rows(
    rng: random.Random,
    cohort_id: str,
    spaces: list[_Space],
    pilot: _Person,
    mentor: _Person,
    now: datetime,
) -> _Gatherings:
    rows = _Gatherings()
    live = [s for s in spaces if s.status != WorkspaceStatus.withdrawn.value]
    pilots = [
        _Person(u, s.id, False) for s in live if s.tier == Tier.pilot.value for u in s.members
    ]
    observers = [
        _Person(u, s.id, True) for s in live if s.tier != Tier.pilot.value for u in s.members
    ]
    if len(pilots) + len(observers) < BIG_REGISTRATIONS:
        raise SeedError("too few workspace members for the benchmarked gathering")

    # The schedule: the others spread over the cohort, the benchmarked one a month ahead.
    span = GATHERINGS_TO - GATHERINGS_FROM
    days = [
        GATHERINGS_FROM + span * (i + rng.random()) / (GATHERINGS - 1)
        for i in range(GATHERINGS - 1)
    ]
    days = [d + 4 if -2 < d < 2 else d for d in days]
    kinds = rng.choices(GATHERING_KINDS, GATHERING_KIND_WEIGHTS, k=len(days))
    big = len(days)
    days.append(BIG_STARTS_IN)
    kinds.append(GATHERING_KINDS[0])
    cancelled = set(rng.sample(range(big), CANCELLED))
    order = sorted(range(len(days)), key=lambda i: days[i])
    number = 0
    for i in order:
        kind = kinds[i]
        in_person = kind[2]
        number += in_person
        title = f"{kind[0]} {number}" if in_person else kind[0]
        starts = _at((now + timedelta(days=days[i])).date(), 8 if in_person else 12)
        capacity, per_workspace = None, None
        if in_person:
            capacity, per_workspace = (
                (BIG_CAPACITY, BIG_SEATS_PER_WORKSPACE)
                if i == big
                else (rng.choice((80, 100, 120)), rng.choice((3, 4)))
            )
        g = _gathering(
            rng,
            cohort_id,
            kind,
            f"{title}: {rng.choice(GATHERING_TOPICS)}",
            starts,
            now,
            cancelled=i in cancelled,
            capacity=capacity,
            seats=per_workspace,
        )
        rows.gatherings.append(g)
        rows.agenda_items += _agenda(rng, g, BIG_AGENDA if i == big else rng.randint(3, 7))
        seats = _Seats(g["capacity"], g["seats_per_workspace"])
        if i == big:
            rows.big_id = g["id"]
            in_order = list(dict.fromkeys(q.workspace_id or "" for q in pilots))  # by slug
            pooled = rng.sample(in_order, 4 * BIG_POOLS)
            for p in range(BIG_POOLS):
                members = frozenset(pooled[4 * p : 4 * p + 4])  # a workspace in one pool only
                pool_id = _uuid(rng)
                seats.pools.append((pool_id, 6, members))
                rows.seat_pools.append(
                    {
                        "id": pool_id,
                        "gathering_id": g["id"],
                        "name": f"Felles plasser, region {p + 1}",
                        "seats": 6,
                        "workspace_ids": sorted(members),
                    }
                )
            people = rng.sample(pilots, BIG_REGISTRATIONS - BIG_OBSERVERS - 2)
            people += rng.sample(observers, BIG_OBSERVERS)
            rng.shuffle(people)
            entrants = [(q, _mode(rng, q, True)) for q in people]
            entrants.insert(40, (mentor, Mode.in_person.value))  # early: a seat
            entrants.append((pilot, Mode.in_person.value))  # last: on the waiting list
        else:
            past = g["ends_at"] < now
            pool = pilots + (observers if g["open_to_observers"] else [])
            people = rng.sample(pool, rng.randint(30, 140) if past else rng.randint(0, 90))
            entrants = [(q, _mode(rng, q, in_person)) for q in people]
            for demo, share in ((pilot, 0.4), (mentor, 0.3)):
                if rng.random() < share:
                    mode = Mode.in_person if in_person else Mode.online
                    entrants.insert(rng.randint(0, len(entrants)), (demo, mode.value))
        rows.registrations += _registrations(rng, g, entrants, seats, now)
    return rows


async def _insert_gatherings(database_url: str, cohort_id: str | None) -> _Gatherings:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            return await _insert_gatherings_in(conn, cohort_id)
    finally:
        await engine.dispose()


async def _insert_gatherings_in(conn: AsyncConnection, cohort_id: str | None) -> _Gatherings:
    spaces = await _read_spaces(conn)
    if len(spaces) < WORKSPACES:
        raise SeedError(f"found {len(spaces)} bench workspaces: seed_network must run first")
    cohort_id = cohort_id or await conn.scalar(select(Cohort.id).where(Cohort.name == BENCH_COHORT))
    if cohort_id is None:
        raise SeedError("the bench cohort is missing: seed_network must run first")
    result = await conn.execute(
        select(User.email, User.id).where(User.email.in_([PILOT_EMAIL, MENTOR_EMAIL]))
    )
    demo = {r.email: r.id for r in result}
    if len(demo) < 2:
        raise SeedError("the demo pilot or mentor is missing: seed_demo must run first")
    # The workspace on the pilot's registrations: the API takes the first of theirs by id
    # (random here), so the first by slug, for the same seats on every run.
    pilot_space = await conn.scalar(
        select(Membership.workspace_id)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(Membership.user_id == demo[PILOT_EMAIL])
        .order_by(Workspace.slug)
        .limit(1)
    )
    pilot = _Person(demo[PILOT_EMAIL], pilot_space, False)
    mentor = _Person(demo[MENTOR_EMAIL], None, False)  # not a member: no workspace

    rows = _gathering_rows(
        random.Random(GATHERINGS_SEED), cohort_id, spaces, pilot, mentor, datetime.now(UTC)
    )
    for model, values in (
        (Gathering, rows.gatherings),
        (AgendaItem, rows.agenda_items),
        (SeatPool, rows.seat_pools),
        (Registration, rows.registrations),
    ):
        await _insert_batched(conn, model, values)
    await conn.execute(text("ANALYZE gatherings, agenda_items, seat_pools, registrations"))

    # What the list endpoints answer, seed-demo's gatherings included.
    now = datetime.now(UTC)
    rows.counts["all"] = int(await conn.scalar(select(func.count()).select_from(Gathering)) or 0)
    rows.counts["upcoming"] = int(
        await conn.scalar(select(func.count()).where(Gathering.ends_at >= now)) or 0
    )
    return rows


def seed_gatherings(ctx: SeedContext) -> None:
    """30 gatherings over the bench cohort (in person and online, past and upcoming, some
    cancelled) with agendas and registrations, and the one the endpoint specs read: a
    month ahead, 400 registrations (the demo mentor seated, the demo pilot waiting)."""
    started = time.monotonic()
    rows = asyncio.run(_insert_gatherings(ctx.database_url, ctx.values.get("cohort_id")))
    big = [r for r in rows.registrations if r["gathering_id"] == rows.big_id]
    if len(big) != BIG_REGISTRATIONS:
        raise SeedError(f"the benchmarked gathering has {len(big)} registrations")
    ctx.values["gathering_id"] = rows.big_id
    ctx.values["all_gatherings"] = str(rows.counts["all"])
    ctx.values["upcoming_gatherings"] = str(rows.counts["upcoming"])

    def count(mode: str | None = None, status: str | None = None) -> int:
        return sum(1 for r in big if mode in (None, r["mode"]) and status in (None, r["status"]))

    print(
        f"bench:   {len(rows.gatherings)} gatherings "
        f"({sum(g['cancelled'] for g in rows.gatherings)} cancelled), "
        f"{len(rows.agenda_items)} agenda items, {len(rows.registrations)} registrations; "
        f"the benchmarked one: {count('in_person', 'confirmed')} seated, "
        f"{count(status='waiting')} waiting, {count('online')} online, "
        f"{count('not_attending')} not attending; listed: {rows.counts['upcoming']} upcoming "
        f"of {rows.counts['all']} in {time.monotonic() - started:.1f}s",
        flush=True,
    )


SEED_HOOKS: list[SeedHook] = [
    seed_demo,
    seed_network,
    seed_learning,
    seed_gatherings,
    seed_progress,
    seed_sharing,
    seed_notifications,
    seed_knowledge,
]
