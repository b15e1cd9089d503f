"""Actors: the entities that committed to something (a scorecard), one entity's page, one name's page.

An entity is one body under all its names ("Secretary of Commerce", "Department of Commerce",
"Commerce"; kb/entities.py).  The list shows each entity's commitments by status (a person's
status first, then revocations by later documents, then the deadline), sortable and searchable,
ENTITIES_PER_PAGE at a time.  Entity tables are derived: `ensure_entities` rebuilds them when
commitments changed since the last build.  `/actors/<name>` still lists one exact actor string.
"""

from __future__ import annotations

import math

from flask import Blueprint, current_app, render_template, request

from kb.errors import InvalidQuery, NotFound
from kb.models import CommitmentFilter
from kb.store_entities import ENTITY_ORDERS
from web.charts import STATUS_ORDER, bars_from_counts, layout, year_bars
from web.common import _bool, _int, ctx, today

bp = Blueprint("actors", __name__)


ENTITIES_PER_PAGE = 500
# the status columns of the scorecard, in STATUS_ORDER
SCORE_COLUMNS = ("met", "missed", "revoked", "deadline_passed", "due", "upcoming", "none")


@bp.get("/actors")
def index():
    """Entities by number of commitments (or name, or documents), searchable by name or alias."""
    store = ctx().store
    page = _int("page", request.args.get("page") or "1", 1, 10**9)
    sort = (request.args.get("sort") or "commitments").strip()
    if sort not in ENTITY_ORDERS:
        raise InvalidQuery(f"sort must be one of {', '.join(ENTITY_ORDERS)}")
    q = (request.args.get("q") or "").strip()
    store.ensure_entities()
    total = store.entity_count(q or None)
    rows = store.entity_summaries(today().isoformat(), search=q or None, order=sort, limit=ENTITIES_PER_PAGE,
                                  offset=(page - 1) * ENTITIES_PER_PAGE)
    return render_template("actors.html", entities=rows, total=total, page=page, q=q, sort=sort,
                           more=page * ENTITIES_PER_PAGE < total, columns=SCORE_COLUMNS)


@bp.get("/actors/e/<int:entity_id>")
def entity(entity_id: int):
    """One entity: its scorecard, the names it goes by (with the rule that merged each) and its commitments."""
    store = ctx().store
    store.ensure_entities()
    e = store.get_entity(entity_id, today().isoformat())
    revoked = _bool("revoked", request.args["revoked"]) if request.args.get("revoked") else None
    ids = store.entity_commitment_ids(entity_id, revoked=revoked)
    per_page = current_app.config["PAGE_SIZE"]
    pages = max(1, math.ceil(len(ids) / per_page))
    page = min(_int("page", request.args.get("page") or "1", 1), pages)
    page_ids = ids[(page - 1) * per_page:page * per_page]
    found = store.commitments_by_ids(page_ids)
    rows = [found[i] for i in page_ids if i in found]
    bars, _ = bars_from_counts(store.entity_year_status_counts(entity_id, today().isoformat()))
    return render_template("actor.html", entity=e, name=e.name, aliases=store.entity_aliases(entity_id), rows=rows,
                           total=len(ids), page=page, pages=pages, revoked=revoked, status_order=STATUS_ORDER,
                           totals={s: e.statuses.get(s, 0) for s in STATUS_ORDER}, docs=None, chart=layout(bars),
                           bars=bars)


@bp.get("/actors/<path:name>")
def show(name: str):
    """Every commitment of one exact actor name (links from commitment tables)."""
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
    return render_template("actor.html", entity=None, name=rows[0].commitment.actor, rows=rows, total=total,
                           page=page, pages=pages, chart=layout(bars), bars=bars, totals=totals,
                           status_order=STATUS_ORDER, docs=docs)
