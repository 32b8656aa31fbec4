from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin


class StoredFile(IdMixin, Base):
    """An upload. Until it is attached to something only its uploader can read it; after,
    whoever may read what it is attached to."""

    __tablename__ = "files"
    __table_args__ = (Index("ix_files_attached", "attached_type", "attached_id"),)

    owner_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    attached_type: Mapped[str | None] = mapped_column(String(40), default=None)
    attached_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[datetime]
