from __future__ import annotations

import httpx


async def names(client: httpx.AsyncClient, q: str) -> list[str]:
    response = await client.get("/api/v1/municipalities", params={"q": q})
    assert response.status_code == 200
    return [m["name"] for m in response.json()["items"]]


async def test_the_whole_registry_is_loaded(client: httpx.AsyncClient) -> None:
    everything = (await client.get("/api/v1/municipalities")).json()
    assert len(everything["items"]) == 357 and everything["next_cursor"] is None
    counties = (await client.get("/api/v1/counties")).json()
    assert len(counties) == 15
    assert {"number": "46", "name": "Vestland"} in counties


async def test_search_ignores_case_and_accents(client: httpx.AsyncClient) -> None:
    assert (await names(client, "oster"))[0] == "Osterøy"
    assert "Osterøy" in await names(client, "OSTERØY")
    assert "Østre Toten" in await names(client, "ostre")
    assert "Østre Toten" in await names(client, "østre")
    assert "Bodø" in await names(client, "bodo")
    assert "Ås" in await names(client, "ås")
    assert "Båtsfjord" in await names(client, "batsfjord")
    # Sami names in the official name are searchable too.
    assert "Hattfjelldal" in await names(client, "aarborte")


async def test_search_by_number(client: httpx.AsyncClient) -> None:
    result = (await client.get("/api/v1/municipalities", params={"q": "4630"})).json()["items"]
    assert result == [
        {
            "number": "4630",
            "name": "Osterøy",
            "official_name": "Osterøy",
            "county_number": "46",
            "county_name": "Vestland",
        }
    ]


async def test_exact_and_prefix_matches_come_first_in_norwegian_order(
    client: httpx.AsyncClient,
) -> None:
    found = await names(client, "ås")
    assert found[0] == "Ås"
    # Norwegian order: æ, ø, å last.
    everything = await names(client, "")
    assert everything.index("Øygarden") > everything.index("Vågå")
    assert everything[-1].startswith("Å")


async def test_unmatched_search_is_empty(client: httpx.AsyncClient) -> None:
    assert await names(client, "zzzz") == []


async def test_the_registry_pages_by_cursor_like_every_list(client: httpx.AsyncClient) -> None:
    everything = await names(client, "")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/municipalities", params=params)).json()
        assert len(page["items"]) <= 100
        seen += [m["name"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    first = (await client.get("/api/v1/municipalities", params={"q": "ås", "limit": 1})).json()
    assert [m["name"] for m in first["items"]] == ["Ås"] and first["next_cursor"]
    rest = await client.get(
        "/api/v1/municipalities", params={"q": "ås", "cursor": first["next_cursor"]}
    )
    assert "Ås" not in [m["name"] for m in rest.json()["items"]]
