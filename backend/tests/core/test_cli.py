from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samklang.cli import app
from samklang.core.config import get_settings
from samklang.core.db import make_engine
from samklang.core.security import verify_password

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SAMKLANG_DATABASE_URL", url)
    monkeypatch.setenv("SAMKLANG_ENV", "development")
    get_settings.cache_clear()
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    yield url
    get_settings.cache_clear()


def _users(url: str) -> list[tuple[str, str, str | None]]:
    from sqlalchemy import text

    async def run() -> list[tuple[str, str, str | None]]:
        engine = make_engine(url, pool=False)
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT email, role, password_hash FROM users ORDER BY email")
            )
            result = [(r[0], r[1], r[2]) for r in rows]
        await engine.dispose()
        return result

    return asyncio.run(run())


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    async def run() -> list[tuple[object, ...]]:
        engine = make_engine(url, pool=False)
        async with engine.connect() as conn:
            result = [tuple(r) for r in await conn.execute(text(sql))]
        await engine.dispose()
        return result

    return asyncio.run(run())


def test_seed_demo_is_idempotent(cli_db: str) -> None:
    first = runner.invoke(app, ["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.samklang.no" in first.output
    assert "samklang-demo" in first.output
    before = _rows(
        cli_db,
        "SELECT count(*) FROM users UNION ALL SELECT count(*) FROM workspaces"
        " UNION ALL SELECT count(*) FROM applications",
    )
    second = runner.invoke(app, ["seed-demo"])
    assert second.exit_code == 0
    after = _rows(
        cli_db,
        "SELECT count(*) FROM users UNION ALL SELECT count(*) FROM workspaces"
        " UNION ALL SELECT count(*) FROM applications",
    )
    assert before == after
    users = [u for u in _users(cli_db) if u[2] is not None]
    assert [(e, r) for e, r, _ in users] == [
        ("admin@demo.samklang.no", "admin"),
        ("observator@demo.samklang.no", "member"),
        ("pilot@demo.samklang.no", "member"),
        ("veileder@demo.samklang.no", "mentor"),
    ]
    assert asyncio.run(verify_password(users[0][2], "samklang-demo"))


def test_seed_demo_builds_the_demo_network(cli_db: str) -> None:
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    workspaces = _rows(cli_db, "SELECT name, tier FROM workspaces ORDER BY name")
    assert ("Hyllestad og Fjaler", "pilot") in workspaces
    assert {
        ("Bodø", "pilot"),
        ("Asker", "pilot"),
        ("Gjesdal", "pilot"),
        ("Osterøy", "observer"),
    } <= set(workspaces)
    joint = _rows(
        cli_db,
        "SELECT m.municipality_number FROM workspace_municipalities m JOIN workspaces w"
        " ON w.id = m.workspace_id WHERE w.name = 'Hyllestad og Fjaler' ORDER BY m.position",
    )
    assert joint == [("4637",), ("4646",)]
    statuses = {r[0] for r in _rows(cli_db, "SELECT status FROM applications")}
    assert statuses == {"draft", "submitted", "decided"}
    # The users' own words from the webinar are the demo content.
    motivations = [r[0] for r in _rows(cli_db, "SELECT motivation FROM applications")]
    assert any("Namsos" in m or "kulturskole" in m.lower() for m in motivations)
    roles = set(
        _rows(
            cli_db,
            "SELECT u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id",
        )
    )
    assert ("pilot@demo.samklang.no", "coordinator") in roles
    assert ("observator@demo.samklang.no", "coordinator") in roles


def test_seed_demo_gives_pilots_action_learning(cli_db: str) -> None:
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    per_workspace = _rows(
        cli_db,
        "SELECT w.name, count(DISTINCT c.id), count(DISTINCT c.phase),"
        " count(DISTINCT p.workspace_id)"
        " FROM workspaces w JOIN cycles c ON c.workspace_id = w.id"
        " LEFT JOIN projects p ON p.workspace_id = w.id"
        " WHERE w.tier = 'pilot' GROUP BY w.name",
    )
    assert len(per_workspace) == 4
    for _name, cycles, phases, projects in per_workspace:
        assert 2 <= int(cycles) <= 4
        assert int(phases) >= 2
        assert projects == 1
    points = _rows(cli_db, "SELECT measure_id, count(*) FROM measure_points GROUP BY measure_id")
    assert len(points) == 4 and all(int(n) >= 12 for _, n in points)
    assert _rows(cli_db, "SELECT count(*) FROM entries")[0][0] > 0


def test_seed_demo_refuses_production(cli_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMKLANG_ENV", "production")
    monkeypatch.setenv("SAMKLANG_SECRET_KEY", "x" * 40)
    get_settings.cache_clear()
    result = runner.invoke(app, ["seed-demo"])
    assert result.exit_code == 1
    assert "production" in result.output
    assert _users(cli_db) == []


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from samklang.core.config import Settings

    monkeypatch.setenv("SAMKLANG_ENV", "production")
    monkeypatch.delenv("SAMKLANG_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings()


def test_create_user_from_env_password(cli_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMKLANG_NEW_PASSWORD", "a long enough password")
    result = runner.invoke(
        app, ["create-user", "Ny@Example.no", "--name", "Ny Bruker", "--role", "mentor"]
    )
    assert result.exit_code == 0, result.output
    ((email, role, hash_),) = _users(cli_db)
    assert (email, role) == ("ny@example.no", "mentor")
    assert asyncio.run(verify_password(hash_, "a long enough password"))
    again = runner.invoke(app, ["create-user", "ny@example.no", "--name", "X"])
    assert again.exit_code == 1


def test_create_user_prompts_for_password(cli_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMKLANG_NEW_PASSWORD", raising=False)
    result = runner.invoke(
        app, ["create-user", "p@example.no", "--name", "P"], input="short\nshort\n"
    )
    assert result.exit_code == 2
    assert _users(cli_db) == []


def test_openapi_command_prints_the_contract() -> None:
    result = runner.invoke(app, ["openapi"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert "/api/v1/auth/login" in document["paths"]
    assert "/api/v1/me" in document["paths"]


def test_backup_then_restore_from_the_command_line(
    cli_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMKLANG_STORAGE_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    archive = tmp_path / "b.tar.gz"
    result = runner.invoke(app, ["backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    assert archive.is_file()

    # Into the same (non-empty) database: refused with a reason, exit status 1.
    refused = runner.invoke(app, ["restore", str(archive)])
    assert refused.exit_code == 1
    assert "not empty" in refused.output

    restored = f"sqlite+aiosqlite:///{tmp_path}/restored.db"
    monkeypatch.setenv("SAMKLANG_DATABASE_URL", restored)
    monkeypatch.setenv("SAMKLANG_STORAGE_DIR", str(tmp_path / "restored-files"))
    get_settings.cache_clear()
    result = runner.invoke(app, ["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert _users(restored) == _users(cli_db)
