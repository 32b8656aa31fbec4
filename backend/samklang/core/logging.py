"""Log configuration: one JSON object per line in production, readable text elsewhere.

`SAMKLANG_LOG_FORMAT=json|text` (default: json when `SAMKLANG_ENV=production`) and
`SAMKLANG_LOG_LEVEL` (default INFO). Every record carries the request id of the request it
was written in (core/request_id.py), and the trace and span ids when tracing is on, so an
operator can go from a problem-details body or a log line to every line of that request.

The access log is ours (`samklang.access`, one line per request with method, route
template, status, duration and request id, written by core/request_id.py); uvicorn's own
access log is switched off so that a request is not logged twice, and uvicorn's other
messages go through the same handler.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from samklang.core.config import Settings
from samklang.core.request_id import current_request_id

ACCESS_LOGGER = "samklang.access"
# The attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
# uvicorn passes a coloured copy of its message along; the plain one is enough.
_STANDARD |= {"color_message"}


def _trace_ids() -> tuple[str, str] | None:
    try:
        from opentelemetry import trace
    except ImportError:  # pragma: no cover - installed with the backend
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


class RequestIdFilter(logging.Filter):
    """Puts the current request id (and trace ids) on every record that has none."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        if getattr(record, "trace_id", None) is None:
            ids = _trace_ids()
            record.trace_id, record.span_id = ids if ids else (None, None)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # other handlers see the original
        if record.name == ACCESS_LOGGER and hasattr(record, "status"):
            record.msg = "%s %s %s %.1f ms"
            record.args = (
                record.__dict__.get("method"),
                record.__dict__.get("path"),
                record.__dict__.get("status"),
                record.__dict__.get("duration_ms", 0.0),
            )
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


_HANDLER_NAME = "samklang"


def make_handler(settings: Settings, stream: Any = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if settings.json_logs else TextFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging(settings: Settings) -> None:
    """Install our handler on the root logger (once: calling again replaces it)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    handler = make_handler(settings)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    logging.getLogger(ACCESS_LOGGER).setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per outgoing request
    # uvicorn's messages through our handler; its access log is replaced by ours.
    for name in ("uvicorn", "uvicorn.error"):
        log = logging.getLogger(name)
        log.handlers = []
        log.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers = []
    access.propagate = False
    access.disabled = True
