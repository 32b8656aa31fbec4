"""Faults and load: PostgreSQL is stopped, and later crashed, under a mixed load of reads
and writes against the real server (issue: Trust).

Checks, from the clients' side and then in the database itself:

- while the database is down, every request gets 503 (problem details, Retry-After),
  never a 500 and never a hang, and /api/ready says not ready;
- after the database is back the API recovers by itself (no server restart) within
  RECOVERY_LIMIT seconds, and from then on every request succeeds again;
- every write the server acknowledged (2xx with an id) is in the database afterwards,
  exactly once, and no write is stored twice;
- of many clients saving the same version of one cycle, exactly one succeeds per version.

Figures are printed as one summary line and written to .faults/summary.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from conftest import REPO, Cluster, Server, running_server

pytestmark = pytest.mark.faults

CLIENTS = 24  # concurrent clients of the mixed load
STEADY_SECONDS = 8.0  # load with the database up, before, between and after the faults
DOWN_SECONDS = 5.0  # load with the database down
RECOVERY_LIMIT = 10.0  # seconds from the database accepting connections to a saved write
REQUEST_TIMEOUT = 20.0  # a request slower than this counts as a hang
EDIT_CLIENTS = 32  # concurrent saves of one cycle version
EDIT_ROUNDS = 5
RESULTS = Path(os.environ.get("SAMKLANG_FAULTS_RESULTS", REPO / ".faults"))


@dataclass
class Call:
    kind: str  # read, post, entry, ready
    path: str
    started: float
    ended: float
    status: int  # 0: no answer (timeout or connection error)
    content_type: str = ""
    retry_after: str | None = None
    code: str | None = None
    marker: str | None = None
    id: str | None = None
    error: str | None = None


@dataclass
class Fault:
    mode: str  # fast or immediate
    stop_begun: float = 0.0
    stop_done: float = 0.0
    start_begun: float = 0.0
    start_done: float = 0.0


@dataclass
class Run:
    base_url: str
    tokens: dict[str, str]
    workspace_id: str
    cycle_id: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    started: float = 0.0
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)


async def _call(
    client: httpx.AsyncClient,
    run: Run,
    kind: str,
    method: str,
    path: str,
    token: str | None,
    body: dict[str, Any] | None = None,
    marker: str | None = None,
) -> Call:
    headers = {"Accept-Language": "nb"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.monotonic()
    try:
        response = await client.request(method, path, json=body, headers=headers)
    except httpx.HTTPError as error:
        call = Call(kind, path, started, time.monotonic(), 0, marker=marker, error=repr(error))
        run.calls.append(call)
        return call
    call = Call(
        kind,
        path,
        started,
        time.monotonic(),
        response.status_code,
        response.headers.get("content-type", ""),
        response.headers.get("retry-after"),
        marker=marker,
    )
    if response.headers.get("content-type", "").startswith(
        ("application/json", "application/problem+json")
    ):
        data = response.json()
        if isinstance(data, dict):
            call.code = data.get("code") if response.status_code >= 400 else None
            call.id = data.get("id") if 200 <= response.status_code < 300 else None
    run.calls.append(call)
    return call


async def _client_loop(client: httpx.AsyncClient, run: Run, number: int) -> None:
    """One client: two reads for every write, as fast as the server answers; after a 503
    it waits a little (an impatient user, not the 5 s the server asks for)."""
    rng = random.Random(number)  # noqa: S311 - deterministic load, not security
    everyone = list(run.tokens.values())
    # (path, who may read it): the cycle is kept inside the pilot's workspace.
    reads = [
        ("/api/v1/feed", everyone),
        ("/api/v1/workspaces", everyone),
        (f"/api/v1/workspaces/{run.workspace_id}/cycles", everyone),
        ("/api/v1/questions", everyone),
        (f"/api/v1/cycles/{run.cycle_id}/entries", [run.tokens["pilot"], run.tokens["admin"]]),
    ]
    sequence = 0
    while not run.done.is_set():
        sequence += 1
        choice = rng.random()
        if choice < 2 / 3:
            path, readers = rng.choice(reads)
            call = await _call(client, run, "read", "GET", path, rng.choice(readers))
        else:
            marker = f"faults-{run.run_id}-{number}-{sequence}"
            if choice < 5 / 6:
                body = {"workspace_id": run.workspace_id, "body": f"Last og feil {marker}"}
                call = await _call(
                    client, run, "post", "POST", "/api/v1/posts", run.tokens["pilot"], body, marker
                )
            else:
                call = await _call(
                    client,
                    run,
                    "entry",
                    "POST",
                    f"/api/v1/cycles/{run.cycle_id}/entries",
                    run.tokens["pilot"],
                    {"body": f"Logg {marker}"},
                    marker,
                )
        if call.status == 503:
            await asyncio.sleep(0.1)


async def _ready_loop(client: httpx.AsyncClient, run: Run) -> None:
    while not run.done.is_set():
        await _call(client, run, "ready", "GET", "/api/ready", None)
        await asyncio.sleep(0.25)


async def _scenario(run: Run, cluster: Cluster) -> None:
    await asyncio.sleep(STEADY_SECONDS)
    for mode in ("fast", "immediate"):
        fault = Fault(mode)
        run.faults.append(fault)
        fault.stop_begun = time.monotonic()
        await asyncio.to_thread(cluster.stop, mode)
        fault.stop_done = time.monotonic()
        await asyncio.sleep(DOWN_SECONDS)
        fault.start_begun = time.monotonic()
        await asyncio.to_thread(cluster.start)
        fault.start_done = time.monotonic()
        await asyncio.sleep(STEADY_SECONDS)
    run.done.set()


async def _load(run: Run, cluster: Cluster) -> float:
    limits = httpx.Limits(max_connections=CLIENTS + 4, max_keepalive_connections=CLIENTS + 4)
    async with httpx.AsyncClient(
        base_url=run.base_url, timeout=REQUEST_TIMEOUT, limits=limits
    ) as client:
        started = run.started = time.monotonic()
        await asyncio.gather(
            _scenario(run, cluster),
            _ready_loop(client, run),
            *(_client_loop(client, run, n) for n in range(CLIENTS)),
        )
        return time.monotonic() - started


async def _concurrent_edits(run: Run) -> dict[str, int]:
    """EDIT_CLIENTS clients save the same version of one cycle, EDIT_ROUNDS times."""
    headers = {"Authorization": f"Bearer {run.tokens['pilot']}"}
    async with httpx.AsyncClient(base_url=run.base_url, timeout=REQUEST_TIMEOUT) as client:
        created = await client.post(
            f"/api/v1/workspaces/{run.workspace_id}/cycles",
            json={"title": "Samtidige lagringer"},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        cycle = created.json()
        version = cycle["version"]
        successes = conflicts = 0
        for round_ in range(EDIT_ROUNDS):

            async def save(i: int, version: int = version, round_: int = round_) -> httpx.Response:
                return await client.patch(
                    f"/api/v1/cycles/{cycle['id']}",
                    json={"version": version, "act": f"runde {round_} klient {i}"},
                    headers=headers,
                )

            answers = await asyncio.gather(*(save(i) for i in range(EDIT_CLIENTS)))
            statuses = Counter(a.status_code for a in answers)
            assert statuses == Counter({200: 1, 409: EDIT_CLIENTS - 1}), (round_, statuses)
            winner = next(a.json() for a in answers if a.status_code == 200)
            assert winner["version"] == version + 1
            for lost in answers:
                if lost.status_code == 409:
                    assert lost.json()["current"]["act"] == winner["act"]
            successes += 1
            conflicts += EDIT_CLIENTS - 1
            version = winner["version"]
        stored = (await client.get(f"/api/v1/cycles/{cycle['id']}", headers=headers)).json()
        assert stored["version"] == cycle["version"] + EDIT_ROUNDS
        assert stored["act"] == f"runde {EDIT_ROUNDS - 1} klient " + stored["act"].split()[-1]
        return {"edit_successes": successes, "edit_conflicts": conflicts}


async def _stored(cluster: Cluster, database: str, run_id: str) -> dict[str, list[tuple[str, str]]]:
    """(id, text) of every post and entry of this run, read straight from the database."""
    connection = await asyncpg.connect(cluster.url(database, "postgresql"))
    try:
        pattern = f"%faults-{run_id}-%"
        posts = await connection.fetch("SELECT id, body FROM posts WHERE body LIKE $1", pattern)
        entries = await connection.fetch("SELECT id, body FROM entries WHERE body LIKE $1", pattern)
    finally:
        await connection.close()
    return {
        "post": [(r["id"], r["body"]) for r in posts],
        "entry": [(r["id"], r["body"]) for r in entries],
    }


def _setup(server: Server) -> Run:
    tokens = {
        "pilot": server.login("pilot@demo.samklang.no"),
        "admin": server.login("admin@demo.samklang.no"),
        "mentor": server.login("veileder@demo.samklang.no"),
        "observer": server.login("observator@demo.samklang.no"),
    }
    headers = {"Authorization": f"Bearer {tokens['pilot']}"}
    with httpx.Client(base_url=server.base_url, timeout=REQUEST_TIMEOUT, headers=headers) as c:
        workspaces = c.get("/api/v1/workspaces", params={"limit": 100}).json()["items"]
        bodo = next(w["id"] for w in workspaces if w["name"] == "Bodø")
        cycle = c.post(f"/api/v1/workspaces/{bodo}/cycles", json={"title": "Under last"})
        assert cycle.status_code == 201, cycle.text
    return Run(server.base_url, tokens, bodo, cycle.json()["id"])


def test_database_restarts_under_load(cluster: Cluster) -> None:
    database = "samklang_faults"
    with running_server(cluster, database) as server:
        run = _setup(server)
        seconds = asyncio.run(_load(run, cluster))
        edits = asyncio.run(_concurrent_edits(run))
        server_log = server.log.read_text(errors="replace")
        stored = asyncio.run(_stored(cluster, database, run.run_id))

    calls = run.calls
    load = [c for c in calls if c.kind != "ready"]
    failures: list[str] = []

    # No hangs and no 500s, ever: an answer is a success, a 409 or a 503.
    hung = [c for c in calls if c.status == 0]
    if hung:
        failures.append(f"{len(hung)} requests got no answer, e.g. {hung[:3]}")
    wrong = [c for c in calls if c.status not in (200, 201, 503)]
    if wrong:
        failures.append(
            f"{len(wrong)} answers other than 2xx/503: "
            f"{Counter(c.status for c in wrong)}, e.g. {wrong[:3]}"
        )
    slowest = max(c.ended - c.started for c in calls)

    # A 503 is problem details that says when to try again.
    bad_503 = [
        c
        for c in calls
        if c.status == 503
        and (
            not c.content_type.startswith("application/problem+json")
            or c.code != "unavailable"
            or not (c.retry_after or "").isdigit()
        )
    ]
    if bad_503:
        failures.append(
            f"{len(bad_503)} 503s without problem details or Retry-After: {bad_503[:3]}"
        )

    # Before the first fault everything succeeds.
    first_stop = run.faults[0].stop_begun
    early = [c for c in load if c.ended < first_stop and c.status >= 300]
    if early:
        failures.append(f"{len(early)} failures before any fault: {early[:3]}")

    per_fault: list[dict[str, Any]] = []
    for index, fault in enumerate(run.faults):
        next_stop = (
            run.faults[index + 1].stop_begun if index + 1 < len(run.faults) else float("inf")
        )
        down = [c for c in calls if c.started >= fault.stop_done and c.ended <= fault.start_begun]
        down_ok = [c for c in down if c.status == 503]
        if len(down) < 20 or len(down_ok) != len(down):
            failures.append(
                f"{fault.mode}: while down {len(down)} requests, {len(down_ok)} of them 503 "
                f"(others: {Counter(c.status for c in down if c.status != 503)})"
            )
        if not any(c.kind == "ready" for c in down_ok):
            failures.append(f"{fault.mode}: /api/ready never said 503 while the database was down")
        saved_after = sorted(
            c.ended
            for c in load
            if c.kind in ("post", "entry") and c.status == 201 and c.started >= fault.start_done
        )
        if not saved_after:
            failures.append(f"{fault.mode}: no write succeeded after the database came back")
            recovery = float("inf")
        else:
            recovery = saved_after[0] - fault.start_done
        if recovery > RECOVERY_LIMIT:
            failures.append(
                f"{fault.mode}: recovered after {recovery:.1f}s (limit {RECOVERY_LIMIT}s)"
            )
        # Once recovered (plus a second's grace), everything succeeds again until the next fault.
        settled = fault.start_done + recovery + 1.0
        late = [
            c for c in calls if settled <= c.started and c.ended < next_stop and c.status >= 300
        ]
        if late:
            failures.append(f"{fault.mode}: {len(late)} failures after recovery: {late[:3]}")
        unavailable = [
            c for c in load if c.status == 503 and fault.stop_begun <= c.started < next_stop
        ]
        per_fault.append(
            {
                "mode": fault.mode,
                "down_seconds": round(fault.start_done - fault.stop_begun, 1),
                "requests_while_down": len(down),
                "answered_503": len(unavailable),
                "recovery_seconds": round(recovery, 2),
            }
        )

    # Durability: every acknowledged write is stored exactly once, nothing twice.
    acknowledged = [c for c in load if c.kind in ("post", "entry") and c.status == 201]
    lost: list[Call] = []
    duplicates = 0
    for kind in ("post", "entry"):
        rows = stored[kind]
        texts = Counter(body for _, body in rows)
        markers = Counter(body.split()[-1] for _, body in rows)
        duplicates += sum(n - 1 for n in markers.values() if n > 1) + sum(
            n - 1 for n in texts.values() if n > 1
        )
        by_id = dict(rows)
        for call in (c for c in acknowledged if c.kind == kind):
            if (
                call.id is None
                or call.marker is None
                or not by_id.get(call.id, "").endswith(call.marker)
            ):
                lost.append(call)
    stored_markers = {body.split()[-1] for rows in stored.values() for _, body in rows}
    acknowledged_markers = {c.marker for c in acknowledged}
    unacknowledged_but_stored = len(stored_markers - acknowledged_markers)
    attempted = {c.marker for c in load if c.marker}
    strangers = stored_markers - attempted
    if lost:
        failures.append(f"{len(lost)} acknowledged writes are not in the database: {lost[:3]}")
    if duplicates:
        failures.append(f"{duplicates} writes are stored twice")
    if strangers:
        failures.append(f"{len(strangers)} stored writes nobody made: {sorted(strangers)[:3]}")
    if "Unhandled error" in server_log:
        failures.append("the server logged an unhandled error:\n" + server_log[-3000:])

    steady = [c for c in load if c.ended < first_stop]
    summary = {
        "clients": CLIENTS,
        "seconds": round(seconds, 1),
        "requests": len(load),
        "requests_per_second": round(len(load) / seconds, 1),
        "steady_requests_per_second": round(len(steady) / (first_stop - run.started), 1),
        "reads_ok": sum(1 for c in load if c.kind == "read" and c.status == 200),
        "writes_attempted": len(attempted),
        "writes_acknowledged": len(acknowledged),
        "writes_lost": len(lost),
        "writes_duplicated": duplicates,
        "unacknowledged_writes_stored": unacknowledged_but_stored,
        "answers_503": sum(1 for c in calls if c.status == 503),
        "answers_500": sum(1 for c in calls if c.status == 500),
        "no_answer": len(hung),
        "slowest_request_seconds": round(slowest, 2),
        "faults": per_fault,
        **edits,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "calls.json").write_text(
        json.dumps([asdict(c) for c in calls]) + "\n", encoding="utf-8"
    )
    print(
        "\nfaults: "
        f"{summary['requests']} requests in {summary['seconds']}s "
        f"({summary['steady_requests_per_second']} req/s held before the faults, "
        f"{CLIENTS} clients); "
        f"writes acknowledged {len(acknowledged)}, lost {len(lost)}, duplicated {duplicates}; "
        + "; ".join(
            f"{f['mode']} stop: {f['answered_503']}×503, recovered in {f['recovery_seconds']}s"
            for f in per_fault
        )
        + f"; 500s {summary['answers_500']}, no answer {len(hung)}, "
        f"slowest {summary['slowest_request_seconds']}s; "
        f"cycle edits: {edits['edit_successes']} won, {edits['edit_conflicts']} got 409"
    )
    assert not failures, "\n".join(failures)
