# FactsQuiz: `make run` sets everything up and serves the site; `make test` runs the suite.
# Both create .venv with Python >= 3.12 on first use and reinstall when pyproject.toml changes.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SEED := content/fixtures/nato-russia-relations-the-facts.json

.PHONY: run setup test e2e lint messages python bench bench-analytics bench-load bench-server bench-faults backup restore

python:
	@found=""; for candidate in python3.13 python3.12 python3; do \
	  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    found=$$candidate; break; fi; done; \
	if [ -z "$$found" ]; then \
	  echo "FactsQuiz needs Python 3.12 or newer (3.13 recommended), and none was found on PATH." >&2; \
	  echo "Install it (for example with pyenv or your package manager), then run make again." >&2; exit 1; fi; \
	echo $$found > $(VENV).python

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory python
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); "$$(cat $(VENV).python)" -m venv $(VENV); fi
	@rm -f $(VENV).python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py createcachetable
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py import_content $(SEED) --skip-existing
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py create_demo_accounts

run: setup
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Real-browser journeys: Playwright drives the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
e2e: $(STAMP)
	@command -v $${CHROMIUM_PATH:-/usr/bin/chromium} >/dev/null 2>&1 || { \
	  echo "Chromium is missing: install it (apt-get install -y chromium) or set CHROMIUM_PATH." >&2; exit 1; }
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Translations (docs/translating.md): collect every interface string into locale/<lang>/LC_MESSAGES/*.po, then
# compile the .mo files the site reads (committed, and tested to match). Needs GNU gettext (apt-get install gettext).
I18N_IGNORE := --ignore=.venv --ignore=bench --ignore=tests --ignore=docs --ignore=staticfiles --ignore=build
LANGS ?= fr
messages: $(STAMP)
	@command -v xgettext >/dev/null 2>&1 || { echo "GNU gettext is missing: apt-get install -y gettext" >&2; exit 1; }
	DEBUG=1 $(BIN)/python manage.py makemessages $(addprefix -l ,$(LANGS)) --no-obsolete --add-location=file $(I18N_IGNORE)
	DEBUG=1 $(BIN)/python manage.py makemessages -d djangojs $(addprefix -l ,$(LANGS)) --no-obsolete --add-location=file $(I18N_IGNORE)
	DEBUG=1 $(BIN)/python manage.py compilemessages $(addprefix -l ,$(LANGS)) $(I18N_IGNORE)

# Benchmarks run with DEBUG off, as in production (static files collected, plain HTTP on loopback).
BENCH_ENV := DEBUG=0 SECRET_KEY=benchmark-only-not-a-secret SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=localhost,127.0.0.1
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/factsquiz_bench
BENCH_ARGS ?=

bench-analytics: $(STAMP)
	@mkdir -p bench/.data
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/bench/.data/analytics.sqlite3 $(BIN)/python bench/analytics.py $(BENCH_ARGS)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PG) $(BIN)/python bench/analytics.py $(BENCH_ARGS)

# Load: gunicorn (2 workers) on a fresh PostgreSQL database, 50 simulated learners, all on loopback.
bench-load: $(STAMP)
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)

# Server time of the learner's busiest pages, the gradebook and spaced review (with reminders), on SQLite and
# PostgreSQL (with sessions in Redis, BENCH_SERVER_REDIS_URL, as in production); each run creates its own database
# (BENCH_SERVER_PG must name one with "bench" in it) and drops it.
BENCH_SERVER_PG ?= postgres://postgres@127.0.0.1:5432/factsquiz_server_bench
BENCH_SERVER_ARGS ?=

bench-server: $(STAMP)
	@mkdir -p bench/.data
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/bench/.data/server.sqlite3 $(BIN)/python bench/server.py $(BENCH_SERVER_ARGS)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SERVER_PG) $(BIN)/python bench/server.py $(BENCH_SERVER_ARGS)

bench: bench-load bench-analytics bench-server

# Faults: PostgreSQL restarted and stopped, Redis stopped, a worker killed, a reload, clients dropping, while learners
# answer; a mid-load backup restored; a soak (BENCH_FAULTS_ARGS="--soak-minutes 1" for a trial). Restarts this
# machine's PostgreSQL and Redis (restored on exit, even when interrupted); not part of `make bench`.
BENCH_FAULTS_ARGS ?=

bench-faults: $(STAMP)
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python bench/faults.py $(BENCH_FAULTS_ARGS)

# Backups (PostgreSQL): `make backup` writes a pg_dump (custom format), the content export and a manifest, from one
# snapshot of DATABASE_URL, to BACKUP_DIR; `make restore FILE=….dump DATABASE_URL=postgres://…/new_database`
# restores into a database that must not exist yet, migrates it and checks it against the manifest.
BACKUP_DIR ?= backups

backup: $(STAMP)
	DEBUG=$${DEBUG-1} $(BIN)/python bench/backup.py backup --dir $(BACKUP_DIR)

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/factsquiz-….dump DATABASE_URL=postgres://…/new_database" >&2; exit 1; }
	DEBUG=$${DEBUG-1} $(BIN)/python bench/backup.py restore $(FILE)
