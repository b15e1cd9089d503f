"""Choose how a unit's vector is composed (indexer/units.py `CONTEXT_WEIGHT`, `WHAT_WEIGHT`) on train + validation.

    .venv/bin/python bench/ingest_context_weight.py [--cache DIR] [--weights 0.5,0.7] [--what-weights none,0] [--devset]

Why: embedding each unit's whole text ("title. context. what. sentence")
spends most of an ingest's embedding tokens on the title and context that
every unit of a section repeats.  A composed vector -- the normalised sum of
its sentence's vector, w times its context's, and (`--what-weights`) a
commitment's resolved restatement joined to the sentence ("none"), left out
(0) or as a part of its own weight -- embeds each distinct text once.  This
script rebuilds each split's index (bench/tune_ranking.py's knowledge bases
under `--cache`) once per variant, every distinct text embedded once for
all variants by the service's model in its own batches, and prints hybrid
nDCG@10 / Recall@10 (all queries, and the macro mean over kinds) with the
tokens each variant embeds.  The first variant is today's whole text.  The
ranking constants stay as they are (kb/config.py RankingParams).
`--devset` adds the shared dev set as a guard; it is reported, never tuned
on.  `--whole-commitments`: compose passage sentences only.  `--embedded-text`:
the whole text against the shorter text the vector reads since round 11
(`UnitText.embedded`: the title's numbered designation left out, and with
indexer/units.py BARE_WORDS set, a bare heading's context).  Figures: indexer/units.py's module docstring.

The test split is never read here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tune_ranking  # noqa: E402  (sets the offline switches, finds the scorer)


def variants(weights: list[float], what_weights: list[float | None], whole: bool = True
             ) -> list[tuple[str, float | None, float | None]]:
    """(label, CONTEXT_WEIGHT, WHAT_WEIGHT) of each variant measured; first the whole-text way (today's)."""
    out: list[tuple[str, float | None, float | None]] = [("whole text", None, None)] if whole else []
    for ww in what_weights:
        how = "what. sentence" if ww is None else f"what {ww:g}"
        out += [(f"w={w:g}, {how}", w, ww) for w in weights]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/policykb-labelled", help="tune_ranking's knowledge bases per split")
    ap.add_argument("--weights", default="0.3,0.4,0.5,0.6,0.8")
    ap.add_argument("--devset", action="store_true", help="also report the shared dev set (a guard)")
    ap.add_argument("--what-weights", default="none,0",
                    help="WHAT_WEIGHT values: 'none' (the restatement joins the sentence), 0 (not embedded), or a weight")
    ap.add_argument("--whole-commitments", action="store_true",
                    help="compose passage sentences only; a commitment's whole text is embedded (COMPOSE_COMMITMENTS)")
    ap.add_argument("--no-whole", action="store_true", help="skip the whole-text variant (today's way)")
    ap.add_argument("--embedded-text", action="store_true",
                    help="measure instead the unit's whole text against `UnitText.embedded` (the title's designation "
                         "left out: indexer/units.py SHORTER_EMBEDDED_TEXT, BARE_WORDS)")
    args = ap.parse_args()

    from indexer import sync, units

    weights = [float(w) for w in args.weights.split(",") if w]
    units.COMPOSE_COMMITMENTS = not args.whole_commitments
    what_weights = [None if v == "none" else float(v) for v in args.what_weights.split(",") if v]
    todo = variants(weights, what_weights, not args.no_whole)
    if args.embedded_text:   # (label, CONTEXT_WEIGHT, WHAT_WEIGHT, SHORTER_EMBEDDED_TEXT)
        todo = [("whole text", None, None, False), ("shorter text", None, None, True)]
    else:
        todo = [(label, w, ww, False) for label, w, ww in todo]
    cache = Path(args.cache)
    sc = tune_ranking.scorer()
    names = list(tune_ranking.TUNE_SPLITS) + (["devset"] if args.devset else [])
    opened = {}
    for split in names:
        service, queries = (tune_ranking.open_devset(cache) if split == "devset"
                            else tune_ranking.open_split(split, cache))
        opened[split] = (service, [q for q in queries if q["relevant"]])
    # every distinct text embedded once for all variants, by the model the service runs, in the batches it runs
    # (tune_ranking's CachingEmbedder passes batch_size=64; int8 vectors depend a little on their batch)
    vectors: dict[str, object] = {}

    def model_encode(texts, model):  # type: ignore[no-untyped-def]
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in vectors]
        if todo:
            vectors.update(zip(todo, model.encode(todo)))
        return np.stack([vectors[t] for t in texts])

    results: dict[str, dict[str, tuple]] = {}
    for label, weight, what_weight, shorter in todo:
        units.CONTEXT_WEIGHT, units.WHAT_WEIGHT, units.SHORTER_EMBEDDED_TEXT = weight, what_weight, shorter
        for split, (service, answered) in opened.items():
            seen: list[str] = []

            def encode(texts, _seen=seen, _service=service):  # type: ignore[no-untyped-def]
                _seen.extend(texts)
                return model_encode(texts, _service.embedder.inner)

            t0 = time.perf_counter()
            service.state = sync.build(service.store, encode, service.dim, service.settings.exact_index_limit)
            tokenizer = service.embedder.inner._tokenizer
            distinct = sorted(set(seen))
            tokens = sum(sum(e.attention_mask) for e in tokenizer.encode_batch(distinct)) if distinct else 0
            prepared = [tune_ranking.Prepared(service, q["query"]) for q in answered]
            res = tune_ranking.by_kind(sc, answered, tune_ranking.rows_of(prepared, service.params))
            results.setdefault(label, {})[split] = (res["all"], res["macro"], len(distinct), tokens)
            print(f"{label:<16} {split:<10} nDCG@10 {res['all'][0]:.3f} R@10 {res['all'][1]:.3f}"
                  f" (macro {res['macro'][0]:.3f}); {len(distinct):,} texts, {tokens:,} tokens"
                  f" ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    print(f"\n{'variant':<18}" + "".join(f"{s + ' nDCG/R@10 (macro)':>32}{'tokens':>10}" for s in names))
    for label, by_split in results.items():
        cells = "".join(f"{a[0]:>14.3f} / {a[1]:.3f} ({m[0]:.3f}){tok:>10,}"
                        for (a, m, _, tok) in (by_split[s] for s in names))
        print(f"{label:<18}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
