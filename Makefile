# Two commands do all the set-up on a fresh machine:
#   make run    install into .venv and start viam-server on examples/fake-robot.json
#   make test   install into .venv (with test tools) and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONFIG ?= examples/fake-robot.json
# `make run` keeps its packages and module data inside the checkout, never in ~/.viam.
RUN_VIAM_HOME ?= $(CURDIR)/.viam-home

.PHONY: install run test lint bench protos node-deps page

$(VENV)/.installed: pyproject.toml
	@echo "== [1/3] creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	@echo "== [2/3] upgrading pip"
	$(PY) -m pip install --quiet --upgrade pip
	@echo "== [3/3] installing viam-pi with its dependencies (grpcio, OpenCV, ...: a few minutes the first time)"
	$(PY) -m pip install --progress-bar off -e '.[dev,hardware,agent]'
	touch $@
	@echo "== installed: $(VENV)/bin/viam-server, $(VENV)/bin/viam-agent"

install: $(VENV)/.installed page

# The control page (web/: TypeScript on the official @viamrobotics/sdk) built into viam/web/static,
# which the server serves and the wheel ships. npm ci from web/package-lock.json, then esbuild.
# Without npm the server serves a plain status page that says how to build this one.
PAGE_SOURCES := web/package-lock.json web/build.mjs web/index.html web/style.css $(wildcard web/src/*.ts web/src/*/*.ts)
viam/web/static/app.js: $(PAGE_SOURCES)
	@if command -v npm >/dev/null 2>&1; then \
	  echo "== building the control page (npm ci in web/, then esbuild)"; \
	  npm ci --prefix web --no-audit --no-fund --loglevel=error && node web/build.mjs; \
	else echo "note: npm not found; the server will serve its plain status page (install Node.js + npm, then make page)" >&2; fi

page: viam/web/static/app.js

# The official TypeScript SDK for tests/web/test_ts_sdk.py, from the committed lockfile (skipped
# with a note when npm is missing; the test then skips, or fails under CI).
tests/node/node_modules/.installed: tests/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "note: npm not found; the TypeScript SDK test will skip" >&2; fi

node-deps: tests/node/node_modules/.installed

run: install
	@echo "== starting viam-server on $(CONFIG) (fake hardware; VIAM_HOME=$(RUN_VIAM_HOME)); it prints where it listens"
	VIAM_HOME=$(RUN_VIAM_HOME) $(VENV)/bin/viam-server -config $(CONFIG)

test: install node-deps
	$(PY) -m pytest -n auto --dist loadgroup

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

protos: install
	$(PY) scripts/gen_protos.py
