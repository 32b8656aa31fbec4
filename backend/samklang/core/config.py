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
    # Where uploaded bytes live: the local folder above, or an S3-compatible object store
    # (files/storage.py), which several API replicas share.
    storage_backend: Literal["local", "s3"] = "local"
    s3_endpoint_url: str | None = None  # e.g. http://minio:9000; None: AWS itself
    s3_bucket: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None

    # Scheduled jobs (jobs/scheduler.py): inside the server process when true; production
    # replicas set it false and run one `samklang scheduler`. A claim in the job_runs table
    # makes each job run once per period whichever process runs the scheduler.
    run_scheduler: bool = True
    scheduler_tick_seconds: float = 30.0
    # `samklang scheduler` has no HTTP server: set a port to publish its /metrics there.
    scheduler_metrics_port: int | None = None
    backup_dir: Path = Path("./data/backups")
    backup_keep_days: int = 14

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

    # Observability (core/logging.py, core/metrics.py, core/tracing.py).
    log_format: Literal["json", "text"] | None = None  # default: json in production
    log_level: str = "INFO"
    # /metrics answers only a request with `Authorization: Bearer <this>`; unset: 404.
    metrics_token: SecretStr | None = None
    # OTLP/HTTP endpoint for traces (e.g. http://otel-collector:4318); unset, with no
    # OTEL_EXPORTER_OTLP_ENDPOINT either: no tracing.
    otel_endpoint: str | None = None
    otel_service_name: str = "samklang-api"

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.env is Environment.production:
            if self.secret_key.get_secret_value() == DEFAULT_SECRET:
                raise ValueError("SAMKLANG_SECRET_KEY must be set in production")
            if len(self.secret_key.get_secret_value()) < 32:
                raise ValueError("SAMKLANG_SECRET_KEY must be at least 32 characters")
            if self.secret_key.get_secret_value().upper().startswith("CHANGE-ME"):
                raise ValueError("SAMKLANG_SECRET_KEY is still the .env.example placeholder")
        if self.storage_backend == "s3" and not self.s3_bucket:
            raise ValueError("SAMKLANG_S3_BUCKET must be set when SAMKLANG_STORAGE_BACKEND=s3")
        return self

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is None:
            return self.env is Environment.production
        return self.cookie_secure

    @property
    def json_logs(self) -> bool:
        if self.log_format is None:
            return self.env is Environment.production
        return self.log_format == "json"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
