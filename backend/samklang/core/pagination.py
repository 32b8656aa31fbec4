"""Keyset pagination: `?limit=&cursor=`, the cursor being the last row's sort values."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, or_

from samklang.core.errors import FieldError, ValidationFailed

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: every list endpoint answers `{items, next_cursor}`."""

    items: list[T]
    next_cursor: str | None = None


DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            errors=[FieldError(field="cursor", message="Invalid cursor")]
        ) from exc
    if not isinstance(values, list):
        raise ValidationFailed(errors=[FieldError(field="cursor", message="Invalid cursor")])
    return values


def time_cursor(after: list[Any] | None) -> tuple[datetime, str] | None:
    """A (created_at, id) cursor, checked."""
    if not after:
        return None
    try:
        return datetime.fromisoformat(str(after[0])), str(after[1])
    except (ValueError, IndexError) as exc:
        raise ValidationFailed(
            errors=[FieldError(field="cursor", message="Invalid cursor")]
        ) from exc


def before(columns: tuple[Any, Any], values: tuple[Any, Any]) -> ColumnElement[bool]:
    """Rows after the cursor in descending (a, b) order."""
    (a, b), (x, y) = columns, values
    return or_(a < x, and_(a == x, b < y))


def after(columns: tuple[Any, Any], values: tuple[Any, Any]) -> ColumnElement[bool]:
    """Rows after the cursor in ascending (a, b) order."""
    (a, b), (x, y) = columns, values
    return or_(a > x, and_(a == x, b > y))


class PageParams:
    def __init__(self, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> None:
        self.limit = limit
        self.after = decode_cursor(cursor)


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> PageParams:
    # async: FastAPI would run a class or plain function dependency in a worker thread.
    return PageParams(limit, cursor)


PageDep = Annotated[PageParams, Depends(page_params)]
