"""Template filters and globals, and the security headers every response carries."""

from __future__ import annotations

from flask import g, request

from kb.models import ACTOR_SOURCE_LABELS
from web.common import (SEARCH_MODES, STATUS_LABELS, active_filters, ctx, deadline_status, highlight, human_size,
                        url_with)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def num(x) -> str:
    """6000.0 -> '6,000'; 2.5 -> '2.5'."""
    if x is None:
        return ""
    x = float(x)
    if x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def init_app(app) -> None:
    app.jinja_env.filters["num"] = num
    app.jinja_env.filters["matched_label"] = lambda m: {"dense": "meaning", "keyword": "words"}.get(m, m)
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.filters["human_size"] = human_size
    app.jinja_env.globals.update(
        url_with=url_with, deadline_status=deadline_status, STATUS_LABELS=STATUS_LABELS,
        SEARCH_MODES=SEARCH_MODES, active_filters=active_filters, ACTOR_SOURCE_LABELS=ACTOR_SOURCE_LABELS,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals():
        c = ctx()
        return {"current_user": g.get("user"),
                "max_file_bytes": c.settings.max_file_bytes}

    @app.after_request
    def _headers(resp):
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        if request.path.startswith("/api/") or resp.mimetype == "text/html":
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp
