"""PolicyKB's search stage: hybrid (meaning + words) search over commitments and passages.

    service = SearchService(settings, store)      # the embedding model loads on first use
    pipeline.listeners.append(service.on_document_stored)
    hits = service.search("Albania's 2030 target", k=10, mode="hybrid")
    [hit_to_dict(h) for h in hits]

See indexer/service.py for the id scheme, the change log that keeps the index
in step with the store, and thread safety.
"""

from __future__ import annotations

from typing import Any

from indexer.embedder import Embedder, HashEmbedder, SentenceEmbedder
from indexer.service import MAX_K, MAX_QUERY_CHARS, MODES, SearchHit, SearchPage, SearchService, SyncReport

__all__ = [
    "SearchService", "SearchHit", "SearchPage", "SyncReport", "hit_to_dict", "page_to_dict",
    "Embedder", "SentenceEmbedder", "HashEmbedder", "MODES", "MAX_K", "MAX_QUERY_CHARS",
]


def hit_to_dict(hit: SearchHit) -> dict[str, Any]:
    """A hit as the JSON the CLI and the web API return (and ../shared/eval/score_search.py reads)."""
    out: dict[str, Any] = {
        "kind": hit.kind,
        "id": hit.id,
        "doc": hit.doc_name,
        "doc_title": hit.doc_title,
        "document_id": hit.document_id,
        "sentence": hit.sentence,
        "sentence_start": hit.sentence_start,
        "sentence_end": hit.sentence_end,
        "actor": None, "action": None, "target": None, "deadline": None,
        "quantity": None, "strength": None, "sector": None, "page": None,
        "score": hit.score,
        "matched_by": list(hit.matched_by),
        "matched_terms": list(hit.matched_terms),
        "highlights": [list(span) for span in hit.highlights],
        "boosts": list(hit.boosts),
        "why": hit.why,
        "duplicates": [{"kind": kind, "id": i, "document_id": d} for kind, i, d in hit.duplicates],
        "passage": None,
    }
    if hit.commitment is not None:
        c = hit.commitment.commitment
        out.update(
            actor=c.actor, action=c.action, target=c.target,
            deadline={"text": c.deadline.text, "date": c.deadline.date} if c.deadline else None,
            quantity=({"value": c.quantity.value, "unit": c.quantity.unit, "text": c.quantity.text,
                       "upper": c.quantity.upper} if c.quantity else None),
            strength=c.strength, sector=c.sector, page=c.page,
        )
    if hit.passage is not None:
        p = hit.passage.passage
        out["page"] = p.page
        out["passage"] = {"id": hit.passage.id, "index": p.index, "kind": p.kind, "section": p.section,
                          "start": p.start, "end": p.end, "text": p.text}
    return out


def page_to_dict(page: SearchPage) -> dict[str, Any]:
    """A page of results as JSON: the hits, how many matched, facets over all matches, the no-answer and
    "did you mean" signals."""
    return {
        "query": page.query, "mode": page.mode, "k": page.k, "offset": page.offset, "count": page.total,
        "low_confidence": page.low_confidence, "suggestion": page.suggestion,
        "facets": {field: [{"value": v, "count": n} for v, n in values] for field, values in page.facets.items()},
        "hits": [hit_to_dict(h) for h in page.hits],
    }
