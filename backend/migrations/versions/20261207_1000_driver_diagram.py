"""driver diagram: the aim's how-much, drivers and change ideas as a tree, links to
measures and cycles

Revision ID: 20261207_driver_diagram
Revises: 20261207_spc_charts
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207_driver_diagram"
down_revision: str | None = "20261207_spc_charts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "driver_aims",
        sa.Column("workspace_id", sa.String(36), nullable=False),
        sa.Column("how_much", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_driver_aims_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_driver_aims")),
    )
    op.create_table(
        "driver_nodes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("workspace_id", sa.String(36), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_driver_nodes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["driver_nodes.id"],
            name=op.f("fk_driver_nodes_parent_id_driver_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driver_nodes")),
    )
    op.create_index(op.f("ix_driver_nodes_workspace_id"), "driver_nodes", ["workspace_id"])
    op.create_index(op.f("ix_driver_nodes_parent_id"), "driver_nodes", ["parent_id"])
    op.create_table(
        "driver_measures",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("workspace_id", sa.String(36), nullable=False),
        sa.Column("node_id", sa.String(36), nullable=True),
        sa.Column("measure_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_driver_measures_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["driver_nodes.id"],
            name=op.f("fk_driver_measures_node_id_driver_nodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_driver_measures_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driver_measures")),
    )
    for column in ("workspace_id", "node_id", "measure_id"):
        op.create_index(op.f(f"ix_driver_measures_{column}"), "driver_measures", [column])
    op.create_table(
        "driver_cycles",
        sa.Column("node_id", sa.String(36), nullable=False),
        sa.Column("cycle_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["driver_nodes.id"],
            name=op.f("fk_driver_cycles_node_id_driver_nodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_driver_cycles_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("node_id", "cycle_id", name=op.f("pk_driver_cycles")),
    )
    op.create_index(op.f("ix_driver_cycles_cycle_id"), "driver_cycles", ["cycle_id"])


def downgrade() -> None:
    op.drop_table("driver_cycles")
    op.drop_table("driver_measures")
    op.drop_table("driver_nodes")
    op.drop_table("driver_aims")
