"""Tables of the knowledge domain (questions, votes, answers, resources, collections).

The search indexes (PostgreSQL tsvector columns with GIN indexes, SQLite FTS5 tables with
triggers) are not tables of this metadata: migration 0006 creates them, and
`samklang.knowledge.search` reads them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samklang.core.db import Base, IdMixin, TimestampMixin


class QuestionStatus(StrEnum):
    open = "open"
    answered = "answered"
    merged = "merged"


class ResourceKind(StrEnum):
    tool = "tool"
    method = "method"
    template = "template"
    report = "report"
    film = "film"
    presentation = "presentation"
    link = "link"


class Language(StrEnum):
    nb = "nb"
    nn = "nn"
    en = "en"


class CollectionKind(StrEnum):
    gathering_materials = "gathering_materials"
    theme_package = "theme_package"


class Section(StrEnum):
    """Where a resource sits in a collection."""

    materials = "materials"  # a gathering's materials
    run_sheet = "run_sheet"  # theme package: kjøreplan
    preparation = "preparation"  # theme package: forarbeid
    reflection = "reflection"  # theme package: refleksjonsspørsmål


class Topic(IdMixin, TimestampMixin, Base):
    """A topic from the list the project team keeps."""

    __tablename__ = "topics"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_nb: Mapped[str] = mapped_column(String(120))
    name_nn: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Question(IdMixin, TimestampMixin, Base):
    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_status_created_at", "status", "created_at", "id"),
        Index("ix_questions_created_at", "created_at", "id"),
        Index("ix_questions_open_votes", "status", "vote_count", "created_at"),
        Index("ix_questions_answered_at", "answer_published", "answered_at"),
    )

    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered once, when written
    asker_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    # The workspace the asker spoke for (their first membership when asked), if any.
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="SET NULL"), default=None
    )
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.open.value)
    merged_into_id: Mapped[str | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), default=None, index=True
    )
    assignee_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    vote_count: Mapped[int] = mapped_column(Integer, default=0)
    # The written answer: a draft (admins only) until published.
    answer_body: Mapped[str] = mapped_column(Text, default="")
    answer_html: Mapped[str] = mapped_column(Text, default="")
    answer_published: Mapped[bool] = mapped_column(Boolean, default=False)
    answer_public: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    answer_updated_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class QuestionTopic(Base):
    __tablename__ = "question_topics"

    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class QuestionVote(Base):
    """'I wonder too': one per person and question (a merged question's askers and voters
    become voters of the question it was merged into)."""

    __tablename__ = "question_votes"

    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime]


class Resource(IdMixin, TimestampMixin, Base):
    __tablename__ = "resources"
    __table_args__ = (
        Index("ix_resources_created_at", "created_at", "id"),
        Index("ix_resources_download_count", "download_count", "id"),
        Index("ix_resources_workspace_id", "workspace_id"),
    )

    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")  # rendered when written
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(2), default=Language.nb.value)
    url: Mapped[str | None] = mapped_column(String(1000), default=None)
    file_id: Mapped[str | None] = mapped_column(
        ForeignKey("files.id", ondelete="SET NULL"), default=None
    )
    # None: the project team's own resource.
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None
    )
    visibility: Mapped[str] = mapped_column(String(16), default="network")
    download_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ResourceTag(Base):
    """The tags of a resource, one row each, for filtering (the resource keeps the list)."""

    __tablename__ = "resource_tags"

    resource_id: Mapped[str] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)


class Collection(IdMixin, TimestampMixin, Base):
    """A curated set of resources: a gathering's materials, or a theme package."""

    __tablename__ = "collections"

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    gathering_id: Mapped[str | None] = mapped_column(
        ForeignKey("gatherings.id", ondelete="SET NULL"), default=None, index=True
    )
    # Section texts by section key, e.g. the reflection questions themselves.
    section_texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    visibility: Mapped[str] = mapped_column(String(16), default="network")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic concurrency: every UPDATE is "... WHERE version = <the version read>",
    # so of two saves based on the same version only one can succeed.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class CollectionItem(Base):
    __tablename__ = "collection_items"

    collection_id: Mapped[str] = mapped_column(
        ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )
    resource_id: Mapped[str] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    section: Mapped[str] = mapped_column(String(32), default=Section.materials.value)
    position: Mapped[int] = mapped_column(Integer, default=0)
