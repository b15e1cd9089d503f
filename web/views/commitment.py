"""One commitment: every field, its sentence in its paragraph, related commitments."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template

from kb.models import CommitmentFilter
from web.common import ctx, highlight

log = logging.getLogger(__name__)

bp = Blueprint("commitment", __name__)


@bp.get("/commitments/<int:cid>")
def show(cid: int):
    c = ctx()
    sc = c.store.get_commitment(cid)
    cm = sc.commitment
    paragraph = None
    passage = c.store.passages_by_ids([sc.passage_id]).get(sc.passage_id) if sc.passage_id else None
    if passage is not None:
        p = passage.passage
        paragraph = highlight(p.text, [(cm.sentence_start - p.start, cm.sentence_end - p.start)])
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
    return render_template("commitment.html", sc=sc, c=cm, paragraph=paragraph, passage=passage,
                           target_marked=target_marked, same_actor=same_actor, similar=similar,
                           similar_error=similar_error)
