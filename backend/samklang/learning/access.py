"""The learning domain's kinds for the access module: cycles, their entries (capped by the
cycle), measures and development projects."""

from __future__ import annotations

from sqlalchemy import func, select

from samklang.access.registry import Kind, register
from samklang.learning.models import Cycle, Entry, Measure, Project
from samklang.network.models import Workspace

register(
    Kind(
        name="cycle",
        model=Cycle,
        id=Cycle.id,
        workspace=Cycle.workspace_id,
        level=Cycle.visibility,
        title=Cycle.title,
        url=lambda i, _: f"/cycles/{i}",
        authors=Cycle.created_by_id,
    )
)
register(
    Kind(
        name="entry",
        model=Entry,
        id=Entry.id,
        workspace=Entry.workspace_id,
        level=Entry.visibility,
        container="cycle",
        container_id=Entry.cycle_id,
        title=select(Cycle.title).where(Cycle.id == Entry.cycle_id).scalar_subquery(),
        url=lambda i, cycle_id: f"/cycles/{cycle_id}#entry-{i}",
        authors=Entry.author_id,
    )
)
register(
    Kind(
        name="measure",
        model=Measure,
        id=Measure.id,
        workspace=Measure.workspace_id,
        level=Measure.visibility,
        title=Measure.name,
        url=lambda i, _: f"/measures/{i}",
    )
)
register(
    Kind(
        name="project",
        model=Workspace,
        id=Workspace.id,
        workspace=Workspace.id,
        level=func.coalesce(
            select(Project.visibility)
            .where(Project.workspace_id == Workspace.id)
            .correlate(Workspace)
            .scalar_subquery(),
            "workspace",
        ),
        title=Workspace.name,
        url=lambda i, _: f"/workspaces/{i}/project",
    )
)
