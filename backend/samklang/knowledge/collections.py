"""Collections of resources, in sections. No HTTP, no commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.audit.service import record
from samklang.auth.models import User
from samklang.core.db import utcnow
from samklang.core.errors import Conflict, NotFound
from samklang.core.markdown import render
from samklang.gatherings.models import Gathering
from samklang.knowledge.models import Collection, CollectionItem, CollectionKind, Resource, Section
from samklang.knowledge.resources import _resources_out
from samklang.knowledge.schemas import (
    CollectionCreate,
    CollectionOut,
    CollectionSummary,
    CollectionUpdate,
    ResourceOut,
    SectionIn,
    SectionOut,
)
from samklang.knowledge.service import _invalid

SECTIONS = {
    CollectionKind.gathering_materials.value: [Section.materials],
    CollectionKind.theme_package.value: [
        Section.run_sheet,
        Section.preparation,
        Section.reflection,
    ],
}


# Collections


def _collection_readable(reader: Reader) -> ColumnElement[bool]:
    if reader.is_admin:
        return Collection.id.is_not(None)
    return Collection.visibility.in_([v.value for v in reader.levels()])


async def _collection(session: AsyncSession, reader: Reader, collection_id: str) -> Collection:
    collection = await session.get(Collection, collection_id)
    if collection is None or not (
        reader.is_admin or Visibility(collection.visibility) in reader.levels()
    ):
        raise NotFound("No such collection")
    return collection


async def list_collections(
    session: AsyncSession, reader: Reader, *, gathering_id: str | None
) -> list[CollectionSummary]:
    query = select(Collection).where(_collection_readable(reader))
    if gathering_id:
        query = query.where(Collection.gathering_id == gathering_id)
    collections = list(await session.scalars(query.order_by(Collection.created_at.desc())))
    counts: dict[str, int] = {}
    if collections:
        rows = await session.execute(
            select(CollectionItem.collection_id, func.count())
            .join(Resource, Resource.id == CollectionItem.resource_id)
            .where(
                CollectionItem.collection_id.in_([c.id for c in collections]),
                reader.filter(Resource.workspace_id, Resource.visibility),
            )
            .group_by(CollectionItem.collection_id)
        )
        counts = {r[0]: int(r[1]) for r in rows}
    return [
        CollectionSummary(
            id=c.id,
            title=c.title,
            kind=CollectionKind(c.kind),
            gathering_id=c.gathering_id,
            visibility=Visibility(c.visibility),
            resource_count=counts.get(c.id, 0),
            created_at=c.created_at,
        )
        for c in collections
    ]


async def collection_out(
    session: AsyncSession, reader: Reader, collection: Collection
) -> CollectionOut:
    rows = list(
        await session.execute(
            select(CollectionItem.section, Resource)
            .join(Resource, Resource.id == CollectionItem.resource_id)
            .where(
                CollectionItem.collection_id == collection.id,
                reader.filter(Resource.workspace_id, Resource.visibility),
            )
            .order_by(CollectionItem.position, Resource.id)
        )
    )
    resources = await _resources_out(session, reader, [r[1] for r in rows])
    by_section: dict[str, list[ResourceOut]] = {}
    for (section, _), out in zip(rows, resources, strict=True):
        by_section.setdefault(section, []).append(out)
    texts = dict(collection.section_texts or {})
    sections = [
        SectionOut(
            key=key,
            body=str(texts.get(key.value, "")),
            body_html=render(str(texts.get(key.value, ""))),
            resources=by_section.get(key.value, []),
        )
        for key in SECTIONS[collection.kind]
    ]
    return CollectionOut(
        id=collection.id,
        title=collection.title,
        description=collection.description,
        description_html=render(collection.description),
        kind=CollectionKind(collection.kind),
        gathering_id=collection.gathering_id,
        visibility=Visibility(collection.visibility),
        sections=sections,
        version=collection.version,
        created_at=collection.created_at,
        updated_at=collection.updated_at,
    )


async def get_collection(
    session: AsyncSession, reader: Reader, collection_id: str
) -> CollectionOut:
    return await collection_out(session, reader, await _collection(session, reader, collection_id))


async def _check_gathering(session: AsyncSession, kind: str, gathering_id: str | None) -> None:
    if kind == CollectionKind.gathering_materials.value:
        if not gathering_id:
            raise _invalid("gathering_id", "A gathering's materials name the gathering")
        if await session.get(Gathering, gathering_id) is None:
            raise _invalid("gathering_id", "No such gathering")
    elif gathering_id and await session.get(Gathering, gathering_id) is None:
        raise _invalid("gathering_id", "No such gathering")


async def _set_sections(
    session: AsyncSession, collection: Collection, sections: Sequence[SectionIn]
) -> None:
    allowed = SECTIONS[collection.kind]
    ids: list[str] = []
    for s in sections:
        if s.key not in allowed:
            raise _invalid("sections", f"No section {s.key.value} in a {collection.kind}")
        ids.extend(s.resource_ids)
    if len(ids) != len(set(ids)):
        raise _invalid("sections", "A resource appears once in a collection")
    if ids:
        found = set(await session.scalars(select(Resource.id).where(Resource.id.in_(ids))))
        if set(ids) - found:
            raise _invalid("sections", "Unknown resource")
    await session.execute(
        delete(CollectionItem).where(CollectionItem.collection_id == collection.id)
    )
    position = 0
    for s in sections:
        for resource_id in s.resource_ids:
            session.add(
                CollectionItem(
                    collection_id=collection.id,
                    resource_id=resource_id,
                    section=s.key.value,
                    position=position,
                )
            )
            position += 1
    collection.section_texts = {s.key.value: s.body for s in sections if s.body}


async def create_collection(
    session: AsyncSession, reader: Reader, data: CollectionCreate
) -> CollectionOut:
    await _check_gathering(session, data.kind.value, data.gathering_id)
    collection = Collection(
        title=data.title,
        description=data.description,
        kind=data.kind.value,
        gathering_id=data.gathering_id,
        section_texts={},
        visibility=data.visibility.value,
        version=1,
    )
    session.add(collection)
    await session.flush()
    await _set_sections(session, collection, data.sections)
    await session.flush()
    return await collection_out(session, reader, collection)


async def update_collection(
    session: AsyncSession, reader: Reader, collection_id: str, data: CollectionUpdate
) -> CollectionOut:
    collection = await _collection(session, reader, collection_id)
    if data.version is not None and data.version != collection.version:
        raise Conflict("Someone else saved a newer version; reload and save again")
    if data.title is not None:
        collection.title = data.title
    if data.description is not None:
        collection.description = data.description
    if data.visibility is not None:
        collection.visibility = data.visibility.value
    if "gathering_id" in data.model_fields_set:
        await _check_gathering(session, collection.kind, data.gathering_id)
        collection.gathering_id = data.gathering_id
    if data.sections is not None:
        await _set_sections(session, collection, data.sections)
    collection.version += 1
    collection.updated_at = utcnow()
    await session.flush()
    return await collection_out(session, reader, collection)


async def delete_collection(session: AsyncSession, actor: User, collection_id: str) -> None:
    collection = await session.get(Collection, collection_id)
    if collection is None:
        raise NotFound("No such collection")
    await record(
        session,
        "collection.deleted",
        actor=actor,
        target_type="collection",
        target_id=collection.id,
        details={"title": collection.title},
    )
    await session.delete(collection)
    await session.flush()
