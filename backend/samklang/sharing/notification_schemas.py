"""Request and response bodies of notifications, email settings, unsubscribe and the mentor
queue."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from samklang.sharing.notification_models import EmailFrequency


class ActorOut(BaseModel):
    id: str
    name: str


class NotificationOut(BaseModel):
    id: str
    kind: str
    actor: ActorOut | None
    target_type: str
    target_id: str
    workspace_id: str | None
    workspace_name: str | None
    title: str
    text: str
    url: str | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None = None


class UnreadCount(BaseModel):
    unread: int


class MarkRead(BaseModel):
    """Either some notifications by id, or all of mine."""

    ids: list[str] = Field(default_factory=list, max_length=500)
    all: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> MarkRead:
        if not self.all and not self.ids:
            raise ValueError("Give ids or all")
        return self


class NotificationSettingsIn(BaseModel):
    email: EmailFrequency


class NotificationSettingsOut(BaseModel):
    email: EmailFrequency
    # True while the user has not chosen: the value is the default for their memberships.
    is_default: bool


class UnsubscribeOut(BaseModel):
    email: EmailFrequency


QueueItemType = Literal["cycle", "entry", "measure"]


class QueueItem(BaseModel):
    type: QueueItemType
    id: str
    kind: str  # "new" or "changed"
    workspace_id: str
    workspace_name: str
    title: str
    url: str
    waiting_since: datetime
    waited_seconds: int


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None = None


class SeenItem(BaseModel):
    type: QueueItemType
    id: str = Field(min_length=1, max_length=36)


class SeenIn(BaseModel):
    items: list[SeenItem] = Field(min_length=1, max_length=200)
