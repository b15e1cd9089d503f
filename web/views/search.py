"""The home screen: one search box over commitments and passages, with facets.

A search shows one page of 20 results (`?page=2` is the next: a URL that can
be shared), facet counts over every match rather than the page, a notice when
nothing matches well (the service's calibrated no-answer signal), a "did you
mean" built from the index's own words, and for each result the service's
own sentence on why it is there (which engine or mode found it, what raised it).
"""

from __future__ import annotations

import time

from flask import Blueprint, render_template, request

from kb.errors import InvalidQuery
from web.common import (FACETS, MODE_HELP, SEARCH_MAX_RESULTS, SEARCH_PAGE_SIZE, ctx, facet_links, home_example, parse_filters, run_search_page,
                        search_offset, ui_mode)

bp = Blueprint("search", __name__)


@bp.get("/")
def home():
    c = ctx()
    q = (request.args.get("q") or "").strip()
    mode = ui_mode(request.args.get("mode"))
    filters = parse_filters()
    page_no, offset = search_offset()
    result, error, elapsed, status = None, None, None, 200
    if q:
        started = time.perf_counter()
        try:
            result = run_search_page(q, SEARCH_PAGE_SIZE, mode, filters, offset)
        except InvalidQuery as exc:
            error, status = str(exc), 400
        elapsed = time.perf_counter() - started
    hits = list(result.hits) if result is not None else []
    facets = facet_links(filters, counts=result.facets if result is not None else None)
    stats = {"documents": c.store.document_count(), "commitments": c.store.count_commitments()}
    matching = c.store.count_commitments(filters) if not filters.is_empty() else stats["commitments"]
    total = result.total if result is not None else 0
    # pages the service can rank (offset + k <= SEARCH_MAX_RESULTS); a page past the matches shows none
    n_pages = min(-(-total // SEARCH_PAGE_SIZE), SEARCH_MAX_RESULTS // SEARCH_PAGE_SIZE)
    return render_template(
        "search.html", q=q, mode=mode, hits=hits, error=error, elapsed=elapsed, facets=facets, facet_names=FACETS,
        stats=stats, matching=matching, filters=filters, page=page_no, pages=n_pages, total=total,
        first=offset + 1, mode_help=MODE_HELP,
        low_confidence=bool(result is not None and result.low_confidence and hits),
        suggestion=result.suggestion if result is not None else None,
        placeholder=home_example() if stats["documents"] else "e.g. what is due by 2030",
    ), status
