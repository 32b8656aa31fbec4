"""Every `samklang` command sees the whole model registry before it touches the database."""

from __future__ import annotations

import subprocess
import sys

COUNT = "from samklang.core.db import Base; print(len(Base.metadata.tables))"


def _tables(setup: str) -> int:
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"{setup}; {COUNT}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(out.stdout.strip())


def test_the_command_imports_every_table() -> None:
    """The commit hooks (core/changes.py) walk the foreign keys of every table: a command
    that loaded only some models failed on PostgreSQL with NoReferencedTableError."""
    assert _tables("import samklang.cli") == _tables("import samklang.models")
