"""Sign-in, refresh and the failed-sign-in limit under requests at the same moment."""

from __future__ import annotations

import itertools
import re

import httpx
import pytest
from sqlalchemy import select

from conftest import DEMO_PASSWORD, Server, at_once, figure, no_server_errors

pytestmark = pytest.mark.races

ROUNDS = 3
BURST = 12
_addresses = itertools.count(1)


def address() -> dict[str, str]:
    """A client address of its own (uvicorn trusts X-Forwarded-For from 127.0.0.1), so the
    per-address limit of one test does not reach into the next."""
    n = next(_addresses)
    return {"X-Forwarded-For": f"10.20.{n // 250}.{n % 250 + 1}"}


async def email_of(server: Server, user_id: str) -> str:
    from samklang.auth.models import User

    return str(await server.scalar(select(User.email).where(User.id == user_id)))


async def sign_in(http: httpx.AsyncClient, email: str) -> tuple[str, str, str]:
    """Sign in: (access token, refresh token, the sign-in's id)."""
    response = await http.post(
        "/api/v1/auth/login",
        data={"username": email, "password": DEMO_PASSWORD},
        headers=address(),
    )
    assert response.status_code == 200, response.text
    access = response.json()["access_token"]
    refresh = response.cookies["samklang_refresh"]
    http.cookies.clear()
    mine = await http.get("/api/v1/me/sign-ins", headers={"Authorization": f"Bearer {access}"})
    current = next(s["id"] for s in mine.json() if s["current"])
    return access, refresh, current


def refresh_with(http: httpx.AsyncClient, token: str) -> httpx.Request:
    return http.build_request("POST", "/api/v1/auth/refresh", cookies={"samklang_refresh": token})


async def refresh(http: httpx.AsyncClient, token: str) -> httpx.Response:
    response = await http.send(refresh_with(http, token))
    http.cookies.clear()
    return response


async def test_ended_sign_in_stays_ended(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: a refresh in flight while the sign-in is ended leaves no working refresh
    token, and the ended sign-in is not listed again."""
    survived = 0
    for _ in range(ROUNDS):
        email = await email_of(server, await server.user())
        _a, ended_refresh, ended_id = await sign_in(http, email)
        other_access, _r, _id = await sign_in(http, email)
        auth = {"Authorization": f"Bearer {other_access}"}
        responses = await at_once(
            lambda t=ended_refresh: refresh(http, t),
            lambda i=ended_id: http.delete(f"/api/v1/me/sign-ins/{i}", headers=auth),
        )
        no_server_errors(responses)
        rotated = responses[0]
        listed = {s["id"] for s in (await http.get("/api/v1/me/sign-ins", headers=auth)).json()}
        alive = ended_id in listed
        if rotated.status_code == 200:
            again = await refresh(http, rotated.cookies["samklang_refresh"])
            alive = alive or again.status_code == 200
        survived += alive
    figure(f"end-sign-in/{server}", f"{survived} of {ROUNDS} ended sign-ins still worked")
    assert survived == 0


async def test_password_reset_ends_a_refresh_in_flight(
    http: httpx.AsyncClient, server: Server
) -> None:
    """Invariant: a new password (reset link) signs out every device, also one whose
    refresh is in flight at that moment."""
    from samklang.email.models import EmailMessage

    survived = 0
    for _ in range(ROUNDS):
        email = await email_of(server, await server.user())
        _a, refresh_token, _id = await sign_in(http, email)
        asked = await http.post("/api/v1/auth/password-reset", json={"email": email})
        assert asked.status_code == 202
        body = await server.scalar(
            select(EmailMessage.body_text).where(EmailMessage.to_address == email)
        )
        token = re.search(r"token=([A-Za-z0-9_\-]+)", body).group(1)  # type: ignore[union-attr]
        responses = await at_once(
            lambda t=refresh_token: refresh(http, t),
            lambda t=token: http.post(
                "/api/v1/auth/password-reset/confirm",
                json={"token": t, "password": "a-new-password-42"},
            ),
        )
        no_server_errors(responses)
        assert responses[1].status_code == 204, responses[1].text
        if responses[0].status_code == 200:
            again = await refresh(http, responses[0].cookies["samklang_refresh"])
            survived += again.status_code == 200
    figure(f"reset-vs-refresh/{server}", f"{survived} of {ROUNDS} sign-ins survived a reset")
    assert survived == 0


async def test_failed_sign_in_limit_holds_in_a_burst(
    http: httpx.AsyncClient, server: Server
) -> None:
    """Invariant: of 12 wrong passwords for one email sent at once, at most
    SAMKLANG_LOGIN_MAX_ATTEMPTS (5) are checked (401); the rest are refused (429). (12: the
    burst fits the server's connection pool of 15, so what is measured is the limit.)"""
    worst = 0
    for _ in range(2):
        email = await email_of(server, await server.user())
        where = address()
        responses = await at_once(
            *(
                lambda: http.post(
                    "/api/v1/auth/login",
                    data={"username": email, "password": "wrong-password"},
                    headers=where,
                )
                for _ in range(BURST)
            )
        )
        no_server_errors(responses)
        checked = sum(r.status_code == 401 for r in responses)
        assert checked + sum(r.status_code == 429 for r in responses) == BURST
        worst = max(worst, checked)
    figure(f"sign-in-limit/{server}", f"at most {worst} of {BURST} checked against a limit of 5")
    assert worst <= 5
