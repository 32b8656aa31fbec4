"""Observability: /metrics behind its token, the request id in headers, problem details and
log lines, JSON access logs, and OpenTelemetry spans for requests and SQL (off by default)."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.types import Message, Receive, Scope, Send

from samklang.auth.models import Role
from samklang.core import metrics
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.logging import ACCESS_LOGGER, make_handler
from samklang.core.request_id import RequestObserver
from samklang.core.tracing import make_tracing
from samklang.email.models import EmailMessage
from samklang.main import create_app

TOKEN = "metrics-token-0123456789"
HEX32 = re.compile(r"[0-9a-f]{32}")


def _app(
    settings: Settings,
    engine: AsyncEngine,
    maker: async_sessionmaker[AsyncSession],
    **kwargs: Any,
) -> Any:
    application = create_app(settings, **kwargs)
    application.state.engine = engine
    application.state.sessionmaker = maker
    application.state.hears_peers = lambda: True
    return application


def _client(application: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(
        app=application, client=("127.0.0.1", 40000), raise_app_exceptions=False
    )
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def metered(
    settings: Settings, engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    with_token = settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    async with _client(_app(with_token, engine, maker)) as c:
        yield c


def _sample(text: str, name: str, **labels: str) -> float | None:
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        metric, _, rest = series.partition("{")
        if metric != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', rest))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return None


# --- /metrics ----------------------------------------------------------------------------


async def test_metrics_are_not_served_without_a_configured_token(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/metrics", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404
    assert "samklang_http_requests_total" not in response.text


async def test_metrics_need_the_right_bearer_token(metered: httpx.AsyncClient) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ):
        response = await metered.get("/metrics", headers=headers)
        assert response.status_code == 404, headers
        assert response.headers["content-type"] == "application/problem+json"
    response = await metered.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")


async def test_metrics_count_requests_by_route_template_and_status(
    metered: httpx.AsyncClient, factory: Any
) -> None:
    admin_headers = factory.headers(await factory.user(role=Role.admin))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    route = "/api/v1/workspaces/{workspace_id}"
    before = await metered.get("/metrics", headers=auth)
    was = _sample(before.text, "samklang_http_requests_total", route=route, status="404") or 0
    for _ in range(3):
        missing = await metered.get(f"/api/v1/workspaces/{uuid.uuid4()}", headers=admin_headers)
        assert missing.status_code == 404
    text = (await metered.get("/metrics", headers=auth)).text
    assert _sample(text, "samklang_http_requests_total", route=route, status="404") == was + 3
    count = _sample(text, "samklang_http_request_duration_seconds_count", route=route, status="404")
    assert count is not None and count >= 3
    # Never the raw path: one series for every workspace id.
    assert "/api/v1/workspaces/" + "0" not in text
    assert not re.search(r'route="/api/v1/workspaces/[0-9a-f-]{36}"', text)
    for name in (
        "samklang_db_pool_size",
        "samklang_db_pool_checked_out",
        "samklang_event_streams_open",
        "samklang_email_oldest_queued_seconds",
    ):
        assert _sample(text, name) is not None, name
    assert _sample(text, "samklang_database_up") == 1.0


async def test_metrics_read_queued_and_failed_email_from_the_outbox(
    metered: httpx.AsyncClient, session: AsyncSession
) -> None:
    now = utcnow()
    for status, age in (("queued", 120), ("queued", 30), ("failed", 5), ("sent", 1)):
        session.add(
            EmailMessage(
                to_address="someone@example.no",
                subject="s",
                body_text="b",
                status=status,
                created_at=now - timedelta(seconds=age),
                next_attempt_at=now,
            )
        )
    await session.commit()
    text = (await metered.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).text
    assert _sample(text, "samklang_email_messages", status="queued") == 2
    assert _sample(text, "samklang_email_messages", status="failed") == 1
    oldest = _sample(text, "samklang_email_oldest_queued_seconds")
    assert oldest is not None and 115 <= oldest < 600


async def test_scheduler_runs_are_counted(metered: httpx.AsyncClient) -> None:
    job = f"test-job-{uuid.uuid4().hex[:6]}"
    metrics.record_job_run(job, "success", 0.25)
    metrics.record_job_run(job, "success")
    metrics.record_job_run(job, "failure")
    text = (await metered.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).text
    assert _sample(text, "samklang_scheduler_job_runs_total", job=job, status="success") == 2
    assert _sample(text, "samklang_scheduler_job_runs_total", job=job, status="failure") == 1
    last = _sample(text, "samklang_scheduler_job_last_run_timestamp_seconds", job=job)
    assert last is not None and last > 1.7e9
    assert _sample(text, "samklang_scheduler_job_duration_seconds_count", job=job) == 1


def test_a_process_without_http_server_publishes_its_figures_behind_the_token(
    settings: Settings,
) -> None:
    job = f"standalone-{uuid.uuid4().hex[:6]}"
    metrics.record_job_run(job, "success")
    with_token = settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    server = metrics.start_metrics_server(with_token, 0, addr="127.0.0.1")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/metrics"
        assert httpx.get(url, timeout=5).status_code == 404
        assert httpx.get(url, headers={"Authorization": "Bearer no"}, timeout=5).status_code == 404
        answer = httpx.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
        assert answer.status_code == 200
        assert _sample(answer.text, "samklang_scheduler_job_runs_total", job=job) == 1
    finally:
        server.shutdown()
        server.server_close()


async def test_open_event_streams_are_a_gauge() -> None:
    """The observer counts a 200 answer on the event-stream route as open until its body
    ends (a stand-in app: the real stream never ends by itself)."""

    class Route:
        path = "/api/v1/events"

    seen: list[float] = []

    async def streaming_app(scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = Route()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        seen.append(metrics.EVENT_STREAMS._value.get())
        await send({"type": "http.response.body", "body": b": hi\n\n", "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(_: Message) -> None:
        return None

    before = metrics.EVENT_STREAMS._value.get()
    scope = {"type": "http", "method": "GET", "path": "/api/v1/events", "headers": []}
    await RequestObserver(streaming_app)(scope, receive, send)
    assert seen == [before + 1]
    assert metrics.EVENT_STREAMS._value.get() == before


# --- request id -------------------------------------------------------------------------


@pytest.fixture
def boom_app(app: Any) -> Any:
    async def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/test-boom", boom)
    # Before the catch-all /api/{rest:path}.
    routes = app.router.routes
    index = next(i for i, r in enumerate(routes) if getattr(r, "path", None) == "/api/test-boom")
    routes.insert(0, routes.pop(index))
    assert isinstance(routes[0], APIRoute)
    return app


async def test_a_valid_incoming_request_id_is_kept(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health", headers={"X-Request-ID": "lb-7f3a.42:x"})
    assert response.headers["x-request-id"] == "lb-7f3a.42:x"


@pytest.mark.parametrize("incoming", [None, "", "two words", "x" * 129, "ø-not-ascii", "a\tb"])
async def test_an_invalid_or_missing_request_id_is_replaced(
    client: httpx.AsyncClient, incoming: str | None
) -> None:
    headers = {} if incoming is None else {"X-Request-ID": incoming.encode("utf-8")}
    response = await client.get("/api/health", headers=headers)  # type: ignore[arg-type]
    assert HEX32.fullmatch(response.headers["x-request-id"])
    again = await client.get("/api/health", headers=headers)  # type: ignore[arg-type]
    assert again.headers["x-request-id"] != response.headers["x-request-id"]


async def test_problem_details_carry_the_request_id(boom_app: Any) -> None:
    async with _client(boom_app) as c:
        not_found = await c.get("/api/v1/nothing", headers={"X-Request-ID": "trace-me-404"})
        invalid = await c.post("/api/v1/auth/login", data={}, headers={"X-Request-ID": "r-422"})
        crashed = await c.get("/api/test-boom", headers={"X-Request-ID": "r-500"})
        generated = await c.get("/api/v1/nothing")
    assert not_found.status_code == 404
    assert not_found.json()["request_id"] == "trace-me-404"
    assert not_found.headers["x-request-id"] == "trace-me-404"
    assert invalid.status_code == 422
    assert invalid.json()["request_id"] == "r-422"
    # A crash is answered by Starlette's outermost error middleware: still the same id.
    assert crashed.status_code == 500
    assert crashed.json()["code"] == "internal_error"
    assert crashed.json()["request_id"] == "r-500"
    assert crashed.headers["x-request-id"] == "r-500"
    assert generated.json()["request_id"] == generated.headers["x-request-id"]


async def test_an_answer_from_the_read_cache_has_its_own_request_id(
    app: Any, metered: httpx.AsyncClient, factory: Any
) -> None:
    # `metered` is its own app; the read cache of the `app` fixture is used here.
    headers = factory.headers(await factory.user())
    async with _client(app) as c:
        first = await c.get("/api/v1/feed", headers={**headers, "X-Request-ID": "feed-1"})
        hits = app.state.read_cache.hits
        second = await c.get("/api/v1/feed", headers={**headers, "X-Request-ID": "feed-2"})
    assert first.status_code == second.status_code == 200
    assert app.state.read_cache.hits == hits + 1  # answered before routing
    assert first.headers["x-request-id"] == "feed-1"
    assert second.headers["x-request-id"] == "feed-2"
    assert second.headers.get_list("x-request-id") == ["feed-2"]
    text = (await metered.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).text
    assert (
        _sample(text, "samklang_http_requests_total", route="/api/v1/feed", status="200") or 0
    ) >= 2


# --- logs -------------------------------------------------------------------------------


@pytest.fixture
def json_log(settings: Settings) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = make_handler(settings.model_copy(update={"log_format": "json"}), stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


async def test_one_json_access_line_per_request(
    client: httpx.AsyncClient, json_log: io.StringIO
) -> None:
    assert (await client.get("/api/health")).status_code == 200  # a probe: not logged
    response = await client.get(
        f"/api/v1/workspaces/{uuid.uuid4()}", headers={"X-Request-ID": "log-line-1"}
    )
    assert response.status_code == 401
    access = [e for e in _lines(json_log) if e["logger"] == ACCESS_LOGGER]
    assert len(access) == 1
    entry = access[0]
    assert entry["method"] == "GET"
    assert entry["route"] == "/api/v1/workspaces/{workspace_id}"
    assert entry["status"] == 401
    assert entry["request_id"] == "log-line-1"
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert entry["level"] == "info" and "time" in entry


async def test_every_log_line_of_a_request_has_its_id(boom_app: Any, json_log: io.StringIO) -> None:
    async with _client(boom_app) as c:
        await c.get("/api/test-boom", headers={"X-Request-ID": "crash-42"})
    entries = _lines(json_log)
    error = next(e for e in entries if e["level"] == "error")
    assert error["request_id"] == "crash-42"
    assert "RuntimeError: boom" in error["exception"]
    access = next(e for e in entries if e["logger"] == ACCESS_LOGGER)
    assert access["status"] == 500 and access["request_id"] == "crash-42"


def test_log_format_defaults_to_json_in_production(settings: Settings) -> None:
    assert not settings.json_logs
    production = Settings(env="production", secret_key="x" * 40)  # type: ignore[arg-type]
    assert production.json_logs
    assert not Settings(env="production", secret_key="x" * 40, log_format="text").json_logs  # type: ignore[arg-type]


# --- tracing ----------------------------------------------------------------------------


def test_tracing_is_off_unless_configured(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert make_tracing(settings) is None
    assert create_app(settings).state.tracing is None
    for configured in (
        {"env": {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}},
        {"settings": {"otel_endpoint": "http://collector:4318/"}},
    ):
        for key, value in configured.get("env", {}).items():
            monkeypatch.setenv(key, value)
        tracing = make_tracing(settings.model_copy(update=configured.get("settings", {})))
        assert tracing is not None
        processor = tracing.provider._active_span_processor._span_processors[0]
        exporter = processor._batch_processor._exporter
        assert exporter._endpoint == "http://collector:4318/v1/traces"
        tracing.shutdown()
        monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)


async def test_a_request_makes_a_server_span_with_its_database_spans(
    settings: Settings, engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> None:
    exporter = InMemorySpanExporter()
    application = _app(settings, engine, maker, span_exporter=exporter)
    tracing = application.state.tracing
    tracing.instrument_engine(engine)
    try:
        async with _client(application) as c:
            response = await c.get("/api/ready", headers={"X-Request-ID": "span-1"})
        assert response.status_code == 200
    finally:
        tracing.shutdown()
    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind is SpanKind.SERVER]
    assert len(server) == 1
    assert server[0].name == "GET /api/ready"
    assert server[0].attributes is not None
    assert server[0].attributes["http.route"] == "/api/ready"
    assert server[0].attributes["samklang.request_id"] == "span-1"
    database = [s for s in spans if s.kind is SpanKind.CLIENT]
    assert database, [s.name for s in spans]
    assert any("SELECT 1" in str((s.attributes or {}).get("db.statement", "")) for s in database)
    for span in database:
        assert span.context is not None and server[0].context is not None
        assert span.context.trace_id == server[0].context.trace_id
        assert span.parent is not None
    # Uninstrumented again: a later request on the same engine makes no database span.
    exporter.clear()
    async with _client(_app(settings, engine, maker)) as c:
        await c.get("/api/ready")
    assert exporter.get_finished_spans() == ()


def test_production_refuses_the_env_example_placeholder_secret() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        Settings(
            env="production", secret_key="CHANGE-ME-to-a-random-value-of-at-least-32-characters"
        )  # type: ignore[arg-type]


async def test_traces_are_sent_to_the_configured_otlp_endpoint(
    settings: Settings, engine: AsyncEngine, maker: async_sessionmaker[AsyncSession]
) -> None:
    """A real OTLP/HTTP export to a collector stand-in on loopback."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[tuple[str, str, int]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            received.append((self.path, self.headers.get("Content-Type", ""), len(body)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        application = _app(settings.model_copy(update={"otel_endpoint": endpoint}), engine, maker)
        tracing = application.state.tracing
        assert tracing is not None
        async with _client(application) as c:
            assert (await c.get("/api/health")).status_code == 200
        assert tracing.provider.force_flush(10_000)
        tracing.shutdown()
    finally:
        server.shutdown()
        server.server_close()
    assert received, "no export arrived"
    path, content_type, size = received[0]
    assert path == "/v1/traces"
    assert content_type == "application/x-protobuf"
    assert size > 0
