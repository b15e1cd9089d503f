"""The ingestion pipeline: jobs, kept originals, duplicates and failures that lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.config import load_settings
from kb.extract import ExtractionResult
from kb.models import ParsedDocument
from kb.originals import Originals
from kb.pipeline import Pipeline, display_name, iter_files
from kb.store import Store


class CountingExtractor:
    """Finds no commitments; records what it was given (extraction is tested elsewhere)."""

    def __init__(self, fail_on: str | None = None):
        self.seen: list[str] = []
        self.fail_on = fail_on

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        self.seen.append(doc.source_name)
        if self.fail_on and self.fail_on in doc.text:
            raise RuntimeError("extractor bug")
        return ExtractionResult((), ())


@pytest.fixture
def kb(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data", max_file_bytes=10_000)
    store = Store(settings.db_path)
    yield settings, store, Pipeline(settings, store, extractor=CountingExtractor(fail_on="BUG"))
    store.close()


TEXT = b"Hechi plans\n\nThe city will build 20 bridges by 2030.\n"


def test_pipeline_adds_a_document_and_keeps_its_original(kb):
    settings, store, pipeline = kb
    outcome = pipeline.ingest_bytes(TEXT, "plan.txt")
    assert outcome.status == "added"
    doc = store.get_document(outcome.document_id)
    assert Originals(settings.originals_dir).get(doc.sha256) == TEXT
    job = store.list_jobs()[0]
    assert (job.status, job.document_id) == ("done", doc.id)


def test_pipeline_same_bytes_again_is_a_duplicate_not_a_second_document(kb):
    _, store, pipeline = kb
    first = pipeline.ingest_bytes(TEXT, "plan.txt")
    second = pipeline.ingest_bytes(TEXT, "copy-of-plan.txt")
    assert (second.status, second.document_id) == ("duplicate", first.document_id)
    assert store.document_count() == 1
    assert store.list_jobs()[0].duplicate


@pytest.mark.parametrize("data, name, reason", [
    (b"", "empty.txt", "empty file"),
    (b"   \n\n ", "blank.txt", "empty file"),
    (b"x" * 10_001, "big.txt", "over the 0 MB limit"),
    (bytes(range(256)) * 8, "noise.bin", ""),
    (b"%PDF-1.7\n1 0 obj <<", "broken.pdf", "PDF"),
])
def test_pipeline_bad_files_fail_with_a_reason_and_the_rest_goes_in(kb, data, name, reason):
    _, store, pipeline = kb
    bad = pipeline.ingest_bytes(data, name)
    good = pipeline.ingest_bytes(TEXT, "plan.txt")
    assert bad.status == "failed" and reason in (bad.reason or "") and bad.reason
    assert good.status == "added"
    assert store.document_count() == 1
    failed = [j for j in store.list_jobs() if j.status == "failed"]
    assert len(failed) == 1 and failed[0].source_name == name


def test_pipeline_a_crashing_extractor_fails_the_job_but_keeps_the_original(kb):
    settings, store, pipeline = kb
    outcome = pipeline.ingest_bytes(b"Text that triggers a BUG in the extractor.", "bug.txt")
    assert outcome.status == "failed" and "internal error" in outcome.reason
    job = store.list_jobs()[0]
    assert job.status == "failed" and Originals(settings.originals_dir).exists(job.sha256)
    assert store.document_count() == 0


def test_pipeline_missing_path_is_reported_by_name(kb, tmp_path):
    _, _, pipeline = kb
    outcome = pipeline.ingest_path(tmp_path / "nowhere.txt")
    assert (outcome.status, outcome.source_name, outcome.reason) == ("failed", "nowhere.txt", "no such file")


def test_pipeline_oversized_file_is_refused_before_it_is_read(kb, tmp_path):
    _, _, pipeline = kb
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs no disk or memory
    outcome = pipeline.ingest_path(big)
    assert outcome.status == "failed" and "200.0 MB" in outcome.reason


def test_pipeline_queued_jobs_are_processed_in_order_and_resume_after_a_crash(kb):
    _, store, pipeline = kb
    a = pipeline.submit(b"First plan.\n\nThe city will plant trees.", "a.txt")
    b = pipeline.submit(b"Second plan.\n\nThe city will build roads.", "b.txt")
    store.claim_next_job()  # a worker took job a, then died
    assert store.requeue_interrupted() == 1
    outcomes = pipeline.process_queued()
    assert [o.source_name for o in outcomes] == ["a.txt", "b.txt"]
    assert {store.get_job(a.id).status, store.get_job(b.id).status} == {"done"}


def test_pipeline_retry_of_a_failed_job_uses_the_kept_original(kb):
    _, store, pipeline = kb
    pipeline.extractor.fail_on = "roads"
    job = pipeline.submit(b"Plan.\n\nThe city will build roads.", "r.txt")
    assert pipeline.process_queued()[0].status == "failed"
    pipeline.extractor.fail_on = None
    store.retry_job(job.id)
    assert pipeline.process_queued()[0].status == "added"


def test_pipeline_listeners_hear_about_each_new_document(kb):
    _, _, pipeline = kb
    heard: list[int] = []
    pipeline.listeners.append(heard.append)
    outcome = pipeline.ingest_bytes(TEXT, "plan.txt")
    pipeline.ingest_bytes(TEXT, "again.txt")
    assert heard == [outcome.document_id]


@pytest.mark.parametrize("given, shown", [
    ("../../etc/passwd", "passwd"),
    ("a;rm -rf $(x).txt", "a_rm -rf _(x).txt"),
    ("C:\\Users\\me\\plan.docx", "plan.docx"),
    ("\x00\x1b[31mred.txt", "[31mred.txt"),
    ("", "unnamed"),
])
def test_pipeline_file_names_are_display_only_and_safe(given, shown):
    assert display_name(given) == shown


def test_iter_files_walks_folders_and_skips_hidden_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "sub/a.md", ".hidden", "sub/.DS_Store"):
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])] == ["b.txt", "sub/a.md"]
    assert list(iter_files([Path("missing.txt")])) == [Path("missing.txt")]
