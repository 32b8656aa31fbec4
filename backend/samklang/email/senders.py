"""Ways to hand a message on: SMTP (production) or a folder of .eml files (development)."""

from __future__ import annotations

import logging
import re
from email.message import EmailMessage as MimeMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

import aiosmtplib
import anyio

from samklang.core.config import Settings
from samklang.email.models import EmailMessage

logger = logging.getLogger(__name__)


class Sender(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


# Set above from the message itself; a stored header never overrides them.
_OWN_HEADERS = frozenset({"from", "to", "subject", "date", "message-id"})


def to_mime(message: EmailMessage, sender: str) -> MimeMessage:
    mime = MimeMessage()
    mime["From"] = sender
    mime["To"] = message.to_address
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(message.created_at)
    # A stable Message-ID lets a receiving server drop a duplicate after a crash mid-send.
    mime["Message-ID"] = make_msgid(idstring=message.id, domain="samklang.no")
    for name, value in (message.headers or {}).items():
        if name.lower() not in _OWN_HEADERS:
            mime[name] = value
    mime.set_content(message.body_text)
    return mime


class SmtpSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        await aiosmtplib.send(
            to_mime(message, s.smtp_from),
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            use_tls=s.smtp_tls == "tls",
            start_tls=s.smtp_tls == "starttls",
            timeout=s.smtp_timeout_seconds,
        )


_LINK = re.compile(r"https?://\S+")


class FolderSender:
    """Development outbox: each message becomes a .eml file, and its links are logged."""

    def __init__(self, settings: Settings) -> None:
        self.folder = Path(settings.outbox_dir)
        self.sender = settings.smtp_from

    async def send(self, message: EmailMessage) -> None:
        mime = to_mime(message, self.sender)
        path = self.folder / f"{message.created_at:%Y%m%dT%H%M%S}-{message.id}.eml"
        await anyio.to_thread.run_sync(self._write, path, mime.as_bytes())
        for link in _LINK.findall(message.body_text):
            logger.warning("Email to %s (%s): %s", message.to_address, message.subject, link)

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)


def make_sender(settings: Settings) -> Sender:
    if settings.email_backend == "smtp":
        return SmtpSender(settings)
    return FolderSender(settings)
