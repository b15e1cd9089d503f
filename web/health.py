"""`/healthz` and `/readyz`: what a load balancer or an orchestrator asks each web node.

Why two: `/healthz` says the process answers (restart it when it does not); `/readyz` says it
can serve (send it traffic): its database (SQLite or the shared PostgreSQL) answers and is at
the schema this code expects, so a node started before `policykb migrate` ran, or cut off from
the database, is taken out of rotation instead of failing requests.  Both are public, cheap
and never cached; a failure is the API's one error shape ({"error": {"code", "message"}}) with
503.

A node with a search index of its own reports its lag behind the store's change log (`index`:
changes not yet applied and the age of the oldest, web/follower.py).  While it starts (loading
its snapshot, replaying the log written while it was down) it is not ready until that lag has
once been under the follower's `ready_lag_s` and its embedding model has loaded: a load balancer sends it no searches that would
miss recent documents.  Once caught up it stays ready when a big upload puts it behind for a
while: every node is behind then, and each answers from what it has indexed so far.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify

from kb.store import SCHEMA_VERSION

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    return _no_store(jsonify({"status": "ok"}))


@bp.get("/readyz")
def readyz():
    ctx = current_app.extensions["policykb"]
    store = ctx.store
    try:
        version = store.schema_version
    except Exception as exc:  # the database does not answer: not ready, whatever the reason
        log.warning("readyz: database unavailable: %s: %s", type(exc).__name__, exc)
        return _unavailable(f"the database does not answer ({type(exc).__name__})")
    if version != SCHEMA_VERSION:
        return _unavailable(f"the database is at schema version {version}, this code needs {SCHEMA_VERSION}"
                            " (run `policykb migrate`)")
    worker = ctx.worker
    body = {
        "status": "ready",
        "database": store.dialect,
        "schema_version": version,
        "worker": bool(worker is not None and worker.running),
    }
    follower = getattr(ctx, "follower", None)
    if follower is not None:
        try:
            index = follower.lag()
        except Exception as exc:
            log.warning("readyz: index lag unknown: %s: %s", type(exc).__name__, exc)
            return _unavailable(f"the search index's lag is unknown ({type(exc).__name__})")
        if follower.running and not getattr(follower, "model_loaded", True):
            return _unavailable("the embedding model is loading (the first start of a node builds its model file)")
        if follower.running and not follower.caught_up:
            return _unavailable(
                f"the search index is catching up: {index['lag_changes']} change(s) of the store not applied yet,"
                f" the oldest {index['lag_seconds']:.1f} s old (ready under {follower.ready_lag_s:g} s)")
        body["index"] = index
    return _no_store(jsonify(body))


def _unavailable(message: str):
    response = jsonify({"error": {"code": "unavailable", "message": message}})
    response.status_code = 503
    return _no_store(response)
