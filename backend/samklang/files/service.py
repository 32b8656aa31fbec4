"""Uploads: size and type checked (by content, not by name), stored behind `Storage`,
readable by whoever may read what the file is attached to."""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from collections.abc import AsyncIterator, Sequence
from typing import IO, Any

import anyio
import puremagic
from fastapi import UploadFile
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader
from samklang.access.registry import can_read
from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import AppError, FieldError, NotFound, ValidationFailed
from samklang.files.models import StoredFile
from samklang.files.storage import CHUNK, LocalStorage, S3Storage, Storage, s3_client

SNIFF_BYTES = 64 * 1024

ALLOWED_TYPES = {
    "application/pdf",
    # Office documents: OOXML and OpenDocument (zip-based, recognised by their contents)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    # Images (no SVG: it can carry script)
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/heic",
    # Plain text, recognised by being UTF-8 without control bytes
    "text/plain",
    "text/csv",
    "text/markdown",
}
ALLOWED_PREFIXES = ("audio/", "video/")
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
ZIP_BASED = set(OOXML.values()) | ODF | {"application/zip"}
TEXT_TYPES = {".csv": "text/csv", ".md": "text/markdown"}


class TooLarge(AppError):
    status, code, title = 413, "too_large", "The file is too large"


class UnsupportedType(AppError):
    status, code, title = 415, "unsupported_type", "This kind of file is not allowed"


def storage_for(settings: Settings) -> Storage:
    """The configured storage backend (SAMKLANG_STORAGE_BACKEND)."""
    if settings.storage_backend == "s3":
        secret = settings.s3_secret_access_key
        client = s3_client(
            settings.s3_endpoint_url,
            settings.s3_region,
            settings.s3_access_key_id,
            secret.get_secret_value() if secret is not None else None,
        )
        return S3Storage(client, settings.s3_bucket or "")
    return LocalStorage(settings.storage_dir)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniffing window is fine.
        if exc.start < len(head) - 3:
            return False
    return not re.search(rb"[\x01-\x08\x0e-\x1f\x7f]", head)


def office_type(fileobj: IO[bytes]) -> str | None:
    """What a zip container really is: an OOXML or OpenDocument file, or None."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, mime in OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return mime
                return None
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in ODF else None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def sniff(head: bytes, name: str) -> str | None:
    """The file's type from its first bytes, or None when it is not on the allow-list.
    A zip container is only a candidate here; `upload` opens it to see what it is."""
    try:
        detected = puremagic.from_string(head, mime=True) or ""
    except (puremagic.PureError, ValueError):
        detected = ""
    if detected in ZIP_BASED or head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if detected in ALLOWED_TYPES or detected.startswith(ALLOWED_PREFIXES):
        return detected
    if not detected and _is_text(head):
        suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        return TEXT_TYPES.get(suffix, "text/plain")
    return None


def safe_name(name: str) -> str:
    """A file name without paths or control characters, for storage and downloads."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[\x00-\x1f\x7f\"<>:|?*]", "", base).strip(" .")
    return base[:200] or "file"


async def upload(
    session: AsyncSession, settings: Settings, user: User, file: UploadFile
) -> StoredFile:
    limit = settings.max_upload_mb * 1024 * 1024
    name = safe_name(file.filename or "file")
    head = await file.read(SNIFF_BYTES)
    if not head:
        raise ValidationFailed(errors=[FieldError(field="file", message="The file is empty")])
    content_type = sniff(head, name)
    if content_type == "application/zip":

        def inspect() -> str | None:
            file.file.seek(0)
            try:
                return office_type(file.file)
            finally:
                file.file.seek(len(head))

        content_type = await anyio.to_thread.run_sync(inspect)
    if content_type is None:
        raise UnsupportedType("Allowed: office documents, PDF, images, audio, video and plain text")
    size = len(head)

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal size
        yield head
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"At most {settings.max_upload_mb} MB")
            yield chunk

    if size > limit:
        raise TooLarge(f"At most {settings.max_upload_mb} MB")
    key = uuid.uuid4().hex
    storage = storage_for(settings)
    try:
        await storage.save(key, chunks())
    except TooLarge:
        await storage.delete(key)
        await storage.delete(key + ".part")
        raise
    stored = StoredFile(
        owner_id=user.id,
        name=name,
        content_type=content_type,
        size=size,
        storage_key=key,
        created_at=utcnow(),
    )
    session.add(stored)
    await session.flush()
    return stored


async def attach(
    session: AsyncSession, user: User, file_ids: Sequence[str], kind: str, target_id: str
) -> list[StoredFile]:
    """Attach the caller's own unattached uploads to something."""
    if not file_ids:
        return []
    files = list(await session.scalars(select(StoredFile).where(StoredFile.id.in_(list(file_ids)))))
    usable = [f for f in files if f.owner_id == user.id and f.attached_id is None]
    if len(usable) != len(set(file_ids)):
        raise ValidationFailed(
            errors=[FieldError(field="file_ids", message="Unknown or already attached file")]
        )
    await session.execute(
        update(StoredFile)
        .where(StoredFile.id.in_([f.id for f in usable]))
        .values(attached_type=kind, attached_id=target_id)
    )
    for f in usable:
        f.attached_type, f.attached_id = kind, target_id
    return usable


async def forget(session: AsyncSession, *where: Any) -> list[str]:
    """Delete the rows of the files matching `where`; their storage keys, for the caller to
    delete the bytes with `delete_bytes` once the transaction has committed (so a rollback
    never leaves a row without its bytes)."""
    keys = list(await session.scalars(select(StoredFile.storage_key).where(*where)))
    if keys:
        await session.execute(
            delete(StoredFile)
            .where(StoredFile.storage_key.in_(keys))
            .execution_options(synchronize_session=False)
        )
    return keys


async def delete_bytes(settings: Settings, keys: Sequence[str]) -> None:
    storage = storage_for(settings)
    for key in keys:
        await storage.delete(key)


async def attached_to(
    session: AsyncSession, kind: str, target_ids: Sequence[str]
) -> dict[str, list[StoredFile]]:
    result: dict[str, list[StoredFile]] = {}
    if not target_ids:
        return result
    rows = await session.scalars(
        select(StoredFile)
        .where(StoredFile.attached_type == kind, StoredFile.attached_id.in_(list(target_ids)))
        .order_by(StoredFile.created_at)
    )
    for f in rows:
        result.setdefault(f.attached_id or "", []).append(f)
    return result


async def readable(session: AsyncSession, reader: Reader, file_id: str) -> StoredFile:
    stored = await session.get(StoredFile, file_id)
    if stored is None:
        raise NotFound("No such file")
    if stored.attached_type is None or stored.attached_id is None:
        allowed = reader.user is not None and (reader.is_admin or stored.owner_id == reader.user.id)
    else:
        # Whoever may read what it is attached to (the access module: containers, hidden
        # items, unknown kinds refused).
        allowed = await can_read(session, reader, stored.attached_type, stored.attached_id)
    if not allowed:
        raise NotFound("No such file")
    return stored


_NORDIC = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})


def content_disposition(name: str) -> str:
    """Always a download (never rendered inline), under a name that is safe to save.

    The plain `filename` keeps letters, digits and `. _ - ( )` of the last path part;
    `filename*` carries the original (percent-encoded, so no header injection).
    """
    from urllib.parse import quote

    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    folded = base.translate(_NORDIC) if base else ""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    plain = re.sub(r"[^A-Za-z0-9._() -]+", "_", folded).strip(" _") or "file"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(base or 'file', safe='')}"


def file_out(stored: StoredFile) -> dict[str, Any]:
    return {
        "id": stored.id,
        "name": stored.name,
        "size": stored.size,
        "content_type": stored.content_type,
    }
