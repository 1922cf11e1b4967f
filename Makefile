# strategic-ties — the commands in README.md. Everything runs inside .venv (created when missing).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
RAW    ?= ../shared/data

.PHONY: install report batch test lab lint data data-check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(BIN)/strategic-ties run

batch: $(STAMP)
	$(BIN)/strategic-ties batch examples/caucasus.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[dev,lab]"
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

data: $(STAMP)
	$(BIN)/strategic-ties data build --raw $(RAW)

data-check: $(STAMP)
	$(BIN)/strategic-ties data check

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf reports/*/ .pytest_cache
