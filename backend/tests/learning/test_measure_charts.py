"""Control charts, phases, annotations and verdicts through the API."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from samklang.auth.models import User
from tests.learning.conftest import LEARNING_ROLES
from tests.network.conftest import World

BASELINE = [10.0, 12, 11, 13, 10, 12, 11, 13, 12, 11]
AFTER = [16.0, 17, 18, 16, 17, 18, 17, 16]


async def measure_with(
    client: httpx.AsyncClient,
    world: World,
    values: list[float],
    denominators: list[float] | None = None,
    **extra: object,
) -> dict:
    member = world.headers("member")
    response = await client.post(
        f"/api/v1/workspaces/{world.pilot.id}/measures",
        json={"name": "Elever på venteliste", "kind": "outcome", **extra},
        headers=member,
    )
    assert response.status_code == 201, response.text
    url = f"/api/v1/measures/{response.json()['id']}"
    body = response.json()
    for i, value in enumerate(values):
        point: dict[str, object] = {
            "date": str(date(2027, 1, 4) + timedelta(weeks=i)),
            "value": value,
        }
        if denominators is not None:
            point["denominator"] = denominators[i]
        added = await client.post(f"{url}/points", json=point, headers=member)
        assert added.status_code == 201, added.text
        body = added.json()
    return body


async def test_an_xmr_chart_with_a_new_phase_turns_to_improvement(
    client: httpx.AsyncClient, world: World
) -> None:
    measure = await measure_with(client, world, BASELINE + AFTER, chart="xmr", target=13)
    assert measure["chart"] == "xmr"
    # one phase over all 18 points: the jump after point 10 is a long run above the mean
    assert len(measure["phases"]) == 1
    assert measure["verdict"]["variation"] == "improvement"
    # still the old API
    assert measure["median"] == 13 and measure["shifts"]
    # start a new phase at the first point after the change
    url = f"/api/v1/measures/{measure['id']}"
    first_after = measure["points"][len(BASELINE)]
    phased = await client.patch(
        f"{url}/points/{first_after['id']}",
        json={"phase_start": True, "note": "Ny påmelding på nett", "version": measure["version"]},
        headers=world.headers("member"),
    )
    assert phased.status_code == 200, phased.text
    body = phased.json()
    assert body["version"] == measure["version"] + 1
    assert [(p["number"], p["start_point_id"]) for p in body["phases"]] == [
        (1, measure["points"][0]["id"]),
        (2, first_after["id"]),
    ]
    before, after = body["phases"]
    # baseline: mean 11.5, MR̄ 15/9, limits 11.5 ± 4.4333; after: 16.875 ± 2.66·8/7
    assert before["centre"] == pytest.approx(11.5)
    assert before["upper"] == pytest.approx(15.9333, abs=1e-4)
    assert after["centre"] == pytest.approx(16.875)
    assert after["lower"] == pytest.approx(13.835, abs=1e-3)
    points = body["points"]
    assert points[0]["centre"] == pytest.approx(11.5)
    assert points[-1]["centre"] == pytest.approx(16.875)
    assert points[len(BASELINE)]["phase_start"] is True
    assert points[len(BASELINE)]["note"] == "Ny påmelding på nett"
    assert body["verdict"] == {"variation": "improvement", "assurance": "likely"}
    # within their own phases nothing is unusual
    assert body["signals"] == []
    # the verdict is on the workspace's list and overview too
    listed = (
        await client.get(
            f"/api/v1/workspaces/{world.pilot.id}/measures", headers=world.headers("mentor")
        )
    ).json()
    assert listed[0]["verdict"] == {"variation": "improvement", "assurance": "likely"}
    overview = (
        await client.get(
            f"/api/v1/workspaces/{world.pilot.id}/overview", headers=world.headers("mentor")
        )
    ).json()
    assert overview["measures"][0]["verdict"]["variation"] == "improvement"


async def test_a_p_chart_flags_points_outside_their_limits(
    client: httpx.AsyncClient, world: World
) -> None:
    # Montgomery's orange-juice cans: p̄ = 0.2313, limits 0.0524 … 0.4102 at n = 50;
    # samples 15 and 23 plot above.
    counts = [12.0, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
              8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]  # fmt: skip
    body = await measure_with(client, world, counts, [50.0] * 30, chart="p", direction="down")
    points = body["points"]
    assert points[14]["y"] == pytest.approx(0.44)
    assert points[0]["denominator"] == 50
    assert points[0]["centre"] == pytest.approx(0.2313, abs=1e-4)
    assert points[0]["upper"] == pytest.approx(0.4102, abs=1e-4)
    assert points[0]["lower"] == pytest.approx(0.0524, abs=1e-4)
    outside = [s for s in body["signals"] if s["rule"] == "outside_limits"]
    assert outside == [
        {"rule": "outside_limits", "point_ids": [points[14]["id"], points[22]["id"]]}
    ]
    # more nonconforming cans is worse
    assert body["verdict"]["variation"] == "concern"


async def test_chart_type_and_shift_rule_are_saved_with_the_version_check(
    client: httpx.AsyncClient, world: World
) -> None:
    values = [1.0] * 6 + [9.0] * 6
    body = await measure_with(client, world, values)
    assert body["chart"] == "run" and body["shift_rule"] is False
    assert [s["rule"] for s in body["signals"]] == ["few_crossings"]
    url = f"/api/v1/measures/{body['id']}"
    member = world.headers("member")
    stale = await client.patch(url, json={"shift_rule": True, "version": 99}, headers=member)
    assert stale.status_code == 409
    changed = await client.patch(
        url, json={"shift_rule": True, "chart": "u", "version": body["version"]}, headers=member
    )
    assert changed.status_code == 200
    assert changed.json()["chart"] == "u"
    # a u chart without denominators plots nothing
    assert all(p["y"] is None for p in changed.json()["points"])
    assert changed.json()["verdict"]["variation"] == "too_few"
    back = await client.patch(
        url, json={"chart": "run", "version": changed.json()["version"]}, headers=member
    )
    assert [s["rule"] for s in back.json()["signals"]] == ["few_crossings", "shift", "shift"]
    bad = await client.patch(url, json={"chart": "pie", "version": 1}, headers=member)
    assert bad.status_code == 422


async def test_point_edits_are_checked_against_the_measure_version(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await measure_with(client, world, [3.0, 4.0], [10.0, 10.0], chart="p")
    url = f"/api/v1/measures/{body['id']}/points/{body['points'][1]['id']}"
    member = world.headers("member")
    first = await client.patch(
        url, json={"denominator": 20, "version": body["version"]}, headers=member
    )
    assert first.status_code == 200
    assert first.json()["points"][1]["y"] == pytest.approx(0.2)
    # a second save based on the same version loses and gets the current state
    second = await client.patch(
        url, json={"note": "Ferie", "version": body["version"]}, headers=member
    )
    assert second.status_code == 409
    assert second.json()["current"]["points"][1]["denominator"] == 20
    for bad in ({"denominator": 0, "version": 1}, {"denominator": "mange", "version": 1}):
        assert (await client.patch(url, json=bad, headers=member)).status_code == 422
    other = await measure_with(client, world, [1.0])
    wrong = await client.patch(
        f"/api/v1/measures/{other['id']}/points/{body['points'][1]['id']}",
        json={"note": "x", "version": other["version"]},
        headers=member,
    )
    assert wrong.status_code == 404


WRITERS = {"admin", "coordinator", "member"}


@pytest.mark.parametrize("level", ["workspace", "observers"])
async def test_who_may_edit_points(
    client: httpx.AsyncClient, world: World, outsider: User, level: str
) -> None:
    body = await measure_with(client, world, [1.0, 2.0], visibility=level)
    url = f"/api/v1/measures/{body['id']}"
    readers_at_workspace = {"admin", "mentor", "coordinator", "member"}
    for role in LEARNING_ROLES:
        current = (await client.get(url, headers=world.headers("admin"))).json()
        response = await client.patch(
            f"{url}/points/{current['points'][1]['id']}",
            json={"phase_start": True, "note": role, "version": current["version"]},
            headers=world.headers(role),
        )
        if role == "anonymous":
            expected = 401
        elif role in WRITERS:
            expected = 200
        elif role == "outsider" or (level == "workspace" and role not in readers_at_workspace):
            expected = 404
        else:
            expected = 403
        assert response.status_code == expected, (level, role, response.text)
    final = (await client.get(url, headers=world.headers("admin"))).json()
    assert final["version"] == body["version"] + len(WRITERS)


async def test_overflowing_values_answer_json(client: httpx.AsyncClient, world: World) -> None:
    body = await measure_with(client, world, [1e308, -1e308, 1e308], chart="xmr")
    assert body["point_count"] == 3
    assert body["points"][0]["upper"] is None  # the moving range overflowed
    u = await measure_with(client, world, [-4.0, -2.0], [2.0, 2.0], chart="u")
    assert u["points"][0]["centre"] == -1.5 and u["points"][0]["lower"] == 0.0
