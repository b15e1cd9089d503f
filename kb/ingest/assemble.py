"""Reader output -> ParsedDocument: furniture removed, title and date chosen, passages built.

Every format ends here, so the rules for what counts as furniture, which line
is the title and how passages are cut are the same whatever the file was.
"""

from __future__ import annotations

import hashlib
import re

from kb.models import ParsedDocument

from .blocks import Block, Extracted
from .furniture import is_furniture
from .labels import take_labels
from .metadata import find_published
from .names import name_stem
from .normalize import squash
from .passages import build_passages

_MAX_TITLE = 300
_MAX_LINE_AS_TITLE = 150
# Titles that PDF/DOCX producers fill in by themselves and that name nothing.
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled.*|microsoft word\s*-.*|document\d*|title|slide \d+|\S+\.(?:docx?|pdf|txt))$", re.IGNORECASE
)


class NoText(ValueError):
    """No text to make a document of: an empty file, or nothing left once furniture is removed."""


def assemble(
    extracted: Extracted, *, data: bytes, source_name: str, media_type: str, warnings: list[str]
) -> ParsedDocument:
    """The document record; `warnings` are the caller's (decoding) warnings, put before the reader's."""
    published = extracted.published or find_published(block.text for block in extracted.blocks)
    blocks = [block for block in extracted.blocks if block.text and not is_furniture(block.text)]
    if not blocks:
        raise NoText("no text found" + (" besides page furniture" if extracted.blocks else ""))
    take_labels(blocks)
    text, passages = build_passages(blocks)
    return ParsedDocument(
        source_name=source_name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        title=_title(extracted.title, blocks) or name_stem(source_name),
        published=published,
        text=text,
        passages=passages,
        warnings=tuple(warnings + extracted.warnings),
        size=len(data),
    )


def _title(stated: str | None, blocks: list[Block]) -> str | None:
    """The format's own title, else a leading heading, else the first top-level heading, else a short first line."""
    stated = squash(stated or "")
    if stated and not _PLACEHOLDER_TITLE.match(stated):
        return stated[:_MAX_TITLE]
    first = blocks[0]
    if first.kind == "heading":
        return first.text[:_MAX_TITLE]
    top = next((block for block in blocks if block.kind == "heading" and block.level == 1), None)
    if top is not None:
        return top.text[:_MAX_TITLE]
    return first.text if len(first.text) <= _MAX_LINE_AS_TITLE else None
