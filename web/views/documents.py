"""Documents: the list, one document's text with its commitments highlighted, the original file.

A document page shows one page of passages (PASSAGES_PER_PAGE, or
PLAIN_CHARS_PER_PAGE characters of a document without passages) and only the
commitments whose sentences fall on it, so the work and the size of a
response do not grow with the document: the highlighting is one pass over
the page's passages and its sorted sentence spans (`highlight_passages`), never
every commitment against every passage.  `?commitment=<id>` opens the page
holding that commitment, `?passage=<index>` the page holding that passage
(links from elsewhere use them).

The source's own links (kb/ingest/links.py: spans of the text) are shown as outside links
(rel=noopener, a new tab; http, https and mailto only).  For a PDF, the chosen commitment's
page is shown beside the text as the page image with the sentence's lines marked
(kb/page_images.py), as a page viewer shows a quote.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from pathlib import PurePosixPath

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from markupsafe import Markup, escape

from kb.errors import NotFound
from kb.models import ACTOR_SOURCE_LABELS, CommitmentFilter
from kb.originals import open_originals
from kb.pipeline import display_name
from web.auth import audit, require_role
from web.common import _int, ctx

bp = Blueprint("documents", __name__)

PASSAGES_PER_PAGE = 25
PLAIN_CHARS_PER_PAGE = 100_000
# at most this many commitments highlighted and listed on one page (a page of 25
# passages rarely holds more than a few hundred; this caps a pathological one)
MAX_COMMITMENTS_PER_PAGE = 500

_EXT = {"text/plain": ".txt", "text/markdown": ".md", "text/x-rst": ".rst", "text/html": ".html",
        "application/pdf": ".pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
# served as themselves; anything a browser might render (HTML) goes as bytes
_SAFE_TYPES = {"text/plain", "text/markdown", "text/x-rst", "application/pdf",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@bp.get("/documents")
def index():
    return render_template("documents.html", docs=ctx().store.document_summaries())


_LINK_SCHEMES = ("http://", "https://", "mailto:")


def _pieces(start: int, lo: int, hi: int, links):
    """(url or None, from, to): text[lo:hi] (passage-relative) cut at the source's links (SourceLinks in
    document offsets, sorted); a link that crosses `lo` or `hi` is cut there."""
    pos = lo
    for link in links:
        s, e = max(lo, link.start - start), min(hi, link.end - start)
        if e <= s or s < pos or not link.url.lower().startswith(_LINK_SCHEMES):
            continue
        if s > pos:
            yield None, pos, s
        yield link.url, s, e
        pos = e
    if hi > pos:
        yield None, pos, hi


def _source_link(url: str, inner: str) -> str:
    """A link of the source: it leaves the site, in a new tab, without handing this page to it."""
    return (f'<a class="source-link" href="{escape(url)}" rel="noopener noreferrer nofollow" target="_blank"'
            f' title="{escape(url)}">{inner}</a>')


def marked_passage(text: str, start: int, spans, actors: dict[int, str] | None = None, links=()) -> Markup:
    """A passage's text with commitment sentences wrapped in links; pieces escaped first.

    `spans` are (start, end, [commitment ids]) in document offsets; `actors`: commitment id ->
    the actor as shown ("Hechi (inferred: ...)" when the sentence does not name it).  `links`: the
    source's links (SourceLink, document offsets, sorted), shown as outside links; inside a marked
    sentence the mark is cut around them (a link cannot hold a link): the sentence's own pieces
    jump to its entry in the list, its links leave.
    """
    out, pos = [], 0
    n = len(text)
    links = [x for x in links if x.end > start and x.start < start + n]

    def plain(lo: int, hi: int) -> str:
        return "".join(str(escape(text[a:b])) if url is None else _source_link(url, str(escape(text[a:b])))
                       for url, a, b in _pieces(start, lo, hi, links))

    for s, e, ids in spans:
        s, e = max(0, s - start), min(n, e - start)
        anchors = "".join(f'<span id="c-{i}" class="anchor"></span>' for i in ids)
        if e <= s:
            continue
        if s < pos:  # overlaps the previous sentence: keep the anchors, no second mark
            out.append(anchors)
            continue
        out.append(plain(pos, s))
        first = ids[0]
        title = "1 commitment" if len(ids) == 1 else f"{len(ids)} commitments"
        if actors and first in actors:
            title += f" by {actors[first]}"
        hl = f'<a class="hl" href="#s-{first}" title="{escape(title)}: see it in the list" data-commitment="{first}">'
        marked = "".join(f"{hl}<mark>{escape(text[a:b])}</mark></a>" if url is None
                         else _source_link(url, f"<mark>{escape(text[a:b])}</mark>")
                         for url, a, b in _pieces(start, s, e, links))
        out.append(f'<span class="cgroup">{anchors}{marked}</span>')
        pos = e
    out.append(plain(pos, n))
    return Markup("".join(out))


def highlight_passages(passages, spans, actors: dict[int, str] | None = None,
                       links=()) -> list[tuple[object, Markup]]:
    """(passage, marked-up text) for passages in text order, in one pass over `spans` (and the source's
    `links`) sorted by start.

    A sentence that crosses a passage boundary is marked in each passage it touches.
    """
    out = []
    i, active = 0, []
    j, near = 0, []
    for sp in passages:
        p = sp.passage
        while i < len(spans) and spans[i][0] < p.end:
            active.append(spans[i])
            i += 1
        active = [x for x in active if x[1] > p.start]  # drop sentences that ended before this passage
        while j < len(links) and links[j].start < p.end:
            near.append(links[j])
            j += 1
        near = [x for x in near if x.end > p.start]
        out.append((p, marked_passage(p.text, p.start, active, actors, near)))
    return out


def _spans_and_actors(commitments):
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    for sc in commitments:
        c = sc.commitment
        by_span[(c.sentence_start, c.sentence_end)].append(sc.id)
    spans = sorted((s, e, ids) for (s, e), ids in by_span.items())
    actors = {sc.id: sc.commitment.actor + (f" (inferred: {ACTOR_SOURCE_LABELS.get(sc.commitment.actor_source, '')})"
                                            if sc.commitment.actor_inferred else "") for sc in commitments}
    return spans, actors


def _chosen_commitment(doc):
    """The commitment of `?commitment=<id>` when it belongs to this document."""
    raw = (request.args.get("commitment") or "").strip()
    if not raw:
        return None
    try:
        sc = ctx().store.get_commitment(_int("commitment", raw, 1))
    except NotFound:
        return None
    return sc if sc.document_id == doc.id else None


def _page_of_commitment(sc, n_passages: int) -> int | None:
    """The page holding the chosen commitment."""
    if sc is None:
        return None
    start = sc.commitment.sentence_start
    if not n_passages:
        return start // PLAIN_CHARS_PER_PAGE + 1
    before = ctx().store.passages_ending_before(sc.document_id, start)
    return before // PASSAGES_PER_PAGE + 1


def lead_ins(store, doc_id: int, passages) -> dict[int, object]:
    """{list item index: its lead-in passage} for list items on this page whose lead-in
    ("The Secretary shall not:") is on an earlier page: shown above them, since the
    lead-in may hold the negation or the actor the item depends on."""
    if not passages:
        return {}
    first = passages[0].passage.index
    out, seen = {}, set()
    for sp in passages:
        parent = sp.passage.parent_index
        if parent is not None and parent < first and parent not in seen:
            seen.add(parent)
            found = store.passages_page(doc_id, parent, 1)
            if found and found[0].passage.index == parent:
                out[sp.passage.index] = found[0].passage
    return out


def neighbour_links(store, doc_id: int, chosen) -> tuple[object, object]:
    """(previous, next) commitment in text order around the chosen one; with none chosen, the first is next."""
    if chosen is not None:
        return store.neighbour_commitments(chosen)
    first = store.query_commitments(CommitmentFilter(document_id=doc_id), order="document", limit=1)
    return None, (first[0] if first else None)


def _page_of_passage(n_passages: int) -> int | None:
    """The page holding `?passage=<index>` (search results link to a passage)."""
    raw = (request.args.get("passage") or "").strip()
    if not raw or not n_passages:
        return None
    return _int("passage", raw, 0) // PASSAGES_PER_PAGE + 1


@bp.get("/documents/<int:doc_id>")
def show(doc_id: int):
    store = ctx().store
    doc = store.get_document(doc_id)
    total = store.count_commitments(CommitmentFilter(document_id=doc_id))
    n_passages = store.passage_count(doc_id)
    pages = max(1, math.ceil((n_passages or len(doc.text)) / (PASSAGES_PER_PAGE if n_passages else PLAIN_CHARS_PER_PAGE)))
    chosen = _chosen_commitment(doc)
    page = (_page_of_commitment(chosen, n_passages) or _page_of_passage(n_passages)
            or _int("page", request.args.get("page") or "1", 1))
    page = min(page, pages)
    blocks, plain, leads = [], None, {}
    if n_passages:
        passages = store.passages_page(doc_id, (page - 1) * PASSAGES_PER_PAGE, PASSAGES_PER_PAGE)
        lo = min(sp.passage.start for sp in passages)
        hi = max(sp.passage.end for sp in passages)
        commitments = store.commitments_between(doc_id, lo, hi, MAX_COMMITMENTS_PER_PAGE)
        spans, actors = _spans_and_actors(commitments)
        blocks = highlight_passages(passages, spans, actors, store.document_links(doc_id, lo, hi))
        leads = lead_ins(store, doc_id, passages)
    else:
        lo = (page - 1) * PLAIN_CHARS_PER_PAGE
        hi = min(len(doc.text), lo + PLAIN_CHARS_PER_PAGE)
        commitments = store.commitments_between(doc_id, lo, hi, MAX_COMMITMENTS_PER_PAGE)
        spans, actors = _spans_and_actors(commitments)
        plain = marked_passage(doc.text[lo:hi], lo, spans, actors, store.document_links(doc_id, lo, hi))
    available = open_originals(ctx().settings).exists(doc.sha256)
    store.ensure_lineage()   # versions are a derived table (kb/store_lineage.py), rebuilt when commitments changed
    return render_template("document.html", doc=doc, blocks=blocks, commitments=commitments, total=total,
                           page=page, pages=pages, capped=len(commitments) >= MAX_COMMITMENTS_PER_PAGE,
                           plain=plain, original=available, chosen=chosen, leads=leads,
                           versions=store.document_versions(doc_id),
                           neighbours=neighbour_links(store, doc_id, chosen),
                           page_marks=chosen_page_marks(doc, chosen) if available else None)


@bp.get("/documents/<int:doc_id>/versions")
def versions(doc_id: int):
    """What changed in the commitments between a document and its previous version (kb/versions.py): each
    changed commitment with its old and new sentence, then those added and removed; and the versions it has."""
    store = ctx().store
    doc = store.get_document(doc_id)
    store.ensure_lineage()
    current, changes = store.version_changes(doc_id)
    return render_template("document_versions.html", doc=doc, current=current,
                           versions=store.document_versions(doc_id),
                           changed=[ch for ch in changes if ch.kind == "changed"],
                           added=[ch for ch in changes if ch.kind == "added"],
                           removed=[ch for ch in changes if ch.kind == "removed"])


def chosen_page_marks(doc, chosen):
    """For a PDF, the page the chosen commitment's sentence is on with the sentence's boxes
    (kb.page_images), shown beside the text; None for other documents or when nothing is chosen."""
    from kb.page_images import PageNotFound, sentence_boxes

    if chosen is None or not chosen.commitment.page or doc.media_type != "application/pdf":
        return None
    try:
        data = open_originals(ctx().settings).get(doc.sha256)
        return sentence_boxes(data, chosen.commitment.page, chosen.commitment.sentence)
    except PageNotFound:
        return None


def download_name(doc) -> str:
    """The file name a download gets: the source name with the extension of what the file really is
    ("plan.pdf" that held HTML downloads as "plan.html", never "plan.pdf.html")."""
    name = display_name(doc.source_name)
    ext = _EXT.get(doc.media_type, "")
    if not ext or name.lower().endswith(ext):
        return name
    stem = PurePosixPath(name)
    if stem.suffix.lower() in set(_EXT.values()) | {".htm", ".markdown", ".text"}:
        name = stem.stem or name
    return name + ext


@bp.get("/documents/<int:doc_id>/original")
def original(doc_id: int):
    doc = ctx().store.get_document(doc_id)
    originals = open_originals(ctx().settings)
    if not originals.exists(doc.sha256):
        raise NotFound(f"the original file of document {doc_id} is not kept here")
    mimetype = doc.media_type if doc.media_type in _SAFE_TYPES else "application/octet-stream"
    return send_file(io.BytesIO(originals.get(doc.sha256)), mimetype=mimetype, as_attachment=True,
                     download_name=download_name(doc), max_age=0)


@bp.get("/documents/<int:doc_id>/pages/<int:page>.png")
def page_image(doc_id: int, page: int):
    """One page of a stored PDF as a PNG (PAGE_WIDTH_PX wide, rendered once, then cached)."""
    from kb.page_images import PageNotFound, page_png

    doc = ctx().store.get_document(doc_id)
    originals = open_originals(ctx().settings)
    if doc.media_type != "application/pdf" or not originals.exists(doc.sha256):
        raise NotFound(f"document {doc_id} has no stored PDF to show pages of")
    try:
        png = page_png(originals.get(doc.sha256), doc.sha256, page, ctx().settings.data_dir / "page_images")
    except PageNotFound as error:
        raise NotFound(str(error)) from None
    resp = send_file(io.BytesIO(png), mimetype="image/png", max_age=86400)
    return resp


@bp.post("/documents/<int:doc_id>/delete")
@require_role("admin")
def delete(doc_id: int):
    c = ctx()
    doc = c.store.get_document(doc_id)
    c.store.delete_document(doc_id)
    audit("document.delete", f"document {doc_id}", {"title": doc.title, "sha256": doc.sha256})
    if c.worker is not None:
        c.worker.wake(sync=True)
    flash(f"Deleted “{doc.title}”.")
    return redirect(url_for("documents.index"))
