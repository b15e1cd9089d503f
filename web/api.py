"""The JSON API under /api.  Errors: {"error": {"code", "message"}} with a fitting status."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from indexer import hit_to_dict
from kb.errors import InvalidQuery, NotFound
from kb.export import stored_row
from kb.models import CommitmentFilter
from web.auth import write_access
from web.common import (ctx, doc_summary, job_dict, low_confidence, parse_filters, retry_job, run_search, sort_arg,
                        ui_mode)
from web.exports import export_response
from web.openapi import openapi_document
from web.uploads import accept_request_files

bp = Blueprint("api", __name__, url_prefix="/api")


def _hit_to_dict(hit) -> dict:
    d = hit_to_dict(hit)
    d.setdefault("url", url_for("commitment.show", cid=hit.id) if hit.kind == "commitment"
                 else url_for("documents.show", doc_id=hit.document_id))
    return d


@bp.get("/search")
def search():
    q = request.args.get("q") or ""
    try:
        k = int(request.args.get("k") or 10)
    except ValueError:
        raise InvalidQuery("k must be a whole number") from None
    if not 1 <= k <= 100:
        raise InvalidQuery("k must be between 1 and 100")
    mode = ui_mode(request.args.get("mode"))
    filters = parse_filters()
    hits = run_search(q, k, mode, filters)
    return jsonify({"query": q.strip(), "mode": mode, "k": k, "count": len(hits),
                    "low_confidence": low_confidence(hits), "hits": [_hit_to_dict(h) for h in hits]})


@bp.get("/commitments")
def commitments():
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in ("json", "csv"):
        raise InvalidQuery("format must be json or csv")
    filters = parse_filters()
    if fmt == "json" and (request.args.get("limit") or request.args.get("offset") or request.args.get("sort")):
        try:
            limit = int(request.args.get("limit") or 100)
            offset = int(request.args.get("offset") or 0)
        except ValueError:
            raise InvalidQuery("limit and offset must be whole numbers") from None
        if not 1 <= limit <= 10000 or offset < 0:
            raise InvalidQuery("limit must be 1-10000 and offset 0 or more")
        store = ctx().store
        rows = store.query_commitments(filters, order=sort_arg(), limit=limit, offset=offset)
        return jsonify({"count": store.count_commitments(filters), "limit": limit, "offset": offset,
                        "items": [stored_row(r) for r in rows]})
    return export_response(filters, fmt, attachment=fmt == "csv")


@bp.get("/commitments/<int:cid>")
def commitment(cid: int):
    return jsonify(stored_row(ctx().store.get_commitment(cid)))


@bp.get("/documents")
def documents():
    return jsonify({"documents": [dict(doc_summary(d, n), url=url_for("documents.show", doc_id=d.id))
                                  for d, n in ctx().store.document_summaries()]})


@bp.get("/documents/<int:doc_id>")
def document(doc_id: int):
    store = ctx().store
    doc = store.get_document(doc_id)
    rows = store.query_commitments(CommitmentFilter(document_id=doc_id), order="document")
    d = doc_summary(doc, len(rows))
    d["text"] = doc.text
    d["original_url"] = url_for("documents.original", doc_id=doc_id)
    d["commitment_items"] = [stored_row(r) for r in rows]
    return jsonify(d)


@bp.post("/documents")
@write_access
def upload():
    jobs = accept_request_files()
    return jsonify({"jobs": [job_dict(j) for j in jobs]}), 202


@bp.delete("/documents/<int:doc_id>")
@write_access
def delete_document(doc_id: int):
    c = ctx()
    c.store.delete_document(doc_id)
    if c.worker is not None:
        c.worker.wake(sync=True)
    return jsonify({"deleted": doc_id})


@bp.get("/jobs")
def jobs():
    return jsonify({"jobs": [job_dict(j) for j in ctx().store.list_jobs(100)]})


@bp.get("/jobs/<int:job_id>")
def get_job(job_id: int):
    return jsonify(job_dict(ctx().store.get_job(job_id)))


@bp.post("/jobs/<int:job_id>/retry")
@write_access
def retry(job_id: int):
    return jsonify(job_dict(retry_job(job_id))), 202


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.route("/", defaults={"rest": ""})
@bp.route("/<path:rest>")
def not_found(rest: str):
    raise NotFound(f"no API endpoint /api/{rest}")
