"""Starting the servers that the tests outside the backend's unit suite need: free ports
on 127.0.0.1, readiness polled with a deadline, and everything stopped afterwards.

Used by tests/faults/, tests/races/, tests/replicas/, tests/e2e/ and backend/tests/ (moto's S3
server); import it after putting
this folder on sys.path (`sys.path.insert(0, str(Path(__file__).parents[1]))`).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
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


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Poll `url` until it answers (any HTTP status) or fail with the process's log."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} not up within {timeout}s:\n{log.read_text()}")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def moto_s3() -> Iterator[str]:
    """moto's standalone server (a real S3 API over HTTP) on a free port; its URL."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        unavailable("moto[server] is not installed (a dev dependency of the backend)")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="samklang-moto-"))
    log = folder / "moto.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/moto-api/", process, log, 60)
        yield url
    finally:
        stop(process)
        log.unlink(missing_ok=True)
        folder.rmdir()


def _wait_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/ready", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{base_url} not ready within 90s:\n{log.read_text()}")
        time.sleep(0.2)


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


def _start_uvicorn(
    env: Mapping[str, str], cwd: Path, port: int, log: Path
) -> subprocess.Popen[bytes]:
    with log.open("wb") as log_file:
        return subprocess.Popen(
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
            env=dict(env),
            cwd=cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )


@contextlib.contextmanager
def uvicorn_server(env: Mapping[str, str], cwd: Path, port: int) -> Iterator[Path]:
    """Serve samklang.main on 127.0.0.1:`port` with `env` until the block ends; yields the
    server's log file (`cwd`/server.log). Waits (with a deadline) for /api/ready."""
    require_tools()
    log = cwd / "server.log"
    process = _start_uvicorn(env, cwd, port, log)
    try:
        _wait_ready(f"http://127.0.0.1:{port}", process, log)
        yield log
    finally:
        stop(process)


@contextlib.contextmanager
def uvicorn_apps(env: Mapping[str, str], cwd: Path, count: int = 1) -> Iterator[list[str]]:
    """`count` API processes (samklang.main:create_app under uvicorn), each on a free port
    with its log in `cwd`, started together and ready; their URLs."""
    require_tools()
    started: list[tuple[str, subprocess.Popen[bytes], Path]] = []
    try:
        for n in range(count):
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            log = cwd / f"server-{n + 1}.log"
            process = _start_uvicorn({**env, "SAMKLANG_BASE_URL": base_url}, cwd, port, log)
            started.append((base_url, process, log))
        for base_url, process, log in started:
            _wait_ready(base_url, process, log)
        yield [base_url for base_url, _, _ in started]
    finally:
        for _, process, _ in started:
            stop(process)
