"""The job queue holds against bad and unlucky files: attempts, backoff, a dead letter, cancel, retry,
files remembered as known bad, and two ingests of one file at once.

The parse step is real (kb.ingest in its sandboxed child); extraction is a
small fake (extraction itself is tested elsewhere), so these run without models.
"""

from __future__ import annotations

import pytest

from kb import pipeline as pipeline_module
from kb.config import load_settings
from kb.extract import ExtractionResult
from kb.models import ParsedDocument
from kb.originals import Originals
from kb.pipeline import Pipeline
from kb.store import Store
from kb.store_jobs import MAX_ATTEMPTS, JobConflict, _later
from tests.stores import settings_on

PLAN = b"Harbour plan\n\nThe port authority will electrify two cranes by 2029.\n"


def million_page_pdf() -> bytes:
    """A 300-byte PDF whose page tree claims a million pages (the shape of issue 18, item 6)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


class FakeExtractor:
    """No commitments; raises on a marker (a library bug), or runs a hook first (to stage a race)."""

    def __init__(self):
        self.fail_on: str | None = None
        self.before: object = None

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        if self.before is not None:
            hook, self.before = self.before, None
            hook()
        if self.fail_on and self.fail_on in doc.text:
            raise RuntimeError("extractor bug")
        return ExtractionResult((), ())


@pytest.fixture
def kb(tmp_path, store_target):
    """On SQLite and on PostgreSQL (tests/stores.py)."""
    settings = settings_on(store_target, tmp_path / "data", parse_timeout_s=20.0)
    store = Store(settings.database)
    yield settings, store, Pipeline(settings, store, extractor=FakeExtractor())
    store.dispose()


@pytest.fixture
def parses(monkeypatch):
    """Counts the files handed to the parser's sandbox."""
    seen: list[str] = []
    real = pipeline_module.run_limited

    def counting(source_name, *args, **kwargs):
        seen.append(source_name)
        return real(source_name, *args, **kwargs)

    monkeypatch.setattr(pipeline_module, "run_limited", counting)
    return seen


# -- known-bad files -----------------------------------------------------------

def test_three_copies_of_a_bad_pdf_in_one_batch_cost_one_parse(kb, parses):
    _, store, pipeline = kb
    bad = million_page_pdf()
    jobs = [pipeline.submit(bad, f"copy-{i}.pdf") for i in range(3)]
    outcomes = pipeline.process_queued()
    assert [o.status for o in outcomes] == ["failed", "failed", "failed"]
    assert parses == ["copy-0.pdf"]
    first = store.get_job(jobs[0].id).reason
    assert first.startswith("broken PDF")
    for job in jobs[1:]:
        assert store.get_job(job.id).reason == f"known bad file: the same bytes failed before (copy-0.pdf: {first})"


def test_a_file_that_failed_is_refused_at_once_when_sent_again(kb, parses):
    _, store, pipeline = kb
    pipeline.ingest_bytes(million_page_pdf(), "pages.pdf")
    parses.clear()
    again = pipeline.submit(million_page_pdf(), "renamed.pdf")
    assert again.status == "failed" and again.reason.startswith("known bad file")
    assert "pages.pdf: broken PDF" in again.reason
    assert pipeline.process(again).status == "failed"
    assert parses == []


def test_retry_forgets_the_known_bad_mark_and_parses_again(kb, parses):
    _, store, pipeline = kb
    job = pipeline.submit(million_page_pdf(), "pages.pdf")
    pipeline.process_queued()
    store.retry_job(job.id)
    assert store.known_bad(job.sha256) is None
    pipeline.process_queued()
    assert parses == ["pages.pdf", "pages.pdf"]


def test_a_library_bug_is_not_remembered_as_a_bad_file(kb):
    _, store, pipeline = kb
    pipeline.extractor.fail_on = "cranes"
    job = pipeline.submit(PLAN, "plan.txt")
    pipeline.process_queued()
    assert store.known_bad(job.sha256) is None


# -- attempts, backoff, dead letter ----------------------------------------------

def test_a_transient_failure_backs_off_then_is_retried_then_dies_after_max_attempts(kb):
    _, store, pipeline = kb
    pipeline.extractor.fail_on = "cranes"
    job = pipeline.submit(PLAN, "plan.txt")
    pipeline.process_queued()
    after = store.get_job(job.id)
    assert (after.status, after.attempts) == ("failed", 1)
    assert after.reason.startswith(f"attempt 1 of {MAX_ATTEMPTS} failed: internal error while processing: RuntimeError")
    assert after.next_attempt_at is not None
    # within the backoff nothing is claimed; after it the job is tried again
    assert store.claim_next_job() is None
    for attempt in range(2, MAX_ATTEMPTS + 1):
        due = store.get_job(job.id).next_attempt_at
        claimed = store.claim_next_job(now=_later(1, due))
        assert claimed.id == job.id and claimed.attempts == attempt
        pipeline.process(claimed)
    dead = store.get_job(job.id)
    assert dead.status == "dead" and dead.attempts == MAX_ATTEMPTS
    assert dead.reason.startswith(f"gave up after {MAX_ATTEMPTS} attempts: internal error")
    assert store.claim_next_job(now=_later(10**6)) is None


def test_backoff_doubles_between_attempts(kb):
    _, store, pipeline = kb
    pipeline.extractor.fail_on = "cranes"
    job = pipeline.submit(PLAN, "plan.txt")
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        claimed = store.claim_next_job(now=_later(10**6))
        pipeline.process(claimed)
        failed = store.get_job(job.id)
        waits.append(failed.next_attempt_at)
    from datetime import datetime
    first, second = (datetime.fromisoformat(w) for w in waits)
    assert second > first


def test_a_job_interrupted_by_restarts_counts_attempts_and_goes_dead_instead_of_looping(kb):
    _, store, pipeline = kb
    job = pipeline.submit(PLAN, "plan.txt")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert store.claim_next_job().attempts == attempt   # a worker starts it ... and the server dies
        back = store.requeue_interrupted()                    # the restart
        assert back == (1 if attempt < MAX_ATTEMPTS else 0)
    dead = store.get_job(job.id)
    assert dead.status == "dead"
    assert dead.reason == f"gave up after {MAX_ATTEMPTS} attempts: the server stopped while processing it each time"
    assert store.claim_next_job() is None
    assert Originals(kb[0].originals_dir).exists(job.sha256)   # kept: an admin can still retry it
    assert store.retry_job(job.id).attempts == 0
    assert pipeline.process_queued()[0].status == "added"


# -- cancel and retry --------------------------------------------------------------

def test_cancel_a_queued_job_and_retry_it(kb):
    _, store, pipeline = kb
    job = pipeline.submit(PLAN, "plan.txt")
    assert store.cancel_job(job.id).status == "cancelled"
    assert pipeline.process_queued() == []
    with pytest.raises(JobConflict, match="only queued or processing jobs can be cancelled"):
        store.cancel_job(job.id)
    assert store.retry_job(job.id).status == "queued"
    assert pipeline.process_queued()[0].status == "added"
    with pytest.raises(JobConflict, match="only failed, dead or cancelled jobs can be retried"):
        store.retry_job(job.id)


def test_a_job_cancelled_while_it_runs_stores_nothing(kb):
    _, store, pipeline = kb
    job = pipeline.submit(PLAN, "plan.txt")
    pipeline.extractor.before = lambda: store.cancel_job(job.id)
    outcome = pipeline.process_queued()[0]
    assert outcome.status == "cancelled"
    assert store.get_job(job.id).status == "cancelled" and store.document_count() == 0


# -- progress: what a processing job is doing ------------------------------------------

def test_a_processing_job_says_which_stage_it_is_in_and_a_finished_one_says_none(kb):
    _, store, pipeline = kb
    job = pipeline.submit(PLAN, "plan.txt")
    seen: list[str] = []
    pipeline.extractor.before = lambda: seen.append(store.get_job(job.id).stage)
    assert pipeline.process_queued()[0].status == "added"
    assert seen == ["reading"]                      # the file is being read and its commitments found
    assert store.get_job(job.id).stage == ""        # done: no stage to show


def test_an_unknown_stage_is_refused(kb):
    _, store, pipeline = kb
    job = pipeline.submit(PLAN, "plan.txt")
    with pytest.raises(ValueError, match="unknown job stage"):
        store.set_job_stage(job.id, "thinking")


# -- two ingests of one file at once ------------------------------------------------

def test_the_same_file_ingested_twice_at_once_ends_as_one_document_and_one_duplicate(kb, tmp_path):
    """The CLI stores the file while the web worker's job for it is mid-way: no IntegrityError."""
    settings, store, web = kb
    cli = Pipeline(settings, Store(settings.database), extractor=FakeExtractor())
    job = web.submit(PLAN, "plan.txt")
    cli_outcomes = []
    web.extractor.before = lambda: cli_outcomes.append(cli.ingest_bytes(PLAN, "plan-copy.txt"))
    web_outcome = web.process_queued()[0]
    assert cli_outcomes[0].status == "added"
    assert (web_outcome.status, web_outcome.document_id) == ("duplicate", cli_outcomes[0].document_id)
    done = store.get_job(job.id)
    assert done.status == "done" and done.duplicate and done.reason == "already in the knowledge base"
    assert store.document_count() == 1
