from __future__ import annotations

import httpx

from tests.conftest import Factory


async def test_patch_me_changes_name_and_locale(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    user = await factory.user()
    headers = factory.headers(user)
    response = await client.patch(
        "/api/v1/me", json={"name": "  Åse Ødegård  ", "locale": "nn"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Åse Ødegård"
    assert response.json()["locale"] == "nn"
    again = await client.get("/api/v1/me", headers=headers)
    assert again.json()["locale"] == "nn"


async def test_patch_me_rejects_bad_input_in_the_callers_language(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    user = await factory.user()
    headers = {**factory.headers(user), "Accept-Language": "nn-NO,nn;q=0.9,en;q=0.5"}
    response = await client.patch("/api/v1/me", json={"name": "", "locale": "sv"}, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["title"] == "Nokre felt må rettast."
    assert {"field": "name", "message": "Feltet må fyllast ut."} in body["errors"]
    assert {"field": "locale", "message": "Vel ein av dei gyldige verdiane."} in body["errors"]
    me = await client.get("/api/v1/me", headers=headers)
    assert me.json()["name"] == "Test Testesen"


async def test_patch_me_requires_sign_in(client: httpx.AsyncClient) -> None:
    assert (await client.patch("/api/v1/me", json={"name": "x"})).status_code == 401
