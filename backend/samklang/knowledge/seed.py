"""Demo data of the knowledge domain (called by samklang.seed.seed_demo).

The questions are the webinar's own: the chat questions the programme promised to answer
in writing, and the breakout groups' "what do we need answered before we apply" lists
(shared/seed, `data/webinar.json`). Many groups asked the same thing, so several are
merged into one. The answers are marked as examples: they are demo text, not the
programme's word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Visibility, reader_for
from samklang.auth.models import Role, User
from samklang.core.db import utcnow
from samklang.gatherings.models import Gathering
from samklang.knowledge import collections, questions, resources
from samklang.knowledge.models import CollectionKind, Question, Resource, Section
from samklang.knowledge.schemas import (
    CollectionCreate,
    QuestionAnswerIn,
    QuestionCreate,
    ResourceCreate,
    SectionIn,
)
from samklang.network.models import Workspace

WEBINAR = Path(__file__).resolve().parents[1] / "data" / "webinar.json"
EXAMPLE = "\n\n*Eksempelsvar i demodataene.*"
KULTURSKOLERADET = "https://www.kulturskoleradet.no/"


@dataclass
class Ask:
    title: str
    topics: list[str]
    asker: str = "observator"
    body: str = ""
    anonymous: bool = False
    merge_into: str | None = None  # key of the survivor
    answer: str | None = None
    public: bool = False
    publish: bool = True
    votes: int = 0
    key: str = ""
    days_ago: int = 20
    extra: dict[str, str] = field(default_factory=dict)


def _chat() -> list[str]:
    data = json.loads(WEBINAR.read_text(encoding="utf-8"))
    return [str(q) for q in data.get("chat_questions", [])]


def _questions() -> list[Ask]:
    chat = _chat()
    economy, selection, local, expected, concrete, amount, share, light, regional = (
        chat + [""] * 9
    )[:9]
    return [
        # The chat questions, in the order they were asked.
        Ask(
            economy,
            ["economy"],
            "observator",
            key="economy",
            votes=7,
            days_ago=40,
            answer=(
                "Prosjektet dekker prosessveiledning, samlinger og verktøy. Kommunen stiller "
                "med egen arbeidstid i prosjektgruppen, og reise til samlingene avklares i "
                "invitasjonen til hver samling." + EXAMPLE
            ),
            public=True,
        ),
        Ask(
            selection,
            ["selection"],
            "pilot",
            key="selection",
            votes=5,
            days_ago=40,
            answer=(
                "Utvalget vekter forankring, samskaping på tvers av tjenester og en spredning "
                "i størrelse og geografi. Kriteriene står i utlysningen." + EXAMPLE
            ),
            publish=False,  # a draft the project team is still working on
        ),
        Ask(local, ["time-and-resources"], "pilot", key="local", votes=2, days_ago=39),
        Ask(
            expected,
            ["time-and-resources", "economy"],
            "observator",
            merge_into="amount",
            days_ago=39,
        ),
        Ask(concrete, ["mentoring"], "pilot", key="concrete", votes=4, days_ago=39),
        Ask(
            amount,
            ["time-and-resources"],
            "observator",
            key="amount",
            votes=6,
            days_ago=39,
            answer=(
                "Regn med en prosjektgruppe på tre til fem personer, med jevnlige "
                "læringsmøter mellom samlingene gjennom tre semestre. Tidsbruken avhenger av "
                "hvor bredt prosjektet legges." + EXAMPLE
            ),
            public=True,
        ),
        Ask(
            share,
            ["co-creation"],
            "pilot",
            key="share",
            votes=3,
            days_ago=38,
            answer=(
                "Pilotene deler refleksjoner, logg og verktøy i nettverket her i Samklang, "
                "og observatørkommunene følger det som deles med dem." + EXAMPLE
            ),
            public=False,
        ),
        Ask(
            light,
            ["selection", "other"],
            "observator",
            key="light",
            votes=8,
            days_ago=38,
            answer=(
                "Kommuner som ikke blir pilot kan følge arbeidet som observatører: de leser "
                "det som deles med dem, stiller spørsmål og deltar på åpne samlinger." + EXAMPLE
            ),
            public=True,
        ),
        Ask(regional, ["other"], "veileder", key="regional", votes=3, days_ago=38),
        # The groups' "what do we need answered" lists, several the same as the above.
        Ask("Økonomi (kostnad), hvor mange treff?", ["economy"], "pilot", merge_into="economy"),
        Ask(
            "Økonomi: åpnes det en pengesekk om vi er pilotkommune?",
            ["economy"],
            "observator",
            body="Hva kreves rent praktisk, hva må vi stille med?",
            merge_into="economy",
        ),
        Ask(
            "Har de klart å fullfinansiere prosjektet, eller vil det bli kostnader?",
            ["economy"],
            "pilot",
            merge_into="economy",
        ),
        Ask(
            "Økonomi, kva vil det koste oss?",
            ["economy"],
            "pilot",
            body="Hyllestad/Fjaler: Kor mykje arbeid går til dei tilsette?",
            merge_into="economy",
        ),
        Ask(
            "Hvor mye tid/ressurser er det behov for at det settes av?",
            ["time-and-resources"],
            "observator",
            merge_into="amount",
        ),
        Ask(
            "Hvor mye ressurser må man påregne å sette av? Hva betyr tidsbruk tre semester?",
            ["time-and-resources"],
            "pilot",
            body="Hvor stort arbeid blir praktisk og deltagende for lærerne?",
            merge_into="amount",
        ),
        Ask("Er det mulig å bli med i en «lightversjon»?", ["other"], merge_into="light"),
        Ask(
            "Har dere tenkt på muligheter for «passiv» deltakelse?",
            ["other"],
            body="At de som ikke blir med i prosjektet kan være observatører/lyttere?",
            merge_into="light",
        ),
        Ask(
            "Går det an at flere kommuner melder seg på sammen?",
            ["other"],
            "pilot",
            merge_into="regional",
        ),
        Ask(
            "Kan ein trekke seg etter oppstart?",
            ["other"],
            "observator",
            body=(
                "Dersom ein ser at ein ikkje kan «levere»/følgje opp. Dersom ein søkjer og "
                "ikkje kjem med: på kva måte kan ein delta?"
            ),
            anonymous=True,
            votes=2,
            days_ago=12,
        ),
        Ask(
            "Må alle reise? Kor vert desse samlingane?",
            ["gatherings"],
            "pilot",
            body=(
                "Dersom ein etablerer ei arbeidsgruppe med fem personar. Er det mogleg å dele "
                "plass med fleire kulturskular/kommunar i regionen?"
            ),
            votes=4,
            days_ago=11,
        ),
        Ask(
            "Må vi ha forankret dette utenfor kulturenheten for å søke?",
            ["anchoring"],
            "observator",
            body="Ordfører og rådmann gir ikke applaus på forhånd.",
            votes=3,
            days_ago=10,
        ),
        Ask("Hva forventes av rapportering?", ["reporting"], "pilot", votes=2, days_ago=9),
        Ask(
            "Kan vi få en mentorordning som følger oss tett?",
            ["mentoring"],
            "pilot",
            body="Noen som kan utfordre oss, også på det vi ikke lykkes med.",
            votes=1,
            days_ago=8,
        ),
        Ask(
            "Hva ligger i aksjonslæring?",
            ["co-creation"],
            "observator",
            body=(
                "Skal prosjektgruppas arbeid være aksjonsbasert, eller er det arbeidet i "
                "kommunen som sådan som skal være det?"
            ),
            days_ago=6,
        ),
        Ask(
            "Hva skjer etter prosjektet, hvordan skal det videreføres?",
            ["other"],
            "veileder",
            days_ago=4,
        ),
    ]


RESOURCES = [
    (
        "method",
        "Læringsmøtet: planlegg, gjør, se, reflekter",
        "En fast struktur for læringsmøtene mellom samlingene.",
        ["aksjonslæring", "læringsmøte"],
        "nb",
        "public",
    ),
    (
        "tool",
        "Samskapingsverksted for kulturskolen",
        "Verktøy for et verksted med partnere utenfor kulturenheten.",
        ["samskaping", "verktøy"],
        "nb",
        "network",
    ),
    (
        "template",
        "Mal for kjøreplan til læringsmøte",
        "Kjøreplan med tider, roller og refleksjonsspørsmål.",
        ["mal", "læringsmøte"],
        "nn",
        "observers",
    ),
    (
        "report",
        "Kulturskolen som lokalt ressurssenter",
        "Bakgrunn for Kulturskole 3.0.",
        ["rapport", "ressurssenter"],
        "nb",
        "public",
    ),
    (
        "presentation",
        "Presentasjon fra informasjonswebinaret",
        "Lysarkene fra webinaret om piloten.",
        ["webinar"],
        "nb",
        "observers",
    ),
    (
        "film",
        "Kulturskole 3.0 forklart",
        "En kort film om tankegangen bak programmet.",
        ["film", "introduksjon"],
        "en",
        "public",
    ),
]


async def seed_knowledge(session: AsyncSession, users: dict[str, User]) -> None:
    """Create the knowledge demo data (seed_demo calls it once per new demo network)."""
    admin = users.get("admin")
    if admin is None:
        return
    admin_reader = await reader_for(session, admin)
    readers = {key: await reader_for(session, user) for key, user in users.items()}
    voters = list(
        await session.scalars(
            select(User)
            .where(User.role == Role.member.value, User.id.not_in([u.id for u in users.values()]))
            .order_by(User.email)
            .limit(12)
        )
    )
    now = utcnow()
    made: dict[str, str] = {}
    asks = _questions()
    for i, item in enumerate(asks):
        if not item.title:
            continue
        asker = readers.get(item.asker) or readers.get("pilot") or admin_reader
        out = await questions.ask(
            session,
            asker,
            QuestionCreate(
                title=item.title, body=item.body, topics=item.topics, anonymous=item.anonymous
            ),
        )
        question = await session.get(Question, out.id)
        assert question is not None
        question.created_at = now - timedelta(days=item.days_ago, hours=i)
        if item.key:
            made[item.key] = out.id
        for voter in voters[: item.votes]:
            await questions.vote(session, await reader_for(session, voter), out.id, on=True)
        item.extra["id"] = out.id
    await session.flush()
    for item in asks:
        if item.merge_into and item.merge_into in made and "id" in item.extra:
            await questions.merge(session, admin_reader, item.extra["id"], made[item.merge_into])
    for item in asks:
        if item.answer and item.key in made:
            await questions.answer(
                session,
                admin_reader,
                made[item.key],
                QuestionAnswerIn(body=item.answer, publish=item.publish, public=item.public),
            )
    if "concrete" in made:
        await questions.assign(session, admin_reader, made["concrete"], admin.id)

    resource_ids = []
    for kind, title, description, tags, language, visibility in RESOURCES:
        created = await resources.create_resource(
            session,
            admin_reader,
            ResourceCreate.model_validate(
                {
                    "kind": kind,
                    "title": title,
                    "description": description,
                    "tags": tags,
                    "language": language,
                    "url": KULTURSKOLERADET,
                    "visibility": visibility,
                }
            ),
        )
        resource_ids.append(created.id)
    for count, resource_id in zip((14, 9, 6, 3, 2, 1), resource_ids, strict=True):
        row = await session.get(Resource, resource_id)
        if row is not None:
            row.download_count = count
    bodo = await session.scalar(select(Workspace).where(Workspace.name == "Bodø"))
    pilot = readers.get("pilot")
    if bodo is not None and pilot is not None and pilot.can_write(bodo.id):
        await resources.create_resource(
            session,
            pilot,
            ResourceCreate.model_validate(
                {
                    "kind": "template",
                    "title": "Bodøs mal for medvirkning med ungdom",
                    "description": "Slik spør vi ungdommen hva de egentlig ønsker.",
                    "tags": ["medvirkning", "ungdom"],
                    "url": KULTURSKOLERADET,
                    "workspace_id": bodo.id,
                    "visibility": Visibility.network.value,
                }
            ),
        )
    await collections.create_collection(
        session,
        admin_reader,
        CollectionCreate(
            title="Temapakke: Samskaping i praksis",
            description="Alt til et læringsmøte om samskaping, fra forarbeid til refleksjon.",
            kind=CollectionKind.theme_package,
            visibility=Visibility.observers,
            sections=[
                SectionIn(key=Section.run_sheet, resource_ids=[resource_ids[2]]),
                SectionIn(
                    key=Section.preparation,
                    body="Les rapporten og se filmen før møtet.",
                    resource_ids=[resource_ids[3], resource_ids[5]],
                ),
                SectionIn(
                    key=Section.reflection,
                    body=(
                        "1. Hvem er naturlige samarbeidspartnere hos oss?\n"
                        "2. Hva ønsker ungdommen egentlig?\n"
                        "3. Hva prøver vi før neste samling?"
                    ),
                ),
            ],
        ),
    )
    webinar = await session.scalar(
        select(Gathering).where(Gathering.title.like("Informasjonswebinar%")).limit(1)
    )
    if webinar is not None:
        await collections.create_collection(
            session,
            admin_reader,
            CollectionCreate(
                title="Materiell fra informasjonswebinaret",
                kind=CollectionKind.gathering_materials,
                gathering_id=webinar.id,
                visibility=Visibility.observers,
                sections=[
                    SectionIn(
                        key=Section.materials,
                        resource_ids=[resource_ids[4], resource_ids[0]],
                    )
                ],
            ),
        )
    await session.flush()
