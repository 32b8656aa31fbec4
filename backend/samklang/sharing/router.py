"""Endpoints of the sharing domain under /api/v1 (API.md, Sharing and conversation)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["sharing"])
