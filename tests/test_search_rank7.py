"""The learned re-ranker (indexer/rank_learned.py) on invented queries and units: no store, index or model file.

Tables of (query, sentence) -> feature values show what each feature reads;
invented models show that a model's weights load from JSON, that it reorders
only the first candidates of the hand-tuned order (keeping their scores), and
that a model weighing the query's words in the sentence puts an exact-phrase
match above an unrelated sentence the fusion ranked first.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from indexer import rank_learned, ranking
from indexer.candidates import Candidate
from indexer.keyword import KeywordIndex
from indexer.rank_learned import FEATURES, LearnedRanker, feature_matrix, rerank
from indexer.results import SearchHit
from indexer.text import analyse_query, terms
from kb.config import RankingParams
from kb.models import Commitment, Deadline, Passage, StoredCommitment, StoredPassage

P = RankingParams()


def commitment_hit(cid: int, sentence: str, *, doc: int = 1, year: int | None = None,
                   title: str = "A plan") -> SearchHit:
    c = Commitment(actor="The city", actor_text="The city", action="do", target="it", sentence=sentence,
                   sentence_start=100 * cid, sentence_end=100 * cid + len(sentence), passage_index=0,
                   deadline=Deadline(f"by {year}", f"{year}-12-31") if year else None)
    sc = StoredCommitment(cid, doc, None, c, document_title=title, document_name="plan.txt")
    return SearchHit("commitment", cid, doc, "plan.txt", title, sentence, 0.0, (), (), (), commitment=sc,
                     sentence_start=100 * cid, sentence_end=100 * cid + len(sentence))


def passage_hit(pid: int, sentence: str, *, kind: str = "paragraph", doc: int = 1) -> SearchHit:
    sp = StoredPassage(pid, doc, Passage(0, kind, sentence, 100 * pid, 100 * pid + len(sentence)))
    return SearchHit("passage", pid, doc, "plan.txt", "A plan", sentence, 0.0, (), (), (), passage=sp,
                     sentence_start=100 * pid, sentence_end=100 * pid + len(sentence))


def scored(key: int, score: float, dense: float = 0.5, kw: float = 0.0, kind: str = "c") -> Candidate:
    return Candidate(kind, key, dense=dense, dense_rank=0, kw=kw, kw_rank=0 if kw else None, score=score)


def column(name: str, pairs, query: str, idf=None) -> list[float]:
    x = feature_matrix(pairs, len(pairs), analyse_query(query), idf or {})
    return [round(float(v), 3) for v in x[:, FEATURES.index(name)]]


def model_of(**weights: float) -> LearnedRanker:
    names = tuple(weights)
    return LearnedRanker(names, tuple(weights.values()), (0.0,) * len(names), (1.0,) * len(names), top=10)


# -- what the features read ---------------------------------------------------------------------------

FEATURE_TABLE = [
    # feature, query, sentence, value
    ("terms", "electric bus depots", "The city will build electric bus depots.", 1.0),
    ("terms", "electric bus depots", "The city will plant trees.", 0.0),
    ("terms", "electric bus depots", "Electric ferries will replace the old ones.", 0.333),
    ("bigrams", "electric bus depots", "The city will build electric bus depots.", 1.0),
    ("bigrams", "electric bus depots", "Depots for the bus fleet will be electric.", 0.0),
    ("answer", "when will the depots open", "The depots open in 2027.", 1.0),
    ("answer", "when will the depots open", "The depots open soon.", 0.0),
    ("answer", "how much will the depots cost", "The depots cost 40 million euros.", 1.0),
    ("year", "depots by 2027", "The depots open in 2027.", 1.0),
    ("year", "depots by 2027", "The depots open in 2030.", 0.0),
    ("short", "depots", "Bus depots", 1.0),
    ("short", "depots", "The city will build three new electric bus depots near the harbour.", 0.0),
    ("unfinished", "depots", "The city will build new depots for the", 1.0),
    ("unfinished", "depots", "The city will build new depots.", 0.0),
]


@pytest.mark.parametrize("name, query, sentence, value", FEATURE_TABLE)
def test_each_feature_reads_the_sentence_against_the_query(name, query, sentence, value):
    pairs = [(scored(1, 1.0), commitment_hit(1, sentence))]
    assert column(name, pairs, query) == [value]


def test_rare_words_weigh_more_in_the_idf_share():
    # "depots" is rare (idf 5), "city" common (idf 1): a sentence with only the rare word holds 5/6 of the query
    pairs = [(scored(1, 1.0), commitment_hit(1, "New depots open.")),
             (scored(2, 0.9), commitment_hit(2, "The city grows."))]
    assert column("terms_idf", pairs, "city depots", {"depot": 5.0, "citi": 1.0}) == [0.833, 0.167]


@pytest.mark.parametrize("hit, heading, table_row, list_item, passage", [
    (passage_hit(1, "Charging stations", kind="heading"), 1.0, 0.0, 0.0, 1.0),
    (passage_hit(1, "Stations | 40 | 2027", kind="table_row"), 0.0, 1.0, 0.0, 1.0),
    (passage_hit(1, "build forty charging stations;", kind="list_item"), 0.0, 0.0, 1.0, 1.0),
    (commitment_hit(1, "The city will build forty charging stations."), 0.0, 0.0, 0.0, 0.0),
])
def test_unit_kind_features(hit, heading, table_row, list_item, passage):
    pairs = [(scored(1, 1.0, kind="s" if hit.kind == "passage" else "c"), hit)]
    got = [column(f, pairs, "charging stations")[0] for f in ("heading", "table_row", "list_item", "passage")]
    assert got == [heading, table_row, list_item, passage]


def test_a_further_unit_showing_the_same_sentence_is_a_repeat():
    s = "The city will build depots and buy buses."
    pairs = [(scored(1, 1.0), commitment_hit(1, s)), (scored(2, 0.9), commitment_hit(2, s)),
             (scored(3, 0.8), commitment_hit(3, "Another sentence about depots."))]
    assert column("repeat", pairs, "depots") == [0.0, 1.0, 0.0]


def test_document_best_is_read_against_the_best_candidate():
    pairs = [(scored(1, 1.0), commitment_hit(1, "a depot", doc=1)), (scored(2, 0.5), commitment_hit(2, "a depot", doc=2)),
             (scored(3, 0.25), commitment_hit(3, "a depot", doc=2))]
    assert column("doc_best", pairs, "depot") == [1.0, 0.5, 0.5]
    assert column("hand", pairs, "depot") == [1.0, 0.5, 0.25]


# -- the model ------------------------------------------------------------------------------------------

def test_a_model_loads_from_json_and_scores_standardised_features(tmp_path):
    m = LearnedRanker(("terms", "passage"), (2.0, -1.0), (0.5, 0.0), (0.5, 1.0), top=25)
    path = tmp_path / "m.json"
    path.write_text(m.to_json())
    got = rank_learned.load(path)
    assert got == m
    x = np.zeros((2, len(FEATURES)))
    x[0, FEATURES.index("terms")] = 1.0          # (1 - 0.5) / 0.5 * 2 = 2
    x[1, FEATURES.index("passage")] = 1.0        # (0 - 0.5) / 0.5 * 2 - 1 = -3
    assert got.scores(x).tolist() == [2.0, -3.0]


def test_no_model_file_means_the_hand_tuned_order(tmp_path):
    assert rank_learned.load(tmp_path / "absent.json") is None


@pytest.mark.parametrize("features, weights, mean, scale", [
    (("terms", "no_such_feature"), (1.0, 1.0), (0.0, 0.0), (1.0, 1.0)),
    (("terms",), (1.0, 2.0), (0.0,), (1.0,)),
])
def test_a_malformed_model_is_refused(features, weights, mean, scale):
    with pytest.raises(ValueError):
        LearnedRanker(features, weights, mean, scale)


QUERY = "zero emission bus depots"
EXACT = "The city will open zero emission bus depots in every district."
UNRELATED = "The council will review its procurement rules for office furniture."


def test_a_model_puts_an_exact_phrase_match_above_an_unrelated_unit_the_fusion_ranked_first():
    pairs = [(scored(1, 0.9, dense=0.62), commitment_hit(1, UNRELATED)),
             (scored(2, 0.8, dense=0.60), commitment_hit(2, EXACT))]
    info = analyse_query(QUERY)
    out = rerank(pairs, info, {}, model_of(hand=1.0, terms_idf=2.0, bigrams=2.0))
    assert [h.sentence for _, h in out] == [EXACT, UNRELATED]
    assert [u.score for u, _ in out] == [0.9, 0.8]    # the scores stay, handed out in the model's order


def test_a_model_of_the_hand_score_alone_changes_nothing():
    pairs = [(scored(i, s), commitment_hit(i, t)) for i, (s, t) in enumerate([(0.9, UNRELATED), (0.8, EXACT),
                                                                             (0.7, "Depots open.")], start=1)]
    out = rerank(list(pairs), analyse_query(QUERY), {}, model_of(hand=1.0))
    assert [(u.key, u.score) for u, _ in out] == [(1, 0.9), (2, 0.8), (3, 0.7)]


def test_only_the_first_top_candidates_with_a_score_are_reordered():
    m = replace(model_of(terms=5.0), top=2)
    pairs = [(scored(1, 0.9), commitment_hit(1, UNRELATED)), (scored(2, 0.8), commitment_hit(2, UNRELATED + " Again.")),
             (scored(3, 0.7), commitment_hit(3, EXACT))]
    out = rerank(pairs, analyse_query(QUERY), {}, m)
    assert [u.key for u, _ in out] == [1, 2, 3]    # the exact match is third: past the model's reach
    zero = [(scored(1, 0.9), commitment_hit(1, UNRELATED)), (scored(2, 0.0), commitment_hit(2, EXACT))]
    assert [u.key for u, _ in rerank(zero, analyse_query(QUERY), {}, model_of(terms=5.0))] == [1, 2]


def test_rank_uses_the_model_in_hybrid_mode_only():
    def hits():
        # a third, weak candidate sets the low end of the cosines' normalisation (both others score above 0)
        return [(Candidate("c", 1, dense=0.62, dense_rank=0), commitment_hit(1, UNRELATED)),
                (Candidate("c", 2, dense=0.55, dense_rank=1), commitment_hit(2, EXACT)),
                (Candidate("c", 3, dense=0.30, dense_rank=2), commitment_hit(3, "Trees line the avenue."))]

    info = analyse_query(QUERY)
    m = model_of(terms_idf=3.0, bigrams=3.0)
    hand = ranking.rank(hits(), info, "hybrid", [], P, P.dense_floor)
    learned = ranking.rank(hits(), info, "hybrid", [], P, P.dense_floor, m, {})
    dense = ranking.rank(hits(), info, "dense", [], P, P.dense_floor, m, {})
    assert [u.key for u, _ in hand][:2] == [1, 2]
    assert [u.key for u, _ in learned][:2] == [2, 1]
    assert [u.key for u, _ in dense][:2] == [1, 2]


def test_the_keyword_index_gives_rare_terms_a_higher_idf():
    index = KeywordIndex()
    for i, text in enumerate(["bus depots", "bus lanes", "bus stops", "tram depots"]):
        index.add(i, terms(text))
    idf = index.idf(["bus", "depot", "ferri"])
    assert idf["bus"] < idf["depot"] < idf["ferri"]   # 3 units, 2 units, none (counted as one)
