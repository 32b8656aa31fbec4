"""Facts about the current request that code deep in a service may need (the audit log's
"from where"), without threading them through every call: set once per request by a pure
ASGI middleware (uvicorn's proxy headers have already put the real client in `client`)."""

from __future__ import annotations

from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

from samklang.core.i18n import negotiate

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
# The caller's language (from Accept-Language), for texts made deep in a query such as the
# localised "former member" shown for a deleted account.
request_locale: ContextVar[str | None] = ContextVar("request_locale", default=None)


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        token = client_ip.set(client[0] if client else None)
        language = None
        for key, value in scope.get("headers", []):
            if key == b"accept-language":
                language = value.decode("latin-1")
                break
        locale_token = request_locale.set(negotiate(language))
        try:
            await self.app(scope, receive, send)
        finally:
            request_locale.reset(locale_token)
            client_ip.reset(token)
