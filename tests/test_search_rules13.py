"""Round 13 (issue 12): a month named on its own answers a when-question; a count written in words finds its digit.

Press releases and communiques name the month of the next step without a day
or a year: "A next meeting ..., planned for early September, will ..."
(eu-energy-union-task-force-2025), "to be launched at the conference in
November" (multi-global-methane-pledge), "published before the end of March"
(uk-hmt-spring-budget-2017-public-services).  `has_date` now counts a month
after a word that places it in time (in, by, until, before, from, since,
during, early, mid, late, end of), so such a sentence earns the answer-type
boost and the re-ranker's `answer` feature for "when ..." questions.

Press releases, memoranda and plans write small counts as digits ("between
the 2 blocs", "the 6 principles"): a query's count word from two to ten adds
its digit to the query's terms, so keyword search and the sentence-terms
boost find "recommendations in 3 main areas" for "which three areas".  The
sentences below are invented.
"""

from __future__ import annotations

import dataclasses

from indexer import ranking
from indexer.candidates import Candidate
from indexer.text import analyse_query, has_date, terms
from kb.config import RankingParams
from tests.search_hits import passage_hit

P = RankingParams()


def test_a_month_placed_in_time_is_a_date():
    assert has_date("The next round of talks, planned for early September, will review the harbour plan.")
    assert has_date("The board will publish its list of grants in November.")
    assert has_date("Applications stay open until March.")
    assert has_date("The results will be published before the end of June.")
    assert has_date("Work starts in mid-October.")


def test_a_month_word_that_places_nothing_in_time_is_not_a_date():
    assert not has_date("Supporters march through the harbour district.")     # a verb, no preposition
    assert not has_date("The ferries may run later in summer.")              # "may": a modal
    assert not has_date("The August committee reviewed the harbour plan.")   # a name, not a time


def test_a_when_question_raises_the_sentence_that_names_the_month():
    info = analyse_query("when is the next harbour board meeting")
    assert info.wants_date
    month = passage_hit(1, "The next meeting of the harbour board, planned for early September, will set the fees.")
    other = passage_hit(2, "The harbour board meets the ferry operators to set the fees.")
    labels: list[str] = []
    assert ranking.boost_factor(labels, month, info, [], P) == 1.0 + P.answer_type_boost
    assert labels == ["answer:date"]
    assert ranking.boost_factor([], other, info, [], P) == 1.0
    # the same cosine and words otherwise: the month's sentence comes first
    pairs = [(Candidate("s", 2, dense=0.55, dense_rank=0, kw=5.0, kw_rank=0), other),
             (Candidate("s", 1, dense=0.55, dense_rank=1, kw=5.0, kw_rank=1), month),
             (Candidate("s", 3, dense=0.20, dense_rank=2, kw=1.0, kw_rank=2),
              passage_hit(3, "Trees line the avenue near the old market."))]
    ranked = ranking.rank(pairs, info, "hybrid", [], P, P.dense_floor, None)
    assert [u.key for u, _ in ranked][:2] == [1, 2]


def test_a_count_word_in_a_query_also_looks_for_its_digit():
    info = analyse_query("which three harbours get new ferry berths")
    assert info.terms == ("three", "harbour", "get", "new", "ferri", "berth", "3")
    assert "3" in info.stems
    # the digit is a term of the sentence that writes the count as a figure
    said = "The plan builds new ferry berths in 3 harbours."
    assert "3" in terms(said)
    without_digit = dataclasses.replace(info, terms=info.terms[:-1], stems=info.stems - {"3"})
    assert ranking.sentence_terms_share(said, info) == 5 / 7          # harbour, new, ferri, berth and 3
    assert ranking.sentence_terms_share(said, without_digit) == 4 / 6


def test_one_and_zero_are_not_read_as_counts():
    assert analyse_query("a one-stop desk for ferry permits").terms == ("one", "stop", "desk", "ferri", "permit")
    assert "0" not in analyse_query("net zero harbour by 2040").terms
