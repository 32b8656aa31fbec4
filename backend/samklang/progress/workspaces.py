"""A workspace's progress and the network's: measures with their run charts and
self-assessments by semester. No HTTP, no commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.core.markdown import render
from samklang.learning import charts
from samklang.learning.models import (
    PHASES,
    Assessment,
    ChartType,
    Cycle,
    Direction,
    Measure,
    MeasureKind,
    MeasurePoint,
    Phase,
)
from samklang.learning.models import Project as LearningProject
from samklang.network import service as network_service
from samklang.network.models import Tier, Workspace
from samklang.progress import semesters
from samklang.progress.schemas import (
    Aim,
    MeasureProgress,
    NetworkProgress,
    NetworkWorkspace,
    OpenCycle,
    Reflection,
    WorkspaceProgress,
)
from samklang.progress.service import _assessment_order, _score_point

# Workspace and network progress


def _aim(project: LearningProject) -> Aim:
    return Aim(
        aim_what=project.aim_what,
        aim_what_html=render(project.aim_what),
        aim_for_whom=project.aim_for_whom,
        aim_by_when=project.aim_by_when,
    )


def _measure_progress(measure: Measure, points: list[MeasurePoint]) -> MeasureProgress:
    chart = charts.chart(measure, points)
    run = charts.run_chart(points)
    return MeasureProgress(
        id=measure.id,
        name=measure.name,
        unit=measure.unit,
        kind=MeasureKind(measure.kind),
        direction=Direction(measure.direction),
        baseline=measure.baseline,
        target=measure.target,
        visibility=Visibility(measure.visibility),
        chart=ChartType(measure.chart),
        phases=chart.phases,
        signals=chart.signals,
        verdict=chart.verdict,
        points=chart.points,
        median=run["median"],
        shifts=run["shifts"],
    )


async def _points(
    session: AsyncSession, measure_ids: Sequence[str], start: date | None, end: date | None
) -> dict[str, list[MeasurePoint]]:
    if not measure_ids:
        return {}
    query = select(MeasurePoint).where(MeasurePoint.measure_id.in_(measure_ids))
    if start is not None:
        query = query.where(MeasurePoint.date >= start)
    if end is not None:
        query = query.where(MeasurePoint.date <= end)
    found: dict[str, list[MeasurePoint]] = defaultdict(list)
    for p in await session.scalars(query.order_by(MeasurePoint.date, MeasurePoint.created_at)):
        found[p.measure_id].append(p)
    return found


async def workspace_progress(
    session: AsyncSession, reader: Reader, workspace_id: str
) -> WorkspaceProgress:
    workspace = await network_service.get_workspace(session, workspace_id)
    project = await session.get(LearningProject, workspace.id)
    aim = (
        _aim(project)
        if project is not None and reader.can_read(workspace.id, project.visibility)
        else None
    )
    cycles = list(
        await session.scalars(
            select(Cycle)
            .where(
                Cycle.workspace_id == workspace.id,
                reader.filter(Cycle.workspace_id, Cycle.visibility),
            )
            .order_by(Cycle.created_at, Cycle.id)
        )
    )
    open_cycles = [c for c in cycles if c.phase != Phase.done.value]
    current_phases = [p for p in PHASES if any(c.phase == p.value for c in open_cycles)]
    rows = list(
        await session.scalars(
            select(Assessment).where(
                Assessment.workspace_id == workspace.id,
                reader.filter(Assessment.workspace_id, Assessment.visibility),
            )
        )
    )
    measures = list(
        await session.scalars(
            select(Measure)
            .where(
                Measure.workspace_id == workspace.id,
                reader.filter(Measure.workspace_id, Measure.visibility),
            )
            .order_by(Measure.created_at, Measure.id)
        )
    )
    points = await _points(session, [m.id for m in measures], None, None)
    reflected = sorted(
        (c for c in cycles if c.reflect.strip()),
        key=lambda c: c.reflect_at or c.updated_at,
        reverse=True,
    )
    return WorkspaceProgress(
        workspace_id=workspace.id,
        name=workspace.name,
        tier=Tier(workspace.tier),
        aim=aim,
        current_cycles=[
            OpenCycle(id=c.id, title=c.title, phase=Phase(c.phase)) for c in open_cycles
        ],
        current_phases=current_phases,
        scores=[_score_point(a.semester, a.score) for a in sorted(rows, key=_assessment_order)],
        measures=[_measure_progress(m, points.get(m.id, [])) for m in measures],
        reflections=[
            Reflection(
                cycle_id=c.id,
                title=c.title,
                reflect=c.reflect,
                reflect_html=render(c.reflect),
                reflect_at=c.reflect_at,
            )
            for c in reflected
        ],
    )


async def network_progress(
    session: AsyncSession, reader: Reader, cohort_id: str | None
) -> NetworkProgress:
    """Two queries, reading only the columns shown (no evidence texts, no timestamps)."""
    query = select(Workspace.id, Workspace.name).where(Workspace.tier == Tier.pilot.value)
    if cohort_id:
        query = query.where(Workspace.cohort_id == cohort_id)
    workspaces = (await session.execute(query.order_by(Workspace.sort_name, Workspace.id))).all()
    ids = query.with_only_columns(Workspace.id).scalar_subquery()
    by_ws: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for ws_id, semester, score in await session.execute(
        select(Assessment.workspace_id, Assessment.semester, Assessment.score)
        .where(
            Assessment.workspace_id.in_(ids),
            reader.filter(Assessment.workspace_id, Assessment.visibility),
        )
        .order_by(Assessment.semester)
    ):
        by_ws[ws_id].append((semester, score))

    def order(label: str) -> tuple[int, int, str]:
        parsed = semesters.parse(label)
        return (*semesters.order(parsed), label) if parsed else (9999, 9, label)

    labels = sorted({label for rows in by_ws.values() for label, _ in rows}, key=order)
    return NetworkProgress(
        semesters=labels,
        workspaces=[
            NetworkWorkspace(
                workspace_id=ws_id,
                name=name,
                scores=[
                    _score_point(label, score)
                    for label, score in sorted(by_ws.get(ws_id, []), key=lambda r: order(r[0]))
                ],
            )
            for ws_id, name in workspaces
        ],
    )
