"""Digests: one email per user with that setting, grouped by workspace, never an item twice
(two runs, a crash between marking and sending, two runs at once), never an item the
recipient can no longer read."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from samklang.core.config import Settings
from samklang.core.db import make_sessionmaker
from samklang.email.models import EmailMessage
from samklang.knowledge.models import Question
from samklang.sharing import digests
from samklang.sharing.digests import send_digests
from samklang.sharing.notification_models import EmailFrequency, Notification, NotificationSetting
from samklang.sharing.notifications import unsubscribe_token
from samklang.sharing.notify import notify
from tests.conftest import Deliver, SmtpServer
from tests.network import conftest as network_conftest
from tests.network.conftest import World
from tests.sharing.world_a import LEVELS, may_read
from tests.sharing.world_b import ALL, live, make_cycle, tell

world = network_conftest.world  # the shared fixture
__all__ = ["live"]

DAILY = EmailFrequency.daily
WEEKLY = EmailFrequency.weekly


def emails(world: World) -> dict[str, str]:
    return {role: user.email for role, user in world.users.items()}


async def mails(session: AsyncSession) -> list[EmailMessage]:
    session.expire_all()
    return list(await session.scalars(select(EmailMessage).order_by(EmailMessage.to_address)))


async def test_a_digest_groups_by_workspace_and_is_sent_once(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
    settings: Settings,
    deliver: Deliver,
    smtp: SmtpServer,
) -> None:
    bodo = await make_cycle(session, world, "pilot", "network", title="Bodø-syklus")
    asker = await make_cycle(session, world, "other", "network", title="Asker-syklus")
    await tell(session, world, bodo, recipients=("mentor",), title="Kommentar i Bodø")
    await tell(session, world, asker, recipients=("mentor",), title="Kommentar i Asker")
    question = Question(
        title="Hva koster det?",
        body="",
        asker_id=world.users["mentor"].id,
        answer_body="Ingenting",
        answer_published=True,
        answer_public=True,
        answered_by_id=world.users["admin"].id,
    )
    session.add(question)
    await session.flush()

    await notify(
        session,
        recipients=[world.users["mentor"].id],
        kind="answer",
        actor_id=world.users["admin"].id,
        target_type="answer",
        target_id=question.id,
        workspace_id=None,
        title="Svar fra prosjektteamet",
        url="/faq#q-a1",
    )
    await session.commit()

    assert await send_digests(maker, settings, WEEKLY) == 0  # the mentor is daily
    assert await send_digests(maker, settings, DAILY) == 1
    assert await send_digests(maker, settings, DAILY) == 0  # nothing twice
    assert await deliver() == 1
    assert await deliver() == 0
    (message,) = smtp.mailbox.messages
    assert message["To"] == world.users["mentor"].email
    body = smtp.mailbox.bodies()[0].replace("\r\n", "\n")
    # Workspaces in name order, the project team's items last under their own heading.
    assert body.index("Asker\n=====") < body.index("Bodø\n====") < body.index("Fra prosjektteamet")
    assert body.index("Kommentar i Asker") < body.index("Bodø\n====")
    assert f"http://testserver/cycles/{bodo.id}" in body
    assert "http://testserver/faq#q-a1" in body
    assert unsubscribe_token(settings, world.users["mentor"].id) in body
    token = unsubscribe_token(settings, world.users["mentor"].id)
    unsubscribe = f"http://testserver/api/v1/unsubscribe?token={token}"
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "3 nye varsler" in str(message["Subject"])

    # A new notification later goes in the next digest, alone.
    await tell(session, world, bodo, recipients=("mentor",), kind="mention", title="Nevnt")
    assert await send_digests(maker, settings, DAILY) == 1
    assert await deliver() == 1
    second = smtp.mailbox.bodies()[1].replace("\r\n", "\n")
    assert "Nevnt" in second and "Kommentar i Asker" not in second


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("ws", ["pilot", "other"])
async def test_lowered_visibility_after_notifying_keeps_the_item_out_of_the_digest(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
    settings: Settings,
    level: str,
    ws: str,
) -> None:
    address = emails(world)
    cycle = await make_cycle(session, world, ws, "public")
    await tell(session, world, cycle, actor=None, title="Hemmelig etterpå")
    cycle.visibility = level
    await session.commit()
    await send_digests(maker, settings, DAILY)
    await send_digests(maker, settings, WEEKLY)
    got = {m.to_address for m in await mails(session) if "Hemmelig etterpå" in m.body_text}
    expected = {address[r] for r in ALL if may_read(r, ws, level)}
    assert got == expected
    # What was left out is never sent later either (it is marked skipped).
    states = {n.email_state for n in await session.scalars(select(Notification))}
    assert "pending" not in states


async def test_observers_get_the_weekly_digest_and_never_means_never(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
    settings: Settings,
) -> None:
    address = emails(world)
    session.add(NotificationSetting(user_id=world.users["member"].id, email="never"))
    session.add(NotificationSetting(user_id=world.users["coordinator"].id, email="weekly"))
    await session.commit()
    cycle = await make_cycle(session, world, "pilot", "observers")
    await tell(session, world, cycle, recipients=("observer", "member", "coordinator"), actor=None)
    assert await send_digests(maker, settings, DAILY) == 0
    assert await send_digests(maker, settings, WEEKLY) == 2
    to = {m.to_address for m in await mails(session)}
    assert to == {address["observer"], address["coordinator"]}
    assert await send_digests(maker, settings, WEEKLY) == 0


async def test_a_crash_before_commit_sends_nothing_and_the_next_run_sends_once(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cycle = await make_cycle(session, world)
    await tell(session, world, cycle, recipients=("member",), actor=None)

    async def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the process died while queueing")

    monkeypatch.setattr(digests, "queue_email", crash)
    assert await send_digests(maker, settings, DAILY) == 0
    assert await mails(session) == []
    (n,) = await session.scalars(select(Notification))
    assert n.email_state == "pending"  # the marking was rolled back with the email
    monkeypatch.undo()
    assert await send_digests(maker, settings, DAILY) == 1
    assert await send_digests(maker, settings, DAILY) == 0
    assert len(await mails(session)) == 1


async def test_two_runs_at_once_send_each_digest_once(
    engine: AsyncEngine, settings: Settings
) -> None:
    """Real commits on their own connections, as two cron hosts would (the usual world
    lives in a rolled-back transaction that other connections cannot see)."""
    await _concurrent_runs(make_sessionmaker(engine), settings)


async def _concurrent_runs(real: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    from sqlalchemy import delete

    from samklang.audit.models import AuditEvent
    from samklang.auth import service as auth_service
    from samklang.auth.models import Role, User
    from samklang.learning.models import Cycle
    from samklang.network import service as network_service
    from samklang.network.models import Tier, Workspace, WorkspaceRole
    from samklang.network.schemas import WorkspaceCreate

    async with real() as s:
        ws = await network_service.create_workspace(
            s, WorkspaceCreate(name="Samtidig", tier=Tier.pilot, municipality_numbers=["1101"])
        )
        users = []
        for i in range(4):
            u = await auth_service.create_user(
                s, email=f"samtidig{i}@example.no", name=f"S {i}", role=Role.member, password=None
            )
            await network_service.add_member(s, u, ws, role=WorkspaceRole.member, function="other")
            users.append(u)
        cycle = Cycle(workspace_id=ws.id, title="Samtidig", visibility="network")
        s.add(cycle)
        await s.commit()
        from samklang.sharing.notify import notify

        await notify(
            s,
            recipients=[u.id for u in users],
            kind="comment",
            actor_id=None,
            target_type="cycle",
            target_id=cycle.id,
            workspace_id=ws.id,
            title="Samtidig",
        )
        await s.commit()
        ids = [u.id for u in users]
        ws_id = ws.id
    try:
        results = await asyncio.gather(
            *(send_digests(real, settings, DAILY) for _ in range(3)), return_exceptions=True
        )
        assert all(isinstance(r, int) for r in results), results
        assert sum(r for r in results if isinstance(r, int)) == 4
        async with real() as s:
            to = list(
                await s.scalars(
                    select(EmailMessage.to_address).where(EmailMessage.to_address.like("samtidig%"))
                )
            )
        assert sorted(to) == [f"samtidig{i}@example.no" for i in range(4)]
    finally:
        async with real() as s:
            await s.execute(delete(EmailMessage).where(EmailMessage.to_address.like("samtidig%")))
            await s.execute(delete(AuditEvent).where(AuditEvent.workspace_id == ws_id))
            await s.execute(delete(AuditEvent).where(AuditEvent.target_id.in_(ids)))
            await s.execute(delete(User).where(User.id.in_(ids)))
            await s.execute(delete(Workspace).where(Workspace.id == ws_id))
            await s.commit()


async def test_the_send_digests_command_refuses_other_words() -> None:
    from typer.testing import CliRunner

    from samklang.cli import app

    result = CliRunner().invoke(app, ["send-digests", "hourly"])
    assert result.exit_code == 2


async def test_digest_email_is_in_the_recipients_language(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    world: World,
    settings: Settings,
    live: FastAPI,
) -> None:
    address = emails(world)
    world.users["member"].locale = "nn"
    world.users["coordinator"].locale = "en"
    await session.commit()
    cycle = await make_cycle(session, world)
    await tell(session, world, cycle, recipients=("member", "coordinator"), actor=None)
    assert await send_digests(maker, settings, DAILY) == 2
    by_to = {m.to_address: m for m in await mails(session)}
    nn = by_to[address["member"]]
    en = by_to[address["coordinator"]]
    assert "sidan sist" in nn.body_text and "nye varsel i dag" in nn.subject
    assert "Helsing Samklang" in nn.body_text
    assert "since last time" in en.body_text and "new notifications today" in en.subject
