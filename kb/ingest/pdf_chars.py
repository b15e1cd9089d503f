"""PDF pages -> positioned text segments, read from PDFium's character boxes.

A segment is a run of characters on one baseline with no wide horizontal gap
inside it: one line of one column.  PDFium gives characters in content-stream
order, which for multi-column pages (Federal Register, IRS instructions) often
interleaves the columns line by line; cutting runs at wide gaps and keeping
every run's box lets the layout step (pdf_layout) rebuild the reading order.

Footnote markers (small raised digits) are dropped here, where the sizes and
baselines of single characters are still known: "investment.2 We" reads
"investment. We".  Raised ordinal suffixes stay with their number ("August 14th,
2024"), where cutting them off at the baseline jump made each a line of its own.
"""

from __future__ import annotations

import ctypes
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# A horizontal gap wider than this many font sizes ends a segment (a column gutter, a table cell).
_GAP_EMS = 1.0
# A baseline jump of more than this many font sizes ends a segment.
_BASELINE_EMS = 0.25
_MARKER_CHARS = frozenset("0123456789*†‡§,")
_SMALL = 0.8
# Ordinal suffixes set raised after a number ("14th", "1st"), kept on the number's line.
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_ORDINAL_FIRST = frozenset(o[0] for o in _ORDINALS)
_LINE_BREAKS = frozenset("\r\n")
# A loose box is about this many times the font size high (ascent + descent).
_LOOSE_TO_SIZE = 1.15
# PDFium marks a hyphen it believes typographic with U+0002 or U+FFFE; we decide ourselves.
SOFT_HYPHENS = frozenset("\x02\ufffe\u00ad")
# Word's PDF export with the Calibri and Cambria ligatures on maps a ligature to an unrelated letter ("informaƟon",
# "beƩer", "oŌen", "plaƞorm", "formaƫng"): inside a word in lower case each stands for its letters (issue 10 round
# 38, seen in an unlabelled CISO handbook of the CIO Council: about 4,700 words so broken, "information" among them,
# which neither the parser nor keyword search could read).
_LIGATURES = {"Ɵ": "ti", "Ʃ": "tt", "Ō": "ft", "ƞ": "tf", "ƫ": "tti"}
# after a letter; "Ɵ" also before a lower-case one, opening a word ("Ɵmely", "enƟƟes"), which no other of them does
# (a real "Ō" opens Māori words: "Ōtautahi")
_LIGATURE_IN_WORD = re.compile(r"(?<=[A-Za-z])[" + "".join(_LIGATURES) + r"]|\u019f(?=[a-z])")


@dataclass
class Segment:
    text: str
    x0: float
    x1: float
    bottom: float      # baseline-ish: the lowest box bottom of its letters; PDF y grows upwards
    top: float
    size: float        # font size, points
    bold: bool
    page: int          # 1-based
    height: float      # of the page, points
    width: float       # of the page, points
    tags: set[str] = field(default_factory=set)
    ocr: bool = False  # read by OCR from the page's image (kb.ingest.pdf_ocr)
    table: bool = False  # a whole table row, cells joined by " | " (kb.ingest.pdf_tables)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Char:
    char: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    bold: bool


def page_segments(document: pdfium.PdfDocument, index: int) -> list[Segment]:
    """The page's segments in PDFium order (the caller holds the PDFium lock)."""
    page = document[index]
    try:
        width, height = page.get_size()
        rotation = page.get_rotation()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    if rotation in (90, 180, 270):
        chars = [_turn(c, rotation, width, height) if c is not None else None for c in chars]
    return _segments(chars, index + 1, width, height)


def _turn(c: _Char, rotation: int, width: float, height: float) -> _Char:
    """A letter's box in the page as displayed: PDFium gives boxes in the unrotated page space.

    `width` and `height` are the displayed page's (a landscape table set on a portrait page
    with /Rotate 90 reads left to right only after turning).
    """
    if rotation == 90:    # displayed x runs along unrotated y; displayed top is unrotated left
        return replace(c, x0=c.bottom, x1=c.top, bottom=height - c.x1, top=height - c.x0)
    if rotation == 270:
        return replace(c, x0=width - c.top, x1=width - c.bottom, bottom=c.x0, top=c.x1)
    return replace(c, x0=width - c.x1, x1=width - c.x0, bottom=height - c.top, top=height - c.bottom)


def _chars(textpage: pdfium.PdfTextPage) -> list[_Char | None]:
    """Characters with their loose boxes (advance width x font ascent..descent); None where PDFium breaks a line.

    Loose boxes, not tight glyph boxes: every letter of a line shares their bottom, and
    their height is the font's, even where a PDF scales a 1-point font by its text matrix.
    """
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    out: list[_Char | None] = []
    fonts: dict[int, bool] = {}
    plain = ctypes.cast(handle, ctypes.c_void_p)
    text_object = _text_object_address()
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:  # one string for the page when it lines up with the characters (it nearly always does)
        text = "".join(_unicode(handle, i) for i in range(max(count, 0)))
    high = -1   # the index of a first UTF-16 half waiting for its second
    for i, char in enumerate(text):
        if "\ud800" <= char <= "\udbff":
            # a character beyond U+FFFF ("𝐶" in a formula) comes as two UTF-16 halves with an
            # index each: the first is held, the second joins it and takes its box where it has
            # one; a half without its partner is dropped
            high = i
            continue
        box_index = i
        if "\udc00" <= char <= "\udfff":
            if high != i - 1:
                continue
            char = (text[high] + char).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            if raw.FPDFText_GetLooseCharBox(handle, high, ref):
                box_index = high
        high = -1
        if char in _LINE_BREAKS:
            if out and out[-1] is not None:
                out.append(None)
            continue
        if char.isspace():
            out.append(_Char(" ", 0, 0, 0, 0, 0, False))
            continue
        if not raw.FPDFText_GetLooseCharBox(handle, box_index, ref):
            continue
        height = rect.top - rect.bottom
        if height <= 0:
            continue
        key = text_object(plain, box_index) or 0  # the text object's address: its characters share one font
        bold = fonts.get(key)
        if bold is None:
            bold = fonts[key] = _is_bold(raw.FPDFText_GetTextObject(handle, box_index))
        out.append(_Char(char, rect.left, rect.right, rect.bottom, rect.top, height / _LOOSE_TO_SIZE, bold))
    return out


@functools.lru_cache(maxsize=1)
def _text_object_address() -> Callable[[ctypes.c_void_p, int], int | None]:
    """FPDFText_GetTextObject returning a plain address, cheap to use as a dictionary key."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    return prototype(ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


def _is_bold(obj: object) -> bool:
    """Bold by the font's weight, or by its name where the PDF does not say ("Helvetica-Bold", "Arial,Bold")."""
    if not obj:
        return False
    font = raw.FPDFTextObj_GetFont(obj)
    if not font:
        return False
    if raw.FPDFFont_GetWeight(font) >= 600:
        return True
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return False
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    name = buffer.value.decode("latin-1", "replace").lower()
    return any(word in name for word in ("bold", "black", "heavy", "semibold", "demi"))


def _unicode(handle: object, index: int) -> str:
    code = raw.FPDFText_GetUnicode(handle, index)
    return chr(code) if 0 <= code < 0x110000 else "\ufffd"


def _segments(chars: list[_Char | None], page: int, width: float, height: float) -> list[Segment]:
    runs: list[list[_Char]] = []
    run: list[_Char] = []
    last: _Char | None = None
    for char in chars:
        if char is None:
            if run:
                runs.append(run)
            run, last = [], None
            continue
        if char.char == " ":
            if run and run[-1].char != " ":
                run.append(char)
            continue
        if last is not None:
            size = max(last.size, char.size, 1.0)
            gap = char.x0 - last.x1
            jumped = abs(char.bottom - last.bottom) > _BASELINE_EMS * size and not _overlaps(last, char) \
                and not _ordinal_suffix(run, char)
            if gap > _GAP_EMS * size or gap < -size or jumped:
                runs.append(run)
                run = []
        run.append(char)
        last = char
    if run:
        runs.append(run)
    runs = _drop_markers(runs)
    segments = []
    for run in runs:
        letters = [c for c in run if c.char != " "]
        if not letters:
            continue
        text = "".join(c.char for c in run).strip()
        if any(c in _LIGATURES for c in text):
            text = _LIGATURE_IN_WORD.sub(lambda m: _LIGATURES[m.group()], text)
        x0 = min(c.x0 for c in letters)
        x1 = max(c.x1 for c in letters)
        bottom = min(c.bottom for c in letters)
        top = max(c.top for c in letters)
        if len(letters) >= 3 and (top - bottom) > 2.5 * (x1 - x0):
            continue  # vertical text in a margin
        sizes = sorted(c.size for c in letters)
        segments.append(Segment(
            text=text, x0=x0, x1=x1, bottom=bottom, top=top, size=sizes[len(sizes) // 2],
            bold=sum(c.bold for c in letters) >= 0.97 * len(letters), page=page, height=height, width=width,
        ))
    return segments


def _ordinal_suffix(run: list[_Char], char: _Char) -> bool:
    """A raised ordinal suffix and the text after it stay on their number's line: "August 14th, 2024".

    Typesetters raise "st", "nd", "rd" and "th" in small type after a number.  Cut at
    the baseline jump, the suffix became a line of its own, which the layout put above
    its number ("th August 14 , 2024").  True when `char` opens such a suffix right
    after a digit, or is the normal-size text that follows a whole suffix on the
    number's baseline.
    """
    last = run[-1] if run else None
    if last is None or last.char == " ":
        return False
    tight = char.x0 - last.x1 < 0.3 * max(last.size, char.size)
    if last.char.isdigit():     # opening: a small letter raised after a digit
        return tight and char.char in _ORDINAL_FIRST and char.size < _SMALL * last.size and char.bottom > last.bottom
    suffix = "".join(c.char for c in run[-2:])
    number = run[-3] if len(run) >= 3 else None
    return tight and suffix in _ORDINALS and number is not None and number.char.isdigit() \
        and all(c.size < _SMALL * number.size and c.bottom > number.bottom for c in run[-2:]) \
        and abs(char.bottom - number.bottom) <= _BASELINE_EMS * number.size and char.size >= _SMALL * number.size


def _overlaps(a: _Char, b: _Char) -> bool:
    """Two letters of one line of mixed sizes: boxes overlap vertically by most of the smaller one."""
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap > 0.6 * min(a.top - a.bottom, b.top - b.bottom) and abs(a.size - b.size) < 0.2 * max(a.size, b.size)


def _drop_markers(runs: list[list[_Char]]) -> list[list[_Char]]:
    """Drop footnote markers: short runs of small digits raised above the text beside them."""
    kept: list[list[_Char]] = []
    for i, run in enumerate(runs):
        letters = [c for c in run if c.char != " "]
        if letters and len(letters) <= 3 and all(c.char in _MARKER_CHARS for c in letters):
            neighbours = [c for r in runs[max(0, i - 1):i] + runs[i + 1:i + 2] for c in r if c.char.isalpha()]
            body = max((c.size for c in neighbours), default=0.0)
            if body and max(c.size for c in letters) < _SMALL * body:
                near = [c for c in neighbours if abs(c.bottom - letters[0].bottom) < 1.5 * body]
                if near and min(c.bottom for c in letters) > min(c.bottom for c in near) + 0.15 * body:
                    continue
        kept.append(run)
    return kept
