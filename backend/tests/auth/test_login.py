from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
from jose import jwt

from samklang.auth.models import Role
from samklang.core.config import Settings
from samklang.core.security import create_access_token
from tests.conftest import PASSWORD, Factory


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/login", data={"username": email, "password": password})


async def test_login_returns_token_and_sets_refresh_cookie(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    user = await factory.user(email="Kari@Example.no")
    response = await login(client, "  kari@example.NO ", PASSWORD)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 15 * 60
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("samklang_refresh=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Path=/api/v1/auth" in cookie

    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "id": user.id,
        "email": "kari@example.no",
        "name": "Test Testesen",
        "role": "member",
        "locale": "nb",
        "memberships": [],
    }


async def test_wrong_password_and_unknown_email_look_the_same(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await factory.user(email="kari@example.no")

    async def timed(email: str) -> tuple[httpx.Response, float]:
        start = time.perf_counter()
        response = await login(client, email, "wrong password!")
        return response, time.perf_counter() - start

    # The quickest of three each (alternating): a loaded machine delays single requests.
    samples: dict[str, list[float]] = {"kari@example.no": [], "nobody@example.no": []}
    for _ in range(3):
        for email, times in samples.items():
            answer, seconds = await timed(email)
            times.append(seconds)
            if email == "kari@example.no":
                wrong = answer
            else:
                unknown = answer
    t_wrong, t_unknown = min(samples["kari@example.no"]), min(samples["nobody@example.no"])
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "invalid_credentials"
    # The same body apart from each request's own id (core/request_id.py).
    assert {**wrong.json(), "request_id": None} == {**unknown.json(), "request_id": None}
    assert wrong.json()["request_id"] != unknown.json()["request_id"]
    # Both verify an argon2 hash: neither answers in a fraction of the other's time.
    assert 0.25 < t_wrong / t_unknown < 4


async def test_inactive_user_cannot_sign_in(
    client: httpx.AsyncClient, factory: Factory, session: object
) -> None:
    user = await factory.user(email="gone@example.no")
    user.is_active = False
    await factory.session.commit()
    assert (await login(client, "gone@example.no", PASSWORD)).status_code == 401


async def test_rate_limit_per_email_and_reset_on_success(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    await factory.user(email="kari@example.no")
    for _ in range(4):
        assert (await login(client, "kari@example.no", "nope nope nope")).status_code == 401
    # A successful sign-in resets the count for that email...
    assert (await login(client, "kari@example.no", PASSWORD)).status_code == 200
    for _ in range(5):
        assert (await login(client, "kari@example.no", "nope nope nope")).status_code == 401
    # ...but after five failures even the right password is refused for a while.
    limited = await login(client, "kari@example.no", PASSWORD)
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert int(limited.headers["retry-after"]) > 0


async def test_rate_limit_per_client_address(client: httpx.AsyncClient) -> None:
    # 4 x the per-email limit of failures spread over many emails from one address.
    for i in range(20):
        response = await login(client, f"guess{i}@example.no", "nope nope nope")
        assert response.status_code == 401
    response = await login(client, "another@example.no", "nope nope nope")
    assert response.status_code == 429


async def test_failures_outside_the_window_do_not_count(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from samklang.auth.models import LoginFailure

    await factory.user(email="kari@example.no")
    old = datetime.now(UTC) - timedelta(hours=1)
    for _ in range(10):
        factory.session.add(
            LoginFailure(email="kari@example.no", ip_address="1.2.3.4", created_at=old)
        )
    await factory.session.commit()
    assert (await login(client, "kari@example.no", PASSWORD)).status_code == 200


async def test_login_missing_fields_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", data={"username": "x@example.no"})
    assert response.status_code == 422
    assert {"field": "password", "message": "Feltet må fylles ut."} in response.json()["errors"]


async def _me(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


async def test_expired_token_is_refused(
    client: httpx.AsyncClient, factory: Factory, settings: Settings
) -> None:
    user = await factory.user()
    past = datetime.now(UTC) - timedelta(minutes=16)
    sign_in = factory.sign_ins[user.id]
    expired = create_access_token(settings, user.id, now=past, session_id=sign_in).token
    response = await _me(client, expired)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Bearer"
    fresh = create_access_token(settings, user.id, session_id=sign_in).token
    assert (await _me(client, fresh)).status_code == 200
    # A token that names no sign-in cannot be revoked: the app issues none, and takes none.
    without = create_access_token(settings, user.id).token
    assert (await _me(client, without)).status_code == 401


async def test_tampered_tokens_are_refused(
    client: httpx.AsyncClient, factory: Factory, settings: Settings
) -> None:
    user = await factory.user(role=Role.admin)
    good = factory.token(user)
    secret = settings.secret_key.get_secret_value()
    now = datetime.now(UTC)
    claims = {
        "sub": user.id,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "typ": "access",
        "sid": factory.sign_ins[user.id],
    }

    header, payload, signature = good.split(".")
    bad_signature = f"{header}.{payload}.{signature[:-4]}AAAA"

    import base64
    import json

    def b64(data: dict[str, object]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    alg_none = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    wrong_alg = jwt.encode(claims, secret, algorithm="HS512")
    wrong_key = jwt.encode(claims, "another-secret-another-secret-0123", algorithm="HS256")
    no_exp = jwt.encode({k: v for k, v in claims.items() if k != "exp"}, secret, "HS256")
    no_sub = jwt.encode({k: v for k, v in claims.items() if k != "sub"}, secret, "HS256")
    wrong_type = jwt.encode({**claims, "typ": "refresh"}, secret, "HS256")
    other_user = jwt.encode(
        {**claims, "sub": "00000000-0000-0000-0000-000000000000"}, secret, "HS256"
    )

    assert (await _me(client, good)).status_code == 200
    for token in (
        bad_signature,
        alg_none,
        wrong_alg,
        wrong_key,
        no_exp,
        no_sub,
        wrong_type,
        other_user,
        "not-a-jwt",
    ):
        response = await _me(client, token)
        assert response.status_code == 401, token
        assert response.json()["code"] == "not_authenticated"


async def test_me_requires_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401
    assert body["code"] == "not_authenticated"
    assert set(body) >= {"type", "title", "status", "detail", "code"}
