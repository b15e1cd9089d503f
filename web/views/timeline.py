"""Commitments by deadline year: an SVG bar chart with status relative to today."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from kb.models import CommitmentFilter
from web.charts import STATUS_ORDER, layout, year_bars
from web.common import ctx, parse_filters, today

bp = Blueprint("timeline", __name__)


@bp.get("/timeline")
def index():
    filters = parse_filters()
    year = (request.args.get("year") or "").strip()
    # the chart ignores the selected year (it shows every year); the list below honours it
    chart_filters = CommitmentFilter(**{**filters.__dict__, "deadline_from": None, "deadline_to": None,
                                        "has_deadline": None}) if year else filters
    bars, totals = year_bars(chart_filters)
    selected = ctx().store.query_commitments(filters, order="deadline") if year else []
    return render_template("timeline.html", chart=layout(bars), bars=bars, totals=totals, year=year,
                           selected=selected, status_order=STATUS_ORDER, today=today())
