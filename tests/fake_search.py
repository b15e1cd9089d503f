"""A small, honest stand-in for `indexer.SearchService` in web tests that are not about search.

It answers with the indexer's own `SearchHit` records from a plain scan of
the store (every mode is exact words; the score is the share of query terms
a sentence contains), so page and API tests run without the embedding model.
Search itself is tested with the real service in tests/test_search_*.py and
the browser tests.
"""

from __future__ import annotations

import re
from typing import Any

from kb.errors import InvalidQuery
from indexer import SearchHit
from kb.models import CommitmentFilter

_TOKEN = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset("a an and are as at be by for from in into is it of on or the to with will".split())


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
