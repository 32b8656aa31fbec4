from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status
from fastapi.responses import PlainTextResponse

from samklang.access.deps import AdminReader, SignedInReader
from samklang.access.reader import Visibility
from samklang.audit.service import record
from samklang.auth.permissions import CurrentUser, RequireAdmin
from samklang.core.deps import WRITES, SessionDep, SettingsDep
from samklang.gatherings import service
from samklang.gatherings.schemas import (
    AnswerIn,
    AnswerOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentResponseIn,
    AttendanceIn,
    CalendarFeedOut,
    GatheringIn,
    GatheringOut,
    GatheringSummary,
    GatheringUpdate,
    GroupIn,
    GroupOut,
    GroupWork,
    MyRegistration,
    PromptIn,
    PromptOut,
    RegistrationIn,
    RegistrationOut,
    RevisionOut,
)
from samklang.sharing.schemas import ShareIn, ShareOut

router = APIRouter(tags=["gatherings"])
# The personal calendar feed is read by calendar apps, which cannot sign in: the token in
# the address is the secret.
feed_router = APIRouter(tags=["gatherings"])
ICS = "text/calendar; charset=utf-8"


@router.get("/gatherings", response_model=list[GatheringSummary])
async def list_gatherings(
    user: CurrentUser,
    session: SessionDep,
    when: Literal["upcoming", "past", "all"] = "all",
) -> list[GatheringSummary]:
    return await service.list_gatherings(session, user, when)


@router.post("/gatherings", response_model=GatheringOut, status_code=status.HTTP_201_CREATED)
async def create_gathering(
    data: GatheringIn, admin: RequireAdmin, session: SessionDep
) -> GatheringOut:
    """Without `cohort_id` the gathering belongs to the current cohort."""
    gathering = await service.create_gathering(session, data)
    return await service.gathering_out(session, admin, gathering)


@router.get("/gatherings/{gathering_id}", response_model=GatheringOut)
async def get_gathering(gathering_id: str, user: CurrentUser, session: SessionDep) -> GatheringOut:
    return await service.gathering_out(
        session, user, await service.get_gathering(session, gathering_id)
    )


@router.patch("/gatherings/{gathering_id}", response_model=GatheringOut)
async def update_gathering(
    gathering_id: str,
    data: GatheringUpdate,
    admin: RequireAdmin,
    session: SessionDep,
    settings: SettingsDep,
) -> GatheringOut:
    """Change or cancel (`cancelled: true`) a gathering; calendars see a higher SEQUENCE."""
    gathering = await service.get_gathering(session, gathering_id)
    await service.update_gathering(session, settings, gathering, data, actor=admin)
    return await service.gathering_out(session, admin, gathering)


@router.put("/gatherings/{gathering_id}/registration", response_model=MyRegistration)
async def register(
    gathering_id: str,
    data: RegistrationIn,
    reader: SignedInReader,
    session: SessionDep,
    settings: SettingsDep,
) -> MyRegistration:
    """The caller's own registration. In person when seats are full puts you on the
    waiting list, which moves up by itself."""
    gathering = await service.get_gathering(session, gathering_id)
    return await service.register(session, settings, reader, gathering, data)


@router.get("/gatherings/{gathering_id}/registrations", response_model=list[RegistrationOut])
async def registrations(
    gathering_id: str, _: RequireAdmin, session: SessionDep
) -> list[RegistrationOut]:
    return await service.registrations(session, await service.get_gathering(session, gathering_id))


@router.get(
    "/gatherings/{gathering_id}/registrations.csv",
    response_class=PlainTextResponse,
    dependencies=[WRITES],  # audited
)
async def registrations_csv(
    gathering_id: str, admin: RequireAdmin, session: SessionDep
) -> Response:
    """The check-in list for the venue, as CSV (semicolon separated, UTF-8 with BOM)."""
    gathering = await service.get_gathering(session, gathering_id)
    await record(
        session,
        "export.registrations",
        actor=admin,
        target_type="gathering",
        target_id=gathering.id,
    )
    text = service.registrations_csv(await service.registrations(session, gathering))
    return Response(
        ("\ufeff" + text).encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="deltakere.csv"'},
    )


@router.put(
    "/gatherings/{gathering_id}/registrations/{registration_id}/attendance",
    status_code=status.HTTP_204_NO_CONTENT,
)
async def attendance(
    gathering_id: str,
    registration_id: str,
    data: AttendanceIn,
    _: RequireAdmin,
    session: SessionDep,
) -> Response:
    gathering = await service.get_gathering(session, gathering_id)
    await service.mark_attendance(session, gathering, registration_id, data.attended)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/gatherings/{gathering_id}/calendar.ics", response_class=Response)
async def gathering_ics(
    gathering_id: str, _: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    gathering = await service.get_gathering(session, gathering_id)
    return Response(
        service.ics([gathering], settings, name=gathering.title),
        media_type=ICS,
        headers={"Content-Disposition": 'attachment; filename="samling.ics"'},
    )


@router.get(
    "/me/calendar", response_model=CalendarFeedOut, dependencies=[WRITES]
)  # made on first use
async def my_calendar(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CalendarFeedOut:
    token = await service.feed_token(session, user, reset=False)
    return CalendarFeedOut(url=f"{settings.base_url.rstrip('/')}/api/v1/calendar/{token}.ics")


@router.post("/me/calendar/reset", response_model=CalendarFeedOut)
async def reset_calendar(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CalendarFeedOut:
    """A new secret address; the old one stops working at once."""
    token = await service.feed_token(session, user, reset=True)
    return CalendarFeedOut(url=f"{settings.base_url.rstrip('/')}/api/v1/calendar/{token}.ics")


@feed_router.get("/calendar/{token}.ics", response_class=Response)
async def calendar_feed(token: str, session: SessionDep, settings: SettingsDep) -> Response:
    gatherings = await service.feed_gatherings(session, token)
    body = service.ics(gatherings, settings, name="Samklang")
    if len(gatherings) == 1 and gatherings[0].cancelled:
        # A feed publishes; only a single-event file says CANCEL.
        body = body.replace(b"METHOD:CANCEL", b"METHOD:PUBLISH")
    return Response(body, media_type=ICS, headers={"Cache-Control": "private, max-age=300"})


@router.post(
    "/gatherings/{gathering_id}/groups",
    response_model=GroupOut,
    status_code=status.HTTP_201_CREATED,
)
async def add_group(
    gathering_id: str, data: GroupIn, reader: AdminReader, session: SessionDep
) -> GroupOut:
    gathering = await service.get_gathering(session, gathering_id)
    group = await service.add_group(session, gathering, data)
    work = await service.group_work(session, reader, gathering)
    return next(g for g in work.groups if g.id == group.id)


@router.post(
    "/gatherings/{gathering_id}/prompts",
    response_model=PromptOut,
    status_code=status.HTTP_201_CREATED,
)
async def add_prompt(
    gathering_id: str, data: PromptIn, _: RequireAdmin, session: SessionDep
) -> PromptOut:
    prompt = await service.add_prompt(
        session, await service.get_gathering(session, gathering_id), data
    )
    return PromptOut(id=prompt.id, text=prompt.text, position=prompt.position, round=prompt.round)


@router.get("/gatherings/{gathering_id}/groups", response_model=GroupWork)
async def group_work(gathering_id: str, reader: SignedInReader, session: SessionDep) -> GroupWork:
    """Every group with its answers to every prompt."""
    gathering = await service.get_gathering(session, gathering_id)
    return await service.group_work(session, reader, gathering)


@router.put("/groups/{group_id}/answers/{prompt_id}", response_model=AnswerOut)
async def save_answer(
    group_id: str, prompt_id: str, data: AnswerIn, reader: SignedInReader, session: SessionDep
) -> AnswerOut:
    """Save the group's shared answer. A stale `version` gets 409 with the saved text in
    `current`, so both can be shown and merged."""
    return await service.save_answer(session, reader, group_id, prompt_id, data)


@router.get("/groups/{group_id}/answers/{prompt_id}/history", response_model=list[RevisionOut])
async def answer_history(
    group_id: str, prompt_id: str, reader: SignedInReader, session: SessionDep
) -> list[RevisionOut]:
    return await service.history(session, reader, group_id, prompt_id)


@router.get("/gatherings/{gathering_id}/summary", response_class=Response)
async def summary(
    gathering_id: str,
    reader: SignedInReader,
    session: SessionDep,
    format: Literal["md", "html"] = "md",
) -> Response:
    """Every group's answers compiled prompt by prompt, as Markdown or a printable page."""
    gathering = await service.get_gathering(session, gathering_id)
    text = await service.summary_markdown(session, reader, gathering)
    if format == "html":
        return Response(
            service.summary_html(text, gathering.title), media_type="text/html; charset=utf-8"
        )
    return Response(text, media_type="text/markdown; charset=utf-8")


@router.get("/gatherings/{gathering_id}/summary/share", response_model=ShareOut)
async def summary_sharing(gathering_id: str, admin: RequireAdmin, session: SessionDep) -> ShareOut:
    """The level the summary is shared at in the feed (None: not shared)."""
    gathering = await service.get_gathering(session, gathering_id)
    level = gathering.summary_visibility
    return ShareOut(gathering_id=gathering.id, visibility=Visibility(level) if level else None)


@router.post("/gatherings/{gathering_id}/summary/share", response_model=ShareOut)
async def share_summary(
    gathering_id: str, data: ShareIn, reader: AdminReader, session: SessionDep
) -> ShareOut:
    """Share the summary to the feed at `visibility` (`workspace` takes it out again)."""
    gathering = await service.get_gathering(session, gathering_id)
    await service.share_summary(session, reader, gathering, data.visibility)
    level = gathering.summary_visibility
    return ShareOut(gathering_id=gathering.id, visibility=Visibility(level) if level else None)


@router.get("/assignments", response_model=list[AssignmentOut])
async def list_assignments(reader: SignedInReader, session: SessionDep) -> list[AssignmentOut]:
    """Assignments between gatherings, with the responses the caller may read; the project
    team also sees which workspaces have answered."""
    return await service.list_assignments(session, reader)


@router.post("/assignments", response_model=AssignmentOut, status_code=status.HTTP_201_CREATED)
async def create_assignment(
    data: AssignmentIn, reader: AdminReader, session: SessionDep
) -> AssignmentOut:
    assignment = await service.create_assignment(session, data)
    return await service.assignment_out(session, reader, assignment)


@router.get("/assignments/{assignment_id}", response_model=AssignmentOut)
async def get_assignment(
    assignment_id: str, reader: SignedInReader, session: SessionDep
) -> AssignmentOut:
    assignment = await service.get_assignment(session, assignment_id)
    return await service.assignment_out(session, reader, assignment)


@router.put("/assignments/{assignment_id}/responses/{workspace_id}", response_model=AssignmentOut)
async def respond(
    assignment_id: str,
    workspace_id: str,
    data: AssignmentResponseIn,
    reader: SignedInReader,
    session: SessionDep,
) -> AssignmentOut:
    """The workspace's response (one per workspace); send the `version` you read."""
    assignment = await service.get_assignment(session, assignment_id)
    return await service.respond(session, reader, assignment, workspace_id, data)
