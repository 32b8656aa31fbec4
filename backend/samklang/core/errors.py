"""Domain errors and the single handler that renders RFC 9457 problem details."""

from __future__ import annotations

import logging
import socket
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from samklang.core.i18n import negotiate, t
from samklang.core.request_id import current_request_id

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, as every error of the API is sent."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str
    errors: list[FieldError] | None = None
    # The request's id (also in the X-Request-ID header and in every log line of it).
    request_id: str | None = None


class AppError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers
        self.extra = extra


class NotAuthenticated(AppError):
    status, code, title = 401, "not_authenticated", "Not signed in"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class InvalidCredentials(AppError):
    status, code, title = 401, "invalid_credentials", "Wrong email or password"


class RefreshInvalid(AppError):
    status, code, title = 401, "refresh_invalid", "The sign-in has expired"


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(AppError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class ReadOnly(AppError):
    status, code, title = 409, "read_only", "Read only"


class InvalidLink(AppError):
    status, code, title = 400, "invalid_link", "The link is invalid, used or expired"


class RateLimited(AppError):
    status, code, title = 429, "rate_limited", "Too many attempts"


class ValidationFailed(AppError):
    status, code, title = 422, "validation_error", "Invalid input"


class ServiceUnavailable(AppError):
    status, code, title = 503, "unavailable", "Service unavailable"


# How long a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 5
# SQLSTATEs that mean "the database is not there right now": connection exceptions,
# shutting down or starting up, out of connection slots.
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
_CLOSED_MESSAGES = ("connection is closed", "connection was closed", "database is locked")


def _chain(exc: BaseException) -> list[BaseException]:
    """The error, what it wraps (`orig`) and what caused it, without cycles."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 12:
        item = todo.pop()
        if item is None or any(item is s for s in seen):
            continue
        seen.append(item)
        orig = getattr(item, "orig", None)
        todo += [
            orig if isinstance(orig, BaseException) else None,
            item.__cause__,
            item.__context__,
        ]
    return seen


def database_unavailable(exc: BaseException) -> bool:
    """True when `exc` means the database cannot be reached (down, restarting, no
    connection free in time), not that the request or the code is wrong."""
    for item in _chain(exc):
        if isinstance(item, sa_exc.TimeoutError):  # no pooled connection in time
            return True
        if isinstance(item, sa_exc.DBAPIError) and item.connection_invalidated:
            return True
        if isinstance(item, ConnectionError | TimeoutError | socket.gaierror):
            return True
        sqlstate = getattr(item, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATES):
            return True
        if type(item).__name__ in ("InterfaceError", "OperationalError") and any(
            m in str(item).lower() for m in _CLOSED_MESSAGES
        ):
            return True
    return False


def unavailable_response(request: Request) -> JSONResponse:
    locale = negotiate(request.headers.get("accept-language"))
    return problem_response(
        503,
        "unavailable",
        t("unavailable.title", locale),
        t("unavailable.detail", locale),
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


_STATUS_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("not_authenticated", "Not signed in"),
    403: ("forbidden", "Not allowed"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("too_large", "Request too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("validation_error", "Invalid input"),
    429: ("rate_limited", "Too many requests"),
}


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = Problem(
        title=title,
        status=status,
        detail=detail,
        code=code,
        errors=errors,
        request_id=current_request_id(),
    )
    return JSONResponse(
        {**body.model_dump(exclude_none=True), **(extra or {})},
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def _message(error: Any, locale: str) -> str:
    """A pydantic error in the caller's language."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return t("validation.missing", locale)
    if kind == "string_too_short":
        return t("validation.too_short", locale, min_length=ctx.get("min_length"))
    if kind == "string_too_long":
        return t("validation.too_long", locale, max_length=ctx.get("max_length"))
    if kind in ("enum", "literal_error"):
        return t("validation.choice", locale)
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return t("validation.email", locale)
    return t("validation.invalid", locale)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return problem_response(
            exc.status, exc.code, exc.title, exc.detail, exc.errors, exc.headers, exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        locale = negotiate(request.headers.get("accept-language"))
        errors = [
            FieldError(field=_field_name(e.get("loc", ())), message=_message(e, locale))
            for e in exc.errors()
        ]
        title = t("validation.title", locale)
        return problem_response(422, "validation_error", title, title, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, title = _STATUS_CODES.get(exc.status_code, ("error", "Error"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        return problem_response(
            exc.status_code, code, title, detail, headers=getattr(exc, "headers", None)
        )

    async def _maybe_unavailable(request: Request, exc: Exception) -> JSONResponse:
        if database_unavailable(exc):
            logger.warning(
                "Database unavailable on %s %s: %s", request.method, request.url.path, exc
            )
            return unavailable_response(request)
        logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(500, "internal_error", "Internal server error")

    @app.exception_handler(StaleDataError)
    async def _stale(_: Request, exc: StaleDataError) -> JSONResponse:
        # A versioned row changed between our read and our write (models with
        # `version_id_col`): the other save won.
        return problem_response(
            409,
            "conflict",
            "Changed by someone else",
            "Someone else saved a newer version; reload and save again",
        )

    # Handled here (not only by the catch-all below) so that a database outage is an
    # ordinary 503 answer, not an error that the server logs as a crash of the request.
    for kind in (sa_exc.SQLAlchemyError, OSError):
        app.add_exception_handler(kind, _maybe_unavailable)
    try:
        import asyncpg  # noqa: PLC0415 - optional here: only the PostgreSQL driver raises these

        for kind in (asyncpg.PostgresError, asyncpg.InterfaceError):
            app.add_exception_handler(kind, _maybe_unavailable)
    except ImportError:  # pragma: no cover - asyncpg is installed with the backend
        pass

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        if database_unavailable(exc):
            return unavailable_response(request)
        logger.exception("Unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, "internal_error", "Internal server error")


# Documented in OpenAPI for every route.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}} for status in (401, 403, 404, 422)
}
