"""Markdown as plain text for titles and excerpts (a leaf: imports nothing of sharing)."""

from __future__ import annotations

import re

EXCERPT = 400

_MARKUP = re.compile(r"[*_`#>~|]+|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Markdown as plain text (roughly), for titles and excerpts."""
    out = _MARKUP.sub(lambda m: m.group(1) or "", text or "")
    return re.sub(r"[ \t]+", " ", out).strip()


def excerpt_of(text: str, length: int = EXCERPT) -> str:
    flat = re.sub(r"\s+", " ", plain(text)).strip()
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def post_title(body: str, length: int = 120) -> str:
    first = plain(body).strip().split("\n", 1)[0]
    return first if len(first) <= length else first[: length - 1].rstrip() + "…"
