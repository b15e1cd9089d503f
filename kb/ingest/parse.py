"""The ingestion entry points: bytes or a path in, a ParsedDocument or an IngestError out.

This is the one place where library exceptions are translated: readers raise
their own small exception types with user-facing reasons, and anything
unexpected from a parsing library still ends as a one-line IngestError that
names the file, never as a traceback in the CLI or a 500 in the web app.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from kb.config import MB, Settings
from kb.errors import IngestError, TooLarge, UnsupportedType
from kb.models import ParsedDocument

from .archive import UnsafeArchive, open_checked
from .assemble import NoText, assemble
from .blocks import Extracted
from .decode import NotText, decode
from .docx import DocxProblem, read_docx
from .html import NotHtml, read_html
from .markdown import read_markdown
from .names import display_name
from .normalize import normalize_text
from .pdf import PdfProblem, read_pdf
from .rst import read_rst
from .sniff import DOCX, HTML, MARKDOWN, PDF, RST, SUPPORTED_TYPES, ZIP, describe, sniff
from .text import read_text

DEFAULT_MAX_BYTES: int = Settings.max_file_bytes  # 50 MB unless the settings change

log = logging.getLogger(__name__)

_TEXT_READERS = {HTML: read_html, MARKDOWN: read_markdown, RST: read_rst}
_LABELS = {PDF: "PDF", DOCX: "DOCX", HTML: "HTML", MARKDOWN: "Markdown", RST: "reStructuredText"}


def parse_bytes(data: bytes, source_name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Parse one file's bytes; `source_name` is for display only."""
    name = display_name(source_name)
    if len(data) > max_bytes:
        raise TooLarge(name, _too_large(len(data), max_bytes))
    if not data.strip():
        raise IngestError(name, "empty file")
    media_type = sniff(data)
    if media_type not in SUPPORTED_TYPES:
        raise _unsupported(name, media_type, data)
    warnings: list[str] = []
    try:
        extracted = _read(media_type, data, warnings)
        return assemble(extracted, data=data, source_name=name, media_type=media_type, warnings=warnings)
    except NotText as error:
        raise UnsupportedType(name, f"unsupported file type: {error}") from error
    except (PdfProblem, DocxProblem, NoText) as error:
        raise IngestError(name, str(error)) from error
    except NotHtml as error:
        raise IngestError(name, f"broken HTML: {error}") from error
    except Exception as error:  # a parsing library failed in a way we did not foresee
        log.exception("unexpected error while parsing %s", name)
        label = _LABELS.get(media_type, "text")
        raise IngestError(name, f"could not read {label}: {type(error).__name__}: {error}".splitlines()[0]) from error


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Parse the file at `path`, checking its size before reading a byte of it."""
    path = Path(path)
    name = display_name(path.name)
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise IngestError(name, "no such file") from error
    except OSError as error:
        raise IngestError(name, f"cannot read file: {error.strerror or error}") from error
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(name, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(name, "not a regular file")
    if info.st_size > max_bytes:
        raise TooLarge(name, _too_large(info.st_size, max_bytes))
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise IngestError(name, f"cannot read file: {error.strerror or error}") from error
    if len(data) > max_bytes:  # the file grew after stat
        raise TooLarge(name, _too_large(len(data), max_bytes))
    return parse_bytes(data, path.name, max_bytes=max_bytes)


def _read(media_type: str, data: bytes, warnings: list[str]) -> Extracted:
    if media_type == PDF:
        return read_pdf(data)
    if media_type == DOCX:
        return read_docx(data)
    decoded = decode(data)
    if decoded.warning:
        warnings.append(decoded.warning)
    if not normalize_text(decoded.text).strip():
        raise NoText("empty file")
    return _TEXT_READERS.get(media_type, read_text)(decoded.text)


def _unsupported(name: str, media_type: str, data: bytes) -> IngestError:
    if media_type == ZIP:
        try:
            open_checked(data).close()
        except UnsafeArchive as error:
            return IngestError(name, f"broken DOCX or zip file: {error}")
    return UnsupportedType(name, f"unsupported file type: {describe(media_type)}")


def _too_large(size: int, limit: int) -> str:
    return f"file is {size / MB:.1f} MB, over the {limit / MB:g} MB limit"
