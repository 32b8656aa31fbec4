from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from samklang.auth.models import Invitation, Role
from tests.conftest import Deliver, Factory, SmtpServer

LINK = re.compile(r"http://testserver/invitation\?token=(\S+)")


async def invite(
    client: httpx.AsyncClient, factory: Factory, email: str = "ny@example.no", **extra: object
) -> httpx.Response:
    admin = await factory.user(role=Role.admin, name="Anne Admin")
    return await client.post(
        "/api/v1/invitations",
        json={"email": email, "name": "Nina Ny", "role": "member", **extra},
        headers={**factory.headers(admin), "Accept-Language": "nb"},
    )


async def invited_token(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> str:
    response = await invite(client, factory)
    assert response.status_code == 201, response.text
    assert await deliver() == 1
    (message,) = smtp.mailbox.messages
    assert message["To"] == "ny@example.no"
    assert message["Subject"] == "Du er invitert til Samklang"
    body = smtp.mailbox.bodies()[0]
    assert "Anne Admin" in body
    # the link's expiry as the catalogue writes a moment in bokmål (core/i18n.py: when)
    assert re.search(r"til \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d\)", body), body
    match = LINK.search(body)
    assert match
    return match.group(1)


async def test_invitation_accept_signs_in_once(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> None:
    token = await invited_token(client, factory, deliver, smtp)

    preview = await client.post("/api/v1/invitations/preview", json={"token": token})
    assert preview.json() == {"email": "ny@example.no", "name": "Nina Ny"}

    accepted = await client.post(
        "/api/v1/invitations/accept",
        json={"token": token, "name": "Nina Nydal", "password": "a good long password"},
        headers={"Accept-Language": "en"},
    )
    assert accepted.status_code == 200, accepted.text
    assert "samklang_refresh" in accepted.cookies
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {accepted.json()['access_token']}"}
    )
    assert me.json()["email"] == "ny@example.no"
    assert me.json()["name"] == "Nina Nydal"
    assert me.json()["role"] == "member"
    assert me.json()["locale"] == "en"

    again = await client.post(
        "/api/v1/invitations/accept",
        json={"token": token, "name": "Someone", "password": "another long password"},
    )
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_link"
    assert (
        await client.post("/api/v1/invitations/preview", json={"token": token})
    ).status_code == 400
    login = await client.post(
        "/api/v1/auth/login",
        data={"username": "ny@example.no", "password": "a good long password"},
    )
    assert login.status_code == 200


async def test_expired_invitation_is_refused(
    client: httpx.AsyncClient, factory: Factory, deliver: Deliver, smtp: SmtpServer
) -> None:
    token = await invited_token(client, factory, deliver, smtp)
    await factory.session.execute(
        update(Invitation).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    await factory.session.commit()
    response = await client.post(
        "/api/v1/invitations/accept",
        json={"token": token, "name": "Nina", "password": "a good long password"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_link"


async def test_accept_validates_password(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/invitations/accept",
        json={"token": "x", "name": "Nina", "password": "short"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert {"field": "password", "message": "Must be at least 10 characters."} in response.json()[
        "errors"
    ]


async def test_only_the_project_team_invites(client: httpx.AsyncClient, factory: Factory) -> None:
    body = {"email": "ny@example.no", "name": "Nina", "role": "member"}
    assert (await client.post("/api/v1/invitations", json=body)).status_code == 401
    for role in (Role.mentor, Role.member):
        user = await factory.user(role=role)
        response = await client.post(
            "/api/v1/invitations", json=body, headers=factory.headers(user)
        )
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"


async def test_inviting_an_existing_user_is_a_conflict(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await factory.user(email="ny@example.no")
    response = await invite(client, factory, email="NY@example.no")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


async def test_invitation_needs_a_valid_email(client: httpx.AsyncClient, factory: Factory) -> None:
    response = await invite(client, factory, email="not-an-email")
    assert response.status_code == 422
    assert {"field": "email", "message": "Skriv en gyldig e-postadresse."} in response.json()[
        "errors"
    ]
