"""Search: the same cases on SQLite (FTS5) and PostgreSQL (norwegian tsvector): Norwegian
stemming, title above text, æøå, escaped snippets, and a matrix proving that nobody
finds what they may not read."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from samklang.knowledge import search as search_module
from samklang.knowledge.search import stem, terms
from tests.gatherings.test_gatherings import body as gathering_body
from tests.knowledge.conftest import ROLES, ask, publish
from tests.network.conftest import World
from tests.network.test_query_counts import count_queries

LEVELS = ("workspace", "network", "observers", "public")
# Who reads the pilot workspace's content at each level (PRODUCT.md, Visibility).
INSIDE = {"admin", "mentor", "coordinator", "member"}
READERS = {
    "workspace": INSIDE,
    "network": INSIDE | {"other_mentor", "other_member"},
    "observers": INSIDE | {"other_mentor", "other_member", "observer"},
    "public": set(ROLES),
}
# A project resource (no workspace) at each level.
PROJECT_READERS = {
    "workspace": {"admin"},
    "network": {"admin", "mentor", "other_mentor", "coordinator", "member", "other_member"},
    "observers": set(ROLES) - {"anonymous", "outsider"},
    "public": set(ROLES),
}


async def search(
    client: httpx.AsyncClient, world: World, q: str, who: str = "admin", **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(
        "/api/v1/search", params={"q": q, **params}, headers=world.headers(who)
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def cycle(
    client: httpx.AsyncClient, world: World, title: str, plan: str = "", visibility: str = "network"
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/cycles",
        json={"title": title, "plan": plan, "visibility": visibility},
        headers=world.headers("member"),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def entry(
    client: httpx.AsyncClient, world: World, cycle_id: str, text: str, visibility: str
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/cycles/{cycle_id}/entries",
        json={"body": text, "visibility": visibility},
        headers=world.headers("member"),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def resource(
    client: httpx.AsyncClient,
    world: World,
    title: str,
    description: str = "",
    *,
    workspace: bool = False,
    visibility: str = "network",
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": "report",
        "title": title,
        "description": description,
        "url": "https://example.no/rapport",
        "visibility": visibility,
    }
    if workspace:
        payload["workspace_id"] = world.pilot.id
    who = "member" if workspace else "admin"
    response = await client.post("/api/v1/resources", json=payload, headers=world.headers(who))
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_query_words_and_stems() -> None:
    assert terms("Hva koster det å være med i Kulturskolen?") == ["koster", "kulturskolen"]
    assert stem("kulturskolen") == "kulturskol"
    assert stem("kulturskole") == "kulturskol"
    assert stem("samarbeidet") == "samarbeid"
    assert stem("samlingene") == "samling"
    assert stem("tid") == "tid"


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Ny kulturskole i sentrum", "kulturskolen"),
        ("Kulturskolen og skolen", "kulturskole"),
        ("Godt samarbeid med barnehagen", "samarbeidet"),
        ("Samarbeidet med biblioteket", "samarbeid"),
        ("Refleksjon etter samlingene", "samling"),
    ],
)
async def test_norwegian_stemming(
    client: httpx.AsyncClient, world: World, text: str, query: str
) -> None:
    made = await cycle(client, world, text)
    hits = await search(client, world, query, "member")
    assert [h["id"] for h in hits] == [made["id"]]
    assert "<mark>" in hits[0]["snippet"]


async def test_title_match_ranks_above_text_match(client: httpx.AsyncClient, world: World) -> None:
    in_text = await resource(
        client, world, "Rapport fra første semester", "Om kulturskole i kommunen og mer"
    )
    in_title = await resource(client, world, "Kulturskole for alle", "En rapport om tilbud")
    in_entry = await cycle(client, world, "Syklus", plan="Vi snakket om kulturskole")
    hits = await search(client, world, "kulturskole", "member")
    ids = [h["id"] for h in hits]
    assert ids[0] == in_title["id"]
    assert set(ids) == {in_title["id"], in_text["id"], in_entry["id"]}
    assert hits[0]["rank"] > hits[1]["rank"]


async def test_norwegian_letters(client: httpx.AsyncClient, world: World) -> None:
    question = await ask(
        client, world, title="Læring på tvers i Østfold og Målselv", body="Ærlig talt"
    )
    assert [h["id"] for h in await search(client, world, "ØSTFOLD", "observer")] == [question["id"]]
    assert [h["id"] for h in await search(client, world, "målselv", "observer")] == [question["id"]]
    assert [h["id"] for h in await search(client, world, "læringen", "observer")] == [
        question["id"]
    ]
    assert [h["id"] for h in await search(client, world, "ærlig", "observer")] == [question["id"]]
    workspaces = await search(client, world, "osterøy", "member", type="workspace")
    assert [(h["type"], h["id"], h["url"]) for h in workspaces] == [
        ("workspace", world.observer.id, f"/workspaces/{world.observer.id}")
    ]


async def test_snippets_mark_matches_and_escape_the_rest(
    client: httpx.AsyncClient, world: World
) -> None:
    made = await cycle(client, world, "Syklus")
    await entry(
        client,
        world,
        made["id"],
        'Vi prøvde <script>alert("x")</script> & fikk mer samskaping i kulturskolen.',
        "network",
    )
    [hit] = await search(client, world, "samskaping", "other_member", type="entry")
    assert hit["title"] == "Syklus"
    assert hit["url"] == f"/cycles/{made['id']}#entry-{hit['id']}"
    # Only our own <mark> tags are markup (PostgreSQL drops tags, SQLite escapes them).
    assert "<script>" not in hit["snippet"] and "&amp;" in hit["snippet"]
    assert hit["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<mark>samskaping</mark>" in hit["snippet"]


async def test_stop_words_only_and_types(client: httpx.AsyncClient, world: World) -> None:
    await cycle(client, world, "Kulturskole")
    assert await search(client, world, "og i på", "member") == []
    assert await search(client, world, "kulturskole", "member", type="resource") == []
    bad = await client.get("/api/v1/search?q=x&type=nope", headers=world.headers("member"))
    assert bad.status_code == 422


async def test_pages_by_cursor_in_constant_queries(
    client: httpx.AsyncClient, world: World, engine: AsyncEngine
) -> None:
    for i in range(5):
        await cycle(client, world, f"Samskaping {i}", plan="samskaping " * (i + 1))
    headers = world.headers("mentor")
    await client.get("/api/v1/search", params={"q": "samskaping"}, headers=headers)  # memos
    seen: list[str] = []
    counts: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": "samskaping", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        with count_queries(engine) as statements:
            response = await client.get("/api/v1/search", params=params, headers=headers)
        page = response.json()
        counts.append(len(statements))
        seen += [h["id"] for h in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 5
    assert len(set(counts)) == 1 and counts[0] <= 8, counts


@pytest.mark.parametrize("role", ROLES)
async def test_search_never_returns_what_the_caller_may_not_read(
    client: httpx.AsyncClient, world: World, outsider: object, role: str
) -> None:
    codes: dict[str, tuple[str, set[str]]] = {}
    for level in LEVELS:
        word = f"qx{level}z"
        made = await cycle(client, world, f"Syklus {word}", visibility=level)
        await entry(client, world, made["id"], f"Logg {word}", level)
        await resource(client, world, f"Ressurs {word}", workspace=True, visibility=level)
        codes[word] = (level, {"cycle", "entry", "resource"})
        project_word = f"qxproject{level}z"
        await resource(client, world, f"Prosjekt {project_word}", visibility=level)
        codes[project_word] = (level, {"resource"})
    # A network entry in a workspace-only cycle stays as hidden as its cycle.
    hidden_cycle = await cycle(client, world, "Lukket", visibility="workspace")
    await entry(client, world, hidden_cycle["id"], "Logg qxleakz", "network")

    open_question = await ask(client, world, "observer", title="Spørsmål qxquestionz")
    faq_question = await ask(client, world, "observer", title="Spørsmål qxfaqz")
    await publish(client, world, faq_question["id"], public=True)
    internal = await ask(client, world, "observer", title="Spørsmål qxinternalz")
    await publish(client, world, internal["id"], public=False)
    gathering = await client.post(
        "/api/v1/gatherings",
        json=gathering_body(title="Samling qxgatheringz"),
        headers=world.headers("admin"),
    )
    assert gathering.status_code == 201

    for word, (level, types) in codes.items():
        readers = PROJECT_READERS[level] if "project" in word else READERS[level]
        found = {h["type"] for h in await search(client, world, word, role)}
        assert found == (types if role in readers else set()), (word, role)
    leak = await search(client, world, "qxleakz", role)
    assert [h["type"] for h in leak] == (["entry"] if role in INSIDE else [])

    signed_in = role != "anonymous"
    assert bool(await search(client, world, "qxquestionz", role)) == signed_in
    assert bool(await search(client, world, "qxinternalz", role)) == signed_in
    assert [h["id"] for h in await search(client, world, "qxfaqz", role)] == [faq_question["id"]]
    assert bool(await search(client, world, "qxgatheringz", role)) == signed_in
    assert bool(await search(client, world, "bodø", role, type="workspace")) == signed_in
    for hit in await search(client, world, "qxquestionz", role):
        assert hit["workspace_name"] == "Osterøy"  # not anonymous: shown to all readers
    assert open_question["id"]


async def test_a_common_word_ranks_a_bounded_candidate_set(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kind of content hands at most CANDIDATES matches to the ranking, however many
    rows hold the word; a rarer word within the bound is ranked as before (title first)."""
    monkeypatch.setattr(search_module, "CANDIDATES", 4)
    for i in range(7):
        await cycle(client, world, f"Syklus {i}", plan="vanlig ord i teksten")
    await cycle(client, world, "Vanlig i tittelen", plan="annen tekst")
    common = await search(client, world, "vanlig", limit=50)
    assert len(common) == 4
    rare = await search(client, world, "tittelen vanlig", limit=50)
    assert [h["title"] for h in rare] == ["Vanlig i tittelen"]
    monkeypatch.setattr(search_module, "CANDIDATES", 500)
    assert len(await search(client, world, "vanlig", limit=50)) == 8
