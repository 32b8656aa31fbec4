"""The rules of docker-compose.yml, checked on `docker-compose config` (read from stdin).

Part of `make compose-check`: every image pinned to a version, a restart policy and a
health check on every long-running service, the one-shots (`migrate`, `minio-init`) run
once and the API waits for both to succeed, several API replicas with Redis, the S3
store and no scheduler of their own, exactly one scheduler, nginx publishing 80 and 443
with the certificate folder mounted. Exit status 1 with the broken rules.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml

ONE_SHOTS = {"migrate", "minio-init"}


def check(config: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    services: dict[str, Any] = config["services"]
    for name, service in services.items():
        image = str(service.get("image", ""))
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        if not tag or tag == "latest":
            errors.append(f"{name}: image {image!r} is not pinned to a version")
        if name in ONE_SHOTS:
            if service.get("restart", "no") != "no":
                errors.append(f"{name}: a one-shot must not restart")
            continue
        if service.get("restart") not in ("unless-stopped", "always", "on-failure"):
            errors.append(f"{name}: no restart policy")
        health = service.get("healthcheck") or {}
        if not health.get("test") or health.get("disable"):
            errors.append(f"{name}: no health check")

    api = services.get("api", {})
    waits = api.get("depends_on", {})
    for one_shot in sorted(ONE_SHOTS):
        if waits.get(one_shot, {}).get("condition") != "service_completed_successfully":
            errors.append(f"api: does not wait for {one_shot} to succeed")
    command = api.get("command") or []
    if "migrate" in (command if isinstance(command, str) else " ".join(map(str, command))):
        errors.append("api: migrates at start (the migrate service does)")
    if services.get("migrate", {}).get("command") != ["samklang", "migrate"]:
        errors.append("migrate: does not run `samklang migrate`")
    if int(api.get("deploy", {}).get("replicas", 1)) < 2:
        errors.append("api: fewer than two replicas")
    env = api.get("environment", {})
    expected = {
        "SAMKLANG_RUN_SCHEDULER": "false",
        "SAMKLANG_RUN_WORKER": "false",
        "SAMKLANG_STORAGE_BACKEND": "s3",
        "SAMKLANG_ENV": "production",
    }
    for key, value in expected.items():
        if str(env.get(key)).lower() != value:
            errors.append(f"api: {key} is {env.get(key)!r}, not {value!r}")
    for key in ("SAMKLANG_REDIS_URL", "SAMKLANG_S3_ENDPOINT_URL", "SAMKLANG_METRICS_TOKEN"):
        if not env.get(key):
            errors.append(f"api: {key} is not set")
    scheduler = services.get("scheduler", {})
    if scheduler.get("command") != ["samklang", "scheduler"]:
        errors.append("scheduler: no service running `samklang scheduler`")
    if int(scheduler.get("deploy", {}).get("replicas", 1)) != 1:
        errors.append("scheduler: must run exactly once")
    web = services.get("web", {})
    published = {int(p["target"]) if isinstance(p, dict) else int(str(p).split(":")[-1])
                 for p in web.get("ports", [])}  # fmt: skip
    if not {80, 443} <= published:
        errors.append(f"web: publishes {sorted(published)}, not 80 and 443")
    mounts = [str(v.get("target") if isinstance(v, dict) else v) for v in web.get("volumes", [])]
    if not any("/etc/nginx/certs" in m for m in mounts):
        errors.append("web: the certificate folder is not mounted at /etc/nginx/certs")
    return errors


def main() -> int:
    errors = check(yaml.safe_load(sys.stdin))
    for error in errors:
        print(f"compose-check: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
