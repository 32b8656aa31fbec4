"""The rules of gatherings. No HTTP, no commit.

The parts live in modules of their own (registration, calendar, reminders, group_work,
assignments); their public functions are importable from here as well."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.service import record
from samklang.auth.models import User
from samklang.core.atomic import lock
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import (
    FieldError,
    ValidationFailed,
)
from samklang.core.markdown import render
from samklang.gatherings.assignments import (
    assignment_out,
    create_assignment,
    get_assignment,
    list_assignments,
    respond,
)
from samklang.gatherings.base import (
    OSLO,
    RegistrationClosed,
    StaleAnswer,
    _cohort_id,
    _open,
    get_gathering,
    lock_gathering,
)
from samklang.gatherings.calendar import feed_gatherings, feed_token, ics
from samklang.gatherings.group_work import (
    add_group,
    add_prompt,
    can_read_group_work,
    group_work,
    history,
    save_answer,
    share_summary,
    summary_html,
    summary_markdown,
)
from samklang.gatherings.models import (
    AgendaItem,
    CalendarFeed,
    Gathering,
    Registration,
    ReminderSent,
    SeatPool,
)
from samklang.gatherings.registration import (
    _in_person_counts,
    _mine,
    mark_attendance,
    promote_waiting,
    register,
    registrations,
    registrations_csv,
)
from samklang.gatherings.reminders import send_reminders
from samklang.gatherings.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    GatheringIn,
    GatheringOut,
    GatheringSummary,
    GatheringUpdate,
    Material,
    MyRegistration,
    SeatPoolIn,
    SeatPoolOut,
)

__all__ = [
    "OSLO",
    "RegistrationClosed",
    "StaleAnswer",
    "add_group",
    "add_prompt",
    "assignment_out",
    "can_read_group_work",
    "create_assignment",
    "create_gathering",
    "feed_gatherings",
    "feed_token",
    "forget_user",
    "gathering_out",
    "get_assignment",
    "get_gathering",
    "group_work",
    "history",
    "ics",
    "list_assignments",
    "list_gatherings",
    "mark_attendance",
    "promote_waiting",
    "register",
    "registrations",
    "registrations_csv",
    "respond",
    "save_answer",
    "send_reminders",
    "share_summary",
    "summary_html",
    "summary_markdown",
    "update_gathering",
]


# Gatherings


def _summary(g: Gathering, count: int, mine: MyRegistration | None) -> GatheringSummary:
    return GatheringSummary(
        id=g.id,
        cohort_id=g.cohort_id,
        title=g.title,
        starts_at=g.starts_at,
        ends_at=g.ends_at,
        place=g.place,
        online_url=g.online_url,
        open_to_observers=g.open_to_observers,
        cancelled=g.cancelled,
        registration_deadline=g.registration_deadline,
        registration_open=_open(g),
        in_person_count=count,
        capacity=g.capacity,
        my_registration=mine,
    )


async def list_gatherings(session: AsyncSession, user: User, when: str) -> list[GatheringSummary]:
    query = select(Gathering)
    now = utcnow()
    if when == "upcoming":
        query = query.where(Gathering.ends_at >= now).order_by(Gathering.starts_at)
    elif when == "past":
        query = query.where(Gathering.ends_at < now).order_by(Gathering.starts_at.desc())
    else:
        query = query.order_by(Gathering.starts_at)
    rows = list(await session.scalars(query))
    ids = [g.id for g in rows]
    counts = await _in_person_counts(session, ids)
    mine = await _mine(session, user, ids)
    return [_summary(g, counts.get(g.id, 0), mine.get(g.id)) for g in rows]


async def gathering_out(session: AsyncSession, user: User, g: Gathering) -> GatheringOut:
    counts = await _in_person_counts(session, [g.id])
    mine = await _mine(session, user, [g.id])
    agenda = list(
        await session.scalars(
            select(AgendaItem)
            .where(AgendaItem.gathering_id == g.id)
            .order_by(AgendaItem.starts_at, AgendaItem.position)
        )
    )
    pools = list(await session.scalars(select(SeatPool).where(SeatPool.gathering_id == g.id)))
    return GatheringOut(
        **_summary(g, counts.get(g.id, 0), mine.get(g.id)).model_dump(),
        description=g.description,
        description_html=render(g.description),
        address=g.address,
        seats_per_workspace=g.seats_per_workspace,
        materials=[Material.model_validate(m) for m in g.materials],
        agenda=[
            AgendaItemOut(
                id=a.id,
                starts_at=a.starts_at,
                title=a.title,
                lead=a.lead,
                materials=[Material.model_validate(m) for m in a.materials],
            )
            for a in agenda
        ],
        seat_pools=[
            SeatPoolOut(id=p.id, name=p.name, seats=p.seats, workspace_ids=list(p.workspace_ids))
            for p in pools
        ],
        sequence=g.sequence,
    )


def _set_agenda(session: AsyncSession, gathering: Gathering, items: list[AgendaItemIn]) -> None:
    for i, item in enumerate(items):
        session.add(
            AgendaItem(
                gathering_id=gathering.id,
                starts_at=item.starts_at,
                title=item.title,
                lead=item.lead,
                materials=[m.model_dump(mode="json") for m in item.materials],
                position=i,
            )
        )


def _set_pools(session: AsyncSession, gathering: Gathering, pools: list[SeatPoolIn]) -> None:
    for pool in pools:
        session.add(
            SeatPool(
                gathering_id=gathering.id,
                name=pool.name,
                seats=pool.seats,
                workspace_ids=list(dict.fromkeys(pool.workspace_ids)),
            )
        )


async def create_gathering(session: AsyncSession, data: GatheringIn) -> Gathering:
    cohort_id = await _cohort_id(session, data.cohort_id)
    gathering = Gathering(
        cohort_id=cohort_id,
        title=data.title,
        description=data.description,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place=data.place,
        address=data.address,
        online_url=data.online_url,
        open_to_observers=data.open_to_observers,
        capacity=data.capacity,
        seats_per_workspace=data.seats_per_workspace,
        registration_deadline=data.registration_deadline,
        materials=[m.model_dump(mode="json") for m in data.materials],
        cancelled=False,
        sequence=0,
    )
    session.add(gathering)
    await session.flush()
    _set_agenda(session, gathering, data.agenda)
    _set_pools(session, gathering, data.seat_pools)
    await session.flush()
    return gathering


async def update_gathering(
    session: AsyncSession,
    settings: Settings,
    gathering: Gathering,
    data: GatheringUpdate,
    *,
    actor: User | None = None,
) -> Gathering:
    await lock_gathering(session, gathering)
    fields = data.model_fields_set
    was_cancelled = gathering.cancelled
    for name in (
        "title",
        "description",
        "starts_at",
        "ends_at",
        "place",
        "address",
        "online_url",
        "open_to_observers",
        "cancelled",
    ):
        value = getattr(data, name)
        if name in fields and value is not None:
            setattr(gathering, name, value)
    for name in ("capacity", "seats_per_workspace", "registration_deadline"):
        if name in fields:
            setattr(gathering, name, getattr(data, name))
    if gathering.ends_at <= gathering.starts_at:
        raise ValidationFailed(
            errors=[FieldError(field="ends_at", message="Must be after the start")]
        )
    if data.materials is not None:
        gathering.materials = [m.model_dump(mode="json") for m in data.materials]
    if data.agenda is not None:
        await session.execute(delete(AgendaItem).where(AgendaItem.gathering_id == gathering.id))
        _set_agenda(session, gathering, data.agenda)
    if data.seat_pools is not None:
        await session.execute(delete(SeatPool).where(SeatPool.gathering_id == gathering.id))
        _set_pools(session, gathering, data.seat_pools)
    if gathering.cancelled and not was_cancelled:
        await record(
            session,
            "gathering.cancelled",
            actor=actor,
            target_type="gathering",
            target_id=gathering.id,
            details={"title": gathering.title},
        )
    # Calendar clients take a higher SEQUENCE as "this event changed".
    gathering.sequence += 1
    gathering.updated_at = utcnow()
    await session.flush()
    if {"capacity", "seats_per_workspace", "seat_pools"} & fields:
        await promote_waiting(session, settings, gathering)
    return gathering


# A deleted account


async def forget_user(session: AsyncSession, settings: Settings, user_id: str) -> None:
    """An account is deleted: its sign-ups to gatherings not yet over are withdrawn (freeing
    seats for the waiting list), the needs it gave for past ones (diet, accessibility) are
    erased, and its calendar feed and reminder records go. Past attendance stays, counted
    under "former member"."""
    now = utcnow()
    upcoming = list(
        await session.scalars(
            select(Gathering)
            .join(Registration, Registration.gathering_id == Gathering.id)
            .where(Registration.user_id == user_id, Gathering.ends_at > now)
        )
    )
    # The seats these registrations free are handed on under the gatherings' locks, taken
    # first (in a fixed order) so no one promoting from the same lists waits on us.
    await lock(session, Gathering.id, [g.id for g in upcoming])
    await session.execute(
        delete(Registration)
        .where(
            Registration.user_id == user_id,
            Registration.gathering_id.in_([g.id for g in upcoming]),
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Registration)
        .where(Registration.user_id == user_id)
        .values(diet="", accessibility="")
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))
    await session.execute(delete(ReminderSent).where(ReminderSent.user_id == user_id))
    await session.flush()
    for gathering in upcoming:
        if not gathering.cancelled:
            await promote_waiting(session, settings, gathering)
