"""Gathering a search's candidates from the two engines, with both scores for each.

Why a module: this is the only step of a search that reads the indexes.
Everything after it (indexer/ranking.py, indexer/results.py) works on the
`Candidate` records it returns, so ranking can be tested without an index,
a store or a model.

A search takes the `depth` best units by meaning (FAISS, commitments and
passage sentences merged) and by words (BM25), and in hybrid mode completes
each candidate's missing score: the cosine from its stored vector, the BM25
score over the candidates.  The caller holds the service's lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kb.config import RankingParams

from indexer.text import QueryInfo
from indexer.units import IndexState, UnitKind, keyword_key, unit_of_keyword_key


@dataclass
class Candidate:
    """A unit during one search: its scores from each engine, then its ranking score and the boosts it got."""

    kind: UnitKind                # "c" (commitment) | "s" (passage sentence)
    key: int                      # commitment id, or sentence key (indexer/units.py)
    dense: float | None = None    # cosine with the query (None: not scored by meaning)
    dense_rank: int | None = None  # rank in the dense list (None: completed later, not found by meaning)
    kw: float = 0.0               # BM25 score (0: no query word)
    kw_rank: int | None = None    # rank in the keyword list (None: not found by words)
    score: float = 0.0
    boosts: list[str] = field(default_factory=list)


Candidates = dict[tuple[str, int], Candidate]


def gather(state: IndexState, mode: str, qvec: np.ndarray | None, info: QueryInfo, depth: int,
           allowed: np.ndarray | None, params: RankingParams) -> Candidates:
    """The candidates of one search (`allowed`: the commitment ids a filter lets through, or None)."""
    cands: Candidates = {}
    if qvec is not None:
        dense_candidates(state, qvec, depth, allowed, cands, params.dense_pool)
    if mode in ("hybrid", "keyword") and info.terms:
        keyword_candidates(state, info, depth, allowed, cands)
    if mode in ("all_words", "phrase") and info.terms:
        strict_candidates(state, info, depth, allowed, cands)
    if mode == "hybrid" and cands:
        complete_scores(state, qvec, info, cands)
    return cands


def dense_candidates(state: IndexState, qvec: np.ndarray, depth: int, allowed: np.ndarray | None,
                     cands: Candidates, pool: int = 2) -> None:
    """The nearest commitments and (without a filter) passage sentences, merged and cut at pool * depth."""
    lists = [("c", state.commitments.search(qvec, depth, allowed=allowed))]
    if allowed is None:
        lists.append(("s", state.sentences.search(qvec, depth)))
    merged = []
    for kind, (scores, ids) in lists:
        for s, i in zip(scores[0].tolist() if len(scores) else [], ids[0].tolist() if len(ids) else []):
            if i >= 0:
                merged.append((s, kind, int(i)))
    merged.sort(key=lambda t: -t[0])
    for rank, (s, kind, i) in enumerate(merged[:pool * depth]):
        u = cands.setdefault((kind, i), Candidate(kind, i))
        u.dense, u.dense_rank = float(s), rank


def keyword_candidates(state: IndexState, info: QueryInfo, depth: int, allowed: np.ndarray | None,
                       cands: Candidates) -> None:
    kw_allowed = keyword_key("c", allowed) if allowed is not None else None
    scores, keys = state.keywords.search(info.terms, depth, allowed=kw_allowed)
    for rank, (s, key) in enumerate(zip(scores.tolist(), keys.tolist())):
        kind, i = unit_of_keyword_key(int(key))
        u = cands.setdefault((kind, i), Candidate(kind, i))
        u.kw, u.kw_rank = float(s), rank


def strict_candidates(state: IndexState, info: QueryInfo, depth: int, allowed: np.ndarray | None,
                      cands: Candidates) -> None:
    """The units holding every query term (stems), best BM25 first: the all-words and phrase modes'
    candidates (the service then checks the words themselves, and their order, in each sentence)."""
    keys = state.keywords.matching_all(info.terms)
    if allowed is not None and len(keys):
        keys = keys[np.isin(keys, keyword_key("c", allowed))]
    if not len(keys):
        return
    scores, got = state.keywords.search(info.terms, min(len(keys), depth), allowed=keys)
    for rank, (s, key) in enumerate(zip(scores.tolist(), got.tolist())):
        kind, i = unit_of_keyword_key(int(key))
        cands[(kind, i)] = Candidate(kind, i, kw=float(s), kw_rank=rank)


def complete_scores(state: IndexState, qvec: np.ndarray | None, info: QueryInfo, cands: Candidates) -> None:
    """Second stage: give every candidate both scores (cosine from its stored vector, BM25 over the candidates)."""
    if qvec is not None:
        for kind, vi in (("c", state.commitments), ("s", state.sentences)):
            missing = [u for u in cands.values() if u.kind == kind and u.dense is None]
            if missing:
                vecs = vi.vectors(np.array([u.key for u in missing], dtype=np.int64))
                for u, s in zip(missing, (vecs @ qvec).tolist()):
                    u.dense = float(s)
    missing_kw = [u for u in cands.values() if u.kw_rank is None]
    if missing_kw and info.terms:
        keys = np.array([keyword_key(u.kind, u.key) for u in missing_kw], dtype=np.int64)
        scores, got = state.keywords.search(info.terms, len(keys), allowed=keys)
        by_key = dict(zip(got.tolist(), scores.tolist()))
        for u in missing_kw:
            u.kw = float(by_key.get(keyword_key(u.kind, u.key), 0.0))
