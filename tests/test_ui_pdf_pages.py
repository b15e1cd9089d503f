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


def _two_page_pdf() -> bytes:
    """Page 1: a line holding the end of one sentence and the start of the next, which runs onto page 2."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.text(20, 30, "The quay was rebuilt. The Canal Board will dredge the inner")
    pdf.text(20, 38, "basin and reopen the lock to barges before")
    pdf.add_page()
    pdf.text(20, 30, "the end of 2032. Boats were counted.")
    return bytes(pdf.output())


def test_the_mark_starts_at_the_sentence_not_at_its_line():
    data = _two_page_pdf()
    sentence = "The Canal Board will dredge the inner basin and reopen the lock to barges before the end of 2032."
    marks = sentence_boxes(data, 1, sentence)
    first, second = sorted(marks.boxes, key=lambda b: b.y)
    mm = 72 / 25.4
    # "The quay was rebuilt. " comes first on the line: the mark begins well to the right of the margin
    assert first.x > 20 * mm + 30 and abs(second.x - 20 * mm) < 2
    # the sentence runs onto page 2: there it is marked up to its full stop, not the next sentence
    (rest,) = sentence_boxes(data, 2, sentence).boxes
    assert abs(rest.x - 20 * mm) < 2 and rest.width < 40 * mm


def test_a_sentence_not_on_the_page_has_no_marks():
    assert sentence_boxes(_two_page_pdf(), 2, "Nothing like this sentence is printed on the page at all.").boxes == ()


def test_the_document_page_shows_the_chosen_commitments_page_beside_the_text(client, app, store):
    (sc,) = store.query_commitments()
    doc_id = app.config["DOC_ID"]
    html = client.get(f"/documents/{doc_id}?commitment={sc.id}").get_data(as_text=True)
    assert '<figure class="page-image panel" id="page-image">' in html
    assert f'<image href="/documents/{doc_id}/pages/1.png"' in html
    assert len(re.findall(r'<rect class="sentence-box"', html)) == 2
    # nothing chosen: no page image (the text alone)
    assert "page-image" not in client.get(f"/documents/{doc_id}").get_data(as_text=True)


def test_a_footnote_marker_inside_the_sentence_does_not_lose_the_mark():
    # ingestion drops the raised "2" (kb.ingest.pdf_chars), so the stored sentence lacks it; the page has it
    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 30)
    pdf.write(6, "Tides were logged. The Canal Board will dredge the basin")
    pdf.char_vpos = "SUP"
    pdf.write(6, "2")
    pdf.char_vpos = "LINE"
    pdf.write(6, " and reopen the lock to barges before the end of 2032. Boats were counted.")
    sentence = "The Canal Board will dredge the basin and reopen the lock to barges before the end of 2032."
    boxes = sorted(sentence_boxes(bytes(pdf.output()), 1, sentence).boxes, key=lambda b: b.y)
    assert len(boxes) == 2
    mm = 72 / 25.4
    assert boxes[0].x > 20 * mm + 40          # after "Tides were logged."
    assert boxes[1].x + boxes[1].width < 80 * mm   # ends at "2032.", before "Boats were counted."
