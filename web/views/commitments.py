"""All commitments as a sortable, filterable, paginated table, with CSV/JSON export."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, render_template, request

from kb.errors import InvalidQuery
from web.common import FACETS, SORTS, ctx, facet_links, parse_filters, sort_arg
from web.exports import export_response

bp = Blueprint("commitments", __name__)


@bp.get("/commitments")
def index():
    store = ctx().store
    filters = parse_filters()
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
    return render_template("commitments.html", rows=rows, total=total, page=page, pages=pages, sort=sort,
                           sorts=SORTS, facets=facet_links(filters), facet_names=FACETS, per_page=per_page)


@bp.get("/commitments/export.<fmt>")
def export(fmt: str):
    if fmt not in ("csv", "json"):
        raise InvalidQuery("export format must be csv or json")
    return export_response(parse_filters(), fmt)
