"""Settings, read from the environment with the prefix ``SAMKLANG_``."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - refused in production


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMKLANG_", env_file=None, extra="ignore")

    env: Environment = Environment.development
    database_url: str = "sqlite+aiosqlite:///./data/samklang.db"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    audit_retention_days: int = 730  # the audit log is pruned by `samklang prune-audit`
    invitation_days: int = 14
    password_reset_minutes: int = 60
    # Connections per API process: the requests one worker serves at once (a request holds
    # one connection while it runs); overflow connections are opened and closed again.
    db_pool_size: int = 20
    db_max_overflow: int = 0
    base_url: str = "http://127.0.0.1:8000"
    static_dir: Path | None = REPO_ROOT / "frontend" / "dist"

    email_backend: Literal["folder", "smtp"] = "folder"
    outbox_dir: Path = Path("./data/outbox")
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: Literal["none", "starttls", "tls"] = "none"
    smtp_from: str = "Samklang <noreply@samklang.no>"
    smtp_timeout_seconds: float = 10.0
    run_worker: bool = True
    worker_poll_seconds: float = 2.0
    email_max_attempts: int = 12

    storage_dir: Path = Path("./data/files")
    max_upload_mb: int = 20

    # Live events: in-process by default; through Redis pub/sub when set, so that several
    # API processes deliver to each other's clients.
    redis_url: str | None = None
    events_channel_prefix: str = "samklang"
    events_heartbeat_seconds: float = 15.0

    # Repeated reads of the feed are answered from memory until a write changes the data
    # (core/read_cache.py); the size is per process.
    read_cache: bool = True
    read_cache_mb: int = 32

    login_max_attempts: int = 5
    login_window_seconds: int = 900
    cookie_secure: bool | None = None  # default: true in production, false elsewhere

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.env is Environment.production:
            if self.secret_key.get_secret_value() == DEFAULT_SECRET:
                raise ValueError("SAMKLANG_SECRET_KEY must be set in production")
            if len(self.secret_key.get_secret_value()) < 32:
                raise ValueError("SAMKLANG_SECRET_KEY must be at least 32 characters")
        return self

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is None:
            return self.env is Environment.production
        return self.cookie_secure

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
