"""Every knowledge endpoint against every role (signed out, project team, mentor of the
workspace, other mentor, coordinator, member, member of another pilot, observer member,
a signed-in user of no workspace)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.knowledge.conftest import ROLES, SIGNED_IN, ask
from tests.knowledge.test_search import resource
from tests.network.conftest import World

ALL = set(SIGNED_IN)
NETWORK = {"admin", "mentor", "other_mentor", "coordinator", "member", "other_member"}
WRITERS = {"admin", "coordinator", "member"}
EVERYONE = set(ROLES)

# (name, method, path, body, {role: status}, status for the rest when signed in,
#  status signed out)
CASES: list[tuple[str, str, str, Any, dict[str, int], int, int]] = [
    ("topics", "GET", "/api/v1/topics", None, dict.fromkeys(EVERYONE, 200), 200, 200),
    (
        "new topic",
        "POST",
        "/api/v1/topics",
        {"slug": "ny", "name_nb": "Ny", "name_nn": "Ny", "name_en": "New"},
        {"admin": 201},
        403,
        401,
    ),
    ("edit topic", "PATCH", "/api/v1/topics/{topic}", {"position": 5}, {"admin": 200}, 403, 401),
    ("questions", "GET", "/api/v1/questions", None, dict.fromkeys(ALL, 200), 403, 401),
    (
        "ask",
        "POST",
        "/api/v1/questions",
        {"title": "Hvem betaler reisen?"},
        dict.fromkeys(ALL, 201),
        403,
        401,
    ),
    (
        "similar",
        "GET",
        "/api/v1/questions/similar?q=koster",
        None,
        dict.fromkeys(ALL, 200),
        403,
        401,
    ),
    ("queue", "GET", "/api/v1/questions/queue", None, {"admin": 200}, 403, 401),
    ("question", "GET", "/api/v1/questions/{question}", None, dict.fromkeys(ALL, 200), 403, 401),
    (
        "vote",
        "POST",
        "/api/v1/questions/{question}/votes",
        None,
        dict.fromkeys(ALL, 200),
        403,
        401,
    ),
    (
        "unvote",
        "DELETE",
        "/api/v1/questions/{question}/votes",
        None,
        dict.fromkeys(ALL, 200),
        403,
        401,
    ),
    (
        "merge",
        "POST",
        "/api/v1/questions/{fresh_question}/merge",
        {"into_id": "{question}"},
        {"admin": 200},
        403,
        401,
    ),
    (
        "assign",
        "PUT",
        "/api/v1/questions/{question}/assignee",
        {"user_id": None},
        {"admin": 200},
        403,
        401,
    ),
    (
        "answer",
        "PUT",
        "/api/v1/questions/{question}/answer",
        {"body": "Svar", "publish": False},
        {"admin": 200},
        403,
        401,
    ),
    ("faq", "GET", "/api/v1/faq", None, dict.fromkeys(EVERYONE, 200), 200, 200),
    ("resources", "GET", "/api/v1/resources", None, dict.fromkeys(EVERYONE, 200), 200, 200),
    (
        "new project resource",
        "POST",
        "/api/v1/resources",
        {"kind": "link", "title": "Lenke", "url": "https://example.no"},
        {"admin": 201},
        403,
        401,
    ),
    (
        "new workspace resource",
        "POST",
        "/api/v1/resources",
        {"kind": "link", "title": "L", "url": "https://x.no", "workspace_id": "{pilot}"},
        dict.fromkeys(WRITERS, 201),
        403,
        401,
    ),
    (
        "resource",
        "GET",
        "/api/v1/resources/{resource}",
        None,
        dict.fromkeys(NETWORK, 200),
        404,
        404,
    ),
    (
        "download",
        "GET",
        "/api/v1/resources/{resource}/download",
        None,
        dict.fromkeys(NETWORK, 307),
        404,
        404,
    ),
    (
        "edit resource",
        "PATCH",
        "/api/v1/resources/{resource}",
        {"description": "Ny"},
        {**dict.fromkeys(WRITERS, 200), "mentor": 403, "other_mentor": 403, "other_member": 403},
        404,
        401,
    ),
    (
        "delete resource",
        "DELETE",
        "/api/v1/resources/{fresh_resource}",
        None,
        {**dict.fromkeys(WRITERS, 204), "mentor": 403, "other_mentor": 403, "other_member": 403},
        404,
        401,
    ),
    ("collections", "GET", "/api/v1/collections", None, dict.fromkeys(EVERYONE, 200), 200, 200),
    (
        "new collection",
        "POST",
        "/api/v1/collections",
        {"title": "Pakke", "kind": "theme_package"},
        {"admin": 201},
        403,
        401,
    ),
    (
        "collection",
        "GET",
        "/api/v1/collections/{collection}",
        None,
        dict.fromkeys(NETWORK, 200),
        404,
        404,
    ),
    (
        "edit collection",
        "PATCH",
        "/api/v1/collections/{collection}",
        {"description": "Ny"},
        {"admin": 200},
        403,
        401,
    ),
    (
        "delete collection",
        "DELETE",
        "/api/v1/collections/{fresh_collection}",
        None,
        {"admin": 204},
        403,
        401,
    ),
    ("search", "GET", "/api/v1/search?q=kulturskole", None, dict.fromkeys(EVERYONE, 200), 200, 200),
]


def fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
async def test_knowledge_permission_matrix(
    client: httpx.AsyncClient, world: World, outsider: object, case: tuple[Any, ...]
) -> None:
    name, method, path, payload, allowed, denied, signed_out = case
    admin = world.headers("admin")
    topics = (await client.get("/api/v1/topics")).json()
    question = await ask(client, world, "observer")
    # A network resource of the pilot workspace, which its members may edit.
    shared = await resource(client, world, "Delt", workspace=True, visibility="network")
    collection = (
        await client.post(
            "/api/v1/collections",
            json={"title": "Pakke", "kind": "theme_package", "visibility": "network"},
            headers=admin,
        )
    ).json()
    for role in ROLES:
        ids = {
            "topic": topics[0]["id"],
            "question": question["id"],
            "fresh_question": (await ask(client, world, "coordinator"))["id"],
            "resource": shared["id"],
            "fresh_resource": (
                await resource(client, world, "Ny", workspace=True, visibility="network")
            )["id"],
            "collection": collection["id"],
            "fresh_collection": (
                await client.post(
                    "/api/v1/collections",
                    json={"title": "P", "kind": "theme_package", "visibility": "network"},
                    headers=admin,
                )
            ).json()["id"],
            "pilot": world.pilot.id,
        }
        kwargs: dict[str, Any] = {"headers": world.headers(role)}
        if payload is not None:
            kwargs["json"] = fill(payload, ids)
        if name == "new topic":
            kwargs["json"] = {**kwargs["json"], "slug": f"ny-{role.replace('_', '-')}"}
        response = await client.request(method, fill(path, ids), **kwargs)
        expected = signed_out if role == "anonymous" else allowed.get(role, denied)
        assert response.status_code == expected, (name, role, response.text)
