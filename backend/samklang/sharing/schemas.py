"""Request and response bodies of the sharing domain (feed, posts, follows, comments,
reactions, moderation)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from samklang.access.reader import Visibility
from samklang.files.router import FileOut
from samklang.sharing.models import ReactionKind

Topic = str


class ReactionCounts(BaseModel):
    useful: int = 0
    inspiring: int = 0


class FeedItemOut(BaseModel):
    id: str
    kind: str
    source_type: str
    source_id: str
    workspace_id: str | None
    workspace_name: str | None
    visibility: Visibility
    title: str
    excerpt: str
    author_id: str | None
    author_name: str | None
    topics: list[str]
    url: str | None
    created_at: datetime
    updated_at: datetime
    comment_count: int
    reactions: ReactionCounts
    my_reactions: list[ReactionKind]


# Posts


class PostCreate(BaseModel):
    workspace_id: str
    body: str = Field(min_length=1, max_length=5000, description="Markdown")
    visibility: Visibility = Visibility.network
    topics: list[str] = Field(default_factory=list, max_length=10)
    file_id: str | None = Field(
        default=None, description="An upload of the caller's (POST /files), attached to the post"
    )


class PostUpdate(BaseModel):
    body: str | None = Field(default=None, min_length=1, max_length=5000)
    visibility: Visibility | None = None
    topics: list[str] | None = Field(default=None, max_length=10)
    version: int


class PostOut(BaseModel):
    id: str
    workspace_id: str
    workspace_name: str
    author_id: str | None
    author_name: str | None
    body: str = Field(description="Empty when hidden by the project team (except for its author)")
    body_html: str
    visibility: Visibility
    topics: list[str]
    files: list[FileOut]
    hidden: bool
    hidden_reason: str | None = Field(
        default=None, description="Why it was hidden; only its author and the project team see it"
    )
    version: int
    created_at: datetime
    updated_at: datetime
    can_edit: bool


# Follows


class FollowedWorkspace(BaseModel):
    workspace_id: str
    name: str
    implicit: bool = Field(
        description="Followed because the caller is a member or mentor of it (cannot unfollow)"
    )


class FollowedTopic(BaseModel):
    topic: str


class Follows(BaseModel):
    workspaces: list[FollowedWorkspace]
    topics: list[FollowedTopic]


# Comments


CommentTargetType = str


class CommentCreate(BaseModel):
    """Mentions are sent as user ids in `mentions` (pick people from
    GET /comments/mentionable); the body may show them as plain `@Name`. A mentioned user
    who cannot read the target (or the private comment) is silently dropped."""

    target_type: str = Field(max_length=30)
    target_id: str = Field(max_length=36)
    body: str = Field(min_length=1, max_length=10000, description="Markdown")
    parent_id: str | None = Field(default=None, description="Reply to this top-level comment")
    private: bool = Field(
        default=False,
        description="Only for the workspace's mentors and the project team: visible only to "
        "the workspace's members, its mentors and the project team. Replies to a private "
        "comment are private.",
    )
    mentions: list[str] = Field(default_factory=list, max_length=50)


class CommentUpdate(BaseModel):
    body: str = Field(min_length=1, max_length=10000)
    mentions: list[str] | None = Field(default=None, max_length=50)


class Person(BaseModel):
    id: str
    name: str


class CommentOut(BaseModel):
    id: str
    target_type: str
    target_id: str
    parent_id: str | None
    author_id: str | None = Field(description="None when deleted (or hidden, for others)")
    author_name: str | None
    body: str
    body_html: str
    private: bool
    mentions: list[Person]
    created_at: datetime
    edited_at: datetime | None
    deleted: bool = Field(description="A deleted comment kept as a placeholder for its replies")
    hidden: bool = Field(description="Hidden by the project team")
    hidden_reason: str | None = None
    can_edit: bool
    can_delete: bool
    replies: list[CommentOut] = Field(default_factory=list)


class CommentPage(BaseModel):
    items: list[CommentOut]
    next_cursor: str | None = None
    count: int = Field(description="Comments (and replies) the caller can read")
    can_comment: bool
    can_comment_privately: bool


# Reactions


class ReactionIn(BaseModel):
    target_type: str = Field(max_length=30)
    target_id: str = Field(max_length=36)
    kind: ReactionKind


class Reactor(BaseModel):
    user_id: str
    name: str
    kind: ReactionKind


class ReactionsOut(BaseModel):
    target_type: str
    target_id: str
    counts: ReactionCounts
    mine: list[ReactionKind]
    people: list[Reactor]


# Moderation


class ModerationReportIn(BaseModel):
    target_type: Literal["comment", "post"]
    target_id: str = Field(max_length=36)
    reason: str = Field(min_length=1, max_length=2000)


class ModerationReportOut(BaseModel):
    id: str
    target_type: str
    target_id: str
    reporter_id: str | None
    reporter_name: str | None
    reason: str
    created_at: datetime
    resolved_at: datetime | None
    excerpt: str = Field(description="The reported text (for the project team)")
    author_id: str | None
    author_name: str | None
    hidden: bool


class HideIn(BaseModel):
    target_type: Literal["comment", "post"]
    target_id: str = Field(max_length=36)
    reason: str = Field(min_length=1, max_length=2000)


class ShareIn(BaseModel):
    visibility: Visibility


class ShareOut(BaseModel):
    gathering_id: str
    visibility: Visibility | None
