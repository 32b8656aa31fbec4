"""The application factory: lifespan, routers, error handlers and the built SPA."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import text

from samklang import kinds as kinds  # every kind registered with the access module
from samklang.api import api_router
from samklang.core.changes import ChangeListener, sqlite_files
from samklang.core.config import Environment, Settings, get_settings
from samklang.core.context import RequestContext
from samklang.core.db import make_engine, make_sessionmaker
from samklang.core.errors import NotFound, install_error_handlers, unavailable_response
from samklang.core.headers import SecurityHeaders
from samklang.core.read_cache import ReadCache
from samklang.core.security import access_identity
from samklang.email.senders import make_sender
from samklang.email.worker import run_forever
from samklang.sharing.feed_page import FEED_TABLES

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
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
        # Objects made at start-up live for the whole process: keep them out of the
        # garbage collector's young generations (measured: about half of the time of a
        # large response went to collections that walked them).
        gc.freeze()
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            if listener is not None:
                await listener.stop()
            await engine.dispose()

    app = FastAPI(
        title="Samklang API",
        version="1.0.0",
        description="The learning-network platform for Fremtidens kulturskole.",
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None if settings.env == Environment.production else "/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    # Until the lifespan knows whether this process hears its peers' commits (and when
    # the read cache is switched off) the cache stands aside.
    app.state.hears_peers = None
    # What other processes wrote, where no notification tells (SQLite: see the lifespan).
    app.state.outside_stamp = lambda: None

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
