"""Request and response bodies of the knowledge domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, Field, StringConstraints

from samklang.access.reader import Visibility
from samklang.files.schemas import FileOut
from samklang.knowledge.models import (
    CollectionKind,
    Language,
    QuestionStatus,
    ResourceKind,
    Section,
)

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
QuestionTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)
]
Markdown = Annotated[str, StringConstraints(max_length=50000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60)
]

SearchType = Literal["question", "resource", "cycle", "entry", "gathering", "workspace"]


# Topics


class TopicOut(BaseModel):
    id: str
    slug: str
    name_nb: str
    name_nn: str
    name_en: str
    position: int


class TopicCreate(BaseModel):
    slug: Slug
    name_nb: Name
    name_nn: Name
    name_en: Name
    position: int = 0


class TopicUpdate(BaseModel):
    name_nb: Name | None = None
    name_nn: Name | None = None
    name_en: Name | None = None
    position: int | None = None


# Questions


class QuestionCreate(BaseModel):
    title: QuestionTitle
    body: Markdown = ""
    topics: list[Slug] = Field(default=[], max_length=9)
    anonymous: bool = False


class Person(BaseModel):
    id: str
    name: str


class QuestionAnswerOut(BaseModel):
    body: str
    body_html: str
    published: bool
    public: bool
    answered_at: datetime | None
    updated_at: datetime | None


class QuestionSummary(BaseModel):
    """A question as lists show it. `asker` and `workspace_name` are None when the asker
    chose anonymity and the caller is neither the asker nor the project team."""

    id: str
    title: str
    status: QuestionStatus
    topics: list[str]
    anonymous: bool
    asker: Person | None
    workspace_id: str | None
    workspace_name: str | None
    mine: bool
    vote_count: int
    i_voted: bool
    assignee: Person | None
    merged_into_id: str | None
    answered_at: datetime | None
    has_draft: bool = Field(description="An unpublished answer exists (admins only see it)")
    created_at: datetime


class QuestionOut(QuestionSummary):
    body: str
    body_html: str
    answer: QuestionAnswerOut | None = Field(
        description="The published answer; for the project team also a draft"
    )
    merged: list[str] = Field(description="Ids of the questions merged into this one")
    version: int


class MergeIn(BaseModel):
    into_id: str


class AssigneeIn(BaseModel):
    user_id: str | None


class QuestionAnswerIn(BaseModel):
    body: Markdown
    publish: bool = False
    public: bool = False
    version: int | None = None


class SimilarQuestion(BaseModel):
    id: str
    title: str
    status: QuestionStatus
    vote_count: int
    snippet: str = Field(description="HTML: matches in <mark>, the rest escaped")


# FAQ


class FaqItem(BaseModel):
    id: str
    title: str
    body_html: str
    answer_html: str
    public: bool
    answered_at: datetime | None
    vote_count: int


class FaqTopic(BaseModel):
    topic: TopicOut | None = Field(description="None: questions without a topic")
    items: list[FaqItem]


# Resources


class ResourceCreate(BaseModel):
    kind: ResourceKind
    title: Title
    description: Markdown = ""
    tags: list[Tag] = Field(default=[], max_length=20)
    language: Language = Language.nb
    url: AnyHttpUrl | None = None
    file_id: str | None = None
    workspace_id: str | None = Field(
        default=None, description="None: a project resource (project team only)"
    )
    visibility: Visibility | None = Field(
        default=None, description="Default: network for project resources, else workspace"
    )


class ResourceUpdate(BaseModel):
    kind: ResourceKind | None = None
    title: Title | None = None
    description: Markdown | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    language: Language | None = None
    url: AnyHttpUrl | None = None
    file_id: str | None = None
    visibility: Visibility | None = None
    version: int | None = None


class ResourceOut(BaseModel):
    id: str
    kind: ResourceKind
    title: str
    description: str
    description_html: str
    tags: list[str]
    language: Language
    url: str | None
    file: FileOut | None
    download_url: str = Field(description="Counts the download, then sends the file or address")
    owner: Literal["project"] | str = Field(description="'project' or the workspace id")
    workspace_id: str | None
    workspace_name: str | None
    visibility: Visibility
    download_count: int
    can_edit: bool
    version: int
    created_at: datetime
    updated_at: datetime


# Collections


class SectionIn(BaseModel):
    key: Section
    body: Markdown = ""
    resource_ids: list[str] = Field(default=[], max_length=200)


class CollectionCreate(BaseModel):
    title: Title
    description: Markdown = ""
    kind: CollectionKind
    gathering_id: str | None = None
    sections: list[SectionIn] = Field(default=[], max_length=4)
    visibility: Visibility = Visibility.network


class CollectionUpdate(BaseModel):
    title: Title | None = None
    description: Markdown | None = None
    gathering_id: str | None = None
    sections: list[SectionIn] | None = Field(default=None, max_length=4)
    visibility: Visibility | None = None
    version: int | None = None


class SectionOut(BaseModel):
    key: Section
    body: str
    body_html: str
    resources: list[ResourceOut]


class CollectionSummary(BaseModel):
    id: str
    title: str
    kind: CollectionKind
    gathering_id: str | None
    visibility: Visibility
    resource_count: int
    created_at: datetime


class CollectionOut(BaseModel):
    id: str
    title: str
    description: str
    description_html: str
    kind: CollectionKind
    gathering_id: str | None
    visibility: Visibility
    sections: list[SectionOut]
    version: int
    created_at: datetime
    updated_at: datetime


# Search


class SearchHit(BaseModel):
    type: SearchType
    id: str
    title: str
    snippet: str = Field(description="HTML: matches in <mark>, the rest escaped")
    url: str = Field(description="The app path that opens it")
    workspace_id: str | None
    workspace_name: str | None
    rank: float


class SearchPage(BaseModel):
    items: list[SearchHit]
    next_cursor: str | None = None
