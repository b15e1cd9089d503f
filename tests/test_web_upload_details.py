"""Document details given at upload (issue 14: "publication date, title, issuing body, kind of
document, at upload and afterwards").

The upload form and POST /api/documents take optional fields title, published,
issuing_body and kind.  They are checked before any file is taken (a bad date is
a 400 naming the field, and nothing is kept), stay with the job, and are set on
the document when the job stores it, exactly as a person setting them afterwards
would: marked as set by a person, and a publication date re-dates relative
deadlines ("within 90 days of this plan").

The parse/extract step is tests.webapp's rule stub plus one rule for "within N
days of this plan" (the extractor keeps such a phrase undated when the text
gives no date); the re-dating is the real deadline normaliser.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from kb.errors import IngestError
from kb.models import CommitmentFilter, Deadline, IngestOutcome
from tests.fake_search import BasicSearch
from tests.webapp import StubPipeline, csrf_of, login, parse_plain, rule_commitments
from web.auth import create_user

PLAN = (b"Riverside flood plan\n\n"
        b"The river agency will publish a flood map within 90 days of this plan.\n\n"
        b"The county will plant willows along the banks by 2031.\n")
_WITHIN = re.compile(r"within \w+ days of this plan")


class PhrasePipeline(StubPipeline):
    """The rule stub, keeping "within N days of this plan" as an undated deadline phrase."""

    def _parse_extract_store(self, job) -> IngestOutcome:
        data = self.originals.get(job.sha256)
        if self.fail_marker and self.fail_marker.encode() in data:
            raise IngestError(job.source_name, "the stub parser was told to fail")
        parsed = parse_plain(data, job.source_name)
        commitments = []
        for c in rule_commitments(parsed):
            phrase = _WITHIN.search(c.sentence)
            commitments.append(replace(c, deadline=Deadline(phrase.group(0), None), flags=()) if phrase else c)
        doc_id = self.store.add_document(parsed, commitments, "stub-1", job_id=job.id)
        return IngestOutcome(job.source_name, "added", document_id=doc_id, commitments=len(commitments))


@pytest.fixture
def app(tmp_path):
    from kb.config import load_settings
    from kb.store import Store
    from web import create_app

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    app = create_app(settings, store=store, search=BasicSearch(store), pipeline=PhrasePipeline(settings, store),
                     start_worker=False, config={"TESTING": True})
    create_user(store, "editor", "correct horse")
    return app


@pytest.fixture
def ctx(app):
    return app.extensions["policykb"]


@pytest.fixture
def client(client):
    login(client)
    return client


def upload(client, body: bytes = PLAN, name: str = "flood.txt", url: str = "/api/documents", **fields):
    data = {"file": [(io.BytesIO(body), name)], **fields}
    headers = {"X-CSRF-Token": csrf_of(client)}
    if url == "/upload":
        data["csrf_token"] = csrf_of(client)
    return client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def deadline_of(store, doc_id: int, word: str):
    sc = next(sc for sc in store.query_commitments(CommitmentFilter(document_id=doc_id))
              if word in sc.commitment.sentence)
    return sc.commitment.deadline


def test_publication_date_at_upload_dates_relative_deadlines(client, ctx):
    r = upload(client, published="2020-01-15", title="Riverside flood plan 2020",
               issuing_body="Riverside County", kind="plan")
    assert r.status_code == 202
    job = r.get_json()["jobs"][0]
    assert ctx.worker.run_once() == 1
    doc_id = client.get(f"/api/jobs/{job['id']}").get_json()["document_id"]
    deadline = deadline_of(ctx.store, doc_id, "flood map")
    assert (deadline.text, deadline.date) == ("within 90 days of this plan", "2020-04-14")
    assert deadline_of(ctx.store, doc_id, "willows").date == "2031-12-31"  # a fixed date stays as it was
    doc = client.get(f"/api/documents/{doc_id}").get_json()
    assert (doc["published"], doc["title"], doc["issuing_body"], doc["kind"]) == (
        "2020-01-15", "Riverside flood plan 2020", "Riverside County", "plan")
    assert sorted(doc["set_by_person"]) == ["issuing_body", "kind", "published", "title"]


def test_without_details_the_text_decides(client, ctx):
    upload(client)
    ctx.worker.run_once()
    doc = ctx.store.document_summaries()[0][0]
    assert doc.title == "Riverside flood plan" and doc.published is None and doc.metadata_set == ()
    assert deadline_of(ctx.store, doc.id, "flood map").date is None


@pytest.mark.parametrize("bad", ["15/01/2020", "2020-02-30", "soon"])
def test_bad_date_is_refused_before_anything_is_kept(client, ctx, bad):
    r = upload(client, published=bad)
    assert r.status_code == 400
    error = r.get_json()["error"]
    assert error["code"] == "invalid_value" and error["message"].startswith("published: ")
    assert ctx.store.list_jobs() == []
    assert not any(ctx.settings.originals_dir.rglob("*") if ctx.settings.originals_dir.exists() else [])


def test_empty_fields_are_not_given(client, ctx):
    upload(client, published="", title="  ", issuing_body="", kind="")
    ctx.worker.run_once()
    doc = ctx.store.document_summaries()[0][0]
    assert doc.title == "Riverside flood plan" and doc.metadata_set == ()


def test_details_stay_with_the_job_through_a_retry(client, ctx):
    r = upload(client, body=PLAN + b"\nFAIL_ME\n", published="2020-01-15")
    job_id = r.get_json()["jobs"][0]["id"]
    assert ctx.store.get_job(job_id).document_details == (("published", "2020-01-15"),)
    ctx.worker.run_once()
    assert ctx.store.get_job(job_id).status == "failed"
    ctx.pipeline.fail_marker = None
    assert client.post(f"/api/jobs/{job_id}/retry", headers={"X-CSRF-Token": csrf_of(client)}).status_code == 202
    ctx.worker.run_once()
    doc_id = ctx.store.get_job(job_id).document_id
    assert deadline_of(ctx.store, doc_id, "flood map").date == "2020-04-14"


def test_upload_form_takes_the_details(client, ctx):
    page = client.get("/upload").get_data(as_text=True)
    for field in ("title", "published", "issuing_body", "kind"):
        assert f'name="{field}"' in page
    r = upload(client, url="/upload", published="2020-01-15", kind="strategy")
    assert r.status_code == 302
    ctx.worker.run_once()
    doc = ctx.store.document_summaries()[0][0]
    assert (doc.published, doc.kind) == ("2020-01-15", "strategy")


def test_upload_form_names_a_bad_date(client, ctx):
    r = upload(client, url="/upload", published="2020-13-01")
    assert r.status_code == 400
    assert "published" in r.get_data(as_text=True)
    assert ctx.store.list_jobs() == []


@pytest.mark.integration
def test_the_real_pipeline_dates_the_phrase_from_the_upload_date(tmp_path):
    """The same upload through the real parser and extractor (in their sandbox)."""
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store
    from web import create_app

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    app = create_app(settings, store=store, search=BasicSearch(store), pipeline=Pipeline(settings, store),
                     start_worker=False, config={"TESTING": True})
    create_user(store, "editor", "correct horse")
    client = app.test_client()
    login(client)
    assert upload(client, published="2020-01-15").status_code == 202
    assert app.extensions["policykb"].worker.run_once() == 1
    doc = store.document_summaries()[0][0]
    assert doc.published == "2020-01-15"
    deadline = deadline_of(store, doc.id, "flood map")
    assert deadline.text == "within 90 days of this plan" and deadline.date == "2020-04-14"


def test_openapi_lists_the_upload_details(client):
    spec = client.get("/api/openapi.json").get_json()
    fields = spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "published", "title", "issuing_body", "kind"} <= set(fields["properties"])
