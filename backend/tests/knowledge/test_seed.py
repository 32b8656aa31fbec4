"""The demo data: the webinar's questions, several merged into one, some answered."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.knowledge.models import Collection, Question, QuestionVote, Resource
from samklang.seed import seed_demo


async def test_demo_questions_resources_and_collections(
    session: AsyncSession, settings: Settings, client: httpx.AsyncClient
) -> None:
    await seed_demo(session, settings)
    await session.commit()
    questions = list(await session.scalars(select(Question)))
    assert len(questions) >= 20
    titles = {q.title for q in questions}
    assert "Hvordan kan kunnskap og erfaring deles med andre?" in titles
    merged = [q for q in questions if q.status == "merged"]
    assert len(merged) >= 6
    by_id = {q.id: q for q in questions}
    economy = next(q for q in questions if q.title.startswith("Er prosjektet fullfinansiert"))
    assert sum(1 for q in merged if q.merged_into_id == economy.id) == 4
    assert all(by_id[q.merged_into_id or ""].status != "merged" for q in merged)
    assert economy.answer_published and economy.answer_public
    voters = set(
        await session.scalars(
            select(QuestionVote.user_id).where(QuestionVote.question_id == economy.id)
        )
    )
    assert economy.vote_count == len(voters) >= 2
    pilot = await session.scalar(select(User.id).where(User.email == "pilot@demo.samklang.no"))
    assert pilot in voters  # asked two of the questions merged into it
    assert any(q.answer_body and not q.answer_published for q in questions)  # a draft
    assert any(q.anonymous for q in questions)

    faq = (await client.get("/api/v1/faq")).json()
    public_items = {i["id"] for g in faq["items"] for i in g["items"]}
    assert economy.id in public_items
    assert all(by_id[i].answer_public for i in public_items)

    assert (await session.scalar(select(func.count()).select_from(Resource))) == 7
    kinds = set(await session.scalars(select(Collection.kind)))
    assert kinds == {"theme_package", "gathering_materials"}
