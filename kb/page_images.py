"""A stored PDF's pages as images, and where a sentence sits on its page.

People check a quote against the page it came from, so the commitment page shows the
page image with the sentence's lines marked.  Pages are rendered with PDFium
(pypdfium2) at a bounded width and cached as PNG files beside the originals, keyed by
the file's sha256, the page and the width, so a page is rendered once.

The sentence's boxes come from PDFium's character boxes (kb.ingest.pdf_chars): the
page's line segments whose text lies inside the sentence, or holds its first or last
words.  This is a text match on the extracted lines, not a character-exact map: a
line that holds the end of one sentence and the start of the next is marked whole.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

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


def sentence_boxes(data: bytes, page: int, sentence: str) -> PageMarks:
    """The page's size and the boxes of its lines that carry `sentence` (no boxes when none is found)."""
    with _PDFIUM_LOCK:
        document = _open(data, page)
        try:
            pdf_page = document[page - 1]
            try:
                page_w, page_h = pdf_page.get_size()
            finally:
                pdf_page.close()
            segments = page_segments(document, page - 1)
        finally:
            document.close()
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
    return PageMarks(page_w, page_h, tuple(out))
