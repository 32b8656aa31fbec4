"""Active sign-ins ("devices") in my profile: listed, and revocable at once (issue: Trust)."""

from __future__ import annotations

import httpx

from tests.conftest import PASSWORD, Factory

COOKIE = "samklang_refresh"


async def login(client: httpx.AsyncClient, email: str, agent: str) -> tuple[str, str]:
    """Sign in from a 'device'; returns (access token, refresh cookie)."""
    client.cookies.clear()
    response = await client.post(
        "/api/v1/auth/login",
        data={"username": email, "password": PASSWORD},
        headers={"User-Agent": agent},
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"], response.cookies[COOKIE]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_ins(client: httpx.AsyncClient, token: str, cookie: str) -> list[dict]:
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)
    response = await client.get("/api/v1/me/sign-ins", headers=bearer(token))
    assert response.status_code == 200, response.text
    # the factory's own sign-in (no user agent) is not one of the "devices" here
    return [s for s in response.json() if s["user_agent"] is not None]


async def test_each_sign_in_is_listed_and_mine_is_marked(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    user = await factory.user(email="kari@example.no")
    laptop, laptop_cookie = await login(client, user.email, "Firefox on the laptop")
    phone, phone_cookie = await login(client, user.email, "Safari on the phone")

    listed = await sign_ins(client, laptop, laptop_cookie)
    assert sorted(s["user_agent"] for s in listed) == [
        "Firefox on the laptop",
        "Safari on the phone",
    ]
    assert [s["user_agent"] for s in listed if s["current"]] == ["Firefox on the laptop"]
    assert all(s["ip_address"] == "127.0.0.1" for s in listed)

    # Refreshing keeps one entry per device (the rotated token replaces the old one).
    client.cookies.clear()
    client.cookies.set(COOKIE, phone_cookie)
    rotated = await client.post(
        "/api/v1/auth/refresh", headers={"User-Agent": "Safari on the phone"}
    )
    assert rotated.status_code == 200
    listed = await sign_ins(client, laptop, laptop_cookie)
    assert len(listed) == 2


async def test_ending_a_sign_in_stops_its_tokens_at_once(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    user = await factory.user(email="kari@example.no")
    laptop, laptop_cookie = await login(client, user.email, "laptop")
    phone, phone_cookie = await login(client, user.email, "phone")
    phone_id = next(
        s["id"] for s in await sign_ins(client, laptop, laptop_cookie) if s["user_agent"] == "phone"
    )
    assert (await client.get("/api/v1/me", headers=bearer(phone))).status_code == 200

    ended = await client.delete(f"/api/v1/me/sign-ins/{phone_id}", headers=bearer(laptop))
    assert ended.status_code == 204

    # The phone's access token stops now, not when it expires; its refresh token too.
    assert (await client.get("/api/v1/me", headers=bearer(phone))).status_code == 401
    client.cookies.clear()
    client.cookies.set(COOKIE, phone_cookie)
    assert (await client.post("/api/v1/auth/refresh")).status_code == 401
    # The laptop goes on.
    assert (await client.get("/api/v1/me", headers=bearer(laptop))).status_code == 200
    assert [s["user_agent"] for s in await sign_ins(client, laptop, laptop_cookie)] == ["laptop"]


async def test_signing_out_stops_the_access_token_too(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    user = await factory.user(email="kari@example.no")
    token, cookie = await login(client, user.email, "laptop")
    client.cookies.set(COOKIE, cookie)
    assert (await client.post("/api/v1/auth/logout")).status_code == 204
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401


async def test_nobody_else_can_see_or_end_my_sign_ins(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    kari = await factory.user(email="kari@example.no")
    ola = await factory.user(email="ola@example.no")
    kari_token, kari_cookie = await login(client, kari.email, "kari's laptop")
    ola_token, ola_cookie = await login(client, ola.email, "ola's laptop")
    kari_sign_in = (await sign_ins(client, kari_token, kari_cookie))[0]["id"]

    assert [s["user_agent"] for s in await sign_ins(client, ola_token, ola_cookie)] == [
        "ola's laptop"
    ]
    other = await client.delete(f"/api/v1/me/sign-ins/{kari_sign_in}", headers=bearer(ola_token))
    assert other.status_code == 404
    assert (await client.get("/api/v1/me", headers=bearer(kari_token))).status_code == 200

    client.cookies.clear()
    assert (await client.get("/api/v1/me/sign-ins")).status_code == 401
    assert (await client.delete(f"/api/v1/me/sign-ins/{kari_sign_in}")).status_code == 401
