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
from .links import locate
from .metadata import find_issuer, find_published_with_source, find_top_date_with_source
from .names import name_stem
from .normalize import squash
from .passages import build_passages
from .sniff import PDF

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
    published, published_source = extracted.published, extracted.published_source
    if published and not published_source:
        published_source = "format metadata"
    if not published:
        dated = find_published_with_source(block.text for block in extracted.blocks)
        if not dated and media_type != PDF:
            # a PDF's cover was read already (pdf.py); a page's own top line may be its date
            dated = find_top_date_with_source(block.text for block in extracted.blocks)
        published, published_source = dated if dated else (None, None)
    # A statement in the text ("Published by ...", a letterhead) before the format's tags (HTML meta).
    issuer = find_issuer(block.text for block in extracted.blocks) or (
        (extracted.issuing_body, extracted.issuing_body_source or "format metadata") if extracted.issuing_body else None)
    blocks = [block for block in extracted.blocks if block.text and not is_furniture(block.text)]
    if not blocks:
        raise NoText("no text found" + (" besides page furniture" if extracted.blocks else ""))
    take_labels(blocks)
    text, passages = build_passages(blocks)
    title, title_source = _title(extracted.title, extracted.title_source, blocks)
    if not title:
        title, title_source = name_stem(source_name), "file name"
    return ParsedDocument(
        source_name=source_name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        title=title,
        published=published,
        text=text,
        passages=passages,
        warnings=tuple(warnings + extracted.warnings),
        size=len(data),
        title_source=title_source,
        published_source=published_source,
        issuing_body=issuer[0] if issuer else None,
        issuing_body_source=issuer[1] if issuer else None,
        links=locate(text, extracted.links),
    )


def _title(stated: str | None, stated_source: str | None, blocks: list[Block]) -> tuple[str | None, str | None]:
    """The format's own title, else a leading heading, else the first top-level heading, else a short first line.

    With where it came from, for the document's record ("pdf-metadata", "first heading", ...).
    """
    stated = squash(stated or "")
    if stated and not _PLACEHOLDER_TITLE.match(stated):
        return stated[:_MAX_TITLE], stated_source or "format metadata"
    first = blocks[0]
    if first.kind == "heading":
        return first.text[:_MAX_TITLE], "first heading"
    top = next((block for block in blocks if block.kind == "heading" and block.level == 1), None)
    if top is not None:
        return top.text[:_MAX_TITLE], "first top-level heading"
    return (first.text, "first line") if len(first.text) <= _MAX_LINE_AS_TITLE else (None, None)
