"""Reactions ("useful", "inspiring") on any target.
No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.atomic import insert_ignore
from samklang.core.db import utcnow
from samklang.sharing.common import (
    _user_id,
    readable_target,
)
from samklang.sharing.models import (
    Reaction,
    ReactionKind,
)
from samklang.sharing.schemas import (
    ReactionCounts,
    ReactionIn,
    ReactionsOut,
    Reactor,
)


async def put_reaction(session: AsyncSession, reader: Reader, data: ReactionIn) -> ReactionsOut:
    me = _user_id(reader)
    target = await readable_target(session, reader, data.target_type, data.target_id)
    # Idempotent also when the same reaction arrives twice at once.
    await insert_ignore(
        session,
        Reaction,
        {
            "target_type": target.type,
            "target_id": target.id,
            "user_id": me,
            "kind": data.kind.value,
            "created_at": utcnow(),
        },
        ["target_type", "target_id", "user_id", "kind"],
    )
    return await reactions(session, reader, target.type, target.id)


async def delete_reaction(session: AsyncSession, reader: Reader, data: ReactionIn) -> ReactionsOut:
    me = _user_id(reader)
    target = await readable_target(session, reader, data.target_type, data.target_id)
    await session.execute(
        delete(Reaction).where(
            Reaction.target_type == target.type,
            Reaction.target_id == target.id,
            Reaction.user_id == me,
            Reaction.kind == data.kind.value,
        )
    )
    return await reactions(session, reader, target.type, target.id)


async def reactions(
    session: AsyncSession, reader: Reader, target_type: str, target_id: str
) -> ReactionsOut:
    target = await readable_target(session, reader, target_type, target_id)
    rows = await session.execute(
        select(Reaction.user_id, display_name(), Reaction.kind)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.target_type == target.type, Reaction.target_id == target.id)
        .order_by(Reaction.created_at, User.name)
    )
    counts = ReactionCounts()
    mine: list[ReactionKind] = []
    people: list[Reactor] = []
    me = reader.user.id if reader.user else None
    for uid, name, kind in rows:
        if kind not in ReactionKind.__members__:
            continue
        setattr(counts, kind, getattr(counts, kind) + 1)
        people.append(Reactor(user_id=uid, name=name, kind=ReactionKind(kind)))
        if uid == me:
            mine.append(ReactionKind(kind))
    return ReactionsOut(
        target_type=target.type, target_id=target.id, counts=counts, mine=mine, people=people
    )
