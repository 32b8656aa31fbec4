"""Run Alembic from code (the CLI and the tests use this; the schema comes only from here)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from samklang.core.changes import announce_everything

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)
    announce_everything(database_url)  # running API processes drop what they have cached


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)
