"""A PDF's page as an image beside the quote, with the sentence's lines marked.

The PDF is built with fpdf2 from invented text: one sentence broken over two lines,
other lines above and below it.  Rendering is real PDFium (pypdfium2)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from kb.models import Commitment, ParsedDocument, Passage
from kb.originals import Originals
from kb.page_images import PAGE_WIDTH_PX, PageNotFound, page_png, sentence_boxes
from tests.webapp import make_app

fpdf = pytest.importorskip("fpdf")

LINES = ["Ferry services report", "The port opened in spring.",
         "The Ferry Authority will replace every diesel",
         "ferry with an electric one by 2031.", "Passenger numbers rose."]
SENTENCE = "The Ferry Authority will replace every diesel ferry with an electric one by 2031."


def ferry_pdf() -> bytes:
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for i, line in enumerate(LINES):
        pdf.text(20, 30 + i * 8, line)
    pdf.add_page()
    pdf.text(20, 30, "An empty second page.")
    return bytes(pdf.output())


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False)
    c = app.extensions["policykb"]
    data = ferry_pdf()
    sha = Originals(c.settings.originals_dir).put(data)
    text = "Ferry services report\n\nThe port opened in spring. " + SENTENCE
    start = text.index(SENTENCE)
    passages = (Passage(0, "heading", "Ferry services report", 0, 21, page=1),
                Passage(1, "paragraph", text[23:], 23, len(text), page=1))
    parsed = ParsedDocument("ferry.pdf", sha, "application/pdf", "Ferry services report", None, text, passages,
                            size=len(data))
    commitment = Commitment(actor="Ferry Authority", actor_text="The Ferry Authority", action="replace",
                            target="every diesel ferry", sentence=SENTENCE, sentence_start=start,
                            sentence_end=start + len(SENTENCE), passage_index=1, strength="binding", page=1,
                            extractor_version="stub-1")
    app.config["DOC_ID"] = c.store.add_document(parsed, [commitment], "stub-1")
    app.config["PDF"] = data
    return app


def test_the_page_renders_as_a_bounded_png_and_is_cached(client, app, tmp_path):
    doc_id = app.config["DOC_ID"]
    r = client.get(f"/documents/{doc_id}/pages/1.png")
    assert r.status_code == 200 and r.mimetype == "image/png"
    image = Image.open(io.BytesIO(r.data))
    assert image.width == PAGE_WIDTH_PX and image.height > image.width      # A4 is portrait
    cached = list((tmp_path / "page_images").glob("*-p1-w900.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == r.data
    assert client.get(f"/documents/{doc_id}/pages/3.png").status_code == 404
    assert "page 3 does not exist (the PDF has 2 pages)" in client.get(f"/documents/{doc_id}/pages/3.png").get_data(
        as_text=True)


def test_the_sentence_lines_are_found_on_the_page(app):
    marks = sentence_boxes(app.config["PDF"], 1, SENTENCE)
    assert (round(marks.width), round(marks.height)) == (595, 842)           # A4 in points
    assert len(marks.boxes) == 2                                             # two lines, not the others
    first, second = sorted(marks.boxes, key=lambda b: b.y)
    mm = 72 / 25.4
    assert first.y < 46 * mm < first.y + first.height    # the third line's baseline is 46 mm from the top
    assert second.y < 54 * mm < second.y + second.height and abs(first.x - 20 * mm) < 2
    assert sentence_boxes(app.config["PDF"], 2, SENTENCE).boxes == ()


def test_the_commitment_page_shows_its_page_with_the_sentence_marked(client, app, store):
    (sc,) = store.query_commitments()
    html = client.get(f"/commitments/{sc.id}").get_data(as_text=True)
    assert f'<image href="/documents/{app.config["DOC_ID"]}/pages/1.png"' in html
    assert len(re.findall(r'<rect class="sentence-box"', html)) == 2


def test_a_document_that_is_not_a_pdf_has_no_page_images(tmp_path):
    app = make_app(tmp_path)
    store = app.extensions["policykb"].store
    doc = store.find_document("hechi.txt")
    assert app.test_client().get(f"/documents/{doc.id}/pages/1.png").status_code == 404
    with pytest.raises(PageNotFound):
        page_png(b"not a pdf", "0" * 64, 1, tmp_path)
