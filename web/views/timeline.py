"""Commitments by deadline year: an SVG bar chart with status relative to today.

The list under a selected year is paged (PAGE_SIZE rows), like every list.
"""

from __future__ import annotations

import dataclasses
import math

from flask import Blueprint, current_app, render_template, request

from web.charts import STATUS_ORDER, layout, year_bars
from web.common import _int, ctx, parse_filters, today

bp = Blueprint("timeline", __name__)


@bp.get("/timeline")
def index():
    filters = parse_filters()
    year = (request.args.get("year") or "").strip()
    # the chart ignores the selected year and status segment (it shows them all); the list below honours them
    chart_filters = dataclasses.replace(filters, deadline_from=None, deadline_to=None, has_deadline=None,
                                        status=None) if year else filters
    bars, totals = year_bars(chart_filters)
    selected, total, page, pages = [], 0, 1, 1
    if year:
        store = ctx().store
        per_page = current_app.config["PAGE_SIZE"]
        total = store.count_commitments(filters)
        pages = max(1, math.ceil(total / per_page))
        page = min(_int("page", request.args.get("page") or "1", 1), pages)
        selected = store.query_commitments(filters, order="deadline", limit=per_page, offset=(page - 1) * per_page)
    return render_template("timeline.html", chart=layout(bars), bars=bars, totals=totals, year=year,
                           selected=selected, total=total, page=page, pages=pages, status_order=STATUS_ORDER,
                           today=today())
