"""Train the learned re-ranker (indexer/rank_learned.py) on the labelled train split, choose it on validation.

    .venv/bin/python bench/rank_train.py [--cache DIR] [--devset] [--write] [--show-losses KIND]

For every judged query of train and validation, the candidates are gathered
once (bench/tune_ranking.py `Prepared`) and ranked by the hand-tuned fusion;
the first `top` of them get the features of indexer/rank_learned.py and a
label: relevant when the sentence a reader is shown (mended) holds a judged
excerpt by the shared scorer's rule.  A logistic regression on the feature
differences of (relevant, not relevant) pairs of one query (a pairwise
ranker, scipy here only) is fitted on train for each setting of the
grid (regularisation, `top`, feature set, and `blend`: the model's score
added to the hand score with this weight, or 0 for the model's order alone);
each is measured by hybrid nDCG@10 by kind on train and validation, beside
the hand-tuned order and the naive baseline (bench/eval_labelled.py), and on
the shared dev set (a guard, never tuned on).  The setting is chosen by the
mean over kinds on validation, then train, among those that lower no kind of
train or validation by more than `--kind-tolerance` and (with --devset) not
the dev set's nDCG@10 or Recall@10; a setting below the naive baseline on a
kind of train or validation is reported so.  `--write` saves the chosen
model to indexer/rank_model.json, which search then loads (refused while the
dev set drops or no setting keeps every kind, unless --force); `--save FILE`
keeps it elsewhere.  Figures: indexer/rank_learned.py; the shipped model (round
12) came from `--devset --tops 30,40 --sets no-rrf --cs 0.1,0.3,1 --blends
0.1,0.15` (the first, 2 Dec, from `--tops 20,30,40 --sets all,small --cs
0.01,0.03,0.1 --blends 0.05,0.1,0.15`); the refits not shipped are in
indexer/rank_learned.py.
"no-rrf": every feature but the reciprocal-rank fusion (`rrf`), to measure what it adds.

The test split is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tune_ranking  # noqa: E402
from indexer.rank_learned import FEATURES  # noqa: E402

FEATURE_HAND = 0   # the "hand" feature's column (indexer/rank_learned.py FEATURES)

FEATURE_SETS = {
    "all": None,
    "no-doc": ("hand", "dense", "dense_gap", "keyword", "terms", "terms_idf", "title_idf", "bigrams",
               "bm25_sentence", "density", "passage", "heading", "table_row", "list_item", "short", "answer",
               "year", "log_words", "unfinished", "repeat"),
    "no-rrf": tuple(f for f in FEATURES if f != "rrf"),
    "small": ("hand", "dense", "keyword", "terms_idf", "bigrams", "bm25_sentence", "passage", "heading",
              "short", "answer", "log_words"),
}


def examples(sc, prepared, answered, params, top: int):  # type: ignore[no-untyped-def]
    """Per query: (feature matrix of the first `top` hand-ranked candidates, labels)."""
    from indexer import ranking
    from indexer.rank_learned import feature_matrix, head

    out = []
    for p, q in zip(prepared, answered):
        pairs = [(dataclasses.replace(u, score=0.0, boosts=[]), h) for u, h in p.pairs]
        pairs = ranking.rank(pairs, p.info, "hybrid", p.names, params, params.dense_floor, None)
        n = head(pairs, top)
        if n < 2:
            continue
        x = feature_matrix(pairs, n, p.info, p.idf, params.short_words)
        y = np.array([any(sc.holds({"doc": p.mended[id(h)].doc_name, "sentence": p.mended[id(h)].sentence}, item)
                          for item in q["relevant"]) for _, h in pairs[:n]], dtype=bool)
        out.append((x, y))
    return out


def fit(data, columns: list[int], c: float, anchor: float = 0.0):  # type: ignore[no-untyped-def]
    """Pairwise logistic regression: (mean, scale, weights) over the chosen columns.

    Each query weighs the same (its pairs share a weight of 1).  `anchor` > 0: the weights are pulled
    towards the hand-tuned order (the "hand" column alone, at the weight a fit on it alone gives) instead of
    towards 0, with strength `anchor`; `c` is then unused."""
    from scipy.optimize import minimize

    rows = np.concatenate([x[:, columns] for x, _ in data])
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    diffs, weights = [], []
    for x, y in data:
        z = (x[:, columns] - mean) / scale
        pos, neg = z[y], z[~y]
        if not len(pos) or not len(neg):
            continue
        d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, len(columns))
        diffs.append(d)
        weights.append(np.full(len(d), 1.0 / len(d)))
    d = np.concatenate(diffs)
    pw = np.concatenate(weights)
    pw /= pw.sum()

    def loss(w, prior, lam):  # type: ignore[no-untyped-def]
        m = d @ w
        value = float(pw @ np.logaddexp(0.0, -m)) + 0.5 * lam * float((w - prior) @ (w - prior))
        grad = -(d.T @ (pw / (1.0 + np.exp(m)))) + lam * (w - prior)
        return value, grad

    zero = np.zeros(len(columns))
    if anchor > 0 and FEATURE_HAND in columns:
        h = columns.index(FEATURE_HAND)
        one = minimize(lambda v: loss(np.eye(len(columns))[h] * v[0], zero, 0.0)[0], np.array([1.0]),
                       method="Nelder-Mead").x[0]
        prior = np.eye(len(columns))[h] * one
        w = minimize(loss, prior, args=(prior, anchor), jac=True, method="L-BFGS-B").x
    else:
        w = minimize(loss, zero, args=(zero, 0.01 / c), jac=True, method="L-BFGS-B").x
    return mean, scale, w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/policykb-labelled")
    ap.add_argument("--devset", action="store_true")
    ap.add_argument("--write", action="store_true",
                    help="save the chosen model to indexer/rank_model.json (search then uses it); refused when the "
                         "shared dev set drops or was not measured, unless --force")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--save", help="save the chosen model to this file instead (search does not read it)")
    ap.add_argument("--tops", default="20,30,40")
    ap.add_argument("--cs", default="0.1")
    ap.add_argument("--sets", default=",".join(FEATURE_SETS))
    ap.add_argument("--anchors", default="0",
                    help="pull the weights towards the hand-tuned order with this strength (0: towards 0, with C)")
    ap.add_argument("--blends", default="0,0.05,0.1,0.15",
                    help="add the model's score to the hand score with this weight (0: the model's order alone)")
    ap.add_argument("--kind-tolerance", type=float, default=0.005,
                    help="a setting that lowers a kind of train or validation by more than this is not chosen")
    args = ap.parse_args()
    from kb.config import RankingParams
    from indexer.rank_learned import FEATURES, MODEL_PATH, LearnedRanker

    cache = Path(args.cache)
    sc = tune_ranking.scorer()
    params = RankingParams()
    splits = {}
    for split in tune_ranking.TUNE_SPLITS + (("devset",) if args.devset else ()):
        service, queries = (tune_ranking.open_devset(cache) if split == "devset"
                            else tune_ranking.open_split(split, cache))
        answered = [q for q in queries if q["relevant"]]
        prepared = [tune_ranking.Prepared(service, q["query"]) for q in answered]
        naive = tune_ranking.naive_rows(split, answered, cache) if split != "devset" else None
        splits[split] = (answered, prepared, naive)
        print(f"{split}: {len(answered)} queries prepared", file=sys.stderr)

    def measure(model):  # type: ignore[no-untyped-def]
        return {s: tune_ranking.by_kind(sc, a, [{"query": p.query, "results": [
            {"doc": h.doc_name, "sentence": h.sentence} for h in p.run(params, model=model)]} for p in pr])
            for s, (a, pr, _) in splits.items()}

    hand = measure(None)

    def keeps(got) -> bool:  # type: ignore[no-untyped-def]
        """Whether a setting lowers no kind of train or validation (beyond the tolerance) nor the dev set."""
        for split in tune_ranking.TUNE_SPLITS:
            if any(got[split][k][0] < hand[split][k][0] - args.kind_tolerance for k in got[split]):
                return False
        return "devset" not in got or (got["devset"]["all"][0] >= hand["devset"]["all"][0]
                                       and got["devset"]["all"][1] >= hand["devset"]["all"][1])

    naive = {s: tune_ranking.by_kind(sc, a, nv) for s, (a, _, nv) in splits.items() if nv is not None}
    results = []
    t0 = time.perf_counter()
    for top in [int(t) for t in args.tops.split(",")]:
        train = examples(sc, splits["train"][1], splits["train"][0], params, top)
        for set_name in args.sets.split(","):
            names = FEATURE_SETS[set_name] or FEATURES
            columns = [FEATURES.index(f) for f in names]
            for c, anchor in [(float(x), float(a)) for x in args.cs.split(",") for a in args.anchors.split(",")]:
                mean, scale, w = fit(train, columns, c, anchor)
                for blend in [float(b) for b in args.blends.split(",")]:
                    model = LearnedRanker(tuple(names), tuple(w.tolist()), tuple(mean.tolist()),
                                          tuple(scale.tolist()), top, blend)
                    got = measure(model)
                    results.append((top, set_name, (c, anchor, blend), model, got))
                    line = "  ".join(f"{s} {got[s]['all'][0]:.3f} (macro {got[s]['macro'][0]:.3f})" for s in got)
                    print(f"top {top:>3} {set_name:<6} C {c:<5} anchor {anchor:<5} blend {blend:<5} {line}"
                          f"{'' if keeps(got) else '  (lowers a kind or the dev set)'}", file=sys.stderr)
    print(f"grid measured in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    def key(r):  # type: ignore[no-untyped-def]
        got = r[4]
        return (got["validation"]["macro"][0] + got["train"]["macro"][0]
                + 0.5 * (got["validation"]["all"][0] + got["train"]["all"][0]))

    kept = [r for r in results if keeps(r[4])]
    if not kept:
        print("no setting keeps every kind and the dev set: the best is reported, not to be shipped", file=sys.stderr)
    best = max(kept or results, key=key)
    top, set_name, c, model, got = best
    print(f"\nchosen: top {top}, features {set_name}, (C, anchor, blend) {c}")
    for f, w in zip(model.features, model.weights):
        print(f"  {f:<14} {w:+.3f}")
    for split in splits:
        cols = {"hand-tuned": hand[split], "learned": got[split]}
        if split in naive:
            cols["naive baseline"] = naive[split]
        tune_ranking.table(f"== {split}: hybrid nDCG@10 / Recall@10 by kind", cols)
        if split in naive:
            below = [k for k in got[split] if k not in ("all", "macro") and got[split][k][0] < naive[split][k][0]]
            print(f"{split}: learned below naive on: {', '.join(below) or 'no kind'}")
    if args.write:
        if not kept and not args.force:
            print("not written: every setting lowers a kind or the dev set; --force writes it anyway",
                  file=sys.stderr)
            return 1
        if "devset" in splits and got["devset"]["all"][0] < hand["devset"]["all"][0] and not args.force:
            print(f"not written: the shared dev set drops ({hand['devset']['all'][0]:.3f} -> "
                  f"{got['devset']['all'][0]:.3f}); --force writes it anyway", file=sys.stderr)
            return 1
        if "devset" not in splits and not args.force:
            print("not written: measure the shared dev set too (--devset), or --force", file=sys.stderr)
            return 1
        MODEL_PATH.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} (search loads it: hybrid searches are re-ranked by it)")
    elif args.save:
        Path(args.save).write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"saved the chosen model to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
