"""What the suites that drive the real server share: a free port, failing (CI) or skipping
when something is missing, running the `samklang` command, and uvicorn serving the API
until the block ends (used by tests/faults and tests/races)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / "backend" / ".venv" / "bin"


def unavailable(message: str) -> None:
    """Fail with CI=true, else skip with the reason."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(f"{message} (this fails when CI=true)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command; fail the test with its output when it exits non-zero."""
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def require_tools() -> None:
    for tool in ("samklang", "uvicorn"):
        if not (VENV_BIN / tool).exists():
            pytest.fail(f"{VENV_BIN / tool} is missing: install the backend with its dev extras")


@contextlib.contextmanager
def uvicorn_server(env: dict[str, str], cwd: Path, port: int) -> Iterator[Path]:
    """Serve samklang.main on 127.0.0.1:`port` with `env` until the block ends; yields the
    server's log file (in `cwd`). Waits (with a deadline) for /api/ready."""
    require_tools()
    base_url = f"http://127.0.0.1:{port}"
    log = cwd / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                str(VENV_BIN / "uvicorn"),
                "samklang.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            env=env,
            cwd=cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base_url}/api/ready", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server not ready within 60s:\n{log.read_text()}")
            time.sleep(0.25)
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
