"""The application factory: lifespan, routers, error handlers and the built SPA."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import text
from starlette.types import ASGIApp

import samklang.models  # noqa: F401 - every table, before any session writes
from samklang import kinds as kinds  # every kind registered with the access module
from samklang.api import api_router
from samklang.auth.callers import Callers
from samklang.core import metrics
from samklang.core.changes import ChangeListener, sqlite_files
from samklang.core.config import Environment, Settings, get_settings
from samklang.core.context import RequestContext
from samklang.core.db import make_engine, make_read_sessionmaker, make_sessionmaker
from samklang.core.errors import NotFound, install_error_handlers, unavailable_response
from samklang.core.headers import SecurityHeaders
from samklang.core.logging import configure_logging
from samklang.core.memo import Memos
from samklang.core.read_cache import ReadCache
from samklang.core.request_id import RequestObserver, RouteTemplates
from samklang.core.security import access_identity
from samklang.core.tracing import Tracing, make_tracing
from samklang.email import metrics as email_metrics
from samklang.email.senders import make_sender
from samklang.email.worker import run_forever
from samklang.jobs.scheduler import Scheduler
from samklang.sharing.feed_page import FEED_TABLES

logger = logging.getLogger(__name__)
# Paths answered before routing (the read cache), named as such in metrics and logs.
UNROUTED_PATHS = frozenset({"/api/v1/feed"})


class SamklangApp(FastAPI):
    """FastAPI with the request observer (request id, access log, metrics) and tracing
    outside the whole middleware stack, Starlette's ServerErrorMiddleware included, so
    that they see every answer, 500s too."""

    def build_middleware_stack(self) -> ASGIApp:
        app = super().build_middleware_stack()
        templates = RouteTemplates(self.router)
        tracing: Tracing | None = getattr(self.state, "tracing", None)
        if tracing is not None:
            app = tracing.wrap(app, templates)
        return RequestObserver(app, known_paths=UNROUTED_PATHS, templates=templates)


def create_app(settings: Settings | None = None, *, span_exporter: Any = None) -> FastAPI:
    """The app. `span_exporter` (tests) turns tracing on and sends the spans there."""
    settings = settings or get_settings()
    configure_logging(settings)
    tracing = make_tracing(settings, span_exporter)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
        )
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        if tracing is not None:
            tracing.instrument_engine(engine)
        app.state.read_sessionmaker = make_read_sessionmaker(engine)
        listener: ChangeListener | None = None
        if settings.is_sqlite:
            app.state.hears_peers = lambda: True
            app.state.outside_stamp = sqlite_files(settings.database_url)
        else:
            listener = ChangeListener(settings.database_url)
            listener.start()
            app.state.hears_peers = lambda: listener.live
        worker: asyncio.Task[None] | None = None
        if settings.run_worker:
            worker = asyncio.create_task(
                run_forever(app.state.sessionmaker, make_sender(settings), settings)
            )
        scheduler: asyncio.Task[None] | None = None
        if settings.run_scheduler:
            scheduler = asyncio.create_task(
                Scheduler(app.state.sessionmaker, settings).run_forever()
            )
        # Objects made at start-up live for the whole process: keep them out of the
        # garbage collector's young generations (measured: about half of the time of a
        # large response went to collections that walked them).
        gc.freeze()
        try:
            yield
        finally:
            for task in (worker, scheduler):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            if listener is not None:
                await listener.stop()
            await engine.dispose()
            if tracing is not None:
                tracing.shutdown()

    app = SamklangApp(
        title="Samklang API",
        version="1.0.0",
        description="The learning-network platform for Fremtidens kulturskole.",
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None if settings.env == Environment.production else "/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.tracing = tracing
    # Until the lifespan knows whether this process hears its peers' commits (and when
    # the read cache is switched off) the cache stands aside.
    app.state.hears_peers = None
    # What other processes wrote, where no notification tells (SQLite: see the lifespan).
    app.state.outside_stamp = lambda: None

    def hears_peers() -> bool:
        hears = app.state.hears_peers
        return bool(hears is not None and hears())

    # The signed-in person and their reader state, kept between requests (core/memo.py).
    app.state.memos = Memos(live=hears_peers, outside=lambda: app.state.outside_stamp())
    app.state.callers = Callers(settings, app.state.memos)

    def cache_live() -> bool:
        hears = app.state.hears_peers
        return bool(settings.read_cache and hears is not None and hears())

    app.add_middleware(
        ReadCache,
        paths={"/api/v1/feed": FEED_TABLES},
        verify=lambda token: access_identity(settings, token),
        live=cache_live,
        outside=lambda: app.state.outside_stamp(),
        max_bytes=settings.read_cache_mb * 1024 * 1024,
        state=app.state,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestContext)
    install_error_handlers(app)

    @app.get("/api/health", tags=["health"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/ready", tags=["health"])
    async def ready(request: Request) -> JSONResponse:
        try:
            async with request.app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means not ready
            logger.warning("Readiness check failed", exc_info=True)
            return unavailable_response(request)
        return JSONResponse({"status": "ready"})

    @app.get("/api/baseline", tags=["health"], include_in_schema=False)
    async def baseline() -> dict[str, bool]:
        """A fixed body through the whole stack: the benchmark's baseline."""
        return {"ok": True}

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint(request: Request) -> Response:
        """Prometheus text format, for a caller with the metrics token only (404 else)."""
        if not metrics.authorized(settings, request.headers.get("authorization")):
            raise NotFound(f"No path {request.url.path}")
        body, media_type = await metrics.render(
            request.app.state.engine,
            request.app.state.sessionmaker,
            scrapes=(email_metrics.outbox_figures,),
        )
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-store"})

    app.include_router(api_router)
    _mount_spa(app, settings.static_dir)
    return app


def _mount_spa(app: FastAPI, static_dir: Path | None) -> None:
    """Serve the built SPA; client-side routes fall back to index.html."""
    root = static_dir.resolve() if static_dir else None

    @app.api_route(
        "/api/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def api_not_found(rest: str) -> None:
        raise NotFound(f"No API path /api/{rest}")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str) -> FileResponse:
        if root is None or not (root / "index.html").is_file():
            raise NotFound("The web app is not built (run `make run` or `npm run build`)")
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file():
            cache = (
                "public, max-age=31536000, immutable" if path.startswith("assets/") else "no-cache"
            )
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(root / "index.html", headers={"Cache-Control": "no-cache"})
