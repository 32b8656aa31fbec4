from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditActor(BaseModel):
    id: str
    name: str = Field(description='The name, or "former member" for a deleted account')


class AuditEventOut(BaseModel):
    id: str
    at: datetime
    action: str
    actor: AuditActor | None = Field(description="Null for acts without a signed-in actor")
    target_type: str | None
    target_id: str | None
    workspace_id: str | None
    ip_address: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    next_cursor: str | None
