"""Demo data for a laptop or a demo server. Idempotent; refused in production.

The network's demo content comes from the users' own words: the breakout groups of the
programme's information webinar (`data/webinar.json`, copied from shared/seed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth import repository as auth_repo
from samklang.auth import service as auth_service
from samklang.auth.models import Role, User
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.gatherings import service as gatherings_service
from samklang.gatherings.models import Answer, BreakoutGroup, Gathering, Registration
from samklang.gatherings.schemas import AgendaItemIn, AssignmentIn, GatheringIn, PromptIn
from samklang.knowledge.seed import seed_knowledge
from samklang.learning.models import (
    PHASES,
    Assessment,
    Cycle,
    CycleMeasure,
    Entry,
    Measure,
    MeasurePoint,
    Phase,
    Project,
)
from samklang.network import service as network_service
from samklang.network.models import (
    Application,
    ApplicationMunicipality,
    ApplicationStatus,
    Cohort,
    Organisation,
    Score,
    Tier,
    Workspace,
    WorkspaceMentor,
    WorkspaceRole,
)
from samklang.network.schemas import CohortIn, CriterionIn, Decision, WorkspaceCreate
from samklang.progress.seed import seed_progress
from samklang.sharing.notifications import seed_notifications
from samklang.sharing.seed import seed_sharing

DEMO_PASSWORD = "samklang-demo"  # noqa: S105 - documented demo password
WEBINAR = Path(__file__).parent / "data" / "webinar.json"
COHORT_NAME = "Kulturskole 3.0 – pilotkull 2027–2028"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    description: str


DEMO_USERS = (
    DemoUser("admin@demo.samklang.no", "Prosjektteamet Demo", Role.admin, "project team"),
    DemoUser("veileder@demo.samklang.no", "Vera Veileder", Role.mentor, "mentor"),
    DemoUser("pilot@demo.samklang.no", "Per Pilot", Role.member, "pilot team member"),
    DemoUser("observator@demo.samklang.no", "Olga Observatør", Role.member, "observer member"),
)


@cache
def webinar_answers() -> dict[str, dict[str, str]]:
    """Per municipality number: the group's answers by prompt key, from both rounds."""
    data = json.loads(WEBINAR.read_text(encoding="utf-8"))
    answers: dict[str, dict[str, str]] = {}
    for round_ in data["rounds"]:
        for group in round_["groups"]:
            for municipality in group["municipalities"]:
                mine = answers.setdefault(municipality["number"], {})
                for key, text in group["answers"].items():
                    mine.setdefault(key, text)
    return answers


def _answer(numbers: list[str], *keys: str) -> str:
    for number in numbers:
        for key in keys:
            text = webinar_answers().get(number, {}).get(key)
            if text:
                return text
    return ""


async def seed_demo(session: AsyncSession, settings: Settings) -> list[tuple[DemoUser, bool]]:
    """Create what is missing. Returns each demo user and whether it was created now."""
    result = []
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        existing = await auth_repo.user_by_email(session, demo.email)
        if existing is None:
            existing = await auth_service.create_user(
                session, email=demo.email, name=demo.name, role=demo.role, password=DEMO_PASSWORD
            )
            result.append((demo, True))
        else:
            result.append((demo, False))
        users[demo.email.split("@")[0]] = existing
    if await session.scalar(select(Cohort.id).where(Cohort.name == COHORT_NAME)) is None:
        await _seed_network(session, settings, users)
        await seed_sharing(session, users)
        await seed_notifications(session, users)
        await seed_knowledge(session, users)
        await seed_progress(session, users)
    return result


ORGANISATIONS = (
    ("Norges Musikkorps Forbund (NMF)", None),
    ("NMF Nord", "Norges Musikkorps Forbund (NMF)"),
    ("NMF Midt", "Norges Musikkorps Forbund (NMF)"),
    ("NMF Vest", "Norges Musikkorps Forbund (NMF)"),
    ("NMF Sør", "Norges Musikkorps Forbund (NMF)"),
    ("NMF Øst", "Norges Musikkorps Forbund (NMF)"),
)

# (municipality numbers, tier) of the demo workspaces, from the webinar's groups.
WORKSPACES = (
    (["4637", "4646"], Tier.pilot),  # Hyllestad og Fjaler, a joint workspace
    (["1804"], Tier.pilot),  # Bodø
    (["3203"], Tier.pilot),  # Asker
    (["1122"], Tier.pilot),  # Gjesdal
    (["4630"], Tier.observer),  # Osterøy
)

# (municipality numbers, status, outcome) of demo applications by other applicants.
APPLICATIONS = (
    (["5007"], ApplicationStatus.draft, None),  # Namsos
    (["1516", "1826", "3443"], ApplicationStatus.submitted, None),  # Ulstein, Hattfjelldal, ...
    (["4626"], ApplicationStatus.submitted, None),  # Øygarden
    (["4202"], ApplicationStatus.submitted, None),  # Grimstad
    (["5014", "4650"], ApplicationStatus.decided, "declined"),  # Frøya og Gloppen
)


async def _seed_network(session: AsyncSession, settings: Settings, users: dict[str, User]) -> None:
    now = utcnow()
    parents: dict[str, Organisation] = {}
    for name, parent in ORGANISATIONS:
        organisation = Organisation(
            name=name,
            kind="nmf" if parent is None else "nmf_region",
            parent_id=parents[parent].id if parent else None,
        )
        session.add(organisation)
        await session.flush()
        parents[name] = organisation

    cohort = await network_service.create_cohort(
        session,
        CohortIn(
            name=COHORT_NAME,
            starts_on=date(2027, 1, 1),
            ends_on=date(2028, 6, 30),
            semesters=["Vår 2027", "Høst 2027", "Vår 2028"],
            applications_open_at=now - timedelta(days=7),
            applications_close_at=now + timedelta(days=60),
            description=(
                "Tre semestre med om lag seks samlinger, aksjonslæring mellom samlingene og en "
                "veileder som følger hvert team."
            ),
            criteria=[
                CriterionIn(
                    title="Forankring i kommunens ledelse",
                    weight=3,
                    description="Rådmann, ordfører eller oppvekst står bak søknaden.",
                ),
                CriterionIn(
                    title="Samskaping med andre sektorer",
                    weight=3,
                    description="Skole, barnehage, helse, bibliotek, frivillige.",
                ),
                CriterionIn(title="Lokalt utfordringsbilde", weight=2),
                CriterionIn(title="Kapasitet og tid", weight=1),
                CriterionIn(title="Deling med nettverket", weight=1),
            ],
        ),
    )

    workspaces: dict[str, Workspace] = {}
    for numbers, tier in WORKSPACES:
        municipalities = await network_service.municipalities_for(session, numbers)
        name = network_service.joint_name(municipalities)
        workspace = await network_service.create_workspace(
            session,
            WorkspaceCreate(
                name=name,
                tier=tier,
                municipality_numbers=numbers,
                cohort_id=cohort.id,
                description=_answer(numbers, "bidrag", "forventninger")[:2000],
            ),
        )
        workspaces[name] = workspace
        if tier is Tier.pilot:
            session.add(WorkspaceMentor(workspace_id=workspace.id, user_id=users["veileder"].id))

    await network_service.add_member(
        session,
        users["pilot"],
        workspaces["Bodø"],
        role=WorkspaceRole.coordinator,
        function="culture_school_leader",
    )
    await network_service.add_member(
        session,
        users["pilot"],
        workspaces["Hyllestad og Fjaler"],
        role=WorkspaceRole.member,
        function="teacher",
    )
    await network_service.add_member(
        session,
        users["observator"],
        workspaces["Osterøy"],
        role=WorkspaceRole.coordinator,
        function="culture_school_leader",
    )

    criteria = cohort.criteria
    for i, (numbers, status, outcome) in enumerate(APPLICATIONS):
        applicant = await auth_service.create_user(
            session,
            email=f"soker{i + 1}@demo.samklang.no",
            name=f"Søker {i + 1}",
            role=Role.member,
            password=None,
        )
        application = await _application(session, cohort, applicant, numbers)
        if status is not ApplicationStatus.draft:
            application.status = ApplicationStatus.submitted.value
            application.submitted_at = now - timedelta(days=3 - i % 3)
            for j, criterion in enumerate(criteria):
                session.add(
                    Score(
                        application_id=application.id,
                        criterion_id=criterion.id,
                        reviewer_id=users["admin"].id,
                        score=2 + (i + j) % 4,
                    )
                )
            await session.flush()
        if outcome is not None:
            await session.refresh(application, ["scores"])
            await network_service.decide(
                session,
                users["admin"],
                application.id,
                Decision(outcome=outcome, message="Takk for en god søknad."),
                settings,
            )
    for index, workspace in enumerate(workspaces.values()):
        if workspace.tier == Tier.pilot.value:
            await _seed_learning(session, workspace, users["pilot"], index)
    await seed_webinar(session, cohort)
    await _seed_gatherings(session, cohort, workspaces, users)
    # Bodø's own (decided) application, which made it a pilot.
    bodo = await _application(session, cohort, users["pilot"], ["1804"])
    bodo.status = ApplicationStatus.decided.value
    bodo.submitted_at = now - timedelta(days=30)
    bodo.outcome, bodo.decided_at = "pilot", now - timedelta(days=20)
    bodo.decision_message = "Velkommen som pilot!"
    bodo.workspace_id = workspaces["Bodø"].id
    await session.flush()


CYCLES = (
    (
        "Korps i skolegården",
        "Vi prøver felles øving for skolekorpset og 5. trinn i friminuttet, to ganger i uka.",
        "Vi øvde åtte ganger. Rektor og to lærere var med.",
        "Flere elever ble stående og lytte; tre ville prøve instrument.",
        "Det virker når læreren er med. Neste gang: fast tid i timeplanen.",
    ),
    (
        "Kulturskoletime på helsestasjonen",
        "Sang og rim for foreldre og spedbarn i venterommet, i samarbeid med helsesykepleier.",
        "Fire økter i mars.",
        "",
        "",
    ),
    (
        "Ungdommens scene på biblioteket",
        "Ungdom planlegger og driver en åpen scene på biblioteket én fredag i måneden.",
        "",
        "",
        "",
    ),
    (
        "Eldre og unge synger sammen",
        "Elever fra kulturskolen besøker sykehjemmet og synger med beboerne.",
        "Tre besøk før jul.",
        "Beboerne sang med på kjente sanger; elevene ville komme igjen.",
        "Ta med lærer fra grunnskolen neste gang; lag en sangliste sammen med beboerne.",
    ),
)
CYCLE_PHASES = ("done", "observe", "plan", "reflect")


async def _seed_learning(
    session: AsyncSession, workspace: Workspace, author: User, index: int
) -> None:
    """A development project, cycles in different phases with entries, a measure with
    twelve weekly points (with a shift), and a self-assessment."""
    now = utcnow()
    numbers = [link.municipality_number for link in workspace.municipality_links]
    session.add(
        Project(
            workspace_id=workspace.id,
            aim_what=_answer(numbers, "forventninger", "bidrag")[:1500]
            or "Kulturskolen skal bli en utviklingsaktør i kommunen.",
            aim_for_whom="Barn og unge i kommunen, særlig de som ikke går i kulturskolen i dag",
            aim_by_when=date(2028, 6, 30),
            focus_areas=["samskaping", "inkludering", "ungdom"][: 2 + index % 2],
            partners=[
                {"name": "Grunnskolen", "sector": "school", "role": "Felles øving"},
                {"name": "Helsestasjonen", "sector": "health", "role": "Venterommet"},
                {"name": "NMF", "sector": "volunteer", "role": "Instrumenter og instruktør"},
            ],
            visibility="network",
            version=1,
        )
    )
    measure = Measure(
        workspace_id=workspace.id,
        name="Elever som deltar på åpent verksted",
        unit="elever",
        kind="outcome",
        direction="up",
        baseline=12,
        target=20,
        visibility="network",
        version=1,
    )
    session.add(measure)
    await session.flush()
    weekly = [12, 14, 11, 13, 12, 15, 18, 19, 17, 20, 21, 19, 22, 18]
    for week, value in enumerate(weekly):
        session.add(
            MeasurePoint(
                measure_id=measure.id,
                date=(now - timedelta(weeks=len(weekly) - week)).date(),
                value=value + index,
                note="",
                created_at=now,
                created_by_id=author.id,
            )
        )
    count = 2 + index % 3
    for position, (title, plan, act, observe, reflect) in enumerate(CYCLES[:count]):
        phase = CYCLE_PHASES[position % len(CYCLE_PHASES)]
        reached = PHASES.index(Phase(phase))
        started = now - timedelta(days=60 - position * 10)
        dates = {
            p.value: started + timedelta(days=7 * i) for i, p in enumerate(PHASES[: reached + 1])
        }
        cycle = Cycle(
            workspace_id=workspace.id,
            title=title,
            phase=phase,
            plan=plan,
            act=act if reached >= 1 else "",
            observe=observe if reached >= 2 else "",
            reflect=reflect if reached >= 3 else "",
            plan_at=dates.get("plan"),
            act_at=dates.get("act"),
            observe_at=dates.get("observe"),
            reflect_at=dates.get("reflect"),
            done_at=dates.get("done"),
            hours_spent=float(6 * (reached + 1)),
            visibility="network" if position == 0 else "workspace",
            version=1,
            created_by_id=author.id,
            updated_by_id=author.id,
        )
        session.add(cycle)
        await session.flush()
        session.add(CycleMeasure(cycle_id=cycle.id, measure_id=measure.id))
        for p in PHASES[: min(reached + 1, 4)]:
            session.add(
                Entry(
                    cycle_id=cycle.id,
                    workspace_id=workspace.id,
                    phase=p.value,
                    body=f"**{p.value.capitalize()}:** notat fra teamet om «{title}».",
                    visibility=cycle.visibility,
                    author_id=author.id,
                    version=1,
                )
            )
    session.add(
        Assessment(
            workspace_id=workspace.id,
            semester="Vår 2027",
            score=1.5 + (index % 3) * 0.5,
            evidence="Vi har prøvd ut to endringer og målt deltakelse hver uke.",
            visibility="network",
            created_by_id=author.id,
        )
    )
    await session.flush()


WEBINAR_TITLE = "Informasjonswebinar: Fremtidens kulturskole"


async def seed_webinar(session: AsyncSession, cohort: Cohort | None) -> Gathering:
    """The information webinar as a past gathering: its two rounds of group work, with
    the groups' names, municipalities and answers exactly as written (data/webinar.json)."""
    data = json.loads(WEBINAR.read_text(encoding="utf-8"))
    start = datetime(2026, 1, 20, 13, 0, tzinfo=UTC)
    gathering = await gatherings_service.create_gathering(
        session,
        GatheringIn(
            title=WEBINAR_TITLE,
            description="\n\n".join(
                [data["chat_heading"] + ": " + data["chat_intro"]]
                + [f"- {q}" for q in data["chat_questions"]]
            ),
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            online_url="https://webinar.example.no/fremtidens-kulturskole",
            open_to_observers=True,
            cohort_id=cohort.id if cohort else None,
        ),
    )
    for number, round_ in enumerate(data["rounds"], start=1):
        keys = [p["key"] for p in round_["prompts"]]
        if any("other" in g["answers"] for g in round_["groups"]):
            keys.append("other")
        prompts = {}
        for key in keys:
            text = next((p["text"] for p in round_["prompts"] if p["key"] == key), "Andre innspill")
            prompts[key] = await gatherings_service.add_prompt(
                session, gathering, PromptIn(text=text, round=number)
            )
        for group_data in round_["groups"]:
            numbers = [m["number"] for m in group_data["municipalities"] if m.get("number")]
            group = BreakoutGroup(
                gathering_id=gathering.id,
                name=group_data["name"],
                round=number,
                position=round_["groups"].index(group_data),
                municipality_numbers=numbers,
            )
            session.add(group)
            await session.flush()
            for key, body in group_data["answers"].items():
                session.add(
                    Answer(
                        group_id=group.id,
                        prompt_id=prompts[key].id,
                        body=body,
                        version=1,
                        updated_at=start + timedelta(hours=1),
                    )
                )
    await session.flush()
    return gathering


async def _seed_gatherings(
    session: AsyncSession,
    cohort: Cohort,
    workspaces: dict[str, Workspace],
    users: dict[str, User],
) -> None:
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    first = now + timedelta(days=21)
    gathering = await gatherings_service.create_gathering(
        session,
        GatheringIn(
            title="Samling 1: Oppstart for pilotkommunene",
            description="Vi blir kjent, går gjennom aksjonslæring og lager første syklus.",
            starts_at=first.replace(hour=9),
            ends_at=first.replace(hour=9) + timedelta(hours=31),
            place="Scandic Lerkendal",
            address="Klæbuveien 127, 7031 Trondheim",
            online_url="https://meet.example.no/samling-1",
            open_to_observers=False,
            capacity=60,
            seats_per_workspace=4,
            registration_deadline=first - timedelta(days=7),
            cohort_id=cohort.id,
            agenda=[
                AgendaItemIn(
                    starts_at=first.replace(hour=9), title="Velkommen", lead="Prosjektteamet"
                ),
                AgendaItemIn(
                    starts_at=first.replace(hour=10),
                    title="Hva er aksjonslæring?",
                    lead="Vera Veileder",
                ),
            ],
        ),
    )
    await gatherings_service.create_gathering(
        session,
        GatheringIn(
            title="Digitalt nettverksmøte: Samskaping med helse",
            starts_at=first + timedelta(days=40),
            ends_at=first + timedelta(days=40, hours=2),
            online_url="https://meet.example.no/nettverksmote",
            open_to_observers=True,
            cohort_id=cohort.id,
        ),
    )
    await gatherings_service.create_assignment(
        session,
        AssignmentIn(
            title="Før samling 1: Beskriv utfordringsbildet",
            instructions="Skriv kort hvilken lokal utfordring dere vil jobbe med, og hvem "
            "dere vil samskape med.",
            due_on=(first - timedelta(days=3)).date(),
            gathering_id=gathering.id,
            cohort_id=cohort.id,
        ),
    )
    session.add(
        Registration(
            gathering_id=gathering.id,
            user_id=users["pilot"].id,
            workspace_id=workspaces["Bodø"].id,
            mode="in_person",
            status="confirmed",
        )
    )
    await session.flush()


async def _application(
    session: AsyncSession, cohort: Cohort, applicant: User, numbers: list[str]
) -> Application:
    municipalities = await network_service.municipalities_for(session, numbers)
    application = Application(
        cohort_id=cohort.id,
        applicant_id=applicant.id,
        applicant=applicant,
        status=ApplicationStatus.draft.value,
        motivation=_answer(numbers, "bidrag", "other"),
        local_challenge=_answer(numbers, "forventninger", "svar"),
        focus_area="Samskaping mellom kulturskole, skole og helse",
        planned_partners="Grunnskolen, helsestasjonen, biblioteket, NMF",
        anchoring_name="Kommunedirektøren",
        anchoring_role="Kommunedirektør",
        anchoring_date=date(2026, 10, 15),
        hours_per_semester=150,
        team=[
            {"name": applicant.name, "email": applicant.email, "function": "culture_school_leader"}
        ],
        municipality_links=[
            ApplicationMunicipality(municipality_number=m.number, municipality=m, position=k)
            for k, m in enumerate(municipalities)
        ],
        scores=[],
    )
    session.add(application)
    await session.flush()
    return application
