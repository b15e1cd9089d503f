"""The JSON API under /api.  Errors: {"error": {"code", "message"}} with a fitting status."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from indexer import hit_to_dict
from kb.errors import InvalidQuery, NotFound
from kb.models import CommitmentFilter
from web.auth import audit, require_role, write_access
from web.common import (SEARCH_MAX_RESULTS, _int, cancel_job, ctx, doc_summary, job_dict, job_for_viewer, parse_filters,
                        retry_job, run_search_page, sort_arg, ui_mode)
from web.exports import export_response, web_row
from web.openapi import openapi_document
from web.uploads import accept_request_files

bp = Blueprint("api", __name__, url_prefix="/api")


def _rows(commitments) -> list[dict]:
    """Commitments as the API gives them, each with `ocr`: true when its sentence's passage was read
    by OCR from a scanned page (worth checking against the original)."""
    commitments = list(commitments)
    ids = sorted({sc.passage_id for sc in commitments if sc.passage_id is not None})
    passages = ctx().store.passages_by_ids(ids) if ids else {}
    return [dict(web_row(sc), ocr=bool(sc.passage_id in passages and passages[sc.passage_id].passage.ocr))
            for sc in commitments]


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
    args = {key: value for key, value in request.args.items(multi=False) if key not in ("offset", "k", "limit")}
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
        if not 1 <= limit <= 10000 or not 0 <= offset <= 2**63 - 1:
            raise InvalidQuery("limit must be 1-10000 and offset 0 or more")
        store = ctx().store
        rows = store.query_commitments(filters, order=sort_arg(), limit=limit, offset=offset)
        return jsonify({"count": store.count_commitments(filters), "limit": limit, "offset": offset,
                        "items": _rows(rows)})
    return export_response(filters, fmt, attachment=fmt == "csv")


@bp.get("/commitments/<int:cid>")
def commitment(cid: int):
    return jsonify(_rows([ctx().store.get_commitment(cid)])[0])


@bp.get("/documents")
def documents():
    return jsonify({"documents": [dict(doc_summary(d, n), url=url_for("documents.show", doc_id=d.id))
                                  for d, n in ctx().store.document_summaries()]})


@bp.get("/documents/<int:doc_id>")
def document(doc_id: int):
    """One document; its commitments a page at a time (`limit` 1-500, default 100, `offset`), so the
    response stays bounded: `commitment_list` is {items, count, limit, offset, next}."""
    store = ctx().store
    doc = store.get_document(doc_id)
    limit = _int("limit", request.args.get("limit") or "100", 1, 500)
    offset = _int("offset", request.args.get("offset") or "0", 0)
    f = CommitmentFilter(document_id=doc_id)
    count = store.count_commitments(f)
    rows = store.query_commitments(f, order="document", limit=limit, offset=offset)
    d = doc_summary(doc, count)
    d["text"] = doc.text
    d["original_url"] = url_for("documents.original", doc_id=doc_id)
    d["ocr_passages"] = store.ocr_passage_count(doc_id)
    d["ocr"] = d["ocr_passages"] > 0  # some of its text was read by OCR from scanned pages
    items = _rows(rows)
    more = offset + len(items) < count
    d["commitment_list"] = {"items": items, "count": count, "limit": limit, "offset": offset,
                            "next": url_for("api.document", doc_id=doc_id, limit=limit, offset=offset + limit)
                            if more else None}
    d["commitment_items"] = items  # the same page; kept for older clients
    return jsonify(d)


@bp.post("/documents")
@write_access
def upload():
    jobs = accept_request_files()
    audit("upload", f"{len(jobs)} file(s)", {"jobs": [j.id for j in jobs], "names": [j.source_name for j in jobs[:20]]})
    return jsonify({"jobs": [job_dict(j) for j in jobs]}), 202


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
    """Readers see a job's file name only when its document is live (web.views.jobs.job_for_viewer)."""
    return jsonify({"jobs": [job_for_viewer(j) for j in ctx().store.list_jobs(100)]})


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
