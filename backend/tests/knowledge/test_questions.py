"""Questions: asking, 'I wonder too', the queue, merging, answering and publishing, the FAQ,
and anonymity towards other users (never towards the project team)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from samklang.knowledge import questions
from samklang.knowledge.models import Question
from tests.knowledge.conftest import SIGNED_IN, ask, feed_row, publish, told
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries


async def test_topics_are_seeded_in_order_in_three_languages(client: httpx.AsyncClient) -> None:
    topics = (await client.get("/api/v1/topics")).json()
    assert [t["slug"] for t in topics] == [
        "economy",
        "time-and-resources",
        "selection",
        "gatherings",
        "mentoring",
        "reporting",
        "anchoring",
        "co-creation",
        "other",
    ]
    assert topics[0]["name_nb"] == "Økonomi" and topics[0]["name_en"] == "Economy"
    assert topics[2]["name_nn"] == "Utveljing"


async def test_admin_keeps_the_topic_list(client: httpx.AsyncClient, world: World) -> None:
    admin = world.headers("admin")
    created = await client.post(
        "/api/v1/topics",
        json={"slug": "light", "name_nb": "Lett", "name_nn": "Lett", "name_en": "Light"},
        headers=admin,
    )
    assert created.status_code == 201
    again = await client.post(
        "/api/v1/topics",
        json={"slug": "light", "name_nb": "L", "name_nn": "L", "name_en": "L"},
        headers=admin,
    )
    assert again.status_code == 409
    patched = await client.patch(
        f"/api/v1/topics/{created.json()['id']}", json={"position": 1}, headers=admin
    )
    assert patched.json()["position"] == 1
    first = (await client.get("/api/v1/topics")).json()[0]
    assert first["slug"] == "light"


async def test_question_life_cycle(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    question = await ask(client, world, "observer", topics=["economy", "time-and-resources"])
    assert question["status"] == "open"
    assert question["topics"] == ["economy", "time-and-resources"]
    assert question["asker"]["name"] == "Ola Observatør"
    assert question["workspace_name"] == "Osterøy"
    assert question["mine"] is True and question["vote_count"] == 0
    qid = question["id"]

    voted = await client.post(f"/api/v1/questions/{qid}/votes", headers=world.headers("member"))
    assert voted.json()["vote_count"] == 1 and voted.json()["i_voted"] is True
    twice = await client.post(f"/api/v1/questions/{qid}/votes", headers=world.headers("member"))
    assert twice.json()["vote_count"] == 1
    other = await client.get(f"/api/v1/questions/{qid}", headers=world.headers("coordinator"))
    assert other.json()["i_voted"] is False and other.json()["vote_count"] == 1

    assigned = await client.put(
        f"/api/v1/questions/{qid}/assignee",
        json={"user_id": world.users["admin"].id},
        headers=world.headers("admin"),
    )
    assert assigned.json()["assignee"]["name"] == "Anne Admin"
    not_admin = await client.put(
        f"/api/v1/questions/{qid}/assignee",
        json={"user_id": world.users["mentor"].id},
        headers=world.headers("admin"),
    )
    assert not_admin.status_code == 422

    draft = await publish(client, world, qid, "**Utkast**", publish=False)
    assert draft["status"] == "open" and draft["answer"]["published"] is False
    assert draft["has_draft"] is True
    seen = (await client.get(f"/api/v1/questions/{qid}", headers=world.headers("observer"))).json()
    assert seen["answer"] is None and seen["has_draft"] is False
    assert await told(session, "answer_published", qid) == []
    assert await feed_row(session, "answer", qid) is None
    faq = (await client.get("/api/v1/faq", headers=world.headers("member"))).json()
    assert faq["items"] == []

    published = await publish(client, world, qid, "Reise og **opphold** dekkes.", public=True)
    assert published["status"] == "answered" and published["answered_at"]
    assert published["answer"]["body_html"] == "<p>Reise og <strong>opphold</strong> dekkes.</p>\n"
    shared = await feed_row(session, "answer", qid)
    assert shared is not None and shared.kind == "answer" and shared.workspace_id is None
    assert shared.visibility == "public"
    assert await told(session, "answer_published", qid) == sorted(
        [world.users["observer"].id, world.users["member"].id]
    )
    seen = (await client.get(f"/api/v1/questions/{qid}", headers=world.headers("observer"))).json()
    assert seen["answer"]["body_html"].startswith("<p>Reise og")

    # Editing a published answer updates the feed but tells nobody again.
    await publish(client, world, qid, "Reise, opphold og mat dekkes.", public=False)
    assert len(await told(session, "answer_published", qid)) == 2
    shared = await feed_row(session, "answer", qid)
    assert shared is not None and shared.visibility == "network"

    # Taking it back makes it a draft again and takes it out of the feed.
    back = await publish(client, world, qid, "Reise dekkes.", publish=False)
    assert back["status"] == "open"
    assert await feed_row(session, "answer", qid) is None

    unvoted = await client.delete(f"/api/v1/questions/{qid}/votes", headers=world.headers("member"))
    assert unvoted.json()["vote_count"] == 0 and unvoted.json()["i_voted"] is False


async def test_stale_answer_version_conflicts(client: httpx.AsyncClient, world: World) -> None:
    qid = (await ask(client, world))["id"]
    first = await publish(client, world, qid, "Én", publish=False)
    response = await client.put(
        f"/api/v1/questions/{qid}/answer",
        json={"body": "To", "publish": False, "version": first["version"] - 1},
        headers=world.headers("admin"),
    )
    assert response.status_code == 409 and response.json()["code"] == "conflict"


async def test_unknown_topic_is_refused(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/questions",
        json={"title": "Hva med reise?", "topics": ["nope"]},
        headers=world.headers("member"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "topics"


async def test_merge_moves_votes_and_followers_without_counting_anyone_twice(
    client: httpx.AsyncClient, world: World
) -> None:
    survivor = await ask(client, world, "coordinator", title="Hva koster det?")
    duplicate = await ask(client, world, "observer", title="Hvor mye koster det å være med?")
    older = await ask(client, world, "other_member", title="Koster deltakelsen penger?")
    for who in ("member", "mentor"):
        await client.post(f"/api/v1/questions/{survivor['id']}/votes", headers=world.headers(who))
    for who in ("member", "other_mentor"):  # member has voted on both
        await client.post(f"/api/v1/questions/{duplicate['id']}/votes", headers=world.headers(who))
    admin = world.headers("admin")
    # An earlier merge into the duplicate follows it to the survivor.
    first = await client.post(
        f"/api/v1/questions/{older['id']}/merge", json={"into_id": duplicate["id"]}, headers=admin
    )
    assert first.status_code == 200 and first.json()["vote_count"] == 3  # + other_member
    merged = await client.post(
        f"/api/v1/questions/{duplicate['id']}/merge",
        json={"into_id": survivor["id"]},
        headers=admin,
    )
    assert merged.status_code == 200, merged.text
    body = merged.json()
    # member, mentor (before); observer (asker), other_mentor, other_member (moved)
    assert body["vote_count"] == 5
    assert sorted(body["merged"]) == sorted([duplicate["id"], older["id"]])

    gone = (
        await client.get(f"/api/v1/questions/{duplicate['id']}", headers=world.headers("member"))
    ).json()
    assert gone["status"] == "merged" and gone["merged_into_id"] == survivor["id"]
    assert gone["vote_count"] == 0
    older_now = (
        await client.get(f"/api/v1/questions/{older['id']}", headers=world.headers("member"))
    ).json()
    assert older_now["merged_into_id"] == survivor["id"]

    # The observer, who asked the duplicate, now finds it among their own as a voter.
    mine = (
        await client.get("/api/v1/questions?mine=true", headers=world.headers("observer"))
    ).json()
    assert [q["id"] for q in mine["items"]] == [survivor["id"]]
    listed = (await client.get("/api/v1/questions", headers=world.headers("member"))).json()
    assert duplicate["id"] not in [q["id"] for q in listed["items"]]

    again = await client.post(
        f"/api/v1/questions/{duplicate['id']}/merge",
        json={"into_id": survivor["id"]},
        headers=admin,
    )
    assert again.status_code == 409
    into_merged = await client.post(
        f"/api/v1/questions/{survivor['id']}/merge",
        json={"into_id": duplicate["id"]},
        headers=admin,
    )
    assert into_merged.status_code == 422
    self_merge = await client.post(
        f"/api/v1/questions/{survivor['id']}/merge",
        json={"into_id": survivor["id"]},
        headers=admin,
    )
    assert self_merge.status_code == 422
    vote_merged = await client.post(
        f"/api/v1/questions/{duplicate['id']}/votes", headers=world.headers("coordinator")
    )
    assert vote_merged.status_code == 409


async def test_merging_an_answered_question_takes_its_answer_out_of_the_feed(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    survivor = await ask(client, world, title="Hva koster det?")
    answered = await ask(client, world, title="Hva koster deltakelsen?")
    await publish(client, world, answered["id"])
    assert await feed_row(session, "answer", answered["id"]) is not None
    response = await client.post(
        f"/api/v1/questions/{answered['id']}/merge",
        json={"into_id": survivor["id"]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200
    assert await feed_row(session, "answer", answered["id"]) is None
    faq = (await client.get("/api/v1/faq", headers=world.headers("member"))).json()
    assert faq["items"] == []


async def test_publish_recipients(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    survivor = await ask(client, world, "coordinator")
    duplicate = await ask(client, world, "observer", anonymous=True)
    await client.post(f"/api/v1/questions/{survivor['id']}/votes", headers=world.headers("member"))
    await client.post(
        f"/api/v1/questions/{duplicate['id']}/votes", headers=world.headers("other_member")
    )
    # The survivor's own asker votes on the duplicate: still one person.
    await client.post(
        f"/api/v1/questions/{duplicate['id']}/votes", headers=world.headers("coordinator")
    )
    await client.post(
        f"/api/v1/questions/{duplicate['id']}/merge",
        json={"into_id": survivor["id"]},
        headers=world.headers("admin"),
    )
    question = await session.get(Question, survivor["id"])
    assert question is not None
    await session.refresh(question)
    recipients = await questions.publish_recipients(session, question)
    expected = {world.users[w].id for w in ("coordinator", "observer", "member", "other_member")}
    assert sorted(recipients) == sorted(expected)
    assert len(recipients) == len(set(recipients))


async def test_queue_orders_open_questions_by_votes_then_age(
    client: httpx.AsyncClient, world: World
) -> None:
    first = await ask(client, world, title="Først spurt")
    second = await ask(client, world, title="Deretter spurt")
    popular = await ask(client, world, title="Mest etterspurt")
    answered = await ask(client, world, title="Allerede besvart")
    for who in ("observer", "coordinator"):
        await client.post(f"/api/v1/questions/{popular['id']}/votes", headers=world.headers(who))
    await publish(client, world, answered["id"])
    queue = (await client.get("/api/v1/questions/queue", headers=world.headers("admin"))).json()
    assert [q["id"] for q in queue] == [popular["id"], first["id"], second["id"]]


async def test_list_filters(client: httpx.AsyncClient, world: World) -> None:
    economy = await ask(
        client, world, "observer", title="Egenandel for kommunen", body="", topics=["economy"]
    )
    time = await ask(
        client, world, "member", title="Hvor mange timer går med?", body="", topics=["other"]
    )
    await publish(client, world, time["id"])
    headers = world.headers("observer")

    async def ids(query: str) -> list[str]:
        response = await client.get(f"/api/v1/questions?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [q["id"] for q in response.json()["items"]]

    assert await ids("topic=economy") == [economy["id"]]
    assert await ids("status=answered") == [time["id"]]
    assert await ids("status=open") == [economy["id"]]
    assert await ids("mine=true") == [economy["id"]]
    assert await ids("q=egenandelen") == [economy["id"]]
    assert await ids("q=timer") == [time["id"]]


async def test_list_pages_with_a_cursor_in_constant_queries(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    headers = world.headers("member")

    async def count(n: int) -> int:
        # the caller's memos filled first (auth/callers.py, access/readers.py)
        await client.get("/api/v1/questions?limit=100", headers=headers)
        with count_queries(engine) as statements:
            response = await client.get("/api/v1/questions?limit=100", headers=headers)
        assert len(response.json()["items"]) == n
        return len(statements)

    await ask(client, world, "observer", topics=["economy"])
    one = await count(1)
    for i in range(6):
        who = "observer" if i % 2 else "coordinator"
        await ask(client, world, who, topics=["other"], anonymous=i < 2)
    assert await count(7) == one

    seen: list[str] = []
    cursor = None
    while True:
        url = "/api/v1/questions?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(url, headers=headers)).json()
        seen += [q["id"] for q in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7


async def test_faq_by_topic_signed_out_only_public(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    public = await ask(client, world, title="Offentlig svar", topics=["economy", "selection"])
    internal = await ask(client, world, title="Internt svar", topics=["economy"])
    loose = await ask(client, world, title="Uten tema")
    draft = await ask(client, world, title="Bare utkast", topics=["economy"])
    await publish(client, world, internal["id"], public=False)
    await publish(client, world, public["id"], public=True)
    await publish(client, world, loose["id"], public=True)
    await publish(client, world, draft["id"], publish=False)

    signed_in = (await client.get("/api/v1/faq", headers=world.headers("observer"))).json()
    groups = [
        (g["topic"]["slug"] if g["topic"] else None, [i["id"] for i in g["items"]])
        for g in signed_in["items"]
    ]
    assert groups == [
        ("economy", [public["id"], internal["id"]]),  # newest answer first
        ("selection", [public["id"]]),
        (None, [loose["id"]]),
    ]
    visitor = (await client.get("/api/v1/faq")).json()
    groups = [
        (g["topic"]["slug"] if g["topic"] else None, [i["id"] for i in g["items"]])
        for g in visitor["items"]
    ]
    assert groups == [
        ("economy", [public["id"]]),
        ("selection", [public["id"]]),
        (None, [loose["id"]]),
    ]
    assert "Programmet dekker" in visitor["items"][0]["items"][0]["answer_html"]

    with count_queries(engine) as few:
        await client.get("/api/v1/faq")
    for i in range(5):
        q = await ask(client, world, title=f"Flere spørsmål {i}", topics=["reporting"])
        await publish(client, world, q["id"])
    with count_queries(engine) as many:
        await client.get("/api/v1/faq")
    assert len(many) == len(few)


@pytest.mark.parametrize("viewer", [r for r in SIGNED_IN if r != "admin"])
async def test_anonymous_asker_is_hidden_from_other_users(
    client: httpx.AsyncClient, world: World, outsider: object, viewer: str
) -> None:
    question = await ask(
        client,
        world,
        "observer",
        title="Kan vi trekke oss etter oppstart?",
        body="Vi lurer på forpliktelsene.",
        anonymous=True,
    )
    await publish(client, world, question["id"], "Ja, i samråd med prosjektteamet.")
    own = (
        await client.get(f"/api/v1/questions/{question['id']}", headers=world.headers("observer"))
    ).json()
    assert own["asker"]["name"] == "Ola Observatør" and own["workspace_name"] == "Osterøy"
    if viewer == "observer":
        return
    headers = world.headers(viewer)
    hidden = (await client.get(f"/api/v1/questions/{question['id']}", headers=headers)).json()
    listed = (await client.get("/api/v1/questions", headers=headers)).json()["items"][0]
    similar = (await client.get("/api/v1/questions/similar?q=trekke", headers=headers)).json()
    found = (await client.get("/api/v1/search?q=forpliktelsene", headers=headers)).json()
    faq = (await client.get("/api/v1/faq", headers=headers)).text
    for item in (hidden, listed):
        assert item["anonymous"] is True
        assert item["asker"] is None
        assert item["workspace_id"] is None and item["workspace_name"] is None
        assert item["mine"] is False
    assert [s["id"] for s in similar] == [question["id"]]
    assert [h["id"] for h in found["items"]] == [question["id"]]
    assert found["items"][0]["workspace_id"] is None
    for text in (str(similar), str(found), faq, str(hidden), str(listed)):
        assert "Osterøy" not in text and "Ola" not in text
        assert world.observer.id not in text and world.users["observer"].id not in text


async def test_anonymous_asker_is_shown_to_the_project_team(
    client: httpx.AsyncClient, world: World
) -> None:
    question = await ask(client, world, "observer", anonymous=True)
    admin = world.headers("admin")
    seen = (await client.get(f"/api/v1/questions/{question['id']}", headers=admin)).json()
    assert seen["asker"]["name"] == "Ola Observatør"
    assert seen["workspace_name"] == "Osterøy"
    queue = (await client.get("/api/v1/questions/queue", headers=admin)).json()
    assert queue[0]["asker"]["name"] == "Ola Observatør"
    found = (await client.get("/api/v1/search?q=egenandel&type=question", headers=admin)).json()
    assert found["items"][0]["workspace_name"] == "Osterøy"


async def test_similar_suggests_readable_questions_title_first(
    client: httpx.AsyncClient, world: World
) -> None:
    title_match = await ask(
        client, world, title="Egenandel for kulturskolen", body="Hva betaler vi?"
    )
    body_match = await ask(client, world, title="Økonomi", body="Hvor stor er egenandelen?")
    await ask(client, world, title="Samlinger", body="Hvor er samlingene?")
    merged = await ask(client, world, title="Egenandel igjen", body="Samme")
    await client.post(
        f"/api/v1/questions/{merged['id']}/merge",
        json={"into_id": title_match["id"]},
        headers=world.headers("admin"),
    )
    response = await client.get(
        "/api/v1/questions/similar?q=egenandelen+vår", headers=world.headers("observer")
    )
    assert response.status_code == 200
    ids = [s["id"] for s in response.json()]
    assert ids == [title_match["id"], body_match["id"]]
    assert "<mark>" in response.json()[1]["snippet"]
    signed_out = await client.get("/api/v1/questions/similar?q=egenandel")
    assert signed_out.status_code == 401


async def test_the_faq_pages_by_cursor_like_every_list(
    client: httpx.AsyncClient, world: World
) -> None:
    for topic in ("economy", "other", "reporting"):
        q = await ask(client, world, title=f"Om {topic}", topics=[topic])
        await publish(client, world, q["id"])
    loose = await ask(client, world, title="Uten emne", topics=[])
    await publish(client, world, loose["id"])
    headers = world.headers("member")
    whole = (await client.get("/api/v1/faq", params={"limit": 100}, headers=headers)).json()
    assert whole["next_cursor"] is None and len(whole["items"]) == 4
    assert whole["items"][-1]["topic"] is None  # the answers without a topic last
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/faq", params=params, headers=headers)).json()
        assert len(page["items"]) == 1
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == whole["items"]
