"""A stored file as every domain shows it (attachments, resources, posts)."""

from __future__ import annotations

from pydantic import BaseModel


class FileOut(BaseModel):
    id: str
    name: str
    size: int
    content_type: str
