"""Prometheus metrics: what an operator watches (infra/README.md, "What to watch").

`GET /metrics` (main.py) answers in the Prometheus text format only when
`SAMKLANG_METRICS_TOKEN` is set and the request carries `Authorization: Bearer <token>`;
otherwise it is a 404 like any unknown path (and nginx never forwards it). Each API process
has its own figures: run one uvicorn worker per container or pod and let Prometheus scrape
every one (infra/README.md).

- `samklang_http_requests_total{method,route,status}` and
  `samklang_http_request_duration_seconds{method,route,status}` (a histogram; the route is
  the template, e.g. `/api/v1/workspaces/{workspace_id}`, never the raw path; the endless
  event streams are counted but not timed);
- `samklang_event_streams_open`: server-sent event streams open in this process;
- `samklang_db_pool_size`, `samklang_db_pool_checked_out`, `samklang_db_pool_overflow`:
  the SQLAlchemy pool, read at scrape time; `samklang_database_up` (1 when the scrape's
  query answered);
- `samklang_email_messages{status}` (queued, sending, failed) and
  `samklang_email_oldest_queued_seconds`, read from the outbox table at scrape time, so
  they are the same whichever process is scraped;
- `samklang_scheduler_job_runs_total{job,status}` and
  `samklang_scheduler_job_last_run_timestamp_seconds{job,status}`: call `record_job_run`
  from whatever runs a scheduled job (the `samklang scheduler` process or the in-process
  scheduler). A process without an HTTP server (`samklang scheduler`, `samklang worker`)
  can publish its own figures with `start_metrics_server(settings, port)` on a port of its
  own, behind the same token.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from samklang.core.config import Settings

logger = logging.getLogger(__name__)

# No `_created` series: they double the output and no alert reads them.
disable_created_metrics()  # type: ignore[no-untyped-call]
REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

_LABELS = ("method", "route", "status")
HTTP_REQUESTS = Counter(
    "samklang_http_requests", "HTTP requests answered", _LABELS, registry=REGISTRY
)
HTTP_LATENCY = Histogram(
    "samklang_http_request_duration_seconds",
    "Time from the request to the end of its answer",
    _LABELS,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
EVENT_STREAMS = Gauge(
    "samklang_event_streams_open", "Server-sent event streams open now", registry=REGISTRY
)
DB_POOL_SIZE = Gauge("samklang_db_pool_size", "Connections the pool keeps", registry=REGISTRY)
DB_POOL_CHECKED_OUT = Gauge(
    "samklang_db_pool_checked_out", "Pooled connections in use now", registry=REGISTRY
)
DB_POOL_OVERFLOW = Gauge(
    "samklang_db_pool_overflow", "Connections open beyond the pool's size", registry=REGISTRY
)
DATABASE_UP = Gauge(
    "samklang_database_up", "1 when the database answered the last scrape", registry=REGISTRY
)
EMAIL_MESSAGES = Gauge(
    "samklang_email_messages", "Email in the outbox by status", ["status"], registry=REGISTRY
)
EMAIL_OLDEST_QUEUED = Gauge(
    "samklang_email_oldest_queued_seconds",
    "Age of the oldest queued email (0 when none)",
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "samklang_scheduler_job_runs",
    "Scheduled job runs by job and outcome",
    ["job", "status"],
    registry=REGISTRY,
)
JOB_LAST_RUN = Gauge(
    "samklang_scheduler_job_last_run_timestamp_seconds",
    "When a job last finished, by outcome (Unix time)",
    ["job", "status"],
    registry=REGISTRY,
)
JOB_DURATION = Histogram(
    "samklang_scheduler_job_duration_seconds",
    "How long a scheduled job ran",
    ["job"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
    registry=REGISTRY,
)

EMAIL_STATUSES = ("queued", "sending", "failed")


def observe_request(
    method: str, route: str, status: int, seconds: float, *, streamed: bool = False
) -> None:
    labels = (method, route, str(status))
    HTTP_REQUESTS.labels(*labels).inc()
    if not streamed:
        HTTP_LATENCY.labels(*labels).observe(seconds)


def record_job_run(job: str, status: str, duration_seconds: float | None = None) -> None:
    """Count one run of a scheduled job: `status` is e.g. "success", "failure" or
    "skipped" (another replica holds it). Safe to call from any thread."""
    JOB_RUNS.labels(job, status).inc()
    JOB_LAST_RUN.labels(job, status).set(time.time())
    if duration_seconds is not None:
        JOB_DURATION.labels(job).observe(duration_seconds)


def start_metrics_server(
    settings: Settings,
    port: int,
    addr: str = "0.0.0.0",  # noqa: S104
) -> ThreadingHTTPServer:
    """Serve this process's figures on a port of its own, for processes without an HTTP
    server (`samklang scheduler`): `GET /metrics` with the same bearer token as the API's
    (404 without it). A daemon thread; `.shutdown()` on the answer stops it."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server interface
            ok = self.path.split("?", 1)[0] == "/metrics" and authorized(
                settings, self.headers.get("Authorization")
            )
            body = generate_latest(REGISTRY) if ok else b"Not found\n"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST if ok else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return None

    server = ThreadingHTTPServer((addr, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server


def authorized(settings: Settings, authorization: str | None) -> bool:
    if settings.metrics_token is None or not authorization:
        return False
    expected = settings.metrics_token.get_secret_value()
    scheme, _, token = authorization.partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def _pool_figures(engine: AsyncEngine) -> None:
    pool: Any = engine.sync_engine.pool
    for gauge, name in (
        (DB_POOL_SIZE, "size"),
        (DB_POOL_CHECKED_OUT, "checkedout"),
        (DB_POOL_OVERFLOW, "overflow"),
    ):
        method = getattr(pool, name, None)
        gauge.set(max(int(method()), 0) if callable(method) else 0)


Scrape = Callable[[async_sessionmaker[AsyncSession]], Awaitable[None]]


async def render(
    engine: AsyncEngine, maker: async_sessionmaker[AsyncSession], scrapes: Sequence[Scrape] = ()
) -> tuple[bytes, str]:
    """The text exposition, with the figures read at scrape time brought up to date."""
    _pool_figures(engine)
    try:
        for scrape in scrapes:
            await scrape(maker)
        DATABASE_UP.set(1)
    except Exception:  # noqa: BLE001 - a scrape must answer even while the database is down
        logger.warning("Metrics: the outbox could not be read", exc_info=True)
        DATABASE_UP.set(0)
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
