"""Follows: workspaces and topics a user follows.
No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.core.atomic import insert_ignore
from samklang.core.errors import (
    FieldError,
    ValidationFailed,
)
from samklang.network import service as network_service
from samklang.network.models import Workspace
from samklang.sharing import feed
from samklang.sharing.common import (
    _user_id,
)
from samklang.sharing.models import (
    TopicFollow,
    WorkspaceFollow,
)
from samklang.sharing.schemas import (
    FollowedTopic,
    FollowedWorkspace,
    Follows,
)


async def follow_workspace(session: AsyncSession, reader: Reader, workspace_id: str) -> None:
    user_id = _user_id(reader)
    workspace = await network_service.get_workspace(session, workspace_id)
    # Idempotent also when the same follow arrives twice at once.
    await insert_ignore(
        session,
        WorkspaceFollow,
        {"user_id": user_id, "workspace_id": workspace.id},
        ["user_id", "workspace_id"],
    )


async def unfollow_workspace(session: AsyncSession, reader: Reader, workspace_id: str) -> None:
    user_id = _user_id(reader)
    await network_service.get_workspace(session, workspace_id)
    await session.execute(
        delete(WorkspaceFollow).where(
            WorkspaceFollow.user_id == user_id, WorkspaceFollow.workspace_id == workspace_id
        )
    )


def _topic(topic: str) -> str:
    clean = feed.normalise_topic(topic)
    if not clean:
        raise ValidationFailed(errors=[FieldError(field="topic", message="Empty topic")])
    return clean


async def follow_topic(session: AsyncSession, reader: Reader, topic: str) -> None:
    user_id = _user_id(reader)
    clean = _topic(topic)
    await insert_ignore(
        session, TopicFollow, {"user_id": user_id, "topic": clean}, ["user_id", "topic"]
    )


async def unfollow_topic(session: AsyncSession, reader: Reader, topic: str) -> None:
    user_id = _user_id(reader)
    await session.execute(
        delete(TopicFollow).where(
            TopicFollow.user_id == user_id, TopicFollow.topic == _topic(topic)
        )
    )


async def my_follows(session: AsyncSession, reader: Reader) -> Follows:
    user_id = _user_id(reader)
    inside = reader.member_of | reader.mentor_of
    explicit = select(WorkspaceFollow.workspace_id).where(WorkspaceFollow.user_id == user_id)
    rows = await session.execute(
        select(Workspace.id, Workspace.name)
        .where(or_(Workspace.id.in_(explicit), Workspace.id.in_(sorted(inside))))
        .order_by(Workspace.sort_name)
    )
    topics = await session.scalars(
        select(TopicFollow.topic).where(TopicFollow.user_id == user_id).order_by(TopicFollow.topic)
    )
    return Follows(
        workspaces=[
            FollowedWorkspace(workspace_id=i, name=n, implicit=i in inside) for i, n in rows
        ],
        topics=[FollowedTopic(topic=t) for t in topics],
    )
