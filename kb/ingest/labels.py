"""Numbered paragraph labels, kept apart from the sentence they number.

Reports and orders number their paragraphs: "2.7 The Government will ...",
"3.46 Ministers should ...", "Sec. 3. The Secretary shall ...".  Left in the
text, the label runs into the sentence and the extractor reads "2.7 The
Government" as the actor.  The label moves to `Passage.label`; the passage
text starts at the sentence.

Single enumerations ("(a)", "1.", "iii)") are list markers: they stay in the
text, where the extractor counts list items by them.
"""

from __future__ import annotations

import re

from .blocks import Block

# "2.7", "3.46.", "1.2.3" or "Sec. 3." / "Section 4A." / "§ 12." before a sentence that opens with a
# capitalised word ("The", "Ministers"), a bracket or a quote; "2.5 GW of ..." and "1.5 million" are figures.
PARAGRAPH_LABEL = re.compile(
    r"^(?P<label>\d{1,3}(?:\.\d{1,3}){1,3}\.?|(?:Sec(?:tion)?\.?|§)\s*\d{1,4}[A-Za-z]?(?:\.\d{1,3})*\.)"
    r"\s+(?=[A-Z][a-z]|[A-Z]\s|[(“\"‘'])"
)


def split_label(text: str) -> tuple[str | None, str]:
    """(label, the rest) for a numbered paragraph, else (None, text)."""
    found = PARAGRAPH_LABEL.match(text)
    if found is None or len(text) - found.end() < 2:
        return None, text
    return found.group("label"), text[found.end():]


def take_labels(blocks: list[Block]) -> None:
    """Move paragraph labels out of paragraph text, in place."""
    for block in blocks:
        if block.kind == "paragraph" and block.label is None:
            label, rest = split_label(block.text)
            if label is not None:
                block.label, block.text = label, rest
