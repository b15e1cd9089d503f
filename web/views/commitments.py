"""All commitments as a sortable, filterable, paginated table, with CSV/JSON export.

Filtering works like Datasette's: a facet may hold several values (actor=A&actor=B means
either), deadline years and publication dates take ranges, status is the honest status
(a person's word, else open / deadline passed), and `q` filters by words within the table.
Each facet counts over the whole selection with its own choice left out, so a second value
can be added; the URL is the whole state, so every view can be shared.
"""

from __future__ import annotations

import dataclasses
import math

from flask import Blueprint, current_app, render_template, request

from kb.errors import InvalidQuery
from kb.models import STATUSES, CommitmentFilter
from web.common import (SORTS, STATUS_LABELS, ctx, filter_selected, parse_filters, sort_arg, today,
                        url_toggle, url_with)
from web.exports import export_response

bp = Blueprint("commitments", __name__)

# facet -> (label, query argument, the CommitmentFilter fields that argument sets)
TABLE_FACETS = (
    ("status", "Status", "status", ("status",)),
    ("actor", "Actor", "actor", ("actor",)),
    ("deadline_year", "Deadline year", "year", ("deadline_from", "deadline_to", "has_deadline")),
    ("sector", "Sector", "sector", ("sector",)),
    ("strength", "Strength", "strength", ("strength",)),
    ("document_id", "Document", "document", ("document_id",)),
)
FACET_SIZE = 12


def table_facets(filters: CommitmentFilter) -> list[dict]:
    """Each facet's values with counts over the whole selection, less that facet's own choice."""
    store = ctx().store
    titles: dict[int, str] | None = None
    today = filters.today or _today()
    out = []
    for field, label, arg, own in TABLE_FACETS:
        others = dataclasses.replace(filters, today=today, **{f: None for f in own})
        rows = []
        for value, n in store.facet_counts(field, others, limit=FACET_SIZE):
            if field == "deadline_year":
                href = (url_with(year=None, year_from=value, year_to=value, has_deadline=None) if value is not None
                        else url_with(year=None, year_from=None, year_to=None, has_deadline="no"))
                chosen = (value is not None and filters.deadline_from == value == filters.deadline_to) or \
                         (value is None and filters.has_deadline is False)
                shown = "No deadline" if value is None else str(value)
            elif value is None:
                continue
            else:
                href, chosen = url_toggle(arg, str(value)), filter_selected(arg, value)
                shown = str(value)
                if field == "status":
                    shown = STATUS_LABELS.get(value, value)
                elif field == "document_id":
                    if titles is None:
                        titles = {d.id: d.title for d, _n in store.document_summaries()}
                    shown = titles.get(value, f"Document {value}")
            rows.append({"value": shown, "count": n, "href": href, "chosen": chosen})
        out.append({"field": field, "label": label, "rows": rows})
    return out


def _today() -> str:
    return today().isoformat()


@bp.get("/commitments")
def index():
    store = ctx().store
    filters = parse_filters(text=True)
    sort = sort_arg()
    per_page = current_app.config["PAGE_SIZE"]
    total = store.count_commitments(filters)
    pages = max(1, math.ceil(total / per_page))
    try:
        page = int(request.args.get("page") or 1)
    except ValueError:
        raise InvalidQuery("page must be a whole number") from None
    page = min(max(1, page), pages)
    rows = store.query_commitments(filters, order=sort, limit=per_page, offset=(page - 1) * per_page)
    query = request.args.to_dict(flat=False)
    return render_template("commitments.html", rows=rows, total=total, page=page, pages=pages, sort=sort,
                           sorts=SORTS, facets=table_facets(filters), per_page=per_page, filters=filters,
                           statuses=STATUSES, query=query, url_toggle=url_toggle, today=_today())


@bp.get("/commitments/export.<fmt>")
def export(fmt: str):
    if fmt not in ("csv", "json"):
        raise InvalidQuery("export format must be csv or json")
    return export_response(parse_filters(text=True), fmt)
