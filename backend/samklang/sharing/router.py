"""Endpoints of the sharing domain under /api/v1 (API.md, Sharing and conversation):
the feed, posts, follows, comments, reactions and moderation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from samklang.access import readers
from samklang.access.deps import AdminReader, ReaderDep, SignedInReader
from samklang.auth.permissions import OptionalUser, RequireAdmin
from samklang.core.deps import SessionDep
from samklang.core.errors import PROBLEM_JSON, NotAuthenticated, Problem
from samklang.core.pagination import PageDep
from samklang.network.schemas import Page
from samklang.sharing import comments, feed_page, follows, moderation, posts
from samklang.sharing import reactions as reactions_service
from samklang.sharing.schemas import (
    CommentCreate,
    CommentOut,
    CommentPage,
    CommentUpdate,
    FeedItemOut,
    Follows,
    HideIn,
    ModerationReportIn,
    ModerationReportOut,
    Person,
    PostCreate,
    PostOut,
    PostUpdate,
    ReactionIn,
    ReactionsOut,
)

router = APIRouter(tags=["sharing"])
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": Problem, "content": {PROBLEM_JSON: {}}}}
NO_CONTENT = status.HTTP_204_NO_CONTENT


# The feed


@router.get("/feed", response_model=Page[FeedItemOut])
async def get_feed(
    user: OptionalUser,
    reader: ReaderDep,
    session: SessionDep,
    page: PageDep,
    following: bool = False,
    workspace_id: Annotated[str | None, Query(max_length=36)] = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
) -> Page[FeedItemOut]:
    """What the caller may read, newest first. `following=true` (signed in): the workspaces
    and topics the caller follows, plus their own workspaces (members) and the ones they
    mentor. Each item has its comment count, reactions and the caller's own reactions."""
    if following and user is None:
        raise NotAuthenticated()
    reader = await readers.reader(session, user)
    return await feed_page.get_feed(
        session,
        reader,
        following=following,
        workspace_id=workspace_id,
        topic=topic,
        kind=kind,
        limit=page.limit,
        after=page.after,
    )


# Posts


@router.post("/posts", response_model=PostOut, status_code=status.HTTP_201_CREATED)
async def create_post(data: PostCreate, reader: SignedInReader, session: SessionDep) -> PostOut:
    """A short post from a workspace (its members and the project team). Attach a file by
    uploading it first (POST /files) and sending its id as `file_id`."""
    return await posts.create_post(session, reader, data)


@router.get("/posts/{post_id}", response_model=PostOut)
async def get_post(post_id: str, reader: ReaderDep, session: SessionDep) -> PostOut:
    return await posts.get_post(session, reader, post_id)


@router.patch("/posts/{post_id}", response_model=PostOut, responses=CONFLICT)
async def update_post(
    post_id: str, data: PostUpdate, reader: SignedInReader, session: SessionDep
) -> PostOut:
    """Its author or the project team; send the `version` you read."""
    return await posts.update_post(session, reader, post_id, data)


@router.delete("/posts/{post_id}", status_code=NO_CONTENT)
async def delete_post(post_id: str, reader: SignedInReader, session: SessionDep) -> Response:
    """Its author or the project team; the post leaves the feed at once."""
    await posts.delete_post(session, reader, post_id)
    return Response(status_code=NO_CONTENT)


# Follows


@router.get("/follows", response_model=Follows)
async def my_follows(reader: SignedInReader, session: SessionDep) -> Follows:
    """Followed workspaces (own and mentored ones flagged `implicit`) and topics."""
    return await follows.my_follows(session, reader)


@router.put("/follows/workspaces/{workspace_id}", status_code=NO_CONTENT)
async def follow_workspace(
    workspace_id: str, reader: SignedInReader, session: SessionDep
) -> Response:
    await follows.follow_workspace(session, reader, workspace_id)
    return Response(status_code=NO_CONTENT)


@router.delete("/follows/workspaces/{workspace_id}", status_code=NO_CONTENT)
async def unfollow_workspace(
    workspace_id: str, reader: SignedInReader, session: SessionDep
) -> Response:
    await follows.unfollow_workspace(session, reader, workspace_id)
    return Response(status_code=NO_CONTENT)


@router.put("/follows/topics/{topic}", status_code=NO_CONTENT)
async def follow_topic(topic: str, reader: SignedInReader, session: SessionDep) -> Response:
    """Topics compare without case or accents."""
    await follows.follow_topic(session, reader, topic)
    return Response(status_code=NO_CONTENT)


@router.delete("/follows/topics/{topic}", status_code=NO_CONTENT)
async def unfollow_topic(topic: str, reader: SignedInReader, session: SessionDep) -> Response:
    await follows.unfollow_topic(session, reader, topic)
    return Response(status_code=NO_CONTENT)


# Comments


@router.get("/comments", response_model=CommentPage)
async def list_comments(
    reader: ReaderDep,
    session: SessionDep,
    page: PageDep,
    target_type: Annotated[str, Query(max_length=30)],
    target_id: Annotated[str, Query(max_length=36)],
) -> CommentPage:
    """Top-level comments oldest first, each with its replies. Target types: `cycle`,
    `entry`, `measure`, `post`, `gathering_summary`, `project` (target_id = the workspace),
    and those other domains register. Private comments only for the workspace's members,
    its mentors and the project team."""
    return await comments.list_comments(
        session, reader, target_type, target_id, limit=page.limit, after=page.after
    )


@router.post("/comments", response_model=CommentOut, status_code=status.HTTP_201_CREATED)
async def create_comment(
    data: CommentCreate, reader: SignedInReader, session: SessionDep
) -> CommentOut:
    """Anyone signed in who can read the target. `parent_id` replies (one level);
    `mentions` are user ids; `private` only for the workspace's mentors and the team."""
    return await comments.create_comment(session, reader, data)


@router.get("/comments/mentionable", response_model=list[Person])
async def mentionable(
    reader: SignedInReader,
    session: SessionDep,
    target_type: Annotated[str, Query(max_length=30)],
    target_id: Annotated[str, Query(max_length=36)],
    q: Annotated[str, Query(max_length=100)] = "",
    private: bool = False,
) -> list[Person]:
    """People who can read the target (or, with `private=true`, a private comment on it)."""
    return await comments.mentionable(session, reader, target_type, target_id, q, private=private)


@router.patch("/comments/{comment_id}", response_model=CommentOut)
async def update_comment(
    comment_id: str, data: CommentUpdate, reader: SignedInReader, session: SessionDep
) -> CommentOut:
    """Its author only; the comment is marked edited (`edited_at`)."""
    return await comments.update_comment(session, reader, comment_id, data)


@router.delete("/comments/{comment_id}", status_code=NO_CONTENT)
async def delete_comment(comment_id: str, reader: SignedInReader, session: SessionDep) -> Response:
    """Its author or the project team. With replies it stays as a "deleted" placeholder."""
    await comments.delete_comment(session, reader, comment_id)
    return Response(status_code=NO_CONTENT)


# Reactions


@router.get("/reactions", response_model=ReactionsOut)
async def reactions(
    reader: ReaderDep,
    session: SessionDep,
    target_type: Annotated[str, Query(max_length=30)],
    target_id: Annotated[str, Query(max_length=36)],
) -> ReactionsOut:
    """Counts, the caller's own and who reacted."""
    return await reactions_service.reactions(session, reader, target_type, target_id)


@router.put("/reactions", response_model=ReactionsOut)
async def put_reaction(
    data: ReactionIn, reader: SignedInReader, session: SessionDep
) -> ReactionsOut:
    return await reactions_service.put_reaction(session, reader, data)


@router.delete("/reactions", response_model=ReactionsOut)
async def delete_reaction(
    data: ReactionIn, reader: SignedInReader, session: SessionDep
) -> ReactionsOut:
    return await reactions_service.delete_reaction(session, reader, data)


# Moderation


@router.post("/reports", response_model=ModerationReportOut, status_code=status.HTTP_201_CREATED)
async def report(
    data: ModerationReportIn, reader: SignedInReader, session: SessionDep
) -> ModerationReportOut:
    """Report a comment or post you can read to the project team."""
    return await moderation.report(session, reader, data)


@router.get("/moderation/reports", response_model=Page[ModerationReportOut])
async def list_reports(
    admin: RequireAdmin, session: SessionDep, page: PageDep
) -> Page[ModerationReportOut]:
    return await moderation.list_reports(session, limit=page.limit, after=page.after)


@router.post("/moderation/hide", status_code=NO_CONTENT)
async def hide(data: HideIn, reader: AdminReader, session: SessionDep) -> Response:
    """Hide a comment or post ("hidden by the project team"); its author is told why."""
    await moderation.hide(session, reader, data)
    return Response(status_code=NO_CONTENT)
