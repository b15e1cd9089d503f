"""Deadline fields (issue 10, error class 4): phrases -> the date a commitment is due.

ANNOTATION.md section 5: the year (or year and month) it is due, normalised against
the document's date; a level to reach in a year is due that year ("in 2030", "at
2030", "for the year 2030", "at the 2030 time horizon"); the US federal fiscal year
ends on 30 September; a season is due by its last month ("this summer"); "business days" skip weekends; a lead-in's deadline passes
to the items of its own list.  Every sentence here is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract.deadlines import normalise_deadline
from tests.textdoc import document_from_text

SIGNED = dt.date(2024, 3, 1)     # a Friday


@pytest.mark.parametrize("phrase, date", [
    ("by the end of FY2026", "2026-09-30"),              # US fiscal year
    ("through the end of fiscal year 2025", "2025-09-30"),
    ("by FY 2027", "2027-09-30"),
    ("within 10 business days of the date of this order", "2024-03-15"),   # two weekends skipped
    ("within 10 days of the date of this order", "2024-03-11"),
    ("by end-2026", "2026-12-31"),
    ("by end 2027", "2027-12-31"),
    ("at 2031", "2031-12-31"),
    ("for the year 2032", "2032-12-31"),
    ("at the 2035 time horizon", "2035-12-31"),
    ("in the coming year", "2025-03-01"),                # twelve months, not a calendar year
    ("from 2026 through 2029", "2029-12-31"),            # a range takes its end
    ("by mid-century", "2050-12-31"),
    ("this summer", "2024-08-31"),                       # a season: its last month
    ("by autumn 2026", "2026-11-30"),
    ("next spring", "2025-05-31"),
])
def test_fields_deadline_phrase_table(phrase, date):
    got = normalise_deadline(phrase, SIGNED)
    assert got is not None and got.date == date, got


@pytest.mark.parametrize("phrase", [
    "at 2019 levels",          # a baseline, not a deadline
    "from 2005 levels",
    "in 2020",                 # a past year in a description
    "in summer 2019",          # ... and a past season
    "summer school places",    # a season as a word
])
def test_fields_deadline_not_a_deadline_table(phrase):
    got = normalise_deadline(phrase, SIGNED)
    assert got is None or got.date is None, got


# text -> (action, deadline date) pairs that must be among the records
CASES = {
    "a level to reach in a year": (
        "The republic will limit transport emissions to 30 megatonnes in 2031.",
        [("limit", "2031-12-31")]),
    "a level to reach at a year": (
        "The ministry will raise the share of rail freight to 40 percent at 2033.",
        [("raise", "2033-12-31")]),
    "a lead-in's deadline passes to its items": (
        "Within 1 year of the date of this order, the Administrator shall:\n"
        "(i) publish a fleet electrification plan;\n"
        "(ii) retire the oldest diesel buses.",
        [("publish", "2025-03-01"), ("retire", "2025-03-01")]),
    "a fiscal-year deadline in a sentence": (
        "The agency shall retire its paper claims system by the end of FY2026.",
        [("retire", "2026-09-30")]),
}


@pytest.mark.integration
@pytest.mark.parametrize("name", list(CASES))
def test_fields_deadline_in_context_table(extractor, name):
    text, expected = CASES[name]
    records = extractor.extract(document_from_text(text, title="Plan", published=SIGNED.isoformat())).commitments
    got = [(c.action, c.deadline.date if c.deadline else None) for c in records]
    for pair in expected:
        assert pair in got, got


@pytest.mark.integration
def test_fields_deadline_year_that_names_a_thing_is_no_deadline(extractor):
    text = "The council will revise the 2028 housing strategy for the old town."
    records = extractor.extract(document_from_text(text, title="Plan", published=SIGNED.isoformat())).commitments
    assert [(c.action, c.deadline) for c in records] == [("revise", None)]
