# Two commands for a new user (see README):
#   make run    set everything up, index the sample articles, open the chat
#   make test   set everything up, run the whole test suite
# Everything installs from the project's own files; nothing is done by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARTICLES ?= samples/articles

.PHONY: run test install system-deps ingest serve bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,eval,bench]"
	@touch $(STAMP)

install: $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

run: install
	$(BIN)/quicktakes ingest $(ARTICLES)
	$(BIN)/quicktakes serve

test: install system-deps
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/ingest_bench.py

clean:
	rm -rf $(VENV) data .pytest_cache test-artifacts
