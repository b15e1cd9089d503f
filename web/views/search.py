"""The home screen: one search box over commitments and passages, with facets."""

from __future__ import annotations

import time
from collections import Counter

from flask import Blueprint, render_template, request

from kb.errors import InvalidQuery
from web.common import MODE_ALIASES, SEARCH_MODES, ctx, parse_filters

bp = Blueprint("search", __name__)

FACETS = (("actor", "Actor"), ("deadline_year", "Deadline year"), ("sector", "Sector"), ("strength", "Strength"),
          ("document", "Document"))


def ui_mode(raw: str | None) -> str:
    raw = (raw or "hybrid").strip().lower()
    if raw in SEARCH_MODES:
        return raw
    if raw in MODE_ALIASES:
        return MODE_ALIASES[raw]
    raise InvalidQuery(f"mode must be one of {', '.join(SEARCH_MODES)}")


def run_search(query: str, k: int, mode: str, filters):
    """The search service's hits for a UI mode name; InvalidQuery for a bad query."""
    query = (query or "").strip()
    if not query:
        raise InvalidQuery("type some words to search for")
    if len(query) > 1000:
        raise InvalidQuery("the query is too long (1000 characters at most)")
    service_mode = SEARCH_MODES[mode][1]
    return ctx().search.search(query, k=k, mode=service_mode, filters=None if filters.is_empty() else filters)


def counts_from_hits(hits) -> dict[str, list[tuple[object, int]]]:
    """Facet counts over the results shown, so each count says how many of them a click keeps.

    Passage hits have only a document; commitment hits have every field.
    """
    counters: dict[str, Counter] = {field: Counter() for field, _label in FACETS}
    for hit in hits:
        counters["document"][hit.doc_title] += 1
        if hit.commitment is None:
            continue
        c = hit.commitment.commitment
        counters["actor"][c.actor] += 1
        counters["deadline_year"][c.deadline.year if c.deadline else None] += 1
        counters["sector"][c.sector] += 1
        counters["strength"][c.strength] += 1
    return {field: counter.most_common(10) for field, counter in counters.items()}


def facet_links(filters, hits=None):
    """{field: [(value, arg, count)]} for the facet sidebar: over the hits of a search, else over the KB."""
    store = ctx().store
    if hits:
        counts = counts_from_hits(hits)
    else:
        counts = {field: store.facet_counts(field, filters, limit=10) for field, _label in FACETS}
    titles = store.document_ids_by_title([v for v, _n in counts["document"]])
    out = {}
    for field, _label in FACETS:
        rows = []
        for value, n in counts[field]:
            if field == "document":
                arg = ("document", str(titles.get(value, "")))
            elif field == "deadline_year":
                arg = ("year", "none" if value is None else str(value))
                value = "No deadline" if value is None else value
            else:
                if value is None:
                    continue
                arg = (field, str(value))
            rows.append((value, arg, n))
        out[field] = rows
    return out


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
