"""The FAQ: published answers by topic. No HTTP, no commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.pagination import MAX_LIMIT, Page, encode_cursor
from samklang.knowledge.models import Question, QuestionStatus, QuestionTopic
from samklang.knowledge.schemas import FaqItem, FaqTopic
from samklang.knowledge.topics import _all_topics, topic_out

# FAQ


async def faq(
    session: AsyncSession,
    *,
    signed_in: bool,
    limit: int = MAX_LIMIT,
    after: list[Any] | None = None,
) -> Page[FaqTopic]:
    """Published answers by topic, a page of topics at a time (topics in their order, the
    answers without a topic last). Three queries: the answered questions, their topics,
    the topic list."""
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
    # The order's key of a group: (0, the topic's place, its slug), the loose answers last.
    keyed = [
        ((0, t.position, t.slug), g)
        for t, g in zip([t for t in topics if links.get(t.id)], groups, strict=False)
    ]
    if loose:
        keyed.append(((1, 0, ""), groups[-1]))
    if after is not None and len(after) == 3:
        last = (int(after[0]), int(after[1]), str(after[2]))
        keyed = [pair for pair in keyed if pair[0] > last]
    page, more = keyed[:limit], len(keyed) > limit
    return Page[FaqTopic](
        items=[g for _, g in page],
        next_cursor=encode_cursor(list(page[-1][0])) if more else None,
    )
