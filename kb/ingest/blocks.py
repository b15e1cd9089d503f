"""The intermediate form every reader produces: a flat list of typed blocks.

Readers know their format (Markdown headings, DOCX styles, PDF pages); the
passage builder knows offsets, sections and list parents.  `Block` is the
hand-over between the two, so that each reader stays small and every format
gets the same passage rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Between the cells of a table row: "Target | 2030 | 50%".
CELL_SEPARATOR = " | "


@dataclass
class Block:
    kind: str                 # one of kb.models.PASSAGE_KINDS
    text: str                 # one line: no newlines
    page: int | None = None
    level: int = 1            # heading depth (1 = top); ignored for other kinds
    label: str | None = None  # a numbered paragraph's label or a footnote's number, kept out of `text`
    ocr: bool = False         # read by OCR
    ocr_confidence: float | None = None  # tesseract's mean word confidence on its page


@dataclass
class Extracted:
    """What a reader found: blocks plus whatever metadata the format itself carries."""

    blocks: list[Block]
    title: str | None = None
    published: str | None = None
    warnings: list[str] = field(default_factory=list)
    title_source: str | None = None       # where the format's title came from ("pdf-metadata", "html og:title")
    published_source: str | None = None   # where the date came from ("dateline: 'Updated: 2023-11-21'")
    issuing_body: str | None = None       # the issuer the format names (HTML meta publisher), if any
    issuing_body_source: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (anchor text, safe URL) in reading order
