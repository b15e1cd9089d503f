"""A short version of bench/load.py: concurrent uploads and searches, zero errors, zero losses."""

from __future__ import annotations

import pytest

from bench.load import run_load

pytestmark = pytest.mark.integration


def test_concurrent_uploads_and_searches_lose_nothing_and_fail_nothing(tmp_path):
    result = run_load(tmp_path / "data", seconds=12, uploaders=8, searchers=50)
    assert result.uploads.errors == [] and result.searches.errors == []
    assert len(result.accepted_jobs) >= 8 and len(result.searches.latencies) >= 50
    assert result.lost == []
    assert result.documents == len(result.accepted_jobs)
