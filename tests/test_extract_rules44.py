"""Round 42's readings of when a commitment is due (rules-44): a span of months, an action
sheet's time row, and the dateline of a European Commission text.

- A span of months is due at its end, as a span of years is ("from June 2017 to December
  2018" -> December 2018; before, the span's start was read).
- An action sheet: a table of two columns whose records are one field per row ("Subject",
  "Time frames", "Players", "Description", then "Subject" again).  The time row dates the
  records of the other rows of its record (kb/extract/rows.py `_record_times`).
- A table column for a period left open ("Targets for 2019–20 and beyond") dates nothing.
- A dateline that opens a line of the cover with a place ("Brussels, 18.5.2022 COM(2022)
  230 final") is the document's date, so "this autumn" and "within 90 days of this action
  plan" can be dated (kb/ingest/metadata.py).

Every sentence, table and document here is invented.  The first tests need no model; the
last go through the real ingestion and the real spaCy pipeline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract.deadlines import find_deadlines, normalise_deadline
from kb.extract.rows import TableRows
from kb.ingest.metadata import find_printed_date_with_source
from tests.textdoc import table_rows

# --- a span of months -------------------------------------------------------------


@pytest.mark.parametrize("text, due", [
    ("The board will survey the dunes from March 2027 to October 2028.", "2028-10-31"),
    ("Trials will run in the period from January 2026 to April 2026.", "2026-04-30"),
    ("The office will consult between May 2027 and March 2028.", "2028-03-31"),
    ("Wardens will count the birds during January-April 2029.", "2029-04-30"),
    ("Time Frames: From June 2026 to December 2027", "2027-12-31"),
])
def test_a_span_of_months_is_due_at_its_end(text, due):
    found = find_deadlines(text)
    assert [d.date for d in found] == [due]
    assert not found[0].weak


@pytest.mark.parametrize("text, due", [
    # two times, no span: the first one, as before
    ("The council met in May 2026 and June 2027 to review the plan.", "2026-05-31"),
    # a span of years was read already, and still is
    ("The levy will apply from 2026 through 2031.", "2031-12-31"),
])
def test_what_is_no_span_of_months_reads_as_before(text, due):
    assert normalise_deadline(text).date == due


# --- an action sheet: a record per block of label rows, without a model ----------------


SHEET = table_rows(
    "Subject | Dune monitoring",
    "Time Frames | From March 2027 to October 2028",
    "Players | Coastal Survey Office",
    "Description | The Coastal Survey Office will map the dunes of the northern shore.",
    "Subject | Harbour dredging register",
    "Time Frames | By June 2027",
    "Description | The Port Authority will publish a register of dredging permits.",
    "Subject | Beach access audit",
    "Players | Parks Department",
    "Description | The Parks Department will audit the access paths to the beaches.",
    "Subject | Flood warning service",
    "Time Frames | From January 2028",
    "Description | The Met Service will run a flood warning service for the estuary.",
)


@pytest.mark.parametrize("row, due", [
    (3, "2028-10-31"),      # the first record's description: its time row's span ends in October 2028
    (2, "2028-10-31"),      # any other row of that record too
    (6, "2027-06-30"),      # the next record has a time row of its own
    (9, None),              # a record without a time row takes none from its neighbours
    (1, None),              # the time row itself is no record's row
    (12, None),             # a time that only says when the work starts is no deadline
])
def test_an_action_sheets_time_row_dates_its_record(row, due):
    found = TableRows(SHEET, dt.date(2026, 3, 1)).deadline(row, cell_start=SHEET[row].text.index("|") + 2)
    assert (found.date if found else None) == due


def test_a_table_of_many_columns_is_no_action_sheet():
    passages = table_rows("Action | Lead | Partner",
                     "Map the dunes | Coastal Survey Office | Timeline",
                     "Timeline | By June 2027 | -")
    assert TableRows(passages, None).deadline(1, cell_start=0) is None


@pytest.mark.parametrize("column, due", [(1, "2028-12-31"), (2, None)])
def test_a_column_for_a_period_left_open_dates_nothing(column, due):
    """ "Targets for 2027–28" dates its cells (rules-32); "Targets for 2028–29 and beyond" has no end."""
    passages = table_rows("Success measure | Targets for 2027–28 | Targets for 2028–29 and beyond",
                     "Shorter waits | Open two service centres | Keep waits under a week")
    row = passages[1].text
    start = [row.index("Open"), row.index("Keep")][column - 1]
    found = TableRows(passages, None).deadline(1, cell_start=start)
    assert (found.date if found else None) == due


# --- a dateline with its place --------------------------------------------------------


@pytest.mark.parametrize("cover, date, source", [
    (["EUROPEAN COMMISSION", "Brussels, 9.11.2026 COM(2026) 410 final", "COMMUNICATION FROM THE COMMISSION"],
     "2026-11-09", "dateline: 'Brussels, 9.11.2026'"),
    (["Luxembourg, 3 March 2027", "Report on the inland waterways fund"], "2027-03-03",
     "dateline: 'Luxembourg, 3 March 2027'"),
    (["Brussels, 31.2.2026"], None, None),                      # no such day
    (["Version 2, 3.4.2026", "Harbour plan"], None, None),      # a version's number is no place
    # a weekday is no place: read as a dated line, as before
    (["Thursday, June 12, 2025"], "2025-06-12", "dated line: 'Thursday, June 12, 2025'"),
])
def test_a_dateline_with_its_place_dates_the_document(cover, date, source):
    assert find_printed_date_with_source(["\n".join(cover)]) == ((date, source) if date else None)


# --- whole documents: real ingestion, real spaCy ----------------------------------------


COMMUNICATION = """<html><body>
<p>EUROPEAN COMMISSION</p>
<p>Brussels, 9.11.2026</p>
<p>COM(2026) 410 final</p>
<h1>An action plan for inland waterways</h1>
<p>The Commission will publish guidance on lock modernisation this autumn.</p>
<p>The Commission will review the inland waterways fund within 90 days of this action plan.</p>
</body></html>"""


SHEET_PLAN = """# Coastal plan of Veloria

The Republic of Veloria adopts this coastal plan.

| Subject | Dune monitoring |
|---|---|
| Time Frames | From March 2027 to October 2028 |
| Players | Coastal Survey Office |
| Description | The Coastal Survey Office will map the dunes of the northern shore. |
| Subject | Harbour dredging register |
| Time Frames | By June 2027 |
| Description | The Port Authority will publish a register of dredging permits. |
"""


def _extract(text: str, name: str):
    from kb.extract import Extractor
    from kb.ingest import parse_bytes
    from tests.textdoc import rules_only

    parsed = parse_bytes(text.encode(), name)
    return parsed, Extractor(scorer=rules_only).extract(parsed).commitments


def _due(records, action):
    found = [c for c in records if c.action == action]
    assert len(found) == 1, [(c.action, c.target) for c in records]
    return found[0].deadline.date if found[0].deadline else None


@pytest.mark.integration
def test_extract_a_commission_text_dates_its_relative_deadlines():
    parsed, records = _extract(COMMUNICATION, "communication.html")
    assert parsed.published == "2026-11-09"
    assert parsed.published_source == "dateline: 'Brussels, 9.11.2026'"
    assert _due(records, "publish") == "2026-11-30"     # this autumn, in a text of November 2026
    assert _due(records, "review").startswith("2027-02")


@pytest.mark.integration
def test_extract_an_action_sheets_records_take_their_time_row():
    parsed, records = _extract(SHEET_PLAN, "coastal-plan.md")
    assert [p.kind for p in parsed.passages].count("table_row") == 7
    assert _due(records, "map") == "2028-10-31"
    assert _due(records, "publish") == "2027-06-30"
