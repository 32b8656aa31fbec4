"""The FAQ: published answers by topic. No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.knowledge.models import Question, QuestionStatus, QuestionTopic
from samklang.knowledge.schemas import Faq, FaqItem, FaqTopic
from samklang.knowledge.topics import _all_topics, topic_out

# FAQ


async def faq(session: AsyncSession, *, signed_in: bool) -> Faq:
    """Three queries: the answered questions, their topics, the topic list."""
    query = select(Question).where(
        Question.answer_published, Question.status != QuestionStatus.merged.value
    )
    if not signed_in:
        query = query.where(Question.answer_public)
    questions = list(
        await session.scalars(query.order_by(Question.answered_at.desc(), Question.id))
    )
    ids = [q.id for q in questions]
    links: dict[str, set[str]] = {}
    if ids:
        for question_id, topic_id in await session.execute(
            select(QuestionTopic.question_id, QuestionTopic.topic_id).where(
                QuestionTopic.question_id.in_(ids)
            )
        ):
            links.setdefault(topic_id, set()).add(question_id)
    topics = await _all_topics(session)

    def item(q: Question) -> FaqItem:
        return FaqItem(
            id=q.id,
            title=q.title,
            body_html=q.body_html,
            answer_html=q.answer_html,
            public=q.answer_public,
            answered_at=q.answered_at,
            vote_count=q.vote_count,
        )

    rendered = {q.id: item(q) for q in questions}
    groups = [
        FaqTopic(
            topic=topic_out(t),
            items=[rendered[q.id] for q in questions if q.id in links.get(t.id, set())],
        )
        for t in topics
        if links.get(t.id)
    ]
    placed = set().union(*links.values()) if links else set()
    loose = [rendered[q.id] for q in questions if q.id not in placed]
    if loose:
        groups.append(FaqTopic(topic=None, items=loose))
    return Faq(topics=groups)
