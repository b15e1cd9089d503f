"""Positioned segments -> reading order, furniture removed, paragraphs, headings, list items.

The steps, each a function below:
- running headers and footers: segments near the top or bottom edge whose text
  (numbers blanked) repeats on many pages, and bare page numbers there;
- columns: a page's gutters are vertical strips that (almost) no segment
  crosses with prose on both sides; segments that do cross them (titles,
  full-width paragraphs) split the page into zones, read top to bottom, each
  zone column by column;
- paragraphs: a new paragraph starts at a wider vertical gap than the page's
  line pitch, an indented first line, a bullet, a change of type size or
  weight, or after a short line that ends a sentence.  Column and page breaks
  do not end a paragraph by themselves, so a sentence cut by one is re-joined;
- hyphens at line ends: "imple-" + "mented" -> "implemented", but "FAA-" +
  "approved" keeps its hyphen (evidence from the document's own words first);
- footnotes (small type below the body of a page) are kept apart and placed
  after the body text, as "footnote" blocks labelled with their numbers where
  they are numbered; captions and contents pages are dropped;
- table rows (from pdf_tables) are blocks of their own.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

from .blocks import Block
from .lines import ENUMERATION, looks_like_heading, split_glued_item
from .normalize import normalize_text, squash
from .passages import label_follows
from .pdf_chars import SOFT_HYPHENS, Segment
from .pdf_words import english_words

_EDGE_SHARE = 0.09          # top and bottom 9% of the page hold running heads
_RUNNING_MIN_SHARE = 0.3
_RUNNING_MIN_PAGES = 2
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\s*a\s*g\s*e)\s*\|?\s*)?[-–(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
# The Federal Register's first-page masthead, printed once, at the top edge.
_MASTHEAD = re.compile(
    r"^(?:Federal Register|Vol\.\s*\d+,\s*No\.\s*\d+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+\w+\s+\d{1,2},\s+\d{4}"
    r"|Proposed Rules|Rules and Regulations|Notices|Presidential Documents)(?:\s+Federal Register)?$"
    r"|^(?:\d+\s+)?Federal Register\s*/\s*Vol\.\s*\d+,\s*No\.\s*\d+\s*/.*/\s*"
    r"(?:Proposed Rules|Rules and Regulations|Notices|Presidential Documents)(?:\s+\d+)?$"
)
# A lone letter standing apart from any word: a dingbat mapped to a letter ("w" for an arrow), a drop cap.
_STRAY = re.compile(r"^[B-HJ-Zb-z]$")
# A symbol font's glyphs (Symbol, Wingdings) land in the private use area U+F000-U+F0FF when
# a PDF maps them to no Unicode character; at the start of a line they are bullets
# ("\uf0b7", "\uf0a7", "\uf034" and others, whichever glyph the author picked).
_BULLETS = "•●◦▪▫■□❱❯›➢➤►▶‣⁃∙·○◆◇✓✔➔→–—−-*¢" + "".join(chr(c) for c in range(0xF000, 0xF100))
BULLET_CHARS = _BULLETS
_BULLET = re.compile(r"^\s*(?:[" + re.escape(_BULLETS) + r"]|[!?](?=\s+[A-Z“\"]))\s*")
_SENTENCE_END = re.compile(r"[.!?:;][\"”’')\]]*$")
_CAPTION = re.compile(
    r"^(?:figure|fig\.|table|chart|graph|map|photo(?:graph)?|image|exhibit|box|source)s?\s*\d*[a-z]?(?:[.-]\d+)*\s*[:.\-–—|]",
    re.IGNORECASE,
)
_NOISE = re.compile(r"^[^\W\d_]$")  # a lone letter: a drop cap or a letter of a vertical banner
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents\s*:?$", re.IGNORECASE)
_ENDS_WITH_PAGE = re.compile(r"(?:\.\s*){3,}\s*\d{1,4}$|…+\s*\d{1,4}$|\s(?:page\s+)?\d{1,4}$", re.IGNORECASE)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|…{2,}\s*\d{1,4}\s*$")
# A footnote's number at the start of its first line: "3 Stack Overflow's 2018 survey ...".
_NOTE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=\S)")
_NOTE_SKIP = 5  # an excerpt may start at note 4; "10 seconds." opening a line of small type is no note
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Fragments that only ever end a word: "develop-" + "ment" is one word.
_SUFFIXES = frozenset(
    """tion tions sion sions ment ments ing ings ness ity ities ally ance ances ence ences able ible ure ures ive
    ives ous ies ed er ers est al ial ical ism ist ists ize ise ized ised izes ises ly ful ship ships ant ants ent
    ents ary ory ation ations ated ating ate ates ible ility ilities ular cy ic ics age ages ure ured ery ry""".split()
)
# Prefixes written with a hyphen: "non-" + "normal" stays "non-normal".
_PREFIXES = frozenset("non self mid cross multi semi anti well long short low high cost full part half ex post".split())


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    bottom: float
    size: float
    bold: bool
    page: int
    left: float        # the column's left and right edges
    right: float
    column: int        # a new value at every column or page change
    note: bool = False
    page_height: float = 0.0
    ocr: bool = False   # read by OCR
    table: bool = False  # a table row (kb.ingest.pdf_tables): a passage of its own


# -- furniture ---------------------------------------------------------------------------------


def shape(text: str) -> str:
    """A line with its numbers blanked out, so "Page 3" and "Page 4" look alike."""
    return _DIGITS.sub("#", squash(text).lower())


def _at_edge(segment: Segment) -> bool:
    return segment.bottom > segment.height * (1 - _EDGE_SHARE) or segment.top < segment.height * _EDGE_SHARE


def remove_running(pages: list[list[Segment]]) -> list[list[Segment]]:
    """Drop running headers/footers (repeated at the page edges) and bare page numbers at the edges."""
    counts: Counter[str] = Counter()
    for segments in pages:
        counts.update({shape(s.text) for s in _edge_segments(segments)})
    threshold = max(_RUNNING_MIN_PAGES, round(_RUNNING_MIN_SHARE * len(pages)))
    running = {key for key, count in counts.items() if count >= threshold} if len(pages) >= 2 else set()
    kept = []
    for segments in pages:
        edges = {id(s) for s in _edge_segments(segments)}
        kept.append([
            s for s in segments
            if not (id(s) in edges and (shape(s.text) in running or _PAGE_NUMBER.match(s.text.strip())))
            and not (s.bottom > 0.8 * s.height and _MASTHEAD.match(s.text.strip()))
            and not _STRAY.match(s.text)
        ])
    return kept


def _edge_segments(segments: list[Segment]) -> list[Segment]:
    """Segments in the top or bottom band, or on the first or last line of the page."""
    if not segments:
        return []
    highest = max(s.bottom for s in segments)
    lowest = min(s.bottom for s in segments)
    return [s for s in segments if _at_edge(s) or abs(s.bottom - highest) < 1 or abs(s.bottom - lowest) < 1]


# -- columns and reading order ------------------------------------------------------------------


def order_page(segments: list[Segment], column_base: int) -> list[Line]:
    """The page's lines in reading order; `column` numbers start at column_base.

    Gutters are looked for on the whole page first (a page of columns read one
    after the other); where there are none, the page is cut into bands at the
    blank strips that run across its whole width, and each band is looked at
    alone (a sidebar beside one section of an otherwise one-column page).
    """
    if not segments:
        return []
    regions = _split_at_empty_strips(segments)
    if len(regions) > 1:  # a picture or a wide margin between blocks of text: each block alone, left to right
        ordered: list[Line] = []
        column = column_base
        for region in regions:
            lines = order_page(region, column)
            if lines:
                column = lines[-1].column + 1
            ordered.extend(lines)
        return ordered
    cuts = _gutters(segments)
    if cuts:
        return _order_region(segments, cuts, column_base)
    ordered: list[Line] = []
    column = column_base
    for band in _bands(segments):
        band_cuts = _gutters(band, minimum=4, in_band=True)
        if band_cuts and ordered:
            column += 1
        lines = _order_region(band, band_cuts, column)
        if lines:
            column = lines[-1].column + (1 if band_cuts else 0)
        ordered.extend(lines)
    return ordered


def _split_at_empty_strips(segments: list[Segment]) -> list[list[Segment]]:
    """Segments on either side of vertical strips that no text at all crosses, wider than 2.5 ems."""
    words = [s for s in segments if len(s.text) >= 2]
    if len(words) < 6:
        return [segments]
    body = _median_size(words)
    ordered = sorted(words, key=lambda s: s.x0)
    reach = ordered[0].x1
    cuts = []
    for s in ordered[1:]:
        if s.x0 - reach > 2.5 * body:
            cuts.append((reach + s.x0) / 2)
        reach = max(reach, s.x1)
    if not cuts:
        return [segments]
    regions: list[list[Segment]] = [[] for _ in range(len(cuts) + 1)]
    for s in segments:
        regions[sum(1 for cut in cuts if s.center > cut)].append(s)
    if sum(1 for region in regions if sum(len(s.text) for s in region) >= 40) < 2:
        return [segments]
    return [region for region in regions if region]


def _bands(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into horizontal bands separated by a blank strip wider than two lines."""
    rows = sorted(segments, key=lambda s: -s.top)
    bands: list[list[Segment]] = [[rows[0]]]
    floor = rows[0].bottom
    for segment in rows[1:]:
        if floor - segment.top > 1.6 * segment.size:
            bands.append([])
        bands[-1].append(segment)
        floor = min(floor, segment.bottom)
    return bands


def _order_region(segments: list[Segment], cuts: list[float], column: int) -> list[Line]:
    ordered: list[Line] = []
    zone: list[Segment] = []

    def flush() -> None:
        nonlocal column
        if not zone:
            return
        for index in range(len(cuts) + 1):
            members = [s for s in zone if _column_of(s, cuts) == index]
            if not members:
                continue
            left, right = min(s.x0 for s in members), max(s.x1 for s in members)
            ordered.extend(_lines(members, left, right, column))
            column += 1
        zone.clear()

    spanning: list[Segment] = []

    def flush_spanning() -> None:
        nonlocal column
        if spanning:
            ordered.extend(_lines(spanning, min(s.x0 for s in spanning), max(s.x1 for s in spanning), column))
            column += 1
            spanning.clear()

    if not cuts:
        return _lines(segments, min(s.x0 for s in segments), max(s.x1 for s in segments), column)
    for segment in sorted(segments, key=lambda s: (-s.bottom, s.x0)):
        if _spans(segment, cuts):
            flush()
            spanning.append(segment)
        else:
            flush_spanning()
            zone.append(segment)
    flush_spanning()
    flush()
    return ordered


def _gutters(segments: list[Segment], minimum: int = 6, in_band: bool = False) -> list[float]:
    """x positions of column gutters: strips crossed by few segments, with text on both sides.

    `in_band`: the segments are one band of a page that has no gutter from top to bottom; a
    stretch of two columns side by side there marks a gutter even if lines below it cross it.
    """
    words = [s for s in segments if len(s.text) >= 3]
    if sum(1 for s in words if len(s.text) >= 20) < minimum:
        return []
    start = int(min(s.x0 for s in words))
    end = int(max(s.x1 for s in words)) + 1
    if end - start < 100:
        return []
    cuts = _find_gutters(words, start, end)
    if not cuts:
        # Lines across most of the width (an introduction over two columns) must not hide a gutter
        # below them; they become spanning lines that split the page into zones.
        narrow = [s for s in words if s.x1 - s.x0 < 0.6 * (end - start)]
        if sum(1 for s in narrow if len(s.text) >= 20) >= minimum:
            cuts = [cut for cut in _find_gutters(narrow, start, end) if _spanning_in_blocks(words, cut, in_band)]
    return cuts


def _spanning_in_blocks(words: list[Segment], cut: float, in_band: bool = False) -> bool:
    """The lines across `cut` come in at most two blocks from top to bottom (an introduction, a closing
    paragraph), not line by line between the lines beside it (then the "gutter" is only a ragged edge)."""
    rows = sorted(words, key=lambda s: -s.bottom)
    crossing = [_spans(s, [cut]) for s in rows]
    blocks = sum(1 for i, c in enumerate(crossing) if c and (i == 0 or not crossing[i - 1]))
    if blocks <= 2:
        return True
    if not in_band:
        return False
    # Lines across the cut in many blocks are a ragged edge -- unless one run between them holds
    # two columns of prose side by side (a two-column passage inside a page whose list items
    # below it run across the gutter, each followed by a short wrapped line).
    run: list[Segment] = []
    for segment, crosses in [*zip(rows, crossing), (None, True)]:
        if not crosses:
            run.append(segment)
            continue
        left = [s for s in run if s.x1 <= cut and len(s.text) >= 20]
        right = [s for s in run if s.x0 >= cut and len(s.text) >= 20]
        if len(left) >= 4 and len(right) >= 4:
            return True
        run = []
    return False


def _find_gutters(words: list[Segment], start: int, end: int) -> list[float]:
    steps = [0] * (end - start + 2)  # how many segments cover each point: a difference array, summed
    for s in words:
        first, last = int(s.x0) - start + 1, int(s.x1) - start
        if first < last:
            steps[first] += 1
            steps[last] -= 1
    coverage = list(itertools.accumulate(steps[:-1]))
    allowed = max(1, len(words) // 12)
    body = sorted(s.size for s in words)[len(words) // 2]
    cuts: list[float] = []
    x = 0
    while x < len(coverage):
        if coverage[x] <= allowed:
            run_start = x
            while x < len(coverage) and coverage[x] <= allowed:
                x += 1
            if x - run_start >= 0.6 * body and 0 < run_start and x < len(coverage):
                cut = start + (run_start + x) / 2
                if _text_both_sides(words, cut):
                    cuts.append(cut)
            elif run_start == 0 and x < len(coverage) and x >= 3 * body:
                # A wide sparse strip at the left (the labels of a map or chart beside the text): set it apart.
                cut = start + x - 0.3 * body
                if _text_both_sides(words, cut, labels=True):
                    cuts.append(cut)
        x += 1
    return cuts


def _text_both_sides(words: list[Segment], cut: float, labels: bool = False) -> bool:
    """Prose on one side at least, and more than a few labels on the other (a margin of headings will do)."""
    left = [s for s in words if s.x1 <= cut]
    right = [s for s in words if s.x0 >= cut]
    total = sum(len(s.text) for s in words)

    def share(side: list[Segment]) -> float:
        return sum(len(s.text) for s in side) / total

    def prose(side: list[Segment]) -> bool:
        return share(side) >= 0.15 and sum(1 for s in side if len(s.text) >= 20) >= 3

    def some(side: list[Segment]) -> bool:
        if len(side) >= 3 and all(s.bold for s in side) and not any(s.bold for s in words if _spans(s, [cut])):
            # A margin of bold side headings beside plain prose ("Scope and Coverage", "Planning processes"),
            # where no bold line runs across the cut (then bold marks headings everywhere, not a margin).
            return True
        return len(side) >= 2 and share(side) >= 0.05 and (prose(side) or max(s.size for s in side) > 1.1 * _median_size(words))

    if labels:
        return len(left) >= 2 and prose(right)
    return (prose(left) and some(right)) or (some(left) and prose(right))


def _median_size(segments: list[Segment]) -> float:
    sizes = sorted(s.size for s in segments)
    return sizes[len(sizes) // 2]


def _spans(segment: Segment, cuts: list[float]) -> bool:
    return any(segment.x0 < cut - 1 and segment.x1 > cut + 1 for cut in cuts)


def _column_of(segment: Segment, cuts: list[float]) -> int:
    return sum(1 for cut in cuts if segment.center > cut)


def _lines(members: list[Segment], left: float, right: float, column: int) -> list[Line]:
    """Segments of one column joined into lines (same baseline), top to bottom."""
    lines: list[Line] = []
    group: list[Segment] = []
    for segment in sorted(members, key=lambda s: (-s.bottom, s.x0)):
        if group and abs(group[0].bottom - segment.bottom) > 0.4 * max(group[0].size, segment.size):
            lines.append(_line(group, left, right, column))
            group = []
        group.append(segment)
    if group:
        lines.append(_line(group, left, right, column))
    return lines


def _line(group: list[Segment], left: float, right: float, column: int) -> Line:
    group = sorted(group, key=lambda s: s.x0)
    text = squash(normalize_text(_keep_soft(" ".join(s.text for s in group))))
    sizes = sorted(s.size for s in group)
    return Line(
        text=text, x0=group[0].x0, x1=group[-1].x1, bottom=min(s.bottom for s in group), size=sizes[len(sizes) // 2],
        bold=all(s.bold for s in group), page=group[0].page, left=left, right=right, column=column,
        page_height=group[0].height, ocr=any(s.ocr for s in group), table=any(s.table for s in group),
    )


def _keep_soft(text: str) -> str:
    """A soft-hyphen mark at the line end becomes a plain hyphen (kept or not when lines join); others go."""
    text = text.rstrip()
    if text[-1:] in SOFT_HYPHENS:
        text = text[:-1] + "-"
    return "".join(c for c in text if c not in SOFT_HYPHENS)


# -- footnotes, captions, contents ----------------------------------------------------------------


def split_notes(lines: list[Line], body: float) -> list[Line]:
    """Mark footnotes: small type below the page's last line of body type."""
    by_column: dict[int, list[Line]] = {}
    page_floor: dict[int, float] = {}
    for line in lines:
        by_column.setdefault(line.column, []).append(line)
        if line.size >= 0.9 * body:
            page_floor[line.page] = min(page_floor.get(line.page, line.bottom), line.bottom)
    for column_lines in by_column.values():
        normal = [l.bottom for l in column_lines if l.size >= 0.9 * body]
        if not normal and column_lines[0].page not in page_floor:
            continue
        # Notes set apart from the text by a wide gap form a column of their own: below the page's text.
        floor = min(normal) if normal else page_floor[column_lines[0].page]
        for k, line in enumerate(column_lines):
            if (line.size < 0.88 * body and line.bottom < floor and line.bottom < 0.3 * _page_height(line)
                    and not line.table and not (k and _ends_in_small_type(column_lines[k - 1], line, body))):
                line.note = True
    return lines


def _ends_in_small_type(prev: Line, line: Line, body: float) -> bool:
    """A body line's sentence going on, in lower case, at the usual distance below it, on a line mostly in
    smaller type: a paragraph's last line that holds a citation in smaller type ("age-friendly. (Comprehensive
    Plan Policy 8.38)" at the foot of a city plan's page), not a footnote (train: a city plan, issue 10 round 49)."""
    return (prev.size >= 0.9 * body and not prev.note and line.text[:1].islower()
            and not _SENTENCE_END.search(prev.text) and 0 < prev.bottom - line.bottom <= 1.5 * prev.size)


def _page_height(line: Line) -> float:
    return line.page_height or 792.0


def drop_contents(lines: list[Line]) -> list[Line]:
    """Contents pages: a "Contents" line and entries ending in page numbers; dot leaders anywhere; a contents page
    whose numbers the layout set apart from its entries, with or without its "Contents" line (see below)."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    dropped: set[int] = set()
    for page_lines in by_page.values():
        if any(_CONTENTS.match(l.text) for l in page_lines):
            entries = [l for l in page_lines if _ENDS_WITH_PAGE.search(l.text)]
            if len(entries) >= 3:
                dropped.update(id(l) for l in entries)
                dropped.update(id(l) for l in page_lines if _CONTENTS.match(l.text))
            dropped.update(id(l) for l in _entries_without_numbers(page_lines))
    for page in sorted(by_page)[:_CONTENTS_PAGES]:
        dropped.update(id(l) for l in _contents_page_without_title(by_page[page]))
    return [l for l in lines if id(l) not in dropped and not _DOT_LEADER.search(l.text)]


# A contents page whose page numbers the layout set apart (right-aligned in a region of their own, or in a table
# of their own): its entries are headings' words with no number after them ("Develop a Questionnaire", "Step 3:
# Assess Total Cost of Ownership") -- read as lines of an action plan, they became commitments (issue 10 round 38,
# seen in three unlabelled guides of the CIO Council).  From the "Contents" line on, when nearly every line is
# short and ends no sentence, the lines are entries; the numbers, alone on their lines, go with them.
_ENTRY_WORDS = 14
_ENTRY_SHARE = 0.85
_CONTENTS_PAGES = 6      # contents pages come first
_PAGE_AT_END = re.compile(r"\s(\d{1,3})$")


def _entry_like(line: Line) -> bool:
    return len(line.text.split()) <= _ENTRY_WORDS and not _SENTENCE_END.search(line.text)


def _contents_page_without_title(page_lines: list[Line]) -> list[Line]:
    """A page near the front, without a "Contents" line (the second page of contents, or a title the reader took
    apart), whose lines are nearly all entries and at least six of them end in page numbers that never go down."""
    numbers = [int(m.group(1)) for l in page_lines if (m := _PAGE_AT_END.search(l.text))]
    entries = [l for l in page_lines if _entry_like(l)]
    if len(numbers) < 6 or len(entries) < _ENTRY_SHARE * len(page_lines) or numbers != sorted(numbers):
        return []
    return entries


def _entries_without_numbers(page_lines: list[Line]) -> list[Line]:
    start = next(k for k, l in enumerate(page_lines) if _CONTENTS.match(l.text))
    after = page_lines[start + 1:]
    entries = [l for l in after if _entry_like(l)]
    if len(after) < 5 or len(entries) < _ENTRY_SHARE * len(after):
        return []
    return [page_lines[start], *entries]


# -- paragraphs ----------------------------------------------------------------------------------


def word_counts(lines: list[Line]) -> Counter[str]:
    """How often each word (and each hyphenated compound) appears inside lines, not at their ends."""
    counts: Counter[str] = Counter()
    for line in lines:
        words = _WORD.findall(line.text.lower())
        if line.text.endswith("-") and words:
            words = words[:-1]
        counts.update(words)
        for word in words:
            if "-" in word:
                counts.update(word.split("-"))
    return counts


def blocks_from_lines(lines: list[Line], body: float, counts: Counter[str]) -> list[Block]:
    """Paragraphs, headings and list items; footnotes after the body text."""
    pitch = _pitches(lines)
    main = [l for l in lines if not l.note]
    notes = [l for l in lines if l.note]
    blocks = _group(main, body, pitch, counts)
    numbered, other = _footnotes(notes, counts)
    blocks += _group(other, body, pitch, counts) + numbered
    return [b for b in blocks if b.text and not _is_caption(b) and not _is_label(b)]


def _footnotes(notes: list[Line], counts: Counter[str]) -> tuple[list[Block], list[Line]]:
    """Numbered footnotes as "footnote" blocks with their number as label; the other note lines as they are.

    A note starts at a line opening with its number ("2 Of the $90 billion ...") when the number
    follows the previous note's (or is the first); the lines below it on the same page belong to it.
    A figure that opens a wrapped line ("10 million projects") is not taken for a note number.
    """
    numbered: list[Block] = []
    other: list[Line] = []
    current: list[Line] = []
    label: str | None = None
    last = 0

    def flush() -> None:
        nonlocal current
        if current:
            numbered.append(Block("footnote", _join(current, counts), page=current[0].page, label=label,
                                  ocr=current[0].ocr))
        current = []

    for line in notes:
        found = _NOTE_NUMBER.match(line.text)
        number = int(found.group(1)) if found else None
        if number is not None and (number == last + 1 or (not current and last < number <= last + _NOTE_SKIP)):
            flush()
            label, last = found.group(1), number
            current = [replace(line, text=line.text[found.end():])]
        elif current and line.page == current[-1].page and abs(line.size - current[0].size) <= 0.12 * current[0].size:
            current.append(line)
        else:
            flush()
            other.append(line)
    flush()
    return numbered, other


def _pitches(lines: list[Line]) -> dict[tuple[int, int], float]:
    """The usual distance between lines of one paragraph, per page and type size."""
    gaps: dict[tuple[int, int], list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.column == b.column and abs(a.size - b.size) < 0.5:
            gap = a.bottom - b.bottom
            if gap > 0.9 * a.size:
                gaps.setdefault((a.page, round(a.size)), []).append(gap)
    # A paragraph's lines are rarely set wider apart than twice the type size (fpdf2 and Word defaults stay below).
    return {key: min(sorted(values)[len(values) // 4], 2.0 * key[1]) for key, values in gaps.items()}


def _heading_style(line: Line, body: float) -> int:
    """0 for body text; 1 or 2 for a line set larger or bold, short and without closing punctuation."""
    if len(line.text) > 150 or _SENTENCE_END.search(line.text) and not line.text.endswith(":") and line.size < 1.15 * body:
        return 0
    if line.size >= 1.5 * body:
        return 1
    if line.size >= 1.15 * body:
        return 2
    if line.bold and len(line.text.split()) <= 14 and not line.text.endswith((".", ",", ";")):
        return 3
    return 0


def _group(lines: list[Line], body: float, pitch: dict[tuple[int, int], float], counts: Counter[str]) -> list[Block]:
    blocks: list[Block] = []
    parts: list[Line] = []
    kind = "paragraph"
    style = 0

    def flush() -> None:
        nonlocal parts
        if parts:
            text = _join(parts, counts)
            if kind == "paragraph" and (style or (len(parts) == 1 and looks_like_heading(text) and len(text) < 100
                                                   and not text[:1].isdigit())):
                level = 1 if style == 1 else 2
                blocks.append(Block("heading", text, page=parts[0].page, level=level, ocr=parts[0].ocr))
            elif kind == "paragraph" and (glued := split_glued_item(text)) is not None:
                blocks.append(Block("paragraph", glued[0], page=parts[0].page, ocr=parts[0].ocr))
                blocks.append(Block("list_item", glued[1], page=parts[0].page, ocr=parts[0].ocr))
            else:
                blocks.append(Block(kind, text, page=parts[0].page, ocr=parts[0].ocr))
        parts = []

    for line in lines:
        if line.table:
            flush()
            blocks.append(Block("table_row", line.text, page=line.page, ocr=line.ocr))
            continue
        bullet = _BULLET.match(line.text)
        if bullet and len(line.text) > bullet.end():
            text = line.text[bullet.end():]
            line = replace(line, text=text)
        if not line.text or (bullet and len(line.text) <= bullet.end()) or _NOISE.match(line.text):
            continue
        is_item = bool(bullet) or (bool(ENUMERATION.match(line.text)) and not _series_goes_on(parts, line.text))
        line_style = _heading_style(line, body)
        if parts and not is_item and _continues(parts[-1], line, pitch):
            parts.append(line)  # a sentence going on in lower case: a run-in heading's line, a wrapped item
            style = 0
            continue
        if parts and not is_item and not _breaks(parts[-1], line, body, pitch, style, line_style, kind):
            parts.append(line)
            continue
        flush()
        kind = "list_item" if is_item else "paragraph"
        style = 0 if is_item else line_style
        parts = [line]
    flush()
    return blocks


# An enumerator inside a sentence: "operations will focus on (i) improving X, (ii) boosting Y, and" wrapped so that
# "(iii) strengthening Z." begins the next line (the business plans of a development bank set their series this
# way).  At the start of a line it looks like a list's next item; it is not one when the lines before it, not
# starting with it, hold the enumerator before it inside their text and end no sentence.
_PAREN_LABEL = re.compile(r"\((?P<label>[ivx]{1,4}|[a-z])\)\s")
_INLINE_LABEL = re.compile(r"\s\((?P<label>[ivx]{1,4}|[a-z])\)\s")


def _series_goes_on(parts: list[Line], text: str) -> bool:
    """Whether `text`, a line that opens with "(iii) ", goes on the inline series of `parts` (see above): the line
    before it runs to the column's right edge (a list's item ends short of it) and ends no sentence."""
    m = _PAREN_LABEL.match(text)
    if not m or not parts:
        return False
    prev = parts[-1]
    joined = " ".join(p.text for p in parts).rstrip()
    short = prev.x1 < prev.right - 0.1 * max(prev.right - prev.left, 1.0)
    if short or joined.endswith((".", ":", "?", "!")):
        return False
    return any(label_follows(m.group("label"), inline.group("label")) for inline in _INLINE_LABEL.finditer(joined))


def _continues(prev: Line, line: Line, pitch: dict[tuple[int, int], float]) -> bool:
    """A line in lower case right below (or at the top of the next column after) an unfinished line."""
    if not line.text[:1].islower() or _SENTENCE_END.search(prev.text):
        return False
    if prev.column != line.column:
        return True
    # the wider pitch of the two sizes: a paragraph's last line that holds a smaller citation ("street
    # classification. (Comprehensive Plan Policy 8.40)", most of it in 8.7 pt under 10.7 pt lines) sits at the
    # paragraph's pitch, not at the pitch of its smaller type (train: a city plan's policies, issue 10 round 49)
    usual = max(pitch.get((line.page, round(size)), 1.2 * size) for size in (line.size, prev.size))
    return 0 < prev.bottom - line.bottom <= 1.35 * usual


def _breaks(prev: Line, line: Line, body: float, pitch: dict[tuple[int, int], float], style: int,
            line_style: int, kind: str) -> bool:
    """Whether a new paragraph starts at `line`."""
    if style != line_style:
        return True
    if style:
        return prev.column != line.column or prev.bottom - line.bottom > 2.2 * line.size
    ends = bool(_SENTENCE_END.search(prev.text))
    width = max(prev.right - prev.left, 1.0)
    short = prev.x1 < prev.right - 0.2 * width
    indented = line.x0 > line.left + 0.8 * line.size and kind == "paragraph"
    if abs(prev.size - line.size) > 0.15 * max(prev.size, line.size):
        return True
    if prev.column != line.column:
        # A column or page break ends a paragraph only where a sentence ends too.
        return ends and not line.text[:1].islower()
    gap = prev.bottom - line.bottom
    usual = pitch.get((line.page, round(line.size)), 1.2 * line.size)
    if gap > 1.35 * usual or gap < 0:
        return True
    if ends and (short or indented):
        return True
    if short and prev.x1 < prev.right - 0.4 * width and line.text[:1].isupper() and not prev.text.endswith(","):
        return True
    return False


def _join(parts: list[Line], counts: Counter[str]) -> str:
    text = parts[0].text
    for line in parts[1:]:
        following = line.text
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and following[:1].isalpha():
            head = _WORD.findall(text[:-1])
            tail = _WORD.findall(following)
            if head and tail and following[:1].islower() and not _keep_hyphen(head[-1], tail[0], counts):
                text = text[:-1] + following
            else:
                text += following
        elif text.endswith(("-", "–")) and len(text) > 1 and text[-2].isdigit() and following[:1].isdigit():
            text += following
        elif text.endswith("/") and not text.endswith(" /"):
            text += following
        else:
            text += " " + following
    return text


def _keep_hyphen(head: str, tail: str, counts: Counter[str]) -> bool:
    """Whether "head-" at a line end + "tail" is a hyphenated compound rather than one broken word.

    The document's own usage decides first ("low-carbon" or "lowcarbon" elsewhere in it);
    then an English word list: "implemented" is a word and "imple" is not, so the hyphen
    goes; "world" and "class" are words and "worldclass" is not, so it stays.
    """
    head_word = head.split("-")[-1]
    compound = f"{head_word}-{tail}".lower()
    whole = f"{head_word}{tail}".lower()
    if counts[compound] or counts[whole]:
        return counts[compound] >= counts[whole]
    if "-" in head:  # "long-term-" + "care": a compound already
        return True
    if len(head_word) > 1 and any(c.isupper() for c in head_word[1:]):  # "FAA-" + "approved"
        return True
    words = english_words()
    if whole in words or tail.lower() in _SUFFIXES:
        return False
    if head_word.lower() in _PREFIXES:
        return True
    known = words or counts
    return head_word.lower() in known and tail.lower() in known and len(tail) >= 2


def _is_label(block: Block) -> bool:
    """A few words in lower case with no sentence around them: a label of a diagram or chart."""
    return (block.kind == "paragraph" and block.text[:1].islower() and len(block.text.split()) <= 5
            and not _SENTENCE_END.search(block.text))


def _is_caption(block: Block) -> bool:
    return block.kind != "list_item" and len(block.text) <= 200 and bool(_CAPTION.match(block.text))
