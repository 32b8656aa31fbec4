"""notifications, email settings, mentor queue seen marks (and updated_at indexes)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 03:53:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("recipient_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("target_type", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_state", sa.String(length=10), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_notifications_recipient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_notifications_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_notifications_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_recipient_created",
        "notifications",
        ["recipient_id", "created_at", "id"],
    )
    op.create_index("ix_notifications_recipient_read", "notifications", ["recipient_id", "read_at"])
    op.create_index(
        "ix_notifications_email_state_recipient",
        "notifications",
        ["email_state", "recipient_id"],
    )
    op.create_index("ix_notifications_target", "notifications", ["target_type", "target_id"])
    op.create_index(
        op.f("ix_notifications_workspace_id"), "notifications", ["workspace_id"], unique=False
    )
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_settings")),
    )
    op.create_table(
        "mentor_seen",
        sa.Column("mentor_id", sa.String(length=36), nullable=False),
        sa.Column("item_type", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_mentor_seen_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mentor_id", "item_type", "item_id", name=op.f("pk_mentor_seen")),
    )

    op.create_index("ix_cycles_updated_at_id", "cycles", ["updated_at", "id"])
    op.create_index("ix_entries_updated_at_id", "entries", ["updated_at", "id"])
    op.create_index("ix_measures_updated_at_id", "measures", ["updated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_measures_updated_at_id", table_name="measures")
    op.drop_index("ix_entries_updated_at_id", table_name="entries")
    op.drop_index("ix_cycles_updated_at_id", table_name="cycles")
    op.drop_table("mentor_seen")
    op.drop_table("notification_settings")
    op.drop_index(op.f("ix_notifications_workspace_id"), table_name="notifications")
    op.drop_index("ix_notifications_target", table_name="notifications")
    op.drop_index("ix_notifications_email_state_recipient", table_name="notifications")
    op.drop_index("ix_notifications_recipient_read", table_name="notifications")
    op.drop_index("ix_notifications_recipient_created", table_name="notifications")
    op.drop_table("notifications")
