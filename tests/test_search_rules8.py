"""The learned re-ranker blended with the hand-tuned order (indexer/rank_learned.py, `LearnedRanker.blend`).

Invented queries and units, no store, index or model file.  A blended model
adds `blend` times its own score to each candidate's hand score (over the
best candidate's): a close call between two candidates goes the model's way,
a wide gap in the hand-tuned order stays; blend 0 is the model's order alone
(the behaviour of models saved before the blend existed).
"""

from __future__ import annotations

import json

import pytest

from indexer import rank_learned
from indexer.candidates import Candidate
from indexer.rank_learned import LearnedRanker, rerank
from indexer.results import SearchHit
from indexer.text import analyse_query
from kb.models import Commitment, StoredCommitment

QUERY = "zero emission bus depots"
EXACT = "The city will open zero emission bus depots in every district."
UNRELATED = "The council will review its procurement rules for office furniture."
PARTLY = "The council will electrify the ferry depots by the harbour."


def hit(cid: int, sentence: str) -> SearchHit:
    c = Commitment(actor="The city", actor_text="The city", action="do", target="it", sentence=sentence,
                   sentence_start=100 * cid, sentence_end=100 * cid + len(sentence), passage_index=0)
    sc = StoredCommitment(cid, 1, None, c, document_title="A plan", document_name="plan.txt")
    return SearchHit("commitment", cid, 1, "plan.txt", "A plan", sentence, 0.0, (), (), (), commitment=sc,
                     sentence_start=100 * cid, sentence_end=100 * cid + len(sentence))


def pairs_of(*rows: tuple[float, str]) -> list:
    return [(Candidate("c", i, dense=0.5, dense_rank=0, score=s), hit(i, t)) for i, (s, t) in enumerate(rows, 1)]


def terms_model(blend: float) -> LearnedRanker:
    """A model that scores the share of the query's terms a sentence holds (1 for all, 0 for none)."""
    return LearnedRanker(("terms",), (1.0,), (0.0,), (1.0,), top=10, blend=blend)


# hand scores of (unrelated, exact), the blend, and the order the re-ranker gives (keys: 1 unrelated, 2 exact)
BLEND_TABLE = [
    ((0.90, 0.85), 0.0, [2, 1]),    # blend 0: the model's order alone, whatever the gap
    ((0.90, 0.30), 0.0, [2, 1]),
    ((0.90, 0.85), 0.1, [2, 1]),    # a close call (0.06 of the best score) goes to the model's choice
    ((0.90, 0.30), 0.1, [1, 2]),    # a wide gap (0.67) is more than the model's nudge of 0.1: the hand order stays
    ((0.90, 0.30), 1.0, [2, 1]),    # a strong blend overturns it again
]


@pytest.mark.parametrize("scores, blend, order", BLEND_TABLE)
def test_a_blended_model_nudges_the_hand_order_by_its_weight(scores, blend, order):
    pairs = pairs_of((scores[0], UNRELATED), (scores[1], EXACT))
    out = rerank(pairs, analyse_query(QUERY), {}, terms_model(blend))
    assert [u.key for u, _ in out] == order
    assert [u.score for u, _ in out] == list(scores)   # the scores stay, handed out in the new order


def test_a_blended_model_orders_three_candidates_by_hand_share_plus_model_score():
    pairs = pairs_of((0.60, UNRELATED), (0.54, EXACT), (0.55, PARTLY))
    pairs.sort(key=lambda uh: -uh[0].score)
    out = rerank(pairs, analyse_query(QUERY), {}, terms_model(0.2))
    # hand score over the best plus 0.2 times the share of the four query terms held:
    # exact 0.90 + 0.2 * 1 = 1.10; unrelated 1.00 + 0 = 1.00; partly ("depots") 0.917 + 0.2 * 0.25 = 0.967
    assert [u.key for u, _ in out] == [2, 1, 3]


def test_the_blend_is_saved_and_read_with_the_model(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(terms_model(0.15).to_json(), encoding="utf-8")
    rank_learned.load.cache_clear()
    assert rank_learned.load(path).blend == 0.15


def test_a_model_saved_before_the_blend_existed_keeps_its_own_order():
    old = {"features": ["terms"], "weights": [1.0], "mean": [0.0], "scale": [1.0], "top": 10}
    assert LearnedRanker.from_json(json.dumps(old)).blend == 0.0


@pytest.mark.parametrize("blend", [-0.1, float("nan")])
def test_a_negative_or_undefined_blend_is_refused(blend):
    with pytest.raises(ValueError):
        terms_model(blend)
