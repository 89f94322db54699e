# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test lint clean

$(BIN)/kgraph: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BIN)/kgraph

install: $(BIN)/kgraph

$(VENV)/.test-deps: $(BIN)/kgraph
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install-test: $(VENV)/.test-deps

demo: install
	$(BIN)/kgraph build --example --out output

test: install-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check src tests bench scripts

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
