"""PDF -> blocks, with pypdfium2's character boxes and a layout pass of our own.

Each block carries its 1-based page so that a commitment can be cited by page.
pdf_chars reads every character's box, size and weight and cuts the text
into one-column line segments; pdf_layout removes running headers, footers and
page numbers, orders the segments column by column, and builds paragraphs,
headings, list items and numbered footnotes, re-joining sentences cut by column
and page breaks; pdf_tables turns tables into one row segment each ("Grid |
2035 | The operator will ...") before the columns are looked for.
The title comes from the largest type on the first page (or the PDF's own
metadata when that is sane), the publication date from the first pages' text.

PDFium is not thread-safe, and the web app ingests uploads from worker threads,
so all PDFium work is serialised by one lock.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import pdf_ocr
from .blocks import Extracted
from .lines import title_like
from .links import safe_url
from .metadata import find_printed_date, find_printed_date_with_source
from .normalize import normalize_text, squash
from .pdf_chars import Segment, page_segments
from .pdf_tables import tables_as_rows
from .pdf_layout import Line, blocks_from_lines, drop_contents, order_page, remove_running, split_notes, word_counts

_PDFIUM_LOCK = threading.Lock()
_MAX_LISTED_PAGES = 10
_TITLE_MIN_RATIO = 1.25
_TITLE_MAX = 200
_BAD_METADATA_TITLE = re.compile(
    r"^(?:untitled.*|microsoft (?:word|powerpoint)\s*-.*|document\d*|title|slide \d+|.*\.(?:docx?|pdf|txt|exe|indd|qxd|sgm))$"
    r"|^[\w-]+$",
    re.IGNORECASE,
)
_AGENCY = re.compile(r"^AGENCY:")
# Lines of a Federal Register preamble above the subject: docket, RIN, CFR parts, the department.
_FR_PREAMBLE = re.compile(r"^(?:RIN\b|\[|\d+\s+CFR\b|\d+\s+CFR\s+Parts?\b|DEPARTMENT\b|BILLING CODE|Identifier\b)")
_TABLE_LABEL = re.compile(r"^(?:table|figure|chart)\s+\d+[a-z]?\.\s+", re.IGNORECASE)
# The name of a part of any document, which a first page may set larger than the document's own title
# ("Executive Summary" at 17.5 pt under a 16 pt title): never the title (issue 10 round 38, two unlabelled
# white papers of the federal CIO Council read as "Executive Summary" and "Introduction")
_PART_NAME = re.compile(r"\s*(?:\d+\.?\s*)?(?:executive\s+summary|summary|introduction|overview|foreword|preface|abstract|"
                        r"background|acknowledge?ments?|(?:table\s+of\s+)?contents)\s*:?\s*", re.IGNORECASE)


class PdfProblem(ValueError):
    """A PDF that cannot be read; the message is the user-facing reason."""


def read_pdf(data: bytes) -> Extracted:
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise PdfProblem("encrypted PDF: needs a password") from error
            if _opens_without_pages(data):
                raise PdfProblem("broken PDF: the PDF could not be read: it has no pages") from error
            raise PdfProblem(f"broken PDF: {_reason(error)}") from error
        try:
            stated = squash(normalize_text(document.get_metadata_dict().get("Title", "")))
            pages = [page_segments(document, number) for number in range(len(document))]
            blank = [index for index, segments in enumerate(pages) if not segments]
            images = pdf_ocr.render(document, blank) if blank and pdf_ocr.available() else []
            links = [link for number in range(len(document)) for link in _page_links(document, number)]
        except pdfium.PdfiumError as error:
            raise PdfProblem(f"broken PDF: {_reason(error)}") from error
        finally:
            document.close()
    warnings = []
    page_confidence: dict[int, float] = {}  # 1-based page -> OCR's mean word confidence
    if images:
        ocr = pdf_ocr.read(images)
        page_confidence = {index + 1: confidence for index, confidence in ocr.page_confidence.items()}
        for index, segments in ocr.pages.items():
            pages[index] = segments
        read = [index + 1 for index, segments in sorted(ocr.pages.items()) if segments]
        if read:
            warnings.append(f"OCR ({ocr.languages}, tesseract) on page {_listed(read)}: "
                            f"mean word confidence {ocr.confidence:.0f}%")
    empty = [number for number, segments in enumerate(pages, start=1) if not segments]
    if len(empty) == len(pages):
        raise PdfProblem("no text found: scanned PDF?" + ("" if pdf_ocr.available() else " (OCR is not installed)"))
    dated = find_printed_date_with_source([_page_text(segments) for segments in pages[:2]])
    kept = [tables_as_rows(segments) for segments in remove_running(pages)]
    body = _body_size(kept) or _body_size(pages, tables=True) or 10.0
    title, title_source = _title(pages, body, stated)
    lines: list[Line] = []
    column = 0
    for segments in kept:
        page_lines = order_page(segments, column)
        if page_lines:
            column = page_lines[-1].column + 1
        lines.extend(page_lines)
    lines = drop_contents(split_notes(lines, body))
    blocks = blocks_from_lines(lines, body, word_counts(lines))
    if not blocks:
        raise PdfProblem("no text found: scanned PDF?")
    for block in blocks:
        if block.ocr and block.page in page_confidence:
            block.ocr_confidence = round(page_confidence[block.page], 1)
    if empty:
        warnings.append(f"some pages had no text (scanned?): page {_listed(empty)}")
    return Extracted(blocks, title=title, published=dated[0] if dated else None, warnings=warnings,
                     title_source=title_source, published_source=dated[1] if dated else None, links=links)


def _page_links(document: pdfium.PdfDocument, index: int) -> list[tuple[str, str]]:
    """(anchor text, URL) of a page's web links (link annotations with a URI action), top to bottom;
    the anchor is the text under the link's box (the caller holds the PDFium lock).  A page without
    web links costs one walk over its annotations, no text page."""
    page = document[index]
    try:
        boxes: list[tuple[pdfium_c.FS_RECTF, str]] = []
        pos, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
        while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
            action = pdfium_c.FPDFLink_GetAction(link)
            if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
                continue
            size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
            if not 0 < size <= 4096:
                continue
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFAction_GetURIPath(document.raw, action, buf, size)
            url = safe_url(buf.value.decode("utf-8", "replace"))
            rect = pdfium_c.FS_RECTF()
            if url is not None and pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
                boxes.append((rect, url))
        if not boxes:
            return []
        found: list[tuple[float, float, str, str]] = []
        textpage = page.get_textpage()
        try:
            for rect, url in boxes:
                anchor = squash(normalize_text(textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top)))
                if anchor:
                    found.append((-max(rect.top, rect.bottom), min(rect.left, rect.right), anchor, url))
        finally:
            textpage.close()
    finally:
        page.close()
    return [(anchor, url) for _y, _x, anchor, url in sorted(found)]


def _listed(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:_MAX_LISTED_PAGES])) + (", ..." if len(numbers) > _MAX_LISTED_PAGES else "")


def _page_text(segments: list[Segment]) -> str:
    """A page's lines top to bottom (columns not untangled): enough to find a printed date."""
    return "\n".join(s.text for s in sorted(segments, key=lambda s: (-s.bottom, s.x0)))


def _body_size(pages: list[list[Segment]], tables: bool = False) -> float:
    """The type size most characters of running text are set in; 0.0 when the pages hold none.

    Table rows (`Segment.table`, marked by `tables_as_rows`) are left out unless `tables`: a report whose
    appendix sets pages of tables in smaller type than its two pages of prose (a development bank's business
    plan) would otherwise take the tables' size for the body's, and then read every line of prose as a heading
    set larger than the body (issue 10 round 38, seen on an unlabelled ADB plan)."""
    sizes: Counter[float] = Counter()
    for segments in pages:
        for s in segments:
            if tables or not s.table:
                sizes[round(s.size, 1)] += len(s.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _title(pages: list[list[Segment]], body: float, stated: str) -> tuple[str | None, str | None]:
    """The PDF's metadata title when sane and printed on the first pages; else the largest type on the first page.

    With where it came from: "pdf-metadata", "Federal Register subject", "first-page heading", "first-page top line".
    """
    first_words = set(re.findall(r"\w+", " ".join(s.text for segments in pages[:2] for s in segments).lower()))
    sane = stated if stated and not _BAD_METADATA_TITLE.match(stated) and len(stated.split()) >= 2 else ""
    stated_words = set(re.findall(r"\w+", sane.lower()))
    printed, source = _federal_register_title(pages), "Federal Register subject"
    if not printed:
        printed, source = _largest_type(pages, body), "first-page heading (largest type)"
    if not printed:
        printed, source = _first_line(pages, stated_words), "first-page top line"
    if printed and sane and stated_words <= set(re.findall(r"\w+", printed.lower())):
        return printed, source  # the printed title says it all, often more fully ("National Weekly Ag Energy Round-Up")
    if sane and stated_words <= first_words:
        return sane[:_TITLE_MAX], "pdf-metadata"
    if printed:
        return printed, source
    return (sane, "pdf-metadata") if sane else (None, None)


def _largest_type(pages: list[list[Segment]], body: float) -> str | None:
    first = next((segments for segments in pages if segments), [])
    candidates = [s for s in first if len(s.text.strip()) >= 2 and any(c.isalpha() for c in s.text)
                  and not _PART_NAME.fullmatch(s.text)]
    if not candidates:
        return None
    largest = max(s.size for s in candidates)
    if largest < _TITLE_MIN_RATIO * body:
        return None
    ordered = sorted(candidates, key=lambda s: (-s.bottom, s.x0))
    first = next(i for i, s in enumerate(ordered) if s.size >= largest - 0.5)
    lines = [ordered[first]]
    for s in ordered[first + 1:]:  # the following lines of the title (a subtitle in smaller type too)
        if (s.size >= max(0.6 * largest, _TITLE_MIN_RATIO * body) and lines[-1].bottom - s.bottom <= 2.2 * lines[-1].size
                and s.bold == lines[0].bold and not find_printed_date([s.text])):
            lines.append(s)
        else:
            break
    # Lines in smaller type go on with the title when in Title Case ("Federal Agency Field Guide");
    # in sentence case they are a tagline under it ("De-risking custom technology projects").
    smaller = next((i for i, s in enumerate(lines) if s.size < 0.9 * largest), len(lines))
    if smaller < len(lines) and not title_like(squash(" ".join(s.text for s in lines[smaller:]))):
        lines = lines[:smaller]
    title = _TABLE_LABEL.sub("", squash(" ".join(s.text for s in lines)))
    return title[:_TITLE_MAX] if len(title) >= 3 else None


def _first_line(pages: list[list[Segment]], stated_words: set[str]) -> str | None:
    """The first page's top line, when it is bold and says all the metadata title says ("National Weekly Ag ...")."""
    first = next((segments for segments in pages if segments), [])
    if not first or not stated_words:
        return None
    top = max(first, key=lambda s: (s.bottom, -s.x0))
    if top.bold and stated_words <= set(re.findall(r"\w+", top.text.lower())):
        return squash(top.text)[:_TITLE_MAX]
    return None


def _federal_register_title(pages: list[list[Segment]]) -> str | None:
    """A Federal Register document's subject: the bold lines just before "AGENCY:"."""
    for segments in pages[:2]:
        ordered = sorted(segments, key=lambda s: (s.x0 // 150, -s.bottom))
        for index, segment in enumerate(ordered):
            if _AGENCY.match(segment.text):
                title: list[str] = []
                below = segment
                for previous in reversed(ordered[:index]):
                    if (not previous.bold or previous.x0 // 150 != segment.x0 // 150 or _FR_PREAMBLE.match(previous.text)
                            or previous.bottom - below.bottom > 3.0 * previous.size):
                        break
                    title.insert(0, previous.text)
                    below = previous
                if title:
                    return squash(" ".join(title))[:_TITLE_MAX]
    return None


def _opens_without_pages(data: bytes) -> bool:
    """True when PDFium parses the file but finds no page in it (an empty or broken page tree).

    pypdfium2 reports that case as a load failure with PDFium's *last* error code, which
    is "Success" (or a stale code from an earlier file), so it is told apart here by
    opening the file through the raw API and counting its pages.
    """
    raw = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not raw:
        return False
    try:
        return pdfium_c.FPDF_GetPageCount(raw) < 1
    finally:
        pdfium_c.FPDF_CloseDocument(raw)


def _reason(error: Exception) -> str:
    """PDFium's own words ("Data format error") without the wrapper text; never "success"."""
    message = str(error)
    start, end = message.find("(PDFium: "), message.rfind(")")
    words = message[start + len("(PDFium: "):end] if 0 <= start < end else message
    words = words.strip().rstrip(".").lower()
    if words in ("", "success"):  # PDFium failed without saying why
        return "the PDF could not be read: PDFium gave no reason"
    return words

