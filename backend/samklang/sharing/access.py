"""The sharing domain's kinds for the access module: posts and comments (a comment is
capped by what it is about; a private one is for the workspace's insiders)."""

from __future__ import annotations

from sqlalchemy import case

from samklang.access.registry import Kind, register
from samklang.sharing.models import Comment, Post
from samklang.sharing.text import post_title

register(
    Kind(
        name="post",
        model=Post,
        id=Post.id,
        workspace=Post.workspace_id,
        level=Post.visibility,
        hidden=Post.hidden_at,
        author=Post.author_id,
        gone=Post.deleted_at.is_not(None),
        title=Post.body,
        format_title=post_title,
        url=lambda i, _: f"/posts/{i}",
        authors=Post.author_id,
    )
)
register(
    Kind(
        name="comment",
        model=Comment,
        id=Comment.id,
        workspace=Comment.workspace_id,
        level=case((Comment.private, "workspace"), else_="public"),
        container=Comment.target_type,
        container_id=Comment.target_id,
        hidden=Comment.hidden_at,
        author=Comment.author_id,
        gone=Comment.deleted_at.is_not(None),
        commentable=False,
    )
)
