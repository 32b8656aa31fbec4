"""Bench data of the knowledge domain: questions, answers and resources to search.

With seed_learning's 20,000 cycles and 200,000 log entries, the 400 workspaces and the
gatherings, this makes about 240,000 searchable documents. Same data on every run (fixed
seed). Runs after seed_demo (the topics come from the migration, the askers from
seed_network).

- 12,000 questions by members of the bench workspaces, 1-2 topics each, 0-4 "I wonder too"
  votes (each a `question_votes` row, `vote_count` matching), one in ten anonymous;
  1,000 merged into an earlier one; 270 answered and published, 9 x 20 of them public
  (every topic has public answers, so the FAQ has a group per topic), the others for
  signed-in users; the rest open;
- 8,000 resources of every kind and language, half the project team's, half the
  workspaces', at every visibility, with tags and download counts;
- five questions and two network project resources say "nordlysfestivalen" (the rare
  word of the search bench); the common word is "elevene", in most log entries;
- then ANALYZE, and the search indexes' GIN pending lists merged (as autovacuum would).
"""

from __future__ import annotations

import asyncio
import html
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from samklang.auth.models import Role, User
from samklang.core.markdown import render
from samklang.knowledge.models import (
    Question,
    QuestionTopic,
    QuestionVote,
    Resource,
    ResourceTag,
    Topic,
)
from samklang.network.models import Membership

QUESTIONS = 12_000
MERGED = 1_000
ANSWERED_PER_TOPIC = 30  # of which PUBLIC_PER_TOPIC public
PUBLIC_PER_TOPIC = 20
RESOURCES = 8_000
RARE_WORD = "nordlysfestivalen"
KNOWLEDGE_SEED = 20261127
BATCH = 5000

OPENINGS = (
    "Hva koster det",
    "Hvor mye tid går med",
    "Hvordan forankrer vi",
    "Kan flere kommuner",
    "Hva forventes av rapportering",
    "Må alle reise",
    "Hvem får veileder",
    "Hvordan deler vi erfaring",
    "Hva skjer etter prosjektet",
    "Hvordan samskaper vi med skolen",
    "Kan vi trekke oss",
    "Hvilke kriterier gjelder",
)
ENDINGS = (
    "for en liten kommune?",
    "når vi er tre kommuner sammen?",
    "i andre semester?",
    "for lærerne i kulturskolen?",
    "med rådmann og ordfører?",
    "mellom samlingene?",
    "når vi ikke blir pilot?",
    "i en interkommunal kulturskole?",
)
SENTENCES = (
    "Vi lurer på egenandelen og hva kommunen må stille med.",
    "Kulturskolen vår er liten, og alle lærere underviser på flere skoler.",
    "Rektorene er positive, men timeplanen er full.",
    "Vi har et samarbeid med biblioteket som vi vil bygge videre på.",
    "Kommunalsjefen spør hva prosjektet gir tilbake til kommunen.",
    "Det er lang reisevei til samlingene for oss.",
    "Vi ønsker en veileder som utfordrer oss underveis.",
    "Ungdommene vil ha mer å si om tilbudet.",
)
ANSWER = (
    "Prosjektteamet svarer: dette avklares med hver kommune ved oppstart, og vi deler "
    "eksempler fra pilotene i ressursbanken. **Ta kontakt** om noe er uklart.\n\n"
    "- Se kjøreplanen for læringsmøtet\n- Les rapporten fra første semester"
)
RESOURCE_TITLES = (
    "Kjøreplan for læringsmøte",
    "Mal for aksjonslæringslogg",
    "Samskapingsverksted",
    "Rapport fra første semester",
    "Film om kulturskole i barnehagen",
    "Presentasjon fra samlingen",
    "Metode for medvirkning",
    "Lenkesamling om kulturskole 3.0",
)
KINDS = ("tool", "method", "template", "report", "film", "presentation", "link")
TAGS = ("samskaping", "medvirkning", "forankring", "læringsmøte", "rapport", "mal", "ungdom")
LEVELS = ("workspace", "network", "observers", "public")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _prose(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def _html(plain: str) -> str:
    """What core.markdown renders for one paragraph of plain text, without its cost."""
    return f"<p>{html.escape(plain, quote=False)}</p>\n"


async def _insert(database_url: str) -> dict[str, int]:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            return await _insert_in(conn)
    finally:
        await engine.dispose()


async def _batched(conn: AsyncConnection, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        await conn.execute(insert(model), rows[start : start + BATCH])


async def _insert_in(conn: AsyncConnection) -> dict[str, int]:
    rng = random.Random(KNOWLEDGE_SEED)  # noqa: S311 - bench data, not secrets
    now = datetime.now(UTC)
    topics = [r.id for r in await conn.execute(select(Topic.id).order_by(Topic.position))]
    members = [
        (r.user_id, r.workspace_id)
        for r in await conn.execute(
            select(Membership.user_id, Membership.workspace_id).order_by(Membership.id)
        )
    ]
    admin = await conn.scalar(select(User.id).where(User.role == Role.admin.value).limit(1))
    if not topics or len(members) < 100 or admin is None:
        raise RuntimeError("seed_demo and seed_network must run first")
    voters = [m[0] for m in members]

    questions: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    for i in range(QUESTIONS):
        asker, workspace = rng.choice(members)
        created = now - timedelta(days=400) + timedelta(minutes=i * 45)
        title = f"{rng.choice(OPENINGS)} {rng.choice(ENDINGS)}"
        body = _prose(rng, rng.randint(1, 4))
        if i in (100, 2100, 4100, 6100, 8100):
            body += f" Kan vi knytte dette til {RARE_WORD} i kommunen?"
        qid = _uuid(rng)
        chosen = rng.sample(topics, rng.choice((1, 1, 2)))
        links += [{"question_id": qid, "topic_id": t} for t in chosen]
        who = set(rng.sample(voters, rng.randint(0, 4))) - {asker}
        votes += [{"question_id": qid, "user_id": v, "created_at": created} for v in who]
        questions.append(
            {
                "id": qid,
                "title": title,
                "body": body,
                "body_html": _html(body),
                "asker_id": asker,
                "workspace_id": workspace,
                "anonymous": rng.random() < 0.1,
                "status": "open",
                "merged_into_id": None,
                "assignee_id": admin if rng.random() < 0.2 else None,
                "vote_count": len(who),
                "answer_body": "",
                "answer_html": "",
                "answer_published": False,
                "answer_public": False,
                "answered_at": None,
                "answered_by_id": None,
                "answer_updated_at": None,
                "version": 1,
                "created_at": created,
                "updated_at": created,
                "_topic": chosen[0],
            }
        )
    # Answers: per topic (its first topic), the oldest not planted ones.
    per_topic: dict[str, int] = {}
    answer_html = render(ANSWER)
    rare = {100, 2100, 4100, 6100, 8100}
    for i, q in enumerate(questions):
        done = per_topic.get(q["_topic"], 0)
        if i in rare or done >= ANSWERED_PER_TOPIC:
            continue
        per_topic[q["_topic"]] = done + 1
        answered = q["created_at"] + timedelta(days=7)
        q.update(
            status="answered",
            answer_body=ANSWER,
            answer_html=answer_html,
            answer_published=True,
            answer_public=done < PUBLIC_PER_TOPIC,
            answered_at=answered,
            answered_by_id=admin,
            answer_updated_at=answered,
        )
    open_ids = [i for i, q in enumerate(questions) if q["status"] == "open" and i not in rare]
    for i in sorted(rng.sample(open_ids[len(open_ids) // 10 :], MERGED)):
        target = rng.choice([j for j in open_ids[:50] if j < i] or [0])
        questions[i].update(status="merged", merged_into_id=questions[target]["id"], vote_count=0)
    merged_ids = {q["id"] for q in questions if q["status"] == "merged"}
    votes = [v for v in votes if v["question_id"] not in merged_ids]
    for q in questions:
        q.pop("_topic")
    # Merged ones point to earlier questions: insert the survivors first.
    questions.sort(key=lambda q: q["merged_into_id"] is not None)
    await _batched(conn, Question, questions)
    await _batched(conn, QuestionTopic, links)
    await _batched(conn, QuestionVote, votes)

    resources: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    for i in range(RESOURCES):
        created = now - timedelta(days=300) + timedelta(minutes=i * 50)
        own = rng.random() < 0.5
        rid = _uuid(rng)
        chosen = rng.sample(TAGS, rng.randint(1, 3))
        description = _prose(rng, rng.randint(1, 3))
        level = rng.choices(LEVELS, weights=(20, 45, 15, 20))[0]
        workspace = rng.choice(members)[1] if own else None
        if i in (500, 5500):
            description += f" Laget til {RARE_WORD}."
            level, workspace = "network", None
        resources.append(
            {
                "id": rid,
                "kind": rng.choice(KINDS),
                "title": f"{rng.choice(RESOURCE_TITLES)} {i}",
                "description": description,
                "description_html": _html(description),
                "tags": chosen,
                "language": rng.choices(("nb", "nn", "en"), weights=(8, 2, 1))[0],
                "url": "https://www.kulturskoleradet.no/",
                "file_id": None,
                "workspace_id": workspace,
                "visibility": level,
                "download_count": int(rng.paretovariate(1.5)) - 1,
                "created_by_id": admin,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        tags += [{"resource_id": rid, "tag": t} for t in chosen]
    await _batched(conn, Resource, resources)
    await _batched(conn, ResourceTag, tags)
    await conn.execute(
        text("ANALYZE questions, question_topics, question_votes, resources, resource_tags")
    )
    # Bulk inserts leave the search indexes' entries in GIN pending lists, which every
    # search then reads linearly; in a live database autovacuum merges them. Do it now.
    await conn.execute(
        text(
            "SELECT gin_clean_pending_list(c.oid::regclass) FROM pg_class c "
            "WHERE c.relkind = 'i' AND c.relname LIKE 'ix\\_%\\_search'"
        )
    )
    return {
        "questions": len(questions),
        "answered": sum(q["answer_published"] for q in questions),
        "public": sum(q["answer_public"] for q in questions),
        "merged": len(merged_ids),
        "votes": len(votes),
        "resources": len(resources),
        "topics": len(per_topic),
    }


def seed_knowledge(ctx: Any) -> None:
    """Questions, answers and resources for the search and FAQ bench (see the module)."""
    started = time.monotonic()
    counts = asyncio.run(_insert(ctx.database_url))
    ctx.values["faq_topics"] = str(counts["topics"])
    print(
        f"bench:   {counts['questions']} questions ({counts['answered']} answered, "
        f"{counts['public']} public, {counts['merged']} merged, {counts['votes']} votes), "
        f"{counts['resources']} resources in {time.monotonic() - started:.1f}s",
        flush=True,
    )
