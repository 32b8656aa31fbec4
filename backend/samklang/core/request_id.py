"""The request id, and the middleware that observes every request.

`RequestObserver` is a pure ASGI middleware (no BaseHTTPMiddleware, so streamed responses
pass through untouched) placed outside everything else, even outside Starlette's
ServerErrorMiddleware (see main.SamklangApp), so that it also sees the 500s:

- the request id: a valid incoming `X-Request-ID` (1-128 letters, digits and `-_.:@+/=`,
  as set by nginx, a load balancer or a client) is kept, anything else is replaced by a new
  random one; it is returned in the `X-Request-ID` response header, put on every log
  record of the request and in every problem-details body (core/errors.py);
- one access log line per request (`samklang.access`): method, route template, path,
  status, duration in milliseconds, request id and client address (not for answered
  health and readiness probes, which come every few seconds);
- the request metrics (core/metrics.py): count and latency by method, route template and
  status, and the event streams open now.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Collection
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from samklang.core import metrics

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
HEADER = b"x-request-id"
_VALID = re.compile(r"[A-Za-z0-9._:@+/=-]{1,128}")
access_logger = logging.getLogger("samklang.access")

# The route of a request that the router never saw (the read cache answered it): its path,
# when that path is one of these, else this placeholder (never the raw path: the label
# set of a metric must stay small).
UNMATCHED = "<unmatched>"
# Probes ask these every few seconds: counted in the metrics, logged only when they fail.
QUIET_ROUTES = frozenset({"/api/health", "/api/ready"})


def current_request_id() -> str | None:
    return request_id.get()


def accept_or_make(value: bytes | None) -> str:
    if value is not None:
        text = value.decode("latin-1")
        if _VALID.fullmatch(text):
            return text
    return uuid.uuid4().hex


class RouteTemplates:
    """The full template of the route a request was routed to (`scope["route"]`).

    FastAPI keeps an included router's routes with their own, unprefixed path
    (`/workspaces/{workspace_id}`); the full template (`/api/v1/workspaces/{workspace_id}`)
    is read once from the router's effective routes, where FastAPI exposes them."""

    def __init__(self, router: Any) -> None:
        self.router = router
        self._full: dict[int, str] | None = None

    def _build(self) -> dict[int, str]:
        full: dict[int, str] = {}
        for route in self.router.routes:
            contexts = getattr(route, "effective_route_contexts", None)
            if not callable(contexts):
                continue
            for context in contexts():
                path = getattr(context, "path_format", None) or getattr(context, "path", None)
                original = getattr(context, "original_route", None)
                if isinstance(path, str) and original is not None:
                    full.setdefault(id(original), path)
        return full

    def __call__(self, scope: Scope) -> str | None:
        route = scope.get("route")
        if route is None:
            return None
        if self._full is None:
            self._full = self._build()
        found = self._full.get(id(route))
        if found is not None:
            return found
        path = getattr(route, "path", None)
        return path if isinstance(path, str) else None


def route_template(
    scope: Scope,
    known_paths: Collection[str] = (),
    templates: Callable[[Scope], str | None] | None = None,
) -> str:
    if templates is not None:
        found = templates(scope)
    else:
        path = getattr(scope.get("route"), "path", None)
        found = path if isinstance(path, str) else None
    if found is not None:
        return found
    return scope.get("path", "") if scope.get("path") in known_paths else UNMATCHED


class RequestObserver:
    def __init__(
        self,
        app: ASGIApp,
        *,
        known_paths: Collection[str] = (),
        stream_routes: Collection[str] = ("/api/v1/events",),
        templates: Callable[[Scope], str | None] | None = None,
    ) -> None:
        self.app = app
        self.templates = templates
        self.known_paths = frozenset(known_paths)
        self.stream_routes = frozenset(stream_routes)

    def _route(self, scope: Scope) -> str:
        return route_template(scope, self.known_paths, self.templates)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for key, value in scope.get("headers", []):
            if key == HEADER:
                incoming = value
                break
        rid = accept_or_make(incoming)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        streaming = False

        async def send_observed(message: Message) -> None:
            nonlocal status, streaming
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                headers.append((HEADER, rid.encode("latin-1")))
                # A new message: the one given may be kept and sent again (read cache).
                message = {**message, "headers": headers}
                if status == 200 and self._route(scope) in self.stream_routes:
                    streaming = True
                    metrics.EVENT_STREAMS.inc()
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            duration = time.perf_counter() - started
            if streaming:
                metrics.EVENT_STREAMS.dec()
            route = self._route(scope)
            method = scope.get("method", "")
            metrics.observe_request(method, route, status, duration, streamed=streaming)
            client = scope.get("client")
            if route not in QUIET_ROUTES or status >= 400:
                access_logger.info(
                    "request",
                    extra={
                        "method": method,
                        "route": route,
                        "path": scope.get("path", ""),
                        "status": status,
                        "duration_ms": round(duration * 1000, 2),
                        "request_id": rid,
                        "client": client[0] if client else None,
                    },
                )
            request_id.reset(token)
