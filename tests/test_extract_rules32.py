"""Round 30 (rules-32; issue 10): deadlines that a list's lead-in, a table's column or the
document's own date give, as ANNOTATION.md section 5 has them ("a deadline stated for one
commitment does not spread to its neighbours, except to the items of its own list").

* A report, a strategy or an action plan dates its steps from itself, as an order does: "within
  90 days of the date of issuance of this final report" counts from the document's date (train: a
  federal IT modernisation report lists its steps under such lead-ins).
* A lead-in that is only a time and its colon ("By 2029:", "Within 6 months of the date of this
  plan:") says when every item under it is due, an item with a subject of its own too, and each
  sentence of the item (train: an executive order's "Within one year of the date of this order:"
  over seven agencies' reports).
* A lead-in whose subject names actions and whose verb ends it ("Key activities for this year
  are:", "Priority measures to be completed by 2027 include:") gives its time to its items, also to an item
  whose label the parser took for its subject ("Berth data: Continue to publish X").
* A table column whose header states a period ("Targets for 2027–28") dates the cells under it.
* A bullet glyph opens an item whatever its first letter ("• publish X • review Y", as a table cell's
  list reads once ingestion keeps its bullets).

Not: a lead-in with a clause of its own that only mentions a year ("The Board adopted these rules
in 2019:"); a period counted from some other event ("within 30 days of the completion of the
survey" has no date).

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from tests.textdoc import document_from_text


def _deadlines(extractor, text, published="2026-03-02"):
    doc = document_from_text(text, title="Harbour Board Report", published=published)
    return [(c.action, c.deadline.date if c.deadline else None) for c in extractor.extract(doc).commitments]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, due", [
    ("Within 60 days of the date of issuance of this final report, the Harbour Board will publish a dredging "
     "schedule.", "2026-05-01"),
    ("Within 30 days of the release of this strategy, the Harbour Board will publish a dredging schedule.",
     "2026-04-01"),
    ("Within 6 months of this action plan, the Harbour Board will publish a dredging schedule.", "2026-09-02"),
    ("Within 45 days of the date of this report, the Harbour Board will publish a dredging schedule.",
     "2026-04-16"),
    # counted from another event: no date can be given
    ("Within 30 days of the completion of the survey, the Harbour Board will publish a dredging schedule.", None),
])
def test_a_report_dates_its_steps_from_its_own_date(extractor, sentence, due):
    assert _deadlines(extractor, sentence) == [("publish", due)]


@pytest.mark.integration
def test_a_lead_in_that_is_only_a_time_gives_every_item_its_deadline(extractor):
    text = ("By 2029:\n\n"
            "1. The Harbour Board will dredge the east channel.\n\n"
            "2. For the ferry terminal, the Port Authority will install shore power. "
            "The Port Authority will also repave the quay.")
    assert _deadlines(extractor, text) == [("dredge", "2029-12-31"), ("install", "2029-12-31"),
                                           ("repave", "2029-12-31")]


@pytest.mark.integration
def test_a_relative_time_lead_in_counts_from_the_document(extractor):
    text = ("Within 6 months of the date of this plan:\n\n"
            "1. The Harbour Board will publish a berth register.\n\n"
            "2. The Port Authority will review pilotage fees.")
    assert _deadlines(extractor, text) == [("publish", "2026-09-02"), ("review", "2026-09-02")]


@pytest.mark.integration
def test_a_lead_in_with_a_clause_of_its_own_lends_its_year_to_no_clause_item(extractor):
    text = ("The Board adopted these rules in 2019:\n\n"
            "1. The Harbour Board will dredge the east channel.\n\n"
            "2. The Port Authority will install shore power.")
    assert _deadlines(extractor, text) == [("dredge", None), ("install", None)]


@pytest.mark.integration
@pytest.mark.parametrize("lead, due", [
    ("Key activities for this year are:", "2026-12-31"),
    ("Priority measures to be completed by 2027 include:", "2027-12-31"),
])
def test_items_under_an_announcing_lead_in_take_its_time(extractor, lead, due):
    text = (f"{lead}\n\n"
            "- Berth data: Continue to publish the berth register for all commercial berths.\n"
            "- Publish the annual dredging survey for the east channel.")
    assert _deadlines(extractor, text) == [("publish", due), ("publish", due)]


HTML_TABLE_PLAN = """---
title: Harbour Board corporate plan
date: 2026-03-12
---
# Harbour Board corporate plan

<table><thead><tr><th>Success measures</th><th>Targets for 2027–28</th><th>Methodology</th></tr></thead>
<tbody><tr><td>1. Keep the channels open.</td><td>Dredge the east channel to twelve metres.</td><td>Annual survey</td></tr>
</tbody></table>
"""


@pytest.mark.integration
def test_a_column_whose_header_states_a_period_dates_its_cells(extractor):
    doc = parse_bytes(HTML_TABLE_PLAN.encode(), "plan.md")
    got = [(c.action, c.target, c.deadline.date if c.deadline else None) for c in extractor.extract(doc).commitments]
    assert ("dredge", "the east channel to twelve metres", "2028-12-31") in got
    # the success measure's own column says no time
    assert ("keep", "the channels open", None) in got


@pytest.mark.integration
def test_a_bullet_glyph_opens_an_item_whatever_its_first_letter(extractor):
    # a table cell's list as ingestion writes it ("• x • y"): its items are often in lower case
    doc = extractor.nlp("Deliverables for the year: • publish the berth register • review pilotage fees with the "
                        "pilots' association")
    assert [s.text for s in doc.sents] == ["Deliverables for the year:", "• publish the berth register",
                                           "• review pilotage fees with the pilots' association"]
