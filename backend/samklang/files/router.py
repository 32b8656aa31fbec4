from __future__ import annotations

from fastapi import APIRouter, UploadFile, status
from fastapi.responses import StreamingResponse

from samklang.access.deps import ReaderDep
from samklang.auth.permissions import CurrentUser
from samklang.core.deps import SessionDep, SettingsDep
from samklang.files import service

# FileOut lives in files/schemas.py; named here too for the modules that import it here.
from samklang.files.schemas import FileOut as FileOut

router = APIRouter(tags=["files"])


@router.post("/files", response_model=FileOut, status_code=status.HTTP_201_CREATED)
async def upload_file(
    file: UploadFile, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> FileOut:
    """Upload a file (office document, PDF, image, audio, video or plain text) to attach
    to something afterwards. Checked by content, at most `SAMKLANG_MAX_UPLOAD_MB`."""
    stored = await service.upload(session, settings, user, file)
    return FileOut(**service.file_out(stored))


@router.get("/files/{file_id}", response_class=StreamingResponse)
async def download_file(
    file_id: str, reader: ReaderDep, session: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    """Downloads the file for those who may read what it is attached to."""
    stored = await service.readable(session, reader, file_id)
    return StreamingResponse(
        service.storage_for(settings).stream(stored.storage_key),
        media_type=stored.content_type,
        headers={
            "Content-Disposition": service.content_disposition(stored.name),
            "Content-Length": str(stored.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
