"""The upload page as a newcomer meets it (issue 16): the picker offers only the types the ingester
reads and the page names them before anything is sent; a failure that can never succeed offers no
Retry while a transient one does; a job being processed shows how long it has been at it.

The app runs over tests/webapp.py's StubPipeline (the real job queue, a rule-based parser): a file
containing FAIL_ME is refused by the "parser" (a permanent failure), and a parser that raises a plain
exception stands for a library bug (a transient failure, retried after a backoff).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from kb.ingest.sniff import SUPPORTED_TYPES, ZIP
from kb.models import Job
from tests.webapp import csrf_of, login, make_app
from web.auth import create_user
from web.common import elapsed_words, job_elapsed_s, job_retryable
from web.views.upload import UPLOAD_TYPES, accept_attr

PLAN = b"Lisbon tram plan\n\nLisbon will extend tram line 9 to the river by 2029.\n"
BROKEN = b"Lisbon tram plan\n\nFAIL_ME will never parse.\n"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False)
    create_user(app.extensions["policykb"].store, "editor", "correct horse")
    return app


@pytest.fixture
def ctx(app):
    return app.extensions["policykb"]


@pytest.fixture
def client(client):
    login(client)
    return client


def upload(client, body: bytes, name: str) -> dict:
    r = client.post("/api/documents", data={"file": [(io.BytesIO(body), name)]},
                    headers={"X-CSRF-Token": csrf_of(client)}, content_type="multipart/form-data")
    assert r.status_code == 202, r.get_data(as_text=True)
    return r.get_json()["items"][0]


def job_row(page: str, job_id: int) -> str:
    """The <li> of one job on the upload page."""
    m = re.search(rf'<li class="job[^"]*" data-job="{job_id}".*?</li>', page, re.S)
    assert m, page
    return m.group(0)


def job(status: str, sha256: str | None = "ab" * 32, next_attempt_at: str | None = None,
        updated_at: str = "2026-01-05T10:00:00+00:00") -> Job:
    return Job(1, "plan.pdf", sha256, status, "some reason", None, 0, "2026-01-05T09:59:00+00:00", updated_at,
               next_attempt_at=next_attempt_at)


# -- the picker ---------------------------------------------------------------------------------------

def test_every_type_the_ingester_reads_is_offered_and_nothing_else():
    assert set(UPLOAD_TYPES) == set(SUPPORTED_TYPES) | {ZIP}
    accept = accept_attr().split(",")
    for media_type, (_label, extensions) in UPLOAD_TYPES.items():
        assert media_type in accept
        assert all(ext in accept for ext in extensions)
    assert ".png" not in accept and "image/png" not in accept and ".doc" not in accept


def test_the_page_names_the_supported_types_before_upload(client):
    page = client.get("/upload").get_data(as_text=True)
    picker = re.search(r'<input id="file"[^>]*>', page).group(0)
    assert f'accept="{accept_attr()}"' in picker and 'aria-describedby="supported-types"' in picker
    notice = re.search(r'<p id="supported-types"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert notice.startswith("Supported types: TXT (.txt), Markdown (.md, .markdown), reStructuredText (.rst), "
                             "HTML (.html, .htm), PDF (.pdf)")
    # the script refuses other files with the same list, read from the form
    form = re.search(r'<form id="upload-form"[^>]*>', page, re.S).group(0)
    assert f'data-accept="{accept_attr()}"' in form and 'data-supported="TXT (.txt), Markdown' in form


# -- Retry only where it can help ------------------------------------------------------------------

def test_permanent_or_transient_from_the_job_record():
    assert not job_retryable(job("failed"))                     # a parser's refusal, known bad, over budget
    assert not job_retryable(job("failed", sha256=None))        # refused at upload (too large, empty)
    assert job_retryable(job("failed", next_attempt_at="2026-01-05T10:01:00+00:00"))   # waiting for its backoff
    assert job_retryable(job("dead"))                           # transient errors, attempts used up
    assert job_retryable(job("cancelled"))
    assert not job_retryable(job("dead", sha256=None))
    assert not job_retryable(job("done")) and not job_retryable(job("queued"))


def test_a_file_the_parser_refuses_offers_no_retry(client, ctx):
    j = upload(client, BROKEN, "broken.txt")
    ctx.worker.run_once()
    failed = client.get(j["url"]).get_json()
    assert failed["status"] == "failed" and failed["retryable"] is False
    row = job_row(client.get("/upload").get_data(as_text=True), j["id"])
    assert "told to fail" in row and "data-retry" not in row and "the same file would fail again" in row


def test_an_empty_file_offers_no_retry(client):
    j = upload(client, b"", "empty.txt")
    assert j["status"] == "failed" and j["retryable"] is False
    assert "data-retry" not in job_row(client.get("/upload").get_data(as_text=True), j["id"])


def test_a_transient_failure_offers_retry(client, ctx, monkeypatch):
    def library_bug(job):
        raise RuntimeError("a parser library crashed")

    monkeypatch.setattr(ctx.pipeline, "_parse_extract_store", library_bug)
    j = upload(client, PLAN, "tram.txt")
    ctx.worker.run_once()
    failed = client.get(j["url"]).get_json()
    assert failed["status"] == "failed" and failed["next_attempt_at"] and failed["retryable"] is True
    row = job_row(client.get("/upload").get_data(as_text=True), j["id"])
    assert f'data-retry="{j["id"]}"' in row
    monkeypatch.undo()
    r = client.post(f"/upload/jobs/{j['id']}/retry", data={"csrf_token": csrf_of(client)})
    assert r.status_code == 302
    ctx.worker.run_once()
    assert client.get(j["url"]).get_json()["status"] == "done"


# -- progress ----------------------------------------------------------------------------------------

def test_elapsed_time_of_a_processing_job():
    started = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
    processing = job("processing", updated_at=started.isoformat())
    assert job_elapsed_s(processing, now=started + timedelta(seconds=75)) == 75
    assert job_elapsed_s(job("queued"), now=started) is None
    assert elapsed_words(8) == "8 s" and elapsed_words(75) == "1 min 15 s" and elapsed_words(None) == ""


def test_a_processing_job_shows_how_long_it_has_run(client, ctx):
    j = upload(client, PLAN, "tram.txt")
    claimed = ctx.store.claim_next_job()          # a worker has it now
    assert claimed is not None and claimed.id == j["id"]
    polled = client.get(j["url"]).get_json()
    assert polled["status"] == "processing" and isinstance(polled["elapsed_s"], int) and polled["elapsed_s"] >= 0
    row = job_row(client.get("/upload").get_data(as_text=True), j["id"])
    assert re.search(r'Processing… <span class="job-elapsed">\d+ s</span>', row), row
    assert client.get(j["url"]).get_json()["elapsed_s"] >= polled["elapsed_s"]
