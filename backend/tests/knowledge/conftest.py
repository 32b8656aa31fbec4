from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.sharing.models import FeedItem
from samklang.sharing.notification_models import Notification
from tests.learning.conftest import LEARNING_ROLES, outsider  # noqa: F401 - shared fixtures
from tests.network.conftest import World, world  # noqa: F401 - the shared network fixture

ROLES = LEARNING_ROLES
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")


async def ask(
    client: httpx.AsyncClient, net: World, who: str = "member", **fields: Any
) -> dict[str, Any]:
    payload = {"title": "Hva koster det å være pilot?", "body": "Egenandel?", **fields}
    response = await client.post("/api/v1/questions", json=payload, headers=net.headers(who))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def publish(
    client: httpx.AsyncClient,
    net: World,
    question_id: str,
    body: str = "Programmet dekker reise og opphold.",
    *,
    public: bool = True,
    publish: bool = True,
) -> dict[str, Any]:
    response = await client.put(
        f"/api/v1/questions/{question_id}/answer",
        json={"body": body, "publish": publish, "public": public},
        headers=net.headers("admin"),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def feed_row(session: AsyncSession, source_type: str, source_id: str) -> FeedItem | None:
    """The item's row in the real feed, as the database holds it now."""
    row: FeedItem | None = await session.scalar(
        select(FeedItem)
        .where(FeedItem.source_type == source_type, FeedItem.source_id == source_id)
        .execution_options(populate_existing=True)
    )
    return row


async def told(session: AsyncSession, kind: str, target_id: str) -> list[str]:
    """Recipients of the real notifications of this kind about this target."""
    return sorted(
        await session.scalars(
            select(Notification.recipient_id).where(
                Notification.kind == kind, Notification.target_id == target_id
            )
        )
    )
