"""Detection recall, round 14 (issue 10): three constructions the rules missed, read from the train split.

- a noun of resolve owned by the speakers, with the verb it pledges: "We reaffirm our resolve to
  uphold X", "our determination to deliver Y", "we underscore our dedication towards working with
  Z" -> uphold / deliver / work (`clauses.RESOLVE_NOUNS`, `clauses._owned_goal`);
- a line that is a series of nouns of action, each one undertaking: "(b) Introduction of X; (c)
  implementation of Y", "Procurement and installation of X and improvement in Y" -> introduce,
  implement / procure, install, improve (`lists.nominal_series`);
- a list item that opens with two verbs joined by "and" before one object: "(a) Assess and update
  X" -> assess X, update X (`lists._second_item_verb`).

Every sentence is invented for this test; none is copied or edited from the shared dev set or from
the labelled test split.  The rows go through the extractor with the rules alone (`rules_only`: no
learned filter), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

pytestmark = pytest.mark.integration

_TITLE = "Harbour Region Partnership Statement"


def _records(extractor, text: str) -> list[tuple[str, str]]:
    """(action, target) of every commitment read from `text` (passages separated by blank lines)."""
    return action_targets(extractor, text, title=_TITLE)


# --- a noun of resolve owned by the speakers -----------------------------------------------------------

RESOLVE = {
    "reaffirm our resolve to": (
        "We reaffirm our resolve to modernise the regional ports.",
        ("modernise", "the regional ports")),
    "reaffirm our determination to": (
        "We reaffirm our determination to deliver a fair and open market for fisheries.",
        ("deliver", "a fair and open market for fisheries")),
    "our strong will to": (
        "We reaffirm our strong will to support small island states in building their coastal defences.",
        ("support", "small island states")),
    "dedication towards working (hung on the verb)": (
        "In this regard, we underscore our dedication towards working with the harbour authorities.",
        ("work", "with the harbour authorities")),
    "responsibility and determination to (hung on the verb)": (
        "We affirm our shared responsibility and determination to coordinate on protecting the coral reefs.",
        ("coordinate", "on protecting the coral reefs")),
}


@pytest.mark.parametrize("text,expected", RESOLVE.values(), ids=RESOLVE.keys())
def test_a_resolve_of_ours_pledges_its_verb(extractor, text, expected):
    action, target = expected
    found = _records(extractor, text)
    assert any(a == action and t.startswith(target) for a, t in found), found


NOT_OUR_RESOLVE = {
    "someone else's willingness": (
        "We welcome their willingness to cooperate on port safety.", "cooperate"),
    "a resolve without an owner": (
        "The team showed great determination to win the regatta.", "win"),
}


@pytest.mark.parametrize("text,verb", NOT_OUR_RESOLVE.values(), ids=NOT_OUR_RESOLVE.keys())
def test_a_resolve_not_owned_by_the_speakers_pledges_nothing(extractor, text, verb):
    assert all(a != verb for a, _ in _records(extractor, text))


# --- a series of nouns of action on one line ------------------------------------------------------------

SERIES = {
    "items with markers inside one list item": (
        "The ministry will carry out the following measures:\n"
        "(a) Introduction of drip irrigation in the eastern valleys; (b) construction of two storage "
        "reservoirs; (c) establishment of a regional seed bank for farmers; etc.",
        [("introduce", "drip irrigation in the eastern valleys"), ("construct", "two storage reservoirs"),
         ("establish", "a regional seed bank for farmers")]),
    "two nouns sharing one object, then a third": (
        "Procurement and installation of solar water heaters and improvement in the municipal building code.",
        [("procure", "solar water heaters"), ("install", "solar water heaters"),
         ("improve", "the municipal building code")]),
    "a series after commas, a means cut off": (
        "Development and implementation of coastal management plans through community workshops, "
        "strengthening of local fire services and acquisition of two rescue boats.",
        [("develop", "coastal management plans"), ("implement", "coastal management plans"),
         ("strengthen", "local fire services"), ("acquire", "two rescue boats")]),
}


@pytest.mark.parametrize("text,expected", SERIES.values(), ids=SERIES.keys())
def test_each_noun_of_action_in_a_series_is_a_commitment(extractor, text, expected):
    found = _records(extractor, text)
    for pair in expected:
        assert pair in found, (pair, found)


NOT_A_SERIES = {
    "a heading in Title Case": ("Development and Implementation of Harbour Plans", ("develop", "Harbour Plans")),
    "a clause that reports": (
        "Expansion of the ferry fleet was slow and the construction of the pier stalled.",
        ("construct", "the pier")),
}


@pytest.mark.parametrize("text,pair", NOT_A_SERIES.values(), ids=NOT_A_SERIES.keys())
def test_no_series_outside_an_action_line(extractor, text, pair):
    assert pair not in _records(extractor, text)


# --- a list item that opens with two verbs joined by "and" -------------------------------------------

ITEM_TWO_VERBS = {
    "assess and update": (
        "The Harbour Board shall:\n"
        "(a) Assess and update the mooring standards for small vessels;\n"
        "(b) publish its annual accounts.",
        [("assess", "the mooring standards for small vessels"), ("update", "the mooring standards for small vessels")]),
    "monitor and review": (
        "Each port authority shall:\n"
        "(a) Monitor and review the water quality reports of each marina;\n"
        "(b) report its findings to the Harbour Board.",
        [("monitor", "the water quality reports of each marina"), ("review", "the water quality reports of each marina")]),
}


@pytest.mark.parametrize("text,expected", ITEM_TWO_VERBS.values(), ids=ITEM_TWO_VERBS.keys())
def test_each_verb_of_an_item_is_a_commitment(extractor, text, expected):
    found = _records(extractor, text)
    for action, target in expected:
        assert any(a == action and t.startswith(target) for a, t in found), ((action, target), found)


ITEM_ONE_UNDERTAKING = {
    "or: one undertaking worded twice": (
        "Each ferry operator shall:\n"
        "(a) Correct or amend the published timetables;\n"
        "(b) notify the Harbour Board.", "amend"),
    "a hedge before the second verb": (
        "The Harbour Board shall:\n"
        "(a) Issue and, as needed, update guidance on mooring fees;\n"
        "(b) publish its annual accounts.", "update"),
}


@pytest.mark.parametrize("text,verb", ITEM_ONE_UNDERTAKING.values(), ids=ITEM_ONE_UNDERTAKING.keys())
def test_an_item_with_or_or_a_hedge_keeps_one_verb(extractor, text, verb):
    assert all(a != verb for a, _ in _records(extractor, text))
