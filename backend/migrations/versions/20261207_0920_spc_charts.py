"""spc charts: a chart type and the IHI shift option per measure; a denominator and a
phase start per data point

Revision ID: 20261207_spc_charts
Revises: notification_comment
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207_spc_charts"
down_revision: str | None = "notification_comment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.add_column(
            sa.Column("chart", sa.String(length=8), nullable=False, server_default="run")
        )
        batch.add_column(
            sa.Column("shift_rule", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("measure_points") as batch:
        batch.add_column(sa.Column("denominator", sa.Float(), nullable=True))
        batch.add_column(
            sa.Column("phase_start", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("measure_points") as batch:
        batch.drop_column("phase_start")
        batch.drop_column("denominator")
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("shift_rule")
        batch.drop_column("chart")
