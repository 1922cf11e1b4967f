# strategic-ties — the commands in README.md. Everything runs inside .venv (created when missing).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
RAW    ?= ../shared/data
TEST_WORKERS ?= 2

.PHONY: install bytecode report batch test lab lint data data-check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) bytecode

# The package's bytecode, written ahead: with PYTHONDONTWRITEBYTECODE set (as on some build
# machines) Python would otherwise recompile its ~40 modules in every kernel (~70 ms CPU each).
# Cheap when up to date (compileall skips unchanged files).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q src >/dev/null

report: $(STAMP) bytecode
	$(BIN)/strategic-ties run

batch: $(STAMP) bytecode
	$(BIN)/strategic-ties batch examples/caucasus.yaml

# Two pytest workers (pytest-xdist): the suite is mostly real notebook runs and PDF prints, which
# keep one core busy each; every test uses its own temporary folders and process trees.
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

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
