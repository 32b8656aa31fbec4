"""Endpoints of the knowledge domain under /api/v1 (API.md, Knowledge).

Questions are read by signed-in users; the FAQ, public resources and public search hits
are readable signed out; the project team answers, merges, assigns and curates."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import RedirectResponse, StreamingResponse

from samklang.access.deps import AdminReader, ReaderDep, SignedInReader
from samklang.auth.permissions import OptionalUser, RequireAdmin
from samklang.core.deps import SessionDep, SettingsDep
from samklang.core.errors import PROBLEM_JSON, Problem
from samklang.core.pagination import PageDep
from samklang.knowledge import service
from samklang.knowledge.models import Language, QuestionStatus, ResourceKind
from samklang.knowledge.schemas import (
    AssigneeIn,
    CollectionCreate,
    CollectionOut,
    CollectionSummary,
    CollectionUpdate,
    Faq,
    MergeIn,
    QuestionAnswerIn,
    QuestionCreate,
    QuestionOut,
    QuestionSummary,
    ResourceCreate,
    ResourceOut,
    ResourceUpdate,
    SearchPage,
    SearchType,
    SimilarQuestion,
    TopicCreate,
    TopicOut,
    TopicUpdate,
)
from samklang.network.schemas import Page

router = APIRouter(tags=["knowledge"])
CONFLICT: dict[int | str, dict[str, object]] = {
    409: {"model": Problem, "content": {PROBLEM_JSON: {}}}
}
Q = Annotated[str, Query(min_length=1, max_length=200)]


# Topics


@router.get("/topics", response_model=list[TopicOut])
async def list_topics(session: SessionDep) -> list[TopicOut]:
    """The topics the project team keeps, in their order."""
    return await service.list_topics(session)


@router.post("/topics", response_model=TopicOut, status_code=status.HTTP_201_CREATED)
async def create_topic(data: TopicCreate, _: RequireAdmin, session: SessionDep) -> TopicOut:
    return await service.create_topic(session, data)


@router.patch("/topics/{topic_id}", response_model=TopicOut)
async def update_topic(
    topic_id: str, data: TopicUpdate, _: RequireAdmin, session: SessionDep
) -> TopicOut:
    return await service.update_topic(session, topic_id, data)


# Questions


@router.get("/questions", response_model=Page[QuestionSummary])
async def list_questions(
    reader: SignedInReader,
    session: SessionDep,
    page: PageDep,
    mine: bool = False,
    status: Literal["open", "answered"] | None = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[QuestionSummary]:
    """Questions, newest first (merged ones are left out). `mine=true`: the caller's own
    (asked or voted for). `q` searches title and text."""
    return await service.list_questions(
        session,
        reader,
        mine=mine,
        status=status,
        topic=topic,
        q=q,
        limit=page.limit,
        after=page.after,
    )


@router.post("/questions", response_model=QuestionOut, status_code=status.HTTP_201_CREATED)
async def ask(data: QuestionCreate, reader: SignedInReader, session: SessionDep) -> QuestionOut:
    return await service.ask(session, reader, data)


@router.get("/questions/similar", response_model=list[SimilarQuestion])
async def similar_questions(
    q: Q, reader: SignedInReader, session: SessionDep
) -> list[SimilarQuestion]:
    """Up to five existing questions like the one being typed (title weighs most)."""
    return await service.similar(session, reader, q)


@router.get("/questions/queue", response_model=list[QuestionSummary])
async def queue(reader: AdminReader, session: SessionDep) -> list[QuestionSummary]:
    """The project team's queue: open questions, most votes first, then oldest."""
    return await service.queue(session, reader)


@router.get("/questions/{question_id}", response_model=QuestionOut)
async def get_question(
    question_id: str, reader: SignedInReader, session: SessionDep
) -> QuestionOut:
    """A merged question has status `merged` and `merged_into_id` saying where it went."""
    return await service.get_question(session, reader, question_id)


@router.post("/questions/{question_id}/votes", response_model=QuestionOut)
async def vote(question_id: str, reader: SignedInReader, session: SessionDep) -> QuestionOut:
    """'I wonder too' (once per person; voting again changes nothing)."""
    return await service.vote(session, reader, question_id, on=True)


@router.delete("/questions/{question_id}/votes", response_model=QuestionOut)
async def unvote(question_id: str, reader: SignedInReader, session: SessionDep) -> QuestionOut:
    return await service.vote(session, reader, question_id, on=False)


@router.post("/questions/{question_id}/merge", response_model=QuestionOut)
async def merge(
    question_id: str, data: MergeIn, reader: AdminReader, session: SessionDep
) -> QuestionOut:
    """Merge this question into `into_id`: its asker and voters become voters there (each
    person once); it gets status `merged`. Returns the surviving question."""
    return await service.merge(session, reader, question_id, data.into_id)


@router.put("/questions/{question_id}/assignee", response_model=QuestionOut)
async def assign(
    question_id: str, data: AssigneeIn, reader: AdminReader, session: SessionDep
) -> QuestionOut:
    """Assign to a member of the project team (`null` to unassign)."""
    return await service.assign(session, reader, question_id, data.user_id)


@router.put("/questions/{question_id}/answer", response_model=QuestionOut, responses=CONFLICT)
async def answer(
    question_id: str, data: QuestionAnswerIn, reader: AdminReader, session: SessionDep
) -> QuestionOut:
    """Save the written answer. `publish=false` keeps it a draft only the project team sees
    (and takes a published answer back); `publish=true` publishes it to the FAQ, tells the
    askers and voters, and shares it to the feed (`public` makes it readable signed out)."""
    return await service.answer(session, reader, question_id, data)


# FAQ


@router.get("/faq", response_model=Faq)
async def faq(user: OptionalUser, session: SessionDep) -> Faq:
    """Published answers by topic: all for a signed-in user, the public ones otherwise."""
    return await service.faq(session, signed_in=user is not None)


# Resources


@router.get("/resources", response_model=Page[ResourceOut])
async def list_resources(
    reader: ReaderDep,
    session: SessionDep,
    page: PageDep,
    kind: ResourceKind | None = None,
    tag: Annotated[str | None, Query(max_length=60)] = None,
    language: Language | None = None,
    owner: Annotated[
        str | None, Query(max_length=36, description="'project' or a workspace id")
    ] = None,
    sort: Literal["newest", "most_used"] = "newest",
) -> Page[ResourceOut]:
    return await service.list_resources(
        session,
        reader,
        kind=kind.value if kind else None,
        tag=tag,
        language=language.value if language else None,
        owner=owner,
        sort=sort,
        limit=page.limit,
        after=page.after,
    )


@router.post("/resources", response_model=ResourceOut, status_code=status.HTTP_201_CREATED)
async def create_resource(
    data: ResourceCreate, reader: SignedInReader, session: SessionDep
) -> ResourceOut:
    """A file (uploaded first with POST /files) or an address, exactly one of them. Without
    `workspace_id` it is the project team's own."""
    return await service.create_resource(session, reader, data)


@router.get("/resources/{resource_id}", response_model=ResourceOut)
async def get_resource(resource_id: str, reader: ReaderDep, session: SessionDep) -> ResourceOut:
    return await service.get_resource(session, reader, resource_id)


@router.patch("/resources/{resource_id}", response_model=ResourceOut, responses=CONFLICT)
async def update_resource(
    resource_id: str, data: ResourceUpdate, reader: SignedInReader, session: SessionDep
) -> ResourceOut:
    return await service.update_resource(session, reader, resource_id, data)


@router.delete("/resources/{resource_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_resource(
    resource_id: str, reader: SignedInReader, session: SessionDep
) -> Response:
    await service.delete_resource(session, reader, resource_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/resources/{resource_id}/download",
    response_class=StreamingResponse,
    responses={307: {"description": "A link resource: redirect to its address"}},
)
async def download_resource(
    resource_id: str, reader: ReaderDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Counts one use, then sends the file (or redirects to the address)."""
    resource, stored = await service.download(session, reader, resource_id)
    if stored is None:
        return RedirectResponse(resource.url or "/", status_code=status.HTTP_307_TEMPORARY_REDIRECT)
    from samklang.files import service as files_service

    return StreamingResponse(
        files_service.storage_for(settings).stream(stored.storage_key),
        media_type=stored.content_type,
        headers={
            "Content-Disposition": files_service.content_disposition(stored.name),
            "Content-Length": str(stored.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


# Collections


@router.get("/collections", response_model=list[CollectionSummary])
async def list_collections(
    reader: ReaderDep,
    session: SessionDep,
    gathering_id: Annotated[str | None, Query(max_length=36)] = None,
) -> list[CollectionSummary]:
    return await service.list_collections(session, reader, gathering_id=gathering_id)


@router.post("/collections", response_model=CollectionOut, status_code=status.HTTP_201_CREATED)
async def create_collection(
    data: CollectionCreate, reader: AdminReader, session: SessionDep
) -> CollectionOut:
    return await service.create_collection(session, reader, data)


@router.get("/collections/{collection_id}", response_model=CollectionOut)
async def get_collection(
    collection_id: str, reader: ReaderDep, session: SessionDep
) -> CollectionOut:
    """The collection with only the resources the caller may read."""
    return await service.get_collection(session, reader, collection_id)


@router.patch("/collections/{collection_id}", response_model=CollectionOut, responses=CONFLICT)
async def update_collection(
    collection_id: str, data: CollectionUpdate, reader: AdminReader, session: SessionDep
) -> CollectionOut:
    return await service.update_collection(session, reader, collection_id, data)


@router.delete("/collections/{collection_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_collection(
    collection_id: str, admin: RequireAdmin, session: SessionDep
) -> Response:
    await service.delete_collection(session, admin, collection_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Search


@router.get("/search", response_model=SearchPage)
async def search(
    q: Q,
    reader: ReaderDep,
    session: SessionDep,
    type: SearchType | None = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> SearchPage:
    """Questions and answers, resources, cycles, entries, gatherings and workspaces the
    caller may read, best match first, with highlighted snippets."""
    return await service.search(session, reader, q, type=type, limit=limit, cursor=cursor)


__all__ = ["router", "QuestionStatus"]
