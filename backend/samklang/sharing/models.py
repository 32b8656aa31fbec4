"""Tables of the sharing domain (feed items, follows, comments, reactions, notifications)."""

from __future__ import annotations
