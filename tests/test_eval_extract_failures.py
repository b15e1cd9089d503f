"""The extraction evaluation runner tells a rule that raised from a document that gave nothing (round 25).

The extractor keeps a document when one of its steps raises and records a warning instead
(kb.extract: "commitment rules failed: ..."); `bench/eval_extract.py` ends with status 3 when it
sees one, so that a broken rule cannot pass for a lower score."""

from __future__ import annotations

from bench.eval_extract import failed_steps


def test_a_step_that_raised_is_reported_by_document():
    warnings = {
        "harbour-plan.txt": ("passage 3: numbers only, no English text; skipped",
                             "commitment rules failed: NameError(\"name 're' is not defined\")"),
        "ferry-order.txt": ("confidence scoring failed: ValueError('bad row')",),
        "quiet.txt": (),
    }
    assert failed_steps(warnings) == [
        "harbour-plan.txt: commitment rules failed: NameError(\"name 're' is not defined\")",
        "ferry-order.txt: confidence scoring failed: ValueError('bad row')",
    ]


def test_ordinary_warnings_are_no_failures():
    assert failed_steps({"plan.pdf": ("passage 71: numbers only, no English text; skipped",
                                      "no text to extract from")}) == []
