from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx
import pytest

from samklang.core.config import Settings
from samklang.files.service import storage_for
from samklang.files.storage import LocalStorage, S3Storage
from tests.conftest import with_s3
from tests.network.conftest import World


@pytest.fixture(params=["local", "s3"])
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs with the files on local disk and in S3 (moto's server)."""
    if request.param == "s3":
        return with_s3(settings, request.getfixturevalue("s3_endpoint"))
    return settings


def stored_keys(settings: Settings) -> list[str]:
    storage = storage_for(settings)
    if isinstance(storage, LocalStorage):
        return [p.name for p in settings.storage_dir.iterdir()]
    assert isinstance(storage, S3Storage)
    listed = storage.client.list_objects_v2(Bucket=storage.bucket)
    return [item["Key"] for item in listed.get("Contents", [])]


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("virus.exe", ELF)
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient, world: World, name: str, data: bytes, who: str = "member"
) -> httpx.Response:
    return await client.post(
        "/api/v1/files", files={"file": (name, data)}, headers=world.headers(who)
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("referat.pdf", PDF, "application/pdf"),
        ("bilde.png", PNG, "image/png"),
        (
            "plan.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("tall.csv", "dato;antall\n2027-01-01;12\nÆrlig;ø\n".encode(), "text/csv"),
        ("notat.txt", "Hei på deg\n".encode(), "text/plain"),
    ],
)
async def test_allowed_files_are_stored_by_their_real_type(
    client: httpx.AsyncClient, world: World, name: str, data: bytes, content_type: str
) -> None:
    response = await upload(client, world, name, data)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "id": response.json()["id"],
        "name": name,
        "size": len(data),
        "content_type": content_type,
    }
    download = await client.get(
        f"/api/v1/files/{response.json()['id']}", headers=world.headers("member")
    )
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"].startswith(content_type)
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.pdf", ELF),  # a renamed executable
        ("bilde.png", PE),
        ("arkiv.docx", plain_zip()),  # a zip that is not an office document
        ("tegning.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("binær.txt", b"\x00\x01\x02\x03binary"),
    ],
)
async def test_disallowed_files_are_refused(
    client: httpx.AsyncClient, world: World, name: str, data: bytes
) -> None:
    response = await upload(client, world, name, data)
    assert response.status_code == 415, (name, response.text)
    assert response.json()["code"] == "unsupported_type"


async def test_size_limit(client: httpx.AsyncClient, world: World, app: Any) -> None:
    app.state.settings.max_upload_mb = 1
    exactly = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert (await upload(client, world, "ok.pdf", exactly)).status_code == 201
    too_big = await upload(client, world, "stor.pdf", exactly + b"0")
    assert too_big.status_code == 413
    assert too_big.json()["code"] == "too_large"
    assert (await upload(client, world, "tom.pdf", b"")).status_code == 422
    assert len(stored_keys(app.state.settings)) == 1  # the refused upload left nothing behind


async def test_unattached_uploads_belong_to_their_uploader(
    client: httpx.AsyncClient, world: World
) -> None:
    file_id = (await upload(client, world, "a.pdf", PDF)).json()["id"]
    for role, expected in (
        ("member", 200),
        ("admin", 200),
        ("coordinator", 404),
        ("mentor", 404),
        ("anonymous", 404),
    ):
        response = await client.get(f"/api/v1/files/{file_id}", headers=world.headers(role))
        assert response.status_code == expected, role
    cycle = (
        await client.post(
            f"/api/v1/workspaces/{world.pilot.id}/cycles",
            json={"title": "x"},
            headers=world.headers("coordinator"),
        )
    ).json()
    # Someone else cannot attach my upload...
    stolen = await client.post(
        f"/api/v1/cycles/{cycle['id']}/entries",
        json={"body": "x", "file_ids": [file_id]},
        headers=world.headers("coordinator"),
    )
    assert stolen.status_code == 422
    # ...and a file is attached once.
    mine = await client.post(
        f"/api/v1/cycles/{cycle['id']}/entries",
        json={"body": "x", "file_ids": [file_id]},
        headers=world.headers("member"),
    )
    assert mine.status_code == 201
    assert [f["name"] for f in mine.json()["files"]] == ["a.pdf"]
    again = await client.post(
        f"/api/v1/cycles/{cycle['id']}/entries",
        json={"body": "y", "file_ids": [file_id]},
        headers=world.headers("member"),
    )
    assert again.status_code == 422


async def test_file_names_are_made_safe(client: httpx.AsyncClient, world: World) -> None:
    response = await upload(client, world, "../../etc/pass:wd? å.pdf", PDF)
    assert response.json()["name"] == "passwd å.pdf"
    download = await client.get(
        f"/api/v1/files/{response.json()['id']}", headers=world.headers("member")
    )
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"passwd a.pdf\"; filename*=UTF-8''passwd%20%C3%A5.pdf"
    )


async def test_upload_needs_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/files", files={"file": ("a.pdf", PDF)})
    assert response.status_code == 401
