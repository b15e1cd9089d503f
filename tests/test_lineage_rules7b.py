"""Round 7b rules of kb/lineage.py (issue 15): revocations that list several instruments or some sections,
figures that are rates ("3 percent annually", "$15.00 per hour"), and
an amending order whose changed figures count only for the sections it acts on.  Invented sentences."""

from __future__ import annotations

import pytest

from kb.lineage import Doc, Item, amendment_scope, classify, find_links, find_revocations, rate_of, section_of
from kb.models import Commitment, Quantity

# sentence -> [(order number, relation, partial, sections)]
REVOCATIONS = [
    ("Executive Order 19101 of March 3, 2001 (Protecting Rivers); the Presidential Memorandum of June 2, 2003 "
     "(River Gauges); and Executive Order 19102 of May 1, 2004 (Wetland Surveys), are hereby revoked.",
     [("19101", "revoked", False, ()), ("19102", "revoked", False, ())]),
    ("Executive Order 19201 of July 9, 2010; section 1 of the Presidential Memorandum of May 3, 2011; and "
     "Presidential Memorandum of June 4, 2012 (Clean Fleets), are revoked.",
     [("19201", "revoked", False, ())]),
    ("Executive Orders 19301 and 19302 are hereby revoked.",
     [("19301", "revoked", False, ()), ("19302", "revoked", False, ())]),
    ("Executive Order 19401 (Safe Harbours), Executive Order 19402 (Port Security), and the Presidential "
     "Memorandum of June 2, 2003, are hereby rescinded.",
     [("19401", "rescinded", False, ()), ("19402", "rescinded", False, ())]),
    ("Sections 1 and 3 of Executive Order 19501 are revoked.", [("19501", "revoked", True, ("1", "3"))]),
    ("Section 2 of Executive Order 19601 is hereby revoked.", [("19601", "revoked", True, ("2",))]),
    ("Section 4(b) of Executive Order 19701 and section 2 of Executive Order 19702 are revoked.",
     [("19701", "revoked", True, ("4",)), ("19702", "revoked", True, ("2",))]),
    # a clause before the `;` is not an item of the list
    ("The Secretary shall report on Executive Order 19801; Executive Order 19802 is revoked.",
     [("19802", "revoked", False, ())]),
    # an order named as an earlier amendment stays out, as before
    ("Executive Order 19901 of March 3, 2001, as amended by Executive Order 19902, is revoked.",
     [("19901", "revoked", False, ())]),
]


@pytest.mark.parametrize("sentence,expected", REVOCATIONS)
def test_each_order_a_revocation_lists_is_revoked(sentence, expected):
    assert [(r.order_number, r.relation, r.partial, r.sections) for r in find_revocations(sentence)] == expected


def test_the_orders_listed_after_a_revoking_lead_in_are_revoked_until_the_list_ends():
    text = ("Sec. 5. Revocations.\nThe following orders are hereby revoked:\n(a) Executive Order 18101 of March 3, 2001;\n"
            "(b) Executive Order 18102 of May 1, 2004; and\n(c) the Presidential Memorandum of June 2, 2003.\n"
            "Sec. 6. General Provisions. (a) Nothing in this order shall impair Executive Order 18103.\n")
    assert [(r.order_number, r.relation) for r in find_revocations(text)] == [("18101", "revoked"), ("18102", "revoked")]


def test_the_orders_after_a_revoking_lead_in_on_the_same_line_are_revoked():
    text = ("The following Presidential actions are revoked: Executive Order 18201 of March 3, 2001 (Protecting "
            "Rivers), Executive Order 18202 of May 1, 2004 (Wetland Surveys), and the Presidential Memorandum of "
            "June 2, 2003 (River Gauges).")
    assert [(r.order_number, r.relation) for r in find_revocations(text)] == [("18201", "revoked"), ("18202", "revoked")]


def test_a_line_that_opens_an_item_is_not_joined_to_the_line_before():
    text = "The following orders are hereby revoked:\n(a) Executive Order 18301\n(b) Executive Order 18302\n"
    assert [r.order_number for r in find_revocations(text)] == ["18301", "18302"]
    # an item that says something of the order is no item of the revoked list
    text = ("The following orders are hereby revoked:\n(a) Executive Order 18301\n"
            "(b) Executive Order 18303 shall remain in effect.\n")
    assert [r.order_number for r in find_revocations(text)] == ["18301"]


RATES = [
    ("reduce energy use by 2.5 percent annually through 2025", "2.5 percent", "year"),
    ("pay a wage of at least $15.00 per hour beginning May 1", "$15.00", "hour"),
    ("pay a cash wage of $4.90 an hour", "$4.90", "hour"),
    ("cut water use by 20 percent each year", "20 percent", "year"),
    ("cut water use by 26 percent by the end of fiscal year 2025", "26 percent", ""),
    ("spend $40 million on levees", "$40 million", ""),
]


@pytest.mark.parametrize("sentence,figure,rate", RATES)
def test_the_period_a_figure_is_counted_over(sentence, figure, rate):
    assert rate_of(Quantity(1.0, "x", figure), sentence) == rate


def cm(sentence: str, target: str, q: tuple[float, str, str] | None, start: int = 0) -> Commitment:
    return Commitment(actor="head of each agency", actor_text="head of each agency", action="reduce", target=target,
                      sentence=sentence, sentence_start=start, sentence_end=start + len(sentence), passage_index=1,
                      quantity=Quantity(*q) if q else None)


def test_a_rate_is_compared_with_a_rate_and_not_with_a_total():
    annual3 = cm("reduce building energy intensity by 3 percent annually", "building energy intensity",
                 (3, "percent", "3 percent"))
    annual25 = cm("reduce building energy intensity by 2.5 percent annually", "building energy intensity",
                  (2.5, "percent", "2.5 percent"))
    total30 = cm("reduce building energy intensity by 30 percent by 2025", "building energy intensity",
                 (30, "percent", "30 percent"))
    assert [r for r, _c, _d in classify(annual3, annual25, 0.9)] == ["lowered"]
    assert classify(annual3, total30, 0.9) == []        # not raised from 3 to 30: a yearly rate and a total
    hourly = cm("pay a wage of $10.10 per hour", "a wage", (10.10, "USD", "$10.10"))
    hourly15 = cm("pay a wage of $15.00 per hour", "a wage", (15.0, "USD", "$15.00"))
    assert [(r, d) for r, _c, d in classify(hourly, hourly15, 0.9)] == [("raised", "$10.10 → $15.00")]


OLD_TEXT = ("Executive Order 17001 of May 1, 2010\nSec. 1. Buildings. The head of each agency shall reduce potable water "
            "consumption intensity in agency buildings by 2 percent annually.\nSec. 2. Fleets. The head of each agency "
            "shall reduce petroleum consumption of agency fleet vehicles by 2 percent annually.\n")


def _old_items() -> list[Item]:
    water = OLD_TEXT.index("The head of each agency shall reduce potable")
    fleet = OLD_TEXT.index("The head of each agency shall reduce petroleum")
    return [Item(1, 1, ("agencies",), cm(OLD_TEXT[water:OLD_TEXT.index(".", water) + 1],
                                         "potable water consumption intensity in agency buildings",
                                         (2, "percent", "2 percent"), water)),
            Item(2, 1, ("agencies",), cm(OLD_TEXT[fleet:OLD_TEXT.index(".", fleet) + 1],
                                         "petroleum consumption of agency fleet vehicles",
                                         (2, "percent", "2 percent"), fleet))]


def _new_items(new_text: str) -> list[Item]:
    out = []
    for i, (phrase, target) in enumerate((("potable water", "potable water consumption intensity in agency buildings"),
                                          ("petroleum", "petroleum consumption of agency fleet vehicles"))):
        at = new_text.index("The head of each agency shall reduce " + phrase)
        sentence = new_text[at:new_text.index(".", at) + 1]
        out.append(Item(11 + i, 2, ("agencies",), cm(sentence, target, (3, "percent", "3 percent"), at)))
    return out


def _relations(revoking_sentence: str) -> set[tuple[str, int]]:
    new_text = (f"Executive Order 17002 of May 1, 2015\nSec. 1. Policy. {revoking_sentence}\nSec. 2. Goals. The head of "
                "each agency shall reduce potable water consumption intensity in agency buildings by 3 percent annually.\n"
                "The head of each agency shall reduce petroleum consumption of agency fleet vehicles by 3 percent annually.\n")
    docs = {1: Doc(1, ("2010-05-01", 1), OLD_TEXT, "Executive Order 17001"),
            2: Doc(2, ("2015-05-01", 2), new_text, "Executive Order 17002")}
    return {(k.relation, k.older_id) for k in find_links(_old_items() + _new_items(new_text), docs, versions={})}


def test_a_revoking_order_in_a_list_raises_the_figures_of_the_order_it_revokes():
    assert _relations("Executive Order 17001 of May 1, 2010; the Presidential Memorandum of June 2, 2011 "
                      "(Fleet Fuel); and Executive Order 16999 are revoked.") == {("raised", 1), ("raised", 2)}


def test_a_partial_revocation_changes_only_the_promises_of_the_sections_it_names():
    assert _relations("Section 2 of Executive Order 17001 is revoked.") == {("raised", 2)}


def test_an_order_that_only_names_the_earlier_one_raises_nothing():
    assert _relations("This order builds on Executive Order 17001.") == set()


def test_the_section_a_position_lies_in_and_the_scope_of_an_amendment():
    assert section_of(OLD_TEXT, OLD_TEXT.index("potable")) == "1"
    assert section_of(OLD_TEXT, OLD_TEXT.index("petroleum")) == "2"
    assert section_of(OLD_TEXT, 5) is None
    old = Doc(1, ("2010-05-01", 1), OLD_TEXT, "Executive Order 17001")
    partial = Doc(2, ("2015-05-01", 2), "Sections 1 and 2 of Executive Order 17001 are revoked.", "Executive Order 17002")
    whole = Doc(3, ("2016-05-01", 3), "Executive Order 17001 is revoked.", "Executive Order 17003")
    assert amendment_scope({1: old, 2: partial, 3: whole}) == {(2, 1): frozenset({"1", "2"}), (3, 1): None}
