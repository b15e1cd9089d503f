"""Attacks on the request side, in process: each one a request that used to cost far too much or fail badly.

The upload budget counts across nested zips and refuses the whole upload;
pages and the API are paged; searches have a time budget; ids are 64-bit;
expected client errors are one log line; anonymous or oversized uploads are
refused before their body is read; exports defuse spreadsheet formulas.
(The same attacks against a live waitress server: tests/test_attack_server.py.)
"""

from __future__ import annotations

import csv
import io
import logging
import re
import time
import zipfile

import pytest

from kb.models import Commitment, Deadline, ParsedDocument, Passage
from kb.originals import Originals, sha256_of
from web.auth import create_token, create_user
from tests.fake_search import BasicSearch
from tests.webapp import csrf_of, login, make_app, seed_document

INT64_MAX = 2**63 - 1


# -- helpers -------------------------------------------------------------------------------------

def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


@pytest.fixture
def editor_app(tmp_path):
    app = make_app(tmp_path, seed=False, max_file_bytes=64 * 1024)
    create_user(app.extensions["policykb"].store, "editor", "correct horse")
    return app


def token_for(app) -> str:
    return create_token(app.extensions["policykb"].store, "editor")


def upload(app, files, token):
    data = {"file": [(io.BytesIO(body), name) for body, name in files]}
    return app.test_client().post("/api/documents", data=data, headers={"Authorization": f"Bearer {token}"},
                                  content_type="multipart/form-data")


def big_document(store, passages: int, per_passage: int = 6, name: str = "big.txt") -> int:
    """A document built straight into the store: `passages` paragraphs of `per_passage` commitment sentences."""
    text, ps, cs = "", [], []
    for i in range(passages):
        start = len(text)
        sentences = []
        for j in range(per_passage):
            s_start = start + sum(len(x) + 1 for x in sentences)
            sent = f"The Ferncastle agency will build {i * per_passage + j} cycle bridges by {2030 + j}."
            sentences.append(sent)
            cs.append(Commitment(actor="Ferncastle agency", actor_text="The Ferncastle agency", action="build",
                                 target=f"{i * per_passage + j} cycle bridges", sentence=sent,
                                 sentence_start=s_start, sentence_end=s_start + len(sent), passage_index=i,
                                 deadline=Deadline(f"by {2030 + j}", f"{2030 + j}-12-31"), strength="binding",
                                 extractor_version="stub-1"))
        block = " ".join(sentences)
        text += block
        ps.append(Passage(i, "paragraph", block, start, len(text)))
        text += "\n\n"
    data = text.encode()
    parsed = ParsedDocument(name, sha256_of(data), "text/plain", "Ferncastle cycle plan", None, text, tuple(ps),
                            size=len(data))
    return store.add_document(parsed, cs, "stub-1")


# -- 1. one budget per upload ------------------------------------------------------------------------

def test_budget_is_counted_across_nested_zips_and_the_whole_upload_is_refused(editor_app, tmp_path):
    """Three inner zips each under the unpacking budget, together over it: refused, nothing kept.
    (Before: each zip had its own budget, so all three were unpacked and queued.)"""
    editor_app.config.update(ZIP_MAX_TOTAL_BYTES=100_000)
    inner = [make_zip({f"part{i}-{j}.txt": b"Plan\n\n" + b"Ferncastle will pave lanes by 2030. " * 500
                       + str(j).encode() for j in range(2)}) for i in range(3)]  # ~36 KB unpacked each
    outer = make_zip({f"inner{i}.zip": z for i, z in enumerate(inner)})
    r = upload(editor_app, [(outer, "bundle.zip")], token_for(editor_app))
    assert r.status_code == 413
    message = r.get_json()["error"]["message"]
    assert "unpacking budget of one upload" in message and "nothing from it was kept" in message
    assert editor_app.extensions["policykb"].store.list_jobs(10) == []
    originals = tmp_path / "originals"
    assert not originals.exists() or not any(p.is_file() for p in originals.rglob("*"))


def test_file_count_budget_spans_nested_zips(editor_app):
    editor_app.config.update(ZIP_MAX_MEMBERS=5)
    inner = make_zip({f"n{j}.txt": b"Plan\n\nOslo will plant %d trees by 2030." % j for j in range(3)})
    outer = make_zip({"a.zip": inner, "b.zip": inner})  # 6 files in all, 3 per zip
    r = upload(editor_app, [(outer, "two.zip")], token_for(editor_app))
    assert r.status_code == 413 and "more than 5 files" in r.get_json()["error"]["message"]


def test_a_zip_within_budget_still_unpacks_every_member(editor_app):
    inner = make_zip({"inner.txt": b"Inner plan\n\nInner will work by 2030.\n"})
    outer = make_zip({"in.zip": inner, "top.txt": b"Top plan\n\nTop will work by 2031.\n"})
    r = upload(editor_app, [(outer, "ok.zip")], token_for(editor_app))
    assert r.status_code == 202
    assert sorted(j["source_name"] for j in r.get_json()["jobs"]) == ["inner.txt", "top.txt"]


def test_members_are_spooled_to_temporary_files_and_counted_as_read():
    """unpack_zip streams each member into an anonymous temporary file (not memory) and counts real bytes."""
    from contextlib import ExitStack

    from kb.ingest.archive import UploadBudget, unpack_zip

    body = make_zip({"a.txt": b"a" * 300_000, "b.txt": b"b" * 200_000})
    budget = UploadBudget(max_bytes=1_000_000, max_files=10, max_depth=1, max_file_bytes=400_000)
    with ExitStack() as stack:
        members, failed = unpack_zip(io.BytesIO(body), "two.zip", budget, stack)
        assert failed == [] and [m.name for m in members] == ["a.txt", "b.txt"]
        assert all(not isinstance(m.file, io.BytesIO) and m.file.fileno() >= 0 for m in members)
        assert members[0].file.read() == b"a" * 300_000
    assert budget.used_bytes == 500_000 and budget.files == 2


# -- 3. early refusals, before the body is read ----------------------------------------------------

class Untouchable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def readable(self):
        return True

    def readinto(self, b):
        raise AssertionError("the request body was read")


def _post_unread(app, path, length, headers=None):
    return app.test_client().post(path, headers=headers or {}, environ_overrides={
        "wsgi.input": Untouchable(), "CONTENT_LENGTH": str(length),
        "CONTENT_TYPE": "multipart/form-data; boundary=x"})


def test_anonymous_upload_is_401_without_reading_the_body(editor_app):
    """(Before: the multipart body was parsed for the CSRF token first.)"""
    for path in ("/api/documents", "/upload"):
        r = _post_unread(editor_app, path, 1000)
        assert r.status_code == 401, path


def test_oversized_body_is_413_without_reading_it(editor_app):
    r = _post_unread(editor_app, "/api/documents", 300 * 1024 * 1024,
                     {"Authorization": f"Bearer {token_for(editor_app)}"})
    assert r.status_code == 413 and "limit" in r.get_json()["error"]["message"]


def test_put_on_a_page_is_405_not_a_csrf_400(client):
    r = client.put("/")
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    assert client.delete("/timeline").status_code == 405


# -- 2. bounded pages ----------------------------------------------------------------------------------

@pytest.fixture
def big_app(tmp_path):
    app = make_app(tmp_path, seed=False, config={"TODAY": "2026-06-01"})
    doc_id = big_document(app.extensions["policykb"].store, passages=1500)  # 9,000 commitments, ~0.75 MB
    app.config["BIG_DOC"] = doc_id
    return app


def test_document_page_is_paged_and_bounded(big_app):
    c = big_app.test_client()
    doc_id = big_app.config["BIG_DOC"]
    r = c.get(f"/documents/{doc_id}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert len(html) < 500_000  # before: every passage and commitment of the document (~9 MB here)
    assert "Page 1 of 60" in html and f"/documents/{doc_id}?page=2" in html
    assert html.count('class="hl"') == 25 * 6  # the page's own sentences, each marked once
    last = c.get(f"/documents/{doc_id}?page=60").get_data(as_text=True)
    assert "build 8999 cycle bridges" in last and "build 0 cycle bridges" not in last
    assert c.get(f"/documents/{doc_id}?page=99").status_code == 200  # clamped to the last page


def test_commitment_links_open_the_page_holding_the_sentence(big_app):
    store = big_app.extensions["policykb"].store
    doc_id = big_app.config["BIG_DOC"]
    target = next(sc for sc in store.query_commitments(order="document", limit=10, offset=5000))
    html = big_app.test_client().get(f"/documents/{doc_id}?commitment={target.id}").get_data(as_text=True)
    assert f'id="c-{target.id}"' in html and "Page 34 of 60" in html  # sentence 5000 is in passage 833


def test_highlighting_is_one_pass_and_marks_a_sentence_across_two_passages():
    from web.views.documents import highlight_passages
    from kb.models import StoredPassage
    from tests.webapp import make_app as _  # noqa: F401 (the app's url_for needs a request context)

    app = make_app(__import__("tempfile").mkdtemp(), seed=False)
    text = "Alpha will go. Beta will come back by 2030."
    ps = [StoredPassage(1, 1, Passage(0, "paragraph", text[:20], 0, 20)),
          StoredPassage(2, 1, Passage(1, "paragraph", text[20:], 20, len(text)))]
    spans = [(0, 14, [7]), (15, len(text), [8])]  # the second sentence crosses the passage boundary
    with app.test_request_context():
        out = highlight_passages(ps, spans)
    first, second = str(out[0][1]), str(out[1][1])
    assert "<mark>Alpha will go.</mark>" in first and "<mark>Beta </mark>" in first
    assert "<mark>will come back by 2030.</mark>" in second


def test_api_document_pages_its_commitments(big_app):
    c = big_app.test_client()
    doc_id = big_app.config["BIG_DOC"]
    r = c.get(f"/api/documents/{doc_id}")
    body = r.get_json()
    assert len(r.data) < 2_000_000  # before: every commitment (~9,000 rows, 8 MB)
    page = body["commitments"]
    assert page["count"] == 9000 and page["limit"] == 100 and page["offset"] == 0 and len(page["items"]) == 100
    nxt = c.get(page["next"]).get_json()["commitments"]
    assert nxt["offset"] == 100 and nxt["items"][0]["id"] != page["items"][0]["id"]
    assert c.get(f"/api/documents/{doc_id}?limit=5000").status_code == 400


def test_actor_and_timeline_lists_are_paged(big_app):
    c = big_app.test_client()
    actor = c.get("/actors/Ferncastle agency").get_data(as_text=True)
    assert "9000 commitments" in actor and "Page 1 of 180" in actor and len(actor) < 600_000
    year = c.get("/timeline?year=2030").get_data(as_text=True)
    assert "Page 1 of 30" in year and len(year) < 600_000  # 1,500 commitments due in 2030


# -- search time budget --------------------------------------------------------------------------

class SlowSearch(BasicSearch):
    def search(self, *args, **kwargs):
        time.sleep(1.5)
        return super().search(*args, **kwargs)


def test_a_search_over_its_time_budget_is_a_clear_503(tmp_path):
    app = make_app(tmp_path, search=None, config={"SEARCH_TIME_BUDGET": 0.2})
    app.extensions["policykb"].search = SlowSearch(app.extensions["policykb"].store)
    c = app.test_client()
    started = time.monotonic()
    r = c.get("/api/search?q=renewable")
    assert time.monotonic() - started < 1.2
    assert r.status_code == 503 and "took longer than 0.2 s" in r.get_json()["error"]["message"]
    assert c.get("/?q=renewable").status_code == 503


# -- 5. 64-bit ids, one log line per client error ----------------------------------------------------

HUGE = (str(INT64_MAX + 1), str(2**64), "9" * 40)
ROUTES = ("/documents/{n}", "/documents/{n}/original", "/commitments/{n}", "/api/documents/{n}",
          "/api/commitments/{n}", "/api/jobs/{n}", "/api/commitments?document={n}", "/commitments?document={n}",
          "/api/commitments?offset={n}&limit=5", "/api/commitments?document={n}&format=csv",
          "/timeline?document={n}", "/api/search?q=energy&document={n}", "/?q=energy&document={n}",
          "/documents/1?page={n}", "/documents/1?commitment={n}", "/actors/Hechi?page={n}",
          "/api/documents/1?offset={n}", "/commitments?page={n}", "/commitments/export.csv?document={n}")


@pytest.mark.parametrize("route", ROUTES)
def test_ids_and_offsets_above_int64_are_400_or_404(client, route, caplog):
    for n in HUGE:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            r = client.get(route.format(n=n))
            body = r.get_data()  # streamed exports fail while streaming
        assert r.status_code in (200, 400, 404), (route, n, r.status_code)
        assert r.status_code != 200 or b"Traceback" not in body
        assert not any(rec.exc_info for rec in caplog.records), route
        assert len([rec for rec in caplog.records if rec.name == "web.errors"]) <= 1


def test_client_errors_are_one_line_each_without_a_traceback(client, caplog):
    with caplog.at_level(logging.INFO, logger="web.errors"):
        for _ in range(20):
            client.get(f"/api/documents/{2**64}")
            client.get("/api/commitments?offset=99999999999999999999&limit=5")
    lines = [r for r in caplog.records if r.name == "web.errors"]
    assert len(lines) == 40 and not any(r.exc_info for r in lines)
    assert "\n" not in lines[0].getMessage()


def test_log_file_rotates(tmp_path, monkeypatch):
    from kb.config import load_settings
    from policykb.cli import app as cli_app

    monkeypatch.setattr(cli_app, "LOG_MAX_BYTES", 4000)
    root = logging.getLogger()
    before = list(root.handlers)
    cli_app._setup_logging(load_settings(tmp_path), verbose=False)
    try:
        for i in range(300):
            logging.getLogger("web.errors").warning("GET '/api/documents/%d' -> 404 not_found", 2**64 + i)
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()
    assert (tmp_path / "policykb.log").stat().st_size <= 4000
    assert (tmp_path / "policykb.log.1").exists()
    assert len(list(tmp_path.glob("policykb.log*"))) <= cli_app.LOG_BACKUPS + 1


# -- 4. CSV defusing in every export path ----------------------------------------------------------

FORMULA_TEXT = 'Plan\n\n=HYPERLINK("https://evil","click") will pay 5 bridges by 2030.\n'


def test_cli_csv_export_defuses_formulas(tmp_path, capsys):
    from kb.config import load_settings
    from kb.store import Store
    from policykb.cli import main

    store = Store(load_settings(tmp_path).db_path)
    seed_document(store, FORMULA_TEXT, "evil.txt")
    store.close()
    assert main(["--data", str(tmp_path), "commitments", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)  # before: "=HYPERLINK(...)" raw
    assert not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)


def test_web_csv_export_defuses_formulas(tmp_path):
    app = make_app(tmp_path, seed=False)
    seed_document(app.extensions["policykb"].store, FORMULA_TEXT, "evil.txt")
    for url in ("/api/commitments?format=csv", "/commitments/export.csv"):
        rows = list(csv.reader(io.StringIO(app.test_client().get(url).get_data(as_text=True))))
        assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows[1:] for cell in row), url


# -- 6. small ones -------------------------------------------------------------------------------

def test_an_html_original_downloads_as_html_not_pdf_html(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    data = b"<html><body><p>Oslo will open a port by 2030.</p></body></html>"
    sha = Originals(app.extensions["policykb"].settings.originals_dir).put(data)
    parsed = ParsedDocument("report.pdf", sha, "text/html", "Report", None, "Oslo will open a port by 2030.",
                            (Passage(0, "paragraph", "Oslo will open a port by 2030.", 0, 30),), size=len(data))
    doc_id = store.add_document(parsed, [], "stub-1")
    r = app.test_client().get(f"/documents/{doc_id}/original")
    disposition = r.headers["Content-Disposition"]
    assert "report.html" in disposition and ".pdf.html" not in disposition
    assert r.mimetype == "application/octet-stream"


def test_a_file_name_with_a_line_break_gets_a_clear_message(editor_app):
    token = token_for(editor_app)
    c = editor_app.test_client()
    r = c.post("/api/documents", data={"file": (io.BytesIO(b"Plan\n\nOslo will plant trees by 2030."),
                                                "plan\r\nevil.txt")},
               headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data")
    assert r.status_code == 400
    message = r.get_json()["error"]["message"]
    assert "name could not be read" in message and "no file was sent" not in message
    # a name with other control characters (that the parser does keep) is cleaned, not refused
    r = c.post("/api/documents", data={"file": (io.BytesIO(b"Plan\n\nOslo will plant trees by 2030."),
                                                "plan\x07\x00one.txt")},
               headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data")
    assert r.status_code == 202
    name = r.get_json()["jobs"][0]["source_name"]
    assert not re.search(r"[\x00-\x1f]", name) and name.endswith("one.txt")


def test_ui_upload_without_login_is_401_and_logged_in_upload_works(editor_app):
    c = editor_app.test_client()
    tok = csrf_of(c)
    r = c.post("/upload", data={"csrf_token": tok, "file": (io.BytesIO(b"Plan\n\nX will y by 2030."), "a.txt")})
    assert r.status_code == 401
    login(c)
    r = c.post("/upload", data={"csrf_token": csrf_of(c), "file": (io.BytesIO(b"Plan\n\nX will y by 2030."), "a.txt")})
    assert r.status_code == 302


def test_a_passage_link_opens_the_page_holding_the_passage(big_app):
    doc_id = big_app.config["BIG_DOC"]
    html = big_app.test_client().get(f"/documents/{doc_id}?passage=120").get_data(as_text=True)
    assert 'id="p-120"' in html and "Page 5 of 60" in html


def test_the_actor_list_is_paged(tmp_path):
    """A document naming 1,200 actors: /actors shows 500 at a time (before: all of them on one page)."""
    app = make_app(tmp_path, seed=False)
    lines = [f"Township{i:04d} will plant {i} trees by 2030." for i in range(1200)]
    seed_document(app.extensions["policykb"].store, "Tree plan\n\n" + " ".join(lines) + "\n", "trees.txt")
    c = app.test_client()
    first = c.get("/actors").get_data(as_text=True)
    assert first.count('">Township') == 500 and 'href="/actors?page=2"' in first
    last = c.get("/actors?page=3").get_data(as_text=True)
    assert last.count('">Township') == 200 and "Next" not in last
