"""No endpoint or dependency runs in a worker thread: FastAPI hands a plain `def` to the
thread pool, a hop (and, under load, a wait for a free thread) on every request that costs
more than such small functions do. The bench found six of them on the feed's path."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router (FastAPI >= 0.160)
            yield from _routes(route.original_router.routes)
        elif hasattr(route, "routes"):
            yield from _routes(route.routes)


def _is_async(call: Any) -> bool:
    return any(
        inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(f)
        for f in (call, type(call).__dict__.get("__call__"))
    )


def _sync_calls(dependant: Dependant) -> Iterator[str]:
    for dep in dependant.dependencies:
        if dep.call is not None and not _is_async(dep.call):
            name = getattr(dep.call, "__qualname__", repr(dep.call))
            yield f"{getattr(dep.call, '__module__', '?')}.{name}"
        yield from _sync_calls(dep)


def test_every_endpoint_and_dependency_is_async(app: Any) -> None:
    routes = list(_routes(app.routes))
    assert len(routes) > 100  # the walk reaches the domain routers
    sync: set[str] = set()
    for route in routes:
        if not _is_async(route.endpoint):
            sync.add(f"endpoint {route.path}")
        sync.update(_sync_calls(route.dependant))
    assert sync == set()
