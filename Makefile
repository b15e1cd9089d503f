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

.PHONY: run test install install-test browser bench eval clean

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

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser

# Debian's Chromium for the end-to-end tests (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "could not install chromium: run 'apt-get install chromium' as root" >&2; exit 1; }; }

run: install
	$(BIN)/policykb --data "$(DATA)" serve --host $(HOST) --port $(PORT) --load-corpus corpus

test: install-test
	$(BIN)/python -m pytest -q -ra

bench: install-test
	$(BIN)/python bench/run_all.py

eval: install-test
	$(BIN)/python bench/eval_extract.py --score ../shared/eval/dev/gold_commitments.jsonl
	$(BIN)/python bench/eval_search.py

clean:
	rm -rf $(VENV) build *.egg-info test-artifacts
