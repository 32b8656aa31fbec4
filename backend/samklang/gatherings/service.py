"""The rules of gatherings. No HTTP, no commit."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.auth.models import User
from samklang.auth.names import display_name, shown
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import (
    AppError,
    FieldError,
    Forbidden,
    NotFound,
    ReadOnly,
    ValidationFailed,
)
from samklang.core.markdown import render
from samklang.email.service import queue_email
from samklang.gatherings.models import (
    AgendaItem,
    Answer,
    AnswerRevision,
    Assignment,
    AssignmentResponse,
    BreakoutGroup,
    CalendarFeed,
    Gathering,
    GroupWorkspace,
    Mode,
    Prompt,
    Registration,
    RegistrationStatus,
    ReminderSent,
    SeatPool,
)
from samklang.gatherings.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AnswerIn,
    AnswerOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentResponseIn,
    AssignmentResponseOut,
    AssignmentStatus,
    GatheringIn,
    GatheringOut,
    GatheringSummary,
    GatheringUpdate,
    GroupIn,
    GroupOut,
    GroupWork,
    Material,
    MyRegistration,
    PromptIn,
    PromptOut,
    RegistrationIn,
    RegistrationOut,
    RevisionOut,
    SeatPoolIn,
    SeatPoolOut,
)
from samklang.network import service as network_service

OSLO = ZoneInfo("Europe/Oslo")


class RegistrationClosed(AppError):
    status, code, title = 409, "registration_closed", "Registration has closed"


class StaleAnswer(AppError):
    status, code, title = 409, "conflict", "Changed by someone else"


# Gatherings


async def get_gathering(session: AsyncSession, gathering_id: str) -> Gathering:
    gathering = await session.get(Gathering, gathering_id)
    if gathering is None:
        raise NotFound("No such gathering")
    return gathering


def _open(gathering: Gathering) -> bool:
    now = utcnow()
    if gathering.cancelled or gathering.ends_at <= now:
        return False
    return gathering.registration_deadline is None or now < gathering.registration_deadline


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


async def _current_cohort_id(session: AsyncSession) -> str | None:
    from samklang.network.models import Cohort

    return await session.scalar(
        select(Cohort.id)
        .where(Cohort.starts_on <= utcnow().date())
        .order_by(Cohort.starts_on.desc())
        .limit(1)
    ) or await session.scalar(select(Cohort.id).order_by(Cohort.starts_on).limit(1))


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


async def _cohort_id(session: AsyncSession, given: str | None) -> str | None:
    """The cohort asked for (which must exist), else the current one."""
    from samklang.network.models import Cohort

    if given is None:
        return await _current_cohort_id(session)
    if await session.scalar(select(Cohort.id).where(Cohort.id == given)) is None:
        raise ValidationFailed(errors=[FieldError(field="cohort_id", message="No such cohort")])
    return given


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
    """Move people up from the waiting list, first come first served, while seats allow."""
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
            registration.status = RegistrationStatus.confirmed.value
            registration.waiting_since = None
            await session.flush()
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
    import csv
    import io

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


# Calendar


async def feed_token(session: AsyncSession, user: User, *, reset: bool) -> str:
    feed = await session.get(CalendarFeed, user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token=secrets.token_urlsafe(32), created_at=utcnow())
        session.add(feed)
    elif reset:
        feed.token = secrets.token_urlsafe(32)
        feed.created_at = utcnow()
    await session.flush()
    return feed.token


async def feed_gatherings(session: AsyncSession, token: str) -> list[Gathering]:
    feed = await session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None:
        raise NotFound("No such calendar")
    return list(
        await session.scalars(
            select(Gathering)
            .join(Registration, Registration.gathering_id == Gathering.id)
            .where(
                Registration.user_id == feed.user_id, Registration.mode != Mode.not_attending.value
            )
            .order_by(Gathering.starts_at)
        )
    )


def ics(gatherings: Sequence[Gathering], settings: Settings, *, name: str) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Samklang//Fremtidens kulturskole//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "method", "CANCEL" if len(gatherings) == 1 and gatherings[0].cancelled else "PUBLISH"
    )
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for g in gatherings:
        event = Event()
        event.add("uid", f"gathering-{g.id}@samklang.no")
        event.add("sequence", g.sequence)
        event.add("dtstamp", g.updated_at)
        event.add("dtstart", g.starts_at)
        event.add("dtend", g.ends_at)
        event.add("summary", g.title)
        event.add("status", "CANCELLED" if g.cancelled else "CONFIRMED")
        location = ", ".join(part for part in (g.place, g.address) if part) or g.online_url
        if location:
            event.add("location", location)
        link = f"{settings.base_url.rstrip('/')}/gatherings/{g.id}"
        event.add("url", link)
        event.add("description", "\n\n".join(p for p in (g.description, g.online_url, link) if p))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


# Reminders


def _when(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M")


TEXTS = {
    "reminder.week.subject": {
        "nb": "Om en uke: {title}",
        "nn": "Om ei veke: {title}",
        "en": "In a week: {title}",
    },
    "reminder.day.subject": {
        "nb": "I morgen: {title}",
        "nn": "I morgon: {title}",
        "en": "Tomorrow: {title}",
    },
    "reminder.body": {
        "nb": "Hei {name},\n\nPåminnelse: {title} starter {when}.\n{where}\n\n{link}\n",
        "nn": "Hei {name},\n\nPåminning: {title} byrjar {when}.\n{where}\n\n{link}\n",
        "en": "Hello {name},\n\nReminder: {title} starts {when}.\n{where}\n\n{link}\n",
    },
    "seat.subject": {
        "nb": "Du har fått plass: {title}",
        "nn": "Du har fått plass: {title}",
        "en": "You have a seat: {title}",
    },
    "seat.body": {
        "nb": "Hei {name},\n\nDet ble ledig plass, og du er flyttet fra ventelisten til "
        "{title} ({when}).\n\n{link}\n",
        "nn": "Hei {name},\n\nDet vart ledig plass, og du er flytt frå ventelista til "
        "{title} ({when}).\n\n{link}\n",
        "en": "Hello {name},\n\nA seat became free and you have moved from the waiting list "
        "to {title} ({when}).\n\n{link}\n",
    },
}


def _t(key: str, locale: str, **params: str) -> str:
    texts = TEXTS[key]
    return (texts.get(locale) or texts["nb"]).format(**params)


async def send_reminders(session: AsyncSession, settings: Settings) -> int:
    """Queue the week-before and day-before reminders that are due and not yet sent.
    Idempotent: each (gathering, person, kind) is sent once."""
    now = utcnow()
    queued = 0
    for kind, ahead in (("day", timedelta(days=1)), ("week", timedelta(days=7))):
        rows = await session.execute(
            select(Gathering, Registration, User)
            .join(Registration, Registration.gathering_id == Gathering.id)
            .join(User, User.id == Registration.user_id)
            .outerjoin(
                ReminderSent,
                (ReminderSent.gathering_id == Gathering.id)
                & (ReminderSent.user_id == User.id)
                & (ReminderSent.kind == kind),
            )
            .where(
                Gathering.cancelled.is_(False),
                Gathering.starts_at > now,
                Gathering.starts_at <= now + ahead,
                Registration.mode != Mode.not_attending.value,
                Registration.status == RegistrationStatus.confirmed.value,
                ReminderSent.kind.is_(None),
            )
        )
        for gathering, _registration, user in rows:
            # The day-before reminder supersedes a week-before one not yet sent.
            if kind == "week" and gathering.starts_at <= now + timedelta(days=1):
                continue
            session.add(
                ReminderSent(gathering_id=gathering.id, user_id=user.id, kind=kind, sent_at=now)
            )
            await queue_email(
                session,
                to=user.email,
                subject=_t(f"reminder.{kind}.subject", user.locale, title=gathering.title),
                body=_t(
                    "reminder.body",
                    user.locale,
                    name=user.name,
                    title=gathering.title,
                    when=_when(gathering.starts_at),
                    where=", ".join(
                        p for p in (gathering.place, gathering.address, gathering.online_url) if p
                    ),
                    link=f"{settings.base_url.rstrip('/')}/gatherings/{gathering.id}",
                ),
            )
            queued += 1
        await session.flush()
    return queued


# Group work


async def add_group(session: AsyncSession, gathering: Gathering, data: GroupIn) -> BreakoutGroup:
    for workspace_id in data.workspace_ids:
        await network_service.get_workspace(session, workspace_id)
    position = int(
        await session.scalar(select(func.count()).where(BreakoutGroup.gathering_id == gathering.id))
        or 0
    )
    if data.municipality_numbers:
        await network_service.municipalities_for(session, data.municipality_numbers)
    group = BreakoutGroup(
        gathering_id=gathering.id,
        name=data.name,
        position=position,
        round=data.round,
        municipality_numbers=list(dict.fromkeys(data.municipality_numbers)),
    )
    session.add(group)
    await session.flush()
    for i, workspace_id in enumerate(dict.fromkeys(data.workspace_ids)):
        session.add(GroupWorkspace(group_id=group.id, workspace_id=workspace_id, position=i))
    await session.flush()
    return group


async def add_prompt(session: AsyncSession, gathering: Gathering, data: PromptIn) -> Prompt:
    position = int(
        await session.scalar(select(func.count()).where(Prompt.gathering_id == gathering.id)) or 0
    )
    prompt = Prompt(gathering_id=gathering.id, text=data.text, position=position, round=data.round)
    session.add(prompt)
    await session.flush()
    return prompt


async def _group_workspaces(
    session: AsyncSession, group_ids: Sequence[str]
) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    if not group_ids:
        return result
    rows = await session.scalars(
        select(GroupWorkspace)
        .where(GroupWorkspace.group_id.in_(list(group_ids)))
        .order_by(GroupWorkspace.position)
    )
    for row in rows:
        result.setdefault(row.group_id, []).append(row.workspace_id)
    return result


async def can_read_group_work(session: AsyncSession, reader: Reader, gathering: Gathering) -> bool:
    """The project team, mentors and members of any workspace in the gathering's groups."""
    if reader.is_admin or reader.is_mentor:
        return True
    groups = list(
        await session.scalars(
            select(BreakoutGroup.id).where(BreakoutGroup.gathering_id == gathering.id)
        )
    )
    members = await _group_workspaces(session, groups)
    return any(ws in reader.member_of for ids in members.values() for ws in ids)


async def group_work(session: AsyncSession, reader: Reader, gathering: Gathering) -> GroupWork:
    if not await can_read_group_work(session, reader, gathering):
        raise Forbidden("Only those taking part in the group work, mentors and the project team")
    prompts = list(
        await session.scalars(
            select(Prompt)
            .where(Prompt.gathering_id == gathering.id)
            .order_by(Prompt.round, Prompt.position)
        )
    )
    groups = list(
        await session.scalars(
            select(BreakoutGroup)
            .where(BreakoutGroup.gathering_id == gathering.id)
            .order_by(BreakoutGroup.round, BreakoutGroup.position)
        )
    )
    numbers = [n for g in groups for n in g.municipality_numbers]
    own = {m.number: m.name for m in await network_service.municipalities_for(session, numbers)}
    by_group = await _group_workspaces(session, [g.id for g in groups])
    all_workspaces = [w for ids in by_group.values() for w in ids]
    workspaces = {w.id: w for w in await network_service.workspaces_by_ids(session, all_workspaces)}
    answers = list(
        await session.scalars(select(Answer).where(Answer.group_id.in_([g.id for g in groups])))
    )
    authors = {
        u.id: u.name
        for u in await session.scalars(
            select(User).where(User.id.in_([a.updated_by_id for a in answers if a.updated_by_id]))
        )
    }
    by_key = {(a.group_id, a.prompt_id): a for a in answers}
    out = []
    for group in groups:
        ids = by_group.get(group.id, [])
        names = [own[n] for n in group.municipality_numbers] + [
            m.municipality.name
            for w in ids
            if w in workspaces
            for m in workspaces[w].municipality_links
        ]
        out.append(
            GroupOut(
                id=group.id,
                name=group.name,
                round=group.round,
                workspaces=[{"id": w, "name": workspaces[w].name} for w in ids if w in workspaces],
                municipalities=names,
                answers=[
                    _answer_out(group.id, p.id, by_key.get((group.id, p.id)), authors)
                    for p in prompts
                    if p.round == group.round
                ],
                can_edit=reader.is_admin or any(w in reader.member_of for w in ids),
            )
        )
    return GroupWork(
        gathering_id=gathering.id,
        prompts=[
            PromptOut(id=p.id, text=p.text, position=p.position, round=p.round) for p in prompts
        ],
        groups=out,
    )


def _answer_out(
    group_id: str, prompt_id: str, answer: Answer | None, authors: dict[str, str]
) -> AnswerOut:
    if answer is None:
        return AnswerOut(
            group_id=group_id,
            prompt_id=prompt_id,
            body="",
            body_html="",
            version=0,
            updated_at=None,
            updated_by=None,
        )
    return AnswerOut(
        group_id=group_id,
        prompt_id=prompt_id,
        body=answer.body,
        body_html=render(answer.body),
        version=answer.version,
        updated_at=answer.updated_at,
        updated_by=authors.get(answer.updated_by_id or ""),
    )


async def save_answer(
    session: AsyncSession, reader: Reader, group_id: str, prompt_id: str, data: AnswerIn
) -> AnswerOut:
    group = await session.get(BreakoutGroup, group_id)
    prompt = await session.get(Prompt, prompt_id)
    if group is None or prompt is None or prompt.gathering_id != group.gathering_id:
        raise NotFound("No such group or prompt")
    members = (await _group_workspaces(session, [group.id])).get(group.id, [])
    if not (reader.is_admin or any(w in reader.member_of for w in members)):
        raise Forbidden("Only the group's members write its answers")
    assert reader.user is not None
    answer = await session.scalar(
        select(Answer).where(Answer.group_id == group.id, Answer.prompt_id == prompt.id)
    )
    current = answer.version if answer else 0
    if data.version != current:
        authors = {}
        if answer and answer.updated_by_id:
            author = await session.get(User, answer.updated_by_id)
            authors = {author.id: shown(author)} if author else {}
        raise StaleAnswer(
            "Someone else saved this answer; both texts are shown so you can merge them",
            extra={
                "current": _answer_out(group.id, prompt.id, answer, authors).model_dump(mode="json")
            },
        )
    now = utcnow()
    if answer is None:
        answer = Answer(group_id=group.id, prompt_id=prompt.id, version=0, updated_at=now)
        session.add(answer)
    answer.body, answer.version = data.body, current + 1
    answer.updated_at, answer.updated_by_id = now, reader.user.id
    await session.flush()
    session.add(
        AnswerRevision(
            answer_id=answer.id,
            version=answer.version,
            body=data.body,
            author_id=reader.user.id,
            created_at=now,
        )
    )
    await session.flush()
    return _answer_out(group.id, prompt.id, answer, {reader.user.id: reader.user.name})


async def history(
    session: AsyncSession, reader: Reader, group_id: str, prompt_id: str
) -> list[RevisionOut]:
    group = await session.get(BreakoutGroup, group_id)
    if group is None:
        raise NotFound("No such group")
    gathering = await get_gathering(session, group.gathering_id)
    if not await can_read_group_work(session, reader, gathering):
        raise Forbidden("Not part of this group work")
    rows = await session.execute(
        select(AnswerRevision, display_name())
        .join(Answer, Answer.id == AnswerRevision.answer_id)
        .outerjoin(User, User.id == AnswerRevision.author_id)
        .where(Answer.group_id == group_id, Answer.prompt_id == prompt_id)
        .order_by(AnswerRevision.version.desc())
    )
    return [
        RevisionOut(version=r.version, body=r.body, author=name, created_at=r.created_at)
        for r, name in rows
    ]


async def summary_markdown(session: AsyncSession, reader: Reader, gathering: Gathering) -> str:
    """Every group's answers, prompt by prompt, with the group's name and municipalities."""
    work = await group_work(session, reader, gathering)
    lines = [f"# {gathering.title}", "", _when(gathering.starts_at), ""]
    rounds = {p.round for p in work.prompts}
    for prompt in work.prompts:
        heading = f"Runde {prompt.round}: {prompt.text}" if len(rounds) > 1 else prompt.text
        lines += [f"## {heading}", ""]
        for group in work.groups:
            if group.round != prompt.round:
                continue
            answer = next(a for a in group.answers if a.prompt_id == prompt.id)
            where = ", ".join(group.municipalities)
            lines += [f"### {group.name}" + (f" ({where})" if where else ""), ""]
            lines += [answer.body.strip() or "_(ikke besvart)_", ""]
    return "\n".join(lines).rstrip() + "\n"


def summary_html(markdown_text: str, title: str) -> str:
    from html import escape

    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#111}h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:1px solid"
        " #999}h3{font-size:1.05rem;margin-bottom:.25rem}@media print{body{margin:0}"
        "h2{break-before:auto}h3{break-after:avoid}}</style></head><body><main>"
        f"{render(markdown_text)}</main></body></html>"
    )


# Assignments between gatherings


async def create_assignment(session: AsyncSession, data: AssignmentIn) -> Assignment:
    if data.gathering_id:
        await get_gathering(session, data.gathering_id)
    assignment = Assignment(
        cohort_id=await _cohort_id(session, data.cohort_id),
        gathering_id=data.gathering_id,
        title=data.title,
        instructions=data.instructions,
        due_on=data.due_on,
    )
    session.add(assignment)
    await session.flush()
    return assignment


async def get_assignment(session: AsyncSession, assignment_id: str) -> Assignment:
    assignment = await session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("No such assignment")
    return assignment


async def list_assignments(session: AsyncSession, reader: Reader) -> list[AssignmentOut]:
    assignments = list(await session.scalars(select(Assignment).order_by(Assignment.due_on)))
    return await _assignments_out(session, reader, assignments)


async def _assignments_out(
    session: AsyncSession, reader: Reader, assignments: list[Assignment]
) -> list[AssignmentOut]:
    from samklang.network.models import Workspace

    ids = [a.id for a in assignments]
    readable = reader.filter(AssignmentResponse.workspace_id, AssignmentResponse.visibility)
    responses = (
        list(
            await session.scalars(
                select(AssignmentResponse)
                .where(AssignmentResponse.assignment_id.in_(ids), readable)
                .order_by(AssignmentResponse.updated_at)
            )
        )
        if ids
        else []
    )
    names = await network_service.workspace_names(session, [r.workspace_id for r in responses])
    authors = {
        u.id: u.name
        for u in await session.scalars(
            select(User).where(User.id.in_([r.updated_by_id for r in responses if r.updated_by_id]))
        )
    }
    status: dict[str, list[AssignmentStatus]] = {}
    if reader.is_admin and ids:
        answered = {
            (row[0], row[1]): row[2]
            for row in await session.execute(
                select(
                    AssignmentResponse.assignment_id,
                    AssignmentResponse.workspace_id,
                    AssignmentResponse.updated_at,
                ).where(AssignmentResponse.assignment_id.in_(ids))
            )
        }
        workspaces = list(
            await session.scalars(
                select(Workspace).where(Workspace.status == "active").order_by(Workspace.sort_name)
            )
        )
        for a in assignments:
            status[a.id] = [
                AssignmentStatus(
                    workspace_id=w.id,
                    workspace_name=w.name,
                    answered=(a.id, w.id) in answered,
                    answered_at=answered.get((a.id, w.id)),
                )
                for w in workspaces
                if a.cohort_id is None or w.cohort_id == a.cohort_id
            ]
    return [
        AssignmentOut(
            id=a.id,
            cohort_id=a.cohort_id,
            gathering_id=a.gathering_id,
            title=a.title,
            instructions=a.instructions,
            instructions_html=render(a.instructions),
            due_on=a.due_on,
            responses=[
                AssignmentResponseOut(
                    workspace_id=r.workspace_id,
                    workspace_name=names.get(r.workspace_id, ""),
                    body=r.body,
                    body_html=render(r.body),
                    visibility=Visibility(r.visibility),
                    version=r.version,
                    updated_at=r.updated_at,
                    updated_by=authors.get(r.updated_by_id or ""),
                )
                for r in responses
                if r.assignment_id == a.id
            ],
            status=status.get(a.id, []),
        )
        for a in assignments
    ]


async def assignment_out(
    session: AsyncSession, reader: Reader, assignment: Assignment
) -> AssignmentOut:
    return (await _assignments_out(session, reader, [assignment]))[0]


async def respond(
    session: AsyncSession,
    reader: Reader,
    assignment: Assignment,
    workspace_id: str,
    data: AssignmentResponseIn,
) -> AssignmentOut:
    """The workspace's one response: its members write it, with `version` for conflicts."""
    workspace = await network_service.get_workspace(session, workspace_id)
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members answer for it")
    if workspace.status == "withdrawn" and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")
    response = await session.scalar(
        select(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment.id,
            AssignmentResponse.workspace_id == workspace.id,
        )
    )
    current = response.version if response else 0
    if data.version != current:
        raise StaleAnswer("Someone else saved this response; reload to see it")
    if response is None:
        response = AssignmentResponse(
            assignment_id=assignment.id, workspace_id=workspace.id, version=0
        )
        session.add(response)
    response.body, response.visibility = data.body, data.visibility.value
    response.version = current + 1
    response.updated_at = utcnow()
    response.updated_by_id = reader.user.id if reader.user else None
    await session.flush()
    return await assignment_out(session, reader, assignment)


# Sharing the summary to the feed (the sharing domain's feed contract)


async def share_summary(
    session: AsyncSession, reader: Reader, gathering: Gathering, visibility: Visibility
) -> None:
    """The project team shares the compiled summary at a level (workspace: not shared)."""
    from samklang.sharing import feed

    text = await summary_markdown(session, reader, gathering)
    gathering.summary_visibility = None if visibility == Visibility.workspace else visibility.value
    await session.flush()
    await feed.publish(
        session,
        kind="summary",
        source_type="gathering_summary",
        source_id=gathering.id,
        workspace_id=None,
        visibility=visibility.value,
        title=gathering.title,
        excerpt=text.split("\n", 3)[-1],
        author_id=reader.user.id if reader.user else None,
        url=f"/gatherings/{gathering.id}/summary",
    )


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
