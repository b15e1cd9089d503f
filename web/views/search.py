"""The home screen: one search box over commitments and passages, with facets.

A search shows one page of 20 results (`?page=2` is the next: a URL that can
be shared), facet counts over every match rather than the page (Datasette-style: a facet
with a choice counts the search without it, so a click adds a value: actor=A&actor=B),
deadline-year and publication-date ranges, a notice when
nothing matches well (the service's calibrated no-answer signal), a "did you
mean" built from the index's own words, and for each result the service's
own sentence on why it is there (which engine or mode found it, what raised it).

"Export CSV / JSON" downloads the same search (query, mode, filters) from its first result, up to
SEARCH_MAX_RESULTS: a commitment's row has the commitments export's columns (kb.export, its text
cells defused for spreadsheets by `csv_cells`), a passage's row its sentence and document.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
from datetime import datetime, timezone
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for

from kb.errors import InvalidQuery
from kb.export import CSV_COLUMNS, csv_cells, defuse_cell
from web.common import (FACETS, MODE_HELP, SEARCH_MAX_RESULTS, SEARCH_PAGE_SIZE, ctx, facet_links, filter_selected,
                        home_example, parse_filters, run_search_page, search_offset, ui_mode, url_toggle, url_with)
from web.exports import web_row

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
    facets = search_facets(q, mode, filters, result) if result is not None else None
    stats = {"documents": c.store.document_count(), "commitments": c.store.count_commitments()}
    matching = c.store.count_commitments(filters) if not filters.is_empty() else stats["commitments"]
    total = result.total if result is not None else 0
    # pages the service can rank (offset + k <= SEARCH_MAX_RESULTS); a page past the matches shows none
    n_pages = min(-(-total // SEARCH_PAGE_SIZE), SEARCH_MAX_RESULTS // SEARCH_PAGE_SIZE)
    return render_template(
        "search.html", q=q, mode=mode, hits=hits, error=error, elapsed=elapsed, facets=facets, facet_names=FACETS,
        stats=stats, matching=matching, filters=filters, kb_facets=facet_links(filters) if result is None else None, page=page_no, pages=n_pages, total=total,
        first=offset + 1, mode_help=MODE_HELP, url_toggle=url_toggle,
        low_confidence=bool(result is not None and result.low_confidence and hits),
        suggestion=result.suggestion if result is not None else None,
        export_query=urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "page"]),
        placeholder=home_example() if stats["documents"] else "e.g. what is due by 2030",
    ), status


# search facet -> (label, query argument, the CommitmentFilter fields that argument sets)
SEARCH_FACETS = (
    ("actor", "Actor", "actor", ("actor",)),
    ("deadline_year", "Deadline year", "year", ("deadline_from", "deadline_to", "has_deadline")),
    ("sector", "Sector", "sector", ("sector",)),
    ("strength", "Strength", "strength", ("strength",)),
    ("document", "Document", "document", ("document_id",)),
)


def search_facets(q: str, mode: str, filters, result) -> list[dict]:
    """Each facet's values with counts over every match of the search, Datasette-style: a facet that has
    a choice counts the search run without that choice, so its other values stay offered and a click
    adds one (actor=A&actor=B: either).  One more search per facet that has a choice."""
    by_others: dict = {}
    titles = ctx().store.document_ids_by_title
    out = []
    for field, label, arg, own in SEARCH_FACETS:
        counts = result.facets.get(field, ())
        if any(getattr(filters, f) is not None for f in own):
            others = dataclasses.replace(filters, **{f: None for f in own})
            if others not in by_others:
                by_others[others] = run_search_page(q, SEARCH_PAGE_SIZE, mode, others, 0).facets
            counts = by_others[others].get(field, ())
        ids = titles([v for v, _n in counts]) if field == "document" else {}
        rows = []
        for value, n in counts:
            if field == "deadline_year":
                arg_value = "none" if value is None else str(value)
                chosen = (filters.has_deadline is False) if value is None else (
                    filters.deadline_from == value == filters.deadline_to)
                href = url_with(year=None if chosen else arg_value, year_from=None, year_to=None, has_deadline=None)
                shown = "No deadline" if value is None else str(value)
            elif value is None:
                continue
            else:
                arg_value = str(ids.get(value, "")) if field == "document" else str(value)
                if not arg_value:
                    continue
                chosen = filter_selected(arg, arg_value)
                href, shown = url_toggle(arg, arg_value), str(value)
            rows.append({"value": shown, "count": n, "href": href, "chosen": chosen, "arg": arg})
        out.append({"field": field, "label": label, "rows": rows})
    return out


# the search export's columns around kb.export's: rank and why first, then where to find it
SEARCH_CSV_HEAD = ("rank", "kind", "score", "why")
SEARCH_CSV_TAIL = ("passage_id", "document_id", "document_url", "link")


def _export_row(rank: int, h) -> dict:
    """One hit as the JSON export gives it: a commitment hit carries the commitments export's fields."""
    row = {"rank": rank, "kind": h.kind, "score": round(h.score, 4), "why": h.why,
           "document_id": h.document_id, "document_title": h.doc_title, "doc": h.doc_name,
           "sentence": h.sentence, "page": None,
           "document_url": url_for("documents.show", doc_id=h.document_id, _external=True)}
    if h.kind == "commitment" and h.commitment is not None:
        row.update(web_row(h.commitment))
        row["link"] = row["citation"]["link"]
    else:
        row["passage_id"] = h.id
        page = h.passage.passage.page if h.passage is not None else None
        row["page"] = page
        row["link"] = url_for("documents.show", doc_id=h.document_id, _external=True,
                              **({"passage": h.passage.passage.index} if h.passage is not None else {}))
    return row


def _csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(SEARCH_CSV_HEAD + CSV_COLUMNS + SEARCH_CSV_TAIL)
    for row in rows:
        writer.writerow([defuse_cell("" if row.get(col) is None else row.get(col)) for col in SEARCH_CSV_HEAD]
                        + csv_cells(row)
                        + [defuse_cell("" if row.get(col) is None else row.get(col)) for col in SEARCH_CSV_TAIL])
    return buf.getvalue()


@bp.get("/search/export.<fmt>")
def export(fmt: str):
    """The current search's results (same q, mode and filters), up to SEARCH_MAX_RESULTS, as CSV or JSON."""
    if fmt not in ("csv", "json"):
        raise InvalidQuery("export format must be csv or json")
    q = (request.args.get("q") or "").strip()
    if not q:
        raise InvalidQuery("q is required: the export is of a search")
    mode = ui_mode(request.args.get("mode"))
    filters = parse_filters()
    result = run_search_page(q, SEARCH_MAX_RESULTS, mode, filters, 0)
    rows = [_export_row(i, h) for i, h in enumerate(result.hits, start=1)]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    headers = {"Content-Disposition": f'attachment; filename="policykb-search-{stamp}.{fmt}"'}
    if fmt == "csv":
        return Response(_csv_text(rows), headers={**headers, "Content-Type": "text/csv; charset=utf-8"})
    body = {"query": q, "mode": mode, "count": result.total, "exported": len(rows), "limit": SEARCH_MAX_RESULTS,
            "items": rows}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json", headers=headers)
