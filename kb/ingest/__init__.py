"""Ingestion: a file's bytes -> clean text, passages and metadata (`ParsedDocument`).

Supported: plain text, Markdown, HTML, PDF and DOCX, recognised from the bytes.
Failures raise `kb.errors.IngestError` (or `UnsupportedType`, `TooLarge`) with a
one-line message naming the file and the reason.
"""

from __future__ import annotations

from .parse import DEFAULT_MAX_BYTES, parse_bytes, parse_file
from .sniff import SUPPORTED_TYPES, sniff

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_TYPES", "parse_bytes", "parse_file", "sniff"]
