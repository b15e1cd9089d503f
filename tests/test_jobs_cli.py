"""`policykb jobs list|cancel|retry`: the ingestion queue from the command line."""

from __future__ import annotations

import json

import pytest

from kb.config import load_settings
from kb.pipeline import Pipeline
from kb.store import Store
from policykb.cli.app import main
from tests.test_jobs_queue import FakeExtractor, million_page_pdf

PLAN = b"Harbour plan\n\nThe port authority will electrify two cranes by 2029.\n"


@pytest.fixture
def data(tmp_path):
    """A knowledge base with a queued job (1) and a failed one (2)."""
    settings = load_settings(data_dir=tmp_path / "data")
    store = Store(settings.db_path)
    pipeline = Pipeline(settings, store, extractor=FakeExtractor())
    pipeline.submit(PLAN, "harbour.txt")
    bad = pipeline.submit(million_page_pdf(), "pages.pdf")
    pipeline.process(store.get_job(bad.id))
    store.close()
    return tmp_path / "data"


def run(capsys, data, *args):
    code = main(["--data", str(data), "jobs", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_jobs_list_shows_state_attempts_and_reason(capsys, data):
    code, out, _ = run(capsys, data, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "status", "tries", "updated", "(UTC)", "file", "/", "reason"]
    assert lines[1].split()[:3] == ["2", "failed", "1"] and lines[1].endswith("pages.pdf")
    assert lines[2].strip().startswith("broken PDF")
    assert lines[3].split()[:3] == ["1", "queued", "0"] and lines[3].endswith("harbour.txt")


def test_jobs_list_json_and_status_filter(capsys, data):
    code, out, _ = run(capsys, data, "list", "--status", "failed", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(r["id"], r["status"], r["source_name"]) for r in rows] == [(2, "failed", "pages.pdf")]


def test_jobs_cancel_then_retry(capsys, data):
    assert run(capsys, data, "cancel", "1")[:2] == (0, "cancelled job 1 (harbour.txt)\n")
    code, out, _ = run(capsys, data, "cancel", "1")
    assert code == 1 and out == "policykb: job 1 is cancelled; only queued or processing jobs can be cancelled\n"
    assert run(capsys, data, "retry", "1", "2")[:2] == (0, "queued again job 1 (harbour.txt)\n"
                                                          "queued again job 2 (pages.pdf)\n")
    store = Store(load_settings(data_dir=data).db_path)
    assert [store.get_job(i).status for i in (1, 2)] == ["queued", "queued"]
    assert store.known_bad(store.get_job(2).sha256) is None
    store.close()


def test_jobs_on_an_unknown_id_is_one_line(capsys, data):
    code, _, err = run(capsys, data, "retry", "99")
    assert code == 1 and err == "policykb: no job with id 99\n"


def test_jobs_list_names_the_worker_holding_a_processing_job_and_its_lease(capsys, data):
    store = Store(load_settings(data_dir=data).db_path)
    claimed = store.claim_next_job(worker="node-b:4711")
    store.close()
    code, out, _ = run(capsys, data, "list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.split()[:2] == ["1", "processing"])
    assert line.endswith(f"harbour.txt (worker node-b:4711, lease until {claimed.lease_until})")
    code, out, _ = run(capsys, data, "list", "--status", "processing", "--json")
    row = json.loads(out)
    assert (row["worker"], row["lease_until"]) == ("node-b:4711", claimed.lease_until)


def test_a_worker_with_a_lease_too_short_to_renew_is_refused_in_one_line(capsys, data):
    code = main(["--data", str(data), "worker", "--once", "--lease-s", "1"])
    assert (code, capsys.readouterr().err) == (1, "policykb: --lease-s must be at least 3 seconds and --poll-s above 0\n")
