"""A stored PDF's pages as images, and where a sentence sits on its page.

People check a quote against the page it came from, so the commitment page shows the
page image with the sentence's lines marked.  Pages are rendered with PDFium
(pypdfium2) at a bounded width and cached as PNG files beside the originals, keyed by
the file's sha256, the page and the width, so a page is rendered once.

The sentence's boxes come from PDFium's text page.  The page's characters are read
once and keyed by their letters and digits only (lower-cased, NFKC: spaces, line
breaks, hyphens and quotes differ between the PDF and the extracted sentence, letters
do not); the sentence's key is found in the page's, which gives its first and last
character indices on the page, and PDFium's text rectangles over that range are the
marks: one box per line, from the sentence's first letter to its last, so the end of
the previous sentence on the same line is not marked.  A sentence that runs onto the
next page is marked to the end of this one; one that began on the page before, from the
top.  When the letters cannot be matched (a dropped footnote marker inside the sentence,
a rotated page), the page's line segments that carry the sentence are marked whole.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kb.ingest.pdf import _PDFIUM_LOCK
from kb.ingest.pdf_chars import SOFT_HYPHENS, page_segments

PAGE_WIDTH_PX = 900          # rendered width; the height follows the page's shape
MAX_SCALE = 3.0              # a tiny page is not blown up beyond this
_MIN_LINE = 8                # a shorter line only counts when it holds the sentence's start or end
_EDGE = 20                   # characters of the sentence's start and end looked for in a line


class PageNotFound(LookupError):
    """The document has no such page (or is not a PDF)."""


@dataclass(frozen=True)
class Box:
    """A marked line, in PDF points from the page's top-left corner (y grows downwards, as in SVG)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PageMarks:
    """A page's size in points and the boxes of a sentence's lines on it."""

    width: float
    height: float
    boxes: tuple[Box, ...]


def _open(data: bytes, page: int) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PageNotFound(f"the original is not a readable PDF: {error}") from None
    if not 1 <= page <= len(document):
        n = len(document)
        document.close()
        raise PageNotFound(f"page {page} does not exist (the PDF has {n} page{'s' if n != 1 else ''})")
    return document


def page_png(data: bytes, sha256: str, page: int, cache_dir: Path, width: int = PAGE_WIDTH_PX) -> bytes:
    """PNG bytes of one page (1-based) of the PDF `data`, rendered once and then read from `cache_dir`."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("sha256 must be 64 hex digits")
    path = Path(cache_dir) / f"{sha256}-p{page}-w{width}.png"
    if path.exists():
        return path.read_bytes()
    with _PDFIUM_LOCK:
        document = _open(data, page)
        try:
            pdf_page = document[page - 1]
            try:
                scale = min(MAX_SCALE, width / max(1.0, pdf_page.get_width()))
                image = pdf_page.render(scale=scale).to_pil()
            finally:
                pdf_page.close()
        finally:
            document.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    png = buf.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(png)
    os.replace(tmp, path)       # readers never see half a file
    return png


def _norm(text: str) -> str:
    for h in SOFT_HYPHENS:
        text = text.replace(h, "")
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> tuple[str, list[int]]:
    """The letters and digits of `text`, lower-cased (NFKC), and for each the index of its character."""
    out, where = [], []
    for i, ch in enumerate(text):
        for k in unicodedata.normalize("NFKC", ch).lower():
            if k.isalnum():
                out.append(k)
                where.append(i)
    return "".join(out), where


_MIN_PART = 12   # letters of a sentence's start or end that must match for a part of it to be marked


def _longest(page_key: str, sentence_key: str, suffix: bool) -> int:
    """How many of the sentence's first (or last) letters the page holds in a row (binary search: a part
    of a found part is found too)."""
    lo, hi = 0, len(sentence_key)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        part = sentence_key[-mid:] if suffix else sentence_key[:mid]
        if part in page_key:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _char_range(page_key: str, sentence_key: str) -> tuple[int, int] | None:
    """[first, last] positions of the sentence in the page's key: the whole sentence; else from its start
    to its end when both are there (a footnote marker between); else its start to the page's end (it runs
    onto the next page); else its end (it began on the page before)."""
    n = len(sentence_key)
    if n < 4:
        return None
    at = page_key.find(sentence_key)
    if at >= 0:
        return at, at + n - 1
    lp, ls = _longest(page_key, sentence_key, False), _longest(page_key, sentence_key, True)
    h = page_key.find(sentence_key[:lp]) if lp >= _MIN_PART else -1
    t = page_key.find(sentence_key[-ls:], max(h, 0)) if ls >= _MIN_PART else -1
    if h >= 0 and t >= 0 and t + ls - h <= n + _MIN_PART:
        return h, t + ls - 1
    if h >= 0 and h + lp == len(page_key):
        return h, h + lp - 1
    if ls >= _MIN_PART and ls >= lp:
        t = page_key.find(sentence_key[-ls:])
        return t, t + ls - 1
    return None


def _exact_boxes(pdf_page: pdfium.PdfPage, page_h: float, sentence: str) -> tuple[Box, ...] | None:
    """The sentence's boxes from PDFium's text rectangles, or None when its letters are not on the page."""
    if pdf_page.get_rotation() % 360:
        return None
    textpage = pdf_page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range() if count > 0 else ""
        if len(text) != count:
            text = "".join(chr(c) if 0 <= (c := pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) < 0x110000 else " "
                           for i in range(max(count, 0)))
        page_key, where = _key(text)
        found = _char_range(page_key, _key(sentence)[0])
        if found is None:
            return None
        first, last = where[found[0]], where[found[1]]
        n = textpage.count_rects(first, last - first + 1)
        rects = [textpage.get_rect(i) for i in range(n)]
    finally:
        textpage.close()
    boxes = [Box(x=left, y=page_h - top, width=right - left, height=top - bottom)
             for left, bottom, right, top in rects if right > left and top > bottom]
    return _merge_lines(boxes) or None


def _merge_lines(boxes: list[Box]) -> tuple[Box, ...]:
    """PDFium's rectangles joined into one per line (it cuts a line at font changes and spaces)."""
    lines: list[Box] = []
    for b in sorted(boxes, key=lambda b: (round(b.y + b.height / 2), b.x)):
        last = lines[-1] if lines else None
        if last is not None and abs((last.y + last.height / 2) - (b.y + b.height / 2)) < max(last.height, b.height) / 2:
            x0, y0 = min(last.x, b.x), min(last.y, b.y)
            x1, y1 = max(last.x + last.width, b.x + b.width), max(last.y + last.height, b.y + b.height)
            lines[-1] = Box(x0, y0, x1 - x0, y1 - y0)
        else:
            lines.append(b)
    return tuple(lines)


def sentence_boxes(data: bytes, page: int, sentence: str) -> PageMarks:
    """The page's size and the boxes of the sentence on it, one per line (no boxes when it is not found)."""
    with _PDFIUM_LOCK:
        document = _open(data, page)
        try:
            pdf_page = document[page - 1]
            try:
                page_w, page_h = pdf_page.get_size()
                exact = _exact_boxes(pdf_page, page_h, sentence)
            finally:
                pdf_page.close()
            if exact is not None:
                return PageMarks(page_w, page_h, exact)
            segments = page_segments(document, page - 1)
        finally:
            document.close()
    return PageMarks(page_w, page_h, _line_boxes(segments, sentence))


def _line_boxes(segments, sentence: str) -> tuple[Box, ...]:
    """The fallback: whole line segments whose text lies inside the sentence or holds its first or last words."""
    sent = _norm(sentence)
    head, tail = sent[:_EDGE], sent[-_EDGE:]
    out = []
    for s in segments:
        line = _norm(s.text)
        bare = line.rstrip("-")            # a line-end hyphen is gone from the joined sentence
        inside = len(bare) >= _MIN_LINE and bare in sent
        if not (inside or (len(head) >= 4 and head in line) or (len(tail) >= 4 and tail in line)):
            continue
        out.append(Box(x=s.x0, y=s.height - s.top, width=s.x1 - s.x0, height=s.top - s.bottom))
    return tuple(out)
