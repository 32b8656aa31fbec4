"""Schemathesis hooks for the hostile-input run (loaded through SCHEMATHESIS_HOOKS).

`no_leak`: a response must never contain the id of an item the caller may not read. The
ids come from SAMKLANG_FORBIDDEN_IDS (a JSON file written by test_hostile_input.py for
the role under test, from the database before the run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import schemathesis

_FORBIDDEN: dict[str, str] = json.loads(
    Path(os.environ["SAMKLANG_FORBIDDEN_IDS"]).read_text(encoding="utf-8")
)


@schemathesis.check
def no_leak(ctx: Any, response: Any, case: Any) -> None:
    # Bytes, not text: PDFs and other binary answers are searched too (ids are ASCII).
    body: bytes = response.content or b""
    leaked = [f"{what} {item}" for item, what in _FORBIDDEN.items() if item.encode() in body]
    if leaked:
        raise AssertionError(f"The response reveals what this caller may not read: {leaked[:5]}")
