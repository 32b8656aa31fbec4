"""The rules of signing in, tokens, invitations and password resets. No HTTP, no commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.service import record
from samklang.auth import repository as repo
from samklang.auth.models import (
    Invitation,
    LoginFailure,
    PasswordReset,
    RefreshToken,
    Role,
    User,
)
from samklang.auth.schemas import InvitationAccept, InvitationCreate, MeUpdate
from samklang.core.atomic import dialect
from samklang.core.config import Settings
from samklang.core.db import new_id, utcnow
from samklang.core.errors import (
    Conflict,
    InvalidCredentials,
    InvalidLink,
    NotFound,
    RateLimited,
    RefreshInvalid,
)
from samklang.core.i18n import t, when
from samklang.core.security import (
    AccessToken,
    create_access_token,
    hash_password,
    hash_token,
    new_opaque_token,
    verify_password,
)
from samklang.email.service import queue_email

IP_LIMIT_FACTOR = 4


@dataclass(frozen=True)
class SignIn:
    user: User
    access: AccessToken
    refresh_token: str


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def _issue_refresh(
    session: AsyncSession,
    settings: Settings,
    user: User,
    *,
    family_id: str | None = None,
    user_agent: str | None = None,
    ip: str | None = None,
) -> tuple[str, str]:
    """A new refresh token and the sign-in (family) it belongs to."""
    token = new_opaque_token()
    now = utcnow()
    family_id = family_id or new_id()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
            user_agent=(user_agent or "")[:300] or None,
            ip_address=ip,
        )
    )
    await session.flush()
    return token, family_id


async def sign_in(
    session: AsyncSession, settings: Settings, user: User, user_agent: str | None, ip: str | None
) -> SignIn:
    refresh, family = await _issue_refresh(session, settings, user, user_agent=user_agent, ip=ip)
    return SignIn(user, create_access_token(settings, user.id, session_id=family), refresh)


async def check_rate_limit(session: AsyncSession, settings: Settings, email: str, ip: str) -> None:
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    by_email = await repo.count_failures(session, email=email, since=since)
    by_ip = await repo.count_failures(session, ip=ip, since=since)
    if by_email >= settings.login_max_attempts or by_ip >= (
        settings.login_max_attempts * IP_LIMIT_FACTOR
    ):
        raise RateLimited(
            "Too many failed sign-ins. Wait a while and try again.",
            headers={"Retry-After": str(settings.login_window_seconds)},
        )


async def login(
    session: AsyncSession,
    settings: Settings,
    email: str,
    password: str,
    *,
    ip: str,
    user_agent: str | None = None,
) -> SignIn:
    """Raises InvalidCredentials after recording the failure: the caller must commit it."""
    email = normalize_email(email)
    # Attempts for one email take turns (until commit), so each counts the failures of
    # those before it: a burst gets at most the limit's answers. On PostgreSQL the turn
    # (an advisory lock) is taken before the slow hash, so only that many passwords are
    # hashed; on SQLite the turn is the whole database's write lock, taken after it.
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    early = dialect(session) == "postgresql"
    if early:
        await repo.serialize_sign_ins(session, email, since)
    await check_rate_limit(session, settings, email, ip)
    user = await repo.user_by_email(session, email)
    usable = user is not None and user.is_active
    ok = await verify_password(user.password_hash if usable and user else None, password)
    if not early:
        await repo.serialize_sign_ins(session, email, since)
        await check_rate_limit(session, settings, email, ip)
    if not ok or user is None:
        session.add(LoginFailure(email=email, ip_address=ip, created_at=utcnow()))
        await record(session, "auth.sign_in_failed", actor=None, ip=ip, details={"email": email})
        await session.flush()
        raise InvalidCredentials()
    await repo.clear_failures(session, email)
    signed_in = await sign_in(session, settings, user, user_agent, ip)
    await record(session, "auth.sign_in", actor=user, ip=ip, target_type="user", target_id=user.id)
    return signed_in


async def refresh(
    session: AsyncSession, settings: Settings, token: str | None, *, user_agent: str | None = None
) -> SignIn:
    """Rotate a refresh token. A reused token revokes its whole family (caller commits)."""
    if not token:
        raise RefreshInvalid()
    stored = await repo.refresh_by_hash(session, hash_token(token))
    if stored is None:
        raise RefreshInvalid()
    await repo.lock_user(session, stored.user_id)
    await session.refresh(stored)  # as it is now that ending a sign-in has to wait for us
    now = utcnow()
    if stored.used_at is not None or stored.revoked_at is not None:
        await repo.revoke_family(session, stored.family_id, now)
        raise RefreshInvalid()
    if stored.expires_at <= now or not await repo.mark_refresh_used(session, stored.id, now):
        await repo.revoke_family(session, stored.family_id, now)
        raise RefreshInvalid()
    user = await repo.user_by_id(session, stored.user_id)
    if user is None or not user.is_active:
        raise RefreshInvalid()
    new_token, family = await _issue_refresh(
        session,
        settings,
        user,
        family_id=stored.family_id,
        user_agent=user_agent,
        ip=stored.ip_address,
    )
    return SignIn(user, create_access_token(settings, user.id, session_id=family), new_token)


@dataclass(frozen=True)
class ActiveSignIn:
    id: str
    started_at: datetime
    last_active_at: datetime
    user_agent: str | None
    ip_address: str | None
    current: bool


async def active_sign_ins(
    session: AsyncSession, user: User, current_sign_in: str | None
) -> list[ActiveSignIn]:
    """The user's live sign-ins (devices), newest activity first; two queries."""
    live = await repo.live_sign_ins(session, user.id, utcnow())
    started = await repo.sign_in_started(session, [t.family_id for t in live])
    return [
        ActiveSignIn(
            id=t.family_id,
            started_at=started.get(t.family_id, t.created_at),
            last_active_at=t.created_at,
            user_agent=t.user_agent,
            ip_address=t.ip_address,
            current=t.family_id == current_sign_in,
        )
        for t in live
    ]


async def end_sign_in(session: AsyncSession, user: User, sign_in_id: str) -> None:
    """Revoke one of the user's sign-ins: its refresh token and its access tokens stop."""
    await repo.lock_user(session, user.id)
    live = await repo.live_sign_ins(session, user.id, utcnow())
    if sign_in_id not in {t.family_id for t in live}:
        raise NotFound("No such sign-in")
    await repo.revoke_family(session, sign_in_id, utcnow())
    await record(
        session, "auth.sign_in_ended", actor=user, target_type="sign_in", target_id=sign_in_id
    )


async def logout(session: AsyncSession, token: str | None) -> None:
    if not token:
        return
    stored = await repo.refresh_by_hash(session, hash_token(token))
    if stored is not None:
        await repo.lock_user(session, stored.user_id)
        await repo.revoke_family(session, stored.family_id, utcnow())
        await record(session, "auth.sign_out", actor=stored.user_id)


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    role: Role,
    password: str | None,
    locale: str = "nb",
) -> User:
    email = normalize_email(email)
    if await repo.user_by_email(session, email) is not None:
        raise Conflict(f"A user with the email {email} already exists")
    user = User(
        email=email,
        name=name.strip(),
        role=role.value,
        locale=locale,
        password_hash=await hash_password(password) if password else None,
    )
    session.add(user)
    await session.flush()
    await record(
        session,
        "user.created",
        actor=None,
        target_type="user",
        target_id=user.id,
        details={"role": role.value},
    )
    return user


async def update_me(session: AsyncSession, user: User, data: MeUpdate) -> User:
    if data.name is not None:
        user.name = data.name
    if data.locale is not None:
        user.locale = data.locale.value
    await session.flush()
    return user


def _link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.base_url.rstrip('/')}{path}?token={token}"


async def invite(
    session: AsyncSession, settings: Settings, inviter: User, data: InvitationCreate, locale: str
) -> Invitation:
    email = normalize_email(str(data.email))
    if await repo.user_by_email(session, email) is not None:
        raise Conflict(f"A user with the email {email} already exists")
    token = new_opaque_token()
    now = utcnow()
    invitation = Invitation(
        email=email,
        name=data.name,
        role=data.role.value,
        workspace_id=data.workspace_id,
        workspace_role=data.workspace_role,
        token_hash=hash_token(token),
        invited_by_id=inviter.id,
        created_at=now,
        expires_at=now + timedelta(days=settings.invitation_days),
    )
    session.add(invitation)
    await record(
        session,
        "auth.invitation_sent",
        actor=inviter,
        workspace_id=data.workspace_id,
        details={"email": email, "role": data.role.value, "workspace_role": data.workspace_role},
    )
    await queue_email(
        session,
        to=email,
        subject=t("email.invitation.subject", locale),
        body=t(
            "email.invitation.body",
            locale,
            name=data.name,
            inviter=inviter.name,
            link=_link(settings, "/invitation", token),
            expires=when(invitation.expires_at, locale),
        ),
    )
    await session.flush()
    return invitation


async def _valid_invitation(session: AsyncSession, token: str) -> Invitation:
    invitation = await repo.invitation_by_hash(session, hash_token(token))
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= utcnow()
    ):
        raise InvalidLink()
    return invitation


async def preview_invitation(session: AsyncSession, token: str) -> Invitation:
    return await _valid_invitation(session, token)


async def accept_invitation(
    session: AsyncSession,
    data: InvitationAccept,
    *,
    locale: str,
    ip: str,
    user_agent: str | None,
) -> tuple[User, Invitation]:
    """The invited person's account, created and recorded; the caller (network/account.py)
    adds the workspace membership the invitation names, then signs the person in."""
    invitation = await _valid_invitation(session, data.token)
    if not await repo.use_invitation(session, invitation.id, utcnow()):
        raise InvalidLink()
    user = await create_user(
        session,
        email=invitation.email,
        name=data.name,
        role=Role(invitation.role),
        password=data.password,
        locale=locale,
    )
    await record(
        session,
        "auth.invitation_accepted",
        actor=user,
        target_type="invitation",
        target_id=invitation.id,
        workspace_id=invitation.workspace_id,
        ip=ip,
    )
    return user, invitation


async def request_password_reset(session: AsyncSession, settings: Settings, email: str) -> None:
    """Always succeeds from the caller's view; sends a link only to an existing account."""
    user = await repo.user_by_email(session, normalize_email(email))
    if user is None or not user.is_active:
        return
    token = new_opaque_token()
    now = utcnow()
    reset = PasswordReset(
        user_id=user.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(minutes=settings.password_reset_minutes),
    )
    session.add(reset)
    await queue_email(
        session,
        to=user.email,
        subject=t("email.reset.subject", user.locale),
        body=t(
            "email.reset.body",
            user.locale,
            name=user.name,
            link=_link(settings, "/reset-password", token),
            expires=when(reset.expires_at, user.locale),
        ),
    )
    await session.flush()


async def confirm_password_reset(session: AsyncSession, token: str, password: str) -> User:
    reset = await repo.reset_by_hash(session, hash_token(token))
    now = utcnow()
    if reset is None or not await repo.use_reset(session, reset.id, now):
        raise InvalidLink()
    user = await repo.user_by_id(session, reset.user_id)
    if user is None:
        raise InvalidLink()
    user.password_hash = await hash_password(password)
    # A new password signs out every device (also one whose refresh is in flight).
    await repo.lock_user(session, user.id)
    await repo.revoke_user_tokens(session, user.id, now)
    await repo.clear_failures(session, user.email)
    await record(session, "auth.password_reset", actor=user, target_type="user", target_id=user.id)
    await session.flush()
    return user


DELETED_EMAIL_DOMAIN = "deleted.invalid"  # RFC 2606: never delivered


async def erase_account(session: AsyncSession, user: User) -> None:
    """Erase who the person was and end every way in: the row stays for the content that
    names it as author (shown as "former member"). Access tokens stop at once: the account
    is inactive and every sign-in is gone."""
    old_email = user.email
    now = utcnow()
    user.name = t("user.former_member", "nb")
    user.email = f"deleted-{user.id}@{DELETED_EMAIL_DOMAIN}"
    user.password_hash = None
    user.is_active = False
    user.deleted_at = now
    await repo.forget_user(session, user.id, old_email)
    await session.flush()
