"""Blocks -> clean text and passages with exact offsets.

The clean text is built from the passages themselves, joined by blank lines,
so `text[p.start:p.end] == p.text` holds by construction and no sentence can
run from one passage into the next.  Sections and list parents are assigned
here, once, for every format.
"""

from __future__ import annotations

from kb.models import Passage
from kb.tables import LIST_MARKER, LIST_MARKER_LABEL, ROMAN_NUMERALS

from .blocks import Block

SEPARATOR = "\n\n"


def build_passages(blocks: list[Block]) -> tuple[str, tuple[Passage, ...]]:
    """(clean text, passages) for non-empty single-line blocks, in order."""
    passages: list[Passage] = []
    headings: list[tuple[int, str]] = []   # open headings as (level, text), outermost first
    intro: int | None = None               # index of the latest non-list passage
    item_parent: int | None = None         # the parent of the latest list item, while its list may go on
    last_label = ""                        # that item's label ("ii" of "(ii)")
    # the lists the latest item is nested in, outermost first, as (parent, latest label): "(c) The heads of
    # agencies shall:" opens a list of "(i)", "(ii)" inside the list of "(a)", "(b)", "(c)", "(d)"
    outer: list[tuple[int | None, str]] = []
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
        elif block.kind == "list_item":
            label = _label(block.text)
            previous = passages[-1] if passages else None
            if previous is not None and previous.kind == "list_item" and previous.text.rstrip().endswith(":") \
                    and label in _FIRST_LABELS:
                # "(c) The heads of agencies shall:" / "(i) implement X": a list inside the list
                outer.append((item_parent, last_label))
                parent = previous.index
            elif item_parent is not None and label_follows(label, last_label):
                parent = item_parent
            else:
                # "(d)" after "(c)"'s own items "(i)", "(ii)": back to the list it follows on from
                back = next((k for k in range(len(outer) - 1, -1, -1)
                             if outer[k][0] is not None and label_follows(label, outer[k][1])), None)
                if back is not None:
                    parent = outer[back][0]
                    del outer[back:]
                else:
                    parent = intro
                    outer.clear()
            item_parent, last_label = parent, label
        else:
            parent = None
        if block.kind == "heading" or block.kind == "paragraph" and (
                item_parent is None or block.text.rstrip().endswith(":") or LIST_MARKER.match(block.text)):
            # a paragraph between two numbered items of a list ("(i) The Secretary shall submit a report ..." /
            # "The report shall include X." / "(ii) ...", the executive orders as published) continues the
            # item above it: the next item in sequence keeps the list's parent; a heading, a paragraph that
            # ends in ":" or one that opens with a marker of its own ("(c) The APNSA shall ...") ends the list
            item_parent = None
            outer.clear()
        if block.kind in ("heading", "paragraph"):
            intro = index
        end = offset + len(block.text)
        passages.append(Passage(index, block.kind, block.text, offset, end, block.page, section, parent,
                                block.label, block.ocr, block.ocr_confidence))
        offset = end + len(SEPARATOR)
    return SEPARATOR.join(p.text for p in passages), tuple(passages)


# The label of a list's first item: "(i)", "(a)", "(1)"
_FIRST_LABELS = frozenset({"i", "a", "1"})


def _label(text: str) -> str:
    """A numbered item's label, lower case ("(iv) X" -> "iv"); "" for a bullet or no marker."""
    m = LIST_MARKER_LABEL.match(text)
    return m.group(1).lower() if m else ""


def label_follows(label: str, previous: str) -> bool:
    """Is `label` the label right after `previous` ("ii" after "i", "b" after "a", "3" after "2")?"""
    if not label or not previous:
        return False
    if label.isdigit() and previous.isdigit():
        return int(label) == int(previous) + 1
    if label in ROMAN_NUMERALS and previous in ROMAN_NUMERALS \
            and ROMAN_NUMERALS.index(label) == ROMAN_NUMERALS.index(previous) + 1:
        return True
    return len(label) == 1 and len(previous) == 1 and label.isalpha() and ord(label) == ord(previous) + 1
