"""Actors: the entities that committed to something, as scorecards; one entity's page; one name's page.

An entity is one body under all its names ("Secretary of Commerce", "Department of Commerce",
"Commerce"; kb/entities.py).  The actors page is the scorecard of the whole knowledge base (or of one
document, `?document=ID`): its commitments by status bucket (open, due this year, deadline passed
with the status unknown, met, partly met, missed, revoked) and by sector, a chart by deadline year,
and every entity with its own counts, sortable by any column and searchable by name or alias,
exportable as CSV or JSON.  An entity's page shows the same scorecard for that entity.

People correct the merging (editor role, `web.auth.require_role`; each change in the audit log):
merge an entity into another, split one of its names off into an entity of its own, rename it.
The changes are overlays (kb/schema/014_entity_overlays.sql) that every rebuild of the derived
entity tables applies again, so they outlive re-extraction.  The same actions are in the API
(`api` blueprint: POST /api/actors/{id}/merge|split|rename, DELETE /api/actors/overlays/{id},
GET /api/scorecard); the entity lists themselves are GET /api/actors and /api/actors/{id} (web/api.py).

`/actors/<name>` still lists one exact actor string (the links in commitment tables).
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for

from kb.errors import InvalidQuery, NotFound
from kb.models import CommitmentFilter
from kb.store_entities import ENTITY_ORDERS, SCORE_BUCKETS, EntitySummary, Scorecard
from web.auth import audit, current_user, require_role
from web.charts import STATUS_ORDER, bars_from_counts, layout, year_bars
from web.common import _bool, _int, ctx, today

bp = Blueprint("actors", __name__)
api = Blueprint("actors_api", __name__, url_prefix="/api")


ENTITIES_PER_PAGE = 500
EXPORT_MOST = 100_000


# -- reading the request ---------------------------------------------------------------------------

def _list_args() -> tuple[str, str, int | None]:
    """`q` (name or alias contains), `sort` (ENTITY_ORDERS) and `document` (an id) of the actors list."""
    sort = (request.args.get("sort") or "commitments").strip()
    if sort not in ENTITY_ORDERS:
        raise InvalidQuery(f"sort must be one of {', '.join(ENTITY_ORDERS)}")
    doc = (request.args.get("document") or "").strip()
    document = _int("document", doc, 1) if doc else None
    if document is not None:
        ctx().store.get_document(document)   # NotFound: a readable 404, not an empty list
    return (request.args.get("q") or "").strip(), sort, document


def _by() -> str:
    user = current_user()
    return user.name if user is not None else "anonymous"


def _body() -> dict[str, Any]:
    """The JSON object (API) or the form fields (pages) of a POST."""
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise InvalidQuery("the body must be a JSON object")
        return body
    return {k: v for k, v in request.form.items() if k != "csrf_token"}


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidQuery(f"{name} is required (text)")
    return value


# -- the shapes shared by pages, exports and the API -------------------------------------------------

def entity_dict(e: EntitySummary) -> dict:
    return {"id": e.id, "name": e.name, "commitments": e.commitments, "documents": e.documents,
            "statuses": e.statuses, "scores": e.scores or {}, "url": url_for("actors.entity", entity_id=e.id),
            "api_url": url_for("api.actor", entity_id=e.id)}


def scorecard_dict(sc: Scorecard) -> dict:
    return {"scope": sc.scope, "total": sc.total, "scores": sc.scores, "statuses": sc.statuses,
            "sectors": [{"sector": r.sector, "total": r.total, "scores": r.scores} for r in sc.sectors]}


def _csv_response(header: list[str], rows: list[list[Any]], name: str) -> Response:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for row in rows:
        # a name starting like a formula is not run by a spreadsheet (OWASP "CSV injection")
        w.writerow(["'" + c if isinstance(c, str) and c.startswith(("=", "+", "-", "@", "\t", "\r")) else c
                    for c in row])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _json_response(payload: Any, name: str) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, indent=1), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}.json"'})


def _scope_chart(entity_id: int | None = None, document_id: int | None = None):
    bars, _ = bars_from_counts(ctx().store.year_status_counts(today().isoformat(), entity_id=entity_id,
                                                              document_id=document_id))
    return bars, layout(bars)


# -- pages -------------------------------------------------------------------------------------------

@bp.get("/actors")
def index():
    """The scorecard of the knowledge base (or of `document`), and every entity with its counts."""
    store = ctx().store
    page = _int("page", request.args.get("page") or "1", 1, 10**9)
    q, sort, document = _list_args()
    store.ensure_entities()
    total = store.entity_count(q or None, document_id=document)
    rows = store.entity_summaries(today().isoformat(), search=q or None, order=sort, limit=ENTITIES_PER_PAGE,
                                  offset=(page - 1) * ENTITIES_PER_PAGE, document_id=document)
    card = store.scorecard(today().isoformat(), document_id=document)
    bars, chart = _scope_chart(document_id=document)
    return render_template("actors.html", entities=rows, total=total, page=page, q=q, sort=sort,
                           more=page * ENTITIES_PER_PAGE < total, buckets=SCORE_BUCKETS, card=card, bars=bars,
                           chart=chart, document=store.get_document(document) if document else None,
                           widest=max([e.commitments for e in rows] or [1]))


@bp.get("/actors.<any(csv, json):fmt>")
def export(fmt: str):
    """The entity list (same `q`, `sort`, `document` as the page, every match) as CSV or JSON."""
    store = ctx().store
    q, sort, document = _list_args()
    store.ensure_entities()
    rows = store.entity_summaries(today().isoformat(), search=q or None, order=sort, limit=EXPORT_MOST,
                                  document_id=document)
    name = "policykb-actors" + (f"-document-{document}" if document else "")
    if fmt == "json":
        return _json_response({"as_of": today().isoformat(), "document_id": document, "q": q or None,
                               "items": [dict(entity_dict(e), url=url_for("actors.entity", entity_id=e.id,
                                                                          _external=True)) for e in rows],
                               "count": len(rows)}, name)
    return _csv_response(
        ["id", "name", "commitments", "documents", *SCORE_BUCKETS, "url"],
        [[e.id, e.name, e.commitments, e.documents, *[(e.scores or {}).get(b, 0) for b in SCORE_BUCKETS],
          url_for("actors.entity", entity_id=e.id, _external=True)] for e in rows], name)


def _selected_scorecard():
    """The scorecard the request's `document` and/or `entity` select (404 for an unknown one), and those ids."""
    store = ctx().store
    store.ensure_entities()
    doc, ent = (request.args.get("document") or "").strip(), (request.args.get("entity") or "").strip()
    document = _int("document", doc, 1) if doc else None
    entity = _int("entity", ent, 1) if ent else None
    if document is not None:
        store.get_document(document)
    if entity is not None:
        store.entity_key(entity)
    return store.scorecard(today().isoformat(), entity_id=entity, document_id=document), document, entity


@bp.get("/scorecard.<any(csv, json):fmt>")
def scorecard_export(fmt: str):
    """The scorecard by sector of the knowledge base, a `document` or an `entity` (both: the entity in it)."""
    card, document, entity = _selected_scorecard()
    name = "policykb-scorecard" + (f"-entity-{entity}" if entity else "") + (f"-document-{document}" if document else "")
    if fmt == "json":
        return _json_response(dict(scorecard_dict(card), as_of=today().isoformat(), entity_id=entity,
                                   document_id=document), name)
    rows = [[r.sector or "(no sector)", r.total, *[r.scores[b] for b in SCORE_BUCKETS]] for r in card.sectors]
    rows.append(["(all sectors)", card.total, *[card.scores[b] for b in SCORE_BUCKETS]])
    return _csv_response(["sector", "commitments", *SCORE_BUCKETS], rows, name)


@bp.get("/actors/e/<int:entity_id>")
def entity(entity_id: int):
    """One entity: its scorecard (by status and sector), the names it goes by (with the rule that merged
    each), the corrections people made, and its commitments."""
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
    bars, chart = _scope_chart(entity_id=entity_id)
    return render_template("actor.html", entity=e, name=e.name, aliases=store.entity_aliases(entity_id), rows=rows,
                           total=len(ids), page=page, pages=pages, revoked=revoked, status_order=STATUS_ORDER,
                           totals={s: e.statuses.get(s, 0) for s in STATUS_ORDER}, docs=None, chart=chart,
                           bars=bars, card=store.scorecard(today().isoformat(), entity_id=entity_id),
                           buckets=SCORE_BUCKETS, overlays=store.entity_overlays(entity_id))


@bp.post("/actors/e/<int:entity_id>/rename")
@require_role("editor")
def rename_page(entity_id: int):
    name = _text(_body(), "name")
    old = ctx().store.get_entity(entity_id, today().isoformat()).name
    new_id = ctx().store.rename_entity(entity_id, name, _by())
    audit("entity.rename", f"entity {entity_id}", {"from": old, "to": name})
    flash(f"Renamed “{old}” to “{name}”.")
    return redirect(url_for("actors.entity", entity_id=new_id))


@bp.post("/actors/e/<int:entity_id>/merge")
@require_role("editor")
def merge_page(entity_id: int):
    store = ctx().store
    into = store.find_entity(_text(_body(), "into"))
    old = store.get_entity(entity_id, today().isoformat()).name
    target = store.get_entity(into, today().isoformat()).name
    new_id = store.merge_entities(entity_id, into, _by())
    audit("entity.merge", f"entity {entity_id}", {"name": old, "into": into, "into_name": target})
    flash(f"Merged “{old}” into “{target}”: its names now count here.")
    return redirect(url_for("actors.entity", entity_id=new_id))


@bp.post("/actors/e/<int:entity_id>/split")
@require_role("editor")
def split_page(entity_id: int):
    body = _body()
    mention, name = _text(body, "mention"), _text(body, "name")
    new_id = ctx().store.split_entity(entity_id, mention, name, _by())
    audit("entity.split", f"entity {entity_id}", {"mention": mention, "name": name, "to": new_id})
    flash(f"Split “{mention}” off into “{name}”.")
    return redirect(url_for("actors.entity", entity_id=new_id))


@bp.post("/actors/overlays/<int:overlay_id>/undo")
@require_role("editor")
def undo_page(overlay_id: int):
    store = ctx().store
    done = store.delete_entity_overlay(overlay_id)
    audit("entity.undo", f"entity correction {overlay_id}", {"kind": done.kind, "entity_key": done.entity_key})
    flash(f"Undid the {done.kind}.")
    back = store.entity_id_by_key(done.entity_key) or store.entity_id_by_key(done.target_key or "")
    return redirect(url_for("actors.entity", entity_id=back) if back else url_for("actors.index"))


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
    store.ensure_entities()
    return render_template("actor.html", entity=None, name=rows[0].commitment.actor, rows=rows, total=total,
                           page=page, pages=pages, chart=layout(bars), bars=bars, totals=totals,
                           status_order=STATUS_ORDER, docs=docs, name_entities=store.entities_of_actor(name))


# -- the API: corrections and scorecards ---------------------------------------------------------------

def _entity_answer(entity_id: int) -> Response:
    e = ctx().store.get_entity(entity_id, today().isoformat())
    return jsonify(entity_dict(e))


@api.post("/actors/<int:entity_id>/rename")
@require_role("editor")
def api_rename(entity_id: int):
    """{name}: show the entity under this name from now on (kept across rebuilds)."""
    name = _text(_body(), "name")
    new_id = ctx().store.rename_entity(entity_id, name, _by())
    audit("entity.rename", f"entity {entity_id}", {"to": name})
    return _entity_answer(new_id)


@api.post("/actors/<int:entity_id>/merge")
@require_role("editor")
def api_merge(entity_id: int):
    """{into}: an entity id (or exact name); every name of this entity counts there from now on."""
    into = _body().get("into")
    if isinstance(into, bool) or not isinstance(into, (int, str)):
        raise InvalidQuery("into is required: the id (or exact name) of the entity to merge into")
    store = ctx().store
    store.entity_key(entity_id)
    target = store.find_entity(str(into))
    new_id = store.merge_entities(entity_id, target, _by())
    audit("entity.merge", f"entity {entity_id}", {"into": target})
    return _entity_answer(new_id)


@api.post("/actors/<int:entity_id>/split")
@require_role("editor")
def api_split(entity_id: int):
    """{mention, name}: the commitments under one of the entity's names go to an entity called `name`."""
    body = _body()
    mention, name = _text(body, "mention"), _text(body, "name")
    new_id = ctx().store.split_entity(entity_id, mention, name, _by())
    audit("entity.split", f"entity {entity_id}", {"mention": mention, "name": name, "to": new_id})
    return _entity_answer(new_id)


@api.get("/actors/overlays")
def api_overlays():
    """People's merges, splits and renames, oldest first ({items, count, limit, offset, next})."""
    limit = _int("limit", (request.args.get("limit") or "100").strip(), 1, 500)
    offset = _int("offset", (request.args.get("offset") or "0").strip(), 0)
    every = ctx().store.entity_overlays()
    items = [{"id": o.id, "kind": o.kind, "entity_key": o.entity_key, "mention": o.mention,
              "target_key": o.target_key, "name": o.name, "created_by": o.created_by, "created_at": o.created_at}
             for o in every[offset:offset + limit]]
    more = offset + len(items) < len(every)
    return jsonify({"items": items, "count": len(every), "limit": limit, "offset": offset,
                    "next": url_for("actors_api.api_overlays", limit=limit, offset=offset + limit) if more else None})


@api.delete("/actors/overlays/<int:overlay_id>")
@require_role("editor")
def api_undo(overlay_id: int):
    """Undo one merge, split or rename; the entities are rebuilt without it."""
    done = ctx().store.delete_entity_overlay(overlay_id)
    audit("entity.undo", f"entity correction {overlay_id}", {"kind": done.kind, "entity_key": done.entity_key})
    return jsonify({"deleted": overlay_id, "kind": done.kind})


@api.get("/scorecard")
def api_scorecard():
    """Counts by status bucket and by sector of the knowledge base, a `document` or an `entity`."""
    card, document, entity = _selected_scorecard()
    return jsonify(dict(scorecard_dict(card), as_of=today().isoformat(), entity_id=entity, document_id=document))
