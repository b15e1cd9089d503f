"""Round 45's reading of a series of gerund phrases set apart by semicolons (rules-47).

Declarations, policy statements and plans list what their author will do as a series of gerund
phrases after one opening ("our commitment to supporting X; strengthening Y; and fostering Z",
"by expanding X; protecting Y; and preventing Z").  The small parser hangs the gerunds after the
first semicolon on the main verb, or on nothing the rules follow, so only the first phrase became
a record.  ANNOTATION.md section 1 gives each undertaking its own line: each gerund after a
semicolon is a record of the opening's actor, with the words up to the next semicolon as its
target (kb/extract/clauses.py `_semicolon_gerund_series`).  A gerund joined to the next by "and"
shares its object; a semicolon followed by anything but a gerund adds nothing, nor does a gerund that
is a clause's subject ("; funding for the quay remains under review").  A means series after "by"
was read before (rules-12) and still is, once.

Every sentence and document here is invented; the tests go through the real spaCy pipeline.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text, rules_only


def _records(text: str):
    from kb.extract import Extractor

    return Extractor(scorer=rules_only).extract(document_from_text(text)).commitments


def _pairs(records) -> list[tuple[str, str]]:
    return [(c.action, c.target) for c in records]


SERIES = [
    # a commitment noun opens the series
    ("Joint Declaration of the Coastal Partners\n\nWe reaffirm our shared commitment to supporting coastal "
     "towns; strengthening and expanding flood defences; fostering opportunities for green jobs; and "
     "improving access to clean water.",
     [("support", "coastal towns"), ("strengthen", "flood defences"), ("foster", "opportunities for green jobs"),
      ("improve", "access to clean water")]),
    # an adjective of commitment opens it
    ("Upland Rivers Plan\n\nThe Council remains committed to protecting local rivers; restoring peat bogs; "
     "and planting native woodland.",
     [("protect", "local rivers"), ("restore", "peat bogs"), ("plant", "native woodland")]),
]


@pytest.mark.integration
@pytest.mark.parametrize("text,expected", SERIES, ids=["commitment-to", "committed-to"])
def test_extract_each_gerund_after_a_semicolon_is_a_record(text, expected):
    pairs = _pairs(_records(text))
    for action, target in expected:
        assert (action, target) in pairs, pairs


@pytest.mark.integration
def test_extract_the_series_keeps_the_opening_actor():
    records = _records(SERIES[1][0])
    actors = {c.action: c.actor for c in records}
    assert actors["restore"] == actors["protect"]
    assert actors["plant"] == actors["protect"]
    assert "Council" in actors["plant"]


@pytest.mark.integration
def test_extract_a_means_series_after_by_reads_as_before():
    # guard: "by V-ing X; V-ing Y; and V-ing Z" was read before this rule (rules-12); it still is, once each
    text = ("River Basin Plan\n\nThe Agency will reduce flood damage by restoring wetlands; widening river "
            "channels; and raising the embankments of the lower valley.")
    pairs = _pairs(_records(text))
    for pair in [("restore", "wetlands"), ("widen", "river channels"),
                 ("raise", "the embankments of the lower valley")]:
        assert pairs.count(pair) == 1, pairs


@pytest.mark.integration
def test_extract_a_semicolon_before_a_clause_adds_no_gerund_record():
    # guard: after the semicolon a clause with its own subject, and a noun phrase; neither is a gerund
    text = ("Harbour Plan\n\nThe Port Authority will continue dredging the outer channel; the costs of the work "
            "will be shared with the shipping lines; funding for the new quay remains under review.")
    actions = [c.action for c in _records(text)]
    assert "fund" not in actions
    assert "remain" not in actions
