"""Shared builders for ingestion tests: small real PDFs and DOCX files made on the fly."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest


def _pdf(pages: list[list[str]], title: str | None = None, rectangle_only: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=12)
    for lines in pages:
        pdf.add_page()
        if rectangle_only:
            pdf.rect(20, 20, 100, 60)
        for line in lines:
            pdf.multi_cell(0, 8, line)
            pdf.ln(6)
    return bytes(pdf.output())


def _docx(items: list[tuple[str, str]], title: str | None = None) -> bytes:
    """items: (style, text) pairs; style "" means a plain paragraph."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for style, text in items:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text, style=style or None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return _pdf


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    return _docx
