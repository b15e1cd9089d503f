"""A CLI ingest and a web upload of the same files at the same time: each file is one document, the
later of the two reports a duplicate, nothing ends "internal error: IntegrityError", the CLI exits 0.

The server's worker takes the files from the last to the first while the CLI
takes them from the first to the last, so the two meet part-way through the
batch.  Where exactly depends on timing; the exact interleaving (a document
stored between a job's duplicate check and its own insert) is pinned down in
tests/test_jobs_queue.py::test_the_same_file_ingested_twice_at_once_ends_as_one_document_and_one_duplicate.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from kb.config import load_settings
from kb.store import Store
from tests.serverproc import ROOT, Server, plan_document, policykb

pytestmark = pytest.mark.integration

FILES = 10


def test_cli_and_web_ingesting_the_same_files_at_once_end_with_one_document_each(tmp_path):
    data = tmp_path / "data"
    policykb(data, "user", "add", "uploader", "--password", "a long enough password")
    token = policykb(data, "token", "create", "--user", "uploader").strip().splitlines()[0]
    folder = tmp_path / "plans"
    folder.mkdir()
    files = [(f"plan-{i:02d}.txt", plan_document(200 + i, sentences=60)) for i in range(FILES)]
    for name, body in files:
        (folder / name).write_bytes(body)

    server = Server(data).start()
    try:
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        cli = subprocess.Popen([sys.executable, "-m", "policykb", "--data", str(data), "ingest", "-q", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        jobs = server.upload(list(reversed(files)), token)["jobs"]
        out, err = cli.communicate(timeout=600)
        deadline = time.time() + 300
        while time.time() < deadline:
            states = [server.get(f"/api/jobs/{j['id']}")["status"] for j in jobs]
            if all(s in ("done", "failed", "dead") for s in states):
                break
            time.sleep(0.5)
    finally:
        server.stop()

    assert cli.returncode == 0, (out, err)
    assert "failed 0" in out and "IntegrityError" not in out + err
    assert states == ["done"] * FILES
    store = Store(load_settings(data_dir=data).db_path)
    assert store.document_count() == FILES
    reasons = [j.reason for j in store.list_jobs(100)]
    assert not any(r and "internal error" in r for r in reasons)
    store.close()
