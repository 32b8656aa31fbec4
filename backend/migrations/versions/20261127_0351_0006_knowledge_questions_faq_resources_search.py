"""knowledge: questions, FAQ, resources, search

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 03:51:00

Besides the knowledge tables, this creates the full-text search indexes over questions,
resources, cycles, entries, gatherings and workspaces, so no other domain needs hooks:

- PostgreSQL: a stored generated `search_vector` tsvector column (configuration
  `norwegian`; the title weighted A, the text B) with a GIN index on each source table.
- SQLite: an FTS5 table `fts_<table>` per source table (tokenizer unicode61 with
  diacritics removed), whose rowid is the source row's rowid, kept in sync by triggers.
  A later migration that recreates a source table on SQLite (batch mode) drops its
  triggers: it must create them again (and refill `fts_<table>` from the table).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (title SQL, body SQL, columns whose change re-indexes the row). The same
# expressions serve both databases (|| and coalesce are standard).
SOURCES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "questions": (
        "coalesce(title, '')",
        "coalesce(body, '') || ' ' || "
        "CASE WHEN answer_published THEN coalesce(answer_body, '') ELSE '' END",
        ("title", "body", "answer_body", "answer_published"),
    ),
    "resources": (
        "coalesce(title, '')",
        "coalesce(description, '') || ' ' || coalesce(CAST(tags AS TEXT), '')",
        ("title", "description", "tags"),
    ),
    "cycles": (
        "coalesce(title, '')",
        "coalesce(plan, '') || ' ' || coalesce(act, '') || ' ' || coalesce(observe, '')"
        " || ' ' || coalesce(reflect, '')",
        ("title", "plan", "act", "observe", "reflect"),
    ),
    "entries": ("''", "coalesce(body, '')", ("body",)),
    "gatherings": (
        "coalesce(title, '')",
        "coalesce(description, '') || ' ' || coalesce(place, '')",
        ("title", "description", "place"),
    ),
    "workspaces": ("coalesce(name, '')", "coalesce(description, '')", ("name", "description")),
}

TOPICS = [
    ("economy", "Økonomi", "Økonomi", "Economy"),
    ("time-and-resources", "Tid og ressurser", "Tid og ressursar", "Time and resources"),
    ("selection", "Utvelgelse", "Utveljing", "Selection"),
    ("gatherings", "Samlinger", "Samlingar", "Gatherings"),
    ("mentoring", "Veiledning", "Rettleiing", "Mentoring"),
    ("reporting", "Rapportering", "Rapportering", "Reporting"),
    ("anchoring", "Forankring", "Forankring", "Anchoring"),
    ("co-creation", "Samskaping", "Samskaping", "Co-creation"),
    ("other", "Annet", "Anna", "Other"),
]


def _with_row(expr: str, row: str) -> str:
    """The expression over `new.` or `old.` columns, for a trigger body."""
    import re

    columns = sorted(
        {c for cols in (v[2] for v in SOURCES.values()) for c in cols}, key=len, reverse=True
    )
    pattern = re.compile(r"(?<![\w.'])(" + "|".join(columns) + r")(?![\w'])")
    return pattern.sub(lambda m: f"{row}.{m.group(1)}", expr)


def _create_search_postgresql() -> None:
    for table, (title, body, _cols) in SOURCES.items():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('norwegian'::regconfig, {title}), 'A') || "
            f"setweight(to_tsvector('norwegian'::regconfig, {body}), 'B')) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin (search_vector)")


def _drop_search_postgresql() -> None:
    for table in SOURCES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


def _create_search_sqlite() -> None:
    for table, (title, body, cols) in SOURCES.items():
        fts = f"fts_{table}"
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        insert = (
            f"INSERT INTO {fts}(rowid, title, body) VALUES "  # noqa: S608 - constants only
            f"(new.rowid, {_with_row(title, 'new')}, {_with_row(body, 'new')});"
        )
        delete = f"DELETE FROM {fts} WHERE rowid = old.rowid;"  # noqa: S608
        op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {', '.join(cols)} ON {table} "
            f"BEGIN {delete} {insert} END"
        )
        op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(
            f"INSERT INTO {fts}(rowid, title, body) SELECT rowid, {title}, {body} FROM {table}"  # noqa: S608, E501
        )


def _drop_search_sqlite() -> None:
    for table in SOURCES:
        fts = f"fts_{table}"
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name_nb", sa.String(length=120), nullable=False),
        sa.Column("name_nn", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_table(
        "collections",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("gathering_id", sa.String(length=36), nullable=True),
        sa.Column("section_texts", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gatherings.id"],
            name=op.f("fk_collections_gathering_id_gatherings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collections")),
    )
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_collections_gathering_id"), ["gathering_id"], unique=False
        )

    op.create_table(
        "questions",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("asker_id", sa.String(length=36), nullable=True),
        sa.Column("workspace_id", sa.String(length=36), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into_id", sa.String(length=36), nullable=True),
        sa.Column("assignee_id", sa.String(length=36), nullable=True),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.Column("answer_body", sa.Text(), nullable=False),
        sa.Column("answer_html", sa.Text(), nullable=False),
        sa.Column("answer_published", sa.Boolean(), nullable=False),
        sa.Column("answer_public", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.String(length=36), nullable=True),
        sa.Column("answer_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_questions_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["asker_id"],
            ["users.id"],
            name=op.f("fk_questions_asker_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["users.id"],
            name=op.f("fk_questions_assignee_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["questions.id"],
            name=op.f("fk_questions_merged_into_id_questions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_questions_workspace_id_workspaces"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_questions_answered_at", ["answer_published", "answered_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_questions_asker_id"), ["asker_id"], unique=False)
        batch_op.create_index("ix_questions_created_at", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_questions_open_votes", ["status", "vote_count", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questions_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(
            "ix_questions_status_created_at", ["status", "created_at", "id"], unique=False
        )

    op.create_table(
        "resources",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("file_id", sa.String(length=36), nullable=True),
        sa.Column("workspace_id", sa.String(length=36), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("download_count", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_resources_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["files.id"], name=op.f("fk_resources_file_id_files"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_resources_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
    )
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.create_index("ix_resources_created_at", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_resources_download_count", ["download_count", "id"], unique=False)
        batch_op.create_index("ix_resources_workspace_id", ["workspace_id"], unique=False)

    op.create_table(
        "collection_items",
        sa.Column("collection_id", sa.String(length=36), nullable=False),
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name=op.f("fk_collection_items_collection_id_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_collection_items_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection_id", "resource_id", name=op.f("pk_collection_items")),
    )
    with op.batch_alter_table("collection_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_collection_items_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "question_topics",
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("topic_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_topics_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_question_topics_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "topic_id", name=op.f("pk_question_topics")),
    )
    with op.batch_alter_table("question_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_topics_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "question_votes",
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_votes_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_question_votes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "user_id", name=op.f("pk_question_votes")),
    )
    with op.batch_alter_table("question_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_votes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "resource_tags",
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_tags_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "tag", name=op.f("pk_resource_tags")),
    )
    with op.batch_alter_table("resource_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_tags_tag"), ["tag"], unique=False)

    topics = sa.table(
        "topics",
        sa.column("id", sa.String),
        sa.column("slug", sa.String),
        sa.column("name_nb", sa.String),
        sa.column("name_nn", sa.String),
        sa.column("name_en", sa.String),
        sa.column("position", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    import uuid
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    op.bulk_insert(
        topics,
        [
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"samklang:topic:{slug}")),
                "slug": slug,
                "name_nb": nb,
                "name_nn": nn,
                "name_en": en,
                "position": (i + 1) * 10,
                "created_at": now,
                "updated_at": now,
            }
            for i, (slug, nb, nn, en) in enumerate(TOPICS)
        ],
    )

    if op.get_bind().dialect.name == "postgresql":
        _create_search_postgresql()
    else:
        _create_search_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _drop_search_postgresql()
    else:
        _drop_search_sqlite()

    with op.batch_alter_table("resource_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_tags_tag"))
    op.drop_table("resource_tags")
    with op.batch_alter_table("question_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_votes_user_id"))
    op.drop_table("question_votes")
    with op.batch_alter_table("question_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_topics_topic_id"))
    op.drop_table("question_topics")
    with op.batch_alter_table("collection_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collection_items_resource_id"))
    op.drop_table("collection_items")
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index("ix_resources_workspace_id")
        batch_op.drop_index("ix_resources_download_count")
        batch_op.drop_index("ix_resources_created_at")
    op.drop_table("resources")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_status_created_at")
        batch_op.drop_index(batch_op.f("ix_questions_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_questions_asker_id"))
        batch_op.drop_index("ix_questions_open_votes")
        batch_op.drop_index("ix_questions_created_at")
        batch_op.drop_index("ix_questions_answered_at")
    op.drop_table("questions")
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collections_gathering_id"))
    op.drop_table("collections")
    op.drop_table("topics")
