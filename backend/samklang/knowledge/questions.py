"""Questions. No HTTP, no commit.

Every signed-in user reads every question that was not merged away; an answer is a draft
(project team only) until published. Anonymity hides the asker's name and workspace from
everyone but the asker and the project team.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.auth.models import Role, User
from samklang.core.atomic import lock
from samklang.core.db import utcnow
from samklang.core.errors import Conflict, NotFound
from samklang.core.markdown import render
from samklang.core.pagination import Page, before, encode_cursor, time_cursor
from samklang.knowledge import search as search_index
from samklang.knowledge.models import Question, QuestionStatus, QuestionTopic, QuestionVote, Topic
from samklang.knowledge.schemas import (
    Person,
    QuestionAnswerIn,
    QuestionAnswerOut,
    QuestionCreate,
    QuestionOut,
    QuestionSummary,
    SimilarQuestion,
)
from samklang.knowledge.service import _excerpt, _invalid, _names, _workspace_names
from samklang.sharing import feed, notify

QUEUE_LIMIT = 500


# Questions


def _shows_asker(reader: Reader, question: Question) -> bool:
    mine = reader.user is not None and question.asker_id == reader.user.id
    return not question.anonymous or reader.is_admin or mine


async def _summaries(
    session: AsyncSession, reader: Reader, questions: Sequence[Question]
) -> list[QuestionSummary]:
    """Lists of questions in four queries however many there are."""
    ids = [q.id for q in questions]
    topics: dict[str, list[str]] = {}
    voted: set[str] = set()
    if ids:
        rows = await session.execute(
            select(QuestionTopic.question_id, Topic.slug)
            .join(Topic, Topic.id == QuestionTopic.topic_id)
            .where(QuestionTopic.question_id.in_(ids))
            .order_by(Topic.position, Topic.slug)
        )
        for question_id, slug in rows:
            topics.setdefault(question_id, []).append(slug)
        if reader.user is not None:
            voted = set(
                await session.scalars(
                    select(QuestionVote.question_id).where(
                        QuestionVote.question_id.in_(ids), QuestionVote.user_id == reader.user.id
                    )
                )
            )
    names = await _names(
        session, [q.asker_id for q in questions] + [q.assignee_id for q in questions]
    )
    workspaces = await _workspace_names(
        session, [q.workspace_id for q in questions if _shows_asker(reader, q)]
    )
    me = reader.user.id if reader.user else None
    out = []
    for q in questions:
        shown = _shows_asker(reader, q)
        asker = (
            Person(id=q.asker_id, name=names.get(q.asker_id, "")) if shown and q.asker_id else None
        )
        workspace_id = q.workspace_id if shown else None
        out.append(
            QuestionSummary(
                id=q.id,
                title=q.title,
                status=QuestionStatus(q.status),
                topics=topics.get(q.id, []),
                anonymous=q.anonymous,
                asker=asker,
                workspace_id=workspace_id,
                workspace_name=workspaces.get(workspace_id) if workspace_id else None,
                mine=me is not None and q.asker_id == me,
                vote_count=q.vote_count,
                i_voted=q.id in voted,
                assignee=(
                    Person(id=q.assignee_id, name=names.get(q.assignee_id, ""))
                    if q.assignee_id and reader.is_admin
                    else None
                ),
                merged_into_id=q.merged_into_id,
                answered_at=q.answered_at if q.answer_published else None,
                has_draft=reader.is_admin and bool(q.answer_body) and not q.answer_published,
                created_at=q.created_at,
            )
        )
    return out


async def question_out(session: AsyncSession, reader: Reader, q: Question) -> QuestionOut:
    summary = (await _summaries(session, reader, [q]))[0]
    merged = list(
        await session.scalars(
            select(Question.id)
            .where(Question.merged_into_id == q.id)
            .order_by(Question.created_at, Question.id)
        )
    )
    answer = None
    if q.answer_published or (reader.is_admin and q.answer_body):
        answer = QuestionAnswerOut(
            body=q.answer_body,
            body_html=q.answer_html,
            published=q.answer_published,
            public=q.answer_public,
            answered_at=q.answered_at,
            updated_at=q.answer_updated_at,
        )
    return QuestionOut(
        **summary.model_dump(),
        body=q.body,
        body_html=q.body_html,
        answer=answer,
        merged=merged,
        version=q.version,
    )


async def _question(session: AsyncSession, reader: Reader, question_id: str) -> Question:
    """A question the signed-in caller may read (every one), or 404."""
    question = await session.get(Question, question_id)
    if question is None or reader.user is None:
        raise NotFound("No such question")
    return question


async def list_questions(
    session: AsyncSession,
    reader: Reader,
    *,
    mine: bool,
    status: str | None,
    topic: str | None,
    q: str | None,
    limit: int,
    after: list[Any] | None,
) -> Page[QuestionSummary]:
    assert reader.user is not None
    query = select(Question).where(Question.status != QuestionStatus.merged.value)
    if mine:
        voted = exists().where(
            QuestionVote.question_id == Question.id, QuestionVote.user_id == reader.user.id
        )
        query = query.where(or_(Question.asker_id == reader.user.id, voted))
    if status:
        query = query.where(Question.status == status)
    if topic:
        query = query.where(
            exists()
            .where(QuestionTopic.question_id == Question.id)
            .where(QuestionTopic.topic_id == Topic.id, Topic.slug == topic)
        )
    if q:
        words = search_index.terms(q)
        if words:
            query = query.where(search_index.backend_for(session).question_match(words))
    cursor = time_cursor(after)
    if cursor:
        query = query.where(before((Question.created_at, Question.id), cursor))
    rows = list(
        await session.scalars(
            query.order_by(Question.created_at.desc(), Question.id.desc()).limit(limit + 1)
        )
    )
    page, more = rows[:limit], len(rows) > limit
    return Page[QuestionSummary](
        items=await _summaries(session, reader, page),
        next_cursor=encode_cursor([page[-1].created_at.isoformat(), page[-1].id]) if more else None,
    )


async def _topic_ids(session: AsyncSession, slugs: Sequence[str]) -> list[str]:
    if not slugs:
        return []
    found = {
        r[0]: r[1]
        for r in await session.execute(
            select(Topic.slug, Topic.id).where(Topic.slug.in_(list(slugs)))
        )
    }
    missing = [s for s in slugs if s not in found]
    if missing:
        raise _invalid("topics", f"Unknown topic: {', '.join(missing)}")
    return [found[s] for s in dict.fromkeys(slugs)]


async def ask(session: AsyncSession, reader: Reader, data: QuestionCreate) -> QuestionOut:
    assert reader.user is not None
    topic_ids = await _topic_ids(session, data.topics)
    question = Question(
        title=data.title,
        body=data.body,
        body_html=render(data.body),
        asker_id=reader.user.id,
        workspace_id=min(reader.member_of) if reader.member_of else None,
        anonymous=data.anonymous,
        status=QuestionStatus.open.value,
        vote_count=0,
        answer_body="",
        answer_html="",
        answer_published=False,
        answer_public=False,
        version=1,
    )
    session.add(question)
    await session.flush()
    for topic_id in topic_ids:
        session.add(QuestionTopic(question_id=question.id, topic_id=topic_id))
    await session.flush()
    return await question_out(session, reader, question)


async def get_question(session: AsyncSession, reader: Reader, question_id: str) -> QuestionOut:
    return await question_out(session, reader, await _question(session, reader, question_id))


async def _recount(session: AsyncSession, question: Question) -> None:
    question.vote_count = int(
        await session.scalar(select(func.count()).where(QuestionVote.question_id == question.id))
        or 0
    )


async def vote(session: AsyncSession, reader: Reader, question_id: str, *, on: bool) -> QuestionOut:
    question = await _question(session, reader, question_id)
    assert reader.user is not None
    if question.status == QuestionStatus.merged.value:
        raise Conflict("This question was merged; vote on the one it was merged into")
    # Votes at the same moment take turns on the question's row: the count is computed
    # from the rows after the previous voter committed, and a double click finds its vote.
    await lock(session, Question.id, [question.id])
    existing = await session.get(
        QuestionVote, (question.id, reader.user.id), populate_existing=True
    )
    if on and existing is None:
        session.add(
            QuestionVote(question_id=question.id, user_id=reader.user.id, created_at=utcnow())
        )
    elif not on and existing is not None:
        await session.delete(existing)
    await session.flush()
    await _recount(session, question)
    await session.flush()
    return await question_out(session, reader, question)


async def merge(
    session: AsyncSession, reader: Reader, question_id: str, into_id: str
) -> QuestionOut:
    """Merge a duplicate into an earlier question: its asker and voters become voters of
    the survivor (each person once), its topics join the survivor's, and the questions
    merged into it before now point to the survivor."""
    source = await _question(session, reader, question_id)
    if into_id == source.id:
        raise _invalid("into_id", "A question cannot be merged into itself")
    target = await session.get(Question, into_id)
    if target is None:
        raise _invalid("into_id", "No such question")
    if source.status == QuestionStatus.merged.value:
        raise Conflict("This question is already merged")
    if target.status == QuestionStatus.merged.value:
        raise _invalid("into_id", "That question is itself merged; merge into its survivor")
    people = set(
        await session.scalars(
            select(QuestionVote.user_id).where(QuestionVote.question_id == source.id)
        )
    )
    if source.asker_id:
        people.add(source.asker_id)
    already = set(
        await session.scalars(
            select(QuestionVote.user_id).where(QuestionVote.question_id == target.id)
        )
    )
    if target.asker_id:
        already.add(target.asker_id)
    now = utcnow()
    for user_id in sorted(people - already):
        session.add(QuestionVote(question_id=target.id, user_id=user_id, created_at=now))
    await session.execute(delete(QuestionVote).where(QuestionVote.question_id == source.id))
    have = set(
        await session.scalars(
            select(QuestionTopic.topic_id).where(QuestionTopic.question_id == target.id)
        )
    )
    moving = await session.scalars(
        select(QuestionTopic.topic_id).where(QuestionTopic.question_id == source.id)
    )
    for topic_id in set(moving) - have:
        session.add(QuestionTopic(question_id=target.id, topic_id=topic_id))
    await session.execute(
        update(Question)
        .where(Question.merged_into_id == source.id)
        .values(merged_into_id=target.id)
    )
    if source.answer_published:  # its answer leaves the FAQ, and so the feed
        await feed.withdraw(session, source_type="answer", source_id=source.id)
    source.status = QuestionStatus.merged.value
    source.merged_into_id = target.id
    source.vote_count = 0
    source.version += 1
    await session.flush()
    await _recount(session, target)
    target.version += 1
    await session.flush()
    return await question_out(session, reader, target)


async def assign(
    session: AsyncSession, reader: Reader, question_id: str, user_id: str | None
) -> QuestionOut:
    question = await _question(session, reader, question_id)
    if user_id is not None:
        assignee = await session.get(User, user_id)
        if assignee is None or assignee.role != Role.admin.value or not assignee.is_active:
            raise _invalid("user_id", "Assign to a member of the project team")
    question.assignee_id = user_id
    await session.flush()
    return await question_out(session, reader, question)


async def publish_recipients(session: AsyncSession, question: Question) -> list[str]:
    """Who is told when the answer is published: the asker, every voter, and the askers
    and voters of the questions merged into it; each person once."""
    family = select(Question.id).where(
        or_(Question.id == question.id, Question.merged_into_id == question.id)
    )
    askers = select(Question.asker_id).where(
        Question.id.in_(family), Question.asker_id.is_not(None)
    )
    voters = select(QuestionVote.user_id).where(QuestionVote.question_id.in_(family))
    rows = await session.scalars(askers.union(voters))
    return sorted({r for r in rows if r})


async def answer(
    session: AsyncSession, reader: Reader, question_id: str, data: QuestionAnswerIn
) -> QuestionOut:
    question = await _question(session, reader, question_id)
    assert reader.user is not None
    if question.status == QuestionStatus.merged.value:
        raise Conflict("This question was merged; answer the one it was merged into")
    if data.version is not None and data.version != question.version:
        raise Conflict("Someone else saved a newer version; reload and save again")
    if data.publish and not data.body.strip():
        raise _invalid("body", "An answer to publish needs text")
    was_published = question.answer_published
    now = utcnow()
    question.answer_body = data.body
    question.answer_html = render(data.body)
    question.answer_public = data.public
    question.answer_updated_at = now
    question.answer_published = data.publish
    question.version += 1
    topic_slugs = list(
        await session.scalars(
            select(Topic.slug)
            .join(QuestionTopic, QuestionTopic.topic_id == Topic.id)
            .where(QuestionTopic.question_id == question.id)
        )
    )
    if data.publish:
        question.status = QuestionStatus.answered.value
        question.answered_by_id = reader.user.id
        if not was_published:
            question.answered_at = now
        await session.flush()
        await feed.publish(
            session,
            kind="answer",
            source_type="answer",
            source_id=question.id,
            workspace_id=None,
            visibility=Visibility.public.value if data.public else Visibility.network.value,
            title=question.title,
            excerpt=_excerpt(data.body),
            author_id=reader.user.id,
            topics=topic_slugs,
            url=f"/faq#q-{question.id}",
        )
        if not was_published:
            await notify.notify(
                session,
                recipients=await publish_recipients(session, question),
                kind="answer_published",
                actor_id=reader.user.id,
                target_type="question",
                target_id=question.id,
                workspace_id=None,
                title=question.title,
                text=_excerpt(data.body),
                url=f"/questions/{question.id}",
            )
    else:
        if was_published:
            question.status = QuestionStatus.open.value
            question.answered_at = None
            await session.flush()
            await feed.withdraw(session, source_type="answer", source_id=question.id)
        await session.flush()
    return await question_out(session, reader, question)


async def queue(session: AsyncSession, reader: Reader) -> list[QuestionSummary]:
    rows = list(
        await session.scalars(
            select(Question)
            .where(Question.status == QuestionStatus.open.value)
            .order_by(Question.vote_count.desc(), Question.created_at, Question.id)
            .limit(QUEUE_LIMIT)
        )
    )
    return await _summaries(session, reader, rows)


async def similar(session: AsyncSession, reader: Reader, q: str) -> list[SimilarQuestion]:
    words = search_index.terms(q)
    hits = await search_index.backend_for(session).search(
        session, reader, words, types=("question",), limit=5, offset=0, any_word=True
    )
    if not hits:
        return []
    rows = {
        r.id: r
        for r in await session.scalars(
            select(Question).where(Question.id.in_([h.id for h in hits]))
        )
    }
    return [
        SimilarQuestion(
            id=h.id,
            title=h.title,
            status=QuestionStatus(rows[h.id].status),
            vote_count=rows[h.id].vote_count,
            snippet=h.snippet,
        )
        for h in hits
        if h.id in rows
    ]


# A deleted account


async def anonymise_questions_of(session: AsyncSession, user_id: str) -> int:
    """The project team erases a deleted account's content: its questions stay (with
    their written answers they are the network's knowledge, and others voted for them)
    but no longer name the asker or the workspace it spoke for."""
    result = await session.execute(
        update(Question)
        .where(Question.asker_id == user_id)
        .values(anonymous=True, workspace_id=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
