"""The rules of the knowledge domain: what its parts share, and search. No HTTP, no commit.

- topics.py: the topics questions and resources are filed under
- questions.py: questions, votes, merging, answers and the project team's queue
- faq.py: the published answers by topic
- resources.py: resources and their files
- collections.py: collections of resources
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access import readers
from samklang.access.reader import Reader, Visibility
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.errors import FieldError, ValidationFailed
from samklang.core.pagination import decode_cursor, encode_cursor
from samklang.knowledge import search as search_index
from samklang.knowledge.schemas import SearchHit, SearchPage
from samklang.network.models import Workspace

FEED_LEVELS = {Visibility.network.value, Visibility.observers.value, Visibility.public.value}


async def reader(session: AsyncSession, user: User | None) -> Reader:
    return await readers.reader(session, user)


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


def _excerpt(markdown_text: str, length: int = 280) -> str:
    flat = " ".join(markdown_text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


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
