"""Documents: the list, one document's text with its commitments highlighted, the original file."""

from __future__ import annotations

import io
from collections import defaultdict

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from markupsafe import Markup, escape

from kb.errors import NotFound
from kb.models import ACTOR_SOURCE_LABELS, CommitmentFilter
from kb.originals import Originals
from kb.pipeline import display_name
from web.auth import write_access
from web.common import ctx

bp = Blueprint("documents", __name__)

_EXT = {"text/plain": ".txt", "text/markdown": ".md", "text/html": ".html", "application/pdf": ".pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
# served as themselves; anything a browser might render (HTML) goes as bytes
_SAFE_TYPES = {"text/plain", "text/markdown", "application/pdf",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@bp.get("/documents")
def index():
    return render_template("documents.html", docs=ctx().store.document_summaries())


def marked_passage(text: str, start: int, spans, actors: dict[int, str] | None = None) -> Markup:
    """A passage's text with commitment sentences wrapped in links; pieces escaped first.

    `spans` are (start, end, [commitment ids]) in document offsets; `actors`: commitment id ->
    the actor as shown ("Hechi (inferred: ...)" when the sentence does not name it).
    """
    out, pos = [], 0
    n = len(text)
    for s, e, ids in spans:
        s, e = max(0, s - start), min(n, e - start)
        anchors = "".join(f'<span id="c-{i}" class="anchor"></span>' for i in ids)
        if e <= s:
            continue
        if s < pos:  # overlaps the previous sentence: keep the anchors, no second mark
            out.append(anchors)
            continue
        out.append(str(escape(text[pos:s])))
        first = ids[0]
        title = "1 commitment" if len(ids) == 1 else f"{len(ids)} commitments"
        if actors and first in actors:
            title += f" by {actors[first]}"
        out.append(f'<span class="cgroup">{anchors}<a class="hl" href="{url_for("commitment.show", cid=first)}"'
                   f' title="{escape(title)}: open details" data-commitment="{first}"><mark>{escape(text[s:e])}</mark></a>'
                   '</span>')
        pos = e
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


@bp.get("/documents/<int:doc_id>")
def show(doc_id: int):
    store = ctx().store
    doc = store.get_document(doc_id)
    commitments = store.query_commitments(CommitmentFilter(document_id=doc_id), order="document")
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    for sc in commitments:
        c = sc.commitment
        by_span[(c.sentence_start, c.sentence_end)].append(sc.id)
    spans = sorted((s, e, ids) for (s, e), ids in by_span.items())
    actors = {sc.id: sc.commitment.actor + (f" (inferred: {ACTOR_SOURCE_LABELS.get(sc.commitment.actor_source, '')})"
                                            if sc.commitment.actor_inferred else "") for sc in commitments}
    blocks = []
    passages = store.passages(doc_id)
    if passages:
        for sp in passages:
            p = sp.passage
            mine = [x for x in spans if x[0] < p.end and x[1] > p.start]
            blocks.append((p, marked_passage(p.text, p.start, mine, actors)))
    available = Originals(ctx().settings.originals_dir).exists(doc.sha256)
    return render_template("document.html", doc=doc, blocks=blocks, commitments=commitments,
                           plain=None if passages else marked_passage(doc.text, 0, spans, actors), original=available)


def download_name(doc) -> str:
    name = display_name(doc.source_name)
    ext = _EXT.get(doc.media_type, "")
    if ext and not name.lower().endswith(ext):
        name += ext
    return name


@bp.get("/documents/<int:doc_id>/original")
def original(doc_id: int):
    doc = ctx().store.get_document(doc_id)
    originals = Originals(ctx().settings.originals_dir)
    if not originals.exists(doc.sha256):
        raise NotFound(f"the original file of document {doc_id} is not kept here")
    mimetype = doc.media_type if doc.media_type in _SAFE_TYPES else "application/octet-stream"
    return send_file(io.BytesIO(originals.get(doc.sha256)), mimetype=mimetype, as_attachment=True,
                     download_name=download_name(doc), max_age=0)


@bp.post("/documents/<int:doc_id>/delete")
@write_access
def delete(doc_id: int):
    c = ctx()
    doc = c.store.get_document(doc_id)
    c.store.delete_document(doc_id)
    if c.worker is not None:
        c.worker.wake(sync=True)
    flash(f"Deleted “{doc.title}”.")
    return redirect(url_for("documents.index"))
