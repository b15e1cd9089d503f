"""A small, honest stand-in for `indexer.SearchService` in web tests that are not about search.

It answers with the indexer's own `SearchHit` records from a plain scan of
the store (the score is the share of query terms a sentence contains; hybrid,
dense and keyword are all "any of the words", all_words keeps sentences with
every term, phrase those with the words in that order), so page and API tests
run without the embedding model.  `search_page` adds what the search page
shows: the total, facets over all matches (the indexer's own `facet_counts`),
low confidence when no sentence holds every query term, and a "did you mean"
from the store's words (difflib).
Search itself is tested with the real service in tests/test_search_*.py and
the browser tests.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from kb.errors import InvalidQuery
from indexer import SearchHit, SearchPage
from indexer.results import facet_counts
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

    def _matches(self, query: str, mode: str, filters: CommitmentFilter | None) -> list[SearchHit]:
        if mode not in ("hybrid", "dense", "keyword", "all_words", "phrase"):
            raise InvalidQuery(f"unknown search mode {mode!r}")
        wanted = set(terms(query or ""))
        if not wanted:
            raise InvalidQuery("the query has no words to search for")
        phrase = [t.lower() for t in _TOKEN.findall(query)]

        def keep(text: str, found: set[str]) -> bool:
            if mode == "all_words":
                return found == wanted
            if mode == "phrase":
                toks = [t.lower() for t in _TOKEN.findall(text)]
                return any(toks[i:i + len(phrase)] == phrase for i in range(len(toks) - len(phrase) + 1))
            return bool(found)

        def why(found: set[str]) -> str:
            listed = ", ".join(sorted(found))
            if mode == "phrase":
                return f"found as the phrase ({listed})"
            if mode == "all_words":
                return f"found with all the words ({listed})"
            return f"found by words ({listed})"

        filters = filters or CommitmentFilter()
        hits: list[SearchHit] = []
        for sc in self.store.iter_commitments(filters):
            c = sc.commitment
            found = wanted & set(terms(c.sentence + " " + c.actor))
            if found and keep(c.sentence, wanted & set(terms(c.sentence))):
                hits.append(SearchHit(
                    "commitment", sc.id, sc.document_id, sc.document_name, sc.document_title, c.sentence,
                    len(found) / len(wanted), ("keyword",), tuple(sorted(found)), _spans(c.sentence, found),
                    commitment=sc, why=why(found),
                ))
        if filters.is_empty():
            titles: dict[int, Any] = {}
            for sp in self.store.iter_passages():
                found = wanted & set(terms(sp.passage.text))
                if not found or not keep(sp.passage.text, found):
                    continue
                if sp.document_id not in titles:
                    titles[sp.document_id] = self.store.get_document(sp.document_id)
                doc = titles[sp.document_id]
                hits.append(SearchHit(
                    "passage", sp.id, sp.document_id, doc.source_name, doc.title, sp.passage.text,
                    0.9 * len(found) / len(wanted), ("keyword",), tuple(sorted(found)),
                    _spans(sp.passage.text, found), passage=sp, why=why(found),
                ))
        hits.sort(key=lambda h: (-h.score, h.kind != "commitment", h.id))
        return hits

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: CommitmentFilter | None = None,
               offset: int = 0) -> list[SearchHit]:
        return self._matches(query, mode, filters)[offset:offset + k]

    def search_page(self, query: str, k: int = 10, mode: str = "hybrid", filters: CommitmentFilter | None = None,
                    offset: int = 0) -> SearchPage:
        # every match, through `search` (tests slow it down or break it in subclasses)
        hits = self.search(query, 10**9, mode, filters)
        return SearchPage(" ".join(query.split()), mode, k, offset, tuple(hits[offset:offset + k]), len(hits),
                          facet_counts(hits), not self.confident(hits), self.suggest(query))

    def confident(self, hits: list[SearchHit]) -> bool:
        """A sentence holding every query term is a good match; anything less is only near."""
        return any(h.score >= 1.0 for h in hits)

    def suggest(self, query: str) -> str | None:
        vocabulary = set()
        for sc in self.store.iter_commitments():
            vocabulary.update(terms(sc.commitment.sentence))
        for sp in self.store.iter_passages():
            vocabulary.update(terms(sp.passage.text))
        out, changed = [], False
        for word in query.split():
            low = word.lower()
            close = [] if low in vocabulary or low in _STOP else difflib.get_close_matches(low, vocabulary, 1, 0.75)
            out.append(close[0] if close else word)
            changed = changed or bool(close)
        return " ".join(out) if changed else None

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
