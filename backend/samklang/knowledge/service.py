"""The rules of the knowledge domain. No HTTP, no commit.

Questions: every signed-in user reads every question that was not merged away; an
answer is a draft (project team only) until published. Anonymity hides the asker's name
and workspace from everyone but the asker and the project team. Resources follow the
four visibility levels, with the project team (workspace None) or a workspace as owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.auth.models import Role, User
from samklang.auth.names import display_name
from samklang.core.db import utcnow
from samklang.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from samklang.core.markdown import render
from samklang.core.pagination import before, decode_cursor, encode_cursor, time_cursor
from samklang.files import service as files_service
from samklang.files.models import StoredFile
from samklang.files.router import FileOut
from samklang.gatherings.models import Gathering
from samklang.knowledge import search as search_index
from samklang.knowledge.models import (
    Collection,
    CollectionItem,
    CollectionKind,
    Language,
    Question,
    QuestionStatus,
    QuestionTopic,
    QuestionVote,
    Resource,
    ResourceKind,
    ResourceTag,
    Section,
    Topic,
)
from samklang.knowledge.schemas import (
    CollectionCreate,
    CollectionOut,
    CollectionSummary,
    CollectionUpdate,
    Faq,
    FaqItem,
    FaqTopic,
    Person,
    QuestionAnswerIn,
    QuestionAnswerOut,
    QuestionCreate,
    QuestionOut,
    QuestionSummary,
    ResourceCreate,
    ResourceOut,
    ResourceUpdate,
    SearchHit,
    SearchPage,
    SectionIn,
    SectionOut,
    SimilarQuestion,
    TopicCreate,
    TopicOut,
    TopicUpdate,
)
from samklang.network.models import Workspace
from samklang.network.schemas import Page
from samklang.sharing import feed, notify

FEED_LEVELS = {Visibility.network.value, Visibility.observers.value, Visibility.public.value}
QUEUE_LIMIT = 500
SECTIONS = {
    CollectionKind.gathering_materials.value: [Section.materials],
    CollectionKind.theme_package.value: [
        Section.run_sheet,
        Section.preparation,
        Section.reflection,
    ],
}


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(errors=[FieldError(field=field, message=message)])


async def _names(session: AsyncSession, ids: Sequence[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, display_name()).where(User.id.in_(wanted)))
    return {r[0]: r[1] for r in rows}


async def _workspace_names(session: AsyncSession, ids: Sequence[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = await session.execute(
        select(Workspace.id, Workspace.name).where(Workspace.id.in_(wanted))
    )
    return {r[0]: r[1] for r in rows}


# Topics


def topic_out(topic: Topic) -> TopicOut:
    return TopicOut(
        id=topic.id,
        slug=topic.slug,
        name_nb=topic.name_nb,
        name_nn=topic.name_nn,
        name_en=topic.name_en,
        position=topic.position,
    )


async def _all_topics(session: AsyncSession) -> list[Topic]:
    return list(await session.scalars(select(Topic).order_by(Topic.position, Topic.slug)))


async def list_topics(session: AsyncSession) -> list[TopicOut]:
    return [topic_out(t) for t in await _all_topics(session)]


async def create_topic(session: AsyncSession, data: TopicCreate) -> TopicOut:
    if await session.scalar(select(Topic.id).where(Topic.slug == data.slug)):
        raise Conflict("A topic with this slug exists")
    topic = Topic(**data.model_dump())
    session.add(topic)
    await session.flush()
    return topic_out(topic)


async def update_topic(session: AsyncSession, topic_id: str, data: TopicUpdate) -> TopicOut:
    topic = await session.get(Topic, topic_id)
    if topic is None:
        raise NotFound("No such topic")
    for name, value in data.model_dump(exclude_none=True).items():
        setattr(topic, name, value)
    topic.updated_at = utcnow()
    await session.flush()
    return topic_out(topic)


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
    existing = await session.get(QuestionVote, (question.id, reader.user.id))
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


def _excerpt(markdown_text: str, length: int = 280) -> str:
    flat = " ".join(markdown_text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


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


# Resources


def _can_edit_resource(reader: Reader, resource: Resource) -> bool:
    if resource.workspace_id is None:
        return reader.is_admin
    return reader.can_write(resource.workspace_id)


def _can_read_resource(reader: Reader, resource: Resource) -> bool:
    if resource.workspace_id is None:
        return reader.is_admin or Visibility(resource.visibility) in reader.levels()
    return reader.can_read(resource.workspace_id, resource.visibility)


async def _resources_out(
    session: AsyncSession, reader: Reader, resources: Sequence[Resource]
) -> list[ResourceOut]:
    """Two queries however many resources: their files and their workspaces' names."""
    file_ids = [r.file_id for r in resources if r.file_id]
    files: dict[str, StoredFile] = {}
    if file_ids:
        files = {
            f.id: f
            for f in await session.scalars(select(StoredFile).where(StoredFile.id.in_(file_ids)))
        }
    workspaces = await _workspace_names(session, [r.workspace_id for r in resources])
    out = []
    for r in resources:
        stored = files.get(r.file_id or "")
        out.append(
            ResourceOut(
                id=r.id,
                kind=ResourceKind(r.kind),
                title=r.title,
                description=r.description,
                description_html=r.description_html,
                tags=list(r.tags),
                language=Language(r.language),
                url=r.url,
                file=FileOut(**files_service.file_out(stored)) if stored else None,
                download_url=f"/api/v1/resources/{r.id}/download",
                owner=r.workspace_id or "project",
                workspace_id=r.workspace_id,
                workspace_name=workspaces.get(r.workspace_id or ""),
                visibility=Visibility(r.visibility),
                download_count=r.download_count,
                can_edit=_can_edit_resource(reader, r),
                version=r.version,
                created_at=r.created_at,
                updated_at=r.updated_at,
            )
        )
    return out


async def list_resources(
    session: AsyncSession,
    reader: Reader,
    *,
    kind: str | None,
    tag: str | None,
    language: str | None,
    owner: str | None,
    sort: str,
    limit: int,
    after: list[Any] | None,
) -> Page[ResourceOut]:
    query = select(Resource).where(reader.filter(Resource.workspace_id, Resource.visibility))
    if kind:
        query = query.where(Resource.kind == kind)
    if language:
        query = query.where(Resource.language == language)
    if tag:
        query = query.where(
            exists().where(ResourceTag.resource_id == Resource.id, ResourceTag.tag == tag.lower())
        )
    if owner == "project":
        query = query.where(Resource.workspace_id.is_(None))
    elif owner:
        query = query.where(Resource.workspace_id == owner)
    if sort == "most_used":
        if after:
            try:
                count, last_id = int(after[0]), str(after[1])
            except (ValueError, IndexError, TypeError) as exc:
                raise _invalid("cursor", "Invalid cursor") from exc
            query = query.where(before((Resource.download_count, Resource.id), (count, last_id)))
        query = query.order_by(Resource.download_count.desc(), Resource.id.desc())
    else:
        cursor = time_cursor(after)
        if cursor:
            query = query.where(before((Resource.created_at, Resource.id), cursor))
        query = query.order_by(Resource.created_at.desc(), Resource.id.desc())
    rows = list(await session.scalars(query.limit(limit + 1)))
    page, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more:
        last = page[-1]
        next_cursor = encode_cursor(
            [last.download_count, last.id]
            if sort == "most_used"
            else [last.created_at.isoformat(), last.id]
        )
    return Page[ResourceOut](
        items=await _resources_out(session, reader, page), next_cursor=next_cursor
    )


async def _readable_resource(session: AsyncSession, reader: Reader, resource_id: str) -> Resource:
    resource = await session.get(Resource, resource_id)
    if resource is None or not _can_read_resource(reader, resource):
        raise NotFound("No such resource")
    return resource


async def get_resource(session: AsyncSession, reader: Reader, resource_id: str) -> ResourceOut:
    resource = await _readable_resource(session, reader, resource_id)
    return (await _resources_out(session, reader, [resource]))[0]


def _set_tags(session: AsyncSession, resource: Resource, tags: Sequence[str]) -> None:
    unique = list(dict.fromkeys(t for t in tags if t))
    resource.tags = unique
    for tag in unique:
        session.add(ResourceTag(resource_id=resource.id, tag=tag))


async def _share(session: AsyncSession, resource: Resource, author_id: str | None) -> None:
    """The feed contract: called on every create and change; below `network` the sharing
    domain takes the item out of the feed."""
    await feed.publish(
        session,
        kind="resource",
        source_type="resource",
        source_id=resource.id,
        workspace_id=resource.workspace_id,
        visibility=resource.visibility,
        title=resource.title,
        excerpt=_excerpt(resource.description),
        author_id=author_id,
        topics=list(resource.tags),
        url=f"/resources/{resource.id}",
    )


async def create_resource(
    session: AsyncSession, reader: Reader, data: ResourceCreate
) -> ResourceOut:
    assert reader.user is not None
    if data.workspace_id is None:
        if not reader.is_admin:
            raise Forbidden("Only the project team adds project resources")
        default = Visibility.network
    else:
        from samklang.network import service as network_service

        workspace = await network_service.get_workspace(session, data.workspace_id)
        if not reader.can_write(workspace.id):
            raise Forbidden("Only the workspace's members add its resources")
        if workspace.status == "withdrawn" and not reader.is_admin:
            raise Forbidden("The workspace has withdrawn; its content is read-only")
        default = Visibility.workspace
    if (data.url is None) == (data.file_id is None):
        raise ValidationFailed(
            "A resource is a file or an address, exactly one of them",
            errors=[
                FieldError(field="url", message="Give a file or an address"),
                FieldError(field="file_id", message="Give a file or an address"),
            ],
        )
    resource = Resource(
        kind=data.kind.value,
        title=data.title,
        description=data.description,
        description_html=render(data.description),
        tags=[],
        language=data.language.value,
        url=str(data.url) if data.url else None,
        file_id=None,
        workspace_id=data.workspace_id,
        visibility=(data.visibility or default).value,
        download_count=0,
        created_by_id=reader.user.id,
        version=1,
    )
    session.add(resource)
    await session.flush()
    _set_tags(session, resource, data.tags)
    if data.file_id:
        await files_service.attach(session, reader.user, [data.file_id], "resource", resource.id)
        resource.file_id = data.file_id
    await session.flush()
    await _share(session, resource, reader.user.id)
    return (await _resources_out(session, reader, [resource]))[0]


async def _editable_resource(session: AsyncSession, reader: Reader, resource_id: str) -> Resource:
    resource = await _readable_resource(session, reader, resource_id)
    if not _can_edit_resource(reader, resource):
        raise Forbidden("Only the owner edits this resource")
    return resource


async def _detach(session: AsyncSession, file_id: str | None) -> None:
    if file_id:
        await session.execute(
            update(StoredFile)
            .where(StoredFile.id == file_id)
            .values(attached_type=None, attached_id=None)
        )


async def update_resource(
    session: AsyncSession, reader: Reader, resource_id: str, data: ResourceUpdate
) -> ResourceOut:
    resource = await _editable_resource(session, reader, resource_id)
    assert reader.user is not None
    if data.version is not None and data.version != resource.version:
        raise Conflict("Someone else saved a newer version; reload and save again")
    fields = data.model_fields_set
    if "url" in fields and "file_id" in fields and data.url and data.file_id:
        raise _invalid("url", "Give a file or an address, not both")
    if data.file_id and data.file_id != resource.file_id:
        await files_service.attach(session, reader.user, [data.file_id], "resource", resource.id)
        await _detach(session, resource.file_id)
        resource.file_id, resource.url = data.file_id, None
    elif data.url is not None:
        await _detach(session, resource.file_id)
        resource.url, resource.file_id = str(data.url), None
    if data.title is not None:
        resource.title = data.title
    if data.description is not None:
        resource.description = data.description
        resource.description_html = render(data.description)
    for name in ("kind", "language", "visibility"):
        value = getattr(data, name)
        if value is not None:
            setattr(resource, name, value.value)
    if data.tags is not None:
        await session.execute(delete(ResourceTag).where(ResourceTag.resource_id == resource.id))
        _set_tags(session, resource, data.tags)
    resource.version += 1
    resource.updated_at = utcnow()
    await session.flush()
    await _share(session, resource, reader.user.id)
    return (await _resources_out(session, reader, [resource]))[0]


async def delete_resource(session: AsyncSession, reader: Reader, resource_id: str) -> None:
    resource = await _editable_resource(session, reader, resource_id)
    await _detach(session, resource.file_id)
    await record(
        session,
        "resource.deleted",
        actor=reader.user,
        target_type="resource",
        target_id=resource.id,
        workspace_id=resource.workspace_id,
        details={"title": resource.title},
    )
    await session.delete(resource)
    await session.flush()
    await feed.withdraw(session, source_type="resource", source_id=resource_id)


async def download(
    session: AsyncSession, reader: Reader, resource_id: str
) -> tuple[Resource, StoredFile | None]:
    """Count one use of a resource the caller may read; its file, or None for a link."""
    resource = await _readable_resource(session, reader, resource_id)
    stored = await session.get(StoredFile, resource.file_id) if resource.file_id else None
    if stored is None and not resource.url:
        raise NotFound("The resource has no file")
    await session.execute(
        update(Resource)
        .where(Resource.id == resource.id)
        .values(download_count=Resource.download_count + 1)
        .execution_options(synchronize_session=False)
    )
    return resource, stored


# Collections


def _collection_readable(reader: Reader) -> ColumnElement[bool]:
    if reader.is_admin:
        return Collection.id.is_not(None)
    return Collection.visibility.in_([v.value for v in reader.levels()])


async def _collection(session: AsyncSession, reader: Reader, collection_id: str) -> Collection:
    collection = await session.get(Collection, collection_id)
    if collection is None or not (
        reader.is_admin or Visibility(collection.visibility) in reader.levels()
    ):
        raise NotFound("No such collection")
    return collection


async def list_collections(
    session: AsyncSession, reader: Reader, *, gathering_id: str | None
) -> list[CollectionSummary]:
    query = select(Collection).where(_collection_readable(reader))
    if gathering_id:
        query = query.where(Collection.gathering_id == gathering_id)
    collections = list(await session.scalars(query.order_by(Collection.created_at.desc())))
    counts: dict[str, int] = {}
    if collections:
        rows = await session.execute(
            select(CollectionItem.collection_id, func.count())
            .join(Resource, Resource.id == CollectionItem.resource_id)
            .where(
                CollectionItem.collection_id.in_([c.id for c in collections]),
                reader.filter(Resource.workspace_id, Resource.visibility),
            )
            .group_by(CollectionItem.collection_id)
        )
        counts = {r[0]: int(r[1]) for r in rows}
    return [
        CollectionSummary(
            id=c.id,
            title=c.title,
            kind=CollectionKind(c.kind),
            gathering_id=c.gathering_id,
            visibility=Visibility(c.visibility),
            resource_count=counts.get(c.id, 0),
            created_at=c.created_at,
        )
        for c in collections
    ]


async def collection_out(
    session: AsyncSession, reader: Reader, collection: Collection
) -> CollectionOut:
    rows = list(
        await session.execute(
            select(CollectionItem.section, Resource)
            .join(Resource, Resource.id == CollectionItem.resource_id)
            .where(
                CollectionItem.collection_id == collection.id,
                reader.filter(Resource.workspace_id, Resource.visibility),
            )
            .order_by(CollectionItem.position, Resource.id)
        )
    )
    resources = await _resources_out(session, reader, [r[1] for r in rows])
    by_section: dict[str, list[ResourceOut]] = {}
    for (section, _), out in zip(rows, resources, strict=True):
        by_section.setdefault(section, []).append(out)
    texts = dict(collection.section_texts or {})
    sections = [
        SectionOut(
            key=key,
            body=str(texts.get(key.value, "")),
            body_html=render(str(texts.get(key.value, ""))),
            resources=by_section.get(key.value, []),
        )
        for key in SECTIONS[collection.kind]
    ]
    return CollectionOut(
        id=collection.id,
        title=collection.title,
        description=collection.description,
        description_html=render(collection.description),
        kind=CollectionKind(collection.kind),
        gathering_id=collection.gathering_id,
        visibility=Visibility(collection.visibility),
        sections=sections,
        version=collection.version,
        created_at=collection.created_at,
        updated_at=collection.updated_at,
    )


async def get_collection(
    session: AsyncSession, reader: Reader, collection_id: str
) -> CollectionOut:
    return await collection_out(session, reader, await _collection(session, reader, collection_id))


async def _check_gathering(session: AsyncSession, kind: str, gathering_id: str | None) -> None:
    if kind == CollectionKind.gathering_materials.value:
        if not gathering_id:
            raise _invalid("gathering_id", "A gathering's materials name the gathering")
        if await session.get(Gathering, gathering_id) is None:
            raise _invalid("gathering_id", "No such gathering")
    elif gathering_id and await session.get(Gathering, gathering_id) is None:
        raise _invalid("gathering_id", "No such gathering")


async def _set_sections(
    session: AsyncSession, collection: Collection, sections: Sequence[SectionIn]
) -> None:
    allowed = SECTIONS[collection.kind]
    ids: list[str] = []
    for s in sections:
        if s.key not in allowed:
            raise _invalid("sections", f"No section {s.key.value} in a {collection.kind}")
        ids.extend(s.resource_ids)
    if len(ids) != len(set(ids)):
        raise _invalid("sections", "A resource appears once in a collection")
    if ids:
        found = set(await session.scalars(select(Resource.id).where(Resource.id.in_(ids))))
        if set(ids) - found:
            raise _invalid("sections", "Unknown resource")
    await session.execute(
        delete(CollectionItem).where(CollectionItem.collection_id == collection.id)
    )
    position = 0
    for s in sections:
        for resource_id in s.resource_ids:
            session.add(
                CollectionItem(
                    collection_id=collection.id,
                    resource_id=resource_id,
                    section=s.key.value,
                    position=position,
                )
            )
            position += 1
    collection.section_texts = {s.key.value: s.body for s in sections if s.body}


async def create_collection(
    session: AsyncSession, reader: Reader, data: CollectionCreate
) -> CollectionOut:
    await _check_gathering(session, data.kind.value, data.gathering_id)
    collection = Collection(
        title=data.title,
        description=data.description,
        kind=data.kind.value,
        gathering_id=data.gathering_id,
        section_texts={},
        visibility=data.visibility.value,
        version=1,
    )
    session.add(collection)
    await session.flush()
    await _set_sections(session, collection, data.sections)
    await session.flush()
    return await collection_out(session, reader, collection)


async def update_collection(
    session: AsyncSession, reader: Reader, collection_id: str, data: CollectionUpdate
) -> CollectionOut:
    collection = await _collection(session, reader, collection_id)
    if data.version is not None and data.version != collection.version:
        raise Conflict("Someone else saved a newer version; reload and save again")
    if data.title is not None:
        collection.title = data.title
    if data.description is not None:
        collection.description = data.description
    if data.visibility is not None:
        collection.visibility = data.visibility.value
    if "gathering_id" in data.model_fields_set:
        await _check_gathering(session, collection.kind, data.gathering_id)
        collection.gathering_id = data.gathering_id
    if data.sections is not None:
        await _set_sections(session, collection, data.sections)
    collection.version += 1
    collection.updated_at = utcnow()
    await session.flush()
    return await collection_out(session, reader, collection)


async def delete_collection(session: AsyncSession, actor: User, collection_id: str) -> None:
    collection = await session.get(Collection, collection_id)
    if collection is None:
        raise NotFound("No such collection")
    await record(
        session,
        "collection.deleted",
        actor=actor,
        target_type="collection",
        target_id=collection.id,
        details={"title": collection.title},
    )
    await session.delete(collection)
    await session.flush()


# Search


def _url(hit: search_index.Hit) -> str:
    if hit.type == "question":
        return f"/questions/{hit.id}"
    if hit.type == "resource":
        return f"/resources/{hit.id}"
    if hit.type == "cycle":
        return f"/cycles/{hit.id}"
    if hit.type == "entry":
        return f"/cycles/{hit.parent_id}#entry-{hit.id}"
    if hit.type == "gathering":
        return f"/gatherings/{hit.id}"
    return f"/workspaces/{hit.id}"


async def search(
    session: AsyncSession,
    reader: Reader,
    q: str,
    *,
    type: str | None,
    limit: int,
    cursor: str | None,
) -> SearchPage:
    """Two queries after the caller's memberships: the ranked hits with their snippets,
    and the names of the workspaces they belong to."""
    values = decode_cursor(cursor)
    try:
        offset = max(0, int(values[0])) if values else 0
    except (ValueError, TypeError) as exc:
        raise _invalid("cursor", "Invalid cursor") from exc
    words = search_index.terms(q)
    types = search_index.readable_types(reader)
    if type is not None:
        types = (type,) if type in types else ()
    if not words or not types:
        return SearchPage(items=[], next_cursor=None)
    hits = await search_index.backend_for(session).search(
        session, reader, words, types=types, limit=limit + 1, offset=offset
    )
    page, more = hits[:limit], len(hits) > limit
    names = await _workspace_names(session, [h.workspace_id for h in page])
    return SearchPage(
        items=[
            SearchHit(
                type=h.type,
                id=h.id,
                title=h.title,
                snippet=h.snippet,
                url=_url(h),
                workspace_id=h.workspace_id,
                workspace_name=names.get(h.workspace_id or ""),
                rank=float(h.rank),
            )
            for h in page
        ],
        next_cursor=encode_cursor([offset + limit]) if more else None,
    )


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
