"""Ranking and result building on invented candidates: no store, no index, no model.

Covers indexer/ranking.py (fusion, boosts, priors, depths) and the pure half of
indexer/results.py (same-sentence de-duplication with its decay, explanations),
each driven by kb.config.RankingParams.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer import ranking
from indexer.candidates import Candidate
from indexer.results import SearchHit, dedupe, explain, same_sentence
from indexer.text import analyse_query, name_words
from kb.config import RankingParams, Settings
from kb.models import Commitment, Deadline, Passage, Quantity, StoredCommitment, StoredPassage

P = RankingParams()
FLOOR = P.dense_floor


def commitment_hit(cid: int, sentence: str, *, doc: int = 1, start: int = 0, actor: str = "Someone",
                   year: int | None = None, quantity: float | None = None, places: tuple[str, ...] = (),
                   title: str = "A plan", name: str = "plan.txt") -> SearchHit:
    c = Commitment(actor=actor, actor_text=actor, action="do", target="it", sentence=sentence,
                   sentence_start=start, sentence_end=start + len(sentence), passage_index=0,
                   deadline=Deadline(f"by {year}", f"{year}-12-31") if year else None,
                   quantity=Quantity(quantity, "percent", f"{quantity} percent") if quantity else None,
                   places=places)
    sc = StoredCommitment(cid, doc, None, c, document_title=title, document_name=name)
    return SearchHit("commitment", cid, doc, name, title, sentence, 0.0, (), (), (), commitment=sc,
                     sentence_start=start, sentence_end=start + len(sentence))


def passage_hit(pid: int, sentence: str, *, doc: int = 1, start: int = 0, kind: str = "paragraph",
                title: str = "A plan", name: str = "plan.txt") -> SearchHit:
    sp = StoredPassage(pid, doc, Passage(0, kind, sentence, start, start + len(sentence)))
    return SearchHit("passage", pid, doc, name, title, sentence, 0.0, (), (), (), passage=sp,
                     sentence_start=start, sentence_end=start + len(sentence))


def cand(key: int, dense: float | None = None, kw: float = 0.0, kind: str = "c", score: float = 0.0) -> Candidate:
    return Candidate(kind, key, dense=dense, dense_rank=0 if dense is not None else None, kw=kw,
                     kw_rank=0 if kw else None, score=score)


LONG = "The city will build many new charging stations for electric buses."   # enough content words


# -- parameters --------------------------------------------------------------------

def test_settings_hold_the_ranking_parameters():
    assert Settings().ranking == RankingParams()
    assert replace(Settings(), ranking=replace(P, name_boost=0.7)).ranking.name_boost == 0.7


@pytest.mark.parametrize("k, depth", [(1, 100), (10, 100), (34, 102), (50, 150), (1000, 3000)])
def test_search_depth_grows_with_k_between_a_floor_and_a_cap(k, depth):
    assert ranking.search_depth(k, P) == depth


def test_search_depth_follows_its_parameters():
    assert ranking.search_depth(10, replace(P, min_depth=5, depth_per_k=2)) == 20
    assert ranking.search_depth(10, replace(P, max_depth=7)) == 7
    assert ranking.similar_depth(5, P) == 25 and ranking.similar_depth(5, replace(P, similar_extra=0)) == 15


# -- fusion ----------------------------------------------------------------------------

EVEN = replace(P, dense_weight=1.0, keyword_weight=1.0, keyword_scale=0.4)   # the arithmetic below assumes these

def test_fusion_normalises_each_engine_over_the_candidates():
    hits = [(cand(1, dense=0.9), commitment_hit(1, LONG)),
            (cand(2, dense=0.5, kw=10.0), commitment_hit(2, LONG)),
            (cand(3, dense=0.7, kw=5.0), commitment_hit(3, LONG))]
    # dense: low end = 10th percentile of (0.9, 0.5, 0.7) = 0.54, high = 0.9; keyword: / best (10) * 0.4
    lo = 0.54
    expect = [(1.0 + 0.0) / 2, (0.0 + 0.4) / 2, ((0.7 - lo) / (0.9 - lo) + 0.2) / 2]
    assert ranking.fused_scores(hits, EVEN) == pytest.approx(expect)


def test_fusion_weights_decide_between_meaning_and_words():
    hits = [(cand(1, dense=0.9), commitment_hit(1, LONG)), (cand(2, dense=0.5, kw=10.0), commitment_hit(2, LONG))]
    even = ranking.fused_scores(hits, EVEN)
    assert even[0] > even[1]
    words_first = ranking.fused_scores(hits, replace(EVEN, keyword_weight=3.0))
    assert words_first[1] > words_first[0]
    assert ranking.fused_scores(hits, replace(EVEN, keyword_scale=1.0))[1] == pytest.approx(0.5)


def test_fusion_counts_a_candidate_without_a_dense_score_as_zero():
    hits = [(cand(1, dense=0.8), commitment_hit(1, LONG)), (cand(2, dense=None, kw=3.0), commitment_hit(2, LONG))]
    scores = ranking.fused_scores(hits, EVEN)
    assert scores[1] == pytest.approx(0.4 / 2)   # keyword part only


def test_reciprocal_rank_fusion_adds_one_over_rank_from_each_engine():
    hits = [(cand(1, dense=0.9), commitment_hit(1, LONG)),
            (cand(2, dense=0.5, kw=10.0), commitment_hit(2, LONG)),
            (cand(3, dense=0.7, kw=5.0), commitment_hit(3, LONG))]
    params = replace(EVEN, fusion="rrf", rrf_k=10, sentence_terms_boost=0.0)
    top = 2 / 11   # first in both lists: the scale's 1.0
    expect = [1 / 11 / top, (1 / 13 + 1 / 11) / top, (1 / 12 + 1 / 12) / top]
    assert ranking.rrf_scores(hits, params) == pytest.approx(expect)
    ranking.fuse(hits, analyse_query("buses"), [], params, FLOOR)
    assert [u.score for u, _ in hits] == pytest.approx(expect)   # no boost, commitments' prior 1


def test_passage_weight_lifts_a_sentence_beside_a_strong_match_of_its_paragraph():
    sp = StoredPassage(7, 1, Passage(0, "paragraph", LONG + " " + LONG, 0, 2 * len(LONG) + 1))
    beside = SearchHit("passage", 7, 1, "plan.txt", "A plan", LONG, 0.0, (), (), (), passage=sp,
                       sentence_start=0, sentence_end=len(LONG))
    strong = SearchHit("passage", 7, 1, "plan.txt", "A plan", LONG, 0.0, (), (), (), passage=sp,
                       sentence_start=len(LONG) + 1, sentence_end=2 * len(LONG) + 1)
    alone = passage_hit(8, LONG, start=500)
    hits = [(cand(1, kind="s", score=0.8), strong), (cand(2, kind="s", score=0.3), beside),
            (cand(3, kind="s", score=0.3), alone)]
    ranking.passage_context_scores(hits, 0.5)
    assert [u.score for u, _ in hits] == pytest.approx([0.8 + 0.5 * 0.3, 0.3 + 0.5 * 0.8, 0.3])
    assert hits[1][0].boosts == ["passage"] and hits[2][0].boosts == []


def test_fuse_multiplies_base_score_boost_and_prior():
    info = analyse_query("charging stations 2030")
    c = commitment_hit(1, LONG + " by 2030", year=2030)
    p = passage_hit(2, LONG)
    hits = [(cand(1, dense=0.9, kw=2.0), c), (cand(2, dense=0.6, kw=1.0, kind="s"), p)]
    base = ranking.fused_scores(hits, P)
    ranking.fuse(hits, info, [], P, FLOOR)
    # the commitment's sentence holds all three query terms, the passage sentence two ("2030" is missing)
    assert hits[0][0].score == pytest.approx(base[0] * (1 + P.year_boost + P.sentence_terms_boost) * 1.0)
    assert hits[0][0].boosts == ["year:2030"]
    assert hits[1][0].score == pytest.approx(base[1] * (1 + P.sentence_terms_boost * 2 / 3) * P.passage_prior)
    assert hits[1][0].boosts == []


def test_sentence_terms_boost_picks_the_sentence_that_names_what_the_title_names():
    # every unit of the page carries its title, so its sentences score alike on meaning and words; the
    # sentence that itself names the scheme asked about is the answer
    info = analyse_query("Harbour Tide Gauge Scheme")
    title = "Harbour Tide Gauge Scheme launched"
    named = passage_hit(1, "The board is launching the Harbour Tide Gauge Scheme for small ports.", title=title)
    other = passage_hit(2, "Quarterly newsletters will tell members about events, training days and new guidance.",
                        start=100, title=title)
    weak = passage_hit(3, "Ports elsewhere publish tide tables for sailors and fishing crews every season.",
                       doc=2, title="Tide tables")

    def ranked(boost: float) -> list[int]:
        hits = [(cand(2, dense=0.70, kw=3.0, kind="s"), other), (cand(1, dense=0.69, kw=2.9, kind="s"), named),
                (cand(3, dense=0.20, kw=0.5, kind="s"), weak)]
        return [h.id for _, h in ranking.rank(hits, info, "hybrid", [], replace(P, sentence_terms_boost=boost),
                                              FLOOR)]

    assert ranked(0.0) == [2, 1, 3]
    assert ranked(0.1) == [1, 2, 3]
    assert ranking.sentence_terms_share(named.sentence, info) == 1.0
    assert ranking.sentence_terms_share(other.sentence, info) == 0.0


def test_dense_only_match_under_the_floor_scores_zero_but_a_word_match_keeps_it():
    info = analyse_query("charging stations")
    hits = [(cand(1, dense=0.9), commitment_hit(1, LONG)),
            (cand(2, dense=FLOOR - 0.05), commitment_hit(2, LONG)),
            (cand(3, dense=FLOOR - 0.05, kw=1.0), commitment_hit(3, LONG))]
    ranking.fuse(hits, info, [], P, FLOOR)
    assert hits[1][0].score == 0.0
    assert hits[2][0].score > 0.0
    # the floor is a parameter (an embedder may state its own)
    hits2 = [(cand(1, dense=0.9), commitment_hit(1, LONG)), (cand(2, dense=0.15), commitment_hit(2, LONG)),
             (cand(3, dense=0.1), commitment_hit(3, LONG))]
    ranking.fuse(hits2, info, [], P, 0.12)
    assert hits2[1][0].score > 0.0 and hits2[2][0].score == 0.0


# -- boosts ------------------------------------------------------------------------------

ON = replace(P, name_boost=0.5, year_boost=0.25, answer_type_boost=0.3)   # every boost switched on


def test_name_boost_applies_when_the_name_is_the_units_actor_place_or_document():
    info = analyse_query("What has Hechi promised?")
    names = ranking.query_names(info, [name_words("Hechi"), name_words("Albania")])
    assert names == [("Hechi", frozenset({"hechi"}))]
    by_actor = commitment_hit(1, LONG, actor="Hechi")
    by_title = passage_hit(2, LONG, title="Hechi to build a pilot zone")
    by_place = commitment_hit(3, LONG, places=("Hechi",))
    other = commitment_hit(4, LONG, actor="Albania", title="Albania: NDC")
    for h in (by_actor, by_title, by_place):
        labels: list[str] = []
        assert ranking.boost_factor(labels, h, info, names, ON) == 1 + ON.name_boost
        assert labels == ["name:Hechi"]
    labels = []
    assert ranking.boost_factor(labels, other, info, names, ON) == 1.0 and labels == []
    labels = []   # switched off, the boost is not claimed in the explanation either
    assert ranking.boost_factor(labels, by_actor, info, names, replace(ON, name_boost=0.0)) == 1.0 and labels == []


def test_names_unknown_to_the_knowledge_base_earn_nothing():
    info = analyse_query("What has Ruritania promised?")
    assert ranking.query_names(info, [name_words("Hechi")]) == []
    assert ranking.query_names(analyse_query("emissions target"), [name_words("Hechi")]) == []


def test_year_boost_applies_to_a_deadline_or_a_year_in_the_sentence():
    info = analyse_query("targets for 2030")
    by_deadline = commitment_hit(1, LONG, year=2030)
    in_sentence = passage_hit(2, "Emissions fall by 40 percent by 2030 across the whole economy.")
    other_year = commitment_hit(3, LONG + " by 2025", year=2025)
    for h in (by_deadline, in_sentence):
        labels: list[str] = []
        assert ranking.boost_factor(labels, h, info, [], P) == 1 + P.year_boost and labels == ["year:2030"]
    labels = []
    assert ranking.boost_factor(labels, other_year, info, [], P) == 1.0 and labels == []


def test_answer_type_boost_for_when_and_how_much_questions():
    when = analyse_query("When will the town expand solar power?")
    how_much = analyse_query("How much will the town expand solar power?")
    plain = analyse_query("town solar power")
    dated = passage_hit(1, "The town will expand solar power to 40 percent of supply by 2030.")
    undated = passage_hit(2, "The town will expand solar power across its rooftops.")
    with_quantity = commitment_hit(3, "The town will expand solar power a great deal.", quantity=40)
    labels: list[str] = []
    assert ranking.boost_factor(labels, dated, when, [], P) == 1 + P.answer_type_boost and labels == ["answer:date"]
    labels = []
    assert ranking.boost_factor(labels, undated, when, [], P) == 1.0 and labels == []
    labels = []
    assert ranking.boost_factor(labels, dated, how_much, [], P) == 1 + P.answer_type_boost
    assert labels == ["answer:amount"]
    labels = []
    assert ranking.boost_factor(labels, with_quantity, how_much, [], P) == 1 + P.answer_type_boost
    labels = []
    assert ranking.boost_factor(labels, dated, plain, [], P) == 1.0 and labels == []


def test_boosts_add_up_and_follow_their_parameters():
    info = analyse_query("When will Hechi act in 2030?")
    names = ranking.query_names(info, [name_words("Hechi")])
    h = commitment_hit(1, LONG, actor="Hechi", year=2030)
    labels: list[str] = []
    assert ranking.boost_factor(labels, h, info, names, ON) == pytest.approx(
        1 + ON.name_boost + ON.year_boost + ON.answer_type_boost)
    assert labels == ["name:Hechi", "year:2030", "answer:date"]
    none = replace(P, name_boost=0.0, year_boost=0.0, answer_type_boost=0.0)
    labels = []
    assert ranking.boost_factor(labels, h, info, names, none) == 1.0 and labels == []


# -- priors ----------------------------------------------------------------------------------

def test_priors_rank_commitments_over_sentences_over_headings_and_fragments():
    assert ranking.prior(commitment_hit(1, "Go."), P) == 1.0
    assert ranking.prior(passage_hit(1, LONG), P) == P.passage_prior
    assert ranking.prior(passage_hit(1, LONG, kind="heading"), P) == pytest.approx(P.passage_prior * P.short_prior)
    assert ranking.prior(passage_hit(1, "Energy and the climate."), P) == pytest.approx(
        P.passage_prior * P.short_prior)   # 2 content words
    assert ranking.prior(passage_hit(1, "Energy and the climate."), replace(P, short_words=2)) == P.passage_prior


# -- rank ----------------------------------------------------------------------------------------

def test_rank_single_modes_use_one_engine_and_dense_drops_what_is_under_the_floor():
    info = analyse_query("charging")
    def fresh():  # noqa: E306
        return [(cand(1, dense=0.3, kw=9.0), commitment_hit(1, LONG)),
                (cand(2, dense=0.8, kw=1.0), commitment_hit(2, LONG)),
                (cand(3, dense=0.1, kw=5.0), commitment_hit(3, LONG))]
    dense = ranking.rank(fresh(), info, "dense", [], P, FLOOR)
    assert [u.key for u, _ in dense] == [2, 1] and [u.score for u, _ in dense] == [0.8, 0.3]
    keyword = ranking.rank(fresh(), info, "keyword", [], P, FLOOR)
    assert [u.key for u, _ in keyword] == [1, 3, 2]
    hybrid = ranking.rank(fresh(), info, "hybrid", [], P, FLOOR)
    assert [u.score for u, _ in hybrid] == sorted((u.score for u, _ in hybrid), reverse=True)


# -- de-duplication ----------------------------------------------------------------------------------

S1 = "Each agency shall buy zero-emission vehicles and build charging stations by 2027."
S2 = "Agencies shall divert half of their construction waste from landfills."


def test_passage_sentence_merges_into_the_commitment_of_the_same_sentence():
    p = passage_hit(10, S1, start=100)
    c = commitment_hit(1, S1, start=100)
    hits = [(cand(10, kind="s", score=0.9), p), (cand(1, score=0.7), c)]
    entries = dedupe(hits, 10, P.same_sentence_decay)
    assert len(entries) == 1
    score, u, h, members = entries[0]
    assert h.kind == "commitment" and score == 0.9   # the commitment shown, with the better score
    assert len(members) == 2


def test_further_commitments_of_one_sentence_stay_apart_with_decaying_scores():
    hits = [(cand(1, score=0.9), commitment_hit(1, S1, start=100)),
            (cand(2, score=0.8), commitment_hit(2, S1, start=100)),
            (cand(3, score=0.7), commitment_hit(3, S1, start=100)),
            (cand(4, score=0.5), commitment_hit(4, S2, start=300))]
    entries = dedupe(hits, 10, 0.95)
    scores = {h.id: s for s, _, h, _ in entries}
    assert scores[1] == 0.9
    assert scores[2] == pytest.approx(0.8 * 0.95)
    assert scores[3] == pytest.approx(0.7 * 0.95 ** 2)
    assert scores[4] == 0.5
    assert [s for s, *_ in entries] == sorted(scores.values(), reverse=True)
    no_decay = {h.id: s for s, _, h, _ in dedupe(hits, 10, 1.0)}
    assert no_decay[3] == 0.7


def test_dedupe_keeps_different_sentences_and_documents_apart_and_stops_at_k():
    hits = [(cand(1, score=0.9), commitment_hit(1, S1, start=100)),
            (cand(2, score=0.8), commitment_hit(2, S1, start=100, doc=2)),   # same offsets, other document
            (cand(3, score=0.7), commitment_hit(3, S2, start=300)),
            (cand(4, score=0.6), commitment_hit(4, LONG, start=500))]
    assert [h.id for _, _, h, _ in dedupe(hits, 10, 0.95)] == [1, 2, 3, 4]
    assert [h.id for _, _, h, _ in dedupe(hits, 2, 0.95)] == [1, 2]


def test_dedupe_drops_zero_scores_unless_told_not_to():
    hits = [(cand(1, score=0.5), commitment_hit(1, S1, start=100)), (cand(2, score=0.0), commitment_hit(2, S2))]
    assert [h.id for _, _, h, _ in dedupe(hits, 10, 0.95)] == [1]
    assert [h.id for _, _, h, _ in dedupe(hits, 10, 0.95, positive_only=False)] == [1, 2]


def test_same_sentence_needs_half_the_shorter_span_or_the_same_text():
    a = passage_hit(1, "x" * 100, start=0)
    assert same_sentence(a, passage_hit(2, "y" * 100, start=50))           # 50 of 100 overlap
    assert not same_sentence(a, passage_hit(2, "y" * 100, start=51))       # 49 of 100
    assert not same_sentence(a, passage_hit(2, "y" * 100, start=50), overlap=0.6)
    assert same_sentence(passage_hit(1, S1, start=0), commitment_hit(2, S1, start=900))   # no overlap, same text
    assert not same_sentence(passage_hit(1, S1, doc=1), passage_hit(2, S1, doc=2))


# -- explanations ----------------------------------------------------------------------------------

def test_explain_says_how_each_hit_matched():
    info = analyse_query("charging stations")
    merged = [(cand(10, dense=0.9, kind="s", score=0.9), passage_hit(10, S1, start=100)),
              (cand(1, dense=None, kw=2.0, score=0.7), commitment_hit(1, S1, start=100))]
    merged[0][0].boosts.append("year:2027")
    merged[1][0].boosts.extend(["name:Agency", "year:2027"])
    dense_only = [(cand(2, dense=0.5, score=0.4), commitment_hit(2, S2, start=300))]
    weak = [(Candidate("c", 3, dense=0.1, dense_rank=0, score=0.3), commitment_hit(3, LONG, start=500))]
    completed = [(Candidate("c", 4, dense=0.8, dense_rank=None, score=0.2), commitment_hit(4, LONG, start=700))]
    entries = [(0.9, merged[1][0], merged[1][1], merged), (0.4, *dense_only[0], dense_only),
               (0.3, *weak[0], weak), (0.2, *completed[0], completed)]
    out = explain(entries, info, FLOOR)
    assert out[0].matched_by == ("dense", "keyword") and out[0].kind == "commitment"
    assert out[0].boosts == ("year:2027", "name:Agency")
    assert out[0].matched_terms == ("charging", "stations")
    assert [out[0].sentence[s:e] for s, e in out[0].highlights] == ["charging", "stations"]
    assert out[1].matched_by == ("dense",) and out[1].matched_terms == ()
    assert out[2].matched_by == ()          # under the floor
    assert out[3].matched_by == ()          # a cosine completed for fusion is not a match by meaning
    assert [h.score for h in out] == [0.9, 0.4, 0.3, 0.2]
