"""Every query of the auth domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import Invitation, LoginFailure, PasswordReset, RefreshToken, User
from samklang.core.atomic import lock, serialize
from samklang.email.models import EmailMessage


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    found: User | None = await session.scalar(
        select(User).where(User.email == email.strip().lower())
    )
    return found


async def user_by_id(session: AsyncSession, user_id: str) -> User | None:
    return await session.get(User, user_id)


async def user_for_access(session: AsyncSession, user_id: str, sign_in: str | None) -> User | None:
    """The user of an access token, in one query; None when its sign-in has been revoked
    (signed out, or ended from "active sign-ins"), so revocation takes effect at once."""
    if sign_in is None:  # a token that names no sign-in cannot be revoked: never accepted
        return None
    live = (
        select(RefreshToken.id)
        .where(
            RefreshToken.family_id == sign_in,
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
        )
        .exists()
    )
    user: User | None = await session.scalar(select(User).where(User.id == user_id, live))
    return user


async def live_sign_ins(session: AsyncSession, user_id: str, now: datetime) -> list[RefreshToken]:
    """The current (unused, unrevoked, unexpired) refresh token of each live sign-in."""
    rows = await session.scalars(
        select(RefreshToken)
        .where(
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
        .order_by(RefreshToken.created_at.desc())
    )
    return list(rows)


async def sign_in_started(session: AsyncSession, families: list[str]) -> dict[str, datetime]:
    if not families:
        return {}
    rows = await session.execute(
        select(RefreshToken.family_id, func.min(RefreshToken.created_at))
        .where(RefreshToken.family_id.in_(families))
        .group_by(RefreshToken.family_id)
    )
    return {family: started for family, started in rows.tuples()}


async def count_failures(
    session: AsyncSession, *, email: str | None = None, ip: str | None = None, since: datetime
) -> int:
    query = select(func.count()).select_from(LoginFailure).where(LoginFailure.created_at >= since)
    if email is not None:
        query = query.where(LoginFailure.email == email)
    if ip is not None:
        query = query.where(LoginFailure.ip_address == ip)
    return int(await session.scalar(query) or 0)


async def clear_failures(session: AsyncSession, email: str) -> None:
    await session.execute(delete(LoginFailure).where(LoginFailure.email == email))


async def prune_failures(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(LoginFailure).where(LoginFailure.created_at < before))


async def lock_user(session: AsyncSession, user_id: str) -> None:
    """Hold the user's row until commit: rotating a refresh token, ending a sign-in and
    revoking every sign-in (new password) take turns, so a rotation in flight cannot
    leave a new token in a family that was just revoked."""
    await lock(session, User.id, [user_id])


async def serialize_sign_ins(session: AsyncSession, email: str, since: datetime) -> None:
    """Sign-in attempts for one email take turns (until commit), so each counts the
    failures recorded by those before it; on SQLite the pruning of expired failures takes
    the write lock."""
    expired = delete(LoginFailure).where(
        LoginFailure.email == email, LoginFailure.created_at < since
    )
    await serialize(session, f"sign-in:{email}", sqlite_write=expired)


async def refresh_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    found: RefreshToken | None = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    )
    return found


async def mark_refresh_used(session: AsyncSession, token_id: str, now: datetime) -> bool:
    """Compare-and-set: only one request can use a refresh token."""
    result = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.id == token_id,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(used_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def revoke_family(session: AsyncSession, family_id: str, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_user_tokens(session: AsyncSession, user_id: str, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def invitation_by_hash(session: AsyncSession, token_hash: str) -> Invitation | None:
    found: Invitation | None = await session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash)
    )
    return found


async def use_invitation(session: AsyncSession, invitation_id: str, now: datetime) -> bool:
    result = await session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation_id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def reset_by_hash(session: AsyncSession, token_hash: str) -> PasswordReset | None:
    found: PasswordReset | None = await session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash)
    )
    return found


async def use_reset(session: AsyncSession, reset_id: str, now: datetime) -> bool:
    result = await session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.id == reset_id,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def forget_user(session: AsyncSession, user_id: str, email: str) -> None:
    """Delete what the auth domain keeps about a person whose account is deleted."""
    await session.execute(delete(RefreshToken).where(RefreshToken.user_id == user_id))
    await session.execute(delete(PasswordReset).where(PasswordReset.user_id == user_id))
    await session.execute(
        delete(Invitation).where(Invitation.email == email, Invitation.accepted_at.is_(None))
    )
    await session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    await session.execute(delete(EmailMessage).where(EmailMessage.to_address == email))
