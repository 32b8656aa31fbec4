"""Password hashing (argon2), access tokens (JWT) and opaque one-time tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from samklang.core.config import Settings

ALGORITHM = "HS256"
_hasher = PasswordHasher()
# A hash of a random password, verified against when the email is unknown, so a
# failed sign-in takes the same time whether or not the account exists.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(hash_: str, password: str) -> bool:
    try:
        return _hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(hash_: str | None, password: str) -> bool:
    if hash_ is None:
        await anyio.to_thread.run_sync(_verify, _DUMMY_HASH, password)
        return False
    return await anyio.to_thread.run_sync(_verify, hash_, password)


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_in: int


def create_access_token(
    settings: Settings,
    user_id: str,
    *,
    now: datetime | None = None,
    session_id: str | None = None,
) -> AccessToken:
    now = now or datetime.now(UTC)
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims = {
        "sub": user_id,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "typ": "access",
    }
    if session_id is not None:
        claims["sid"] = session_id  # the sign-in (refresh-token family) it belongs to
    token = jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)
    return AccessToken(token=token, expires_in=int(lifetime.total_seconds()))


def decode_access_token(settings: Settings, token: str) -> str | None:
    """The user id of a valid access token, or None. The algorithm is pinned."""
    claims = access_claims(settings, token)
    return claims[0] if claims else None


def access_claims(settings: Settings, token: str) -> tuple[str, str | None] | None:
    """(user id, sign-in id or None) of a valid access token, or None."""
    identity = access_identity(settings, token)
    return identity[:2] if identity else None


def access_identity(settings: Settings, token: str) -> tuple[str, str | None, float] | None:
    """(user id, sign-in id or None, expiry as a Unix time) of a valid access token."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            options={"require_exp": True, "require_iat": True, "require_sub": True},
        )
    except JWTError:
        return None
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str):
        return None
    sid = claims.get("sid")
    return str(claims["sub"]), sid if isinstance(sid, str) else None, float(claims["exp"])


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """One-time and refresh tokens are stored only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()
