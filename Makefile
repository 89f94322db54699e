# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# PIP_CONSTRAINT=constraints.txt (set by .ci/run) pins every dependency to the tested versions.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test lint audit clean

# setuptools is upgraded in the venv too: Python 3.11 bundles 65.5, which cannot read the SPDX
# license in pyproject.toml (tests/test_packaging.py builds the metadata with the venv's own).
$(BIN)/kgraph: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 'setuptools>=77'
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

# Fails on any known vulnerability pip-audit can see. Where its vulnerability service cannot
# be reached, packages are reported as "could not be audited" rather than failing the build.
audit: install-test
	$(BIN)/pip-audit --disable-pip --no-deps -r constraints.txt --progress-spinner off

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
