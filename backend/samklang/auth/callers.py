"""Who is calling: an access token is verified once per token, and the signed-in person is
kept in memory between requests (core/memo.py) until a write to `users` or
`refresh_tokens` (a sign-out, an ended sign-in, a deleted account, a role change) makes the
memo stale, in this process or in another (LISTEN/NOTIFY).

Only requests that write nothing use the memo: a writing request loads the person in its
own unit of work, as an object of its session.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from samklang.auth.models import RefreshToken, User
from samklang.core.config import Settings
from samklang.core.memo import Memos
from samklang.core.security import access_identity

USER_TABLES = ("users", "refresh_tokens")
Identity = tuple[str, str | None, float]  # user id, sign-in id, expiry (Unix time)
_MAX_TOKENS = 10_000

_users = User.__table__
# Built once: the user of a live sign-in (not revoked), in one round trip.
USER_OF_SIGN_IN = select(*_users.c).where(
    _users.c.id == bindparam("user_id"),
    select(RefreshToken.id)
    .where(
        RefreshToken.family_id == bindparam("sign_in"),
        RefreshToken.user_id == bindparam("user_id"),
        RefreshToken.revoked_at.is_(None),
    )
    .exists(),
)


def user_from_row(row: dict[str, Any]) -> User:
    """A detached `User` from a row: reads like a loaded one, costs no query."""
    user = User(**row)
    make_transient_to_detached(user)
    return user


class Callers:
    def __init__(self, settings: Settings, memos: Memos) -> None:
        self.settings = settings
        self.memos = memos
        self.tokens: OrderedDict[str, Identity | None] = OrderedDict()
        self.users = memos.memo("callers.user", USER_TABLES)

    def identity(self, token: str) -> Identity | None:
        """(user id, sign-in id, expiry) of a valid, unexpired access token. The signature
        is checked once per token; the expiry on every call."""
        if token in self.tokens:
            found = self.tokens[token]
        else:
            found = self.tokens[token] = access_identity(self.settings, token)
            if len(self.tokens) > _MAX_TOKENS:
                self.tokens.popitem(last=False)
        if found is None or found[2] <= time.time():
            return None
        return found

    async def user(self, session: AsyncSession, user_id: str, sign_in: str) -> User | None:
        """The user of a live sign-in, from memory while nothing it was read from changed."""
        stamp = self.users.stamp()
        key = (user_id, sign_in)
        hit, row = self.users.get(key, stamp)
        if not hit:
            connection = await session.connection()
            found = (
                await connection.execute(USER_OF_SIGN_IN, {"user_id": user_id, "sign_in": sign_in})
            ).first()
            row = dict(found._mapping) if found is not None else None
            self.users.put(key, stamp, row)
        return user_from_row(row) if isinstance(row, dict) else None
