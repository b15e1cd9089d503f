"""Jobs run under a budget: a file whose extraction overruns fails with a clear reason and the queue moves on.

The extractor here is a small stand-in that sleeps on request (spaCy on a
5 MB text took minutes); the last test runs the real extractor in the
sandbox to show that documents still come out with their commitments.
"""

from __future__ import annotations

import pytest

from kb.config import load_settings
from kb.pipeline import Pipeline
from kb.sandbox import FileSandbox
from kb.store import Store
from tests.stores import settings_on
from tests.test_sandbox import make_sleepy

PLAN = b"Harbour plan\n\nThe port authority will electrify two cranes by 2029.\n"
SLOW = b"Slow plan\n\nThis slow one would keep the extractor busy for minutes.\n"


@pytest.fixture(scope="module")
def box():
    sandbox = FileSandbox(make_sleepy)
    yield sandbox
    sandbox.close()


@pytest.fixture
def kb(tmp_path, box, store_target):
    """On SQLite and on PostgreSQL (tests/stores.py)."""
    settings = settings_on(store_target, tmp_path / "data")
    store = Store(settings.database)
    yield settings, store, Pipeline(settings, store, sandbox=box, extract_timeout_s=1)
    store.dispose()


def test_a_file_over_the_extraction_budget_fails_with_its_reason_and_the_queue_moves_on(kb):
    _, store, pipeline = kb
    slow = pipeline.submit(SLOW, "slow.txt")
    fine = pipeline.submit(PLAN, "plan.txt")
    outcomes = pipeline.process_queued()
    assert [(o.source_name, o.status) for o in outcomes] == [("slow.txt", "failed"), ("plan.txt", "added")]
    failed = store.get_job(slow.id)
    assert failed.reason == "extraction took longer than 1 s; file abandoned"
    assert store.get_job(fine.id).status == "done"
    # remembered: the same bytes are refused at once, with the first reason
    again = pipeline.submit(SLOW, "slow-again.txt")
    assert again.status == "failed" and "(slow.txt: extraction took longer than 1 s" in again.reason


def test_extraction_runs_outside_the_calling_process(kb):
    _, store, pipeline = kb
    assert pipeline.ingest_bytes(PLAN, "plan.txt").status == "added"
    assert pipeline._extractor is None   # nothing was loaded here
    warnings = store.get_document(store.list_documents()[0][0].id).warnings
    assert warnings and warnings[0].startswith("extracted in process ")


@pytest.mark.integration
def test_the_real_extractor_in_the_sandbox_finds_commitments(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    store = Store(settings.db_path)
    pipeline = Pipeline(settings, store)
    outcome = pipeline.ingest_bytes(
        b"Water plan\n\nThe Ministry of Water will build three reservoirs by 2031.\n", "water.txt")
    assert outcome.status == "added" and outcome.commitments >= 1
    assert pipeline._extractor is None
    assert pipeline.stage_seconds["extract"] > 0
    store.close()


@pytest.mark.integration
def test_the_real_extractor_over_its_budget_is_stopped_and_the_next_file_is_read(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    store = Store(settings.db_path)
    strict = Pipeline(settings, store, extract_timeout_s=1)
    long_text = "Long plan\n\n" + "\n\n".join(
        f"The district office number {i} will repair {i % 17 + 2} footbridges by {2030 + i % 9}." for i in range(6000))
    outcome = strict.ingest_bytes(long_text.encode(), "long.txt")
    assert (outcome.status, outcome.reason) == ("failed", "extraction took longer than 1 s; file abandoned")
    normal = Pipeline(settings, store)            # the same helper process, the default budget
    assert normal.sandbox is strict.sandbox
    short = normal.ingest_bytes(b"Short plan\n\nThe harbour board will dredge the channel by 2029.\n", "short.txt")
    assert short.status == "added" and short.commitments >= 1
    store.close()
