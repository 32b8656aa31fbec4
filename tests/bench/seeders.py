"""Data for the benchmark database, loaded after `samklang migrate` and before the server starts.

A seed hook is a function ``(SeedContext) -> None``. Append it to `SEED_HOOKS`.
It gets the database URL (SQLAlchemy form and plain asyncpg DSN), can run the
`samklang` CLI with the bench environment, and can publish facts for endpoint
paths through ``ctx.values`` (e.g. ``ctx.values["workspace_id"] = "..."``).

For volume data (thousands of rows), write a generator here that inserts with
asyncpg (``asyncio.run(...)`` inside the hook) or through the backend's services.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


class SeedError(RuntimeError):
    """A seed step failed."""


@dataclass
class SeedContext:
    database_url: str  # postgresql+asyncpg://... as the app reads it
    dsn: str  # postgresql://... for asyncpg / psql
    env: Mapping[str, str]  # the environment the server runs with
    samklang_bin: Path
    cwd: Path
    values: dict[str, str] = field(default_factory=dict)

    def samklang(self, *args: str) -> str:
        """Run the samklang CLI against the bench database; return its stdout."""
        result = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            [str(self.samklang_bin), *args],
            cwd=self.cwd,
            env=dict(self.env),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SeedError(
                f"samklang {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result.stdout


SeedHook = Callable[[SeedContext], None]


def seed_demo(ctx: SeedContext) -> None:
    """The demo network and its four accounts (password samklang-demo)."""
    ctx.samklang("seed-demo")


SEED_HOOKS: list[SeedHook] = [seed_demo]
