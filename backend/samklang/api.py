"""Composes the domain routers under /api/v1.

Routers of domains that only signed-in users reach are included with the
`current_user` dependency, so an endpoint is authenticated unless it is listed here
as public. The auth router mixes public endpoints (login, refresh, reset) with signed-in
ones, and so does the account router (network/account.py: accepting an invitation is
public, /me is not), each declaring its own dependency.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from samklang.auth.audit_log import router as audit_router
from samklang.auth.permissions import current_user
from samklang.auth.router import router as auth_router
from samklang.core.errors import PROBLEM_RESPONSES
from samklang.files.router import router as files_router
from samklang.gatherings.router import feed_router as calendar_feed_router
from samklang.gatherings.router import router as gatherings_router
from samklang.knowledge.router import router as knowledge_router
from samklang.learning.drivers import router as drivers_router
from samklang.learning.router import router as learning_router
from samklang.network.account import router as account_router
from samklang.network.router import public_router as network_public
from samklang.network.router import router as network_router
from samklang.privacy.router import router as privacy_router
from samklang.progress.router import router as progress_router
from samklang.sharing.notifications_router import router as notifications_router
from samklang.sharing.router import router as sharing_router

api_router = APIRouter(prefix="/api/v1", responses=PROBLEM_RESPONSES)
# Public, or declaring their own dependency per endpoint:
api_router.include_router(auth_router)
api_router.include_router(account_router)  # /me signed in; accepting an invitation public
api_router.include_router(audit_router)  # project team only, per endpoint
api_router.include_router(privacy_router)  # signed in or project team, per endpoint
api_router.include_router(network_public)
api_router.include_router(files_router)  # download follows what the file is attached to
api_router.include_router(learning_router)  # reads follow each item's visibility
api_router.include_router(drivers_router)  # read as the project is
api_router.include_router(calendar_feed_router)  # the secret token is the credential
api_router.include_router(sharing_router)  # public items are readable signed out
api_router.include_router(notifications_router)  # per endpoint; unsubscribe: signed token
api_router.include_router(knowledge_router)  # the FAQ and public resources are public
api_router.include_router(progress_router)  # "what it took" is public
# Signed-in users only:
signed_in = [Depends(current_user)]
api_router.include_router(network_router, dependencies=signed_in)
api_router.include_router(gatherings_router, dependencies=signed_in)
