"""Actor merging on the US executive orders: entity count, and pairwise merge precision/recall on a
hand-checked random sample of mention links (issue 15).

Why pairwise: a scorecard is only as good as its merges.  Two mentions merged that name different
bodies inflate one entity (a precision error); two mentions of one body left apart split its record
(a recall error).  Over every pair of sampled links:
  true positive: same entity and, by the judge's reading, the same body; false positive: same entity,
  different bodies; false negative: different entities, same body.

The sample (bench/entities/sample.jsonl) holds 50 links (commitment, member of its actor) drawn at
random from every link of the knowledge base, with the sentence, the entity the rules linked it to
at drawing time and a person's judgement: `gold`, the body the mention names, read in its sentence
and document ("Department of Commerce"; a text that names no body gets "not a body: ..."), and
`note`.  Scoring re-resolves each sampled actor with the *current* rules (kb.entities.resolve, with
its document's acronyms and federal context), so the figures follow the code; people's overlays
(merges, splits) are left out: this measures the rules.

    .venv/bin/python bench/eval_entities.py --data /tmp/eo-kb            # score (builds the KB when empty)
    .venv/bin/python bench/eval_entities.py --data /tmp/eo-kb --draw 50  # a fresh unjudged sample (overwrites)

The KB is built with kb.pipeline from ../shared/corpus/us-executive-orders-2021-2025, skipping the
off-limits orders of ../shared/corpus/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_lineage import build  # noqa: E402  (the knowledge base of the 160 orders, off-limits ones skipped)

SAMPLE = ROOT / "bench" / "entities" / "sample.jsonl"


def contexts(store) -> dict[str, tuple[int, dict, bool, str, str]]:
    """source name -> (document id, names defined in its text, federal?, title, text)."""
    from kb.entities import defined_names, is_us_federal

    return {r["source_name"]: (r["id"], defined_names(r["text"]), is_us_federal(r["text"]), r["title"], r["text"])
            for r in store.conn.execute("SELECT id, source_name, title, text FROM documents")}


def all_links(store) -> list[dict]:
    """Every (commitment, member) link the current rules make, with its sentence."""
    from kb.entities import resolve

    ctx = contexts(store)
    by_id = {i: name for name, (i, *_rest) in ctx.items()}
    out = []
    for r in store.conn.execute("SELECT id, document_id, actor, actor_text, actor_source, sentence, sentence_start"
                                " FROM commitments_view WHERE actor != '' ORDER BY id"):
        doc = by_id[r["document_id"]]
        _i, acronyms, federal, title, text = ctx[doc]
        for m in resolve(r["actor"], acronyms, federal, scope=title, text=text):
            out.append({"document": doc, "sentence_start": r["sentence_start"], "sentence": r["sentence"],
                        "actor": r["actor"], "actor_text": r["actor_text"], "actor_source": r["actor_source"],
                        "member": m.member, "entity": m.name, "rule": m.rule})
    return out


def current_key(ctx, sample: dict) -> str | None:
    """The entity key the current rules give the sampled link (None: the member is no longer split out)."""
    from kb.entities import resolve

    _i, acronyms, federal, title, text = ctx[sample["document"]]
    for m in resolve(sample["actor"], acronyms, federal, scope=title, text=text):
        if m.member.lower() == sample["member"].lower():
            return m.key
    return None


def pairwise(keys: list[str | None], gold: list[str]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for (k1, g1), (k2, g2) in itertools.combinations(zip(keys, gold), 2):
        same_pred = k1 is not None and k1 == k2
        same_gold = g1.lower() == g2.lower()
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp, fp, fn


def report(what: str, keys: list[str | None], gold: list[str]) -> None:
    tp, fp, fn = pairwise(keys, gold)
    print(f"{what}: {len(keys)} links, {len(keys) * (len(keys) - 1) // 2} pairs; same body (gold) {tp + fn}, "
          f"merged by the rules {tp + fp}")
    print(f"  pairwise merge precision {tp}/{tp + fp} = {tp / max(1, tp + fp):.3f}; "
          f"recall {tp}/{tp + fn} = {tp / max(1, tp + fn):.3f}  (tp {tp}, fp {fp}, fn {fn})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="data folder of the corpus KB (built there when empty)")
    ap.add_argument("--draw", type=int, metavar="N", help=f"write N fresh unjudged links to {SAMPLE}")
    ap.add_argument("--seed", type=int, help="with --draw: the random seed (default: a fresh one, recorded)")
    ap.add_argument("--sample", type=Path, default=SAMPLE, help=f"the judged sample (default {SAMPLE})")
    args = ap.parse_args()
    store = build(Path(args.data))
    r = store.rebuild_entities()
    with_actor = store.conn.execute("SELECT COUNT(*) FROM commitments_view WHERE actor != ''").fetchone()[0]
    print(f"documents: {store.document_count()}; commitments with an actor: {with_actor}")
    print(f"distinct actor names: {r.actors}; entities after merging: {r.entities} ({r.mentions} mention links)")
    overlays = store.conn.execute("SELECT COUNT(*) FROM entity_overlays").fetchone()[0]
    if overlays:
        print(f"  (of which shaped by {overlays} people's overlays)")

    if args.draw:
        seed = args.seed if args.seed is not None else secrets.randbelow(10**9)
        links = all_links(store)
        sample = random.Random(seed).sample(links, args.draw)
        args.sample.write_text("".join(json.dumps(dict(x, seed=seed, gold=None, note=None), ensure_ascii=False) + "\n"
                                  for x in sample), encoding="utf-8")
        print(f"drew {args.draw} of {len(links)} links with seed {seed} into {args.sample}: judge each "
              "(gold, entity_ok, note)")
        return 0

    judged = [json.loads(line) for line in args.sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    if any(j["gold"] is None for j in judged):
        print(f"{sum(j['gold'] is None for j in judged)} links of {args.sample} are not judged yet")
        return 1
    ctx = contexts(store)
    missing = [j for j in judged if j["document"] not in ctx]
    if missing:
        print(f"{len(missing)} sampled documents are not in this KB (e.g. {missing[0]['document']})")
        return 1
    keys = [current_key(ctx, j) for j in judged]
    gold = [j["gold"] for j in judged]
    print(f"sample {args.sample.name}: {len(judged)} links (seed {judged[0].get('seed')}), "
          f"{len(set(g.lower() for g in gold))} bodies by the judge, {len(set(keys))} entities by the current rules; "
          f"links the rules no longer make: {sum(k is None for k in keys)}")
    report("all sampled links", keys, gold)
    named = [i for i, j in enumerate(judged) if j["actor_source"] != "main_actor"]
    report("links whose actor the text names (not the document's main actor)",
           [keys[i] for i in named], [gold[i] for i in named])
    ok = sum(1 for j in judged if j["entity_ok"])
    changed = sum(1 for j, k in zip(judged, keys) if k != j["entity"].lower())
    print(f"links to an entity that holds only the mention's body (judged on the entity as drawn): {ok}/{len(judged)}"
          f" = {ok / len(judged):.2f}; entities changed since drawing: {changed}")
    for j, k in zip(judged, keys):
        wrong = [o for o, ok in zip(judged, keys) if o is not j and ((ok == k and k is not None) != (
            o["gold"].lower() == j["gold"].lower()))]
        # x: a pair error with another sampled link; !: judged a wrong entity; c: entity changed since judged
        mark = ("x" if wrong else " ") + (" " if j["entity_ok"] else "!") + ("c" if k != j["entity"].lower() else " ")
        print(f" {mark} {j['member'][:50]!r:54} -> {k!s:42.42}  gold: {j['gold'][:48]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
