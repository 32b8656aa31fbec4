"""Topics, which questions and resources are filed under. No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.core.db import utcnow
from samklang.core.errors import Conflict, NotFound
from samklang.knowledge.models import Topic
from samklang.knowledge.schemas import TopicCreate, TopicOut, TopicUpdate

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
