"""Tables on a PDF page -> one segment per row, its cells joined by " | ".

A table has no markup in a PDF: it is text set on shared baselines with wide
gaps between the cells.  Left to the column finder, its columns look like
page columns and its cells are read column by column ("Heat pumps Grid 2030
2035 The agency must ..."), so a milestone, its date and its action end up in
different sentences.  Here a run of lines that each hold several cells, under
columns that line up, becomes rows: each row is one segment ("Heat pumps |
2030 | The agency must install ...") that the layout pass keeps whole and
turns into a "table_row" passage; a cell's wrapped lines go back into its cell.

What is not a table: columns of prose side by side (every column set in long
lines), and a column of bullets or list numbers beside the items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .blocks import CELL_SEPARATOR
from .pdf_chars import SOFT_HYPHENS, Segment
from .pdf_layout import _WORD, BULLET_CHARS, _keep_hyphen

_MIN_ROWS = 3            # rows with two cells or more
_ROW_GAP_EMS = 3.6       # baselines further apart than this end the table
_PROSE_ROW_CELL = 50      # ... or whose cells, their wrapped lines joined, are this long
_PROSE_CELL = 25         # a column whose cells are this long (median) is prose
# Not a cell: dot leaders set as runs of their own, and icons from symbol fonts (private-use characters).
_DOTS = re.compile(r"^[\s.…·\ue000-\uf8ff]*$")
_LEADER = re.compile(r"(?:\s*[.…·]){3,}\s*$")
# A bullet, a list number, or a lone letter (of a word set vertically down the margin).
_MARKER = re.compile(r"^(?:[" + re.escape(BULLET_CHARS) + r"!?>»]|[^\W\d_]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])$", re.IGNORECASE)
_HOLDS_SENTENCE_END = re.compile(r"[a-z)][.!?][\"”’)]?(?:\s|$)")
_OPEN_END = re.compile(r"(?:[,/&(–-]|\b(?:and|or|of|for|to|in|on|the|a|an|with|by))$")
_FUNCTION_WORDS = frozenset("and or of the to in for with a an on by as at from".split())
_PROSE_LOWER_SHARE = 0.25  # prose columns: many lines go on from the line above, in lower case
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents\s*:?$", re.IGNORECASE)


@dataclass
class _Row:
    all_segments: list[Segment]

    @property
    def segments(self) -> list[Segment]:
        """The row's cells: its segments less dot leaders (". . . ." set as separate runs)."""
        return [s for s in self.all_segments if not _DOTS.match(s.text)]

    @property
    def bottom(self) -> float:
        return min(s.bottom for s in self.all_segments)

    @property
    def size(self) -> float:
        return max(s.size for s in self.all_segments)


def tables_as_rows(segments: list[Segment]) -> list[Segment]:
    """The page's segments with every table's cells replaced by one segment per table row."""
    if len(segments) < 2 * _MIN_ROWS or any(_CONTENTS.match(s.text.strip()) for s in segments):
        return segments
    rows = _baselines(segments)
    out: list[Segment] = []
    i = 0
    while i < len(rows):
        run = _run(rows, i)
        found = _table(run) if len(run) >= _MIN_ROWS else None
        if found is None:
            out.extend(rows[i].all_segments)
            i += 1
            continue
        table, taken = found
        out.extend(table)
        i += taken
    return out


def _baselines(segments: list[Segment]) -> list[_Row]:
    """Segments grouped by baseline, top to bottom, each row's segments left to right."""
    rows: list[_Row] = []
    for segment in sorted(segments, key=lambda s: (-s.bottom, s.x0)):
        if rows and abs(rows[-1].bottom - segment.bottom) <= 0.4 * max(rows[-1].size, segment.size):
            rows[-1].all_segments.append(segment)
        else:
            rows.append(_Row([segment]))
    for row in rows:
        row.all_segments.sort(key=lambda s: s.x0)
    return rows


def _run(rows: list[_Row], start: int) -> list[_Row]:
    """Rows from `start` on that may be one table: multi-cell rows, and the wrapped lines between them."""
    if len(rows[start].segments) < 2:
        return []
    run = [rows[start]]
    for row in rows[start + 1:]:
        if run[-1].bottom - row.bottom > _ROW_GAP_EMS * max(run[-1].size, row.size):
            break
        run.append(row)
    return _trimmed(run)


def _trimmed(run: list[_Row]) -> list[_Row]:
    """A table ends on a row of cells, not on prose below it -- but the lines its last row's value cell wraps
    onto stay in the table: one run of text each, set in a value column (right of the first column's cells), not
    at the table's left edge where prose below would start ("Project Rationale | ... for about 2-12 hours per
    day, and often" / "supplied water includes ..."; issue 10 round 38: seen in five unlabelled ADB project data
    sheets, where the row's tail became a paragraph starting mid-sentence)."""
    run = list(run)
    tail: list[_Row] = []
    while run and len(run[-1].segments) < 2:
        tail.insert(0, run.pop())
    if not run or not tail:
        return run
    value_x = min(row.segments[1].x0 for row in run if len(row.segments) >= 2)
    for row in tail:
        if len(row.segments) != 1 or row.segments[0].x0 < value_x - 0.5 * row.size:
            break
        run.append(row)
    return run


def _table(run: list[_Row]) -> tuple[list[Segment], int] | None:
    """(the rows of the run as row segments, how many lines of the run they took), or None when not a table."""
    multi = [row for row in run if len(row.segments) >= 2]
    if len(multi) < _MIN_ROWS:
        return None
    counts = Counter(len(row.segments) for row in multi)
    cells_per_row = max(counts, key=lambda n: (counts[n], n))  # the body rows' count (headers may span columns)
    columns = _columns([s for row in multi if len(row.segments) == cells_per_row for s in row.segments])
    if len(columns) < 2:
        return None
    cells_by_column: list[list[str]] = [[] for _ in columns]
    for row in multi:
        for s in row.segments:
            cells_by_column[_column(s, columns)].append(s.text.strip())
    lengths = [sorted(len(text) for text in cells)[len(cells) // 2] for cells in cells_by_column if cells]
    if min(lengths) >= _PROSE_CELL:
        return None  # prose in columns side by side
    if any(cells and sum(1 for c in cells if _MARKER.match(c)) >= 0.8 * len(cells) for cells in cells_by_column):
        return None  # bullets or list numbers beside their items
    content = [row for row in run if row.segments]
    pitch = _line_pitch(content)
    # Lines that open a row (not a cell's wrapped lines, which may well start in lower case).
    openers = [row for previous, row in zip([None, *content], content)
               if previous is None or pitch is None or previous.bottom - row.bottom > pitch]
    multi_cells = [s.text.strip() for row in openers if len(row.segments) >= 2 for s in row.segments]
    if _prose(multi_cells) or any(map(_line_numbers, cells_by_column)):
        return None
    if sum(1 for cell in multi_cells if cell in _FUNCTION_WORDS) >= max(2, 0.1 * len(multi_cells)):
        return None  # justified prose whose word spaces are as wide as gutters: "development | and | transfer"
    for k, row in enumerate(run):  # a line across several columns (a title, prose) ends the table
        if len(row.segments) == 1 and _span(row.segments[0], columns) > 1:
            if k == 0:
                return None
            return _table(_trimmed(run[:k]))
    table: list[list[str]] = []
    shown: list[list[str]] = []     # the same cells as the text will show them: list bullets kept
    anchors: list[_Row] = []
    for previous, row in zip([None, *content], content):
        cells = [""] * len(columns)
        marked = [""] * len(columns)
        for s in row.segments:
            index = _column(s, columns)
            cells[index] = f"{cells[index]} {s.text.strip()}".strip()
            bullet = "\u2022 " if _after_bullet(s, row) else ""
            marked[index] = f"{marked[index]} {bullet}{s.text.strip()}".strip()
        if table and previous is not None and pitch and previous.bottom - row.bottom <= pitch \
                and (not _opens_a_row(cells, cells_per_row) or _value_goes_on(table[-1])):
            # Rows are set further apart than the lines inside a cell: a line at line pitch goes on in its row.
            _join_into(table[-1], shown[-1], cells, marked)
        elif table and not cells[0] and len(row.segments) < cells_per_row:
            _join_into(table[-1], shown[-1], cells, marked)  # a wrapped line: its text goes on in the row above
        elif table and table[-1][0] and (cells[0][:1].islower() or _OPEN_END.search(table[-1][0])):
            # The row's name goes on from the line above: "Murder and nonnegligent" | "manslaughter | 10.0 ...",
            # "Time frames / periods for | 2021-2030" | "implementation"; so do its other cells.
            _join_into(table[-1], shown[-1], cells, marked)
        else:
            table.append(cells)
            shown.append(marked)
            anchors.append(row)
    merged = [[row[i] for row in table if row[i]] for i in range(len(columns))]
    if min(sorted(len(c) for c in cells)[len(cells) // 2] for cells in merged if cells) >= _PROSE_ROW_CELL \
            and all(any(_HOLDS_SENTENCE_END.search(c) for c in cells) for cells in merged if cells):
        # every column holds paragraphs: prose side by side, spaced by paragraph (a column of long labels, none
        # of them a sentence -- "Project Rationale and Linkage to Country/Regional Strategy" -- is no paragraph)
        return None
    left = min(s.x0 for row in run for s in row.segments)
    right = max(s.x1 for row in run for s in row.segments)
    segments = []
    for cells, row in zip(shown, anchors):
        text = CELL_SEPARATOR.join(cleaned for cleaned in (_LEADER.sub("", c).strip() for c in cells)
                                   if not _DOTS.match(cleaned))
        first, members = row.segments[0], row.segments
        segments.append(Segment(
            text=text, x0=left, x1=right, bottom=row.bottom, top=max(s.top for s in members),
            size=sorted(s.size for s in members)[len(members) // 2], bold=all(s.bold for s in members),
            page=first.page, height=first.height, width=first.width, ocr=first.ocr, table=True,
        ))
    return segments, len(run)


def _after_bullet(segment: Segment, row: _Row) -> bool:
    """A list bullet set as a run of its own in a symbol font that maps it to no character (a
    private-use glyph such as U+F0B7, which `_DOTS` leaves out of the cells as an icon) stands just
    left of `segment` on its line: the cell holds a list ("include: • Doubling X by 2025 • Installing Y"),
    whose items the extractor reads one by one (without the bullets they ran into one sentence;
    train: a small island state's pledge table)."""
    for other in row.all_segments:
        mark = other.text.strip()
        if len(mark) == 1 and _DOTS.match(mark) and "\ue000" <= mark <= "\uf8ff" \
                and other.x1 <= segment.x0 and segment.x0 - other.x1 <= 3 * segment.size:
            return True
    return False


def _join_into(row: list[str], shown: list[str], cells: list[str], marked: list[str]) -> None:
    """A line's cells go on in the row above, in both the cells the table is judged by and those shown."""
    for index, text in enumerate(cells):
        if text:
            row[index] = _joined(row[index], text)
            shown[index] = _joined(shown[index], marked[index])


def _value_goes_on(row: list[str]) -> bool:
    """The row's last cell stops in the middle of a sentence, on a comma or an open word ("To ensure compliance
    with the policy on resettlement," | "DPHE developed a framework"): the next line at line pitch goes on in it,
    capitals or not, and so does its label's wrapped word ("Involuntary" / "Resettlement").  Issue 10 round 38:
    five unlabelled ADB project sheets broke such sentences into two rows."""
    last = next((c for c in reversed(row) if c), "")
    return len(last.split()) >= 4 and bool(_OPEN_END.search(last))


def _opens_a_row(cells: list[str], cells_per_row: int) -> bool:
    """A line with a cell in every column, each opening in capitals, starts a row even at line pitch.

    Where a table sets its rows as close as the lines inside a cell, only the words tell a row
    from a cell's wrapped line: "Sectors covered by | The IPCC Guidelines for all sectors" opens
    one, "the contribution | Industrial Processes, Agriculture" goes on in it.
    """
    filled = [c for c in cells if c]
    return len(filled) >= max(2, cells_per_row) and all(c[:1].isupper() or c[:1].isdigit() for c in filled)


def _line_pitch(rows: list[_Row]) -> float | None:
    """The distance between lines inside one cell, when rows are set visibly further apart; else None."""
    gaps = [a.bottom - b.bottom for a, b in zip(rows, rows[1:])]
    if len(gaps) < 2:
        return None
    least = min(gaps)
    return 1.2 * least if least > 0 and max(gaps) >= 1.4 * least else None


def _prose(cells: list[str]) -> bool:
    """Lines of running text: longish, and many of them start in lower case (a sentence going on)."""
    long = [c for c in cells if len(c) >= 12]
    return len(long) >= 3 and sum(1 for c in long if c[:1].islower()) >= _PROSE_LOWER_SHARE * len(long)


def _line_numbers(cells: list[str]) -> bool:
    """1, 2, 3 ... down the margin (a transcript's or a bill's line numbers)."""
    numbers = [int(c) for c in cells if c.isdigit() and len(c) <= 3]
    return len(numbers) >= 0.8 * len(cells) and sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1) >= 0.6 * len(numbers)


def _columns(segments: list[Segment]) -> list[tuple[float, float]]:
    """Column extents: the x ranges of the cells, merged where they overlap."""
    spans: list[tuple[float, float]] = []
    for s in sorted(segments, key=lambda s: s.x0):
        if spans and s.x0 < spans[-1][1] - 0.5:
            spans[-1] = (spans[-1][0], max(spans[-1][1], s.x1))
        else:
            spans.append((s.x0, s.x1))
    return spans


def _column(segment: Segment, columns: list[tuple[float, float]]) -> int:
    """The column a segment overlaps most (the nearest one when it overlaps none)."""
    def overlap(span: tuple[float, float]) -> float:
        return min(segment.x1, span[1]) - max(segment.x0, span[0])
    return max(range(len(columns)), key=lambda i: overlap(columns[i]))


def _span(segment: Segment, columns: list[tuple[float, float]]) -> int:
    return sum(1 for a, b in columns if min(segment.x1, b) - max(segment.x0, a) > 1.0)


def _joined(head: str, tail: str) -> str:
    """A cell's wrapped lines, joined by a space ("low-" + "carbon" keeps its hyphen and no space).  A hyphen
    the reader marks as soft at the line's end ("Environmen\ufffe" + "tal", but also "short\ufffe" + "term")
    joins with no space, and stays only where the words make a compound, as in body text
    (`pdf_layout._keep_hyphen`: "Environmental" is a word, "shortterm" is not).  Issue 10 round 38: cells read
    "Environmen tal", "manufactur ers" in an unlabelled ADB sheet and a county plan."""
    if head[-1:] in SOFT_HYPHENS and tail[:1].isalpha():
        head_words, tail_words = _WORD.findall(head[:-1]), _WORD.findall(tail)
        if head_words and tail_words and not _keep_hyphen(head_words[-1], tail_words[0], Counter()):
            return head[:-1] + tail
        return head[:-1] + "-" + tail
    return f"{head}{tail}" if head.endswith("-") and tail[:1].islower() else f"{head} {tail}".strip()
