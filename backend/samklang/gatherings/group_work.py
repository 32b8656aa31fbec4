"""Group work: breakout groups, prompts, answers, summaries."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Reader, Visibility
from samklang.auth.models import User
from samklang.auth.names import display_name, shown
from samklang.core.atomic import lock
from samklang.core.db import utcnow
from samklang.core.errors import (
    Forbidden,
    NotFound,
)
from samklang.core.markdown import render
from samklang.gatherings.base import StaleAnswer, _when, get_gathering
from samklang.gatherings.models import (
    Answer,
    AnswerRevision,
    BreakoutGroup,
    Gathering,
    GroupWorkspace,
    Prompt,
)
from samklang.gatherings.schemas import (
    AnswerIn,
    AnswerOut,
    GroupIn,
    GroupOut,
    GroupWork,
    PromptIn,
    PromptOut,
    RevisionOut,
)
from samklang.network import service as network_service
from samklang.sharing import feed

# Group work


async def add_group(session: AsyncSession, gathering: Gathering, data: GroupIn) -> BreakoutGroup:
    await lock(session, Gathering.id, [gathering.id])  # positions counted one at a time
    for workspace_id in data.workspace_ids:
        await network_service.get_workspace(session, workspace_id)
    position = int(
        await session.scalar(select(func.count()).where(BreakoutGroup.gathering_id == gathering.id))
        or 0
    )
    if data.municipality_numbers:
        await network_service.municipalities_for(session, data.municipality_numbers)
    group = BreakoutGroup(
        gathering_id=gathering.id,
        name=data.name,
        position=position,
        round=data.round,
        municipality_numbers=list(dict.fromkeys(data.municipality_numbers)),
    )
    session.add(group)
    await session.flush()
    for i, workspace_id in enumerate(dict.fromkeys(data.workspace_ids)):
        session.add(GroupWorkspace(group_id=group.id, workspace_id=workspace_id, position=i))
    await session.flush()
    return group


async def add_prompt(session: AsyncSession, gathering: Gathering, data: PromptIn) -> Prompt:
    await lock(session, Gathering.id, [gathering.id])  # positions counted one at a time
    position = int(
        await session.scalar(select(func.count()).where(Prompt.gathering_id == gathering.id)) or 0
    )
    prompt = Prompt(gathering_id=gathering.id, text=data.text, position=position, round=data.round)
    session.add(prompt)
    await session.flush()
    return prompt


async def _group_workspaces(
    session: AsyncSession, group_ids: Sequence[str]
) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    if not group_ids:
        return result
    rows = await session.scalars(
        select(GroupWorkspace)
        .where(GroupWorkspace.group_id.in_(list(group_ids)))
        .order_by(GroupWorkspace.position)
    )
    for row in rows:
        result.setdefault(row.group_id, []).append(row.workspace_id)
    return result


async def can_read_group_work(session: AsyncSession, reader: Reader, gathering: Gathering) -> bool:
    """The project team, mentors and members of any workspace in the gathering's groups."""
    if reader.is_admin or reader.is_mentor:
        return True
    groups = list(
        await session.scalars(
            select(BreakoutGroup.id).where(BreakoutGroup.gathering_id == gathering.id)
        )
    )
    members = await _group_workspaces(session, groups)
    return any(ws in reader.member_of for ids in members.values() for ws in ids)


async def group_work(session: AsyncSession, reader: Reader, gathering: Gathering) -> GroupWork:
    if not await can_read_group_work(session, reader, gathering):
        raise Forbidden("Only those taking part in the group work, mentors and the project team")
    prompts = list(
        await session.scalars(
            select(Prompt)
            .where(Prompt.gathering_id == gathering.id)
            .order_by(Prompt.round, Prompt.position)
        )
    )
    groups = list(
        await session.scalars(
            select(BreakoutGroup)
            .where(BreakoutGroup.gathering_id == gathering.id)
            .order_by(BreakoutGroup.round, BreakoutGroup.position)
        )
    )
    numbers = [n for g in groups for n in g.municipality_numbers]
    own = {m.number: m.name for m in await network_service.municipalities_for(session, numbers)}
    by_group = await _group_workspaces(session, [g.id for g in groups])
    all_workspaces = [w for ids in by_group.values() for w in ids]
    workspaces = {w.id: w for w in await network_service.workspaces_by_ids(session, all_workspaces)}
    answers = list(
        await session.scalars(select(Answer).where(Answer.group_id.in_([g.id for g in groups])))
    )
    authors = {
        u.id: u.name
        for u in await session.scalars(
            select(User).where(User.id.in_([a.updated_by_id for a in answers if a.updated_by_id]))
        )
    }
    by_key = {(a.group_id, a.prompt_id): a for a in answers}
    out = []
    for group in groups:
        ids = by_group.get(group.id, [])
        names = [own[n] for n in group.municipality_numbers] + [
            m.municipality.name
            for w in ids
            if w in workspaces
            for m in workspaces[w].municipality_links
        ]
        out.append(
            GroupOut(
                id=group.id,
                name=group.name,
                round=group.round,
                workspaces=[{"id": w, "name": workspaces[w].name} for w in ids if w in workspaces],
                municipalities=names,
                answers=[
                    _answer_out(group.id, p.id, by_key.get((group.id, p.id)), authors)
                    for p in prompts
                    if p.round == group.round
                ],
                can_edit=reader.is_admin or any(w in reader.member_of for w in ids),
            )
        )
    return GroupWork(
        gathering_id=gathering.id,
        prompts=[
            PromptOut(id=p.id, text=p.text, position=p.position, round=p.round) for p in prompts
        ],
        groups=out,
    )


def _answer_out(
    group_id: str, prompt_id: str, answer: Answer | None, authors: dict[str, str]
) -> AnswerOut:
    if answer is None:
        return AnswerOut(
            group_id=group_id,
            prompt_id=prompt_id,
            body="",
            body_html="",
            version=0,
            updated_at=None,
            updated_by=None,
        )
    return AnswerOut(
        group_id=group_id,
        prompt_id=prompt_id,
        body=answer.body,
        body_html=render(answer.body),
        version=answer.version,
        updated_at=answer.updated_at,
        updated_by=authors.get(answer.updated_by_id or ""),
    )


async def save_answer(
    session: AsyncSession, reader: Reader, group_id: str, prompt_id: str, data: AnswerIn
) -> AnswerOut:
    group = await session.get(BreakoutGroup, group_id)
    prompt = await session.get(Prompt, prompt_id)
    if group is None or prompt is None or prompt.gathering_id != group.gathering_id:
        raise NotFound("No such group or prompt")
    members = (await _group_workspaces(session, [group.id])).get(group.id, [])
    if not (reader.is_admin or any(w in reader.member_of for w in members)):
        raise Forbidden("Only the group's members write its answers")
    assert reader.user is not None
    # Saves at the same moment take turns on the group's row: the second finds the first's
    # answer (also the very first save) and gets a 409 that carries its text.
    await lock(session, BreakoutGroup.id, [group.id])
    answer = await session.scalar(
        select(Answer).where(Answer.group_id == group.id, Answer.prompt_id == prompt.id)
    )
    current = answer.version if answer else 0
    if data.version != current:
        authors = {}
        if answer and answer.updated_by_id:
            author = await session.get(User, answer.updated_by_id)
            authors = {author.id: shown(author)} if author else {}
        raise StaleAnswer(
            "Someone else saved this answer; both texts are shown so you can merge them",
            extra={
                "current": _answer_out(group.id, prompt.id, answer, authors).model_dump(mode="json")
            },
        )
    now = utcnow()
    if answer is None:
        answer = Answer(group_id=group.id, prompt_id=prompt.id, version=0, updated_at=now)
        session.add(answer)
    answer.body, answer.version = data.body, current + 1
    answer.updated_at, answer.updated_by_id = now, reader.user.id
    await session.flush()
    session.add(
        AnswerRevision(
            answer_id=answer.id,
            version=answer.version,
            body=data.body,
            author_id=reader.user.id,
            created_at=now,
        )
    )
    await session.flush()
    return _answer_out(group.id, prompt.id, answer, {reader.user.id: reader.user.name})


async def history(
    session: AsyncSession, reader: Reader, group_id: str, prompt_id: str
) -> list[RevisionOut]:
    group = await session.get(BreakoutGroup, group_id)
    if group is None:
        raise NotFound("No such group")
    gathering = await get_gathering(session, group.gathering_id)
    if not await can_read_group_work(session, reader, gathering):
        raise Forbidden("Not part of this group work")
    rows = await session.execute(
        select(AnswerRevision, display_name())
        .join(Answer, Answer.id == AnswerRevision.answer_id)
        .outerjoin(User, User.id == AnswerRevision.author_id)
        .where(Answer.group_id == group_id, Answer.prompt_id == prompt_id)
        .order_by(AnswerRevision.version.desc())
    )
    return [
        RevisionOut(version=r.version, body=r.body, author=name, created_at=r.created_at)
        for r, name in rows
    ]


async def summary_markdown(session: AsyncSession, reader: Reader, gathering: Gathering) -> str:
    """Every group's answers, prompt by prompt, with the group's name and municipalities."""
    work = await group_work(session, reader, gathering)
    lines = [f"# {gathering.title}", "", _when(gathering.starts_at), ""]
    rounds = {p.round for p in work.prompts}
    for prompt in work.prompts:
        heading = f"Runde {prompt.round}: {prompt.text}" if len(rounds) > 1 else prompt.text
        lines += [f"## {heading}", ""]
        for group in work.groups:
            if group.round != prompt.round:
                continue
            answer = next(a for a in group.answers if a.prompt_id == prompt.id)
            where = ", ".join(group.municipalities)
            lines += [f"### {group.name}" + (f" ({where})" if where else ""), ""]
            lines += [answer.body.strip() or "_(ikke besvart)_", ""]
    return "\n".join(lines).rstrip() + "\n"


def summary_html(markdown_text: str, title: str) -> str:

    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#111}h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:1px solid"
        " #999}h3{font-size:1.05rem;margin-bottom:.25rem}@media print{body{margin:0}"
        "h2{break-before:auto}h3{break-after:avoid}}</style></head><body><main>"
        f"{render(markdown_text)}</main></body></html>"
    )


# Sharing the summary to the feed (the sharing domain's feed contract)


async def share_summary(
    session: AsyncSession, reader: Reader, gathering: Gathering, visibility: Visibility
) -> None:
    """The project team shares the compiled summary at a level (workspace: not shared)."""

    text = await summary_markdown(session, reader, gathering)
    gathering.summary_visibility = None if visibility == Visibility.workspace else visibility.value
    await session.flush()
    await feed.publish(
        session,
        kind="summary",
        source_type="gathering_summary",
        source_id=gathering.id,
        workspace_id=None,
        visibility=visibility.value,
        title=gathering.title,
        excerpt=text.split("\n", 3)[-1],
        author_id=reader.user.id if reader.user else None,
        url=f"/gatherings/{gathering.id}/summary",
    )
