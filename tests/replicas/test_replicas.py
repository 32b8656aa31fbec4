"""Two API processes behave as one service: live events, files, scheduled jobs and the
sign-in limit all hold across them (issue 17, "Several replicas, tested")."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from conftest import DEMO_PASSWORD, LOGIN_LIMIT, Replicas

pytestmark = pytest.mark.replicas

JOBS = {"send-reminders", "send-digests daily", "send-digests weekly", "prune-audit", "backup"}


def login(base_url: str, email: str, password: str = DEMO_PASSWORD) -> httpx.Response:
    return httpx.post(
        f"{base_url}/api/v1/auth/login",
        data={"username": email, "password": password},
        timeout=20,
    )


def token(base_url: str, email: str) -> str:
    response = login(base_url, email)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _listen(url: str, access: str, lines: queue.Queue[str], stop: threading.Event) -> None:
    headers = {"Authorization": f"Bearer {access}"}
    with httpx.stream("GET", url, headers=headers, timeout=httpx.Timeout(5, read=30)) as r:
        for line in r.iter_lines():
            lines.put(line)
            if stop.is_set():
                return


def next_line(lines: queue.Queue[str], wanted: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line.startswith(wanted):
            return line
    pytest.fail(f"no line starting with {wanted!r} within {timeout}s")


def test_a_live_event_published_through_one_reaches_a_client_of_the_other(
    replicas: Replicas,
) -> None:
    access = token(replicas.one, "pilot@demo.samklang.no")
    lines: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    listener = threading.Thread(
        target=_listen,
        args=(f"{replicas.two}/api/v1/events", access, lines, stop),
        daemon=True,
    )
    listener.start()
    next_line(lines, ": connected")  # the page is open on replica two

    response = httpx.post(
        f"{replicas.one}/api/v1/notifications/read",
        json={"all": True},
        headers={"Authorization": f"Bearer {access}"},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    assert next_line(lines, "event:") == "event: notification"
    assert next_line(lines, "data:") == 'data: {"unread":0}'
    stop.set()


def test_a_file_uploaded_through_one_downloads_through_the_other(replicas: Replicas) -> None:
    access = token(replicas.one, "veileder@demo.samklang.no")
    headers = {"Authorization": f"Bearer {access}"}
    data = b"%PDF-1.4\n" + os.urandom(9 * 1024 * 1024) + b"\n%%EOF\n"  # two S3 parts
    uploaded = httpx.post(
        f"{replicas.one}/api/v1/files",
        files={"file": ("rapport.pdf", data, "application/pdf")},
        headers=headers,
        timeout=60,
    )
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()["id"]
    downloaded = httpx.get(f"{replicas.two}/api/v1/files/{file_id}", headers=headers, timeout=60)
    assert downloaded.status_code == 200
    assert downloaded.content == data


def _job_runs(replicas: Replicas) -> list[list[str]]:
    return replicas.sql("SELECT job, slot, status, claimed_by FROM job_runs ORDER BY job, slot")


def test_a_job_scheduled_on_both_runs_once_per_slot(replicas: Replicas) -> None:
    """Both processes run a scheduler (tick 0.5 s); each job has one run per period, and
    one backup archive was written."""
    deadline = time.monotonic() + 60
    while True:
        runs = _job_runs(replicas)
        if {r[0] for r in runs if r[2] != "running"} >= JOBS:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"not every job ran within 60 s: {runs}")
        time.sleep(0.25)
    time.sleep(2)  # four more ticks of each scheduler
    runs = _job_runs(replicas)
    assert all(status == "succeeded" for _, _, status, _ in runs), runs
    slots = {(job, slot) for job, slot, _, _ in runs}
    assert len(slots) == len(runs)  # one run per (job, slot)
    for job in JOBS - {"send-reminders"}:
        assert [r for r in runs if r[0] == job] == [r for r in runs if r[0] == job][:1], job
    hourly = [r for r in runs if r[0] == "send-reminders"]
    assert 1 <= len(hourly) <= 2  # two only when the test crosses the hour
    archives = sorted(p.name for p in replicas.backups.iterdir())
    assert len(archives) == 1, archives  # one backup, though two schedulers ticked


def test_the_sign_in_limit_holds_across_both(replicas: Replicas) -> None:
    email = "observator@demo.samklang.no"
    servers = [replicas.one, replicas.two]
    for attempt in range(LOGIN_LIMIT):
        response = login(servers[attempt % 2], email, "wrong password!")
        assert response.status_code == 401, (attempt, response.text)
    for server in servers:
        response = login(server, email)  # even the right password is refused now
        assert response.status_code == 429, response.text
        assert response.json()["code"] == "rate_limited"


@pytest.fixture(autouse=True)
def _timed() -> Iterator[None]:
    started = time.monotonic()
    yield
    print(f" ({time.monotonic() - started:.1f}s)", end="")
