# Two commands do all the set-up on a fresh machine:
#   make run    install into .venv and start viam-server on examples/fake-robot.json
#   make test   install into .venv (with test tools) and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONFIG ?= examples/fake-robot.json

.PHONY: install run test lint bench protos

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,hardware,agent]'
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/viam-server -config $(CONFIG)

test: install
	$(PY) -m pytest -n auto --dist loadgroup

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/grpc_latency.py

protos: install
	$(PY) scripts/gen_protos.py
