"""Helpers the sharing modules share: the caller, names, readable targets, private comments.
No HTTP, no commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.errors import (
    FieldError,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
)
from samklang.sharing import targets
from samklang.sharing.models import (
    Comment,
)
from samklang.sharing.targets import Target


def _user_id(reader: Reader) -> str:
    if reader.user is None:
        raise NotAuthenticated()
    return reader.user.id


async def _names(session: AsyncSession, ids: Sequence[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, display_name()).where(User.id.in_(wanted)))
    return {r[0]: r[1] for r in rows}


# Targets


async def readable_target(
    session: AsyncSession, reader: Reader, target_type: str, target_id: str
) -> Target:
    if not targets.is_target_kind(target_type):
        raise ValidationFailed(
            errors=[FieldError(field="target_type", message="Unknown target type")]
        )
    target = await targets.resolve(session, target_type, target_id)
    if target is None or not targets.can_read(reader, target):
        raise NotFound("No such item")
    return target


def _private_filter(reader: Reader) -> Any:
    """Comments the reader may see as far as `private` goes."""
    if reader.is_admin:
        return true()
    inside = sorted(reader.member_of | reader.mentor_of)
    return or_(Comment.private.is_(False), Comment.workspace_id.in_(inside))


def _require_author_or_admin(reader: Reader, author_id: str | None) -> None:
    me = _user_id(reader)
    if not (reader.is_admin or me == author_id):
        raise Forbidden("Only its author and the project team")
