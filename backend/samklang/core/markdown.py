"""Markdown to safe HTML: no raw HTML, no script, no javascript: links.

markdown-it renders CommonMark with raw HTML disabled (it is escaped) and refuses
dangerous link schemes; nh3 (the ammonia sanitiser) then keeps only an allow-list of
tags and attributes, as a second line of defence."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "s",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def render(text: str) -> str:
    html = _parser().render(text or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
