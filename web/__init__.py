"""PolicyKB's web app: search, browse and export commitments, upload documents.

`create_app(settings)` builds a Flask app around one `Store`, one `Pipeline`
and one search service (the `indexer` package's `SearchService`).  Each screen is a blueprint
under `web.views`; the JSON API lives in `web.api`.  Uploaded files are
processed by one background worker thread (`web.worker`) so requests never
wait on parsing or embedding.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from flask import Flask

from kb.config import Settings, load_settings
from kb.pipeline import Pipeline
from kb.store import Store


__all__ = ["create_app"]


class WebContext:
    """What every request needs: settings, store, pipeline, search, worker."""

    def __init__(self, settings: Settings, store: Store, pipeline: Pipeline, search):
        self.settings = settings
        self.store = store
        self.pipeline = pipeline
        self.search = search
        self.worker = None
        self.follower = None   # web/follower.py: keeps this node's search index in step with the store's log


def secret_key(settings: Settings) -> str:
    """POLICYKB_SECRET_KEY, or a random key kept in data_dir/secret_key (mode 600)."""
    env = os.environ.get("POLICYKB_SECRET_KEY")
    if env:
        return env
    import secrets

    path = Path(settings.data_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    search=None,
    pipeline: Pipeline | None = None,
    start_worker: bool = True,
    config: dict | None = None,
) -> Flask:
    """The PolicyKB web app.

    Anything not given is built from `settings`.  `start_worker=False` leaves
    queued jobs alone (tests drive `app.extensions["policykb"].worker.run_once()`)
    and does not start the index follower (`ctx.follower.start()`, web/follower.py).
    """
    settings = settings or load_settings()
    store = store or Store(settings.database)
    pipeline = pipeline or Pipeline(settings, store)
    if search is None:
        from indexer import SearchService  # imported here: torch and FAISS load with it

        search = SearchService(settings, store)
    listener = getattr(search, "on_document_stored", None)
    if listener is not None and listener not in pipeline.listeners:
        pipeline.listeners.append(listener)

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("POLICYKB_SECURE_COOKIES", "") == "1",
        SESSION_COOKIE_NAME="policykb_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # a little above the per-file limit: one request carries one file plus form fields
        MAX_CONTENT_LENGTH=settings.max_file_bytes + 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=1024 * 1024,
        LOGIN_RATE_LIMIT=5,          # failed logins per IP and per user name ...
        LOGIN_RATE_WINDOW=60,        # ... in this many seconds
        ZIP_MAX_MEMBERS=500,
        ZIP_MAX_TOTAL_BYTES=max(settings.max_file_bytes * 4, 1024 * 1024),
        ZIP_MAX_DEPTH=2,             # a zip inside a zip inside the upload, no deeper
        PAGE_SIZE=50,
    )
    if config:
        app.config.update(config)

    app.json.sort_keys = False  # keep fields in the order the API builds them
    ctx = WebContext(settings, store, pipeline, search)
    app.extensions["policykb"] = ctx

    from web import auth, errors, templating, uploads
    from web.api import bp as api_bp
    from web.views import actors, commitment, commitments, documents, search as search_view, timeline, upload
    from web.views import jobs as jobs_view

    from web import requestlog  # X-Request-ID and one log line per request (kb/logs.py)

    requestlog.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    uploads.init_app(app)  # before auth: 405/413/401 without reading the body
    auth.init_app(app)
    for bp in (search_view.bp, commitments.bp, commitment.bp, timeline.bp, actors.bp, documents.bp,
               upload.bp, auth.bp, jobs_view.bp, api_bp):
        app.register_blueprint(bp)
    from web.views import admin  # accounts, tokens, audit log (admins); /account for everyone logged in

    app.register_blueprint(admin.bp)
    from web.views import review  # corrections, the review queue and their API (issue 14)

    app.register_blueprint(review.bp)
    app.register_blueprint(review.api)
    app.register_blueprint(actors.api)  # merge, split, rename actor entities; scorecards (issue 15)
    from web.views import watchlists  # saved searches, filters, actors, commitments; Atom feeds (issue 15)

    app.register_blueprint(watchlists.bp)
    app.register_blueprint(watchlists.api)
    from web import health  # /healthz, /readyz for load balancers (issue 17)

    app.register_blueprint(health.bp)

    from web.worker import Worker

    ctx.worker = Worker(pipeline, store, search)
    from web.follower import IndexFollower, follows

    if follows(search):  # a search index of this node's own, kept in step with the store's change log
        ctx.follower = IndexFollower(settings, store, search)
        ctx.worker.follower = ctx.follower   # the worker then leaves syncing to it (web/worker.py)
    if start_worker:
        ctx.worker.start()
        if ctx.follower is not None:
            ctx.follower.start()
    return app
