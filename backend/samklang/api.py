"""Composes the domain routers under /api/v1.

Routers of domains that only signed-in users reach are included with the
`current_user` dependency, so an endpoint is authenticated unless it is listed here
as public. The auth router mixes public endpoints (login, refresh, reset, accept
invitation) with signed-in ones, each declaring its own dependency.
"""

from __future__ import annotations

from fastapi import APIRouter

from samklang.auth.router import router as auth_router
from samklang.core.errors import PROBLEM_RESPONSES

api_router = APIRouter(prefix="/api/v1", responses=PROBLEM_RESPONSES)
api_router.include_router(auth_router)
