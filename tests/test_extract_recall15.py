"""Detection recall, round 15 (issues 10 and 15): a headline target stated as a share of a thing to
reach by a date, with no verb of undertaking (`clauses._share_by_date`).

"At least 20% of X are Y by the end of FY 2023", "* 50% of the energy needs met by renewables by
2030", "17% of the electricity generated in 2030 will be from renewable sources": the share is the
undertaking (ANNOTATION.md section 1, headline pledges), its date the deadline.  A past share, a
share with no date and a share that opens no line are no targets.

Every sentence is invented for this test; none is copied or edited from the shared dev set or from
the labelled test split.  The rows go through the extractor with the rules alone (`rules_only`: no
learned filter), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

pytestmark = pytest.mark.integration

_TITLE = "Harbour Region Transition Plan"


def _records(extractor, text: str) -> list[tuple[str, str, str | None]]:
    """(action, target, deadline year-month) of every commitment read from `text`."""
    parsed = document_from_text(_TITLE + "\n\n" + text, published="2024-05-01")
    out = []
    for c in extractor.extract(parsed).commitments:
        date = c.deadline.date[:7] if c.deadline is not None and c.deadline.date else None
        out.append((c.action, c.target, date))
    return out


SHARES = {
    "copula, 'at least', a fiscal year": (
        "(a) At least 40% of the harbour cranes in the region are fully electric by the end of FY 2027.",
        ("make", "At least 40% of the harbour cranes in the region are fully electric", "2027-09")),
    "after an item's letter 'a.'": (
        "a. At least 30% of the ferry berths in the port are served by shore power by the end of 2028;",
        ("serve", "At least 30% of the ferry berths in the port are served by shore power", "2028-12")),
    "bare participle on a bulleted line": (
        "Headline actions: * A £5 million Harbour Fund * 60% of the region's heat demand met by heat pumps "
        "by 2035 * A new ferry timetable",
        ("meet", "60% of the region's heat demand met by heat pumps", "2035-12")),
    "'will be', the participle naming the thing": (
        "Clean power – 35% of the electricity produced in 2032 will be from offshore wind",
        ("produce", "35% of the electricity produced", "2032-12")),
}


@pytest.mark.parametrize("text,expected", SHARES.values(), ids=SHARES.keys())
def test_a_share_to_reach_by_a_date_is_a_target(extractor, text, expected):
    action, target, date = expected
    found = _records(extractor, text)
    assert any(a == action and t.startswith(target) and d == date for a, t, d in found), found


NOT_SHARES = {
    "a past share": "By 2020, 30% of the harbour fleet was electric.",
    "a share with no date": "Today 40% of the households in the region are connected to the heat network.",
    "a share reached in the past, participle": "In 2019, 20% of the waste collected was recycled by the council.",
}


@pytest.mark.parametrize("text", NOT_SHARES.values(), ids=NOT_SHARES.keys())
def test_a_share_that_states_a_fact_is_no_target(extractor, text):
    assert _records(extractor, text) == []

