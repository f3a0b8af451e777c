# ClaimTracker: `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install install-dev run worker serve test lint format lock messages

help:
	@echo "make run    install into .venv, migrate, load the demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test   install the dev dependencies and run the whole test suite"
	@echo "make worker run one background worker (webhook deliveries, copies remade after writes); make run starts one too"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check, a whole Ukrainian catalogue"
	@echo "make messages  extract the interface's messages into locale/uk and compile them"
	@echo "make serve  production settings under gunicorn on http://$(HOST):$(PORT)/ (local, no TLS)"
	@echo "make lock   re-pin constraints.txt after changing pyproject.toml"
	@echo "make bench  speed against baselines measured in the same run; writes docs/benchmarks.md"
	@echo "make load|fault|concurrency|slow|import  one reliability check; prints one summary line"
	@echo "make reliability  every check; records their results in docs/reliability.md"
	@echo "make webhooks  webhook delivery under faults; prints one summary line"
	@echo "make replica   reads on a streaming replica that is killed mid-load; one summary line"
	@echo "make extract-eval  article extraction against the annotated corpus (precision, recall, speed)"
	@echo "make screenshots  the key pages at 1280 and 390 px, into var/screenshots/"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ClaimTracker needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"

# Stamps record what is installed; they are rebuilt when the pins change.
$(VENV)/.installed-runtime: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet --constraint constraints.txt --editable .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet --constraint constraints.txt --editable ".[dev]"
	@touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

run: install
	DEBUG=$${DEBUG:-true} $(MANAGE) migrate --no-input
	DEBUG=$${DEBUG:-true} $(MANAGE) createcachetable
	DEBUG=$${DEBUG:-true} $(MANAGE) load_demo --if-empty
	@# The worker runs in a process group of its own, so that stopping the server stops it and
	@# its autoreloader's child too.
	@trap 'kill -TERM -- -$$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=$${DEBUG:-true} setsid $(MANAGE) worker & worker=$$!; \
	  DEBUG=$${DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

# One background worker: it sends webhooks, and can run beside others anywhere.
worker: install
	DEBUG=$${DEBUG:-true} $(MANAGE) worker

# A production-like local run: DEBUG off, hashed static files, gunicorn. Only the HTTPS redirect
# is off, as nothing terminates TLS here. The secret key is made once and kept in var/.
serve: install
	@mkdir -p var
	@test -s var/secret_key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
	@export DEBUG=false SECURE_SSL_REDIRECT=false SECRET_KEY=$${SECRET_KEY:-$$(cat var/secret_key)} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} BIND=$(HOST):$(PORT); \
	  $(MANAGE) migrate --no-input && $(MANAGE) createcachetable && \
	  $(MANAGE) collectstatic --no-input -v0 && $(MANAGE) load_demo --if-empty && \
	  exec $(BIN)/gunicorn -c gunicorn.conf.py claimtracker.wsgi

test: install-dev
	@scripts/setup-test-tools
	$(BIN)/pytest -n $${TEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
	scripts/check-translations

# After changing a user-facing string: extract, translate what is new in
# locale/uk/LC_MESSAGES/django.po, then run it again to compile the django.mo that is committed.
messages: install-dev
	DEBUG=true $(MANAGE) makemessages -l uk --no-location \
	  -i '.venv/*' -i 'var/*' -i 'node_modules/*' -i 'tests/*' -i 'benchmarks/*' -i 'static/*'
	msgfmt --check -o locale/uk/LC_MESSAGES/django.mo locale/uk/LC_MESSAGES/django.po

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Installs the bench extra too, so that its pins are not dropped.
lock: $(VENV)/.installed-bench
	{ echo "# Every package ClaimTracker installs, pinned. make uses it as a pip constraints file."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(PIP) freeze --exclude-editable; } > constraints.txt

# Reliability checks (scripts/reliability/, a module per check): each starts its own PostgreSQL
# cluster and gunicorn, prints one summary line and cleans up. `make reliability` runs them all
# (about 15 minutes) and records them in docs/reliability.md. RELIABILITY_ARGS="--duration 10"
# shortens the load runs.
.PHONY: load fault concurrency slow import reliability
# (A line may not start with `load`: that is GNU make's directive for loading plug-ins.)
fault concurrency slow import load: install-dev
	PYTHONPATH=scripts $(BIN)/python -m reliability $@ $(RELIABILITY_ARGS)

reliability: install-dev
	PYTHONPATH=scripts $(BIN)/python -m reliability all $(RELIABILITY_ARGS)

# Webhook delivery under faults (scripts/webhooks_check.py): its own PostgreSQL cluster, gunicorn,
# a receiver on 127.0.0.1 that fails and hangs, a worker killed twice; one line; a few minutes.
# WEBHOOKS_ARGS=--record writes the result into docs/reliability.md.
.PHONY: webhooks extract-eval
webhooks: install-dev
	$(BIN)/python scripts/webhooks_check.py $(WEBHOOKS_ARGS)

# Article extraction against the annotated corpus (tests/extraction/corpus): precision and
# recall per field for the dev and held-out parts, and milliseconds per article.
extract-eval: install
	$(BIN)/python scripts/extract_eval.py $(EVAL_ARGS)

# Speed against baselines measured in the same run, written to docs/benchmarks.md: about 10
# minutes, plus some 20 the first time, to generate its databases. BENCH_ARGS=--skip-million
# leaves out the 1,000,000-claim export run.
$(VENV)/.installed-bench: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet --constraint constraints.txt --editable ".[dev,bench]"
	@touch $@ $(VENV)/.installed-dev $(VENV)/.installed-runtime

.PHONY: bench
bench: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# Reads on a streaming replica (scripts/replica_check.py): a throwaway primary and replica,
# gunicorn reading from both, the replica killed mid-load. REPLICA_ARGS=--record writes the
# result into docs/reliability.md.
.PHONY: replica
replica: install-dev
	$(BIN)/python scripts/replica_check.py $(REPLICA_ARGS)

# The key pages, readers' and the desk's, at 1280 and 390 px (scripts/screenshots.py): demo data
# in a throwaway database, Debian's Chromium, nothing fetched from outside; var/screenshots/.
.PHONY: screenshots
screenshots: install-dev
	@scripts/setup-test-tools
	$(BIN)/python scripts/screenshots.py
