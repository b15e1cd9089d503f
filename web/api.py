"""The JSON API under /api.  Errors: {"error": {"code", "message"}} with a fitting status."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from indexer import hit_to_dict
from kb.errors import InvalidQuery, NotFound
from kb.models import CommitmentFilter
from web.auth import audit, require_role, write_access
from web.common import (SEARCH_MAX_RESULTS, _int, api_paging, cancel_job, carried_args, ctx, doc_summary, job_dict,
                        job_for_viewer, list_page, parse_filters, retry_job, run_search_page, sort_arg, ui_mode)
from web.exports import api_rows, export_response
from web.openapi import openapi_document
from web.uploads import accept_request_files

bp = Blueprint("api", __name__, url_prefix="/api")


def _rows(commitments) -> list[dict]:
    """Commitments as the API gives them, with ids, links and `ocr` (web.exports.api_rows, which the
    review routes share)."""
    return api_rows(commitments)


# the one list shape ({items, count, limit, offset, next}) lives in web.common, shared with the review and admin routes
_paging = api_paging
_carried_args = carried_args
page_of = list_page


def _document(d: dict) -> dict:
    """A document summary with the names the detail uses: `commitment_count`, `url`, `api_url`."""
    d = dict(d)
    d["commitment_count"] = d.pop("commitments", None)
    d["url"] = url_for("documents.show", doc_id=d["id"])
    d["api_url"] = url_for("api.document", doc_id=d["id"])
    return d


def _hit_to_dict(hit) -> dict:
    d = hit_to_dict(hit)
    d.setdefault("url", url_for("commitment.show", cid=hit.id) if hit.kind == "commitment"
                 else url_for("documents.show", doc_id=hit.document_id))
    return d


@bp.get("/search")
def search():
    """One page of a search: `{items, count, limit, offset}` like every list here (`count`: all the
    sentences that matched, `items`: those from `offset`), with `facets` over all matches,
    `low_confidence` (nothing answers well), `suggestion` ("did you mean") and `next`.
    `hits` repeats `items` and `k` repeats `limit`, for older clients."""
    q = request.args.get("q") or ""
    k_arg = "limit" if request.args.get("limit") and not request.args.get("k") else "k"
    k = _int(k_arg, (request.args.get(k_arg) or "10").strip(), 1, 100)
    offset = _int("offset", (request.args.get("offset") or "0").strip(), 0, SEARCH_MAX_RESULTS - k)
    mode = ui_mode(request.args.get("mode"))
    filters = parse_filters()
    page = run_search_page(q, k, mode, filters, offset)
    items = [_hit_to_dict(h) for h in page.hits]
    more = offset + len(items) < min(page.total, SEARCH_MAX_RESULTS)
    args = _carried_args(("offset", "k", "limit"))
    return jsonify({
        "query": page.query, "mode": mode, "k": k, "limit": k, "offset": offset, "count": page.total,
        "low_confidence": page.low_confidence, "suggestion": page.suggestion,
        "facets": {field: [{"value": v, "count": n} for v, n in values] for field, values in page.facets.items()},
        "items": items, "hits": items,
        "next": url_for("api.search", **args, limit=k, offset=offset + k)
        if more and offset + 2 * k <= SEARCH_MAX_RESULTS else None,
    })


@bp.get("/commitments")
def commitments():
    """Matching commitments a page at a time (JSON: `limit` 1-10000, default 100), or all as CSV."""
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in ("json", "csv"):
        raise InvalidQuery("format must be json or csv")
    filters = parse_filters(text=True)  # q= filters by words here (on /api/search it is the query)
    if fmt == "csv":
        return export_response(filters, fmt, attachment=True)
    limit, offset = _paging(100, 10000)
    store = ctx().store
    rows = store.query_commitments(filters, order=sort_arg(), limit=limit, offset=offset)
    return jsonify(page_of(_rows(rows), store.count_commitments(filters), limit, offset, "api.commitments"))


@bp.get("/commitments/<int:cid>")
def commitment(cid: int):
    return jsonify(_rows([ctx().store.get_commitment(cid)])[0])


@bp.get("/documents")
def documents():
    """Documents, newest first, a page at a time (`limit` 1-1000, default 100)."""
    limit, offset = _paging(100, 1000)
    store = ctx().store
    items = [_document(doc_summary(d, n)) for d, n in store.document_summaries(limit=limit, offset=offset)]
    return jsonify(page_of(items, store.document_count(), limit, offset, "api.documents"))


@bp.get("/documents/<int:doc_id>")
def document(doc_id: int):
    """One document with the fields of its list item plus its text, and its commitments a page at a
    time (`limit` 1-500, default 100, `offset`) so the response stays bounded: `commitments` is
    {items, count, limit, offset, next}; `commitment_count` is the same number as in the list."""
    store = ctx().store
    doc = store.get_document(doc_id)
    limit, offset = _paging(100, 500)
    f = CommitmentFilter(document_id=doc_id)
    count = store.count_commitments(f)
    rows = store.query_commitments(f, order="document", limit=limit, offset=offset)
    d = _document(doc_summary(doc, count))
    d["text"] = doc.text
    d["original_url"] = url_for("documents.original", doc_id=doc_id)
    d["ocr_passages"] = store.ocr_passage_count(doc_id)
    d["ocr"] = d["ocr_passages"] > 0  # some of its text was read by OCR from scanned pages
    d["ocr_confidence"] = store.ocr_confidence(doc_id)  # tesseract's mean word confidence, 0-100; null if no OCR
    for field in ("title", "published", "issuing_body"):  # where ingestion found each, unless a person set it
        d[f"{field}_source"] = "set by a person" if field in doc.metadata_set else getattr(doc, f"{field}_source")
    # the source's links (HTML <a href>, Markdown links, PDF link boxes, printed URLs) as spans of `text`
    d["links"] = [{"start": x.start, "end": x.end, "text": doc.text[x.start:x.end], "url": x.url}
                  for x in store.document_links(doc_id)]
    d["commitments"] = page_of(_rows(rows), count, limit, offset, "api.document", doc_id=doc_id)
    return jsonify(d)


@bp.post("/documents")
@write_access
def upload():
    jobs = accept_request_files()
    audit("upload", f"{len(jobs)} file(s)", {"jobs": [j.id for j in jobs], "names": [j.source_name for j in jobs[:20]]})
    items = [job_dict(j) for j in jobs]
    # `jobs` repeats `items` for older clients (scripts that poll their uploads)
    return jsonify({"items": items, "count": len(items), "jobs": items}), 202


@bp.delete("/documents/<int:doc_id>")
@require_role("admin")
def delete_document(doc_id: int):
    c = ctx()
    doc = c.store.get_document(doc_id)
    c.store.delete_document(doc_id)
    audit("document.delete", f"document {doc_id}", {"title": doc.title, "sha256": doc.sha256})
    if c.worker is not None:
        c.worker.wake(sync=True)
    return jsonify({"deleted": doc_id})


@bp.get("/jobs")
def jobs():
    """The latest jobs first, a page at a time (`limit` 1-500, default 100).  Readers see a job's file
    name only when its document is live (web.common.job_for_viewer)."""
    limit, offset = _paging(100, 500)
    store = ctx().store
    items = [job_for_viewer(j) for j in store.list_jobs(limit, offset=offset)]
    return jsonify(page_of(items, store.count_jobs(), limit, offset, "api.jobs"))


@bp.get("/jobs/<int:job_id>")
def get_job(job_id: int):
    return jsonify(job_for_viewer(ctx().store.get_job(job_id)))


@bp.post("/jobs/<int:job_id>/cancel")
@require_role("admin")
def cancel(job_id: int):
    return jsonify(job_dict(cancel_job(job_id)))


@bp.post("/jobs/<int:job_id>/retry")
@write_access
def retry(job_id: int):
    audit("job.retry", f"job {job_id}")
    return jsonify(job_dict(retry_job(job_id))), 202


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.route("/", defaults={"rest": ""})
@bp.route("/<path:rest>")
def not_found(rest: str):
    raise NotFound(f"no API endpoint /api/{rest}")


# -- actors as entities and lineage (issue 15; kb/store_entities.py) ------------------------------

def _entity_dict(e) -> dict:
    return {"id": e.id, "name": e.name, "commitments": e.commitments, "documents": e.documents,
            "statuses": e.statuses, "scores": e.scores or {}, "url": url_for("actors.entity", entity_id=e.id),
            "api_url": url_for("api.actor", entity_id=e.id)}


def _actor_query() -> tuple[str | None, str, int | None]:
    """`q` (name or alias contains), `sort` (commitments, documents, name, -name or a scorecard column)
    and `document` (count only that document's commitments) of the actors list."""
    from kb.store_entities import ENTITY_ORDERS
    sort = (request.args.get("sort") or "commitments").strip()
    if sort not in ENTITY_ORDERS:
        raise InvalidQuery(f"sort must be one of {', '.join(ENTITY_ORDERS)}")
    doc = (request.args.get("document") or "").strip()
    document = _int("document", doc, 1) if doc else None
    if document is not None:
        ctx().store.get_document(document)
    return (request.args.get("q") or "").strip() or None, sort, document


@bp.get("/actors")
def actors():
    """Actor entities (merged names) with their commitment counts by status, largest first."""
    from web.common import today
    q, sort, document = _actor_query()
    limit, offset = _paging(100, 500)
    store = ctx().store
    store.ensure_entities()
    items = [_entity_dict(e) for e in store.entity_summaries(today().isoformat(), search=q, order=sort,
                                                              limit=limit, offset=offset, document_id=document)]
    return jsonify(page_of(items, store.entity_count(q, document_id=document), limit, offset, "api.actors"))


@bp.get("/actors/<int:entity_id>")
def actor(entity_id: int):
    """One entity: counts by status, the names it goes by (with the rule that linked each), and its
    commitments a page at a time (`revoked`: true or false to keep only those whose document is, or is
    not, revoked or superseded by a later document)."""
    from web.common import _bool, today
    store = ctx().store
    store.ensure_entities()
    e = store.get_entity(entity_id, today().isoformat())
    revoked = _bool("revoked", request.args["revoked"]) if request.args.get("revoked") else None
    limit, offset = _paging(100, 500)
    ids = store.entity_commitment_ids(entity_id, revoked=revoked)
    page_ids = ids[offset:offset + limit]
    found = store.commitments_by_ids(page_ids)
    items = _rows(found[i] for i in page_ids if i in found)
    aliases = [{"mention": a.mention, "rule": a.rule, "commitments": a.commitments}
               for a in store.entity_aliases(entity_id)]
    card = store.scorecard(today().isoformat(), entity_id=entity_id)
    sectors = [{"sector": r.sector, "total": r.total, "scores": r.scores} for r in card.sectors]
    overlays = [{"id": o.id, "kind": o.kind, "mention": o.mention, "name": o.name, "created_by": o.created_by,
                 "created_at": o.created_at} for o in store.entity_overlays(entity_id)]
    return jsonify(dict(_entity_dict(e), aliases=aliases, sectors=sectors, overlays=overlays,
                        **page_of(items, len(ids), limit, offset, "api.actor", entity_id=entity_id)))


@bp.get("/commitments/<int:cid>/lineage")
def commitment_lineage(cid: int):
    """A commitment's line of history (kb/store_lineage.py), a page at a time: revocations of its document
    and its links to commitments of other documents (restated, raised, lowered, deadline_moved, dropped,
    progress_reported), each with its evidence sentence, confidence and a person's verdict; `revoked_by`
    repeats the whole-document revocations and supersessions that people did not reject."""
    store = _fresh_store()
    store.ensure_lineage()
    entries = store.commitment_lineage_entries(cid)
    limit, offset = _paging(100, 500)
    items = [_lineage_dict(k) for k in entries]
    revoked_by = [k for k in items if not k["partial"] and k["relation"] in ("revoked", "rescinded", "superseded")
                  and k["verdict"] != "rejected"]
    return jsonify(dict(commitment_id=cid, revoked_by=revoked_by,
                        **page_of(items[offset:offset + limit], len(items), limit, offset, "api.commitment_lineage",
                                  cid=cid)))


def _lineage_dict(k) -> dict:
    return {"key": k.key, "relation": k.relation, "direction": k.direction, "partial": k.partial,
            "document_id": k.document_id, "document_title": k.document_title,
            "document_url": url_for("documents.show", doc_id=k.document_id),
            "document_api_url": url_for("api.document", doc_id=k.document_id),
            "commitment_id": k.commitment_id,
            "commitment_url": url_for("commitment.show", cid=k.commitment_id) if k.commitment_id else None,
            "sentence": k.sentence, "start": k.start, "end": k.end, "confidence": k.confidence, "detail": k.detail,
            "verdict": k.verdict, "judged_by": k.judged_by, "judged_at": k.judged_at}


def _fresh_store():
    """The store, with its derived entity and revocation tables rebuilt if commitments changed since."""
    store = ctx().store
    store.ensure_entities()
    return store


# -- lineage judgements and document versions (issue 15; kb/store_lineage.py) --------------------

@bp.post("/lineage/judgements")
@require_role("editor")
def judge_lineage():
    """A person confirms or rejects a lineage link by its `key` (verdict null: forget the verdict); kept
    across re-extraction."""
    from web.auth import current_user
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("key"), str):
        raise InvalidQuery("the body must be a JSON object with key (text) and verdict")
    verdict, note = body.get("verdict"), body.get("note")
    if note is not None and not isinstance(note, str):
        raise InvalidQuery("note must be text")
    store = _fresh_store()
    store.ensure_lineage()
    user = current_user()
    store.judge_lineage(body["key"], verdict, user.name if user else "anonymous", (note or "").strip()[:2000] or None)
    audit("lineage.judge", body["key"][:300], {"verdict": verdict, "note": note})
    return jsonify({"key": body["key"], "verdict": verdict})


@bp.get("/documents/<int:doc_id>/versions")
def document_versions(doc_id: int):
    """The documents this one is a version of or was followed by (near-duplicate texts, kb/versions.py), and
    `changes`: the diff of its commitments against its previous version (added, removed, changed)."""
    store = _fresh_store()
    store.get_document(doc_id)
    store.ensure_lineage()
    versions = store.document_versions(doc_id)
    limit, offset = _paging(100, 500)
    items = [{"document_id": v.document_id, "previous_id": v.previous_id, "title": v.title,
              "previous_title": v.previous_title, "similarity": round(v.similarity, 4), "added": v.added,
              "removed": v.removed, "changed": v.changed, "unchanged": v.unchanged,
              "document_url": url_for("documents.show", doc_id=v.document_id),
              "previous_url": url_for("documents.show", doc_id=v.previous_id)} for v in versions]
    _v, changes = store.version_changes(doc_id)
    return jsonify(dict(page_of(items[offset:offset + limit], len(items), limit, offset, "api.document_versions",
                                doc_id=doc_id),
                        changes=[{"kind": ch.kind, "old_id": ch.old_id, "new_id": ch.new_id,
                                  "old_sentence": ch.old_sentence, "new_sentence": ch.new_sentence,
                                  "fields": list(ch.fields)} for ch in changes]))
