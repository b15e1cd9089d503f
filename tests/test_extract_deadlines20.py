"""A time that closes the object of an undertaking is its deadline (ANNOTATION.md 5), also
when it is vaguer than a bare year: "in early 2024", "in March 2026", "in 2019/20" (an
academic or financial year, due at its end).  Three undertakings of two documents labelled
in round 20 had it left in the target ("deploy a cutter to the Pacific in early 2024").
A year inside a clause that describes the object ("the needs of A, which became members in
May 2014") is no deadline of the undertaking.  All sentences are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract.deadlines import find_deadlines
from tests.textdoc import document_from_text


@pytest.mark.parametrize("text, found", [
    ("in 2019/20", [("in 2019/20", "2020-12-31", True)]),
    ("in 2019-20", [("in 2019-20", "2020-12-31", True)]),
    ("in financial year 2019/20", [("financial year 2019/20", "2020-03-31", False)]),   # named: strong
    ("in 2012/13", []),                                      # past: a description
    ("in 2019/23", []),                                      # not one year's span
])
def test_an_academic_or_financial_year_is_due_at_its_end(text, found):
    assert [(d.text, d.date, d.weak) for d in find_deadlines(text, dt.date(2018, 6, 1))] == found


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target, deadline", [
    ("The Port Board will deploy a survey vessel to the northern coast in early 2027.",
     "a survey vessel to the northern coast", "2027-12-31"),
    ("We will open a second ferry terminal in March 2028.", "a second ferry terminal", "2028-03-31"),
    ("We will run weekend ferry services in 2027/28.", "weekend ferry services", "2028-12-31"),
    # the year describes the object
    ("The Board will consider the needs of Eastwick and Norby, which joined the compact in May 2026.",
     "the needs of Eastwick and Norby", None),
])
def test_a_time_that_closes_the_object_is_the_deadline(extractor, sentence, target, deadline):
    doc = document_from_text(sentence + "\n\nIt is a plan.", title="Harbour plan", published="2026-01-15")
    records = extractor.extract(doc).commitments
    assert [(c.target, c.deadline.date if c.deadline else None) for c in records] == [(target, deadline)]
