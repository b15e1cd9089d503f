"""People correct what the machine read: the review queue page and the correction API.

Two blueprints: `bp` (pages: /review, the queue; /documents/<id>/commitments, a commitment added
from a text selection) and `api` (under /api: PATCH a record's fields, confirm, reject, status,
history, add, document metadata, the corrections export).  Every write needs the editor role
(`web.auth.require_role`) and is recorded twice: as a correction beside the extractor's output
(kb/store_review.py, shown as the record's history) and in the audit log.

After a write the search index is told to catch up (the store's change log says which records
changed; a rejected record leaves the index).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from kb.errors import InvalidQuery
from kb.models import REVIEW_FIELDS, SET_STATUSES, STATUS_WORDS, STRENGTHS, CommitmentFilter
from kb.store_review import Editor, InvalidValue, parse_corrections, parse_status
from web.auth import audit, current_user, require_role
from web.common import api_paging, ctx, highlight, list_page, parse_filters
from web.exports import api_rows, corrections_jsonl_response

bp = Blueprint("review", __name__)
api = Blueprint("review_api", __name__, url_prefix="/api")


def editor() -> Editor:
    user = current_user()
    return Editor(name=user.name, id=user.id) if user is not None else Editor("anonymous")


def _body() -> dict[str, Any]:
    """The request's JSON object (API) or form fields (pages)."""
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise InvalidQuery("the body must be a JSON object")
        return body
    return {k: v for k, v in request.form.items() if k != "csrf_token"}


def _note(body: dict[str, Any]) -> str | None:
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise InvalidValue("note", "must be text")
    return (note or "").strip()[:2000] or None


def _changed() -> None:
    """Tell the search index that records changed (it replays the store's change log)."""
    worker = ctx().worker
    if worker is not None:
        worker.wake(sync=True)
    else:
        sync = getattr(ctx().search, "sync", None)
        if sync is not None:
            sync()


def queue_reasons(sc) -> list[str]:
    """Why a record is worth a look, in words (the queue page shows them)."""
    c = sc.commitment
    out = []
    if sc.review is not None and sc.review.conflict:
        out.append(f"re-extraction: {sc.review.conflict}")
    if c.confidence is not None and c.confidence < 0.5:
        out.append(f"low confidence ({c.confidence:.2f})")
    if c.actor_inferred:
        out.append("actor inferred, not named in the sentence")
    if not c.actor:
        out.append("no actor")
    if not c.target:
        out.append("no target")
    if "no_deadline" not in c.flags and c.deadline is not None and not c.deadline.date:
        out.append("deadline without a date")
    from kb.extract.deadlines import find_deadlines  # the extractor's own reader of deadline phrases

    dates = {d.date for d in find_deadlines(c.sentence, sc.document_published) if d.date}
    if len(dates) > 1:
        out.append(f"{len(dates)} deadline candidates in the sentence")
    return out


# -- pages -------------------------------------------------------------------------------------

@bp.get("/review")
@require_role("editor")
def queue():
    c = ctx()
    filters = parse_filters()
    f = CommitmentFilter(document_id=filters.document_id, actor=filters.actor)
    items = c.store.review_queue(f, limit=50)
    passages = c.store.passages_by_ids([sc.passage_id for sc in items if sc.passage_id])
    rows = []
    for sc in items:
        p = passages.get(sc.passage_id) if sc.passage_id else None
        paragraph = None
        if p is not None:
            cm = sc.commitment
            paragraph = highlight(p.passage.text, [(cm.sentence_start - p.passage.start, cm.sentence_end - p.passage.start)])
        rows.append((sc, paragraph, queue_reasons(sc)))
    documents = [(d.id, d.title or d.source_name) for d, _n in c.store.document_summaries()]
    return render_template("review.html", rows=rows, total=c.store.review_queue_count(f),
                           conflicts=c.store.review_conflicts(f.document_id), documents=documents,
                           document_id=f.document_id, actor=f.actor or "", strengths=STRENGTHS)


@bp.post("/review/conflicts/<int:review_id>/dismiss")
@require_role("editor")
def dismiss(review_id: int):
    ctx().store.dismiss_conflict(review_id, editor())
    audit("review.dismiss_conflict", f"review {review_id}")
    flash("Conflict dismissed.")
    return redirect(request.referrer or url_for("review.queue"))


@bp.post("/commitments/<int:cid>/correct")
@require_role("editor")
def correct_page(cid: int):
    """The commitment page's forms: fix fields, confirm, reject, restore, status (then back to the page)."""
    body = _body()
    action = body.pop("do", "fix")
    _apply(cid, action, body)
    flash({"fix": "Saved.", "confirm": "Confirmed.", "reject": "Marked as not a commitment.",
           "restore": "Restored.", "status": "Status saved."}.get(action, "Saved."))
    return redirect(url_for("commitment.show", cid=cid))


@bp.post("/documents/<int:doc_id>/commitments")
@require_role("editor")
def add_page(doc_id: int):
    body = _body()
    sc = _add(doc_id, body)
    flash("Commitment added.")
    return redirect(url_for("commitment.show", cid=sc.id))


@bp.post("/documents/<int:doc_id>/metadata")
@require_role("editor")
def metadata_page(doc_id: int):
    body = _body()
    _metadata(doc_id, body)
    flash("Document details saved.")
    return redirect(url_for("documents.show", doc_id=doc_id))


# -- the shared work of pages and API -----------------------------------------------------------

def _apply(cid: int, action: str, body: dict[str, Any]):
    store = ctx().store
    note = _note(body)
    who = editor()
    if action == "fix":
        fields = {k: v for k, v in body.items() if k != "note"}   # an unknown field is refused, by name
        if not request.is_json:  # a form sends every field; the unchanged ones are no-ops
            fields = {k: v for k, v in fields.items() if k in REVIEW_FIELDS}
        sc = store.get_commitment_overlaid(cid)
        values = parse_corrections(fields, sc.document_published)
        if not values:
            raise InvalidQuery(f"give at least one of {', '.join(REVIEW_FIELDS)}")
        sc = store.correct_commitment(cid, values, who, note)
        audit("commitment.correct", f"commitment {cid}", {"fields": sorted(values), "note": note})
    elif action == "confirm":
        sc = store.confirm_commitment(cid, who, note)
        audit("commitment.confirm", f"commitment {cid}", note)
    elif action == "reject":
        sc = store.reject_commitment(cid, who, note)
        audit("commitment.reject", f"commitment {cid}", note)
    elif action == "restore":
        sc = store.restore_commitment(cid, who, note)
        audit("commitment.restore", f"commitment {cid}", note)
    elif action == "status":
        status, evidence = parse_status(body)
        sc = store.set_commitment_status(cid, status, evidence, who)
        audit("commitment.status", f"commitment {cid}", {"status": status})
    else:
        raise InvalidQuery(f"unknown action {action!r}")
    _changed()
    return sc


def _int_field(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    try:
        if isinstance(value, bool):
            raise ValueError
        return int(value)
    except (TypeError, ValueError):
        raise InvalidValue(name, "must be a whole number (a character offset into the document's text)") from None


def _add(doc_id: int, body: dict[str, Any]):
    store = ctx().store
    doc = store.get_document(doc_id)
    start, end = _int_field(body, "start"), _int_field(body, "end")
    fields = {k: body[k] for k in REVIEW_FIELDS if k in body and not (k != "actor" and k != "action" and body[k] == "")}
    values = parse_corrections(fields, doc.published)
    sc = store.add_commitment(doc_id, start, end, values, editor(), _note(body))
    audit("commitment.add", f"commitment {sc.id}", {"document": doc_id, "start": start, "end": end})
    _changed()
    return sc


def _metadata(doc_id: int, body: dict[str, Any]):
    values = {k: v for k, v in body.items() if k != "note"}
    doc = ctx().store.set_document_metadata(doc_id, values, editor())
    audit("document.metadata", f"document {doc_id}", values)
    _changed()
    return doc


# -- API ------------------------------------------------------------------------------------------

def _one(sc) -> dict:
    """A commitment as every API route gives it (the OpenAPI "Commitment": with its id, links and parent ids)."""
    return api_rows([sc])[0]


@api.patch("/commitments/<int:cid>")
@require_role("editor")
def patch(cid: int):
    """Change fields: {"actor": ..., "deadline": "2030" | "by 2030" | null, ..., "note": "why"}."""
    body = _body()
    sc = _apply(cid, "fix", body)
    return jsonify(_one(sc))


@api.post("/commitments/<int:cid>/confirm")
@require_role("editor")
def confirm(cid: int):
    return jsonify(_one(_apply(cid, "confirm", _body() if request.data else {})))


@api.post("/commitments/<int:cid>/reject")
@require_role("editor")
def reject(cid: int):
    return jsonify(_one(_apply(cid, "reject", _body() if request.data else {})))


@api.post("/commitments/<int:cid>/restore")
@require_role("editor")
def restore(cid: int):
    return jsonify(_one(_apply(cid, "restore", _body() if request.data else {})))


@api.route("/commitments/<int:cid>/status", methods=["PUT", "POST"])
@require_role("editor")
def status(cid: int):
    """{"status": "met", "url": "https://...", "note": "..."} or {"status": "met", "document_id": 3,
    "sentence": "..."}; {"status": "open"} clears a person's status."""
    return jsonify(_one(_apply(cid, "status", _body())))


@api.get("/commitments/<int:cid>/history")
def history(cid: int):
    store = ctx().store
    sc = store.get_commitment_overlaid(cid)
    limit, offset = api_paging(100, 1000)
    items = [{"id": h.id, "commitment_id": cid, "by": h.by, "at": h.at, "field": h.field, "before": h.before,
              "after": h.after, "note": h.note} for h in store.commitment_history(cid)]
    return jsonify({"commitment_id": cid, "commitment_url": url_for("commitment.show", cid=cid),
                    "state": sc.review.state if sc.review else None,
                    "set_fields": list(sc.review.set_fields) if sc.review else [],
                    **list_page(items[offset:offset + limit], len(items), limit, offset, "review_api.history",
                                cid=cid)})


@api.post("/commitments")
@require_role("editor")
def add():
    """A missed commitment: {"document_id", "start", "end" (offsets of the selected text), "actor", "action", ...}."""
    body = _body()
    sc = _add(_int_field(body, "document_id"), body)
    return jsonify(_one(sc)), 201, {"Location": url_for("api.commitment", cid=sc.id)}


@api.get("/review/queue")
@require_role("editor")
def queue_api():
    filters = parse_filters()
    f = CommitmentFilter(document_id=filters.document_id, actor=filters.actor)
    store = ctx().store
    limit, offset = api_paging(100, 500)
    items = store.review_queue(f, limit=limit, offset=offset)
    rows = [dict(row, reasons=queue_reasons(sc)) for sc, row in zip(items, api_rows(items))]
    return jsonify({**list_page(rows, store.review_queue_count(f), limit, offset, "review_api.queue_api"),
                    "conflicts": [{"review_id": q.review_id, "document_id": q.document_id, "sentence": q.sentence,
                                   "action": q.action, "state": q.state, "conflict": q.conflict}
                                  for q in store.review_conflicts(f.document_id)]})


@api.patch("/documents/<int:doc_id>")
@require_role("editor")
def document_metadata(doc_id: int):
    """{"title", "published": "YYYY-MM-DD", "issuing_body", "kind"}: a new date re-dates relative deadlines."""
    doc = _metadata(doc_id, _body())
    return jsonify({"id": doc.id, "url": url_for("documents.show", doc_id=doc.id),
                    "api_url": url_for("api.document", doc_id=doc.id), "title": doc.title,
                    "published": doc.published, "issuing_body": doc.issuing_body,
                    "kind": doc.kind, "set_by_person": list(doc.metadata_set)})


@api.get("/corrections.jsonl")
def corrections():
    """People's reviewed records in ../shared/eval's gold format, one JSON object per line."""
    return corrections_jsonl_response()


# Values the pages offer (the status form, the fix form).
STATUS_CHOICES = [(s, STATUS_WORDS[s]) for s in SET_STATUSES]
