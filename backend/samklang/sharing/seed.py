"""Demo data of the sharing domain (called by samklang.seed.seed_demo): the pilots' shared
reflections and measures in the feed, two posts, comments (a mentor's private one too),
the observer's follows and some reactions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Visibility, reader_for
from samklang.auth.models import User
from samklang.learning.models import Cycle, Measure
from samklang.network.models import Workspace
from samklang.sharing import comments, feed, follows, reactions
from samklang.sharing import posts as posts_service
from samklang.sharing.models import ReactionKind
from samklang.sharing.schemas import CommentCreate, PostCreate, ReactionIn


def _user(users: dict[str, User], *keys: str) -> User | None:
    for key in keys:
        if key in users:
            return users[key]
    return None


async def seed_sharing(session: AsyncSession, users: dict[str, User]) -> None:
    """Create the sharing demo data (idempotent: seed_demo calls it once per new demo network)."""
    admin = _user(users, "admin")
    mentor = _user(users, "veileder", "mentor")
    pilot = _user(users, "pilot")
    observer = _user(users, "observator", "observer")
    if admin is None or mentor is None or pilot is None or observer is None:
        return
    workspaces = {w.name: w for w in await session.scalars(select(Workspace))}
    bodo = workspaces.get("Bodø")
    joint = workspaces.get("Hyllestad og Fjaler")
    # Bodø shares its first reflection with the observers too, so the observer's feed has it.
    shared: list[Cycle] = list(
        await session.scalars(
            select(Cycle)
            .where(Cycle.visibility != Visibility.workspace.value)
            .order_by(Cycle.created_at)
        )
    )
    for cycle in shared:
        if bodo is not None and cycle.workspace_id == bodo.id:
            cycle.visibility = Visibility.observers.value
        await feed.publish(
            session,
            kind="reflection",
            source_type="cycle",
            source_id=cycle.id,
            workspace_id=cycle.workspace_id,
            visibility=cycle.visibility,
            title=cycle.title,
            excerpt=cycle.reflect or cycle.plan,
            author_id=cycle.created_by_id,
            url=f"/cycles/{cycle.id}",
        )
    for measure in await session.scalars(
        select(Measure).where(Measure.visibility != Visibility.workspace.value)
    ):
        await feed.publish(
            session,
            kind="measure",
            source_type="measure",
            source_id=measure.id,
            workspace_id=measure.workspace_id,
            visibility=measure.visibility,
            title=measure.name,
            excerpt=measure.description,
            author_id=None,
            url=f"/measures/{measure.id}",
        )
    await session.flush()
    as_pilot = await reader_for(session, pilot)
    as_mentor = await reader_for(session, mentor)
    as_observer = await reader_for(session, observer)
    posts = []
    if bodo is not None:
        posts.append(
            await posts_service.create_post(
                session,
                as_pilot,
                PostCreate(
                    workspace_id=bodo.id,
                    body=(
                        "Vi inviterte helsesøster inn i **åpent verksted** på venterommet. "
                        "Tolv barn prøvde trommer for første gang! Noen som har erfaring med "
                        "samarbeid med helsestasjonen?"
                    ),
                    visibility=Visibility.public,
                    topics=["inkludering", "helse"],
                ),
            )
        )
    if joint is not None:
        posts.append(
            await posts_service.create_post(
                session,
                as_pilot,
                PostCreate(
                    workspace_id=joint.id,
                    body=(
                        "Felles korprøve for Hyllestad og Fjaler: bussen gikk fra begge "
                        "skolene, og NMF Vest stilte med instruktør."
                    ),
                    visibility=Visibility.observers,
                    topics=["samskaping"],
                ),
            )
        )
    bodo_cycle = next((c for c in shared if bodo is not None and c.workspace_id == bodo.id), None)
    if bodo_cycle is not None:
        first = await comments.create_comment(
            session,
            as_mentor,
            CommentCreate(
                target_type="cycle",
                target_id=bodo_cycle.id,
                body="Spennende! Hva målte dere før og etter endringen?",
            ),
        )
        await comments.create_comment(
            session,
            as_pilot,
            CommentCreate(
                target_type="cycle",
                target_id=bodo_cycle.id,
                body="Vi telte deltakere hver uke, se målingen vår.",
                parent_id=first.id,
            ),
        )
        await comments.create_comment(
            session,
            as_mentor,
            CommentCreate(
                target_type="cycle",
                target_id=bodo_cycle.id,
                body=(
                    "Til teamet: refleksjonen kan gjerne si mer om hvem som *ikke* kom. "
                    "Ta det opp på neste veiledning?"
                ),
                private=True,
                mentions=[pilot.id],
            ),
        )
        await reactions.put_reaction(
            session,
            as_observer,
            ReactionIn(target_type="cycle", target_id=bodo_cycle.id, kind=ReactionKind.useful),
        )
    for post in posts:
        await reactions.put_reaction(
            session,
            as_mentor,
            ReactionIn(target_type="post", target_id=post.id, kind=ReactionKind.inspiring),
        )
    if posts:
        await comments.create_comment(
            session,
            as_observer,
            CommentCreate(
                target_type="post",
                target_id=posts[0].id,
                body="Dette vil vi prøve i Osterøy også. Hvordan fikk dere med helsestasjonen?",
                mentions=[pilot.id],
            ),
        )
    if bodo is not None:
        await follows.follow_workspace(session, as_observer, bodo.id)
    await follows.follow_topic(session, as_observer, "inkludering")
    await session.flush()
