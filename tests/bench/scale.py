"""Samklang scale-out benchmark: one API process against two, side by side in one run.

Run from the repository root (this is what `make bench-scale` does):

    backend/.venv/bin/python tests/bench/scale.py [--duration 12] [--rounds 2]

It creates a throw-away PostgreSQL database (BENCH_PG_URL, as `make bench`), migrates it
and seeds the demo network, then for each round starts uvicorn on 127.0.0.1 with one
process and then with two (`--workers 2`: two processes behind one listening socket), both
with `SAMKLANG_REDIS_URL` (Redis on 127.0.0.1:6379, a database number of its own; live
events and the read cache's invalidation cross processes as in production), and drives
each with the same mixed read/write load (`lua/mixed.lua`: 80 % reads of the feed, the
workspace directory, /me and the calendar, 20 % writes, as the demo pilot) through
`wrk --latency`. Rounds alternate 1, 2, 1, 2 so that a change in the machine's load hits
both. It prints req/s and p50/p95/p99 per run and the median per configuration, and
writes `.bench/scale.json`. Everything listens on 127.0.0.1 only; the server is stopped
and the database dropped on every exit path. Bounded: (warmup + duration) x 2 x rounds
plus about 20 s of setup (about 1.5 minutes with the defaults).

Exit status: 0 on success, 1 if a response was not 2xx or wrk saw socket errors, 2 if the
bench could not be set up.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from run import (
    BACKEND_DIR,
    LUA_DIR,
    OUT_DIR,
    RESULT_MARKER,
    VENV_BIN,
    BenchError,
    Server,
    create_database,
    drop_database,
    free_port,
    git_commit,
    server_env,
    with_database,
)
from seeders import SeedContext, SeedError, seed_demo


class ScaledServer(Server):
    """The bench's uvicorn, with a number of worker processes."""

    workers: int = 1

    def start(self) -> None:
        cmd = [
            str(VENV_BIN / "uvicorn"),
            "samklang.main:create_app",
            "--factory",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--workers", str(self.workers),
            "--no-access-log",
            "--log-level", "warning",
        ]  # fmt: skip
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed command line
            cmd,
            cwd=BACKEND_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    p.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    p.add_argument("--duration", type=int, default=12, help="measured seconds per run")
    p.add_argument("--warmup", type=int, default=3, help="warm-up seconds per run")
    p.add_argument("--rounds", type=int, default=2, help="runs of each configuration")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--timeout", type=int, default=10)
    p.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    a = p.parse_args(argv)
    for name in ("pg_url", "redis_url"):
        host = httpx.URL(getattr(a, name).replace("postgresql://", "http://", 1)).host
        if host not in ("127.0.0.1", "localhost", "::1"):
            p.error(f"--{name.replace('_', '-')} must be on this machine (127.0.0.1)")
    if a.duration > 60 or a.rounds > 5:
        p.error("bounded: --duration at most 60, --rounds at most 5")
    return a


def login(base_url: str, email: str) -> str:
    r = httpx.post(
        f"{base_url}/api/v1/auth/login",
        data={"username": email, "password": "samklang-demo"},
        timeout=30,
    )
    if r.status_code != 200:
        raise BenchError(f"login as {email}: {r.status_code} {r.text[:300]}")
    return str(r.json()["access_token"])


def wrk(opts: argparse.Namespace, base_url: str, token: str, seconds: int) -> dict[str, Any]:
    cmd = [
        opts.wrk,
        f"-t{opts.threads}",
        f"-c{opts.connections}",
        f"-d{seconds}s",
        f"--timeout={opts.timeout}s",
        "--latency",
        "-s", str(LUA_DIR / "mixed.lua"),
        base_url,
    ]  # fmt: skip
    env = {**os.environ, "BENCH_TOKEN": token}
    proc = subprocess.run(  # noqa: S603 - fixed command line
        cmd, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if proc.returncode != 0:
        raise BenchError(f"wrk failed ({proc.returncode}):\n{proc.stderr}")
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            data: dict[str, Any] = json.loads(line[len(RESULT_MARKER) :])
            return data
    raise BenchError(f"no result line from wrk:\n{proc.stdout}")


def measure(
    opts: argparse.Namespace, env: dict[str, str], workers: int, log: Path
) -> dict[str, Any]:
    server = ScaledServer(port=free_port(), env=env, log_path=log)
    server.workers = workers
    try:
        server.start()
        server.wait_ready()
        token = login(server.base_url, "pilot@demo.samklang.no")
        # Every process answers before we measure (the kernel spreads connections).
        for _ in range(workers * 10):
            httpx.get(f"{server.base_url}/api/ready", timeout=10)
        if opts.warmup:
            wrk(opts, server.base_url, token, opts.warmup)
        return wrk(opts, server.base_url, token, opts.duration)
    finally:
        server.stop()


def main(argv: list[str]) -> int:
    opts = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not Path(opts.wrk).exists():
        print(f"bench-scale: ERROR wrk not found at {opts.wrk} (apt-get install wrk)")
        return 2
    db_name = f"samklang_scale_{secrets.token_hex(4)}"
    dsn = with_database(opts.pg_url, db_name)
    database_url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    tmp = Path(tempfile.mkdtemp(prefix="samklang-scale-"))
    OUT_DIR.mkdir(exist_ok=True)
    log = OUT_DIR / "scale-server.log"
    log.write_bytes(b"")
    env = server_env(database_url, tmp / "outbox")
    env.update(SAMKLANG_REDIS_URL=opts.redis_url, SAMKLANG_STORAGE_DIR=str(tmp / "files"))
    created = False
    runs: list[dict[str, Any]] = []
    try:
        load = os.getloadavg()
        print(f"bench-scale: database {db_name}, load average {load[0]:.1f}", flush=True)
        create_database(opts.pg_url, db_name)
        created = True
        seed = SeedContext(
            database_url=database_url, dsn=dsn, env=env, samklang_bin=VENV_BIN / "samklang",
            cwd=BACKEND_DIR,
        )  # fmt: skip
        seed.samklang("migrate")
        seed_demo(seed)
        for round_ in range(1, opts.rounds + 1):
            for workers in (1, 2):
                print(f"bench-scale: round {round_}, {workers} process(es)", flush=True)
                raw = measure(opts, env, workers, log)
                runs.append({"round": round_, "processes": workers, **raw})
    except (BenchError, SeedError) as exc:
        print(f"bench-scale: ERROR {exc}", file=sys.stderr)
        return 2
    finally:
        if created:
            try:
                drop_database(opts.pg_url, db_name)
            except Exception as exc:  # noqa: BLE001 - report, never mask the real outcome
                print(f"bench-scale: could not drop {db_name}: {exc!r}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("| processes | round | req/s | p50 ms | p95 ms | p99 ms | non-2xx |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        print(
            f"| {run['processes']} | {run['round']} | {run['rps']:,.0f} | {run['p50_ms']:.1f} "
            f"| {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | {run['non2xx']} |"
        )
    summary = {}
    for workers in (1, 2):
        mine = [r for r in runs if r["processes"] == workers]
        summary[workers] = {
            "rps": statistics.median(r["rps"] for r in mine),
            "p95_ms": statistics.median(r["p95_ms"] for r in mine),
        }
        print(
            f"median, {workers} process(es): {summary[workers]['rps']:,.0f} req/s, "
            f"p95 {summary[workers]['p95_ms']:.1f} ms"
        )
    out = OUT_DIR / "scale.json"
    out.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "commit": git_commit(),
                "cpus": os.cpu_count(),
                "load_average_at_start": load,
                "wrk": {"threads": opts.threads, "connections": opts.connections},
                "duration_s": opts.duration,
                "runs": runs,
                "median": summary,
            },
            indent=1,
        )
    )
    print(f"bench-scale: wrote {out}")
    bad = [r for r in runs if r["non2xx"] or any(r["socket_errors"].values())]
    for r in bad:
        print(f"bench-scale: FAIL {r}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
