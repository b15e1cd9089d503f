"""The re-ranker refitted in round 12 (issue 12) on invented candidates: what it does.

Refitted by bench/rank_train.py on knowledge bases of train and validation
ingested 3 Dec (round 12): the same 21 features as before, now with C 0.3 and
blend 0.15 (the first 40 candidates), chosen on validation then train; every
kind of train and validation at least level with the model it replaces, on
the same index.  Its weights are larger than the old model's, so it settles
somewhat wider close calls of the hand-tuned fusion, and it prefers a
commitment (a record with its actor, action and deadline) to a bare passage
sentence saying the same more strongly (the `passage` weight).  A wide gap of
the hand order still stays.  The sentences are invented.
"""

from __future__ import annotations

from indexer import rank_learned, ranking
from indexer.candidates import Candidate
from indexer.rank_learned import FEATURES
from indexer.text import analyse_query
from kb.config import RankingParams
from tests.search_hits import commitment_hit, passage_hit

P = RankingParams()

QUERY = "electric ferry charging berths"
# the index's idf of the query's terms: "ferry" and "berth" are rare, "electric" and "charging" common
IDF = {"electr": 2.0, "ferri": 4.0, "charg": 2.5, "berth": 3.0}
SAID = "The port will install charging points at two ferry berths for electric ferries."
RECORDED = "The harbour board will install charging points at two ferry berths for electric ferries."
AWAY = "Trees line the avenue near the old market."


def candidates(lead: float) -> list:
    """A passage sentence `lead` ahead by cosine of a commitment with the same words (same BM25), and a
    far-off sentence that sets the low end of the cosines' normalisation."""
    recorded = commitment_hit(2, RECORDED, actor="The harbour board", action="install", target="charging points")
    return [(Candidate("s", 1, dense=0.60 + lead, dense_rank=0, kw=9.0, kw_rank=0), passage_hit(1, SAID)),
            (Candidate("c", 2, dense=0.60, dense_rank=1, kw=9.0, kw_rank=1), recorded),
            (Candidate("s", 3, dense=0.30, dense_rank=2, kw=2.0, kw_rank=2), passage_hit(3, AWAY))]


def order(lead: float, model) -> list[int]:  # type: ignore[no-untyped-def]
    ranked = ranking.rank(candidates(lead), analyse_query(QUERY), "hybrid", [], P, P.dense_floor, model, IDF)
    return [u.key for u, _ in ranked]


def test_the_refitted_model_reads_the_same_features_with_a_stronger_blend():
    model = rank_learned.load()
    assert model is not None
    assert set(model.features) <= set(FEATURES)
    assert "rrf" not in model.features           # measured again in round 12; not taken (README)
    assert (model.top, model.blend) == (40, 0.15)


def test_a_close_call_goes_to_the_commitment_over_a_passage_sentence_with_the_same_words():
    model = rank_learned.load()
    assert order(0.08, None) == [1, 2, 3]        # the fusion: the passage sentence, by a little
    assert order(0.08, model) == [2, 1, 3]       # the model: the record that names who does it


def test_a_wide_gap_of_the_hand_order_stays():
    model = rank_learned.load()
    assert order(0.12, None) == [1, 2, 3]
    assert order(0.12, model) == [1, 2, 3]       # blend 0.15: the model settles close calls only
