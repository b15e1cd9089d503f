"""Bad input: no crash, no hang, a warning where text was cut."""

from __future__ import annotations

import time

import pytest

from kb.extract import Extractor, chunk_text
from tests.textdoc import document_from_text
from kb.models import ParsedDocument, Passage

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def one_passage(text: str) -> ParsedDocument:
    return ParsedDocument(source_name="bad.txt", sha256="0" * 64, media_type="text/plain", title="",
                          published=None, text=text, passages=(Passage(0, "paragraph", text, 0, len(text)),))


def test_robustness_long_passage_without_full_stop(extractor):
    text = ("the city will build roads and bridges and parks " * 2100)[:100_000]
    start = time.perf_counter()
    result = extractor.extract(one_passage(text))
    assert time.perf_counter() - start < 120
    assert any("100000 characters without a sentence end" in w for w in result.warnings)
    for c in result.commitments:
        assert text[c.sentence_start:c.sentence_end] == c.sentence


@pytest.mark.parametrize("text, warning", [
    ("1 2 3 4 5 6 7 8 9 10 " * 500, "numbers only"),
    ("2025 2030 2035 12.5 % 40 GW " * 200, "numbers only"),
    ("河池市将加快建设清洁低碳安全高效的能源体系。" * 300, "non-Latin script"),
    ("\x00\x01\x02\x07\x1b control \x0b\x0c characters \x7f\u200b\ufeff: the city will build 3 parks\x00",
     "control or invisible characters"),
])
def test_robustness_odd_documents_warn(extractor, text, warning):
    result = extractor.extract(one_passage(text))
    assert isinstance(result.commitments, tuple)
    assert any(warning in w for w in result.warnings), result.warnings


def test_robustness_control_characters_keep_offsets(extractor):
    text = "The city\x0b will build\x00 3 parks by 2026.\u200b"
    result = extractor.extract(one_passage(text))
    (c,) = result.commitments
    assert text[c.sentence_start:c.sentence_end] == c.sentence
    assert c.deadline.date == "2026-12-31"


@pytest.mark.parametrize("text", ["\n\n\n   \t  ", "(i)", ":", "shall shall shall will will must", "2025", "the"])
def test_robustness_tiny_documents(extractor, text):
    result = extractor.extract(one_passage(text))
    assert isinstance(result.commitments, tuple)


def test_robustness_empty_document(extractor):
    doc = ParsedDocument(source_name="empty.txt", sha256="0" * 64, media_type="text/plain", title="",
                         published=None, text="", passages=())
    result = extractor.extract(doc)
    assert result.commitments == ()


def test_robustness_bad_published_date(extractor):
    doc = document_from_text("Within three years, the city will build 3 parks.", title="Plan", published="not a date")
    (c,) = extractor.extract(doc).commitments
    assert c.deadline is not None and c.deadline.date is None


def test_chunk_text_cuts_long_stretches_at_whitespace():
    text = "word " * 5000
    chunks, forced = chunk_text(text)
    assert forced
    assert "".join(piece for _, piece in chunks) == text
    assert all(text[off:off + len(piece)] == piece for off, piece in chunks)
    assert max(len(piece) for _, piece in chunks) <= 3000


def test_chunk_text_keeps_sentences_whole():
    text = "The city will build parks. " * 400
    chunks, forced = chunk_text(text)
    assert not forced
    assert all(piece.endswith(". ") or piece.endswith(".") for _, piece in chunks)


def test_robustness_pipeline_without_parser_is_refused():
    import spacy

    from tests.textdoc import document_from_text

    with pytest.raises(ValueError, match="dependency parser"):
        Extractor(nlp=spacy.blank("en")).extract(document_from_text("The city will build 3 parks."))
