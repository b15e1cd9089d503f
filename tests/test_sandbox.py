"""Parsers run under a time and memory budget: a pathological file costs only its own child process."""

from __future__ import annotations

import time

import pytest

from kb.errors import IngestError
from kb.sandbox import Budget, run_limited


def hang(seconds: float) -> str:
    time.sleep(seconds)
    return "finished"


def hog(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def refuse(name: str) -> None:
    raise IngestError(name, "broken PDF: no trailer")


def crash() -> None:
    import os

    os._exit(3)


def test_sandbox_returns_the_parsers_result():
    assert run_limited("a.txt", Budget(30, 1024), hang, 0) == "finished"


def test_sandbox_abandons_a_parser_that_runs_too_long():
    started = time.perf_counter()
    with pytest.raises(IngestError, match=r"slow.pdf: parsing took longer than 1 s"):
        run_limited("slow.pdf", Budget(1, 1024), hang, 60)
    assert time.perf_counter() - started < 30


def test_sandbox_abandons_a_parser_that_takes_too_much_memory():
    with pytest.raises(IngestError, match=r"bomb.docx: parsing needed more than 1024 MB"):
        run_limited("bomb.docx", Budget(60, 1024), hog, 4096)


def test_sandbox_passes_a_parsers_own_error_through_with_its_fields():
    with pytest.raises(IngestError) as info:
        run_limited("x.pdf", Budget(30, 1024), refuse, "x.pdf")
    assert (info.value.source_name, info.value.reason) == ("x.pdf", "broken PDF: no trailer")


def test_sandbox_reports_a_parser_that_dies():
    with pytest.raises(IngestError, match="crashed"):
        run_limited("x.pdf", Budget(30, 1024), crash)
