"""People's corrections as labelled data: the corrections export is gold for ../shared/eval's scorer.

Round trip on an invented document: ingest it, a person confirms some records, fixes the actor of one
and rejects one, `policykb corrections` writes the gold lines, `policykb extract --jsonl` reads the
same file afresh, and score_commitments.py scores the one against the other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.store import Store
from kb.store_review import Editor, parse_corrections

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score_commitments.py"
ERIN = Editor("erin", 1)

PLAN = """Lake Orlen water quality action plan

The Lake Orlen Basin Authority will install 12 monitoring buoys across the lake by 2027.
The authority will restore 400 hectares of shoreline wetland by 2029.
The authority will publish monthly algae readings on its website.
A photograph shows the old pumping station at dusk.
"""


def policykb(*args: str, data: Path) -> str:
    return subprocess.run([sys.executable, "-m", "policykb", "--data", str(data), *args], capture_output=True,
                          text=True, timeout=600, check=True).stdout


@pytest.mark.integration
@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside this checkout")
def test_corrections_export_scores_as_gold_against_a_fresh_extraction(tmp_path: Path) -> None:
    doc = tmp_path / "lake-orlen-plan.txt"
    doc.write_text(PLAN, encoding="utf-8")
    data = tmp_path / "kb"
    policykb("ingest", "-q", str(doc), data=data)

    store = Store(data / "policykb.sqlite3")
    records = {sc.commitment.action: sc for sc in store.query_commitments()}
    assert {"install", "restore", "publish"} <= set(records)
    store.confirm_commitment(records["install"].id, ERIN)
    store.confirm_commitment(records["restore"].id, ERIN)
    # the person says the actor is another body: the fresh extraction will disagree on this one
    store.correct_commitment(records["publish"].id, parse_corrections({"actor": "Orlen Water Laboratory"}), ERIN)
    for other in set(records) - {"install", "restore", "publish"}:
        store.reject_commitment(records[other].id, ERIN)
    store.close()

    gold = tmp_path / "gold.jsonl"
    gold.write_text(policykb("corrections", data=data), encoding="utf-8")
    lines = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3 and {x["doc"] for x in lines} == {"lake-orlen-plan"}
    assert {x["action"][0] for x in lines} == {"install", "restore", "publish"}
    assert next(x for x in lines if x["action"] == ["publish"])["actor"] == ["Orlen Water Laboratory"]

    pred = tmp_path / "pred.jsonl"
    pred.write_text(policykb("extract", "--jsonl", str(doc), data=data), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    summary = json.loads(out)
    assert summary["gold"] == 3 and summary["paired"] == 3
    assert summary["detection"]["recall"] == 1.0
    # two confirmed records match in all four fields; the corrected actor does not
    assert summary["tuple"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert summary["fields"]["actor"] == pytest.approx(2 / 3, abs=1e-3)
