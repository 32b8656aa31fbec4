"""OpenTelemetry tracing of requests and database calls, off unless configured.

On when `SAMKLANG_OTEL_ENDPOINT` (the collector's OTLP/HTTP base address, e.g.
`http://otel-collector:4318`) or the standard `OTEL_EXPORTER_OTLP_ENDPOINT` is set; the
other standard `OTEL_*` variables (headers, timeout, sampler, resource attributes) apply
as usual. Spans are exported in batches by OTLP over HTTP (protobuf).

- A server span per request, from opentelemetry-instrumentation-asgi (a pure ASGI
  middleware), named `METHOD /route/{template}` once the router has matched, with
  `http.route` and `samklang.request_id` set.
- A client span per SQL statement on the app's engine, from
  opentelemetry-instrumentation-sqlalchemy, children of the request's span.

Off, nothing of this is imported on the request path and the app is exactly as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from samklang.core.config import Settings
from samklang.core.request_id import UNMATCHED, current_request_id, route_template


def endpoint(settings: Settings) -> str | None:
    return settings.otel_endpoint or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or None


@dataclass
class Tracing:
    """The app's tracer provider and what it instruments."""

    provider: Any
    _engines: list[Any] = field(default_factory=list)

    def wrap(self, app: ASGIApp, templates: Callable[[Scope], str | None] | None = None) -> ASGIApp:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        def span_details(scope: Scope) -> tuple[str, dict[str, Any]]:
            # The route is not known yet; RouteName renames the span once it is.
            return str(scope.get("method", "HTTP")), {}

        return OpenTelemetryMiddleware(
            _RouteName(app, templates),
            default_span_details=span_details,
            tracer_provider=self.provider,
            exclude_spans=["receive", "send"],
        )

    def instrument_engine(self, engine: AsyncEngine) -> None:
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
        from opentelemetry.metrics import NoOpMeterProvider
        from opentelemetry.trace import get_tracer

        tracer = get_tracer("samklang.db", tracer_provider=self.provider)
        usage = (
            NoOpMeterProvider()
            .get_meter("samklang.db")
            .create_up_down_counter("db.client.connections.usage")
        )
        EngineTracer(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]
        self._engines.append(engine.sync_engine)

    def uninstrument_engines(self) -> None:
        """Remove the listeners from our engines (tests share one engine between apps)."""
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

        mine = {id(e) for e in self._engines}
        keep = []
        for ref, identifier, fn in EngineTracer._remove_event_listener_params:
            target = ref()
            if target is not None and id(target) in mine:
                event.remove(target, identifier, fn)
            else:
                keep.append((ref, identifier, fn))
        EngineTracer._remove_event_listener_params[:] = keep
        self._engines.clear()

    def shutdown(self) -> None:
        self.uninstrument_engines()
        self.provider.shutdown()


class _RouteName:
    """Inside the server span: names it after the route template once routing is done."""

    def __init__(
        self, app: ASGIApp, templates: Callable[[Scope], str | None] | None = None
    ) -> None:
        self.app = app
        self.templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from opentelemetry import trace

        span = trace.get_current_span()

        async def send_named(message: Message) -> None:
            if message["type"] == "http.response.start":
                template = route_template(scope, templates=self.templates)
                if template != UNMATCHED:
                    span.update_name(f"{scope.get('method', 'HTTP')} {template}")
                    span.set_attribute("http.route", template)
                rid = current_request_id()
                if rid:
                    span.set_attribute("samklang.request_id", rid)
            await send(message)

        await self.app(scope, receive, send_named)


def make_tracing(settings: Settings, exporter: Any = None) -> Tracing | None:
    """A tracer provider exporting to the configured endpoint, or to `exporter` (tests:
    an in-memory exporter, spans handed over at once); None when tracing is off."""
    target = endpoint(settings)
    if exporter is None and target is None:
        return None
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: settings.otel_service_name}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        assert target is not None
        url = target.rstrip("/")
        if not url.endswith("/v1/traces"):
            url += "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url)))
    return Tracing(provider)
