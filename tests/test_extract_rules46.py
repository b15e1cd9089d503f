"""Round 44's reading of when a step is due (rules-46): an implementation plan's timetable.

A report, strategy or action plan often sets its steps out under headings that are nothing but a
time ("Within 30 days of the date of this plan:", "Within 90 days of ...:", "By June 2027"), each
followed by paragraphs that state the steps without a time of their own.  Each such step is due
by its heading's time (kb/extract/records.py `LeadIns._time_heading_above`), as a list's items are
by a lead-in that is only a time ("By 2030:" above "(a) ..."; ANNOTATION.md 5).  What a heading
dates ends at the next heading; a step with a time of its own keeps it; a heading with anything
beside its time ("2030 targets") or a date alone ("March 2027", a date line) dates nothing; a list
right under the heading takes its time, a numbered line after the section's paragraphs does not
(it may open the next section).  A time counted from a document whose date is unknown is left off
(the record's confidence reads an undated time it cannot find in the sentence as doubt).

Every sentence and document here is invented; the tests go through the real spaCy pipeline.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_parts, document_from_text, rules_only

# --- which headings are a timetable's, without a model ----------------------------------


@pytest.mark.parametrize("heading", [
    "Within 30 days of the date of this plan:",
    "Within 6 months of the date of issuance of this report",
    "By June 2027",
    "By the end of 2028:",
    "(b) No later than March 2029:",
])
def test_a_heading_that_is_only_a_time_is_a_timetable(heading):
    from kb.extract.records import _time_heading

    assert _time_heading(heading) is not None


@pytest.mark.parametrize("heading", [
    "2030 targets",
    "Short-term actions (2026-2028)",
    "March 2027",                        # a date line, no timetable
    "Progress by June 2027 and next steps",
    "Background",
])
def test_a_heading_with_more_than_a_time_is_no_timetable(heading):
    from kb.extract.records import _time_heading

    assert _time_heading(heading) is None


# --- through the real pipeline ---------------------------------------------------------

PLAN = [
    ("heading", "Harbour Safety Implementation Plan"),
    ("heading", "Within 30 days of the date of this plan:"),
    ("paragraph", "The Port Authority will publish a register of unsafe moorings."),
    ("paragraph", "The Coast Guard will inspect every fuel depot in the harbour by December 2027."),
    ("heading", "Within 90 days of the date of this plan:"),
    ("list_item", "1. The Harbour Board will appoint a safety officer for each quay."),
    ("list_item", "2. The Harbour Board will train its pilots in night docking."),
    ("paragraph", "The Port Authority will replace the lighting on the northern breakwater."),
    ("list_item", "3. Modernize the passenger terminals of the harbour."),
    ("heading", "2030 targets"),
    ("paragraph", "The Port Authority will electrify all harbour cranes."),
    ("heading", "Background"),
    ("paragraph", "The Harbour Board will review its dredging contracts."),
]


def _records(doc):
    from kb.extract import Extractor

    return Extractor(scorer=rules_only).extract(doc).commitments


def _deadline(records, action):
    found = [c for c in records if c.action == action]
    assert len(found) == 1, [(c.actor, c.action, c.target, c.deadline) for c in records]
    d = found[0].deadline
    return (d.text, d.date) if d is not None else None


@pytest.mark.integration
def test_extract_the_steps_under_a_timetable_heading_are_due_by_its_time():
    records = _records(document_from_parts(PLAN, published="2027-03-01"))
    assert _deadline(records, "publish") == ("Within 30 days of the date of this plan", "2027-03-31")
    assert _deadline(records, "appoint") == ("Within 90 days of the date of this plan", "2027-05-30")
    assert _deadline(records, "train") == ("Within 90 days of the date of this plan", "2027-05-30")
    assert _deadline(records, "replace") == ("Within 90 days of the date of this plan", "2027-05-30")


@pytest.mark.integration
def test_extract_a_numbered_list_right_under_a_timetable_heading_takes_its_time_unlinked():
    # a PDF page's numbered lines that the layout reading does not hang on the heading above them
    records = _records(document_from_parts(PLAN, published="2027-03-01", link_items=False))
    assert _deadline(records, "appoint") == ("Within 90 days of the date of this plan", "2027-05-30")
    assert _deadline(records, "train") == ("Within 90 days of the date of this plan", "2027-05-30")
    assert _deadline(records, "modernize") is None


@pytest.mark.integration
def test_extract_a_timetable_heading_leaves_what_it_does_not_head():
    records = _records(document_from_parts(PLAN, published="2027-03-01"))
    # a step with a time of its own keeps it
    assert _deadline(records, "inspect") == ("by December 2027", "2027-12-31")
    # a numbered line after the section's paragraphs, a heading with more than a time, the next heading
    assert _deadline(records, "modernize") is None
    assert _deadline(records, "electrify") is None
    assert _deadline(records, "review") is None


@pytest.mark.integration
def test_extract_a_timetable_line_read_as_a_paragraph_dates_the_paragraphs_under_it():
    text = """Harbour Safety Implementation Plan

Within 60 days of the date of this plan:

The Port Authority will publish a register of unsafe moorings.

The Harbour Board will appoint a safety officer for each quay."""
    records = _records(document_from_text(text, published="2027-03-01"))
    assert _deadline(records, "publish") == ("Within 60 days of the date of this plan", "2027-04-30")
    assert _deadline(records, "appoint") == ("Within 60 days of the date of this plan", "2027-04-30")


@pytest.mark.integration
def test_extract_a_timetable_counted_from_an_undated_document_is_left_off():
    records = _records(document_from_parts(PLAN, published=None))
    assert _deadline(records, "publish") is None
    assert _deadline(records, "replace") is None
    assert _deadline(records, "inspect") == ("by December 2027", "2027-12-31")
