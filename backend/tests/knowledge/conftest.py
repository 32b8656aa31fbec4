from __future__ import annotations

from typing import Any

import httpx

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
