"""Table rows read cell by cell (kb/extract/rows.py): "Health | Strengthen X | 2030".

An instruction in a cell is a commitment of the document's main actor (inferred, never
shown as named); a full clause in a cell is read as a sentence; a date cell, or a cell
under a "Timeline"-like column, gives the row's deadline; the header row promises
nothing; a record's sentence offsets stay inside its cell.  The tables are invented.

The first tests need no model; the rest go through the real Markdown ingestion and the
real spaCy pipeline (integration).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.extract.rows import TableRows, cell_spans, date_cell_phrase, for_tagger, is_label_row
from tests.textdoc import table_rows

# --- the row, without a model ---------------------------------------------------


def test_cell_spans_cover_each_cell_without_its_padding():
    text = "Health | Strengthen clinics |  2030 "
    assert [text[s:e] for s, e in cell_spans(text)] == ["Health", "Strengthen clinics", "2030"]


@pytest.mark.parametrize("cell, phrase", [
    ("2030", "by 2030"),
    ("by 2031", "by 2031"),
    ("Dec 2028", "by Dec 2028"),
    ("2025-2030", "by 2030"),
    ("2026 – 2029", "by 2029"),
    ("end of 2027", "by the end of 2027"),
])
def test_a_cell_that_is_only_a_date_stands_for_a_deadline(cell, phrase):
    assert date_cell_phrase(cell) == phrase


@pytest.mark.parametrize("cell", ["Health", "Ongoing", "Reduce losses by 2030", "30% by 2030", "12 500"])
def test_a_cell_with_more_than_a_date_is_no_date_cell(cell):
    assert date_cell_phrase(cell) is None


def test_a_row_of_short_labels_is_a_header_and_a_row_of_sentences_is_not():
    assert is_label_row("Sector | Priority action | Target year")
    assert not is_label_row("Unconditional goal | Veloria will cut emissions by a third against its baseline.")


@pytest.mark.parametrize("cell, seen", [
    ("Expand rainwater harvesting", "expand rainwater harvesting"),
    ("Raise the drainage standard", "raise the drainage standard"),
    ("Veloria will expand rainwater harvesting", "Veloria will expand rainwater harvesting"),
    ("Ministry of Works", "Ministry of Works"),
    ("Health", "Health"),
])
def test_tagger_sees_an_opening_instruction_without_its_capital(cell, seen):
    assert for_tagger(cell) == seen


def test_header_and_its_repeat_on_the_next_page_are_headers():
    rows = TableRows(table_rows("Sector | Action", "Water | Expand storage", "Sector | Action", "Soils | Map erosion"), None)
    assert [rows.is_header(i) for i in range(4)] == [True, False, True, False]


def test_a_first_row_with_a_sentence_is_no_header():
    rows = TableRows(table_rows("Goal | Veloria will halve methane leaks from its gas network.",
                           "Scope | All sectors"), None)
    assert not rows.is_header(0)


def test_deadline_from_a_column_named_like_a_timeline():
    passages = table_rows("Action | Lead | By when", "Retrofit schools | Ministry of Works | Q3 2029",
                     "Map floodplains | Survey office | ongoing")
    rows = TableRows(passages, dt.date(2026, 1, 1))
    found = rows.deadline(1, cell_start=0)
    assert (found.text, found.date) == ("Q3 2029", "2029-12-31")
    assert rows.deadline(2, cell_start=0) is None


def test_deadline_from_a_date_cell_without_a_header():
    passages = table_rows("Coastal defence | Raise sea walls in the capital | 2032")
    rows = TableRows(passages, None)
    assert rows.deadline(0, cell_start=passages[0].text.index("Raise")).date == "2032-12-31"


def test_the_records_own_cell_gives_no_row_deadline():
    passages = table_rows("Energy | 2035")
    assert TableRows(passages, None).deadline(0, cell_start=passages[0].text.index("2035")) is None


# --- whole documents: real ingestion, real spaCy ----------------------------------

PLAN = """# Republic of Veloria: Updated Adaptation Contribution

The Republic of Veloria submits this updated contribution on adaptation.

| Sector | Priority action | Timeline |
|---|---|---|
| Health | Strengthen integration of climate risks into district health planning | 2030 |
| Tourism | The Ministry of Tourism will certify coastal hotels for heat resilience. | |
| Water | Expand rainwater harvesting in arid counties | Dec 2028 |
| Roads | Raise the drainage standard of rural roads | ongoing |
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    from kb.extract import Extractor
    from kb.ingest import parse_file
    from tests.textdoc import rules_only

    path: Path = tmp_path_factory.mktemp("tables") / "veloria.md"
    path.write_text(PLAN, encoding="utf-8")
    parsed = parse_file(path)
    assert [p.kind for p in parsed.passages].count("table_row") == 5
    return parsed, Extractor(scorer=rules_only).extract(parsed).commitments


def _by_action(records, action):
    found = [c for c in records[1] if c.action == action]
    assert len(found) == 1, [(c.action, c.target) for c in records[1]]
    return found[0]


@pytest.mark.integration
def test_extract_instruction_cell_is_a_commitment_of_the_main_actor(records):
    c = _by_action(records, "strengthen")
    assert c.target == "integration of climate risks into district health planning"
    assert c.actor == "Republic of Veloria"
    assert (c.actor_source, c.actor_text) == ("main_actor", "")
    assert "no_named_actor" in c.flags


@pytest.mark.integration
def test_extract_date_cell_of_the_row_is_the_deadline(records):
    assert _by_action(records, "strengthen").deadline.date == "2030-12-31"
    assert _by_action(records, "expand").deadline.date == "2028-12-31"
    assert _by_action(records, "raise").deadline is None


@pytest.mark.integration
def test_extract_clause_cell_is_read_as_a_sentence(records):
    c = _by_action(records, "certify")
    assert (c.actor, c.actor_source) == ("Ministry of Tourism", "named")
    assert c.target.startswith("coastal hotels")


@pytest.mark.integration
def test_extract_record_offsets_stay_inside_the_cell(records):
    parsed, found = records
    for c in found:
        row = parsed.passages[c.passage_index]
        assert row.kind == "table_row"
        assert row.start <= c.sentence_start < c.sentence_end <= row.end
        assert " | " not in parsed.text[c.sentence_start:c.sentence_end]
    assert parsed.text[_by_action(records, "expand").sentence_start:
                       _by_action(records, "expand").sentence_end] == "Expand rainwater harvesting in arid counties"


@pytest.mark.integration
def test_extract_header_row_and_label_cells_are_no_commitments(records):
    parsed, found = records
    header = next(p for p in parsed.passages if p.kind == "table_row")
    assert all(c.passage_index != header.index for c in found)
    assert sorted(c.action for c in found) == ["certify", "expand", "raise", "strengthen"]
