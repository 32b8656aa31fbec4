"""sharing: feed, follows, comments, reactions, notifications

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_reports",
        sa.Column("target_type", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("reporter_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_content_reports_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_reports")),
    )
    with op.batch_alter_table("content_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_content_reports_target", ["target_type", "target_id"], unique=False
        )

    op.create_table(
        "reactions",
        sa.Column("target_type", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reactions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "target_type", "target_id", "user_id", "kind", name=op.f("pk_reactions")
        ),
    )
    with op.batch_alter_table("reactions", schema=None) as batch_op:
        batch_op.create_index("ix_reactions_target", ["target_type", "target_id"], unique=False)

    op.create_table(
        "topic_follows",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_topic_follows_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "topic", name=op.f("pk_topic_follows")),
    )
    with op.batch_alter_table("topic_follows", schema=None) as batch_op:
        batch_op.create_index("ix_topic_follows_topic", ["topic"], unique=False)

    op.create_table(
        "comments",
        sa.Column("target_type", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=True),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name=op.f("fk_comments_parent_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_comments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(
            "ix_comments_target_created_at",
            ["target_type", "target_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_comments_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "feed_items",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_type", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_feed_items_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_feed_items_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_items")),
        sa.UniqueConstraint("source_type", "source_id", name="uq_feed_items_source"),
    )
    with op.batch_alter_table("feed_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_items_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_feed_items_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_feed_items_kind_created_at_id", ["kind", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_feed_items_visibility_created_at_id",
            ["visibility", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_feed_items_workspace_id_created_at_id",
            ["workspace_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "posts",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_posts_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_posts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_posts_workspace_id_created_at", ["workspace_id", "created_at"], unique=False
        )

    op.create_table(
        "workspace_follows",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_workspace_follows_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_workspace_follows_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "workspace_id", name=op.f("pk_workspace_follows")),
    )
    with op.batch_alter_table("workspace_follows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workspace_follows_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "comment_mentions",
        sa.Column("comment_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_comment_mentions_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_comment_mentions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", "user_id", name=op.f("pk_comment_mentions")),
    )
    with op.batch_alter_table("comment_mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_mentions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "feed_item_topics",
        sa.Column("feed_item_id", sa.String(length=36), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_item_id"],
            ["feed_items.id"],
            name=op.f("fk_feed_item_topics_feed_item_id_feed_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feed_item_id", "topic", name=op.f("pk_feed_item_topics")),
    )
    with op.batch_alter_table("feed_item_topics", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feed_item_topics_topic_item", ["topic", "feed_item_id"], unique=False
        )

    with op.batch_alter_table("gatherings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary_visibility", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gatherings", schema=None) as batch_op:
        batch_op.drop_column("summary_visibility")

    with op.batch_alter_table("feed_item_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_item_topics_topic_item")

    op.drop_table("feed_item_topics")
    with op.batch_alter_table("comment_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_mentions_user_id"))

    op.drop_table("comment_mentions")
    with op.batch_alter_table("workspace_follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workspace_follows_workspace_id"))

    op.drop_table("workspace_follows")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_workspace_id_created_at")

    op.drop_table("posts")
    with op.batch_alter_table("feed_items", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_items_workspace_id_created_at_id")
        batch_op.drop_index("ix_feed_items_visibility_created_at_id")
        batch_op.drop_index("ix_feed_items_kind_created_at_id")
        batch_op.drop_index("ix_feed_items_created_at_id")
        batch_op.drop_index(batch_op.f("ix_feed_items_author_id"))

    op.drop_table("feed_items")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_workspace_id"))
        batch_op.drop_index("ix_comments_target_created_at")
        batch_op.drop_index(batch_op.f("ix_comments_parent_id"))
        batch_op.drop_index(batch_op.f("ix_comments_author_id"))

    op.drop_table("comments")
    with op.batch_alter_table("topic_follows", schema=None) as batch_op:
        batch_op.drop_index("ix_topic_follows_topic")

    op.drop_table("topic_follows")
    with op.batch_alter_table("reactions", schema=None) as batch_op:
        batch_op.drop_index("ix_reactions_target")

    op.drop_table("reactions")
    with op.batch_alter_table("content_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_content_reports_target")

    op.drop_table("content_reports")
