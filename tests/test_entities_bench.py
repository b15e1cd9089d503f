"""The merge measurement of bench/eval_entities.py: how pairs are counted, and that the stored samples
are judged in full (so anyone can re-check them against the texts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.eval_entities import pairwise

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "bench" / "entities").glob("sample*.jsonl"))


def test_pairs_are_counted_against_the_judges_bodies():
    keys = ["commerce", "commerce", "energy", None, "harbour board"]
    gold = ["Department of Commerce", "department of commerce", "Department of Energy", "Department of Energy",
            "Department of Commerce"]
    # merged and same: (0, 1); same body left apart: (0, 4), (1, 4), (2, 3); nothing merged wrongly
    assert pairwise(keys, gold) == (1, 0, 3)
    # one name merging two bodies is a false positive for each pair it joins
    assert pairwise(["x", "x", "x"], ["A", "A", "B"]) == (1, 2, 0)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sampled_link_is_judged(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 50
    for row in rows:
        assert isinstance(row["gold"], str) and row["gold"]
        assert isinstance(row["entity_ok"], bool)
        assert row["sentence"] and row["member"] and row["document"].endswith(".md")
        # never an off-limits order (../shared/corpus/README.md)
        assert not any(n in row["document"] for n in ("14057", "14058", "14154"))
