"""A plain keyword search over the store, used while `indexer` is not importable.

It honours the `SearchService` interface the web app codes against (search,
similar_commitments, sync, reindex, check, on_document_stored) so the app
works end to end without the vector index: every mode falls back to exact
words.  Scores are the share of query terms a sentence contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.errors import InvalidQuery
from kb.models import CommitmentFilter, StoredCommitment, StoredPassage

_TOKEN = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset("a an and are as at be by for from in into is it of on or the to with will".split())


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: int
    document_id: int
    doc_name: str
    doc_title: str
    sentence: str
    score: float
    matched_by: tuple = ()
    matched_terms: tuple = ()
    highlights: tuple = ()
    commitment: StoredCommitment | None = None
    passage: StoredPassage | None = None


def terms(text: str) -> list[str]:
    return [t for t in (m.group(0).lower() for m in _TOKEN.finditer(text)) if t not in _STOP]


def _spans(text: str, wanted: set[str]) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _TOKEN.finditer(text) if m.group(0).lower() in wanted)


class BasicSearch:
    def __init__(self, store):
        self.store = store

    def sync(self):
        return None

    def reindex(self):
        return None

    def check(self):
        return None

    def on_document_stored(self, document_id: int) -> None:
        return None

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: CommitmentFilter | None = None) -> list[SearchHit]:
        wanted = set(terms(query or ""))
        if not wanted:
            raise InvalidQuery("the query has no words to search for")
        filters = filters or CommitmentFilter()
        hits: list[SearchHit] = []
        seen_sentences: set[tuple[int, int]] = set()
        for sc in self.store.iter_commitments(filters):
            c = sc.commitment
            found = wanted & set(terms(c.sentence + " " + c.actor))
            if found:
                seen_sentences.add((sc.document_id, c.sentence_start))
                hits.append(SearchHit(
                    "commitment", sc.id, sc.document_id, sc.document_name, sc.document_title, c.sentence,
                    len(found) / len(wanted), ("keyword",), tuple(sorted(found)), _spans(c.sentence, found),
                    commitment=sc,
                ))
        if filters.is_empty():
            titles: dict[int, Any] = {}
            for sp in self.store.iter_passages():
                found = wanted & set(terms(sp.passage.text))
                if not found:
                    continue
                if sp.document_id not in titles:
                    titles[sp.document_id] = self.store.get_document(sp.document_id)
                doc = titles[sp.document_id]
                hits.append(SearchHit(
                    "passage", sp.id, sp.document_id, doc.source_name, doc.title, sp.passage.text,
                    0.9 * len(found) / len(wanted), ("keyword",), tuple(sorted(found)),
                    _spans(sp.passage.text, found), passage=sp,
                ))
        hits.sort(key=lambda h: (-h.score, h.kind != "commitment", h.id))
        return hits[:k]

    def similar_commitments(self, commitment_id: int, k: int = 5) -> list[SearchHit]:
        base = self.store.get_commitment(commitment_id)
        wanted = set(terms(base.commitment.sentence))
        if not wanted:
            return []
        out = []
        for sc in self.store.iter_commitments():
            if sc.id == commitment_id:
                continue
            found = wanted & set(terms(sc.commitment.sentence))
            if found:
                out.append(SearchHit(
                    "commitment", sc.id, sc.document_id, sc.document_name, sc.document_title,
                    sc.commitment.sentence, len(found) / len(wanted), ("keyword",), tuple(sorted(found)),
                    _spans(sc.commitment.sentence, found), commitment=sc,
                ))
        out.sort(key=lambda h: (-h.score, h.id))
        return out[:k]


def hit_to_dict(hit) -> dict[str, Any]:
    """A hit as JSON (the indexer's own `hit_to_dict` is used when importable)."""
    from kb.export import stored_row

    d: dict[str, Any] = {
        "kind": hit.kind, "id": hit.id, "document_id": hit.document_id, "doc_name": hit.doc_name,
        "doc_title": hit.doc_title, "sentence": hit.sentence, "score": hit.score,
        "matched_by": list(hit.matched_by), "matched_terms": list(hit.matched_terms),
        "highlights": [list(h) for h in hit.highlights],
    }
    d["commitment"] = stored_row(hit.commitment) if hit.commitment is not None else None
    if hit.passage is not None:
        p = hit.passage.passage
        d["passage"] = {"id": hit.passage.id, "index": p.index, "kind": p.kind, "start": p.start, "end": p.end,
                        "page": p.page, "section": p.section}
    else:
        d["passage"] = None
    return d
