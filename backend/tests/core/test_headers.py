"""Security headers on API answers, errors, file downloads and the SPA (issue: Trust)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from samklang.core.config import Environment, Settings
from samklang.main import create_app

EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
}


def _assert_secure(response: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no unsafe-inline, no other origin
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "camera=()" in response.headers["permissions-policy"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/health"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/nowhere"),
        ("POST", "/api/v1/auth/login"),
    ],
)
async def test_every_api_answer_carries_the_headers(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path)
    _assert_secure(response)


async def test_hsts_only_over_tls(app: Any) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as plain:
        assert "strict-transport-security" not in (await plain.get("/api/health")).headers
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as tls:
        hsts = (await tls.get("/api/health")).headers["strict-transport-security"]
    assert hsts.startswith("max-age=31536000")


async def test_the_spa_carries_the_headers(settings: Settings, tmp_path: Path) -> None:
    static = tmp_path / "dist"
    static.mkdir()
    (static / "index.html").write_text('<script type="module" src="/assets/app.js"></script>')
    app = create_app(settings.model_copy(update={"static_dir": static}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        response = await c.get("/workspaces/123")
    assert response.status_code == 200
    _assert_secure(response)


async def test_api_docs_are_not_served_in_production(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"env": Environment.production}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        assert (await c.get("/api/docs")).status_code == 404
        # The OpenAPI document stays: clients and the hostile-input tests read it.
        assert (await c.get("/api/openapi.json")).status_code == 200


def test_the_built_spa_has_no_inline_script() -> None:
    index = Path(__file__).resolve().parents[3] / "frontend" / "index.html"
    html = index.read_text()
    assert "<script" in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0], "an inline script would be blocked by the CSP"


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Rapport høst 2026.pdf", "Rapport host 2026.pdf"),
        ('evil"\r\nSet-Cookie: x=1.pdf', "evil_Set-Cookie_ x_1.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("....", "file"),
    ],
)
def test_downloads_are_attachments_with_safe_names(name: str, plain: str) -> None:
    from samklang.files.service import content_disposition

    header = content_disposition(name)
    assert header.startswith("attachment; ")
    assert f'filename="{plain}"' in header
    assert "\r" not in header and "\n" not in header
    assert "filename*=UTF-8''" in header
