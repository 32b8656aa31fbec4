from __future__ import annotations

import httpx

from tests.network.conftest import World

BASE = {
    "name": "Kull 3",
    "starts_on": "2028-08-01",
    "ends_on": "2029-12-31",
    "semesters": ["Høst 2028", "Vår 2029", "Høst 2029"],
}


async def test_cohort_with_criteria_is_published(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/cohorts",
        json={
            **BASE,
            "criteria": [
                {"title": "Forankring", "weight": 2},
                {"title": "Samskaping", "weight": 1.5},
            ],
        },
        headers=world.headers("admin"),
    )
    assert response.status_code == 201, response.text
    cohort = response.json()
    assert [(c["title"], c["weight"]) for c in cohort["criteria"]] == [
        ("Forankring", 2.0),
        ("Samskaping", 1.5),
    ]
    assert cohort["accepting_applications"] is False  # no application window yet
    public = await client.get(f"/api/v1/cohorts/{cohort['id']}")  # signed out
    assert public.json()["criteria"] == cohort["criteria"]


async def test_editing_keeps_criteria_that_are_sent_back(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/api/v1/cohorts/{world.cohort.id}"
    current = (await client.get(url)).json()
    first, second = current["criteria"]
    response = await client.put(
        url,
        json={**BASE, "criteria": [{**second, "weight": 5}, {"title": "Deling", "weight": 1}]},
        headers=world.headers("admin"),
    )
    assert response.status_code == 200, response.text
    criteria = response.json()["criteria"]
    assert criteria[0]["id"] == second["id"] and criteria[0]["weight"] == 5
    assert criteria[1]["title"] == "Deling" and criteria[1]["id"] not in (first["id"], second["id"])
    assert first["id"] not in {c["id"] for c in criteria}


async def test_dates_must_be_in_order(client: httpx.AsyncClient, world: World) -> None:
    response = await client.post(
        "/api/v1/cohorts",
        json={
            **BASE,
            "ends_on": "2027-01-01",
            "applications_open_at": "2028-01-02T00:00:00Z",
            "applications_close_at": "2028-01-01T00:00:00Z",
        },
        headers=world.headers("admin"),
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"ends_on", "applications_close_at"}
    bad_weight = await client.post(
        "/api/v1/cohorts",
        json={**BASE, "criteria": [{"title": "X", "weight": 0}]},
        headers=world.headers("admin"),
    )
    assert bad_weight.status_code == 422
