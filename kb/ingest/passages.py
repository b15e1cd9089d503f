"""Blocks -> clean text and passages with exact offsets.

The clean text is built from the passages themselves, joined by blank lines,
so `text[p.start:p.end] == p.text` holds by construction and no sentence can
run from one passage into the next.  Sections and list parents are assigned
here, once, for every format.
"""

from __future__ import annotations

from kb.models import Passage

from .blocks import Block

SEPARATOR = "\n\n"


def build_passages(blocks: list[Block]) -> tuple[str, tuple[Passage, ...]]:
    """(clean text, passages) for non-empty single-line blocks, in order."""
    passages: list[Passage] = []
    headings: list[tuple[int, str]] = []   # open headings as (level, text), outermost first
    intro: int | None = None               # index of the latest non-list passage
    offset = 0
    for block in blocks:
        index = len(passages)
        if block.kind == "heading":
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            section = headings[-1][1] if headings else None
            headings.append((block.level, block.text))
        else:
            section = headings[-1][1] if headings else None
        if block.kind == "table_row":
            # A table's rows point at its first row, the header that names their columns.
            previous = passages[-1] if passages else None
            parent = None if previous is None or previous.kind != "table_row" else (
                previous.index if previous.parent_index is None else previous.parent_index)
        else:
            parent = intro if block.kind == "list_item" else None
        if block.kind in ("heading", "paragraph"):
            intro = index
        end = offset + len(block.text)
        passages.append(Passage(index, block.kind, block.text, offset, end, block.page, section, parent,
                                block.label, block.ocr, block.ocr_confidence))
        offset = end + len(SEPARATOR)
    return SEPARATOR.join(p.text for p in passages), tuple(passages)
