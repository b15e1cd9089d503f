"""Issue 16's screens in a real headless Chromium: filters, timeline clicks, previous/next, PDF pages, widths.

The app runs under waitress on 127.0.0.1 with tests.webapp's rule-based pipeline and
keyword search (these tests are about the screens, not the models; tests/test_browser_e2e.py
runs the real models), over invented documents and a PDF built with fpdf2.
Screenshots at 1366 px and 375 px go to test-artifacts/ui16/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_harness import chromium, require_chromium, served

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "ui16"

PLANS = {
    "lakeside.txt": "Lakeside water plan\n\nLakeside will replace lead pipes by 2024. Lakeside will plant orchards"
                    " by 2031. Harbor will dredge the channel.\n\nLakeside will open a pumping station within"
                    " ninety days of the adoption of this plan by the regional water authority and its partners.\n",
    "northfield.txt": "Northfield energy plan\n\nNorthfield will install solar roofs by 2028. Harbor will electrify"
                      " ferries by 2035. Northfield will insulate schools by 2026."
                      " Northfield will plant hedges by 2031.\n",
}
PDF_SENTENCE = "The Ferry Authority will replace every diesel ferry with an electric one by 2031."
FR = "https://www.federalregister.gov/d/2031-00042"
LINKED_HTML = ("<html><head><title>Canal notice</title></head><body><h1>Canal notice</h1>"
               "<p>The Canal Board will publish the lock timetable in the <a href=\"" + FR + "\">Federal Register</a>"
               " by 2030. Questions go to <a href=\"mailto:locks@canal.example.gov\">the lock office</a>;"
               " <a href=\"javascript:alert(1)\">this trap</a> is not a link.</p></body></html>")
ADMIN, PASSWORD = "ui16-admin", "correct horse battery"


def _ferry_pdf(store, originals_dir) -> int:
    import fpdf

    from kb.models import Commitment, ParsedDocument, Passage
    from kb.originals import Originals

    pdf = fpdf.FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for i, line in enumerate(["Ferry services report", "The port opened in spring.",
                              "The Ferry Authority will replace every diesel", "ferry with an electric one by 2031."]):
        pdf.text(20, 30 + i * 8, line)
    data = bytes(pdf.output())
    sha = Originals(originals_dir).put(data)
    text = "Ferry services report\n\nThe port opened in spring. " + PDF_SENTENCE
    start = text.index(PDF_SENTENCE)
    parsed = ParsedDocument("ferry.pdf", sha, "application/pdf", "Ferry services report", None, text,
                            (Passage(0, "heading", text[:21], 0, 21, page=1),
                             Passage(1, "paragraph", text[23:], 23, len(text), page=1)), size=len(data))
    c = Commitment(actor="Ferry Authority", actor_text="The Ferry Authority", action="replace",
                   target="every diesel ferry", sentence=PDF_SENTENCE, sentence_start=start,
                   sentence_end=start + len(PDF_SENTENCE), passage_index=1, strength="binding", page=1,
                   extractor_version="stub-1")
    return store.add_document(parsed, [c], "stub-1")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    pytest.importorskip("fpdf")
    from tests.webapp import make_app, seed_document

    data = tmp_path_factory.mktemp("ui16")
    app = make_app(data, seed=False, config={"TODAY": "2026-06-01", "TESTING": False})
    c = app.extensions["policykb"]
    for name, text in PLANS.items():
        seed_document(c.store, text, name)
    pdf_id = _ferry_pdf(c.store, c.settings.originals_dir)
    from kb.ingest.parse import parse_bytes
    from tests.webapp import rule_commitments
    from web.auth import create_user

    linked = parse_bytes(LINKED_HTML.encode(), "canal-notice.html")
    linked_id = c.store.add_document(linked, rule_commitments(linked), "stub-1")
    create_user(c.store, ADMIN, PASSWORD, role="admin")
    with served(app, name="waitress-ui16") as base:
        yield {"base": base, "store": c.store, "pdf_id": pdf_id, "linked_id": linked_id}


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    p = context.new_page()
    p.set_default_timeout(20_000)
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.base = server["base"]
    yield p
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def _row_ids(p) -> list[int]:
    return sorted(int(x) for x in p.eval_on_selector_all("td[data-label=Commitment][data-id]",
                                                         "tds => tds.map(td => td.dataset.id)"))


def test_year_range_and_two_actors_in_the_page_give_the_api_rows(page):
    page.goto(page.base + "/commitments")
    page.fill("#f-year-from", "2025")
    page.fill("#f-year-to", "2031")
    page.click("form.table-filter button[type=submit]")
    page.wait_for_url("**year_from=2025**")
    page.click("section[data-facet=actor] a:has-text('Lakeside')")
    page.wait_for_url("**actor=Lakeside**")
    page.click("section[data-facet=actor] a:has-text('Northfield')")
    page.wait_for_url("**actor=Northfield**")
    assert "actor=Lakeside" in page.url and "year_to=2031" in page.url
    shown = _row_ids(page)
    query = page.url.split("?", 1)[1]
    api = page.evaluate("q => fetch('/api/commitments?limit=100&' + q).then(r => r.json())", query)
    assert shown == sorted(item["id"] for item in api["items"])
    assert len(shown) == 4     # orchards 2031, hedges 2031, solar roofs 2028, schools 2026
    # the URL is the selection: opened afresh it shows the same rows
    page.goto(page.url)
    assert _row_ids(page) == shown


def test_clicking_high_in_a_timeline_column_opens_that_year(page):
    page.goto(page.base + "/timeline")
    column = page.locator("a.bar[href*='year=2035'] rect.hit")
    box = column.bounding_box()
    # 2031 has two commitments, 2035 one: clicking well above 2035's half-height bar still opens 2035
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 10)
    page.wait_for_url("**year=2035**")
    assert "status=" not in page.url      # the column's own link, not a status segment's
    assert "Due in 2035" in page.inner_text("#list h2")
    # channel, pumping station and the PDF's ferry sentence: counted apart, not drawn as a bar
    assert page.locator("p.no-deadline a").inner_text() == "No deadline: 3 commitments"


def test_previous_and_next_commitment_in_a_document(page, server):
    store = server["store"]
    doc = store.find_document("lakeside.txt")
    page.goto(page.base + f"/documents/{doc.id}")
    page.click("a.next-commitment >> nth=0")
    page.wait_for_url("**commitment=**")
    first = int(page.url.split("commitment=")[1].split("#")[0])
    page.click("a.next-commitment >> nth=0")
    page.wait_for_url(f"**#c-*")
    second = int(page.url.split("commitment=")[1].split("#")[0])
    assert second != first
    assert page.locator(f"#s-{second}.chosen").count() == 1
    page.click("a.prev-commitment >> nth=0")
    page.wait_for_url(f"**commitment={first}#c-{first}")
    # a highlight jumps to its entry in the list, on the same page
    page.click(f"a.hl[data-commitment='{first}']")
    page.wait_for_url(f"**#s-{first}")
    assert f"/documents/{doc.id}" in page.url


def test_pdf_page_image_with_the_sentence_marked(page, server):
    store = server["store"]
    (sc,) = [x for x in store.query_commitments() if x.document_id == server["pdf_id"]]
    page.goto(page.base + f"/commitments/{sc.id}")
    page.wait_for_load_state("networkidle")
    svg = page.locator("svg.pdf-page")
    assert svg.is_visible()
    boxes = page.locator("svg.pdf-page rect.sentence-box")
    assert boxes.count() == 2
    frame, mark = svg.bounding_box(), boxes.first.bounding_box()
    assert mark["width"] > 50 and frame["y"] < mark["y"] < frame["y"] + frame["height"] / 3
    loaded = page.evaluate("""url => fetch(url).then(r => r.blob()).then(b => createImageBitmap(b))
                              .then(i => i.width)""", f"/documents/{server['pdf_id']}/pages/1.png")
    assert loaded == 900
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "pdf-page-marked.png"), full_page=True)


def test_main_pages_fit_375_and_show_every_column_at_1366(page, server):
    store = server["store"]
    doc = store.find_document("lakeside.txt")
    cid = store.query_commitments(limit=1)[0].id
    (pdf_c,) = [x for x in store.query_commitments() if x.document_id == server["pdf_id"]]
    pages = {"home": "/", "search": "/?q=harbor", "commitments": "/commitments",
             "search-facets": "/?q=lakeside+northfield&actor=Lakeside&actor=Northfield&year_from=2025",
             "commitments-filtered": "/commitments?actor=Lakeside&actor=Harbor&year_from=2020",
             "timeline": "/timeline?year=2024", "documents": "/documents", "document": f"/documents/{doc.id}",
             "document-links": f"/documents/{server['linked_id']}",
             "pdf-document": f"/documents/{server['pdf_id']}?commitment={pdf_c.id}",
             "commitment": f"/commitments/{cid}", "pdf-commitment": f"/commitments/{pdf_c.id}",
             "actors": "/actors", "actor": "/actors/Lakeside", "login": "/login",
             # the editors' and admins' pages, after logging in
             "upload": "/upload", "review": "/review", "admin": "/admin", "jobs": "/admin/jobs",
             "audit": "/admin/audit", "account": "/account"}
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, path in pages.items():
        if name == "upload":
            page.set_viewport_size({"width": 1366, "height": 900})
            page.goto(page.base + "/login")
            page.fill("#name", ADMIN)
            page.fill("#password", PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_selector(".account .who")
        page.set_viewport_size({"width": 1366, "height": 900})
        response = page.goto(page.base + path)
        if response.status >= 400 or "/login" in page.url and name != "login":
            problems.append(f"{name}: {path} answered {response.status} at {page.url}")
        page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
        cut = page.evaluate("""() => [...document.querySelectorAll('main table th, main table td')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length""")
        if cut:
            problems.append(f"{name}: {cut} table cells cut off at 1366 px")
        page.set_viewport_size({"width": 375, "height": 812})
        page.goto(page.base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
        if width > 376:
            problems.append(f"{name}: {width} px wide at 375 px")
    assert problems == []


def _hit_ids(p) -> list[int]:
    labels = p.eval_on_selector_all("ol.hits blockquote a[aria-label^='Open commitment']",
                                    "as => as.map(a => a.getAttribute('aria-label'))")
    return sorted(int(x.rsplit(" ", 1)[1]) for x in labels)


def test_search_facets_add_values_with_counts_over_every_match(page):
    page.goto(page.base + "/?q=lakeside+northfield+harbor")
    page.click("section[data-facet=actor] a:has-text('Lakeside')")
    page.wait_for_url("**actor=Lakeside**")
    # Lakeside chosen: the actor facet still offers Northfield and Harbor, counted over the whole search
    actors = page.locator("section[data-facet=actor] li").all_inner_texts()
    assert sorted(" ".join(a.replace("✓", "").split()) for a in actors) == ["Harbor 2", "Lakeside 3", "Northfield 3"]
    page.click("section[data-facet=actor] a:has-text('Northfield')")
    page.wait_for_url("**actor=Northfield**")
    assert "actor=Lakeside" in page.url
    assert page.locator("section[data-facet=actor] a.chosen").count() == 2
    shown = _hit_ids(page)
    query = page.url.split("?", 1)[1]
    api = page.evaluate("q => fetch('/api/search?limit=100&' + q).then(r => r.json())", query)
    assert shown == sorted(i["id"] for i in api["items"] if i["kind"] == "commitment")
    assert len(shown) == 6          # Lakeside's 3 and Northfield's 3
    # a year range on the same page narrows them further; the chips take each value away
    page.fill("#s-year-from", "2027")
    page.fill("#s-year-to", "2031")
    page.click("form.search-filter button[type=submit]")
    page.wait_for_url("**year_to=2031**")
    assert "actor=Lakeside" in page.url and "actor=Northfield" in page.url
    assert len(_hit_ids(page)) == 3   # orchards 2031, solar roofs 2028, hedges 2031
    page.click("a.chip.removable[aria-label='Remove filter Actor: Northfield']")
    page.wait_for_url(lambda url: "actor=Northfield" not in url)
    assert len(_hit_ids(page)) == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-facets.png"), full_page=True)


def test_pdf_page_beside_the_text_with_the_sentence_marked(page, server):
    (sc,) = [x for x in server["store"].query_commitments() if x.document_id == server["pdf_id"]]
    page.goto(page.base + f"/documents/{server['pdf_id']}?commitment={sc.id}#c-{sc.id}")
    page.wait_for_load_state("networkidle")
    figure, text = page.locator("figure.page-image"), page.locator("article.doc-text")
    assert figure.is_visible()
    assert figure.bounding_box()["x"] + figure.bounding_box()["width"] <= text.bounding_box()["x"]   # beside it
    boxes = page.locator("figure.page-image rect.sentence-box")
    assert boxes.count() == 2
    frame, mark = page.locator("figure.page-image svg").bounding_box(), boxes.first.bounding_box()
    assert frame["y"] < mark["y"] < frame["y"] + frame["height"] / 3     # the sentence is near the page's top
    # the picture under the marks is the page itself, loaded
    assert page.evaluate("""url => fetch(url).then(r => r.blob()).then(b => createImageBitmap(b))
                            .then(i => i.width)""", f"/documents/{server['pdf_id']}/pages/1.png") == 900
    assert "Page 1 of the PDF, the sentence marked" in figure.text_content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "pdf-document-page-marked.png"), full_page=True)


def test_source_links_are_kept_as_safe_outside_links(page, server):
    page.goto(page.base + f"/documents/{server['linked_id']}")
    link = page.locator("article.doc-text a.source-link", has_text="Federal Register")
    assert link.get_attribute("href") == FR
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    mail = page.locator("article.doc-text a.source-link", has_text="the lock office")
    assert mail.get_attribute("href") == "mailto:locks@canal.example.gov"
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript:")]
    # the link sits in a highlighted commitment: the highlight still jumps to the list, on the same page
    page.click("article.doc-text a.hl >> nth=0")
    page.wait_for_url("**#s-*")
    assert f"/documents/{server['linked_id']}" in page.url
