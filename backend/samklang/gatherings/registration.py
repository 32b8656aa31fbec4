"""Registration: seats (capacity, per-workspace quotas, shared pools) and the waiting list."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.auth.models import User
from samklang.auth.names import display_name
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import (
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from samklang.email.service import queue_email
from samklang.gatherings.base import RegistrationClosed, _open, _t, _when, lock_gathering
from samklang.gatherings.models import (
    Gathering,
    Mode,
    Registration,
    RegistrationStatus,
    SeatPool,
)
from samklang.gatherings.schemas import (
    MyRegistration,
    RegistrationIn,
    RegistrationOut,
)
from samklang.network import service as network_service


async def _in_person_counts(session: AsyncSession, ids: Sequence[str]) -> dict[str, int]:
    if not ids:
        return {}
    rows = await session.execute(
        select(Registration.gathering_id, func.count())
        .where(
            Registration.gathering_id.in_(list(ids)),
            Registration.mode == Mode.in_person.value,
            Registration.status == RegistrationStatus.confirmed.value,
        )
        .group_by(Registration.gathering_id)
    )
    return {r[0]: int(r[1]) for r in rows}


async def _mine(session: AsyncSession, user: User, ids: Sequence[str]) -> dict[str, MyRegistration]:
    if not ids:
        return {}
    rows = list(
        await session.scalars(
            select(Registration).where(
                Registration.gathering_id.in_(list(ids)), Registration.user_id == user.id
            )
        )
    )
    waiting_in = [r.gathering_id for r in rows if r.status == RegistrationStatus.waiting]
    queue: dict[str, list[str]] = {}
    if waiting_in:
        for gathering_id, registration_id in await session.execute(
            select(Registration.gathering_id, Registration.id)
            .where(
                Registration.gathering_id.in_(waiting_in),
                Registration.status == RegistrationStatus.waiting.value,
            )
            .order_by(Registration.waiting_since, Registration.id)
        ):
            queue.setdefault(gathering_id, []).append(registration_id)
    return {
        r.gathering_id: MyRegistration(
            mode=Mode(r.mode),
            workspace_id=r.workspace_id,
            status=RegistrationStatus(r.status),
            diet=r.diet,
            accessibility=r.accessibility,
            waiting_position=(
                queue[r.gathering_id].index(r.id) + 1
                if r.status == RegistrationStatus.waiting
                else None
            ),
        )
        for r in rows
    }


# Registration


async def _seat_limit(
    session: AsyncSession, gathering: Gathering, workspace_id: str | None
) -> tuple[int | None, list[str]]:
    """The in-person seats the registrant's workspace may use and the workspaces sharing them."""
    if workspace_id is None:
        return None, []
    pools = await session.scalars(select(SeatPool).where(SeatPool.gathering_id == gathering.id))
    for pool in pools:
        if workspace_id in pool.workspace_ids:
            return pool.seats, list(pool.workspace_ids)
    return gathering.seats_per_workspace, [workspace_id]


async def _has_seat(
    session: AsyncSession, gathering: Gathering, workspace_id: str | None, exclude: str | None
) -> bool:
    def confirmed_in_person() -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = [
            Registration.gathering_id == gathering.id,
            Registration.mode == Mode.in_person.value,
            Registration.status == RegistrationStatus.confirmed.value,
        ]
        if exclude:
            clauses.append(Registration.id != exclude)
        return clauses

    if gathering.capacity is not None:
        taken = await session.scalar(select(func.count()).where(*confirmed_in_person()))
        if int(taken or 0) >= gathering.capacity:
            return False
    seats, sharing = await _seat_limit(session, gathering, workspace_id)
    if seats is not None:
        taken = await session.scalar(
            select(func.count()).where(
                *confirmed_in_person(),
                Registration.workspace_id.in_(sharing),
            )
        )
        if int(taken or 0) >= seats:
            return False
    return True


async def register(
    session: AsyncSession,
    settings: Settings,
    reader: Reader,
    gathering: Gathering,
    data: RegistrationIn,
) -> MyRegistration:
    user = reader.user
    assert user is not None
    await lock_gathering(session, gathering)
    if not _open(gathering) and not reader.is_admin:
        raise RegistrationClosed("The registration deadline has passed")
    pilot_workspaces = reader.member_of
    if data.workspace_id is not None and data.workspace_id not in reader.member_of:
        raise ValidationFailed(
            errors=[FieldError(field="workspace_id", message="Not one of your workspaces")]
        )
    workspace_id = data.workspace_id or (sorted(pilot_workspaces)[0] if pilot_workspaces else None)
    only_observer = (
        reader.observer_member
        and not reader.pilot_member
        and not (reader.is_admin or reader.is_mentor)
    )
    if not reader.member_of and not (reader.is_admin or reader.is_mentor):
        raise Forbidden("Only members of a workspace, mentors and the project team register")
    if only_observer:
        if not gathering.open_to_observers:
            raise Forbidden("This gathering is for the pilots")
        if data.mode is Mode.in_person:
            raise ValidationFailed(
                errors=[FieldError(field="mode", message="Observers take part online")]
            )
    registration = await session.scalar(
        select(Registration).where(
            Registration.gathering_id == gathering.id, Registration.user_id == user.id
        )
    )
    was_seated = registration is not None and (
        registration.mode == Mode.in_person and registration.status == RegistrationStatus.confirmed
    )
    if registration is None:
        registration = Registration(
            gathering_id=gathering.id,
            user_id=user.id,
            mode=data.mode.value,
            status=RegistrationStatus.confirmed.value,
        )
        session.add(registration)
    registration.workspace_id = workspace_id
    registration.diet, registration.accessibility = data.diet, data.accessibility
    registration.updated_at = utcnow()
    if data.mode is Mode.in_person and not was_seated:
        await session.flush()
        if await _has_seat(session, gathering, workspace_id, exclude=registration.id):
            registration.status = RegistrationStatus.confirmed.value
            registration.waiting_since = None
        else:
            if (
                registration.status != RegistrationStatus.waiting
                or registration.mode != Mode.in_person
            ):
                registration.waiting_since = utcnow()
            registration.status = RegistrationStatus.waiting.value
    elif data.mode is not Mode.in_person:
        registration.status = RegistrationStatus.confirmed.value
        registration.waiting_since = None
    registration.mode = data.mode.value
    await session.flush()
    if was_seated and data.mode is not Mode.in_person:
        await promote_waiting(session, settings, gathering)
    return (await _mine(session, user, [gathering.id]))[gathering.id]


async def promote_waiting(session: AsyncSession, settings: Settings, gathering: Gathering) -> int:
    """Move people up from the waiting list, first come first served, while seats allow.
    Under the gathering's lock; each move is a conditional update (still waiting), so a
    person is promoted, and told, once."""
    await lock_gathering(session, gathering)
    waiting = list(
        await session.scalars(
            select(Registration)
            .where(
                Registration.gathering_id == gathering.id,
                Registration.status == RegistrationStatus.waiting.value,
            )
            .order_by(Registration.waiting_since, Registration.id)
        )
    )
    moved = 0
    for registration in waiting:
        if await _has_seat(session, gathering, registration.workspace_id, exclude=registration.id):
            promoted = await session.execute(
                update(Registration)
                .where(
                    Registration.id == registration.id,
                    Registration.status == RegistrationStatus.waiting.value,
                )
                .values(status=RegistrationStatus.confirmed.value, waiting_since=None)
                .execution_options(synchronize_session=False)
            )
            if getattr(promoted, "rowcount", 0) != 1:
                continue
            registration.status = RegistrationStatus.confirmed.value
            registration.waiting_since = None
            moved += 1
            user = await session.get(User, registration.user_id)
            if user is not None:
                await queue_email(
                    session,
                    to=user.email,
                    subject=_t("seat.subject", user.locale, title=gathering.title),
                    body=_t(
                        "seat.body",
                        user.locale,
                        name=user.name,
                        title=gathering.title,
                        when=_when(gathering.starts_at),
                        link=f"{settings.base_url.rstrip('/')}/gatherings/{gathering.id}",
                    ),
                )
    return moved


async def registrations(session: AsyncSession, gathering: Gathering) -> list[RegistrationOut]:
    rows = list(
        await session.execute(
            select(Registration, display_name(), User.email)
            .join(User, User.id == Registration.user_id)
            .where(Registration.gathering_id == gathering.id)
            .order_by(Registration.status, User.name)
        )
    )
    names = await network_service.workspace_names(
        session, [r[0].workspace_id for r in rows if r[0].workspace_id]
    )
    return [
        RegistrationOut(
            id=r.id,
            user_id=r.user_id,
            name=name,
            email=email,
            workspace_id=r.workspace_id,
            workspace_name=names.get(r.workspace_id or ""),
            mode=Mode(r.mode),
            status=RegistrationStatus(r.status),
            diet=r.diet,
            accessibility=r.accessibility,
            attended=r.attended,
            created_at=r.created_at,
        )
        for r, name, email in rows
    ]


async def mark_attendance(
    session: AsyncSession, gathering: Gathering, registration_id: str, attended: bool
) -> None:
    registration = await session.get(Registration, registration_id)
    if registration is None or registration.gathering_id != gathering.id:
        raise NotFound("No such registration")
    registration.attended = attended
    await session.flush()


def registrations_csv(rows: list[RegistrationOut]) -> str:

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "navn",
            "e-post",
            "arbeidsrom",
            "deltakelse",
            "status",
            "kost",
            "tilrettelegging",
            "oppmøtt",
        ]
    )
    for r in rows:
        writer.writerow(
            [
                _cell(r.name),
                _cell(r.email),
                _cell(r.workspace_name or ""),
                r.mode.value,
                r.status.value,
                _cell(r.diet),
                _cell(r.accessibility),
                "" if r.attended is None else ("ja" if r.attended else "nei"),
            ]
        )
    return buffer.getvalue()


def _cell(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; defuse it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
