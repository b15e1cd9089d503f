"""PolicyKB's knowledge-base core: ingestion, commitment extraction and the store (the bottom layer)."""

import os

# torch (under spaCy's thinc and sentence-transformers) and FAISS each bring an
# OpenMP runtime; with the default (active) wait policy the idle threads of one
# spin on the cores the other needs, and a query embedding took 270-600 ms
# instead of 13 ms on 2 cores (measured).  It must be set before either
# library starts its threads, so it is set here, in the package every entry
# point (CLI, web app, tests, benchmarks) imports first.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
