# The two commands of the README: `make site` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check schema golden clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/heza build

serve: $(STAMP)
	$(BIN)/heza serve

check: $(STAMP)
	$(BIN)/heza check

schema: $(STAMP)
	$(BIN)/heza schema

test: $(STAMP)
	$(BIN)/python -m pytest

# Regenerate the golden files the tests compare against, after a deliberate change.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf site build/docs
