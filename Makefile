# onconav — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
QUESTION ?= How do I get a second opinion for MDS without offending my oncologist?

.PHONY: install run ask test lint typecheck unit bench clean kb-check eval

install: $(STAMP)

# Reinstall whenever the dependency list changes.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "onconav needs $(PYTHON) on PATH" >&2; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==26.3"
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip check
	touch $(STAMP)

# The main job: build the knowledge-base index, then serve the web app on
# http://127.0.0.1:8000 (local single-user mode). `make ask` answers in the terminal.
run: install
	$(BIN)/onconav kb build
	$(BIN)/onconav serve

ask: install
	$(BIN)/onconav kb build
	$(BIN)/onconav ask "$(QUESTION)"

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q

test: lint typecheck unit

kb-check: install
	$(BIN)/onconav kb check

eval: install
	$(BIN)/onconav eval

bench: install
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist src/*.egg-info
