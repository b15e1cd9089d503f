"""DOCX -> blocks with python-docx.

Word paragraph styles carry the structure: "Heading N" and "Title" are
headings, "List ..." styles and numbered paragraphs are list items.  Tables are
read row by row in document order.  The zip is checked for bombs before
python-docx inflates anything.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from .archive import UnsafeArchive, ZipBomb, open_checked
from .blocks import CELL_SEPARATOR, Block, Extracted
from .normalize import normalize_text, squash

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_NUMBERING = "./w:pPr/w:numPr"


class DocxProblem(ValueError):
    """A DOCX that cannot be read; the message is the user-facing reason."""


def read_docx(data: bytes) -> Extracted:
    try:
        open_checked(data).close()
    except ZipBomb as error:
        raise DocxProblem(f"refused DOCX: {error}") from error
    except UnsafeArchive as error:
        raise DocxProblem(f"broken DOCX: {error}") from error
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        title = squash(normalize_text(document.core_properties.title or ""))
        title_source = "docx properties" if title else None
        if not title:
            title = _styled_title(document)
            title_source = "docx Title style" if title else None
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        LxmlError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        AttributeError,
    ) as error:
        detail = str(error).strip("\"'") or type(error).__name__
        raise DocxProblem(f"broken DOCX: {detail}".splitlines()[0]) from error
    return Extracted(blocks, title=title or None, title_source=title_source)


def _styled_title(document: Document) -> str:
    """The text of the first paragraph in Word's "Title" style, if any."""
    for paragraph in document.paragraphs:
        if _style(paragraph).lower() == "title" and paragraph.text.strip():
            return squash(normalize_text(paragraph.text))
    return ""


def _style(paragraph: Paragraph) -> str:
    return (paragraph.style.name if paragraph.style is not None else "") or ""


def _blocks(document: Document) -> Iterator[Block]:
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = _paragraph_block(item)
            if block:
                yield block
        elif isinstance(item, Table):
            yield from _table_blocks(item)


def _paragraph_block(paragraph: Paragraph) -> Block | None:
    text = squash(normalize_text(paragraph.text))
    if not text:
        return None
    style = _style(paragraph)
    heading = _HEADING_STYLE.match(style)
    if heading:
        return Block("heading", text, level=max(int(heading.group(1)), 1))
    if style.lower() == "title":
        return Block("heading", text, level=1)
    if style.lower().startswith("list") or paragraph._p.xpath(_NUMBERING):
        return Block("list_item", text)
    return Block("paragraph", text)


def _table_blocks(table: Table) -> Iterator[Block]:
    """One table_row block per row, cells joined by " | " (merged cells counted once)."""
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = squash(normalize_text(cell.text))
            if text:
                cells.append(text)
        if cells:
            yield Block("table_row", CELL_SEPARATOR.join(cells))
