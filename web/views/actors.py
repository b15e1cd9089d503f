"""Actors: everyone who committed to something, and one actor's page.

The list of actors (ACTORS_PER_PAGE at a time) and an actor's commitments
(PAGE_SIZE rows at a time) are paged, so neither a document naming thousands
of actors nor one prolific actor makes a page cost more than one page of work.
"""

from __future__ import annotations

import math

from flask import Blueprint, current_app, render_template, request

from kb.errors import NotFound
from kb.models import CommitmentFilter
from web.charts import STATUS_ORDER, layout, year_bars
from web.common import _int, ctx

bp = Blueprint("actors", __name__)


ACTORS_PER_PAGE = 500


@bp.get("/actors")
def index():
    """Actors by number of commitments, ACTORS_PER_PAGE at a time (Previous / Next)."""
    page = _int("page", request.args.get("page") or "1", 1, 10**9)
    rows = ctx().store.facet_counts("actor", limit=ACTORS_PER_PAGE + 1, offset=(page - 1) * ACTORS_PER_PAGE)
    return render_template("actors.html", actors=rows[:ACTORS_PER_PAGE], page=page,
                           more=len(rows) > ACTORS_PER_PAGE)


@bp.get("/actors/<path:name>")
def show(name: str):
    store = ctx().store
    f = CommitmentFilter(actor=name)
    total = store.count_commitments(f)
    if not total:
        raise NotFound(f"no commitments by an actor named {name!r}")
    per_page = current_app.config["PAGE_SIZE"]
    pages = max(1, math.ceil(total / per_page))
    page = min(_int("page", request.args.get("page") or "1", 1), pages)
    rows = store.query_commitments(f, order="deadline", limit=per_page, offset=(page - 1) * per_page)
    bars, totals = year_bars(f)
    docs = store.facet_counts("document", f, limit=1000)
    return render_template("actor.html", name=rows[0].commitment.actor, rows=rows, total=total, page=page,
                           pages=pages, chart=layout(bars), bars=bars, totals=totals, status_order=STATUS_ORDER,
                           docs=docs)
