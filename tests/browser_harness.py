"""What the browser tests share: a WSGI app served by waitress on 127.0.0.1, and Debian's headless Chromium.

Each browser test file builds its own knowledge base (the real pipeline, or a
small stand-in when the test is about the page) and then needs the same two
things: the app on a free local port, stopped cleanly afterwards, and one
Chromium for the module.  They live here so the files hold only what they test.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_chromium() -> None:
    """Skip the test when Debian's chromium or playwright is missing (`make browser` installs it)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser)")
    pytest.importorskip("playwright.sync_api")


@dataclass
class RealKB:
    """A knowledge base with the real parts: the store, the pipeline (spaCy) and the search service."""

    settings: object
    store: object
    pipeline: object
    search: object


def real_kb(data_dir) -> RealKB:
    """The real pipeline and SearchService over a new store in `data_dir`, wired as `policykb serve` wires
    them (each stored document is indexed); the models stay on disk (no download)."""
    from indexer import SearchService
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    settings = load_settings(data_dir)
    store = Store(settings.db_path)
    pipeline = Pipeline(settings, store)
    search = SearchService(settings, store)
    pipeline.listeners.append(search.on_document_stored)
    return RealKB(settings, store, pipeline, search)


@contextmanager
def served(app, threads: int = 4, name: str = "waitress") -> Iterator[str]:
    """Serve `app` with waitress in a daemon thread on a free 127.0.0.1 port; yields its base URL.

    On exit the server closes and the app's ingestion worker (when it started one) stops.
    """
    from waitress.server import create_server

    srv = create_server(app, host="127.0.0.1", port=0, threads=threads)
    threading.Thread(target=srv.run, name=name, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        srv.close()
        worker = getattr(app.extensions.get("policykb"), "worker", None)
        if worker is not None:
            worker.stop()


@contextmanager
def chromium() -> Iterator[object]:
    """One headless Chromium (playwright's Browser), closed on exit."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()
