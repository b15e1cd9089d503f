"""Dates as most of the world writes them, and times that sit inside the object.

* A day before its month ("by 31 December 2025", "from 1 April 2016", "by the 31st of March
  2017") is a date as much as "by June 30, 2025" is; before round 21 it was no deadline at all.
* A day or month with no year after a strong preposition ("before the end of March", "by 30
  June") is due at its next coming after the document's date (ANNOTATION.md 5: normalised
  against the document's date); a yearly date ("by February 1 of each year") is no deadline.
* "in 2020" right after the object ("bring forward proposals in 2020 for ...") is when the
  object is made: the deadline, with the rest of the noun phrase kept in the target.
* "from" a date that closes the object ("introduce a new relief from 1 April 2016") is when
  it starts, so when it is due (train gold in three UK documents).
* Half years ("in the first half of 2026", "by H2 2025"), fiscal years in two digits ("by
  FY25", "by end-FY24"), "by year-end 2020", "no later than end of 2025" and "by the end of the
  year" (the document's year) are deadlines, as quarters and "by the end of this year" were.
* A time before the object ("establish by 1 January 2027 a working group") leaves the object
  as the target, not an empty one.

All sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract.deadlines import find_deadlines
from tests.textdoc import document_from_text


@pytest.mark.parametrize("text, found", [
    ("by 31 December 2025", [("by 31 December 2025", "2025-12-31", False)]),
    ("no later than 30 June 2026", [("no later than 30 June 2026", "2026-06-30", False)]),
    ("before 1 January 2027", [("before 1 January 2027", "2027-01-01", False)]),
    ("by the 31st of March 2027", [("by the 31st of March 2027", "2027-03-31", False)]),
    ("by June 30, 2025", [("by June 30, 2025", "2025-06-30", False)]),     # the United States' order, as before
    ("by 31 February 2026", [("by 31 February 2026", "2026-02-28", False)]),  # no such day: the month's end
])
def test_a_day_before_its_month_is_a_date(text, found):
    assert [(d.text, d.date, d.weak) for d in find_deadlines(text, dt.date(2025, 3, 8))] == found


@pytest.mark.parametrize("text, found", [
    ("will be published before the end of March.", [("before the end of March", "2025-03-31")]),
    ("by 30 June", [("by 30 June", "2025-06-30")]),
    ("By September, the Agency will draw up a plan", [("By September", "2025-09-30")]),
    ("by 1 February", [("by 1 February", "2026-02-01")]),           # already past this year: next year's
    ("not later than February 1 of each year", []),                  # every year: no one date
    ("at the end of March each year", []),
])
def test_a_month_without_a_year_is_its_next_coming(text, found):
    assert [(d.text, d.date) for d in find_deadlines(text, dt.date(2025, 3, 8))] == found


@pytest.mark.parametrize("text, found", [
    ("will be delivered in the first half of 2026", [("in the first half of 2026", "2026-06-30", True)]),
    ("by H2 2025", [("by H2 2025", "2025-12-31", False)]),
    ("by the second half of 2025", [("by the second half of 2025", "2025-12-31", False)]),
    ("in the first half of 2019", []),                                 # past: a description
    ("by FY25", [("by FY25", "2025-09-30", False)]),
    ("by end-FY26", [("by end-FY26", "2026-09-30", False)]),
    ("in FY19", []),
    ("by year-end 2026", [("by year-end 2026", "2026-12-31", False)]),
    ("no later than end of 2026", [("no later than end of 2026", "2026-12-31", False)]),
    ("by the end of the year", [("by the end of the year", "2025-12-31", False)]),
    ("by the end of the year 2027", [("by the end of the year 2027", "2027-12-31", False)]),
])
def test_half_years_short_fiscal_years_and_the_end_of_the_year(text, found):
    assert [(d.text, d.date, d.weak) for d in find_deadlines(text, dt.date(2025, 3, 8))] == found


def test_a_month_without_a_year_has_no_date_when_the_document_has_none():
    assert [(d.text, d.date) for d in find_deadlines("by 30 June")] == [("by 30 June", None)]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target, deadline", [
    # a time right after the object
    ("We will bring forward proposals in 2027 for a single ferry ticket across the islands.",
     "proposals for a single ferry ticket across the islands", "2027-12-31"),
    ("The Port Board will publish a harbour plan in 2027 that sets out new berths.",
     "a harbour plan that sets out new berths", "2027-12-31"),
    ("The Port Board will hold a regional conference in 2027 on coastal freight.",
     "a regional conference on coastal freight", "2027-12-31"),
    # a time that describes the object, or that the object is for, is no deadline
    ("The Port Board will update the fares set in 2024.", "the fares set in 2024", None),
    # "from" a date that closes the object
    ("The Port Board will introduce a new berth levy for cruise ships from 1 April 2027.",
     "a new berth levy for cruise ships", "2027-04-30"),
    ("We are introducing a new ferry pass from 2027, which we will work with the islands to deliver.",
     "a new ferry pass", "2027-12-31"),
    ("The Port Board will cut harbour emissions by 40% from 2005.", "harbour emissions by 40% from 2005", None),
    # the time before the object
    ("The Port Board will establish by 1 January 2027 a working group on dredging.",
     "a working group on dredging", "2027-01-01"),
    ("The Port Board will meet not later than 60 days from the date of this plan and periodically thereafter.",
     "", "2026-03-16"),
])
def test_the_time_of_an_undertaking_inside_or_before_its_object(extractor, sentence, target, deadline):
    doc = document_from_text(sentence + "\n\nIt is a plan.", title="Harbour plan", published="2026-01-15")
    records = extractor.extract(doc).commitments
    assert [(c.target, c.deadline.date if c.deadline else None) for c in records][:1] == [(target, deadline)]
