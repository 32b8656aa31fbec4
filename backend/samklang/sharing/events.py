"""Live events (server-sent events): what the sharing domain pushes to open pages."""

from __future__ import annotations

from collections.abc import Iterable


async def publish_event(
    user_ids: Iterable[str],
    event_type: str,
    payload: dict,  # type: ignore[type-arg]
) -> None:
    """Push an event to each user's open pages (a no-op until the live stream exists)."""
    return None
