"""The measuring tools of issue 12 count what they claim to count, on invented text and vectors (no model).

`bench/eval_labelled.py --coverage` asks whether the search units lose text that
the naive baseline keeps (`held_share`, the scorer's 60%-of-the-words rule);
`bench/tune_ranking.py --variants` measures structural ranking changes, two of
which rest on the small helpers below: Rocchio feedback (`rocchio`) and the
reciprocal-rank fusion of two orders (`rrf_merge`).
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.eval_labelled import held_share
from bench.tune_ranking import rocchio, rrf_merge


def test_a_sentence_is_held_when_one_unit_has_most_of_its_words():
    units = ["The harbour board will dredge the north channel by 2031.",
             "Ferries will run every twenty minutes."]
    sentences = [
        "The harbour board will dredge the north channel before 2031.",   # 9 of 10 words in one unit
        "The board will also repaint every lighthouse on the coast.",      # 4 of 10 at best: in no unit
        "Ferries run often.",                                              # under five words: not counted
    ]
    counted, missed = held_share(sentences, units)
    assert counted == 2
    assert missed == ["The board will also repaint every lighthouse on the coast."]


def test_words_spread_over_two_units_do_not_hold_a_sentence():
    # 5 and 7 of the 12 words: neither unit holds 60%, as neither search result would
    units = ["Grants for rooftop solar panels", "on schools and libraries in the valley"]
    counted, missed = held_share(["Grants for rooftop solar panels on schools and libraries in the valley."], units)
    assert (counted, len(missed)) == (1, 1)


def test_feedback_moves_the_query_towards_its_first_hits_and_keeps_unit_length():
    q = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    hits = [np.array([0.0, 1.0, 0.0], dtype=np.float32), np.array([0.0, 0.6, 0.8], dtype=np.float32)]
    moved = rocchio(q, hits, 0.25)
    assert np.linalg.norm(moved) == pytest.approx(1.0)
    assert moved[0] < 1.0 and moved[1] > 0.0 and moved[2] > 0.0
    # the query itself still weighs most
    assert moved[0] > moved[1] > moved[2]
    # no hits: the query as it was
    assert np.allclose(rocchio(q, [], 0.25), q)


def test_rank_fusion_lets_a_second_order_lift_an_item():
    a, b, c = ["a"], ["b"], ["c"]            # compared by identity, as the candidates are
    first = [a, b, c]
    assert rrf_merge(first, [c, b, a], 0.0, 10) == [a, b, c]        # weight 0: the first order
    assert rrf_merge(first, [c, a, b], 2.0, 10)[0] is c                # a heavy second order wins
    # an item the second order lacks keeps only its share of the first
    assert rrf_merge(first, [b, c], 1.0, 10) == [b, c, a]
