"""The write counters' cascades come from the complete schema, whatever a command imported."""

import subprocess
import sys

PROBE = """
import {entry}
from samklang.core.changes import with_cascades
print(",".join(sorted(with_cascades(["workspaces"]))))
"""


def _cascades_after_importing(entry: str) -> set[str]:
    out = subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
        [sys.executable, "-c", PROBE.format(entry=entry)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(out.stdout.strip().split(","))


def test_the_command_line_knows_every_table_a_delete_reaches() -> None:
    # The command line imports no feed code itself; the registry brings every table.
    assert {"feed_items", "feed_item_topics", "memberships"} <= _cascades_after_importing(
        "samklang.cli"
    )


def test_the_app_and_the_command_line_see_the_same_cascades() -> None:
    assert _cascades_after_importing("samklang.cli") == _cascades_after_importing("samklang.main")


def test_writing_before_the_registry_is_loaded_fails_loudly() -> None:
    probe = "from samklang.core.changes import with_cascades\nwith_cascades(['users'])"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert out.returncode != 0
    assert "import samklang.models" in out.stderr
