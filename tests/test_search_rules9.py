"""Search rules of round 9 (issue 12): invented sentences and queries, no store, index or model.

A question asking "when" wants a sentence that says when.  Until now only a
year (or a commitment's resolved deadline) counted; a programme page's "will
be released over the next few months", an order's "Within 90 days of the
date of this order" or a notice's "runs until 5 August" answered the
question with no year in it and earned no answer-type boost
(indexer/text.py `has_date`, used by indexer/ranking.py `boost_factor` and
the learned re-ranker's "answer" feature).

A question asking how much money ("how much funding", "how big is the
loan programme") wants a sum of money: a plan that gives "$450 million" and
"34 percent" side by side answers it with the first only (`has_money`,
`answers_amount`); other how-much questions take any amount, as before.
"""

from __future__ import annotations

import pytest

from indexer import ranking
from indexer.candidates import Candidate
from indexer.rank_learned import FEATURES, feature_matrix
from indexer.results import SearchHit
from indexer.text import analyse_query, answers_amount, has_date, has_money
from kb.config import RankingParams
from kb.models import Passage, StoredPassage

P = RankingParams()


def passage_hit(pid: int, sentence: str) -> SearchHit:
    sp = StoredPassage(pid, 1, Passage(0, "paragraph", sentence, 100 * pid, 100 * pid + len(sentence)))
    return SearchHit("passage", pid, 1, "plan.txt", "A plan", sentence, 0.0, (), (), (), passage=sp,
                     sentence_start=100 * pid, sentence_end=100 * pid + len(sentence))


@pytest.mark.parametrize("sentence", [
    "The design handbook will be released progressively over the next few months.",
    "Within 90 days of the date of this order, the Secretary shall submit a plan.",
    "Within ninety (90) days, each agency shall name a coordinator.",
    "The public consultation is open and runs until 5 August.",
    "Comments are due by March 14 at the latest.",
    "The pilot will start in the coming year.",
    "The board will publish its findings by the end of the summer.",
    "The council will adopt the plan in 2027.",
])
def test_sentences_that_say_when(sentence):
    assert has_date(sentence)


@pytest.mark.parametrize("sentence", [
    "The design handbook will help agencies meet the standard.",
    "Article 3 may be amended by the board.",
    "Each agency shall name 90 staff to the task force.",
    "The council met in a crowded hall.",
])
def test_sentences_that_do_not_say_when(sentence):
    assert not has_date(sentence)


def test_when_question_boosts_a_relative_date_like_a_year():
    when = analyse_query("when will the design handbook be released")
    soon = passage_hit(1, "The handbook will be released progressively over the next few months.")
    plain = passage_hit(2, "The handbook will help agencies design better services.")
    labels: list[str] = []
    assert ranking.boost_factor(labels, soon, when, [], P) == 1 + P.answer_type_boost
    assert labels == ["answer:date"]
    labels = []
    assert ranking.boost_factor(labels, plain, when, [], P) == 1.0 and labels == []


def test_a_relative_date_earns_nothing_when_the_query_does_not_ask_when():
    what = analyse_query("what will the design handbook cover")
    soon = passage_hit(1, "The handbook will be released progressively over the next few months.")
    labels: list[str] = []
    assert ranking.boost_factor(labels, soon, what, [], P) == 1.0 and labels == []


def test_learned_ranker_reads_a_relative_date_as_an_answer():
    when = analyse_query("when is the agency's inventory due")
    soon = passage_hit(1, "Within 60 days of this memorandum, each agency shall submit its inventory.")
    plain = passage_hit(2, "Each agency shall submit its inventory to the council.")
    pairs = [(Candidate("s", 1, dense=0.6, dense_rank=0, score=0.5), soon),
             (Candidate("s", 2, dense=0.6, dense_rank=1, score=0.5), plain)]
    x = feature_matrix(pairs, 2, when, {})
    answer = FEATURES.index("answer")
    assert x[0, answer] == 1.0
    assert x[1, answer] == 0.0


# -- how much money ---------------------------------------------------------------------

@pytest.mark.parametrize("query, money", [
    ("how much money will the partners mobilise for the coal phase-out", True),
    ("how much new grant money is set aside for rural towns", True),
    ("how big is the bank's planned loan programme for the region", True),
    ("how large is the council's annual budget", True),
    ("how many billion dollars will the donors provide each year", True),
    ("how much will the city cut its water use", False),
    ("how much of national income will the state spend on roads", False),
    ("how many electric buses will the city buy", False),
])
def test_which_questions_ask_for_money(query, money):
    info = analyse_query(query)
    assert info.wants_amount
    assert info.wants_money is money


@pytest.mark.parametrize("sentence, money", [
    ("The partnership will mobilise an initial $20 billion in public and private finance.", True),
    ("A \u00a360 million fund for low carbon innovation.", True),
    ("The bank will lend USD 4 billion over three years.", True),
    ("The region will receive 10 million euros for flood defences.", True),
    ("Power sector emissions will be capped at 290 megatons of CO2.", False),
    ("Renewables will supply 34 percent of electricity.", False),
])
def test_sums_of_money(sentence, money):
    assert has_money(sentence) is money


def test_a_money_question_is_answered_by_a_sum_not_by_any_figure():
    money = analyse_query("how much money will the partners mobilise for the coal phase-out")
    share = analyse_query("how much of the power will come from renewables")
    dollars = "The partners will mobilise an initial $20 billion for the coal phase-out."
    tonnes = "The partners will cap power sector emissions at 290 megatons of CO2."
    assert answers_amount(money, dollars)
    assert not answers_amount(money, tonnes)
    assert not answers_amount(money, tonnes, quantity=True)   # a commitment's figure that is not money
    assert answers_amount(share, "Renewables will supply 34 percent of the power.")
    assert answers_amount(share, "The partners will act.", quantity=True)
    assert not answers_amount(analyse_query("partners coal phase-out"), dollars)   # no how-much question


def test_money_question_boosts_the_sum_of_money_only():
    money = analyse_query("how much money will the partners mobilise for the coal phase-out")
    dollars = passage_hit(1, "The partners will mobilise an initial $20 billion for the coal phase-out.")
    tonnes = passage_hit(2, "The partners will cap power sector emissions at 290 megatons of CO2.")
    labels: list[str] = []
    assert ranking.boost_factor(labels, dollars, money, [], P) == 1 + P.answer_type_boost
    assert labels == ["answer:amount"]
    labels = []
    assert ranking.boost_factor(labels, tonnes, money, [], P) == 1.0 and labels == []
