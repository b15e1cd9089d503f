"""Fuzzing ingestion: random and mutated TXT/HTML/MD/PDF/DOCX bytes never crash or hang it.

Every input must end as a `ParsedDocument` or an `IngestError` naming the
file and a reason; any other exception is a bug.  POLICYKB_FUZZ_EXAMPLES
raises the number of examples per format (default 60).
"""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kb.errors import IngestError
from kb.ingest import parse_bytes
from kb.models import ParsedDocument

EXAMPLES = int(os.environ.get("POLICYKB_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=20_000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _seeds() -> dict[str, bytes]:
    from fpdf import FPDF
    import docx

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "The city will build 6,000 5G base stations by 2025.")
    document = docx.Document()
    document.add_heading("Plan", level=1)
    document.add_paragraph("The province shall plant 1 million trees by 2030.", style="List Bullet")
    buf = io.BytesIO()
    document.save(buf)
    return {
        "txt": "Plan\n\nThe city will build 20 bridges by 2030.\n".encode(),
        "md": b"# Plan\n\n- The agency shall cut emissions 50 percent by 2032.\n",
        "html": b"<html><head><title>Plan</title><script>alert(1)</script></head>"
                b"<body><p>The region will add 20 GW by 2025.</p></body></html>",
        "pdf": bytes(pdf.output()),
        "docx": buf.getvalue(),
    }


SEEDS = _seeds()


def _check(data: bytes) -> None:
    try:
        doc = parse_bytes(data, "fuzz.bin", max_bytes=5_000_000)
    except IngestError as exc:
        assert exc.source_name == "fuzz.bin" and exc.reason and "\n" not in exc.reason
        return
    assert isinstance(doc, ParsedDocument)
    for p in doc.passages:
        assert doc.text[p.start:p.end] == p.text


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos:pos + draw(st.integers(1, 400))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "dup":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 200))]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4096))
def test_fuzz_random_bytes_fail_cleanly(data):
    _check(data)


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_fuzz_mutated_files_fail_cleanly(kind):
    @FUZZ
    @given(mutated(SEEDS[kind]))
    def run(data):
        _check(data)

    run()


@FUZZ
@given(st.text(max_size=2000))
def test_fuzz_any_text_in_any_encoding_parses(text):
    for encoding in ("utf-8", "utf-16", "gb18030"):
        _check(text.encode(encoding, errors="ignore"))
