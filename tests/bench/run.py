"""Samklang HTTP benchmark.

Run from the repository root (this is what `make bench` does):

    backend/.venv/bin/python tests/bench/run.py [--duration 10] [--only me,login]

It creates a throw-away PostgreSQL database, migrates and seeds it, starts one
uvicorn worker, drives every endpoint in `endpoints.ENDPOINTS` with wrk and
prints req/s and latency percentiles next to the `/api/baseline` row (a fixed
JSON response through the same stack). Results also go to `.bench/results.json`.
The server is stopped and the database dropped on every exit path.

Exit status: 0 on success, 1 if any endpoint answered non-2xx or wrk saw socket
errors, 2 if the bench could not be set up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

from endpoints import ENDPOINTS, BenchContext, EndpointSpec
from seeders import SEED_HOOKS, SeedContext, SeedError

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
LUA_DIR = BENCH_DIR / "lua"
BACKEND_DIR = REPO_ROOT / "backend"
VENV_BIN = BACKEND_DIR / ".venv" / "bin"
OUT_DIR = REPO_ROOT / ".bench"
RESULT_MARKER = "SAMKLANG_BENCH "


class BenchError(Exception):
    """The bench could not be set up or run (not a slow result)."""


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Options:
    pg_url: str
    duration: int
    warmup: int
    threads: int
    connections: int
    timeout: int
    only: frozenset[str]
    keep_db: bool
    reuse_db: bool
    wrk: str
    read_cache: bool = False


def parse_args(argv: list[str]) -> Options:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="maintenance connection used to create/drop the bench database "
        "(env BENCH_PG_URL; default %(default)s)",
    )
    p.add_argument("--duration", type=int, default=8, help="seconds per endpoint (default 8)")
    p.add_argument("--warmup", type=int, default=2, help="warm-up seconds per endpoint (default 2)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    p.add_argument("--timeout", type=int, default=10, help="wrk request timeout, s (default 10)")
    p.add_argument(
        "--only", default="", help="comma-separated endpoint names (baseline always runs)"
    )
    p.add_argument(
        "--keep-db",
        action="store_true",
        help="do not drop the database afterwards; note it in .bench/kept.json for --reuse-db",
    )
    p.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure the database a --keep-db run left (.bench/kept.json) instead of "
        "creating and seeding a new one; it is kept afterwards",
    )
    p.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk", help="wrk binary")
    p.add_argument(
        "--read-cache",
        action="store_true",
        help="keep the feed's response cache on (default: off, so every row measures the "
        "read itself; the headline figures are those)",
    )
    a = p.parse_args(argv)
    only = frozenset(n.strip() for n in a.only.split(",") if n.strip())
    unknown = only - {s.name for s in ENDPOINTS}
    if unknown:
        p.error(f"unknown endpoint(s): {', '.join(sorted(unknown))}")
    if a.threads > a.connections:
        p.error("--threads must not exceed --connections")
    return Options(
        pg_url=a.pg_url,
        duration=a.duration,
        warmup=a.warmup,
        threads=a.threads,
        connections=a.connections,
        timeout=a.timeout,
        only=only,
        keep_db=a.keep_db or a.reuse_db,
        reuse_db=a.reuse_db,
        read_cache=a.read_cache,
        wrk=a.wrk,
    )


# --------------------------------------------------------------------------- database


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


async def _admin(pg_url: str, sql: str) -> None:
    conn = await asyncpg.connect(pg_url, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database(pg_url: str, name: str) -> None:
    try:
        asyncio.run(_admin(pg_url, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        raise BenchError(f"cannot create database {name} via {pg_url}: {exc!r}") from exc


def drop_database(pg_url: str, name: str) -> None:
    asyncio.run(_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [
            str(VENV_BIN / "uvicorn"),
            "samklang.main:create_app",
            "--factory",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--workers", "1",
            "--no-access-log",
            "--log-level", "warning",
        ]  # fmt: skip
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed command line
            cmd,
            cwd=BACKEND_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so we can stop all of it
        )
        log.close()

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise BenchError(f"server exited with {self.proc.returncode}\n{self.log_tail()}")
            try:
                r = httpx.get(f"{self.base_url}/api/ready", timeout=2)
                if r.status_code == 200:
                    return
                last = f"{r.status_code} {r.text[:200]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.25)
        raise BenchError(f"server not ready after {timeout:.0f}s ({last})\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # start_new_session: the group id is the server's pid
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "--- server log (tail) ---\n" + "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------- wrk


@dataclass
class Result:
    spec: EndpointSpec
    raw: dict[str, Any]
    writes: int | None = None
    rps_ratio: float | None = None
    p50_ratio: float | None = None
    p95_ratio: float | None = None

    @property
    def rps(self) -> float:
        return float(self.raw["rps"])

    @property
    def p50(self) -> float:
        return float(self.raw["p50_ms"])

    @property
    def non2xx(self) -> int:
        return int(self.raw["non2xx"])

    @property
    def socket_errors(self) -> int:
        return sum(int(v) for v in self.raw["socket_errors"].values())

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.spec.name,
            "method": self.spec.method,
            "path": self.spec.path,
            "as": self.spec.who,
            "baseline": self.spec.baseline,
            **self.raw,
            "rps_ratio": self.rps_ratio,
            "p50_ratio": self.p50_ratio,
            "p95_ratio": self.p95_ratio,
            "background_writes": self.writes,
        }


@dataclass
class Runner:
    opts: Options
    ctx: BenchContext
    wrk_log: list[str] = field(default_factory=list)

    def script_env(self, spec: EndpointSpec) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            BENCH_METHOD=spec.method,
            BENCH_BODY=spec.body_for(self.ctx) or "",
            BENCH_CONTENT_TYPE=spec.content_type or "",
            BENCH_TOKEN=self.ctx.token_for(spec.user) if spec.auth else "",
            BENCH_USERNAME=self.ctx.username,
            BENCH_PASSWORD=self.ctx.password,
        )
        env.update(spec.env)
        return env

    def smoke(self, spec: EndpointSpec) -> None:
        headers = {"Accept": "application/json"}
        if spec.content_type:
            headers["Content-Type"] = spec.content_type
        if spec.auth:
            headers["Authorization"] = f"Bearer {self.ctx.token_for(spec.user)}"
        body = spec.body_for(self.ctx)
        r = httpx.request(
            spec.method, spec.url(self.ctx), headers=headers, content=body, timeout=30
        )
        if r.status_code != spec.expect_status:
            raise BenchError(
                f"{spec.name}: {spec.method} {spec.path} answered {r.status_code}, "
                f"expected {spec.expect_status}: {r.text[:500]}"
            )
        expected = spec.expected_lengths()
        elements = spec.expected_count(self.ctx)
        if expected or elements is not None:
            try:
                data = r.json()
            except ValueError:
                data = None
            if elements is not None and not (isinstance(data, list) and len(data) == elements):
                got = f"{len(data)} elements" if isinstance(data, list) else "no JSON array"
                raise BenchError(
                    f"{spec.name}: {spec.method} {spec.path} returned {got}, "
                    f"expected {elements} (is the data seeded?)"
                )
            for key, want in expected.items():
                found = data.get(key) if isinstance(data, dict) else None
                count = len(found) if isinstance(found, list) else None
                if count != want:
                    raise BenchError(
                        f"{spec.name}: {spec.method} {spec.path} returned {count} {key}, "
                        f"expected {want} (is the data seeded?)"
                    )

    def wrk(self, spec: EndpointSpec, seconds: int) -> dict[str, Any]:
        cmd = [
            self.opts.wrk,
            f"-t{self.opts.threads}",
            f"-c{self.opts.connections}",
            f"-d{seconds}s",
            f"--timeout={self.opts.timeout}s",
            "--latency",
            "-s", str(LUA_DIR / spec.script),
            spec.url(self.ctx),
        ]  # fmt: skip
        proc = subprocess.run(  # noqa: S603 - fixed command line
            cmd,
            env=self.script_env(spec),
            capture_output=True,
            text=True,
            timeout=seconds + self.opts.timeout + 30,
            check=False,
        )
        self.wrk_log.append(f"$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
        if proc.returncode != 0:
            raise BenchError(f"wrk failed for {spec.name} ({proc.returncode}):\n{proc.stderr}")
        for line in proc.stdout.splitlines():
            if line.startswith(RESULT_MARKER):
                data: dict[str, Any] = json.loads(line[len(RESULT_MARKER) :])
                return data
        raise BenchError(
            f"no {RESULT_MARKER.strip()} line from wrk for {spec.name}:\n{proc.stdout}"
        )

    def run(self, spec: EndpointSpec) -> Result:
        self.smoke(spec)
        if self.opts.warmup > 0:
            self.wrk(spec, self.opts.warmup)
        if spec.writes_per_second <= 0:
            return Result(spec, self.wrk(spec, self.opts.duration))
        writer = Writer(self.ctx, spec.writes_per_second)
        writer.start()
        try:
            raw = self.wrk(spec, self.opts.duration)
        finally:
            writer.stop()
        if writer.failures:
            raise BenchError(f"{spec.name}: {writer.failures} background writes failed")
        return Result(spec, raw, writes=writer.done)


class Writer(threading.Thread):
    """Follows and unfollows a topic as the bench user at a steady rate, from its own
    connection, while wrk measures a read."""

    def __init__(self, ctx: BenchContext, per_second: float) -> None:
        super().__init__(daemon=True)
        self.ctx = ctx
        self.interval = 1.0 / per_second
        self.halt = threading.Event()
        self.done = 0
        self.failures = 0

    def run(self) -> None:
        url = f"{self.ctx.base_url}/api/v1/follows/topics/bench-writer"
        headers = {"Authorization": f"Bearer {self.ctx.token}"}
        with httpx.Client(headers=headers, timeout=30) as client:
            next_at = time.monotonic()
            while not self.halt.is_set():
                method = "PUT" if self.done % 2 == 0 else "DELETE"
                if client.request(method, url).status_code == 204:
                    self.done += 1
                else:
                    self.failures += 1
                next_at += self.interval
                self.halt.wait(max(0.0, next_at - time.monotonic()))

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=30)


# --------------------------------------------------------------------------- report


def add_ratios(results: list[Result]) -> None:
    base = next((r for r in results if r.spec.baseline), None)
    if base is None:
        return
    for r in results:
        r.rps_ratio = r.rps / base.rps if base.rps else None
        r.p50_ratio = r.p50 / base.p50 if base.p50 else None
        p95, base_p95 = float(r.raw["p95_ms"]), float(base.raw["p95_ms"])
        r.p95_ratio = p95 / base_p95 if base_p95 else None


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(results: list[Result]) -> str:
    header = [
        "endpoint",
        "as",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "req/s vs base",
        "p50 vs base",
        "p95 vs base",
    ]
    header += ["writes", "non-2xx"]
    rows = [
        [
            f"{r.spec.method} {r.spec.path}",
            r.spec.who,
            _fmt(r.rps, 1),
            _fmt(r.raw["p50_ms"], 2),
            _fmt(r.raw["p95_ms"], 2),
            _fmt(r.raw["p99_ms"], 2),
            _fmt(r.rps_ratio, 3),
            _fmt(r.p50_ratio, 2),
            _fmt(r.p95_ratio, 2),
            "-" if r.writes is None else str(r.writes),
            str(r.non2xx),
        ]
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = [c.ljust(w) if i <= 1 else c.rjust(w) for i, (c, w) in pairs]
        return "| " + " | ".join(padded) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(row) for row in rows)])


def git_commit() -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    r = subprocess.run(  # noqa: S603 - fixed command line
        [git, "rev-parse", "--short", "HEAD"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return r.stdout.strip() or None


def write_json(opts: Options, results: list[Result], path: Path) -> None:
    payload = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "settings": {
            "threads": opts.threads,
            "connections": opts.connections,
            "duration_s": opts.duration,
            "warmup_s": opts.warmup,
            "timeout_s": opts.timeout,
            "server": "uvicorn, 1 worker, PostgreSQL",
            "cpus": os.cpu_count(),
        },
        "results": [r.as_json() for r in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n")


# --------------------------------------------------------------------------- main


def obtain_token(ctx: BenchContext, username: str | None = None) -> str:
    username = username or ctx.username
    r = httpx.post(
        f"{ctx.base_url}/api/v1/auth/login",
        data={"username": username, "password": ctx.password},
        timeout=30,
    )
    if r.status_code != 200:
        raise BenchError(f"login as {username} failed: {r.status_code} {r.text[:500]}")
    token = r.json().get("access_token")
    if not isinstance(token, str) or not token:
        raise BenchError(f"login answered without access_token: {r.text[:500]}")
    return token


def check_prerequisites(opts: Options) -> None:
    for binary in (VENV_BIN / "samklang", VENV_BIN / "uvicorn"):
        if not binary.exists():
            raise BenchError(f"{binary} is missing: install the backend first (make install)")
    if not Path(opts.wrk).exists():
        raise BenchError(f"wrk not found at {opts.wrk} (apt-get install wrk)")


def server_env(database_url: str, outbox: Path, *, read_cache: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMKLANG_")}
    env.update(
        SAMKLANG_ENV="test",
        SAMKLANG_DATABASE_URL=database_url,
        SAMKLANG_LOGIN_MAX_ATTEMPTS="1000000000",
        SAMKLANG_EMAIL_BACKEND="folder",
        SAMKLANG_OUTBOX_DIR=str(outbox),
        SAMKLANG_RUN_WORKER="false",  # no background polling while we measure
        SAMKLANG_RUN_SCHEDULER="false",
        SAMKLANG_ACCESS_TOKEN_MINUTES="120",  # noqa: S106 - a lifetime: /me token outlives the run
        # Every row measures the read itself, not an answer kept in memory (--read-cache).
        SAMKLANG_READ_CACHE="true" if read_cache else "false",
    )
    return env


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally blocks below


def write_kept(path: Path, database: str, values: dict[str, Any]) -> None:
    """What --reuse-db needs to measure this database again: its name and the seed facts."""
    path.write_text(json.dumps({"database": database, "values": values}, default=str, indent=1))


def main(argv: list[str]) -> int:
    opts = parse_args(argv)
    signal.signal(signal.SIGTERM, _on_sigterm)
    check_prerequisites(opts)

    selected = [s for s in ENDPOINTS if s.baseline or not opts.only or s.name in opts.only]
    kept_file = OUT_DIR / "kept.json"
    kept: dict[str, Any] = {}
    if opts.reuse_db:
        try:
            kept = json.loads(kept_file.read_text())
        except (OSError, ValueError) as exc:
            print(f"bench: ERROR --reuse-db needs {kept_file} from a --keep-db run ({exc})")
            return 2
    db_name = kept.get("database") or f"samklang_bench_{secrets.token_hex(4)}"
    dsn = with_database(opts.pg_url, db_name)
    database_url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    tmp = Path(tempfile.mkdtemp(prefix="samklang-bench-"))
    OUT_DIR.mkdir(exist_ok=True)
    env = server_env(database_url, tmp / "outbox", read_cache=opts.read_cache)
    server = Server(port=free_port(), env=env, log_path=OUT_DIR / "server.log")
    created = False
    runner: Runner | None = None
    try:
        print(f"bench: database {db_name}", flush=True)
        seed_ctx = SeedContext(
            database_url=database_url, dsn=dsn, env=env, samklang_bin=VENV_BIN / "samklang",
            cwd=BACKEND_DIR,
        )  # fmt: skip
        if opts.reuse_db:
            seed_ctx.values.update(kept.get("values", {}))
            print("bench: samklang migrate (reused database)", flush=True)
            seed_ctx.samklang("migrate")
        else:
            create_database(opts.pg_url, db_name)
            created = True
            print("bench: samklang migrate", flush=True)
            seed_ctx.samklang("migrate")
            for hook in SEED_HOOKS:
                print(f"bench: seed {hook.__name__}", flush=True)
                hook(seed_ctx)
            if opts.keep_db:
                write_kept(kept_file, db_name, seed_ctx.values)

        print(f"bench: starting server on {server.base_url}", flush=True)
        server.start()
        server.wait_ready()

        ctx = BenchContext(base_url=server.base_url, database_url=database_url)
        ctx.values.update(seed_ctx.values)
        ctx.token = obtain_token(ctx)
        for user in sorted({s.user for s in selected if s.user is not None}):
            ctx.tokens[user] = obtain_token(ctx, user)

        runner = Runner(opts, ctx)
        results: list[Result] = []
        per = opts.warmup + opts.duration
        print(
            f"bench: {len(selected)} endpoints x {per}s, wrk -t{opts.threads} -c{opts.connections}",
            flush=True,
        )
        for spec in selected:
            print(f"bench: {spec.name} ({spec.method} {spec.path})", flush=True)
            results.append(runner.run(spec))
            if server.proc is not None and server.proc.poll() is not None:
                raise BenchError(f"server died during {spec.name}\n{server.log_tail()}")

        add_ratios(results)
        print()
        print(table(results))
        out = OUT_DIR / "results.json"
        write_json(opts, results, out)
        print(f"\nbench: wrote {out.relative_to(REPO_ROOT)}")

        bad = [r for r in results if r.non2xx or r.socket_errors]
        for r in bad:
            print(
                f"bench: FAIL {r.spec.name}: {r.non2xx} non-2xx responses "
                f"(statuses {r.raw['statuses']}), socket errors {r.raw['socket_errors']}",
                file=sys.stderr,
            )
        return 1 if bad else 0
    except (BenchError, SeedError) as exc:
        print(f"bench: ERROR {exc}", file=sys.stderr)
        return 2
    finally:
        server.stop()
        if runner is not None:
            (OUT_DIR / "wrk.log").write_text("\n".join(runner.wrk_log))
        if created and not opts.keep_db:
            try:
                drop_database(opts.pg_url, db_name)
            except Exception as exc:  # noqa: BLE001 - report, never mask the real outcome
                print(f"bench: could not drop {db_name}: {exc!r}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
