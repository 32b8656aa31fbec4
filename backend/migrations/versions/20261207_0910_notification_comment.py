"""notification comment (the comment a notification shows, re-checked at every read)

Revision ID: notification_comment
Revises: job_runs
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "notification_comment"
down_revision: str | None = "job_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("comment_id", sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            "fk_notifications_comment_id_comments",
            "comments",
            ["comment_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint("fk_notifications_comment_id_comments", type_="foreignkey")
        batch.drop_column("comment_id")
