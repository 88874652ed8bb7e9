# One command each for what developers and CI do. Nothing hidden.
SHELL := /bin/bash
VENV ?= .venv
# Django 6 needs Python 3.12 or newer: take the first one that runs, including pyenv's.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
    $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; exit 0; }; done; \
    for d in $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*; do \
    [ -x $$d/bin/python3 ] && $$d/bin/python3 -c 'import sqlite3' 2>/dev/null && { echo $$d/bin/python3; exit 0; }; done)
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive this Chromium (Debian's package); they never download a browser.
ANSVAR_CHROMIUM ?= /usr/bin/chromium
export ANSVAR_CHROMIUM

.PHONY: run test check lint typecheck migrations-check pytest chromium bench bench-smoke bench-build install install-dev clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Ansvar needs Python 3.12 or newer; none was found." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed node_modules/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# axe-core, which the browser tests load into Chromium to check accessibility (package.json).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install -y npm (the browser tests load axe-core from it)" >&2; exit 1; }
	npm ci --silent
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/ansvar init
	$(BIN)/ansvar demo --if-empty
	$(BIN)/ansvar serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check src tests bench reliability
	$(BIN)/ruff format --check src tests bench reliability

typecheck: install-dev
	$(BIN)/mypy

migrations-check: install-dev
	ANSVAR_DATABASE_URL=sqlite:///:memory: $(BIN)/python -m django makemigrations --check --dry-run --settings=ansvar.config.settings

# The suite always runs on SQLite; with ANSVAR_TEST_DATABASE_URL set it runs on PostgreSQL
# too, at the same time (tests/passes.sh). Connections are not kept: threads (live server,
# concurrency tests) must not outlive their tests and keep PostgreSQL from dropping the test
# database.
pytest: export ANSVAR_CONN_MAX_AGE = 0
pytest: install-dev
	tests/passes.sh $(BIN)/pytest $(PYTEST_ARGS)

check: lint typecheck migrations-check

# Checked first, so a machine without Chromium, Graphviz or wrk learns it at once, not after
# the long part.
chromium:
	@{ test -f "$(ANSVAR_CHROMIUM)" && test -x "$(ANSVAR_CHROMIUM)"; } || { \
	  echo "Chromium is missing: apt-get install -y chromium" >&2; \
	  echo "(the browser tests need $(ANSVAR_CHROMIUM); set ANSVAR_CHROMIUM to use another executable)" >&2; \
	  exit 1; }
	@command -v dot >/dev/null || { \
	  echo "Graphviz is missing: apt-get install -y graphviz" >&2; \
	  echo "(the organisation's pictures are drawn with its dot command, and their tests need it)" >&2; \
	  exit 1; }
	@command -v wrk >/dev/null || { \
	  echo "wrk is missing: apt-get install -y wrk" >&2; \
	  echo "(the benchmark's smoke, which the suite runs, loads ansvar serve with it)" >&2; \
	  exit 1; }

test: chromium check pytest

# The comparing benchmark: writes docs/benchmarks.md and bench/results/compare-*.json
# (BENCH_ARGS="--people 1000,10000,100000 --database-url postgres://...").
bench: install-dev
	$(BIN)/python bench/compare.py $(BENCH_ARGS)

# Every measure at a tiny size, in under a minute, into a temporary directory (the suite
# runs the same in tests/bench).
bench-smoke: install-dev
	@out=$$(mktemp -d) && $(BIN)/python bench/compare.py --smoke --results-dir $$out \
	  --output $$out/benchmarks.md $(BENCH_ARGS) && echo "smoke figures in $$out"

# The demo build and the import alone (bench/run.py), as before the comparing harness.
bench-build: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache
