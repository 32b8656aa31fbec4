"""A private PostgreSQL cluster that a test may stop, crash and start again, and the real
API server (uvicorn) running against it.

The machine's shared PostgreSQL is never touched: the cluster lives in a temporary folder,
listens on a free port on 127.0.0.1, and is run by the `postgres` user when the tests run
as root (initdb refuses root). Without PostgreSQL's server programs the test is skipped,
except with CI=true, where it fails.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from serving import (  # noqa: E402 - the shared helpers live beside this folder
    VENV_BIN,
    free_port,
    require_tools,
    run,
    unavailable,
    uvicorn_server,
)

REPO = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "samklang-demo"


def postgres_bindir() -> Path | None:
    """Where initdb, pg_ctl and postgres are: SAMKLANG_PG_BINDIR, pg_config, Debian's
    /usr/lib/postgresql/<version>/bin (newest first), or the PATH."""
    candidates: list[Path] = []
    if os.environ.get("SAMKLANG_PG_BINDIR"):
        candidates.append(Path(os.environ["SAMKLANG_PG_BINDIR"]))
    if shutil.which("pg_config"):
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            out = subprocess.run(
                ["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(out.stdout.strip()))
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += [
        Path(p)
        for p in sorted(
            versions,
            key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
            reverse=True,
        )
    ]
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb") or "").parent)
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


class Cluster:
    """One PostgreSQL cluster of our own. fsync stays on: the test is about durability."""

    def __init__(self, bindir: Path, root: Path, port: int, owner: str | None) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.log = root / "postgres.log"
        self.port = port
        self.owner = owner

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            pytest.fail(
                f"`{' '.join(command)}` failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = " ".join(
            f"-c {setting}"
            for setting in (
                f"port={self.port}",
                "listen_addresses=127.0.0.1",
                f"unix_socket_directories={self.root}",
                "fsync=on",
                "synchronous_commit=on",
                "full_page_writes=on",
                "max_connections=100",
                "shared_buffers=32MB",
            )
        )
        data, log = str(self.data), str(self.log)
        self._run("pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str) -> None:
        """`fast`: a clean shutdown; `immediate`: as if the machine lost power (no
        checkpoint; the next start replays the write-ahead log)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def url(self, database: str, driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bindir = postgres_bindir()
    if bindir is None:
        unavailable("PostgreSQL's server programs (initdb, pg_ctl, postgres) are not installed")
        raise AssertionError  # unreachable: unavailable() fails or skips
    owner: str | None = None
    if os.geteuid() == 0:  # initdb refuses root: the cluster is run by `postgres`
        if shutil.which("runuser") is None:
            unavailable("running as root, but `runuser` is missing to run PostgreSQL as postgres")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root, but there is no `postgres` user to run PostgreSQL")
        owner = "postgres"
    root = Path(tempfile.mkdtemp(prefix="samklang-faults-pg-"))
    if owner:
        shutil.chown(root, user=owner, group=owner)
    started = Cluster(bindir, root, free_port(), owner)
    try:
        started.init()
        started.start()
        yield started
    finally:
        with contextlib.suppress(BaseException):
            started.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


class Server:
    def __init__(self, base_url: str, log: Path) -> None:
        self.base_url = base_url
        self.log = log

    def login(self, email_address: str, password: str = DEMO_PASSWORD) -> str:
        form = urllib.parse.urlencode({"username": email_address, "password": password}).encode()
        request = urllib.request.Request(
            f"{self.base_url}/api/v1/auth/login",
            data=form,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            return str(json.loads(response.read())["access_token"])


@contextlib.contextmanager
def running_server(cluster: Cluster, database: str) -> Iterator[Server]:
    """Create `database` in the cluster, migrate it, seed the demo data and serve the API."""
    require_tools()
    tmp = Path(tempfile.mkdtemp(prefix="samklang-faults-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SAMKLANG_ENV": "test",
        "SAMKLANG_DATABASE_URL": cluster.url(database),
        "SAMKLANG_OUTBOX_DIR": str(tmp / "outbox"),
        "SAMKLANG_STORAGE_DIR": str(tmp / "files"),
        "SAMKLANG_EMAIL_BACKEND": "folder",
        "SAMKLANG_BASE_URL": base_url,
        "SAMKLANG_RUN_WORKER": "true",
        "SAMKLANG_RUN_SCHEDULER": "false",  # no backups or digests in the middle of a test
        "SAMKLANG_WORKER_POLL_SECONDS": "1",
    }
    cluster._run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", database)
    run([str(VENV_BIN / "samklang"), "migrate"], env, tmp)
    run([str(VENV_BIN / "samklang"), "seed-demo"], env, tmp)
    try:
        with uvicorn_server(env, tmp, port) as log:
            yield Server(base_url, log)
    finally:
        if os.environ.get("SAMKLANG_FAULTS_KEEP"):
            print(f"\nkept the server's files in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
