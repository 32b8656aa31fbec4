# Samklang: one command per habit. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := backend/.venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := frontend/node_modules/.installed
DIST := frontend/dist/index.html
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/package-lock.json

# `make run` keeps its data in ./data (SQLite and the email outbox) unless told otherwise.
run migrate seed: export SAMKLANG_DATABASE_URL ?= sqlite+aiosqlite:///$(CURDIR)/data/samklang.db
run migrate seed: export SAMKLANG_OUTBOX_DIR ?= $(CURDIR)/data/outbox
SAMKLANG_TEST_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: lock help run test lint fmt migrate seed client client-check backend-test frontend-test e2e faults races replicas audit bench compose-check k8s-check nginx-check bench-scale chromium fonts clean

help: ## List the commands
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# The backend installs from the hashed lock file (backend/requirements-dev.lock), never
# from pyproject's open ranges: two installs a week apart are the same program.
$(PY_STAMP): backend/pyproject.toml backend/requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r backend/requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e backend
	@touch $@

$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(DIST): $(NODE_STAMP) $(FRONTEND_SRC)
	cd frontend && npm run build

run: $(PY_STAMP) $(DIST) ## Build and serve API and web app on http://127.0.0.1:8000 (SQLite in ./data)
	$(BIN)/samklang migrate
	$(BIN)/samklang seed-demo
	@echo "Samklang: http://$(HOST):$(PORT)"
	$(BIN)/samklang serve --host $(HOST) --port $(PORT)

migrate: $(PY_STAMP) ## Migrate the database (SAMKLANG_DATABASE_URL)
	$(BIN)/samklang migrate

seed: $(PY_STAMP) ## Create the demo data
	$(BIN)/samklang seed-demo

lint: $(PY_STAMP) ## ruff, mypy and the import contracts (layers, no cycles) on the backend
	cd backend && .venv/bin/ruff check samklang tests migrations ../tests ../infra
	cd backend && .venv/bin/ruff format --check samklang tests migrations ../tests ../infra
	cd backend && .venv/bin/mypy samklang
	cd backend && .venv/bin/lint-imports

fmt: $(PY_STAMP) ## Format the backend
	cd backend && .venv/bin/ruff format samklang tests migrations ../tests ../infra
	cd backend && .venv/bin/ruff check --fix samklang tests migrations ../tests ../infra

fonts: ## Install DejaVu Sans (report PDFs with Sami letters) when missing
	@if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else echo "DejaVu Sans is missing: install Debian's 'fonts-dejavu-core' package"; exit 1; fi; \
	fi

# The two runs go side by side (one core each); each prints its own log when both are done.
backend-test: $(PY_STAMP) fonts ## Backend tests on SQLite and on PostgreSQL (in parallel)
	@mkdir -p .test-logs
	@cd backend && { SAMKLANG_TEST_BACKEND=sqlite .venv/bin/pytest -q -p no:cacheprovider \
	    > ../.test-logs/backend-sqlite.log 2>&1; echo $$? > ../.test-logs/backend-sqlite.rc; } & \
	cd backend && { SAMKLANG_TEST_BACKEND=postgresql SAMKLANG_TEST_DATABASE_URL=$(SAMKLANG_TEST_DATABASE_URL) \
	    .venv/bin/pytest -q -p no:cacheprovider > ../.test-logs/backend-postgresql.log 2>&1; \
	    echo $$? > ../.test-logs/backend-postgresql.rc; } ; wait
	@status=0; for db in sqlite postgresql; do \
	  echo "=== backend tests on $$db ==="; cat .test-logs/backend-$$db.log; \
	  [ "$$(cat .test-logs/backend-$$db.rc)" = "0" ] || status=1; done; exit $$status

client: $(PY_STAMP) $(NODE_STAMP) ## Regenerate the typed API client from the backend
	$(BIN)/samklang openapi > frontend/openapi.json
	cd frontend && npm run gen:api

client-check: $(PY_STAMP) $(NODE_STAMP) ## Fail when the committed API client is stale
	@$(BIN)/samklang openapi > .openapi.current.json
	@if ! diff -q .openapi.current.json frontend/openapi.json >/dev/null; then \
	  rm -f .openapi.current.json; \
	  echo "frontend/openapi.json is stale: run 'make client' and commit the result"; exit 1; fi
	@rm -f .openapi.current.json
	cd frontend && npm run check:api

frontend-test: $(NODE_STAMP) ## Type check, import rules, unit tests and build of the web app
	cd frontend && npm run typecheck
	cd frontend && npm run lint
	cd frontend && npm test
	cd frontend && npm run build

chromium: ## Install Debian's Chromium for browser tests (as root) when missing
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)"; exit 1; fi; \
	fi

e2e: $(PY_STAMP) $(DIST) chromium ## Browser journeys (Playwright + Debian's Chromium)
	$(BIN)/pytest -c tests/e2e/pytest.ini tests/e2e

faults: $(PY_STAMP) ## PostgreSQL stopped and crashed under load: 503s, recovery, no lost writes
	$(BIN)/pytest -c tests/faults/pytest.ini -m faults tests/faults

races: $(PY_STAMP) ## Many clients at once against the real server (PostgreSQL and SQLite)
	SAMKLANG_TEST_DATABASE_URL=$(SAMKLANG_TEST_DATABASE_URL) $(BIN)/pytest -c tests/races/pytest.ini -m races tests/races

compose-check: $(PY_STAMP) ## Validate docker-compose.yml with docker-compose config (and that it needs its secrets)
	@if ! command -v docker-compose >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; fi
	@if command -v docker-compose >/dev/null 2>&1; then \
	  docker-compose --env-file .env.example config -q || exit 1; \
	  docker-compose --env-file .env.example config 2>/dev/null | $(BIN)/python infra/compose_check.py || exit 1; \
	  empty=$$(mktemp); missing=$$(docker-compose --env-file $$empty config -q 2>&1); rm -f $$empty; \
	  if ! grep -q "set POSTGRES_PASSWORD in .env" <<<"$$missing"; then \
	    echo "docker-compose.yml must refuse to run without its secrets (\$${VAR:?...}): $$missing"; exit 1; fi; \
	  echo "docker-compose.yml is valid (with .env.example; refused without the secrets; infra/compose_check.py rules hold)"; \
	elif [ "$$CI" = "true" ]; then echo "docker-compose is missing"; exit 1; \
	else echo "docker-compose is not installed: skipping the compose check (apt-get install docker-compose)"; fi

replicas: $(PY_STAMP) ## Two API processes on one PostgreSQL, Redis and S3 store (moto): events, files, jobs, sign-in limit
	$(BIN)/pytest -c tests/replicas/pytest.ini -m replicas tests/replicas

k8s-check: $(PY_STAMP) ## Render infra/k8s (base, datastores, production) and validate it against the Kubernetes schemas, offline
	$(BIN)/python infra/k8s/check.py

nginx-check: ## Run infra/nginx.conf in a real nginx on 127.0.0.1: redirect, TLS, HSTS, headers, proxy
	bash infra/nginx-check.sh

test: lint compose-check k8s-check nginx-check backend-test races client-check frontend-test e2e faults replicas ## Everything CI runs

audit: $(PY_STAMP) $(NODE_STAMP) ## Known vulnerabilities in the dependencies (needs PyPI's and npm's advisory services)
	@test -x $(BIN)/pip-audit || $(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --skip-editable --strict
	cd frontend && npm audit --omit=dev --audit-level=high

bench: $(PY_STAMP) ## Benchmark against PostgreSQL with wrk
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/bench/run.py $(BENCH_ARGS)

bench-scale: $(PY_STAMP) ## One API process against two (Redis, PostgreSQL, 127.0.0.1), mixed read/write load, side by side (~1.5 min)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/bench/scale.py $(BENCH_ARGS)

UV_VERSION := 0.13.8
lock: ## Re-resolve the locked backend dependencies (after editing pyproject.toml)
	@test -x $(VENV)/uv/bin/uv || { $(PYTHON) -m venv $(VENV)/uv && $(VENV)/uv/bin/pip install --quiet uv==$(UV_VERSION); }
	cd backend && ../$(VENV)/uv/bin/uv pip compile --generate-hashes --python-version 3.11 --universal -q \
	  --custom-compile-command "make lock" $(LOCK_ARGS) pyproject.toml requirements-build.in -o requirements.lock
	cd backend && ../$(VENV)/uv/bin/uv pip compile --generate-hashes --python-version 3.11 --universal -q \
	  --custom-compile-command "make lock" $(LOCK_ARGS) pyproject.toml --extra dev requirements-build.in -o requirements-dev.lock

clean: ## Remove build output (keeps ./data)
	rm -rf frontend/dist frontend/node_modules $(VENV)
