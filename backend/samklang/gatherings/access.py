"""The gatherings domain's kinds for the access module: a gathering's shared summary (not
shared yet: the project team's alone, level "workspace" without a workspace)."""

from __future__ import annotations

from sqlalchemy import func

from samklang.access.registry import Kind, register
from samklang.gatherings.models import Gathering

register(
    Kind(
        name="gathering_summary",
        model=Gathering,
        id=Gathering.id,
        level=func.coalesce(Gathering.summary_visibility, "workspace"),
        title=Gathering.title,
        url=lambda i, _: f"/gatherings/{i}/summary",
    )
)
