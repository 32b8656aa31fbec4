from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from samklang.auth.models import PasswordReset
from tests.conftest import PASSWORD, Deliver, Factory, SmtpServer

LINK = re.compile(r"http://testserver/reset-password\?token=(\S+)")
NEW = "a brand new password"


async def request_reset(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> str:
    await factory.user(email="kari@example.no", locale="en")
    response = await client.post("/api/v1/auth/password-reset", json={"email": "Kari@example.no"})
    assert response.status_code == 202
    assert await deliver() == 1
    (message,) = smtp.mailbox.messages
    assert message["Subject"] == "Reset your Samklang password"
    match = LINK.search(smtp.mailbox.bodies()[0])
    assert match
    return match.group(1)


async def login(client: httpx.AsyncClient, password: str) -> int:
    response = await client.post(
        "/api/v1/auth/login", data={"username": "kari@example.no", "password": password}
    )
    return response.status_code


async def test_reset_sets_a_new_password_once(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> None:
    token = await request_reset(client, factory, deliver, smtp)
    # A sign-in made before the reset...
    signed_in = await client.post(
        "/api/v1/auth/login", data={"username": "kari@example.no", "password": PASSWORD}
    )
    old_session = signed_in.cookies["samklang_refresh"]

    response = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW}
    )
    assert response.status_code == 204
    assert await login(client, NEW) == 200
    assert await login(client, PASSWORD) == 401
    # ...is signed out by the new password.
    client.cookies.clear()
    client.cookies.set("samklang_refresh", old_session)
    assert (await client.post("/api/v1/auth/refresh")).status_code == 401

    again = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": "third password!"}
    )
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_link"


async def test_unknown_email_gets_the_same_answer_and_no_mail(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> None:
    response = await client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.no"})
    assert response.status_code == 202
    assert await deliver() == 0
    assert smtp.mailbox.messages == []


async def test_expired_reset_link(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> None:
    token = await request_reset(client, factory, deliver, smtp)
    await factory.session.execute(
        update(PasswordReset).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    await factory.session.commit()
    response = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW}
    )
    assert response.status_code == 400
    assert await login(client, PASSWORD) == 200


async def test_reset_validates_password(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": "x", "password": "short"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"
