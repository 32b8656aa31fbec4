"""The commands cron runs, on the PostgreSQL database the server uses."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import VENV_BIN, Server, figure

pytestmark = pytest.mark.races


def test_daily_digests_after_seed_demo(pg_server: Server) -> None:
    """Invariant: `samklang send-digests daily` after `seed-demo` on PostgreSQL queues the
    digests and exits 0 (every command loads the whole model registry before it touches
    the database; a run that could not do its work exits non-zero)."""
    result = subprocess.run(
        [str(VENV_BIN / "samklang"), "send-digests", "daily"],
        env=pg_server.env,
        cwd=pg_server.tmp,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    found = re.search(r"Queued (\d+) daily", output)
    queued = int(found.group(1)) if found else 0
    figure("send-digests/postgresql", f"exit {result.returncode}, {queued} queued")
    assert "NoReferencedTableError" not in output, output[-2000:]
    assert result.returncode == 0, output[-2000:]
    assert queued >= 1, output[-2000:]
