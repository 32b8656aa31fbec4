from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from samklang.core.config import Settings
from samklang.core.db import make_sessionmaker
from samklang.email.models import EmailMessage, EmailStatus
from samklang.email.senders import FolderSender, make_sender
from samklang.email.service import queue_email
from samklang.email.worker import backoff, deliver_due
from tests.conftest import Deliver, Factory, SmtpServer


async def messages(session: AsyncSession) -> list[EmailMessage]:
    session.expire_all()
    return list(await session.scalars(select(EmailMessage).order_by(EmailMessage.created_at)))


async def test_email_is_queued_in_the_same_transaction(
    maker: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    async with maker() as failing:
        await queue_email(failing, to="a@example.no", subject="Hei", body="Tekst")
        await failing.rollback()  # the act failed: its email must not exist either
    assert await messages(session) == []
    async with maker() as ok:
        await queue_email(ok, to="a@example.no", subject="Hei", body="Tekst")
        await ok.commit()
    assert [m.to_address for m in await messages(session)] == ["a@example.no"]


async def test_smtp_outage_delays_but_loses_nothing_and_sends_once(
    client: httpx.AsyncClient,
    factory: Factory,
    deliver: Deliver,
    smtp: SmtpServer,
    session: AsyncSession,
) -> None:
    await factory.user(email="kari@example.no")
    smtp.stop()
    # The request succeeds although the mail server is down.
    response = await client.post("/api/v1/auth/password-reset", json={"email": "kari@example.no"})
    assert response.status_code == 202
    assert await deliver() == 0
    (message,) = await messages(session)
    assert message.status == EmailStatus.queued.value
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at > datetime.now(UTC)

    # Not due yet: another round does nothing.
    assert await deliver() == 0
    smtp.start()
    assert await deliver() == 0  # still waiting for its backoff
    await session.execute(
        update(EmailMessage).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    await session.commit()
    assert await deliver() == 1
    assert await deliver() == 0
    assert len(smtp.mailbox.messages) == 1
    (message,) = await messages(session)
    assert message.status == EmailStatus.sent.value
    assert message.attempts == 2
    assert message.sent_at is not None


async def test_gives_up_after_max_attempts(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    smtp: SmtpServer,
    session: AsyncSession,
) -> None:
    smtp.stop()
    await queue_email(session, to="a@example.no", subject="Hei", body="Tekst")
    await session.commit()
    limited = settings.model_copy(update={"email_max_attempts": 2})
    sender = make_sender(limited)
    for _ in range(2):
        await session.execute(
            update(EmailMessage).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
        await deliver_due(maker, sender, limited)
    (message,) = await messages(session)
    assert message.status == EmailStatus.failed.value
    assert message.attempts == 2


async def test_concurrent_workers_send_each_message_once(
    engine: AsyncEngine, settings: Settings, smtp: SmtpServer
) -> None:
    """Three workers on their own connections, as replicas would be: real commits."""
    real = make_sessionmaker(engine)
    async with real() as session:
        for i in range(6):
            await queue_email(session, to=f"p{i}@example.no", subject="Hei", body="Tekst")
        await session.commit()
    sender = make_sender(settings)
    try:
        results = await asyncio.gather(*(deliver_due(real, sender, settings) for _ in range(3)))
    finally:
        async with real() as session:
            await session.execute(delete(EmailMessage))
            await session.commit()
    assert sum(results) == 6
    assert sorted(m["To"] for m in smtp.mailbox.messages) == [f"p{i}@example.no" for i in range(6)]


async def test_a_stale_lease_is_taken_over(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    smtp: SmtpServer,
    session: AsyncSession,
) -> None:
    """A worker that died mid-send leaves a lease; after it expires the message goes out."""
    message = await queue_email(session, to="a@example.no", subject="Hei", body="Tekst")
    message.status = EmailStatus.sending.value
    message.locked_until = datetime.now(UTC) + timedelta(minutes=1)
    await session.commit()
    sender = make_sender(settings)
    assert await deliver_due(maker, sender, settings) == 0
    await session.execute(
        update(EmailMessage).values(locked_until=datetime.now(UTC) - timedelta(seconds=1))
    )
    await session.commit()
    assert await deliver_due(maker, sender, settings) == 1


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff(30) == timedelta(hours=1)


async def test_folder_outbox_writes_eml_and_logs_the_link(
    settings: Settings,
    session: AsyncSession,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder_settings = settings.model_copy(
        update={"email_backend": "folder", "outbox_dir": tmp_path / "out"}
    )
    sender = make_sender(folder_settings)
    assert isinstance(sender, FolderSender)
    message = await queue_email(
        session, to="a@example.no", subject="Æ ø å", body="Klikk http://x.no/invitation?token=abc"
    )
    with caplog.at_level(logging.WARNING):
        await sender.send(message)
    (path,) = (tmp_path / "out").glob("*.eml")
    content = path.read_text()
    assert "To: a@example.no" in content
    assert "http://x.no/invitation?token=abc" in caplog.text
