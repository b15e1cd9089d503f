"""Table rows, read cell by cell: "Health | Strengthen integration of X into health planning | 2030".

Ingestion turns each row of a table into one passage of kind "table_row", its
cells joined by " | ", pointing at the table's first row (`Passage.parent_index`).
Read as one sentence, such a row is no English: the parser takes "Health |
Strengthen" for a noun phrase and the pledge is lost.  So the extractor parses
each cell on its own (`cell_spans`): a cell that opens with a verb ("Strengthen
integration of ...") is an action line of the plan, whose actor is the
document's main actor (inferred, `actor_source="main_actor"`); a cell with a
full clause ("The ministry will ...") is read as any sentence.

The row around the cell says what the cell does not: a cell that is only a
date ("2030", "Dec 2027", "2025-2030"), or a cell under a column named like
"Timeline" / "Deadline" / "By when" / "Target year", gives the deadline of the
row's records (`TableRows.deadline`).  The table's first row is its header when
its cells are labels ("Sector | Action | Timeline"); a header, or a row that
repeats it (a table continued on the next page), is never a commitment.

A table of two columns may hold records, one field per row, each record opened
by the same label ("Subject | X", "Time Frames | By June 2018", "Players | Y",
"Description | Z will ...", then "Subject | ..." again): an action sheet.  Its
row labelled like "Timeline" dates the records of the other rows of its record
(`_record_times`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from kb.extract.deadlines import find_deadlines, normalise_deadline
from kb.ingest.blocks import CELL_SEPARATOR
from kb.models import Deadline, Passage
from kb.tables import MONTH_NAMES

__all__ = ["TableRows", "cell_spans", "date_cell_phrase", "is_label_row", "for_tagger"]

# A column whose cells say when: "Timeline", "Deadline", "By when", "Target year", "Timeframe"
_WHEN_HEADER = re.compile(
    r"^\s*(?:time\s*-?\s*lines?|deadlines?|by\s+when|when|target\s+(?:years?|dates?)|time\s*-?\s*frames?|"
    r"timing|due(?:\s+date)?|completion(?:\s+date)?|(?:implementation\s+)?(?:period|schedule)|"
    r"(?:target\s+)?year)\s*[:.]?\s*$", re.I)

_MONTH = "|".join(sorted((re.escape(m) for m in MONTH_NAMES), key=len, reverse=True))
_YEAR = r"(?:19[5-9]\d|20\d\d|21\d\d)"
# A cell that is only a date: "2030", "by 2030", "Dec. 2027", "Q4 2026", "end of 2026", "2025-2030"
_DATE_CELL = re.compile(
    rf"^\s*(?:(?:by|in|before|until|no\s+later\s+than)\s+)?(?:the\s+)?"
    rf"(?:(?P<quarter>[QH][1-4]|(?:end|middle)\s+of|mid-?|early|late)\s*,?\s*)?"
    rf"(?:(?P<month>{_MONTH})\.?\s*,?\s*)?"
    rf"(?:{_YEAR}\s*(?:-|–|—|to|/)\s*)?(?P<year>{_YEAR})\s*\.?\s*$", re.I)

# A label: a header cell names its column in a few words, with no sentence in it
_MAX_LABEL_WORDS = 6


def cell_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty cell of a row's text, whitespace trimmed."""
    spans = []
    pos = 0
    for piece in text.split(CELL_SEPARATOR):
        start = pos + len(piece) - len(piece.lstrip())
        end = pos + len(piece.rstrip())
        if end > start:
            spans.append((start, end))
        pos += len(piece) + len(CELL_SEPARATOR)
    return spans


# "Expand rainwater harvesting in ...": a capitalised word, then a lower-case one
# ("Ministry of Works", "Department for Transport": a name, its second word a preposition)
_OPENING = re.compile(r"^([A-Z])[a-z]+(?:-[a-z]+)?\s+(?!(?:of|for|and|on|de|du|des|la|del)\b)"
                      r"(?:the\s+|a\s+|an\s+)?[a-z]")

# A cell that opens with a run-in title, a spaced dash and a capitalised word ("Designing with Nature - Promote
# X", "City Policy - Remove Y"), which `nlp.line_breaks` reads as a title and its own sentence only when
# the title starts with a capital (train: a city climate plan's strategy cells, 36 of them; lower-cased,
# the title's first word became the action: "design | with Nature - Promote")
_RUN_IN_TITLE = re.compile(r"^[A-Z][^\s]*(?:\s+[^\s]+){0,11}?\s+[-–—]\s+[A-Z]")

# a word that makes a clause of the cell: its opening word may be the subject, a name
_FINITE = re.compile(r"\b(?:will|shall|must|may|can|should|would|is|are|was|were|has|have|had|does|do|"
                     r"aims?|plans?|intends?|commits?|seeks?|expects?)\b")


def for_tagger(cell: str) -> str:
    """The cell as the tagger should see it (same length): an opening word in Title Case
    before a lower-case word loses its capital, so that "Expand rainwater harvesting" is read
    as an instruction, not as a name ("Expand" NNP).  A cell with a finite verb or a modal
    ("Kenya will ...") keeps its capital: its opening word may be its subject."""
    if not _OPENING.match(cell) or _FINITE.search(cell):
        return cell             # "Kenya will ...", "Mexico is committed to ...": a clause keeps its subject
    if _RUN_IN_TITLE.match(cell):
        return cell             # "Designing with Nature - Promote X": a run-in title keeps its capital
    return cell[0].lower() + cell[1:]


def is_label_row(text: str) -> bool:
    """A row of labels ("MTP Sector | Priority actions | Timeline"): every cell a few words,
    none a sentence."""
    cells = [text[s:e] for s, e in cell_spans(text)]
    return bool(cells) and all(len(c.split()) <= _MAX_LABEL_WORDS and not c.rstrip().endswith((".", ";"))
                               for c in cells)


def date_cell_phrase(cell: str) -> str | None:
    """The deadline phrase a date cell stands for ("2030" -> "by 2030", "2025-2030" -> "by 2030",
    "Dec 2027" -> "by Dec 2027"), or None when the cell is not only a date."""
    m = _DATE_CELL.match(cell)
    if not m:
        return None
    quarter = (m.group("quarter") or "").lower()
    if quarter.startswith(("end", "middle", "mid")) and not m.group("month"):
        return f"by the end of {m.group('year')}" if quarter.startswith("end") else f"by {m.group('year')}"
    if m.group("month"):
        return f"by {m.group('month')} {m.group('year')}"
    return f"by {m.group('year')}"


class TableRows:
    """The rows of one document's tables: which are headers, and each row's deadline."""

    def __init__(self, passages: Sequence[Passage], reference: dt.date | None):
        self.reference = reference
        self._by_index = {p.index: p for p in passages}
        parents = {p.parent_index for p in passages if p.kind == "table_row" and p.parent_index is not None}
        self._headers: set[int] = set()
        for i in parents:
            first = self._by_index.get(i)
            if first is not None and first.kind == "table_row" and is_label_row(first.text):
                self._headers.add(i)
        for p in passages:
            # the header repeated where the table goes on to the next page
            if p.kind == "table_row" and p.parent_index in self._headers \
                    and _norm(p.text) == _norm(self._by_index[p.parent_index].text):
                self._headers.add(p.index)
        self._record_time = _record_times(passages, reference)

    def is_header(self, index: int) -> bool:
        return index in self._headers

    def deadline(self, index: int, cell_start: int | None = None) -> Deadline | None:
        """The deadline a row's date cells give (not the cell at `cell_start`, the record's own):
        a cell under a "Timeline"-like column, else a cell that is only a date."""
        p = self._by_index.get(index)
        if p is None or p.kind != "table_row":
            return None
        cells = [(s, e) for s, e in cell_spans(p.text) if s != cell_start]
        header = self._by_index.get(p.parent_index) if p.parent_index in self._headers else None
        if header is not None:
            names = [header.text[s:e] for s, e in cell_spans(header.text)]
            all_cells = cell_spans(p.text)
            if len(names) == len(all_cells):
                for name, (s, e) in zip(names, all_cells):
                    if s != cell_start and _WHEN_HEADER.match(name):
                        cell = p.text[s:e]
                        found = normalise_deadline(date_cell_phrase(cell) or cell, self.reference)
                        if found is not None:
                            return Deadline(text=cell, date=found.date)
                own = _column_period([name for name, (s, _) in zip(names, all_cells) if s == cell_start], self.reference)
                if own is not None:
                    return own
        for s, e in cells:
            cell = p.text[s:e]
            phrase = date_cell_phrase(cell)
            found = normalise_deadline(phrase, self.reference) if phrase else None
            if found is not None:
                return Deadline(text=cell, date=found.date)
        return self._record_time.get(index)


def _label_and_value(p: Passage) -> tuple[str, str] | None:
    """ "Time Frames | By June 2018" -> ("time frames", "By June 2018"): a row of two cells whose first
    is a label (a few words, no sentence)."""
    if p.kind != "table_row":
        return None
    spans = cell_spans(p.text)
    if len(spans) != 2:
        return None
    label = p.text[spans[0][0]:spans[0][1]]
    if not is_label_row(label):
        return None
    return _norm(label).rstrip(":"), p.text[spans[1][0]:spans[1][1]]


# a time that only says when work starts ("From January 2018", "Continuous support service from
# September 2017"), not a span with its end ("From June 2017 to December 2018")
_OPEN_START = re.compile(r"^(?:from|starting|beginning|since)\b(?!.*\b(?:to|until|till|through|and)\b|.*[-–—]\s*\w)",
                         re.I)


def _record_times(passages: Sequence[Passage], reference: dt.date | None) -> dict[int, Deadline]:
    """Passage index -> the deadline its record states, for the rows of an action sheet: a run of
    two-cell label rows of one table, cut into records where a label comes back ("Subject | X",
    "Time Frames | By June 2018", "Players | Y", "Description | Z will ...", "Subject | ..."), whose
    record has one row labelled like "Timeline" (`_WHEN_HEADER`) with a time in it that ends ("By June
    2018", "From June 2017 to December 2018"; not "From January 2018", work that starts then).  The time
    row itself gets nothing.  Train: the Italian three-year IT plan's action sheets (four of its chapters,
    19 records); a row of the record that states its own time keeps it (`TableRows.deadline` looks
    here last)."""
    out: dict[int, Deadline] = {}
    record: list[tuple[Passage, str, str]] = []

    def close() -> None:
        times = [(p, value) for p, label, value in record if _WHEN_HEADER.match(label)]
        if len(times) != 1:
            return
        time_row, value = times[0]
        found = normalise_deadline(date_cell_phrase(value) or value, reference)
        if found is None or _OPEN_START.match(found.text):
            return              # "From January 2018": work that starts then and goes on, due at no time
        for p, _, _ in record:
            if p.index != time_row.index:
                out[p.index] = Deadline(text=value, date=found.date)

    table = None
    for p in passages:
        pair = _label_and_value(p)
        key = p.parent_index if p.parent_index is not None else p.index
        if pair is None or key != table or any(label == pair[0] for _, label, _ in record):
            close()
            record = []
        table = key if pair is not None else None
        if pair is not None:
            record.append((p, pair[0], pair[1]))
    close()
    return out


def _column_period(names: list[str], reference: dt.date | None) -> Deadline | None:
    """A column whose header says when its cells are due ("Targets for 2018–19", "By 2030"):
    the time its header states.  Seen in one train document only (nat-au-dta-corporate-plan-2018-22:
    "Targets for 2018–19" / "Targets for 2019–20 and beyond", once its HTML tables were read as
    tables); kept because it reads the table's own words, as the "Timeline" column does.  A period left
    open ("Targets for 2019–20 and beyond", "2030 onwards") dates nothing: the train gold gives those
    cells no deadline (8 of 8, round 42)."""
    if len(names) != 1:
        return None
    found = [d for d in find_deadlines(names[0]) if d.date or d.text.lower().startswith(("this", "next"))]
    if len(found) != 1 or _OPEN_END.match(names[0][found[0].end:]):
        return None             # "Targets for 2019–20 and beyond": a period with no end dates nothing
    deadline = normalise_deadline(found[0].text, reference)
    return Deadline(text=found[0].text, date=deadline.date) if deadline is not None and deadline.date else None


# what leaves a period open after it: "2019–20 and beyond", "2030 onwards"
_OPEN_END = re.compile(r"\s*(?:and\s+(?:beyond|after|later|thereafter)|(?:and\s+)?onwards?)\b", re.I)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()
