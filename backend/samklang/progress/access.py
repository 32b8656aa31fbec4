"""The progress domain's kinds for the access module: reports."""

from __future__ import annotations

from samklang.access.registry import Kind, register
from samklang.progress.models import Report

register(
    Kind(
        name="report",
        model=Report,
        id=Report.id,
        workspace=Report.workspace_id,
        level=Report.visibility,
        title=Report.title,
        url=lambda i, _: f"/reports/{i}",
        authors=Report.created_by_id,
    )
)
