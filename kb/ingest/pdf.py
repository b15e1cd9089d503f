"""PDF -> blocks, one page at a time, with pypdfium2.

Each block carries its 1-based page so that a commitment can be cited by page.
PDF text has no blank lines: paragraphs are found from the vertical gaps
between lines (PDFium gives each character's box), and from short last lines.
Running headers and footers, repeated on many pages, are dropped.
PDFium is not thread-safe, and the web app ingests uploads from worker threads,
so all PDFium work is serialised by one lock.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import NamedTuple

import pypdfium2 as pdfium

from .blocks import Block, Extracted
from .lines import BLANK, LIST_ITEM, TEXT, Line, group, list_marker
from .normalize import normalize_text, squash

_PDFIUM_LOCK = threading.Lock()
_MAX_LISTED_PAGES = 10
# PDFium marks a word hyphenated at a line end with U+0002 or U+FFFE: rejoin the word.
_SOFT_HYPHENS = ("\x02", "\ufffe")
# A gap between lines this many times the page's usual line spacing separates paragraphs.
_PARAGRAPH_GAP = 1.4
_MIN_LINE_GAP = 2.0
# A line among the first or last few of at least half the pages (and of 3 or more) is a running head.
_RUNNING_MIN_PAGES = 3
_RUNNING_EDGE_LINES = 2
_RUNNING_MAX_LENGTH = 120
_DIGITS = re.compile(r"\d+")
_CONTINUES = tuple(".!?:;。！？；\"”'’)]")


class PdfLine(NamedTuple):
    text: str
    baseline: float | None  # y of the first character's box bottom; PDF y grows upwards


class PdfProblem(ValueError):
    """A PDF that cannot be read; the message is the user-facing reason."""


def read_pdf(data: bytes) -> Extracted:
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise PdfProblem("encrypted PDF: needs a password") from error
            raise PdfProblem(f"broken PDF: {_reason(error)}") from error
        try:
            title = squash(normalize_text(document.get_metadata_dict().get("Title", "")))
            pages = [_page_lines(document, number) for number in range(len(document))]
        except pdfium.PdfiumError as error:
            raise PdfProblem(f"broken PDF: {_reason(error)}") from error
        finally:
            document.close()
    running = _running_heads(pages)
    blocks: list[Block] = []
    empty: list[int] = []
    for number, lines in enumerate(pages, start=1):
        lines = [line for line in lines if _shape(line.text) not in running]
        page_blocks = _page_blocks(lines)
        if not page_blocks:
            empty.append(number)
        for block in page_blocks:
            block.page = number
        _join_across_pages(blocks, page_blocks)
    if not blocks:
        raise PdfProblem("no text found: scanned PDF?")
    warnings = []
    if empty:
        listed = ", ".join(map(str, empty[:_MAX_LISTED_PAGES])) + (", ..." if len(empty) > _MAX_LISTED_PAGES else "")
        warnings.append(f"some pages had no text (scanned?): page {listed}")
    return Extracted(blocks, title=title or None, warnings=warnings)


def _page_lines(document: pdfium.PdfDocument, index: int) -> list[PdfLine]:
    """The page's text lines in PDFium's reading order, each with the baseline of its first character."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            located = len(text) == textpage.count_chars()
            lines: list[PdfLine] = []
            offset = 0
            for raw in text.split("\n"):
                line = raw.rstrip("\r")
                first = offset + len(line) - len(line.lstrip())
                baseline = textpage.get_charbox(first)[1] if located and line.strip() else None
                lines.append(PdfLine(line, baseline))
                offset += len(raw) + 1
            return _rejoin_hyphenated(lines)
        finally:
            textpage.close()
    finally:
        page.close()


def _rejoin_hyphenated(lines: list[PdfLine]) -> list[PdfLine]:
    joined: list[PdfLine] = []
    for line in lines:
        if joined and joined[-1].text.endswith(_SOFT_HYPHENS):
            joined[-1] = PdfLine(joined[-1].text[:-1] + line.text.lstrip(), joined[-1].baseline)
        else:
            joined.append(line)
    return joined


def _page_blocks(lines: list[PdfLine]) -> list[Block]:
    """Blocks of one page: a wider gap between lines than the usual spacing starts a paragraph."""
    gaps = [a.baseline - b.baseline for a, b in zip(lines, lines[1:]) if a.baseline is not None and b.baseline is not None]
    spacing = _line_spacing(gaps)
    classified: list[Line] = []
    previous: float | None = None
    for pdf_line in lines:
        line = squash(normalize_text(pdf_line.text))
        if not line:
            classified.append(Line("", BLANK))
            continue
        if spacing and previous is not None and pdf_line.baseline is not None:
            gap = previous - pdf_line.baseline
            if gap < 0 or gap > _PARAGRAPH_GAP * spacing:
                classified.append(Line("", BLANK))
        previous = pdf_line.baseline
        is_item, body = list_marker(line)
        classified.append(Line(body, LIST_ITEM if is_item else TEXT))
    return group(classified, wrapped=True, promote_headings=True)


def _running_heads(pages: list[list[PdfLine]]) -> set[str]:
    """Header and footer lines repeated on many pages ("Annual Plan 2023 | page 4"), by shape."""
    if len(pages) < _RUNNING_MIN_PAGES:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        texts = [line.text for line in lines if line.text.strip()]
        edges = texts[:_RUNNING_EDGE_LINES] + texts[-_RUNNING_EDGE_LINES:]
        counts.update({_shape(text) for text in edges if len(text) <= _RUNNING_MAX_LENGTH})
    threshold = max(_RUNNING_MIN_PAGES, len(pages) // 2)
    return {shape for shape, count in counts.items() if count >= threshold}


def _shape(text: str) -> str:
    """A line with its numbers blanked out, so "Page 3" and "Page 4" look alike."""
    return _DIGITS.sub("#", squash(text).lower())


def _line_spacing(gaps: list[float]) -> float | None:
    """The usual distance between lines of one paragraph: a low percentile of the gaps.

    Not the median: a page of short paragraphs has more paragraph gaps than line gaps.
    Gaps under a couple of points are superscripts or table cells, not lines.
    """
    lines = sorted(gap for gap in gaps if gap >= _MIN_LINE_GAP)
    return lines[len(lines) // 5] if lines else None


def _join_across_pages(blocks: list[Block], page_blocks: list[Block]) -> None:
    """Append a page's blocks, mending a paragraph that a page break cut mid-sentence."""
    if (
        blocks
        and page_blocks
        and blocks[-1].kind == page_blocks[0].kind == "paragraph"
        and not blocks[-1].text.endswith(_CONTINUES)
        and page_blocks[0].text[:1].islower()
    ):
        blocks[-1].text = f"{blocks[-1].text} {page_blocks.pop(0).text}"
    blocks.extend(page_blocks)


def _reason(error: Exception) -> str:
    """PDFium's own words ("Data format error") without the wrapper text."""
    message = str(error)
    start, end = message.find("(PDFium: "), message.rfind(")")
    return message[start + len("(PDFium: "):end].rstrip(".").lower() if 0 <= start < end else message or "unreadable"
