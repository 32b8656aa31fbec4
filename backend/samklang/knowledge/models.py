"""Tables of the knowledge domain (questions, votes, answers, resources, collections)."""

from __future__ import annotations
