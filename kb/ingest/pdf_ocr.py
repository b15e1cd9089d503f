"""OCR for pages without a text layer (scans), with Debian's tesseract-ocr.

Pages are rendered with PDFium (under the caller's lock) and read by the
`tesseract` command (installed by `make ocr`: apt-get install tesseract-ocr
tesseract-ocr-eng tesseract-ocr-chi-sim); its TSV output gives every word's box,
so the OCR'd lines go through the same layout pass as born-digital text
(columns, paragraphs, running heads).  No tesseract: the scan fails as before,
with a reason that says OCR is not installed.  Ingestion runs in the parser
sandbox (kb.sandbox), whose time and memory budget covers the OCR too.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from .pdf_chars import Segment

_DPI = 300
_MAX_PAGES = 12  # about 3 s a page: stays inside the parser sandbox's default 60 s
_SECONDS_PER_PAGE = 40
_TOTAL_SECONDS = 40  # of OCR for one document, inside the sandbox's 60 s
_MIN_CONFIDENCE = 60.0
# A line's box is about this many times its font size high (ascenders to descenders).
_BOX_TO_SIZE = 1.1


@dataclass
class OcrResult:
    pages: dict[int, list[Segment]]   # 0-based page index -> segments
    confidence: float                  # mean word confidence, 0-100
    languages: str
    page_confidence: dict[int, float] = field(default_factory=dict)  # 0-based page index -> its mean word confidence


def available() -> bool:
    return shutil.which("tesseract") is not None


def render(document: pdfium.PdfDocument, indexes: list[int]) -> list[tuple[int, bytes, float, float]]:
    """PNG bytes of the pages (the caller holds the PDFium lock), with each page's size in points."""
    images = []
    for index in indexes[:_MAX_PAGES]:
        page = document[index]
        try:
            width, height = page.get_size()
            bitmap = page.render(scale=_DPI / 72, grayscale=True)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG")
            images.append((index, buffer.getvalue(), width, height))
        finally:
            page.close()
    return images


def read(images: list[tuple[int, bytes, float, float]]) -> OcrResult:
    """OCR the rendered pages: English first; Simplified Chinese too where English reads poorly."""
    chinese = "chi_sim" in _languages()   # tried once, on the first page that English reads poorly
    pages: dict[int, list[Segment]] = {}
    confidences: list[float] = []
    page_confidence: dict[int, float] = {}
    used = "eng"
    started = time.monotonic()
    for index, png, width, height in images:
        if time.monotonic() - started > _TOTAL_SECONDS:
            break  # the remaining pages stay empty and are listed in the warnings
        segments, confidence = _page(png, index, width, height, used)
        if confidence < _MIN_CONFIDENCE and chinese and used == "eng":
            chinese = False
            retry, retry_confidence = _page(png, index, width, height, "chi_sim+eng")
            if retry_confidence > confidence:
                segments, confidence, used = retry, retry_confidence, "chi_sim+eng"
        pages[index] = segments
        if segments:
            confidences.append(confidence)
            page_confidence[index] = confidence
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrResult(pages, mean, used, page_confidence)


def _languages() -> set[str]:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line.strip() for line in out.splitlines()[1:] if line.strip()}


def _page(png: bytes, index: int, width: float, height: float, languages: str) -> tuple[list[Segment], float]:
    with tempfile.TemporaryDirectory(prefix="policykb-ocr-") as folder:
        path = os.path.join(folder, "page.png")
        with open(path, "wb") as handle:
            handle.write(png)
        try:
            done = subprocess.run(
                ["tesseract", path, "stdout", "-l", languages, "--psm", "3", "tsv"],
                capture_output=True, text=True, timeout=_SECONDS_PER_PAGE,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
        except (OSError, subprocess.SubprocessError):
            return [], 0.0
    if done.returncode != 0:
        return [], 0.0
    return _segments(done.stdout, index, width, height)


def _segments(tsv: str, index: int, width: float, height: float) -> tuple[list[Segment], float]:
    """Tesseract's words grouped by its lines, in PDF points (y upwards)."""
    scale = _DPI / 72
    lines: dict[tuple[int, int, int], list[dict[str, str]]] = {}
    confidences = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        try:
            confidence = float(row["conf"])
        except (TypeError, ValueError):
            continue
        if confidence < 0:
            continue
        confidences.append(confidence)
        lines.setdefault((int(row["block_num"]), int(row["par_num"]), int(row["line_num"])), []).append(row)
    segments = []
    for words in lines.values():
        left = min(int(w["left"]) for w in words) / scale
        right = max(int(w["left"]) + int(w["width"]) for w in words) / scale
        top = min(int(w["top"]) for w in words) / scale
        bottom = max(int(w["top"]) + int(w["height"]) for w in words) / scale
        text = " ".join(w["text"].strip() for w in words)
        size = max((bottom - top) / _BOX_TO_SIZE, 1.0)
        segments.append(Segment(
            text=text, x0=left, x1=right, bottom=height - bottom, top=height - top, size=size, bold=False,
            page=index + 1, height=height, width=width, ocr=True,
        ))
    if segments:  # OCR boxes vary with ascenders and descenders: one size for the body, larger for titles
        sizes = sorted(s.size for s in segments)
        median = sizes[len(sizes) // 2]
        for segment in segments:
            if segment.size < 1.4 * median:
                segment.size = median
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return segments, mean
