"""Round 9 of lineage (kb/lineage.py): successive editions of one rolling plan, their revised figures and periods.

Invented plans of an invented transit authority, written in the manner of a rolling three-year business plan
(each edition reissued under the same heading and title for a later period, its items without a named actor).
"""

from __future__ import annotations

from kb.lineage import (Doc, Item, _boilerplate, classify, figures_in, find_links, money_figure, plan_period,
                        plan_series, span_years)
from kb.models import Commitment, Deadline, Quantity


def edition(doc_id: int, published: str, period: str, title: str = "Valdoria",
            heading: str = "Transit Business Plan", place: str | None = None) -> Doc:
    text = (f"{heading}\n\nReference: 4417 {published}\n\n{place or title} {period}\n\n"
            "1. The proposed operations are consistent with the long-term transit strategy.\n")
    return Doc(doc_id, (published, doc_id), text, title)


def item(cid: int, doc: int, action: str, target: str, sentence: str, *, deadline: tuple[str, str] | None = None,
         quantity: tuple[float, str, str] | None = None, source: str = "main_actor") -> Item:
    c = Commitment(actor="Valdoria Transit Authority", actor_text="", action=action, target=target, sentence=sentence,
                   sentence_start=200 + cid, sentence_end=200 + cid + len(sentence), passage_index=1,
                   deadline=Deadline(*deadline) if deadline else None,
                   quantity=Quantity(*quantity) if quantity else None, actor_source=source)
    return Item(cid, doc, ("valdoria transit authority",), c)


# -- which documents are editions of one plan -----------------------------------------------------------------


def test_a_plan_names_its_period_in_its_opening():
    assert plan_period(edition(1, "2019-07-01", "2020–2022").text) == (2020, 2022)
    assert plan_period(edition(1, "2019-07-01", "2020-22").text) == (2020, 2022)
    assert plan_period("Executive Order 17001 of March 3, 2021\n\nThe Secretary shall report by 2025.") is None


def test_editions_share_heading_and_title_and_move_to_a_later_period():
    docs = {1: edition(1, "2019-07-01", "2020–2022"), 2: edition(2, "2021-09-01", "2022–2024"),
            3: edition(3, "2023-09-01", "2024–2026")}
    assert plan_series(docs) == {(1, 2), (2, 3), (1, 3)}


def test_another_country_or_another_kind_of_plan_is_no_edition():
    docs = {1: edition(1, "2019-07-01", "2020–2022"), 2: edition(2, "2021-09-01", "2022–2024", title="Norland"),
            3: edition(3, "2021-09-01", "2022–2024", heading="Transit Safety Review"),
            4: edition(4, "2021-09-01", "2022–2024", place="Valdoria Northern Province")}
    assert plan_series(docs) == set()


# -- figures and periods of plan items ----------------------------------------------------------------------------


def test_a_sum_of_money_at_the_end_of_a_sentence_keeps_its_scale():
    [q] = figures_in("The tentative annual training program averages about $3.8 million.")
    assert (q.value, q.unit) == (3_800_000, "USD")


def test_the_one_sum_of_money_of_a_sentence_is_its_figure_when_the_extractor_kept_none():
    q = money_figure("The indicative allocation of fleet renewal funds for 2024-2026 is $1,350 million.")
    assert q is not None and (q.value, q.unit) == (1_350_000_000, "USD")
    # two sums: which one the commitment is about cannot be told
    assert money_figure("The depot receives $20 million and the workshop $5 million.") is None


def test_a_deadline_phrase_that_names_a_period_says_how_many_years():
    assert span_years("for 2022–2024") == 3
    assert span_years("For 2024") == 1
    assert span_years("during fiscal year 2023") == 1
    assert span_years("by 2025") == 0
    assert span_years("by the end of fiscal year 2025") == 0


def test_totals_over_periods_of_different_length_are_not_raised_but_the_period_moved():
    one_year = item(1, 1, "allocate", "fleet renewal allocation",
                    "For 2024, the fleet renewal allocation is $450 million.",
                    deadline=("For 2024", "2024-12-31"), quantity=(450e6, "USD", "$450 million")).commitment
    three_years = item(2, 2, "allocate", "fleet renewal allocation",
                       "The fleet renewal allocation for 2024–2026 is $1,300 million.",
                       deadline=("for 2024–2026", "2026-12-31")).commitment
    assert [r for r, _s, _d in classify(one_year, three_years, 0.9)] == ["deadline_moved"]


def test_totals_over_periods_of_the_same_length_are_compared():
    older = item(1, 1, "provide", "annual training program",
                 "The annual training program is $7.5 million for 2020–2022.",
                 deadline=("for 2020–2022", "2022-12-31"), quantity=(7.5e6, "USD", "$7.5 million")).commitment
    newer = item(2, 2, "provide", "annual training program",
                 "The annual training program for 2022–2024 averages $4.0 million.",
                 deadline=("for 2022–2024", "2024-12-31")).commitment
    assert sorted(r for r, _s, _d in classify(older, newer, 0.9)) == ["deadline_moved", "lowered"]


# -- links between editions -----------------------------------------------------------------------------------------


def _three_editions() -> tuple[dict[int, Doc], list[Item]]:
    docs = {1: edition(1, "2019-07-01", "2020–2022"), 2: edition(2, "2021-09-01", "2022–2024"),
            3: edition(3, "2023-09-01", "2024–2026")}
    items = [
        item(11, 1, "provide", "annual driver training program is $7.5 million",
             "The tentative annual driver training program is $7.5 million for 2020–2022.",
             deadline=("for 2020–2022", "2022-12-31"), quantity=(7.5e6, "USD", "$7.5 million")),
        item(12, 1, "rename", "The Harbour Line Tram Project",
             "The Harbour Line Tram Project will be renamed the Quay Tram Project."),
        item(21, 2, "provide", "annual driver training program is $8.2 million",
             "The tentative annual driver training program is $8.2 million for 2022–2024.",
             deadline=("for 2022–2024", "2024-12-31"), quantity=(8.2e6, "USD", "$8.2 million")),
        item(22, 2, "rename", "The Northern Depot Expansion Project",
             "The Northern Depot Expansion Project will be renamed the Depot Modernization Program."),
        item(31, 3, "provide", "annual driver training program",
             "The tentative annual driver training program for 2024–2026 averages about $6.1 million.",
             deadline=("for 2024–2026", "2026-12-31")),
    ]
    return docs, items


def test_a_revised_figure_of_a_plan_item_is_raised_then_lowered_across_editions():
    docs, items = _three_editions()
    links = {(k.relation, k.older_id, k.newer_id) for k in find_links(items, docs, {})}
    assert ("raised", 11, 21) in links
    assert ("lowered", 21, 31) in links
    assert ("deadline_moved", 11, 21) in links and ("deadline_moved", 21, 31) in links
    # two different projects renamed in two editions are not one item
    assert not {k for k in links if 12 in k[1:] or 22 in k[1:]}


def test_items_with_an_assumed_actor_pair_only_between_editions_of_one_plan():
    docs, items = _three_editions()
    other = {1: docs[1], 2: edition(2, "2021-09-01", "2022–2024", title="Norland"), 3: docs[3]}
    links = {(k.relation, k.older_id, k.newer_id) for k in find_links(items, other, {})}
    assert not {k for k in links if k[1] == 11 and k[2] == 21}


def test_an_item_said_again_in_every_edition_is_not_boilerplate():
    docs, items = _three_editions()
    same = [item(40 + d, d, "allocate", "ordinary capital resources allocation", f"Allocation sentence {d}.")
            for d in (1, 2, 3)]
    assert {41, 42, 43} <= _boilerplate(items + same)
    assert not {41, 42, 43} & _boilerplate(items + same, plan_series(docs))
