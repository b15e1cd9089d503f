"""Detection, rules-12: a second commitment in a sentence that already holds one (issue 10).

- gerunds that a marker makes further actions of the commitment's actor, deeper in its clause
  ("by limiting X and scaling up Y", "while increasing Z", "including reaching out to W", "as well
  as restoring V"), and a series of them that goes on after semicolons: `clauses.marked_gerunds`;
- a series of gerunds parallel to a gerund action, hung by the parser on its first object
  ("optimising X, accelerating Y, improving Z, and discussing W"): `clauses._parallel_gerund`;
- the items of an enumeration inside a sentence ("will continue (i) extending X; (ii) developing
  Y; and (iii) improving Z", "by: a) continuing X and b) determining Y"):
  `clauses._ActionCollector.add_inline_items`, and the commitment before them ends at the first
  marker (`clauses._end_before_items`).

One table per construction, with rows that must not match.  Every sentence is invented for this
test; none is copied or edited from the shared dev set or from the labelled test split.  The rows
go through the extractor with the rules alone (`rules_only`: no learned filter), with the real
spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

pytestmark = pytest.mark.integration

_TITLE = "Lakeshore Regional Energy Plan"


def _records(extractor, sentence: str) -> list[tuple[str, str]]:
    """(action, target) of the commitments read from `sentence`, alone in its paragraph."""
    return action_targets(extractor, sentence, title=_TITLE, sentence=sentence)


# --- gerunds after "by", "while", "including", "as well as" ---------------------------------------

MARKED_GERUNDS = {
    "means under an object, two coordinated": (
        "The Authority will strengthen cooperation on securing water supplies by repairing leaking mains "
        "and expanding storage reservoirs.",
        [("strengthen", "cooperation on securing water supplies"),
         ("repair", "leaking mains"), ("expand", "storage reservoirs")]),
    "while, beside a gerund action": (
        "(c) cutting heating bills for tenants while improving insulation standards in council housing;",
        [("cut", "heating bills for tenants"), ("improve", "insulation standards in council housing")]),
    "including, after a purpose": (
        "The partners will coordinate their outreach to raise public awareness, including contacting "
        "local schools in the region.",
        [("coordinate", "their outreach"), ("contact", "local schools in the region")]),
    "as well as": (
        "We will scale up efforts to protect wetlands, as well as restoring degraded riverbanks.",
        [("protect", "wetlands"), ("restore", "degraded riverbanks")]),
    "a series of means with or": (
        "The Department shall close those gaps by hiring additional inspectors, improving training "
        "programmes, or expanding laboratory capacity.",
        [("close", "those gaps"), ("hire", "additional inspectors"), ("improve", "training programmes"),
         ("expand", "laboratory capacity")]),
    "a series that goes on after semicolons": (
        "It is the policy of the County to support local farms while investing in soil health; "
        "reducing fertiliser runoff; and promoting water reuse on farms.",
        [("support", "local farms"), ("invest", "in soil health"), ("reduce", "fertiliser runoff"),
         ("promote", "water reuse on farms")]),
}


@pytest.mark.parametrize("sentence,expected", MARKED_GERUNDS.values(), ids=MARKED_GERUNDS.keys())
def test_marked_gerunds_are_actions(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


NOT_MARKED_GERUNDS = {
    "including after a noun of duties: what the office holds": (
        "The secretariat shall oversee all activities of the Board, including setting agendas, "
        "circulating papers, and keeping minutes.",
        ["set", "circulate", "keep"]),
    "a gerund in a relative clause": (
        "The city will fund programmes that cut waste by composting food scraps.",
        ["compost"]),
    "a gerund after a comma with no and/or: a description": (
        "We will support towns in their transition, including ensuring fair access to grants, using "
        "the regional fund.",
        ["use"]),
}


@pytest.mark.parametrize("sentence,absent", NOT_MARKED_GERUNDS.values(), ids=NOT_MARKED_GERUNDS.keys())
def test_gerunds_that_are_no_actions(extractor, sentence, absent):
    actions = [a for a, _ in _records(extractor, sentence)]
    assert actions and not set(absent) & set(actions)


# --- a series of gerunds parallel to a gerund action ----------------------------------------------

PARALLEL_GERUNDS = {
    "priorities include a series": (
        "Key priorities include modernising the bus fleet, extending cycle lanes, and upgrading "
        "railway stations.",
        [("modernise", "the bus fleet"), ("extend", "cycle lanes"), ("upgrade", "railway stations")]),
}


@pytest.mark.parametrize("sentence,expected", PARALLEL_GERUNDS.values(), ids=PARALLEL_GERUNDS.keys())
def test_parallel_gerunds_are_actions(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


# --- the items of an enumeration inside a sentence ------------------------------------------------

INLINE_ITEMS = {
    "roman numbers and semicolons, the lead's object is only the marker": (
        "The Fund will continue (i) extending credit lines for small firms; (ii) developing "
        "rural roads; and (iii) improving water services.",
        [("develop", "rural roads"), ("improve", "water services"),
         ("extend", "credit lines for small firms")]),
    "letters, the lead's object ends at the first marker": (
        "Norway will meet its share of the target by: a) continuing support for the carbon market "
        "and b) setting a target for emissions outside it.",
        ["meet", "set"]),
}


def test_inline_items_roman(extractor):
    sentence, expected = INLINE_ITEMS["roman numbers and semicolons, the lead's object is only the marker"]
    records = _records(extractor, sentence)
    assert sorted(records) == sorted(expected)


def test_inline_items_letters_cut_the_lead(extractor):
    sentence, expected = INLINE_ITEMS["letters, the lead's object ends at the first marker"]
    records = dict(_records(extractor, sentence))
    assert sorted(records) == sorted(expected)
    assert records["meet"] == "its share of the target"
    assert records["set"].startswith("a target for emissions")


def test_a_single_marker_is_no_enumeration(extractor):
    sentence = "The Board will publish (a) summary of the results by June."
    assert [a for a, _ in _records(extractor, sentence)] == ["publish"]
