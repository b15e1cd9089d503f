"""One commitment: every field, its sentence in its paragraph, its status and citation, who reviewed
it and its history, related commitments, its line of history across documents (revoked by, restated,
raised, deadline moved, dropped, progress reported: kb/store_lineage.py) with buttons for editors to
confirm or reject each link; for editors, the forms that correct it (web/views/review.py takes what
they send)."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kb.errors import InvalidQuery
from kb.export import citation, citation_text
from kb.models import SET_STATUSES, STATUS_WORDS, STRENGTHS, CommitmentFilter
from kb.store_lineage import DOCUMENT_RELATIONS
from web.auth import audit, current_user, require_role
from web.common import ctx, deadline_status, highlight

log = logging.getLogger(__name__)

bp = Blueprint("commitment", __name__)

# how a step of a commitment's history reads: (what a later document did to it, what it does to an earlier one)
LINEAGE_WORDS = {
    "revoked": ("Revoked by", "Revokes"), "rescinded": ("Rescinded by", "Rescinds"),
    "superseded": ("Superseded by", "Supersedes"), "amended": ("Amended by", "Amends"),
    "restated": ("Restated in", "Restates"), "raised": ("Raised in", "Raises the figure of"),
    "lowered": ("Lowered in", "Lowers the figure of"), "deadline_moved": ("Deadline moved in", "Moves the deadline of"),
    "dropped": ("Dropped in", "Drops"), "progress_reported": ("Progress reported in", "Reports progress on"),
}


@bp.get("/commitments/<int:cid>")
def show(cid: int):
    c = ctx()
    sc = c.store.get_commitment_overlaid(cid)   # a rejected record still has its page (and history)
    cm = sc.commitment
    paragraph = None
    passage = c.store.passages_by_ids([sc.passage_id]).get(sc.passage_id) if sc.passage_id else None
    if passage is not None:
        p = passage.passage
        paragraph = highlight(p.text, [(cm.sentence_start - p.start, cm.sentence_end - p.start)])
    lead_in = None   # a list item's lead-in ("The agency shall not:") may hold its negation or actor
    if passage is not None and passage.passage.parent_index is not None:
        found = c.store.passages_page(sc.document_id, passage.passage.parent_index, 1)
        if found and found[0].passage.index == passage.passage.parent_index:
            lead_in = found[0].passage
    page_marks = _page_marks(c, sc)
    target_marked = None
    if cm.target_start is not None and cm.target_end is not None:
        target_marked = highlight(cm.sentence, [(cm.target_start - cm.sentence_start, cm.target_end - cm.sentence_start)])
    same_actor = [x for x in c.store.query_commitments(CommitmentFilter(actor=cm.actor), order="deadline", limit=21)
                  if x.id != cid][:20]
    similar, similar_error = [], None
    try:
        similar = [h for h in c.search.similar_commitments(cid, k=12) if h.document_id != sc.document_id][:5]
    except Exception as exc:  # the page still works without the index
        log.warning("similar commitments for %s failed: %s", cid, exc)
        similar_error = "Similar commitments are unavailable right now."
    review = sc.review
    evidence_doc = evidence_sentence = None
    if review is not None and review.evidence is not None and review.evidence.document_id is not None:
        try:
            doc = c.store.get_document(review.evidence.document_id)
            evidence_doc = doc
            if review.evidence.start is not None:
                evidence_sentence = doc.text[review.evidence.start:review.evidence.end]
        except Exception:  # the evidence document was deleted since
            evidence_doc = None
    cit = citation(sc, url_for("commitment.show", cid=cid, _external=True))
    c.store.ensure_lineage()   # lineage and entities are derived tables (kb/store_lineage.py, store_entities.py)
    lineage = c.store.commitment_lineage_entries(cid)
    return render_template("commitment.html", sc=sc, c=cm, paragraph=paragraph, passage=passage,
                           lineage=lineage, lineage_words=LINEAGE_WORDS,
                           revoked_by=[k for k in lineage if k.relation in DOCUMENT_RELATIONS and k.verdict != "rejected"],
                           entities=c.store.entities_of_commitment(cid),
                           target_marked=target_marked, same_actor=same_actor, similar=similar,
                           similar_error=similar_error, review=review, history=c.store.commitment_history(cid),
                           status=deadline_status(sc), status_choices=[(s, STATUS_WORDS[s]) for s in SET_STATUSES],
                           strengths=STRENGTHS, evidence_doc=evidence_doc, evidence_sentence=evidence_sentence,
                           citation=cit, citation_line=citation_text(cit),
                           rejected=review is not None and review.state == "rejected",
                           lead_in=lead_in, neighbours=c.store.neighbour_commitments(sc), page_marks=page_marks)


@bp.post("/commitments/<int:cid>/lineage")
@require_role("editor")
def judge_lineage(cid: int):
    """The commitment page's confirm / reject buttons on a link of its history (kept across re-extraction)."""
    c = ctx()
    c.store.get_commitment_overlaid(cid)
    key = (request.form.get("key") or "").strip()
    verdict = (request.form.get("verdict") or "").strip() or None
    if not key:
        raise InvalidQuery("key is required")
    user = current_user()
    c.store.judge_lineage(key, verdict, user.name if user else "anonymous", (request.form.get("note") or "").strip() or None)
    audit("lineage.judge", key[:300], {"verdict": verdict, "commitment": cid})
    flash({"confirmed": "Link confirmed.", "rejected": "Link rejected."}.get(verdict or "", "Verdict cleared."))
    return redirect(url_for("commitment.show", cid=cid) + "#lineage")


def _page_marks(c, sc):
    """The PDF page the sentence is on with its lines' boxes, or None (not a PDF, no page, no original)."""
    from kb.originals import open_originals
    from kb.page_images import PageNotFound, sentence_boxes

    if not sc.commitment.page:
        return None
    doc = c.store.get_document(sc.document_id)
    originals = open_originals(c.settings)
    if doc.media_type != "application/pdf" or not originals.exists(doc.sha256):
        return None
    try:
        return sentence_boxes(originals.get(doc.sha256), sc.commitment.page, sc.commitment.sentence)
    except PageNotFound as exc:
        log.warning("page image of commitment %s: %s", sc.id, exc)
        return None
