"""Short posts to the network: write, read, edit, delete.
No HTTP, no commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.core.db import utcnow
from samklang.core.errors import (
    AppError,
    Forbidden,
    NotFound,
    ReadOnly,
)
from samklang.core.markdown import render
from samklang.files import service as files_service
from samklang.files.router import FileOut
from samklang.network import service as network_service
from samklang.network.models import Workspace, WorkspaceStatus
from samklang.sharing import feed
from samklang.sharing.common import (
    _names,
    _require_author_or_admin,
    _user_id,
)
from samklang.sharing.models import (
    Post,
)
from samklang.sharing.schemas import (
    PostCreate,
    PostOut,
    PostUpdate,
)
from samklang.sharing.text import post_title


class StaleVersion(AppError):
    status, code, title = 409, "conflict", "Changed by someone else"

    def __init__(self, current: PostOut) -> None:
        super().__init__(
            "Someone else saved a newer version; compare and save again",
            extra={"current": current.model_dump(mode="json")},
        )


def _require_write(reader: Reader, workspace: Workspace) -> None:
    if not reader.can_write(workspace.id):
        raise Forbidden("Only the workspace's members post here")
    if workspace.status == WorkspaceStatus.withdrawn.value and not reader.is_admin:
        raise ReadOnly("The workspace has withdrawn; its content is read-only")


async def _post_out(session: AsyncSession, reader: Reader, post: Post) -> PostOut:
    workspace = await session.get(Workspace, post.workspace_id)
    names = await _names(session, [post.author_id])
    files = await files_service.attached_to(session, "post", [post.id])
    me = reader.user.id if reader.user else None
    sees_text = post.hidden_at is None or reader.is_admin or (me and me == post.author_id)
    body = post.body if sees_text else ""
    return PostOut(
        id=post.id,
        workspace_id=post.workspace_id,
        workspace_name=workspace.name if workspace else "",
        author_id=post.author_id,
        author_name=names.get(post.author_id or ""),
        body=body,
        body_html=render(body),
        visibility=Visibility(post.visibility),
        topics=list(post.topics or []),
        files=[FileOut(**files_service.file_out(f)) for f in files.get(post.id, [])]
        if sees_text
        else [],
        hidden=post.hidden_at is not None,
        hidden_reason=post.hidden_reason if post.hidden_at and sees_text else None,
        version=post.version,
        created_at=post.created_at,
        updated_at=post.updated_at,
        can_edit=bool(me and (reader.is_admin or me == post.author_id)),
    )


async def _publish_post(session: AsyncSession, post: Post) -> None:
    if post.hidden_at is not None or post.deleted_at is not None:
        await feed.withdraw(session, source_type="post", source_id=post.id)
        return
    await feed.publish(
        session,
        kind="post",
        source_type="post",
        source_id=post.id,
        workspace_id=post.workspace_id,
        visibility=post.visibility,
        title=post_title(post.body),
        excerpt=post.body,
        author_id=post.author_id,
        topics=post.topics or [],
        url=f"/posts/{post.id}",
    )


async def create_post(session: AsyncSession, reader: Reader, data: PostCreate) -> PostOut:
    user_id = _user_id(reader)
    workspace = await network_service.get_workspace(session, data.workspace_id)
    _require_write(reader, workspace)
    post = Post(
        workspace_id=workspace.id,
        author_id=user_id,
        body=data.body,
        visibility=data.visibility.value,
        topics=feed.normalise_topics(data.topics),
        version=1,
    )
    session.add(post)
    await session.flush()
    if data.file_id:
        assert reader.user is not None
        await files_service.attach(session, reader.user, [data.file_id], "post", post.id)
    await _publish_post(session, post)
    return await _post_out(session, reader, post)


async def _readable_post(session: AsyncSession, reader: Reader, post_id: str) -> Post:
    post = await session.get(Post, post_id)
    if (
        post is None
        or post.deleted_at is not None
        or not reader.can_read(post.workspace_id, post.visibility)
    ):
        raise NotFound("No such post")
    return post


async def get_post(session: AsyncSession, reader: Reader, post_id: str) -> PostOut:
    return await _post_out(session, reader, await _readable_post(session, reader, post_id))


async def update_post(
    session: AsyncSession, reader: Reader, post_id: str, data: PostUpdate
) -> PostOut:
    post = await _readable_post(session, reader, post_id)
    _require_author_or_admin(reader, post.author_id)
    if data.version != post.version:
        raise StaleVersion(await _post_out(session, reader, post))
    if data.body is not None:
        post.body = data.body
    if data.visibility is not None:
        post.visibility = data.visibility.value
    if data.topics is not None:
        post.topics = feed.normalise_topics(data.topics)
    post.version += 1
    post.updated_at = utcnow()
    await session.flush()
    await _publish_post(session, post)
    return await _post_out(session, reader, post)


async def delete_post(session: AsyncSession, reader: Reader, post_id: str) -> None:
    post = await _readable_post(session, reader, post_id)
    _require_author_or_admin(reader, post.author_id)
    post.deleted_at = utcnow()
    await record(
        session,
        "post.deleted",
        actor=reader.user,
        target_type="post",
        target_id=post.id,
        workspace_id=post.workspace_id,
        details={"by_author": reader.user is not None and reader.user.id == post.author_id},
    )
    await session.flush()
    await feed.withdraw(session, source_type="post", source_id=post.id)
