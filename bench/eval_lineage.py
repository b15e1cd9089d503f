"""Actor merging and revocation links on the US executive orders corpus (issue 15).

Prints: distinct actor names before merging and entities after; merge precision on the 50 hand-checked
mentions of bench/lineage/actor_sample.jsonl (each line: a mention, the entity it was linked to, and
`correct`, a person's judgement); and recall / precision of the revocation links against
bench/lineage/revocations.jsonl (every revocation, supersession or amendment between two orders of the
corpus that the texts state, found by reading them with grep, not by this code).

    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb            # builds the KB there if empty
    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb --write-sample   # a fresh unjudged sample

The knowledge base is built with kb.pipeline only (no search index: no embeddings needed).  Off-limits
orders (../shared/corpus/README.md) are skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "us-executive-orders-2021-2025"
OFF_LIMITS = ("14057", "14058", "14154")
SAMPLE = ROOT / "bench" / "lineage" / "actor_sample.jsonl"
GOLD = ROOT / "bench" / "lineage" / "revocations.jsonl"


def build(data: Path):
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store

    settings = load_settings(data)
    store = Store(settings.db_path)
    if store.document_count() == 0:
        pipeline = Pipeline(settings, store)
        for f in sorted(CORPUS.glob("*.md")):
            if not any(n in f.name for n in OFF_LIMITS):
                pipeline.ingest_path(f)
    return store


def mention_rows(store) -> list[dict]:
    rows = store.conn.execute(
        "SELECT m.mention, m.rule, e.name AS entity, c.actor, d.source_name, c.sentence_start"
        " FROM entity_mentions m JOIN entities e ON e.id=m.entity_id JOIN commitments_view c ON c.id=m.commitment_id"
        " JOIN documents d ON d.id=c.document_id ORDER BY d.source_name, c.sentence_start, e.name"
    ).fetchall()
    return [{"document": r["source_name"], "sentence_start": r["sentence_start"], "actor": r["actor"],
             "mention": r["mention"], "entity": r["entity"], "rule": r["rule"]} for r in rows]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="data folder of the corpus KB (built there when empty)")
    ap.add_argument("--write-sample", action="store_true", help=f"write 50 unjudged mentions to {SAMPLE}")
    args = ap.parse_args()
    store = build(Path(args.data))
    from kb.lineage import order_number

    r = store.rebuild_entities()
    print(f"documents: {store.document_count()}")
    print(f"actor names before merging: {r.actors}; entities after: {r.entities} "
          f"({r.mentions} mention links, joint actors linked to each member)")
    rows = mention_rows(store)
    merged = [x for x in rows if x["rule"] != "exact"]
    print(f"mention links made by a merging rule (not 'exact'): {len(merged)} of {len(rows)}")

    if args.write_sample:
        # from the links a merging rule made: an 'exact' link (the string itself) cannot merge wrongly
        sample = random.Random(15).sample(merged, 50)
        SAMPLE.write_text("".join(json.dumps(dict(x, correct=None)) + "\n" for x in sample), encoding="utf-8")
        print(f"wrote {SAMPLE}: judge each line (correct: true/false, note)")
        return 0

    current = {(x["document"], x["sentence_start"], x["mention"], x["entity"]) for x in rows}
    judged = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    stale = [j for j in judged if (j["document"], j["sentence_start"], j["mention"], j["entity"]) not in current]
    ok = sum(1 for j in judged if j["correct"])
    print(f"merge precision on the hand-checked sample: {ok}/{len(judged)} = {ok / len(judged):.3f}"
          f" (links no longer made by the code: {len(stale)})")
    by_rule = [j for j in judged if j["rule"] != "exact"]
    ok_rule = sum(1 for j in by_rule if j["correct"])
    if by_rule:
        print(f"  of which linked by a merging rule: {ok_rule}/{len(by_rule)} = {ok_rule / len(by_rule):.3f}")

    numbers = {}
    for doc, _n in store.document_summaries():
        d = store.get_document(doc.id)
        numbers[doc.id] = order_number(d.title, d.text)
    found = {(numbers[a], numbers[b], rel) for a, b, rel, _p, _s in store.iter_revocations()}
    gold = {(g["revoking"], g["revoked"], g["relation"])
            for g in (json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip())}
    tp = found & gold
    print(f"revocation links (pairs of orders with relation): gold {len(gold)}, found {len(found)}, "
          f"correct {len(tp)}; recall {len(tp) / len(gold):.3f}, precision {len(tp) / max(1, len(found)):.3f}")
    for miss in sorted(gold - found):
        print("  missed:", miss)
    for extra in sorted(found - gold):
        print("  wrong:", extra)
    whole = {(a, b) for a, b, rel in gold if rel in ("revoked", "rescinded")}
    print(f"  whole revocations in gold: {len(whole)}; commitments now counted revoked or superseded: "
          f"{len(store.revoked_commitment_ids())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
