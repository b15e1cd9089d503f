"""Parsers and the extractor run under a time and memory budget: a pathological file costs only its own child."""

from __future__ import annotations

import os
import time

import pytest

from kb.errors import IngestError
from kb.sandbox import Budget, Cancelled, FileSandbox, run_limited


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


# -- parsing and extraction together: kb.sandbox.FileSandbox ------------------------------------------

PLAN = b"Harbour plan\n\nThe port authority will electrify two cranes by 2029.\n"


class SleepyExtractor:
    """Stands in for spaCy on a huge text: takes `seconds` per document."""

    def __init__(self, seconds: float = 0.0, hog_mb: int = 0, die: bool = False):
        self.seconds, self.hog_mb, self.die = seconds, hog_mb, die

    def extract(self, doc):
        from kb.extract import ExtractionResult

        if "slow" in doc.text:
            time.sleep(self.seconds)
        if "hungry" in doc.text:
            hog(self.hog_mb)
        if "fatal" in doc.text:
            crash()
        return ExtractionResult((), (f"extracted in process {os.getpid()}",))


def make_sleepy() -> SleepyExtractor:
    return SleepyExtractor(seconds=60, hog_mb=4096)


@pytest.fixture(scope="module")
def box():
    sandbox = FileSandbox(make_sleepy)
    yield sandbox
    sandbox.close()


FAST = Budget(20, 1024)


def test_file_sandbox_parses_and_extracts_in_a_child_of_the_helper(box):
    parsed, result, seconds = box.run("plan.txt", PLAN, FAST, FAST)
    assert parsed.title == "Harbour plan" and set(seconds) == {"parse", "extract"}
    child = int(result.warnings[0].rsplit(" ", 1)[1])
    assert child != os.getpid() and child != box._proc.pid


def test_extraction_over_its_time_budget_is_abandoned_and_the_next_file_goes_through(box):
    started = time.perf_counter()
    with pytest.raises(IngestError, match=r"^slow.txt: extraction took longer than 1 s; file abandoned$"):
        box.run("slow.txt", b"Plan\n\nThis one is slow to read.\n", FAST, Budget(1, 1024))
    assert time.perf_counter() - started < 15
    assert box.run("plan.txt", PLAN, FAST, FAST)[0].title == "Harbour plan"


def test_extraction_over_its_memory_budget_is_abandoned(box):
    with pytest.raises(IngestError, match=r"hungry.txt: extraction needed more than 512 MB of memory"):
        box.run("hungry.txt", b"Plan\n\nA hungry document.\n", FAST, Budget(30, 512))
    assert box.run("plan.txt", PLAN, FAST, FAST)[0].title == "Harbour plan"


def test_an_extractor_that_kills_its_process_costs_only_that_file(box):
    helper = box._proc.pid
    with pytest.raises(IngestError, match="extraction crashed on this file"):
        box.run("fatal.txt", b"Plan\n\nA fatal document.\n", FAST, FAST)
    assert box._proc.pid == helper and box.run("plan.txt", PLAN, FAST, FAST)[0].title == "Harbour plan"


def test_a_parser_error_comes_back_unchanged_from_the_file_sandbox(box):
    with pytest.raises(IngestError) as info:
        box.run("empty.txt", b"   \n\n  ", FAST, FAST)
    assert info.value.source_name == "empty.txt"


def test_a_stop_request_kills_the_child_at_once(box):
    started = time.perf_counter()
    with pytest.raises(Cancelled):
        box.run("slow.txt", b"Plan\n\nThis one is slow to read.\n", FAST, Budget(60, 1024),
                should_stop=lambda: time.perf_counter() - started > 1)
    assert time.perf_counter() - started < 10
