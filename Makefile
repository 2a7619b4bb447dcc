# The two commands a newcomer needs: `make run` (the service) and `make test` (the tests).
# Both create the virtual environment on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/quotewise serve --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

test: $(STAMP)
	$(BIN)/ruff check app tests benchmarks migrations
	$(BIN)/mypy app benchmarks tests
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks migrations
	$(BIN)/ruff format --check app tests benchmarks migrations
	$(BIN)/mypy app benchmarks tests
