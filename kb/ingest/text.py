"""Plain text -> blocks."""

from __future__ import annotations

from .blocks import Extracted
from .furniture import is_furniture
from .lines import BLANK, LIST_ITEM, TEXT, Line, group, list_marker
from .metadata import find_published_with_source
from .normalize import normalize_text, squash


def read_text(text: str) -> Extracted:
    """Paragraphs split on blank lines, list items on their markers, headings by shape."""
    raw = [squash(line) for line in normalize_text(text).split("\n")]
    dated = find_published_with_source(raw)
    return Extracted(group([_classify(line) for line in raw], promote_headings=True),
                     published=dated[0] if dated else None, published_source=dated[1] if dated else None)


def _classify(line: str) -> Line:
    if not line or is_furniture(line):
        return Line("", BLANK)
    is_item, body = list_marker(line)
    return Line(body, LIST_ITEM if is_item else TEXT)
