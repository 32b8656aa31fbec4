"""Endpoints of the knowledge domain under /api/v1 (API.md, Knowledge)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["knowledge"])
