"""Data for the benchmark database, loaded after `samklang migrate` and before the server starts.

A seed hook is a function ``(SeedContext) -> None``. Append it to `SEED_HOOKS`.
It gets the database URL (SQLAlchemy form and plain asyncpg DSN), can run the
`samklang` CLI with the bench environment, and can publish facts for endpoint
paths through ``ctx.values`` (e.g. ``ctx.values["workspace_id"] = "..."``).

For volume data (thousands of rows), write a generator here that inserts in bulk
(``asyncio.run(...)`` inside the hook): `seed_network` builds plain row dicts with a
fixed random seed and inserts them with SQLAlchemy Core (one executemany per table,
one transaction) in under a second.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from samklang.auth.models import Locale, Role, User
from samklang.core.text import norwegian_key, slugify
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
    slugs: set[str] = set()
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

    rows = _network_rows(random.Random(RANDOM_SEED), municipalities, demo, datetime.now(UTC))
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


SEED_HOOKS: list[SeedHook] = [seed_demo, seed_network]
