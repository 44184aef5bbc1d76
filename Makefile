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
	# llama.cpp built for any x86-64, not this CPU: a native build segfaulted on its first
	# chat request on an AVX-512/AMX machine (2026-12-04). Not from pip's wheel cache, which
	# may hold a native build. The version is the one the test extra pins.
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/python -m pip install --quiet --no-cache-dir "llama-cpp-python[server]==0.3.36"
	$(BIN)/python -m pip install --quiet -e ".[test,eval,bench]"
	# the bundled MiniLM as ONNX files (made locally, once; readers start without PyTorch)
	$(BIN)/python -m ingest.onnx_model
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
