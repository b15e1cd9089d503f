"""The app factory: what create_app builds by itself, limits and the worker."""

from __future__ import annotations

from kb.config import load_settings
from kb.store import Store
from web import create_app
from tests.fake_search import BasicSearch
from tests.webapp import StubPipeline, seed_document


def test_create_app_from_settings_alone(tmp_path):
    settings = load_settings(tmp_path, max_file_bytes=1234)
    app = create_app(settings, start_worker=False)
    ctx = app.extensions["policykb"]
    assert ctx.store.path == settings.db_path
    assert ctx.pipeline.settings is settings
    assert app.config["MAX_CONTENT_LENGTH"] > 1234
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert (tmp_path / "secret_key").exists()
    # the search service registered for new documents
    listener = getattr(ctx.search, "on_document_stored", None)
    assert listener is not None and listener in ctx.pipeline.listeners
    assert app.test_client().get("/").status_code == 200
    assert not ctx.worker.running


def test_uses_the_indexer_search_service(tmp_path):
    from indexer import SearchService

    app = create_app(load_settings(tmp_path), start_worker=False)
    assert isinstance(app.extensions["policykb"].search, SearchService)


def test_config_overrides_and_worker_lifecycle(tmp_path):
    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    app = create_app(settings, store=store, search=BasicSearch(store), pipeline=StubPipeline(settings, store),
                     config={"PAGE_SIZE": 7, "TESTING": True})
    worker = app.extensions["policykb"].worker
    try:
        assert app.config["PAGE_SIZE"] == 7
        assert worker.running
    finally:
        worker.stop()
    assert not worker.running


def test_worker_survives_a_failing_sync(tmp_path):
    class BadSync(BasicSearch):
        def sync(self):
            raise RuntimeError("disk full")

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    pipeline = StubPipeline(settings, store)
    app = create_app(settings, store=store, search=BadSync(store), pipeline=pipeline, start_worker=False)
    worker = app.extensions["policykb"].worker
    pipeline.submit(b"Plan\n\nOslo will build ferries.\n", "a.txt")
    assert worker.run_once() == 1
    assert "disk full" in worker.last_error
    assert store.document_count() == 1


def test_store_web_support_methods(tmp_path):
    from kb.models import CommitmentFilter
    from tests.webapp import HECHI_TEXT, OTHER_TEXT

    store = Store(load_settings(tmp_path).db_path)
    a = seed_document(store, HECHI_TEXT, "hechi.txt")
    b = seed_document(store, OTHER_TEXT, "albania.txt")
    rows = store.deadline_status_counts("2026-06-01")
    assert (2020, "deadline_passed", 1) in rows and (2025, "deadline_passed", 1) in rows and (2030, "upcoming", 2) in rows
    assert rows[-1] == (None, "none", 3)  # no deadline last
    assert sum(n for _y, _s, n in rows) == store.count_commitments()
    assert store.deadline_status_counts("2025-06-01", CommitmentFilter(actor="Hechi")) == [(2025, "due", 1), (None, "none", 1)]
    assert store.deadline_status_counts("2025-12-31", CommitmentFilter(actor="Hechi"))[0] == (2025, "due", 1)
    summaries = store.document_summaries()
    assert [(d.id, n) for d, n in summaries] == [(b, 4), (a, 4)]
    assert all(d.text == "" and d.title for d, _n in summaries)
    assert store.document_ids_by_title(["Hechi green pilot zone", "missing", None]) == {"Hechi green pilot zone": a}
