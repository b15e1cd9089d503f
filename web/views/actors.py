"""Actors: everyone who committed to something, and one actor's page."""

from __future__ import annotations

from flask import Blueprint, render_template

from kb.errors import NotFound
from kb.models import CommitmentFilter
from web.charts import STATUS_ORDER, layout, year_bars
from web.common import ctx

bp = Blueprint("actors", __name__)


@bp.get("/actors")
def index():
    actors = ctx().store.facet_counts("actor", limit=100000)
    return render_template("actors.html", actors=actors)


@bp.get("/actors/<path:name>")
def show(name: str):
    store = ctx().store
    f = CommitmentFilter(actor=name)
    rows = store.query_commitments(f, order="deadline")
    if not rows:
        raise NotFound(f"no commitments by an actor named {name!r}")
    bars, totals = year_bars(f)
    docs = store.facet_counts("document", f, limit=1000)
    return render_template("actor.html", name=rows[0].commitment.actor, rows=rows, chart=layout(bars), bars=bars,
                           totals=totals, status_order=STATUS_ORDER, docs=docs)
