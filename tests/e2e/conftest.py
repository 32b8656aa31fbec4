"""Browser journeys: the real server (migrated, seeded, serving frontend/dist) + Chromium.

Run from the repo root with `backend/.venv/bin/pytest tests/e2e`. Needs `frontend/dist`
(`cd frontend && npm ci && npm run build`) and Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from serving import REPO, VENV_BIN, free_port  # noqa: E402 - the shared server helpers

DIST = REPO / "frontend" / "dist"
AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("SAMKLANG_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "samklang-demo"

expect.set_options(timeout=10_000)


class Server:
    def __init__(self, base_url: str, outbox: Path, log: Path, database: Path) -> None:
        self.base_url = base_url
        self.outbox = outbox
        self.log = log
        self.database = database

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    # -- API helpers (plain HTTP, not the browser's cookies) ------------------------------

    def api(
        self, method: str, path: str, body: object | None = None, token: str | None = None
    ) -> tuple[int, object]:
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url(path), data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    def login_token(self, email_address: str, password: str = DEMO_PASSWORD) -> str:
        form = urllib.parse.urlencode({"username": email_address, "password": password}).encode()
        request = urllib.request.Request(
            self.url("/api/v1/auth/login"),
            data=form,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return str(json.loads(response.read())["access_token"])

    # -- outbox ---------------------------------------------------------------------------

    def wait_for_link(self, to: str, path: str, timeout: float = 20.0) -> str:
        """The newest link to `path` in an email to `to` in the outbox folder."""
        pattern = re.compile(re.escape(self.url(path)) + r"\?token=[A-Za-z0-9_\-.%]+")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found: list[tuple[float, str]] = []
            for file in self.outbox.glob("*.eml") if self.outbox.exists() else []:
                message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
                if to.lower() not in str(message.get("To", "")).lower():
                    continue
                body = message.get_body(preferencelist=("plain", "html"))
                text = body.get_content() if body is not None else ""
                for link in pattern.findall(text):
                    found.append((file.stat().st_mtime, link))
            if found:
                return sorted(found)[-1][1]
            time.sleep(0.25)
        files = sorted(p.name for p in self.outbox.glob("*")) if self.outbox.exists() else []
        pytest.fail(f"no email to {to} with a {path} link within {timeout}s; outbox: {files}")


def _run(args: list[str], env: dict[str, str], cwd: Path) -> None:
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)  # noqa: S603
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The server the browser journeys share (migrated, seeded with the demo data)."""
    with running_server() as started:
        yield started


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """Start a new server on a fresh SQLite database with the demo data; stop it after."""
    if not (DIST / "index.html").is_file():
        pytest.fail(
            f"{DIST}/index.html is missing: build the frontend first "
            "(cd frontend && npm ci && npm run build)"
        )
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in frontend/")
    for tool in ("samklang", "uvicorn"):
        if not (VENV_BIN / tool).exists():
            pytest.fail(f"{VENV_BIN / tool} is missing: install the backend with its dev extras")

    tmp = Path(tempfile.mkdtemp(prefix="samklang-e2e-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SAMKLANG_ENV": "test",
        "SAMKLANG_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/e2e.db",
        "SAMKLANG_OUTBOX_DIR": str(tmp / "outbox"),
        "SAMKLANG_EMAIL_BACKEND": "folder",
        "SAMKLANG_STATIC_DIR": str(DIST),
        "SAMKLANG_BASE_URL": base_url,
        "SAMKLANG_RUN_WORKER": "true",
        "SAMKLANG_RUN_SCHEDULER": "false",  # no backups or digests in the middle of a test
    }
    _run([str(VENV_BIN / "samklang"), "migrate"], env, tmp)
    _run([str(VENV_BIN / "samklang"), "seed-demo"], env, tmp)

    log = tmp / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "uvicorn"),
                "samklang.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=tmp,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base_url}/api/ready", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server not ready within 60s:\n{log.read_text()}")
            time.sleep(0.25)
        yield Server(base_url, tmp / "outbox", log, tmp / "e2e.db")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if os.environ.get("SAMKLANG_E2E_KEEP"):
            print(f"\nkept e2e files in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (not `playwright install`)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(
    browser: Browser, server: Server, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh browser context (own cookies) with the given locale."""
    contexts: list[BrowserContext] = []

    def open_page(locale: str = "nb-NO") -> Page:
        context = browser.new_context(
            locale=locale, base_url=server.base_url, viewport={"width": 1200, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # A Content-Security-Policy violation is reported on the console, not thrown.
        page.on(
            "console",
            lambda msg: (
                errors.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        page.errors = errors  # type: ignore[attr-defined]
        return page

    yield open_page
    failed = getattr(request.node, "rep_call", None)
    for index, context in enumerate(contexts):
        if failed is not None and failed.failed:
            shots = REPO / "test-results" / "e2e"
            shots.mkdir(parents=True, exist_ok=True)
            for n, page in enumerate(context.pages):
                name = f"{request.node.name}-{index}-{n}.png".replace("/", "_")
                page.screenshot(path=str(shots / name), full_page=True)
        for page in context.pages:
            errors = page.errors  # type: ignore[attr-defined]
            assert not errors, f"JavaScript errors on {page.url}: {errors}"
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# -- accessibility -----------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page: Page, what: str = "") -> None:
    """axe-core with the WCAG 2.0/2.1 A and AA rules: no violations."""
    # Let fades and slides finish: axe reads colours mid-animation as low contrast.
    # (Endless ones, such as a spinner's, are left alone.)
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map(a => a.finished.catch(() => null)))"""
    )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # does not govern (an injected <script> tag would be blocked: the CSP stays on).
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )
    if result:
        lines = [f"axe found {len(result)} violation(s) on {what or page.url}:"]
        for v in result:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
            for node in v["nodes"][:5]:
                lines.append(f"    at {node['target']}: {node['summary']}")
        pytest.fail("\n".join(lines))


# -- keyboard ----------------------------------------------------------------------------


def tab_to(page: Page, selector: str, max_presses: int = 25) -> None:
    """Press Tab until the element matching `selector` has focus (proves it is reachable)."""
    page.locator(selector).wait_for(state="visible")
    for _ in range(max_presses):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} not reachable with Tab within {max_presses} presses")


def sign_in_by_keyboard(page: Page, email_address: str, password: str = DEMO_PASSWORD) -> None:
    tab_to(page, "#login-email")
    page.keyboard.type(email_address)
    tab_to(page, "#login-password")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


# -- texts -------------------------------------------------------------------------------

_I18N = REPO / "frontend" / "src" / "i18n"


def texts(locale: str) -> Callable[..., str]:
    """`tr("login.title")` in the given UI language, from the frontend's own i18n files."""
    data = json.loads((_I18N / f"{locale}.json").read_text(encoding="utf-8"))

    def tr(key: str, **params: str) -> str:
        node: object = data
        for part in key.split("."):
            assert isinstance(node, dict), key
            node = node[part]
        assert isinstance(node, str), key
        for name, value in params.items():
            node = node.replace("{{" + name + "}}", value)
        return node

    return tr
