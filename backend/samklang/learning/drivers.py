"""The driver diagram of a workspace's development project: the aim (what, for whom and by
when from the project, plus how much), primary drivers, secondary drivers and change ideas
as a tree. Drivers and the aim link to measures; change ideas link to the cycles that test
them, and a cycle can be started from a change idea.

The diagram is read as the project is (the project's visibility) and written by those who
write the workspace's learning content; every node carries its own version."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from samklang.access.reader import Reader
from samklang.auth.permissions import CurrentUser, OptionalUser
from samklang.core.db import Base, IdMixin, TimestampMixin, utcnow
from samklang.core.deps import SessionDep
from samklang.core.errors import FieldError, NotFound, ValidationFailed
from samklang.learning import cycles, service
from samklang.learning import repository as repo
from samklang.learning.models import Cycle, Measure
from samklang.learning.schemas import CycleCreate, CycleOut
from samklang.network import service as network_service

# -- tables -------------------------------------------------------------------------------


class NodeKind(StrEnum):
    primary = "primary"  # parent: the aim (no parent node)
    secondary = "secondary"  # parent: a primary driver
    change_idea = "change_idea"  # parent: a secondary driver


PARENT_KIND: dict[NodeKind, NodeKind | None] = {
    NodeKind.primary: None,
    NodeKind.secondary: NodeKind.primary,
    NodeKind.change_idea: NodeKind.secondary,
}


class DriverAim(TimestampMixin, Base):
    """What the project's aim adds in the diagram: how much, and its measures."""

    __tablename__ = "driver_aims"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    how_much: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class DriverNode(IdMixin, TimestampMixin, Base):
    __tablename__ = "driver_nodes"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("driver_nodes.id", ondelete="CASCADE"), default=None, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class DriverMeasure(IdMixin, Base):
    """A measure of a driver, or of the aim (no node)."""

    __tablename__ = "driver_measures"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    node_id: Mapped[str | None] = mapped_column(
        ForeignKey("driver_nodes.id", ondelete="CASCADE"), default=None, index=True
    )
    measure_id: Mapped[str] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )


class DriverCycle(Base):
    __tablename__ = "driver_cycles"

    node_id: Mapped[str] = mapped_column(
        ForeignKey("driver_nodes.id", ondelete="CASCADE"), primary_key=True
    )
    cycle_id: Mapped[str] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


AIM = "aim"  # the key of the aim's measures in the diagram's answer

# -- schemas ------------------------------------------------------------------------------

NodeTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Ids = Annotated[list[str], Field(max_length=20)]


class NodeCreate(BaseModel):
    kind: NodeKind
    title: NodeTitle
    parent_id: str | None = None
    measure_ids: Ids = []


class NodeUpdate(BaseModel):
    """Rename, move (a new parent of the right kind and/or position), or relink."""

    title: NodeTitle | None = None
    parent_id: str | None = None
    position: int | None = Field(default=None, ge=0, le=10_000)
    measure_ids: Ids | None = None
    cycle_ids: Ids | None = None
    version: int


class AimIn(BaseModel):
    how_much: Annotated[str, StringConstraints(max_length=2000)] = ""
    measure_ids: Ids = []
    version: int = 0


class NodeOut(BaseModel):
    id: str
    parent_id: str | None
    kind: NodeKind
    title: str
    position: int
    measure_ids: list[str]
    cycle_ids: list[str]
    version: int


class AimOut(BaseModel):
    what: str
    for_whom: str
    by_when: str | None
    how_much: str
    measure_ids: list[str]
    version: int


class DiagramOut(BaseModel):
    workspace_id: str
    aim: AimOut
    nodes: list[NodeOut]  # depth first, each level by position
    can_edit: bool


class CycleFromIdea(BaseModel):
    title: NodeTitle | None = None


# -- rules --------------------------------------------------------------------------------


async def _read_level(session: AsyncSession, workspace_id: str) -> str:
    project = await repo.project(session, workspace_id)
    return project.visibility if project else "workspace"


async def get_diagram(session: AsyncSession, reader: Reader, workspace_id: str) -> DiagramOut:
    workspace = await network_service.get_workspace(session, workspace_id)
    service._require_read(reader, workspace.id, await _read_level(session, workspace.id), "project")
    project = await repo.project(session, workspace.id)
    aim = await session.get(DriverAim, workspace.id)
    nodes = list(
        await session.scalars(
            select(DriverNode)
            .where(DriverNode.workspace_id == workspace.id)
            .order_by(DriverNode.position, DriverNode.created_at, DriverNode.id)
        )
    )
    readable_measures = set(
        await session.scalars(
            select(Measure.id).where(
                Measure.workspace_id == workspace.id,
                reader.filter(Measure.workspace_id, Measure.visibility),
            )
        )
    )
    readable_cycles = set(
        await session.scalars(
            select(Cycle.id).where(
                Cycle.workspace_id == workspace.id,
                reader.filter(Cycle.workspace_id, Cycle.visibility),
            )
        )
    )
    measures: dict[str, list[str]] = {}
    for node_id, measure_id in await session.execute(
        select(DriverMeasure.node_id, DriverMeasure.measure_id).where(
            DriverMeasure.workspace_id == workspace.id
        )
    ):
        if measure_id in readable_measures:
            measures.setdefault(node_id or AIM, []).append(measure_id)
    cycles: dict[str, list[str]] = {}
    ids = [n.id for n in nodes]
    if ids:
        for node_id, cycle_id in await session.execute(
            select(DriverCycle.node_id, DriverCycle.cycle_id).where(DriverCycle.node_id.in_(ids))
        ):
            if cycle_id in readable_cycles:
                cycles.setdefault(node_id, []).append(cycle_id)
    children: dict[str | None, list[DriverNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    ordered: list[NodeOut] = []

    def walk(parent: str | None) -> None:
        for n in children.get(parent, []):
            ordered.append(
                NodeOut(
                    id=n.id,
                    parent_id=n.parent_id,
                    kind=NodeKind(n.kind),
                    title=n.title,
                    position=n.position,
                    measure_ids=sorted(measures.get(n.id, [])),
                    cycle_ids=sorted(cycles.get(n.id, [])),
                    version=n.version,
                )
            )
            walk(n.id)

    walk(None)
    return DiagramOut(
        workspace_id=workspace.id,
        aim=AimOut(
            what=project.aim_what if project else "",
            for_whom=project.aim_for_whom if project else "",
            by_when=project.aim_by_when.isoformat() if project and project.aim_by_when else None,
            how_much=aim.how_much if aim else "",
            measure_ids=sorted(measures.get(AIM, [])),
            version=aim.version if aim else 0,
        ),
        nodes=ordered,
        can_edit=service._writable(reader, workspace),
    )


async def outline(
    session: AsyncSession, workspace_id: str
) -> tuple[str, list[tuple[str, str, int]]]:
    """The aim's how-much and the tree as (kind, title, depth) in reading order, for reports
    (which show the diagram exactly when they show the project's aim)."""
    aim = await session.get(DriverAim, workspace_id)
    nodes = list(
        await session.scalars(
            select(DriverNode)
            .where(DriverNode.workspace_id == workspace_id)
            .order_by(DriverNode.position, DriverNode.created_at, DriverNode.id)
        )
    )
    children: dict[str | None, list[DriverNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    found: list[tuple[str, str, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for n in children.get(parent, []):
            found.append((n.kind, n.title, depth))
            walk(n.id, depth + 1)

    walk(None, 0)
    return (aim.how_much if aim else ""), found


async def _set_measures(
    session: AsyncSession, workspace_id: str, node_id: str | None, measure_ids: list[str]
) -> None:
    wanted = list(dict.fromkeys(measure_ids))
    found = await repo.measures_in(session, workspace_id, wanted)
    if len(found) != len(wanted):
        raise ValidationFailed(
            "Invalid request",
            errors=[FieldError(field="measure_ids", message="Not a measure of this workspace")],
        )
    await session.execute(
        delete(DriverMeasure).where(
            DriverMeasure.workspace_id == workspace_id,
            DriverMeasure.node_id.is_(None)
            if node_id is None
            else DriverMeasure.node_id == node_id,
        )
    )
    for measure_id in wanted:
        session.add(
            DriverMeasure(workspace_id=workspace_id, node_id=node_id, measure_id=measure_id)
        )


async def _set_cycles(
    session: AsyncSession, workspace_id: str, node: DriverNode, cycle_ids: list[str]
) -> None:
    wanted = list(dict.fromkeys(cycle_ids))
    if wanted and node.kind != NodeKind.change_idea:
        raise ValidationFailed(
            "Invalid request",
            errors=[FieldError(field="cycle_ids", message="Only a change idea links to cycles")],
        )
    found = set(
        await session.scalars(
            select(Cycle.id).where(Cycle.workspace_id == workspace_id, Cycle.id.in_(wanted))
        )
    )
    if len(found) != len(wanted):
        raise ValidationFailed(
            "Invalid request",
            errors=[FieldError(field="cycle_ids", message="Not a cycle of this workspace")],
        )
    await session.execute(delete(DriverCycle).where(DriverCycle.node_id == node.id))
    for cycle_id in wanted:
        session.add(DriverCycle(node_id=node.id, cycle_id=cycle_id))


async def _check_parent(
    session: AsyncSession, workspace_id: str, kind: NodeKind, parent_id: str | None
) -> None:
    want = PARENT_KIND[kind]
    if want is None:
        if parent_id is not None:
            raise ValidationFailed(
                "Invalid request",
                errors=[FieldError(field="parent_id", message="A primary driver hangs on the aim")],
            )
        return
    parent = await session.get(DriverNode, parent_id) if parent_id else None
    if parent is None or parent.workspace_id != workspace_id or parent.kind != want:
        raise ValidationFailed(
            "Invalid request",
            errors=[
                FieldError(field="parent_id", message=f"The parent must be a {want.value} driver")
            ],
        )


async def create_node(
    session: AsyncSession, reader: Reader, workspace_id: str, data: NodeCreate
) -> DiagramOut:
    workspace = await service._workspace_to_write(session, reader, workspace_id)
    await _check_parent(session, workspace.id, data.kind, data.parent_id)
    siblings = list(
        await session.scalars(
            select(DriverNode.position).where(
                DriverNode.workspace_id == workspace.id,
                DriverNode.parent_id.is_(None)
                if data.parent_id is None
                else DriverNode.parent_id == data.parent_id,
            )
        )
    )
    node = DriverNode(
        workspace_id=workspace.id,
        parent_id=data.parent_id,
        kind=data.kind.value,
        title=data.title,
        position=max(siblings, default=-1) + 1,
        version=1,
    )
    session.add(node)
    await session.flush()
    await _set_measures(session, workspace.id, node.id, data.measure_ids)
    await session.flush()
    return await get_diagram(session, reader, workspace.id)


async def _node_to_write(session: AsyncSession, reader: Reader, node_id: str) -> DriverNode:
    node = await session.get(DriverNode, node_id)
    if node is None:
        raise NotFound("No such driver")
    service._require_read(
        reader, node.workspace_id, await _read_level(session, node.workspace_id), "driver"
    )
    await service._workspace_to_write(session, reader, node.workspace_id)
    return node


async def update_node(
    session: AsyncSession, reader: Reader, node_id: str, data: NodeUpdate
) -> DiagramOut:
    node = await _node_to_write(session, reader, node_id)
    ws = node.workspace_id
    if data.version != node.version:
        raise service.StaleVersion(await get_diagram(session, reader, ws))
    fields = data.model_fields_set
    if data.title is not None:
        node.title = data.title
    if "parent_id" in fields:
        await _check_parent(session, ws, NodeKind(node.kind), data.parent_id)
        node.parent_id = data.parent_id
    if data.position is not None:
        node.position = data.position
    if data.measure_ids is not None:
        await _set_measures(session, ws, node.id, data.measure_ids)
    if data.cycle_ids is not None:
        await _set_cycles(session, ws, node, data.cycle_ids)
    node.version += 1
    node.updated_at = utcnow()
    await service._save(session, reader, lambda: get_diagram(session, reader, ws))
    return await get_diagram(session, reader, ws)


async def delete_node(session: AsyncSession, reader: Reader, node_id: str) -> None:
    """Removes the node and everything under it."""
    node = await _node_to_write(session, reader, node_id)
    await session.delete(node)
    await session.flush()


async def put_aim(
    session: AsyncSession, reader: Reader, workspace_id: str, data: AimIn
) -> DiagramOut:
    workspace = await service._workspace_to_write(session, reader, workspace_id)
    aim = await session.get(DriverAim, workspace.id)
    current = aim.version if aim else 0
    if data.version != current:
        raise service.StaleVersion(await get_diagram(session, reader, workspace.id))
    if aim is None:
        aim = DriverAim(workspace_id=workspace.id, version=0)
        session.add(aim)
    aim.how_much = data.how_much
    aim.version += 1
    await _set_measures(session, workspace.id, None, data.measure_ids)
    await service._save(session, reader, lambda: get_diagram(session, reader, workspace.id))
    return await get_diagram(session, reader, workspace.id)


async def start_cycle(
    session: AsyncSession, reader: Reader, node_id: str, data: CycleFromIdea
) -> CycleOut:
    """A new cycle that tests the change idea, linked to it and to its driver's measures."""
    node = await _node_to_write(session, reader, node_id)
    if node.kind != NodeKind.change_idea:
        raise ValidationFailed(
            "Invalid request",
            errors=[FieldError(field="node_id", message="Only a change idea starts a cycle")],
        )
    cycle = await cycles.create_cycle(
        session, reader, node.workspace_id, CycleCreate(title=data.title or node.title)
    )
    session.add(DriverCycle(node_id=node.id, cycle_id=cycle.id))
    await session.flush()
    return cycle


# -- endpoints ----------------------------------------------------------------------------

router = APIRouter(tags=["learning"])


@router.get("/workspaces/{workspace_id}/drivers", response_model=DiagramOut)
async def read_diagram(workspace_id: str, user: OptionalUser, session: SessionDep) -> DiagramOut:
    """The driver diagram: the aim and the tree of drivers and change ideas."""
    return await get_diagram(session, await service.reader(session, user), workspace_id)


@router.put("/workspaces/{workspace_id}/drivers/aim", response_model=DiagramOut)
async def save_aim(
    workspace_id: str, data: AimIn, user: CurrentUser, session: SessionDep
) -> DiagramOut:
    return await put_aim(session, await service.reader(session, user), workspace_id, data)


@router.post(
    "/workspaces/{workspace_id}/drivers",
    response_model=DiagramOut,
    status_code=status.HTTP_201_CREATED,
)
async def add_node(
    workspace_id: str, data: NodeCreate, user: CurrentUser, session: SessionDep
) -> DiagramOut:
    return await create_node(session, await service.reader(session, user), workspace_id, data)


@router.patch("/drivers/{node_id}", response_model=DiagramOut)
async def change_node(
    node_id: str, data: NodeUpdate, user: CurrentUser, session: SessionDep
) -> DiagramOut:
    return await update_node(session, await service.reader(session, user), node_id, data)


@router.delete("/drivers/{node_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_node(node_id: str, user: CurrentUser, session: SessionDep) -> Response:
    await delete_node(session, await service.reader(session, user), node_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/drivers/{node_id}/cycles", response_model=CycleOut, status_code=status.HTTP_201_CREATED
)
async def cycle_from_idea(
    node_id: str, data: CycleFromIdea, user: CurrentUser, session: SessionDep
) -> CycleOut:
    return await start_cycle(session, await service.reader(session, user), node_id, data)
