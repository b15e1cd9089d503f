"""The home screen: one search box over commitments and passages, with facets."""

from __future__ import annotations

import time

from flask import Blueprint, render_template, request

from kb.errors import InvalidQuery
from web.common import FACETS, ctx, facet_links, parse_filters, run_search, ui_mode

bp = Blueprint("search", __name__)


@bp.get("/")
def home():
    c = ctx()
    q = (request.args.get("q") or "").strip()
    mode = ui_mode(request.args.get("mode"))
    filters = parse_filters()
    hits, error, elapsed, status = [], None, None, 200
    if q:
        started = time.perf_counter()
        try:
            hits = run_search(q, 20, mode, filters)
        except InvalidQuery as exc:
            error, status = str(exc), 400
        elapsed = time.perf_counter() - started
    facets = facet_links(filters, hits)
    stats = {"documents": c.store.document_count(), "commitments": c.store.count_commitments()}
    matching = c.store.count_commitments(filters) if not filters.is_empty() else stats["commitments"]
    return render_template(
        "search.html", q=q, mode=mode, hits=hits, error=error, elapsed=elapsed, facets=facets, facet_names=FACETS,
        stats=stats, matching=matching, filters=filters,
    ), status
