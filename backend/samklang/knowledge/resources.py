"""Resources. No HTTP, no commit.

Resources follow the four visibility levels, with the project team (workspace None) or a
workspace as owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.core.db import utcnow
from samklang.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from samklang.core.markdown import render
from samklang.core.pagination import Page, before, encode_cursor, time_cursor
from samklang.files import service as files_service
from samklang.files.models import StoredFile
from samklang.files.schemas import FileOut
from samklang.knowledge.models import Language, Resource, ResourceKind, ResourceTag
from samklang.knowledge.schemas import ResourceCreate, ResourceOut, ResourceUpdate
from samklang.knowledge.service import _excerpt, _invalid, _workspace_names
from samklang.network import service as network_service
from samklang.sharing import feed

# Resources


def _can_edit_resource(reader: Reader, resource: Resource) -> bool:
    if resource.workspace_id is None:
        return reader.is_admin
    return reader.can_write(resource.workspace_id)


def _can_read_resource(reader: Reader, resource: Resource) -> bool:
    if resource.workspace_id is None:
        return reader.is_admin or Visibility(resource.visibility) in reader.levels()
    return reader.can_read(resource.workspace_id, resource.visibility)


async def _resources_out(
    session: AsyncSession, reader: Reader, resources: Sequence[Resource]
) -> list[ResourceOut]:
    """Two queries however many resources: their files and their workspaces' names."""
    file_ids = [r.file_id for r in resources if r.file_id]
    files: dict[str, StoredFile] = {}
    if file_ids:
        files = {
            f.id: f
            for f in await session.scalars(select(StoredFile).where(StoredFile.id.in_(file_ids)))
        }
    workspaces = await _workspace_names(session, [r.workspace_id for r in resources])
    out = []
    for r in resources:
        stored = files.get(r.file_id or "")
        out.append(
            ResourceOut(
                id=r.id,
                kind=ResourceKind(r.kind),
                title=r.title,
                description=r.description,
                description_html=r.description_html,
                tags=list(r.tags),
                language=Language(r.language),
                url=r.url,
                file=FileOut(**files_service.file_out(stored)) if stored else None,
                download_url=f"/api/v1/resources/{r.id}/download",
                owner=r.workspace_id or "project",
                workspace_id=r.workspace_id,
                workspace_name=workspaces.get(r.workspace_id or ""),
                visibility=Visibility(r.visibility),
                download_count=r.download_count,
                can_edit=_can_edit_resource(reader, r),
                version=r.version,
                created_at=r.created_at,
                updated_at=r.updated_at,
            )
        )
    return out


async def list_resources(
    session: AsyncSession,
    reader: Reader,
    *,
    kind: str | None,
    tag: str | None,
    language: str | None,
    owner: str | None,
    sort: str,
    limit: int,
    after: list[Any] | None,
) -> Page[ResourceOut]:
    query = select(Resource).where(reader.filter(Resource.workspace_id, Resource.visibility))
    if kind:
        query = query.where(Resource.kind == kind)
    if language:
        query = query.where(Resource.language == language)
    if tag:
        query = query.where(
            exists().where(ResourceTag.resource_id == Resource.id, ResourceTag.tag == tag.lower())
        )
    if owner == "project":
        query = query.where(Resource.workspace_id.is_(None))
    elif owner:
        query = query.where(Resource.workspace_id == owner)
    if sort == "most_used":
        if after:
            try:
                count, last_id = int(after[0]), str(after[1])
            except (ValueError, IndexError, TypeError) as exc:
                raise _invalid("cursor", "Invalid cursor") from exc
            query = query.where(before((Resource.download_count, Resource.id), (count, last_id)))
        query = query.order_by(Resource.download_count.desc(), Resource.id.desc())
    else:
        cursor = time_cursor(after)
        if cursor:
            query = query.where(before((Resource.created_at, Resource.id), cursor))
        query = query.order_by(Resource.created_at.desc(), Resource.id.desc())
    rows = list(await session.scalars(query.limit(limit + 1)))
    page, more = rows[:limit], len(rows) > limit
    next_cursor = None
    if more:
        last = page[-1]
        next_cursor = encode_cursor(
            [last.download_count, last.id]
            if sort == "most_used"
            else [last.created_at.isoformat(), last.id]
        )
    return Page[ResourceOut](
        items=await _resources_out(session, reader, page), next_cursor=next_cursor
    )


async def _readable_resource(session: AsyncSession, reader: Reader, resource_id: str) -> Resource:
    resource = await session.get(Resource, resource_id)
    if resource is None or not _can_read_resource(reader, resource):
        raise NotFound("No such resource")
    return resource


async def get_resource(session: AsyncSession, reader: Reader, resource_id: str) -> ResourceOut:
    resource = await _readable_resource(session, reader, resource_id)
    return (await _resources_out(session, reader, [resource]))[0]


def _set_tags(session: AsyncSession, resource: Resource, tags: Sequence[str]) -> None:
    unique = list(dict.fromkeys(t for t in tags if t))
    resource.tags = unique
    for tag in unique:
        session.add(ResourceTag(resource_id=resource.id, tag=tag))


async def _share(session: AsyncSession, resource: Resource, author_id: str | None) -> None:
    """The feed contract: called on every create and change; below `network` the sharing
    domain takes the item out of the feed."""
    await feed.publish(
        session,
        kind="resource",
        source_type="resource",
        source_id=resource.id,
        workspace_id=resource.workspace_id,
        visibility=resource.visibility,
        title=resource.title,
        excerpt=_excerpt(resource.description),
        author_id=author_id,
        topics=list(resource.tags),
        url=f"/resources/{resource.id}",
    )


async def create_resource(
    session: AsyncSession, reader: Reader, data: ResourceCreate
) -> ResourceOut:
    assert reader.user is not None
    if data.workspace_id is None:
        if not reader.is_admin:
            raise Forbidden("Only the project team adds project resources")
        default = Visibility.network
    else:
        workspace = await network_service.get_workspace(session, data.workspace_id)
        if not reader.can_write(workspace.id):
            raise Forbidden("Only the workspace's members add its resources")
        if workspace.status == "withdrawn" and not reader.is_admin:
            raise Forbidden("The workspace has withdrawn; its content is read-only")
        default = Visibility.workspace
    if (data.url is None) == (data.file_id is None):
        raise ValidationFailed(
            "A resource is a file or an address, exactly one of them",
            errors=[
                FieldError(field="url", message="Give a file or an address"),
                FieldError(field="file_id", message="Give a file or an address"),
            ],
        )
    resource = Resource(
        kind=data.kind.value,
        title=data.title,
        description=data.description,
        description_html=render(data.description),
        tags=[],
        language=data.language.value,
        url=str(data.url) if data.url else None,
        file_id=None,
        workspace_id=data.workspace_id,
        visibility=(data.visibility or default).value,
        download_count=0,
        created_by_id=reader.user.id,
        version=1,
    )
    session.add(resource)
    await session.flush()
    _set_tags(session, resource, data.tags)
    if data.file_id:
        await files_service.attach(session, reader.user, [data.file_id], "resource", resource.id)
        resource.file_id = data.file_id
    await session.flush()
    await _share(session, resource, reader.user.id)
    return (await _resources_out(session, reader, [resource]))[0]


async def _editable_resource(session: AsyncSession, reader: Reader, resource_id: str) -> Resource:
    resource = await _readable_resource(session, reader, resource_id)
    if not _can_edit_resource(reader, resource):
        raise Forbidden("Only the owner edits this resource")
    return resource


async def _detach(session: AsyncSession, file_id: str | None) -> None:
    if file_id:
        await session.execute(
            update(StoredFile)
            .where(StoredFile.id == file_id)
            .values(attached_type=None, attached_id=None)
        )


async def update_resource(
    session: AsyncSession, reader: Reader, resource_id: str, data: ResourceUpdate
) -> ResourceOut:
    resource = await _editable_resource(session, reader, resource_id)
    assert reader.user is not None
    if data.version is not None and data.version != resource.version:
        raise Conflict("Someone else saved a newer version; reload and save again")
    fields = data.model_fields_set
    if "url" in fields and "file_id" in fields and data.url and data.file_id:
        raise _invalid("url", "Give a file or an address, not both")
    if data.file_id and data.file_id != resource.file_id:
        await files_service.attach(session, reader.user, [data.file_id], "resource", resource.id)
        await _detach(session, resource.file_id)
        resource.file_id, resource.url = data.file_id, None
    elif data.url is not None:
        await _detach(session, resource.file_id)
        resource.url, resource.file_id = str(data.url), None
    if data.title is not None:
        resource.title = data.title
    if data.description is not None:
        resource.description = data.description
        resource.description_html = render(data.description)
    for name in ("kind", "language", "visibility"):
        value = getattr(data, name)
        if value is not None:
            setattr(resource, name, value.value)
    if data.tags is not None:
        await session.execute(delete(ResourceTag).where(ResourceTag.resource_id == resource.id))
        _set_tags(session, resource, data.tags)
    resource.version += 1
    resource.updated_at = utcnow()
    await session.flush()
    await _share(session, resource, reader.user.id)
    return (await _resources_out(session, reader, [resource]))[0]


async def delete_resource(session: AsyncSession, reader: Reader, resource_id: str) -> None:
    resource = await _editable_resource(session, reader, resource_id)
    await _detach(session, resource.file_id)
    await record(
        session,
        "resource.deleted",
        actor=reader.user,
        target_type="resource",
        target_id=resource.id,
        workspace_id=resource.workspace_id,
        details={"title": resource.title},
    )
    await session.delete(resource)
    await session.flush()
    await feed.withdraw(session, source_type="resource", source_id=resource_id)


async def download(
    session: AsyncSession, reader: Reader, resource_id: str
) -> tuple[Resource, StoredFile | None]:
    """Count one use of a resource the caller may read; its file, or None for a link."""
    resource = await _readable_resource(session, reader, resource_id)
    stored = await session.get(StoredFile, resource.file_id) if resource.file_id else None
    if stored is None and not resource.url:
        raise NotFound("The resource has no file")
    await session.execute(
        update(Resource)
        .where(Resource.id == resource.id)
        .values(download_count=Resource.download_count + 1)
        .execution_options(synchronize_session=False)
    )
    return resource, stored
