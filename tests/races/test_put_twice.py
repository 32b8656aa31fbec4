"""Counts kept beside rows, and the same request sent twice at once (a double click)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import Server, at_once, figure, no_server_errors

pytestmark = pytest.mark.races

ROUNDS = 3


async def question(http: httpx.AsyncClient, server: Server, asker: str) -> str:
    response = await http.post(
        "/api/v1/questions",
        json={"title": "Hvordan får vi med skolene?", "body": "Vi lurer på dette."},
        headers=server.headers(asker),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def vote(http: httpx.AsyncClient, server: Server, question_id: str, user_id: str) -> Any:
    return lambda: http.post(
        f"/api/v1/questions/{question_id}/votes", headers=server.headers(user_id)
    )


async def test_votes_at_once_are_all_counted(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: a question's vote count equals its votes when 16 people vote at once."""
    from samklang.knowledge.models import Question, QuestionVote

    worst = ""
    for _ in range(ROUNDS):
        w = await server.workspace()
        voters = await server.members(w, 16)
        q = await question(http, server, voters[0])
        no_server_errors(await at_once(*(vote(http, server, q, v) for v in voters)))
        count = await server.scalar(select(Question.vote_count).where(Question.id == q))
        rows = await server.scalar(select(func.count()).where(QuestionVote.question_id == q))
        if count != rows or rows != 16:
            worst = worst or f"count {count} for {rows} votes of 16"
    figure(f"votes/{server}", worst or "count 16 for 16 votes")
    assert not worst


async def test_the_same_vote_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: one person's vote sent 3 times at once counts once, never a 500."""
    from samklang.knowledge.models import Question

    statuses: list[int] = []
    for _ in range(ROUNDS):
        w = await server.workspace()
        voter = await server.member(w)
        q = await question(http, server, voter)
        responses = await at_once(*(vote(http, server, q, voter) for _ in range(3)))
        statuses += [r.status_code for r in responses]
        assert await server.scalar(select(Question.vote_count).where(Question.id == q)) == 1
    figure(f"vote-twice/{server}", f"statuses {sorted(set(statuses))}")
    assert max(statuses) < 300


async def test_follows_and_reactions_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: following a workspace, following a topic and reacting, each sent 3 times
    at once, are idempotent (2xx every time, one row)."""
    statuses: list[int] = []
    for _ in range(ROUNDS):
        w = await server.workspace()
        me = await server.member(w)
        auth = server.headers(me)
        q = await question(http, server, me)
        reaction = {"target_type": "question", "target_id": q, "kind": "useful"}
        for call in (
            lambda: http.put(f"/api/v1/follows/workspaces/{w}", headers=auth),
            lambda: http.put(f"/api/v1/follows/topics/samklang-{w[:6]}", headers=auth),
            lambda: http.put("/api/v1/reactions", json=reaction, headers=auth),
        ):
            statuses += [r.status_code for r in await at_once(call, call, call)]
        follows = (await http.get("/api/v1/follows", headers=auth)).json()
        assert len(follows["workspaces"]) == 1, follows
    figure(f"follow-react-twice/{server}", f"statuses {sorted(set(statuses))}")
    assert max(statuses) < 300


async def test_first_calendar_link_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: the personal calendar link asked for the first time, twice at once, is
    created once and both answers carry it."""
    statuses: list[int] = []
    for _ in range(ROUNDS):
        me = await server.user()
        call = lambda: http.get("/api/v1/me/calendar", headers=server.headers(me))  # noqa: E731
        responses = await at_once(call, call, call)
        statuses += [r.status_code for r in responses]
        if all(r.status_code == 200 for r in responses):
            assert len({r.text for r in responses}) == 1
    figure(f"calendar-link-twice/{server}", f"statuses {sorted(set(statuses))}")
    assert set(statuses) == {200}


async def group_with_prompt(
    http: httpx.AsyncClient, server: Server, workspace: str
) -> tuple[str, str]:
    admin = server.headers(await server.admin())
    start = datetime.now(UTC) + timedelta(days=10)
    body = {"title": "Samling", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=4)).isoformat()}  # fmt: skip
    g = (await http.post("/api/v1/gatherings", json=body, headers=admin)).json()["id"]
    group = await http.post(
        f"/api/v1/gatherings/{g}/groups",
        json={"name": "Gruppe 1", "workspace_ids": [workspace]},
        headers=admin,
    )
    prompt = await http.post(
        f"/api/v1/gatherings/{g}/prompts", json={"text": "Hva tar dere med hjem?"}, headers=admin
    )
    assert group.status_code == 201 and prompt.status_code == 201, (group.text, prompt.text)
    return group.json()["id"], prompt.json()["id"]


async def test_first_save_of_a_group_answer(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: two members saving a group's first answer at once: one is saved (200),
    the other gets a 409 that carries the saved text (so the merge view opens), never 500."""
    outcomes: list[str] = []
    for _ in range(ROUNDS):
        w = await server.workspace()
        one, two = await server.members(w, 2)
        group, prompt = await group_with_prompt(http, server, w)
        responses = await at_once(
            *(
                lambda u=u, text=text: http.put(
                    f"/api/v1/groups/{group}/answers/{prompt}",
                    json={"body": text, "version": 0},
                    headers=server.headers(u),
                )
                for u, text in ((one, "Tekst fra en"), (two, "Tekst fra to"))
            )
        )
        codes = sorted(r.status_code for r in responses)
        if codes != [200, 409]:
            outcomes.append(f"statuses {codes}")
            continue
        saved = next(r for r in responses if r.status_code == 200).json()["body"]
        conflict = next(r for r in responses if r.status_code == 409).json()
        if conflict.get("current", {}).get("body") != saved:
            outcomes.append("409 without the saved text")
    figure(f"group-answer-first-save/{server}", "; ".join(outcomes) or "200 + 409 with the text")
    assert not outcomes


async def test_first_assignment_response_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: two members saving their workspace's first response to an assignment at
    once: one is saved, the other gets a 409, never a 500."""
    admin = server.headers(await server.admin())
    statuses: list[int] = []
    for _ in range(ROUNDS):
        w = await server.workspace()
        one, two = await server.members(w, 2)
        due = (date.today() + timedelta(days=20)).isoformat()
        created = await http.post(
            "/api/v1/assignments", json={"title": "Oppgave", "due_on": due}, headers=admin
        )
        assert created.status_code == 201, created.text
        a = created.json()["id"]
        responses = await at_once(
            *(
                lambda u=u: http.put(
                    f"/api/v1/assignments/{a}/responses/{w}",
                    json={"body": f"Svar fra {u[:4]}", "version": 0, "visibility": "workspace"},
                    headers=server.headers(u),
                )
                for u in (one, two)
            )
        )
        statuses += [r.status_code for r in responses]
    figure(f"assignment-first-save/{server}", f"statuses {sorted(statuses)}")
    assert sorted(statuses) == sorted([200] * ROUNDS + [409] * ROUNDS)


async def test_first_self_assessment_twice_at_once(http: httpx.AsyncClient, server: Server) -> None:
    """Invariant: a workspace's first self-assessment of a semester saved twice at once
    leaves one assessment (one per workspace and semester), never a 500."""
    from samklang.learning.models import Assessment

    statuses: list[int] = []
    for _ in range(ROUNDS):
        w = await server.workspace()
        me = await server.member(w, role="coordinator")
        body = {"semester": "2026-host", "score": 2.5, "evidence": "Vi har startet"}
        call = lambda: http.put(  # noqa: E731
            f"/api/v1/workspaces/{w}/assessments", json=body, headers=server.headers(me)
        )
        statuses += [r.status_code for r in await at_once(call, call, call)]
        rows = await server.scalar(select(func.count()).where(Assessment.workspace_id == w))
        assert rows == 1
    figure(f"assessment-twice/{server}", f"statuses {sorted(set(statuses))}")
    assert max(statuses) < 300
