"""Tables of the progress domain (saved reports)."""

from __future__ import annotations
