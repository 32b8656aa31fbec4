"""Every query of the network domain. Lists load their relations with selectinload, so
a list costs the same number of queries however long it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from samklang.auth.models import User
from samklang.core.pagination import before
from samklang.core.text import fold
from samklang.network.models import (
    Application,
    ApplicationMunicipality,
    Cohort,
    Criterion,
    Membership,
    Municipality,
    Organisation,
    Score,
    Workspace,
    WorkspaceMentor,
    WorkspaceMunicipality,
)


def _binary(session: AsyncSession, column: Any) -> Any:
    """Byte-wise ordering (our sort keys are built for it) on both databases."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    return column.collate("C") if dialect == "postgresql" else column


# Municipalities and organisations


async def search_municipalities(
    session: AsyncSession, q: str | None, limit: int | None = 1000
) -> list[Municipality]:
    query = select(Municipality)
    if q and q.strip():
        term = q.strip()
        if term.isdigit():
            query = query.where(Municipality.number.startswith(term))
        else:
            query = query.where(Municipality.search_key.contains(fold(term), autoescape=True))
    return list(await session.scalars(query.limit(limit) if limit is not None else query))


async def municipalities_by_number(
    session: AsyncSession, numbers: Sequence[str]
) -> dict[str, Municipality]:
    if not numbers:
        return {}
    rows = await session.scalars(select(Municipality).where(Municipality.number.in_(numbers)))
    return {m.number: m for m in rows}


async def counties(session: AsyncSession) -> list[tuple[str, str]]:
    rows = await session.execute(
        select(Municipality.county_number, Municipality.county_name)
        .distinct()
        .order_by(Municipality.county_number)
    )
    return [(r[0], r[1]) for r in rows]


async def organisations(session: AsyncSession) -> list[Organisation]:
    return list(await session.scalars(select(Organisation).order_by(Organisation.name)))


# Cohorts


def _cohort_query() -> Select[tuple[Cohort]]:
    return select(Cohort).options(selectinload(Cohort.criteria))


async def list_cohorts(session: AsyncSession) -> list[Cohort]:
    return list(await session.scalars(_cohort_query().order_by(Cohort.starts_on.desc())))


async def get_cohort(session: AsyncSession, cohort_id: str) -> Cohort | None:
    found: Cohort | None = await session.scalar(_cohort_query().where(Cohort.id == cohort_id))
    return found


async def criteria_of(session: AsyncSession, cohort_id: str) -> list[Criterion]:
    return list(
        await session.scalars(
            select(Criterion).where(Criterion.cohort_id == cohort_id).order_by(Criterion.position)
        )
    )


async def criterion_weights(session: AsyncSession, cohort_ids: Sequence[str]) -> dict[str, float]:
    if not cohort_ids:
        return {}
    rows = await session.execute(
        select(Criterion.id, Criterion.weight).where(Criterion.cohort_id.in_(cohort_ids))
    )
    return {r[0]: float(r[1]) for r in rows}


# Workspaces


def _workspace_query() -> Select[tuple[Workspace]]:
    return select(Workspace).options(
        selectinload(Workspace.municipality_links).selectinload(WorkspaceMunicipality.municipality),
        selectinload(Workspace.mentor_links).selectinload(WorkspaceMentor.user),
    )


async def get_workspace(session: AsyncSession, workspace_id: str) -> Workspace | None:
    found: Workspace | None = await session.scalar(
        _workspace_query().where(Workspace.id == workspace_id)
    )
    return found


async def list_workspaces(
    session: AsyncSession,
    *,
    tier: str | None,
    county: str | None,
    status: str | None,
    limit: int,
    after: list[Any] | None,
) -> list[Workspace]:
    sort = _binary(session, Workspace.sort_name)
    query = _workspace_query()
    if tier:
        query = query.where(Workspace.tier == tier)
    if status:
        query = query.where(Workspace.status == status)
    if county:
        query = query.where(
            Workspace.id.in_(
                select(WorkspaceMunicipality.workspace_id)
                .join(Municipality)
                .where(Municipality.county_number == county)
            )
        )
    if after:
        query = query.where(
            or_(sort > after[0], and_(Workspace.sort_name == after[0], Workspace.id > after[1]))
        )
    return list(await session.scalars(query.order_by(sort, Workspace.id).limit(limit + 1)))


async def workspaces_with_details(session: AsyncSession, ids: Sequence[str]) -> list[Workspace]:
    if not ids:
        return []
    return list(await session.scalars(_workspace_query().where(Workspace.id.in_(list(ids)))))


async def workspaces_by_ids(session: AsyncSession, ids: Sequence[str]) -> list[Workspace]:
    if not ids:
        return []
    return list(await session.scalars(select(Workspace).where(Workspace.id.in_(list(ids)))))


async def member_counts(session: AsyncSession, workspace_ids: Sequence[str]) -> dict[str, int]:
    if not workspace_ids:
        return {}
    rows = await session.execute(
        select(Membership.workspace_id, func.count())
        .where(Membership.workspace_id.in_(workspace_ids))
        .group_by(Membership.workspace_id)
    )
    return {r[0]: int(r[1]) for r in rows}


async def memberships_of_user(session: AsyncSession, user_id: str) -> list[Membership]:
    return list(
        await session.scalars(
            select(Membership)
            .where(Membership.user_id == user_id)
            .options(selectinload(Membership.workspace))
            .order_by(Membership.created_at)
        )
    )


async def membership(session: AsyncSession, workspace_id: str, user_id: str) -> Membership | None:
    found: Membership | None = await session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user_id
        )
    )
    return found


async def members(session: AsyncSession, workspace_id: str) -> list[Membership]:
    return list(
        await session.scalars(
            select(Membership)
            .where(Membership.workspace_id == workspace_id)
            .options(selectinload(Membership.user))
        )
    )


async def is_mentor(session: AsyncSession, workspace_id: str, user_id: str) -> bool:
    found = await session.scalar(
        select(WorkspaceMentor.user_id).where(
            WorkspaceMentor.workspace_id == workspace_id, WorkspaceMentor.user_id == user_id
        )
    )
    return found is not None


async def slug_taken(session: AsyncSession, slug: str) -> bool:
    return await session.scalar(select(Workspace.id).where(Workspace.slug == slug)) is not None


async def workspace_with_municipalities(
    session: AsyncSession, numbers: Sequence[str]
) -> Workspace | None:
    """The active workspace whose municipalities are exactly these."""
    wanted = sorted(set(numbers))
    candidates = await session.scalars(
        _workspace_query().where(
            Workspace.status != "withdrawn",
            Workspace.id.in_(
                select(WorkspaceMunicipality.workspace_id).where(
                    WorkspaceMunicipality.municipality_number.in_(wanted)
                )
            ),
        )
    )
    for workspace in candidates:
        if sorted(link.municipality_number for link in workspace.municipality_links) == wanted:
            return workspace
    return None


async def users_by_ids(session: AsyncSession, ids: Sequence[str]) -> dict[str, User]:
    if not ids:
        return {}
    return {u.id: u for u in await session.scalars(select(User).where(User.id.in_(ids)))}


# Applications


def _application_query(*, with_scores: bool) -> Select[tuple[Application]]:
    options = [
        selectinload(Application.applicant),
        selectinload(Application.municipality_links).selectinload(
            ApplicationMunicipality.municipality
        ),
    ]
    if with_scores:
        options.append(selectinload(Application.scores))
    return select(Application).options(*options)


async def get_application(
    session: AsyncSession, application_id: str, *, with_scores: bool = False
) -> Application | None:
    found: Application | None = await session.scalar(
        _application_query(with_scores=with_scores).where(Application.id == application_id)
    )
    return found


def weighted_scores_subquery() -> Any:
    """Per application: the weighted mean over criteria of the reviewers' mean score."""
    per_criterion = (
        select(
            Score.application_id,
            Score.criterion_id,
            func.avg(Score.score).label("mean"),
        )
        .group_by(Score.application_id, Score.criterion_id)
        .subquery()
    )
    return (
        select(
            per_criterion.c.application_id,
            (func.sum(per_criterion.c.mean * Criterion.weight) / func.sum(Criterion.weight)).label(
                "weighted"
            ),
        )
        .join(Criterion, Criterion.id == per_criterion.c.criterion_id)
        .group_by(per_criterion.c.application_id)
        .subquery()
    )


async def list_applications(
    session: AsyncSession,
    *,
    applicant_id: str | None,
    cohort_id: str | None,
    status: str | None,
    sort: str,
    limit: int,
    after: list[Any] | None,
    with_scores: bool,
) -> list[tuple[Application, float | None]]:
    query: Select[Any] = _application_query(with_scores=with_scores)
    filters: list[ColumnElement[bool]] = []
    if applicant_id is not None:
        filters.append(Application.applicant_id == applicant_id)
    if cohort_id:
        filters.append(Application.cohort_id == cohort_id)
    if status:
        filters.append(Application.status == status)
    if sort == "score":
        # Sorting by score needs every application's score; a page by date needs none.
        weighted = weighted_scores_subquery()
        score_key = func.coalesce(weighted.c.weighted, -1.0)
        query = query.add_columns(weighted.c.weighted).outerjoin(
            weighted, weighted.c.application_id == Application.id
        )
        if after:
            filters.append(
                or_(score_key < after[0], and_(score_key == after[0], Application.id > after[1]))
            )
        query = query.order_by(score_key.desc(), Application.id)
    else:
        query = query.add_columns(literal(None))
        if after:
            filters.append(before((Application.created_at, Application.id), (after[0], after[1])))
        query = query.order_by(Application.created_at.desc(), Application.id.desc())
    rows = await session.execute(query.where(*filters).limit(limit + 1))
    return [(row[0], None if row[1] is None else float(row[1])) for row in rows]


async def scores_for(session: AsyncSession, application_id: str, reviewer_id: str) -> list[Score]:
    return list(
        await session.scalars(
            select(Score).where(
                Score.application_id == application_id, Score.reviewer_id == reviewer_id
            )
        )
    )


async def cohort_names(session: AsyncSession, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = await session.execute(select(Cohort.id, Cohort.name).where(Cohort.id.in_(ids)))
    return {r[0]: r[1] for r in rows}
