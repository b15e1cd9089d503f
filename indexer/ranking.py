"""How a search orders its candidates: score fusion, query-analysis boosts and priors, as pure functions.

Why a module: ranking is where search quality is won or lost, and it is tuned
by numbers measured on the dev set.  Kept apart from the indexes and the
store, every rule here can be read in one place, driven by one set of
parameters (`kb.config.RankingParams`, held by `Settings.ranking`) and tested
on a handful of invented candidates (tests/test_search_ranking.py) with no
store and no model.

The hybrid score of a candidate is

    (dense_weight * dense_norm + keyword_weight * keyword_scale * bm25 / best_bm25) / (dense_weight + keyword_weight)

where dense_norm is its cosine min-max normalised over the candidates (the
low end at a percentile, so one very bad candidate does not flatten the
rest), times a boost factor (1 + name + year + answer-type boosts the query
earns + sentence_terms_boost times the share of the query's terms the
sentence itself holds), times a prior (commitments over passage sentences, headings and
fragments lowest).  A candidate found by meaning alone under the relevance
floor scores 0 and is not shown.

The answer-type boost (question answering's classic cue) rises for a
when-question on a sentence that says when -- a year, a commitment's
deadline, or since rules-9 a date or span without a year ("within 90 days",
"over the next few months", "until 5 August": indexer/text.py `has_date`)
-- and for a how-much question on a sentence with an amount; a question
about money ("how much funding", "how big is the loan programme") wants a
sum of money, not any figure (`answers_amount`).  Measured with the shipped
re-ranker (hybrid nDCG@10, bench/eval_labelled.py on the same knowledge
bases, 3 Dec): dates without a year train 0.750 -> 0.753 (nat 0.773 ->
0.819), validation unchanged; money validation 0.837 -> 0.843 (the
development-bank kind 0.877 -> 1.000), train unchanged; the shared dev set
0.865 / 0.964 under both; no kind lower.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

from kb.config import RankingParams

from indexer.rank_learned import LearnedRanker, rerank
from indexer.results import Pair, SearchHit
from indexer.text import STOPWORDS, WORD_RE, QueryInfo, answers_amount, has_date, name_words, stem, words

Name = tuple[str, frozenset[str]]   # a name as the query wrote it, and its content words

# how many of the best candidates the sentence-terms boost reads (RankingParams.sentence_terms_boost)
SENTENCE_TERMS_TOP = 30


def search_depth(k: int, params: RankingParams) -> int:
    """How many candidates to take from each engine for k results."""
    return min(max(params.min_depth, params.depth_per_k * k), params.max_depth)


def similar_depth(k: int, params: RankingParams) -> int:
    """How many nearest commitments to take for k similar ones (before those of the same document go)."""
    return params.depth_per_k * k + params.similar_extra


def query_names(info: QueryInfo, known: Iterable[frozenset[str]]) -> list[Name]:
    """The names a query mentions that are actors or document titles' words in this knowledge base (`known`)."""
    if not info.names:
        return []
    known = list(known)
    out = []
    for name in info.names:
        nw = name_words(name)
        if nw and any(nw <= kw for kw in known):
            out.append((name, nw))
    return out


def rank(hits: list[Pair], info: QueryInfo, mode: str, names: list[Name], params: RankingParams,
         dense_floor: float, model: LearnedRanker | None = None, idf: dict[str, float] | None = None) -> list[Pair]:
    """Score the hydrated candidates for a mode and sort them best first (dense mode drops those under the floor).

    `model`: in hybrid mode, a learned re-ranker (indexer/rank_learned.py) then reorders the first candidates
    of the fused order, with `idf` the index's idf of the query's terms."""
    if mode == "hybrid":
        fuse(hits, info, names, params, dense_floor)
    else:
        for u, _ in hits:
            u.score = u.dense if mode == "dense" else u.kw
        if mode == "dense":
            hits = [(u, h) for u, h in hits if (u.dense or 0.0) >= dense_floor]
    hits.sort(key=lambda uh: -uh[0].score)
    if mode == "hybrid" and model is not None:
        hits = rerank(hits, info, idf or {}, model, params.short_words)
    return hits


def fuse(hits: list[Pair], info: QueryInfo, names: list[Name], params: RankingParams, dense_floor: float) -> None:
    """Hybrid score of each candidate: fused scores times query-analysis boosts times its prior (sets `score`),
    plus, with `passage_weight`, a share of the best other candidate of its passage."""
    base = rrf_scores(hits, params) if params.fusion == "rrf" else fused_scores(hits, params)
    dense = [u.dense if u.dense is not None else 0.0 for u, _ in hits]
    boosts = []
    for (u, h), score, d in zip(hits, base, dense):
        boost = boost_factor(u.boosts, h, info, names, params)
        if d < dense_floor and u.kw <= 0:
            score = 0.0
        u.score = score * boost * prior(h, params)
        boosts.append(boost)
    if params.sentence_terms_boost and info.terms:
        # the sentence's own words, read for the best candidates only (reading every candidate's words costs
        # a few milliseconds a search; one outside the first SENTENCE_TERMS_TOP gains at most the boost)
        top = sorted(range(len(hits)), key=lambda i: -hits[i][0].score)[:SENTENCE_TERMS_TOP]
        for i in top:
            u, h = hits[i]
            if u.score > 0:
                share = sentence_terms_share(h.sentence, info)
                u.score *= (boosts[i] + params.sentence_terms_boost * share) / boosts[i]
    if params.passage_weight > 0:
        passage_context_scores(hits, params.passage_weight)


def passage_of_hit(h: SearchHit) -> int | None:
    """The store's passage id a hit's sentence belongs to (None: not known)."""
    if h.passage is not None:
        return h.passage.id
    return h.commitment.passage_id if h.commitment is not None else None


def passage_context_scores(hits: list[Pair], weight: float) -> None:
    """Add `weight` times the best score of the other candidates of the same passage to each positive score.

    Why: a question is often answered by a paragraph whose sentences each say
    part of it ("The scheme will also require ..." after the sentence that
    names the scheme); the sentence beside a strong match is likelier to be
    relevant than one of the same score elsewhere.
    """
    best: dict[int, list[float]] = {}
    for u, h in hits:
        pid = passage_of_hit(h)
        if pid is not None and u.score > 0:
            top = best.setdefault(pid, [0.0, 0.0])
            if u.score > top[0]:
                top[0], top[1] = u.score, top[0]
            elif u.score > top[1]:
                top[1] = u.score
    add = []
    for u, h in hits:
        pid = passage_of_hit(h)
        if pid is None or u.score <= 0:
            add.append(0.0)
            continue
        first, second = best[pid]
        add.append(weight * (second if u.score >= first else first))
    for (u, _), a in zip(hits, add):
        if a > 0:
            u.score += a
            u.boosts.append("passage")


def rrf_scores(hits: list[Pair], params: RankingParams) -> list[float]:
    """Reciprocal-rank fusion over the candidates: weight / (rrf_k + rank) from each engine that scores it."""
    wd, wk, k = params.dense_weight, params.keyword_weight, params.rrf_k
    out = [0.0] * len(hits)
    dense_order = sorted((i for i, (u, _) in enumerate(hits) if u.dense is not None), key=lambda i: -hits[i][0].dense)
    for rank, i in enumerate(dense_order):
        out[i] += wd / (k + rank + 1)
    kw_order = sorted((i for i, (u, _) in enumerate(hits) if u.kw > 0), key=lambda i: -hits[i][0].kw)
    for rank, i in enumerate(kw_order):
        out[i] += wk / (k + rank + 1)
    top = (wd + wk) / (k + 1)
    return [x / top for x in out]


def fused_scores(hits: list[Pair], params: RankingParams) -> list[float]:
    """Weighted sum of the dense and keyword scores, each normalised over the candidates."""
    wd, wk = params.dense_weight, params.keyword_weight
    dense = np.array([u.dense if u.dense is not None else 0.0 for u, _ in hits], dtype=np.float64)
    kw = np.array([u.kw for u, _ in hits], dtype=np.float64)
    d_lo, d_hi = ((float(np.percentile(dense, params.dense_low_percentile)), float(dense.max()))
                  if len(dense) else (0.0, 1.0))
    k_hi = float(kw.max()) if len(kw) and kw.max() > 0 else 1.0
    out = []
    for d, s in zip(dense, kw):
        dn = max(0.0, (d - d_lo) / (d_hi - d_lo)) if d_hi > d_lo else 0.0
        kn = params.keyword_scale * s / k_hi
        out.append((wd * dn + wk * kn) / max(wd + wk, 1e-9))
    return out


def boost_factor(labels: list[str], h: SearchHit, info: QueryInfo, names: list[Name], params: RankingParams) -> float:
    """1 plus the boosts the query earns this hit; appends a label for each ("name:Hechi", "year:2030", "answer:date")."""
    # a boost switched off (0) neither raises the hit nor is named in its explanation
    boost = 1.0
    context = context_words(h) if names and params.name_boost else frozenset()
    for label, nw in names if params.name_boost else []:
        if nw and nw <= context:
            boost += params.name_boost
            labels.append(f"name:{label}")
            break
    year = deadline_year(h)
    for y in info.years if params.year_boost else ():
        if year == y or str(y) in h.sentence:
            boost += params.year_boost
            labels.append(f"year:{y}")
            break
    if not params.answer_type_boost:
        return boost
    if info.wants_date and (year is not None or has_date(h.sentence)):
        boost += params.answer_type_boost
        labels.append("answer:date")
    if answers_amount(info, h.sentence, has_quantity(h)):
        boost += params.answer_type_boost
        labels.append("answer:amount")
    return boost


def sentence_terms_share(sentence: str, info: QueryInfo) -> float:
    """The share of the query's keyword terms that are words of the sentence itself."""
    want = set(info.terms)
    if not want:
        return 0.0
    have = {stem(w) for w in WORD_RE.findall(sentence.lower())}   # `terms` without its stopword test: faster
    return len(want & have) / len(want)


def prior(h: SearchHit, params: RankingParams) -> float:
    """How likely a unit is to be an answer at all: commitments over passage sentences, headings and fragments last."""
    if h.kind == "commitment":
        return 1.0
    p = params.passage_prior
    if h.passage is not None and h.passage.passage.kind == "heading":
        p *= params.short_prior
    elif is_short(h.sentence, params.short_words):
        p *= params.short_prior
    return p


def is_short(sentence: str, least: int) -> bool:
    """Whether a sentence has under `least` content words (counting stops at `least`: every candidate of a
    search is asked, most of them long sentences)."""
    n = 0
    for m in WORD_RE.finditer(sentence):
        if m.group().lower() not in STOPWORDS:
            n += 1
            if n >= least:
                return False
    return True


def context_words(h: SearchHit) -> frozenset[str]:
    """The words a name may be found in: the document's title and name, the sentence, the actor and places."""
    text = f"{h.doc_title} {h.doc_name} {h.sentence}"
    if h.commitment is not None:
        text += f" {h.commitment.commitment.actor} {' '.join(h.commitment.commitment.places)}"
    return frozenset(w for w, _, _ in words(text))


def has_quantity(h: SearchHit) -> bool:
    return h.commitment is not None and h.commitment.commitment.quantity is not None


def deadline_year(h: SearchHit) -> int | None:
    if h.commitment is not None and h.commitment.commitment.deadline is not None:
        return h.commitment.commitment.deadline.year
    return None
