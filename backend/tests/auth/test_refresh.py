from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from samklang.auth.models import RefreshToken
from tests.conftest import PASSWORD, Factory

COOKIE = "samklang_refresh"


async def sign_in(client: httpx.AsyncClient, factory: Factory) -> str:
    user = await factory.user(email="kari@example.no")
    response = await client.post(
        "/api/v1/auth/login", data={"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    return response.cookies[COOKIE]


async def refresh_with(client: httpx.AsyncClient, token: str) -> httpx.Response:
    client.cookies.clear()
    client.cookies.set(COOKIE, token)
    return await client.post("/api/v1/auth/refresh")


async def test_refresh_rotates_the_cookie(client: httpx.AsyncClient, factory: Factory) -> None:
    first = await sign_in(client, factory)
    response = await refresh_with(client, first)
    assert response.status_code == 200, response.text
    second = response.cookies[COOKIE]
    assert second != first
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.json()["email"] == "kari@example.no"
    third = await refresh_with(client, second)
    assert third.status_code == 200


async def test_reusing_a_rotated_token_revokes_the_family(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    first = await sign_in(client, factory)
    second = (await refresh_with(client, first)).cookies[COOKIE]
    reuse = await refresh_with(client, first)
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "refresh_invalid"
    # The successor is revoked too: no grace period.
    assert (await refresh_with(client, second)).status_code == 401


async def test_other_sign_ins_survive_a_revoked_family(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    first = await sign_in(client, factory)
    other = (
        await client.post(
            "/api/v1/auth/login", data={"username": "kari@example.no", "password": PASSWORD}
        )
    ).cookies[COOKIE]
    await refresh_with(client, first)
    await refresh_with(client, first)  # reuse: revokes the first family only
    assert (await refresh_with(client, other)).status_code == 200


async def test_refresh_without_or_with_unknown_cookie(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/refresh")
    assert response.status_code == 401
    assert response.json()["code"] == "refresh_invalid"
    assert (await refresh_with(client, "made-up-token")).status_code == 401


async def test_expired_refresh_token(client: httpx.AsyncClient, factory: Factory) -> None:
    token = await sign_in(client, factory)
    await factory.session.execute(
        update(RefreshToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    await factory.session.commit()
    assert (await refresh_with(client, token)).status_code == 401


async def test_logout_revokes_and_clears(client: httpx.AsyncClient, factory: Factory) -> None:
    token = await sign_in(client, factory)
    client.cookies.clear()
    client.cookies.set(COOKIE, token)
    response = await client.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert 'samklang_refresh=""' in response.headers["set-cookie"]
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert (await refresh_with(client, token)).status_code == 401


async def test_logout_without_cookie_is_harmless(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/v1/auth/logout")).status_code == 204
