"""A hand-built data set with known dates, so every figure of the overview is known."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.gatherings.models import Assignment, AssignmentResponse, Gathering, Registration
from samklang.learning.models import Assessment, Cycle, Entry, Measure, MeasurePoint, Project
from tests.network.conftest import World

# "Now" for the tests: 15 March 2027, 13:00 in Oslo.
NOW = datetime(2027, 3, 15, 12, 0, tzinfo=UTC)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Data:
    world: World
    cycles: dict[str, Cycle] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    gatherings: dict[str, Gathering] = field(default_factory=dict)


def _cycle(ws_id: str, title: str, phase: str, when: datetime, **extra: Any) -> Cycle:
    return Cycle(
        workspace_id=ws_id,
        title=title,
        phase=phase,
        plan_at=when,
        created_at=when,
        updated_at=when,
        **extra,
    )


async def build(session: AsyncSession, world: World) -> Data:
    """Bodø (pilot) is busy, Asker (pilot) went quiet in January, Osterøy (observer) has
    done nothing."""
    d = Data(world)
    pilot, other = world.pilot.id, world.other.id
    for ws in (world.pilot, world.other, world.observer):
        ws.created_at = at(2026, 8, 1)
    session.add(
        Project(
            workspace_id=pilot,
            aim_what="Alle barn i Bodø skal møte kunst og kultur i skoletida – æ ø å",
            aim_for_whom="Elever i 1.–4. trinn",
            partners=[{"name": "Bodø kulturhus", "sector": "other", "role": "Arena"}],
            visibility="network",
        )
    )
    d.cycles["plan"] = _cycle(pilot, "Kartlegging av tilbud", "plan", at(2027, 3, 1))
    d.cycles["act1"] = _cycle(
        pilot, "Kor i skolen", "act", at(2026, 9, 1), hours_spent=12.5, visibility="network"
    )
    d.cycles["act2"] = _cycle(
        pilot, "Dans på mellomtrinnet", "act", at(2027, 2, 1), hours_spent=4.0
    )
    d.cycles["done"] = _cycle(
        pilot,
        "Felles planleggingsdag",
        "done",
        at(2026, 10, 1),
        done_at=at(2027, 1, 20),
        hours_spent=8.0,
        plan="Vi planla **sammen** med skolene.",
        act="Gjennomført i januar.",
        observe="Lærerne deltok aktivt.",
        reflect="Vi lærte at tidlig involvering hjelper – særlig på Røst.",
        visibility="public",
    )
    d.cycles["done"].updated_at = at(2027, 3, 10, 10)
    d.cycles["asker"] = _cycle(
        other, "Kulturskoletime", "reflect", at(2026, 11, 1), hours_spent=20.0
    )
    d.cycles["asker"].updated_at = at(2027, 1, 10)
    session.add_all(d.cycles.values())
    await session.flush()

    act1 = d.cycles["act1"].id
    session.add_all(
        [
            # 00:30 on 1 March in Oslo: this month.
            Entry(
                cycle_id=act1,
                workspace_id=pilot,
                phase="act",
                body="Første øving",
                created_at=at(2027, 2, 28, 23, 30),
                updated_at=at(2027, 2, 28, 23, 30),
            ),
            # 23:30 on 28 February in Oslo: last month.
            Entry(
                cycle_id=act1,
                workspace_id=pilot,
                phase="act",
                body="Planlegging",
                created_at=at(2027, 2, 28, 22, 30),
                updated_at=at(2027, 2, 28, 22, 30),
            ),
            Entry(
                cycle_id=act1,
                workspace_id=pilot,
                phase="act",
                body="Konsert",
                created_at=at(2027, 3, 12),
                updated_at=at(2027, 3, 14, 9),
            ),
        ]
    )

    # A measure with shifts: six points below the median (8), then six above.
    d.measures["shift"] = Measure(
        workspace_id=pilot,
        name="Elever som deltar",
        unit="elever",
        kind="outcome",
        target=14.0,
        visibility="network",
    )
    d.measures["flat"] = Measure(workspace_id=pilot, name="Timer i uka", kind="process")
    session.add_all(d.measures.values())
    await session.flush()
    values = [1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15]
    for i, value in enumerate(values):
        session.add(
            MeasurePoint(
                measure_id=d.measures["shift"].id,
                date=date(2027, 1, 1 + i),
                value=value,
                created_at=at(2027, 1, 1 + i),
            )
        )
    for i, value in enumerate([1, 2, 1, 2]):
        session.add(
            MeasurePoint(
                measure_id=d.measures["flat"].id,
                date=date(2027, 2, 1 + i),
                value=value,
                created_at=at(2027, 3, 14, 10) if i == 3 else at(2027, 2, 1 + i),
            )
        )

    session.add_all(
        [
            Assessment(
                workspace_id=pilot,
                semester="Høst 2026",
                score=2.0,
                visibility="network",
                created_at=at(2026, 12, 1),
                updated_at=at(2026, 12, 1),
            ),
            Assessment(
                workspace_id=pilot,
                semester="Vår 2027",
                score=3.0,
                visibility="workspace",
                created_at=at(2027, 2, 1),
                updated_at=at(2027, 2, 1),
            ),
            # Asker has no autumn 2026 score: no trend against spring 2026.
            Assessment(
                workspace_id=other,
                semester="Vår 2026",
                score=4.0,
                visibility="network",
                created_at=at(2026, 5, 1),
                updated_at=at(2026, 5, 1),
            ),
            Assessment(
                workspace_id=other,
                semester="Vår 2027",
                score=2.5,
                visibility="network",
                created_at=at(2027, 1, 5),
                updated_at=at(2027, 1, 5),
            ),
        ]
    )

    cohort = world.cohort.id
    g = d.gatherings
    g["past"] = Gathering(
        cohort_id=cohort,
        title="Samling 1 i Bodø",
        starts_at=at(2027, 2, 1),
        ends_at=at(2027, 2, 1, 15),
    )
    g["past2"] = Gathering(
        cohort_id=cohort, title="Webinar", starts_at=at(2027, 2, 20), ends_at=at(2027, 2, 20, 14)
    )
    g["future"] = Gathering(
        cohort_id=cohort, title="Samling 2", starts_at=at(2027, 4, 1), ends_at=at(2027, 4, 1, 15)
    )
    g["elsewhere"] = Gathering(
        cohort_id=None,
        title="Åpent seminar",
        starts_at=at(2027, 1, 15),
        ends_at=at(2027, 1, 15, 15),
    )
    g["cancelled"] = Gathering(
        cohort_id=cohort,
        title="Avlyst",
        starts_at=at(2027, 1, 10),
        ends_at=at(2027, 1, 10, 15),
        cancelled=True,
    )
    session.add_all(g.values())
    await session.flush()
    u = world.users

    def reg(gathering: str, who: str, ws: str, **kw: Any) -> Registration:
        defaults: dict[str, Any] = {"mode": "in_person", "status": "confirmed"}
        return Registration(
            gathering_id=g[gathering].id, user_id=u[who].id, workspace_id=ws, **(defaults | kw)
        )

    session.add_all(
        [
            reg("past", "coordinator", pilot, attended=True),
            reg("past", "member", pilot, mode="online", attended=False),
            reg("past2", "member", pilot, mode="not_attending"),
            reg("past2", "coordinator", pilot, status="waiting"),
            reg("future", "coordinator", pilot),
            reg("elsewhere", "coordinator", pilot, attended=True),
            reg("cancelled", "member", pilot, attended=True),
            reg("past", "other_member", other, attended=True),
        ]
    )

    assignments = [
        Assignment(cohort_id=cohort, title="Refleksjonsnotat", due_on=date(2027, 3, 1)),
        Assignment(cohort_id=cohort, title="Plan for våren", due_on=date(2027, 4, 1)),
        Assignment(cohort_id=cohort, title="Forberedelse", due_on=date(2027, 5, 1)),
        Assignment(cohort_id=None, title="Uten kull", due_on=date(2027, 1, 1)),
    ]
    session.add_all(assignments)
    await session.flush()
    session.add_all(
        [
            AssignmentResponse(assignment_id=assignments[1].id, workspace_id=pilot, body="Svar"),
            AssignmentResponse(assignment_id=assignments[0].id, workspace_id=other, body="Svar"),
        ]
    )
    await session.commit()
    return d
