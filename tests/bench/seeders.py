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

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from samklang.auth.models import Locale, Role, User
from samklang.core.text import norwegian_key, slugify
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
            "name": "Kull 2026–2028",
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


SEED_HOOKS: list[SeedHook] = [seed_demo, seed_network, seed_learning]
