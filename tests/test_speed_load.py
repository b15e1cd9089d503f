"""A short run of bench/load.py's folder scenario: upload a folder through the web app while people search.

The full run (the 160 executive orders) measures search latency during the
ingest (issue 13: search p95 <= 1 s); this one checks that the scenario does
what it says on three small invented documents: every file becomes a
document, the searches run the whole time and none fails, and the run ends
only once the server's index holds everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import index_caught_up, run_folder_upload
from tests.serverproc import plan_document

pytestmark = pytest.mark.integration


def test_a_folder_uploaded_while_people_search_is_stored_indexed_and_searchable(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(3):
        (folder / f"plan-{i}.txt").write_bytes(plan_document(i, sentences=5))
    data = tmp_path / "data"
    result = run_folder_upload(data, folder, searchers=2, per_request=2, pause_s=0.2, settle_timeout=300)
    assert result.files == 3
    assert result.failed == [] and result.documents == 3
    assert result.uploads.errors == [] and len(result.uploads.latencies) == 2   # 2 requests: 2 files, then 1
    assert result.searches.errors == [] and len(result.searches.latencies) >= 2
    assert result.indexed_s >= result.jobs_done_s
    assert index_caught_up(data)
