#!/usr/bin/env python3
"""Train the learned proposer (kb/extract/models/proposer.json): which sentences the rules left
without a frame hold a commitment.

    .venv/bin/python bench/train_proposer.py [--cache /tmp/proposer/cache.pkl] [--no-write]

One command, deterministic:

1. runs the product's extractor over the labelled corpus's TRAIN and VALIDATION
   documents and the shared dev documents (a guard only: nothing is chosen on
   them) with a collecting proposer that builds a frame (`proposer.add_frame`)
   for EVERY sentence without a rule frame and keeps its features
   (`proposer.sentence_features`); the records then show exactly what each
   proposal would add;
2. labels each proposed sentence with the shared scorer's own pairing
   (`train_extract_model.label`, over the rule records and all proposals of the
   document together): positive when one of its records pairs with a required
   gold commitment; sentences whose records pair only with optional gold lines, or
   that fall in partially labelled documents unpaired, are left out;
3. fits logistic regressions (scikit-learn, training only) on TRAIN sentences, with a
   few feature sets (all; without word pairs; without words), strengths and class weights;
4. chooses the model and threshold on VALIDATION by the shared scorer's detection F1
   and tuple F1 (the rules' records always kept, proposals kept at or above the
   threshold); a candidate must not lower validation tuple F1;
5. enables it only if validation detection F1 rises (by `MIN_GAIN` at least: more than a
   record or two) and neither validation tuple F1 nor dev tuple F1 falls below the rules alone; writes the model either way
   (`enabled` says which), with its figures.

The test split is never read.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import labelled_data  # noqa: E402
from train_extract_model import SC, SHARED, counts, f1s, label, prf  # noqa: E402
from kb.export import commitment_row  # noqa: E402
from kb.extract import Extractor  # noqa: E402
from kb.extract.proposer import MODEL_PATH, add_frame, open_sentences  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

SEED = 0
C_GRID = (0.03, 0.1, 0.3, 1.0)
WEIGHTS = (None, "balanced")   # positives are about 5% of the open sentences
# Enabled only with at least this rise of validation detection F1: about three more gold
# commitments found among validation's ~290; a rise of one or two records is noise.
MIN_GAIN = 0.005
THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(1, 50))   # 0.02 .. 0.98
MIN_COUNT = 3           # a word or pair must occur in this many train sentences


class Collect:
    """A proposer that adds a frame to every open sentence, keeping (key, features) per document."""

    def __init__(self) -> None:
        self.docs: list[list[tuple[int, dict[str, float]]]] = []

    def __call__(self, parts) -> int:  # type: ignore[no-untyped-def]
        rows = []
        for sent, part, feats in open_sentences(parts):
            if add_frame(sent, part):
                text = sent.text
                rows.append((part.offset + sent.start_char + len(text) - len(text.lstrip()), feats))
        self.docs.append(rows)
        return len(rows)


def extract(paths: list[Path], split: str) -> dict:
    """Records (rule and proposed) and proposed sentences of one split."""
    t0 = time.perf_counter()
    docs = [parse_file(p) for p in paths]
    collect = Collect()
    extractor = Extractor(proposer=collect)
    results = extractor.extract_many(docs)
    records, sentences = [], []
    for path, doc, res, rows in zip(paths, docs, results, collect.docs):
        keys = {k: i for i, (k, _) in enumerate(rows)}
        base = len(sentences)
        for k, feats in rows:
            sentences.append({"doc": path.stem, "key": k, "feats": feats, "records": []})
        for c in res.commitments:
            si = keys.get(c.sentence_start)
            rec = {"doc": path.stem, "pred": commitment_row(c, path.stem, doc.title),
                   "proposed": si is not None, "sentence": None if si is None else base + si}
            if si is not None:
                sentences[base + si]["records"].append(len(records))
            records.append(rec)
    print(f"{split}: {len(records)} records ({sum(r['proposed'] for r in records)} proposed) from "
          f"{len(paths)} documents, {len(sentences)} open sentences, {time.perf_counter() - t0:.0f}s",
          file=sys.stderr, flush=True)
    return {"records": records, "sentences": [s for s in sentences if s["records"]]}


def sentence_labels(data: dict) -> None:
    """s["y"]: a record of the sentence pairs with required gold; s["neutral"]: nothing to learn."""
    recs = data["records"]
    for s in data["sentences"]:
        rs = [recs[i] for i in s["records"]]
        s["y"] = any(r["detected"] for r in rs)
        s["neutral"] = not s["y"] and all(r["neutral"] for r in rs)


FEATURE_SETS = {
    "all": lambda name: True,
    "no-pairs": lambda name: not name.startswith("b:"),
    "structure": lambda name: not name.startswith(("b:", "w:", "root:")),
}


def vocabulary(sentences: list[dict], keep) -> list[str]:  # type: ignore[no-untyped-def]
    df: dict[str, int] = defaultdict(int)
    for s in sentences:
        for k in s["feats"]:
            if keep(k):
                df[k] += 1
    return sorted(k for k, n in df.items() if n >= MIN_COUNT and k != "bias")


def matrix(sentences: list[dict], names: list[str]) -> np.ndarray:
    at = {n: j for j, n in enumerate(names)}
    X = np.zeros((len(sentences), len(names)))
    for i, s in enumerate(sentences):
        for k, v in s["feats"].items():
            j = at.get(k)
            if j is not None:
                X[i, j] = v
    return X


def fit(X: np.ndarray, y: np.ndarray, C: float, weight: str | None):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000, solver="lbfgs", class_weight=weight, random_state=SEED).fit(X, y)


def keep_mask(data: dict, probs: np.ndarray, thr: float) -> np.ndarray:
    """Rule records always; a proposed record when its sentence scores >= thr."""
    keep = np.ones(len(data["records"]), dtype=bool)
    for s, p in zip(data["sentences"], probs):
        if p < thr:
            keep[s["records"]] = False
    return keep


_SCORED: dict[tuple, tuple[float, ...]] = {}


def figures(data: dict, probs: np.ndarray | None, thr: float, gold: list[dict]) -> tuple[float, ...]:
    """(detection P, R, F1, tuple F1, records) with the shared scorer; probs None: rules alone.
    Thresholds that keep the same records are scored once."""
    keep = np.array([not r["proposed"] for r in data["records"]]) if probs is None else keep_mask(data, probs, thr)
    key = (id(data), keep.tobytes())
    if key not in _SCORED:
        c = counts(data["records"], keep, gold)["all"]
        p, r, f = prf(c["paired"], c["predicted"], c["gold"])
        _SCORED[key] = (p, r, f, f1s(c)[1], c["predicted"])
    return _SCORED[key]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, help="reuse (or write) the extracted records here")
    ap.add_argument("--no-write", action="store_true", help="print the tables, write no model")
    args = ap.parse_args()
    np.random.seed(SEED)

    splits = {s: labelled_data.split_documents(s) for s in ("train", "validation")}  # never "test"
    gold = {s: labelled_data.gold(sorted(d)) for s, d in splits.items()}
    gold["dev"] = SC.load(str(SHARED / "dev" / "gold_commitments.jsonl"))
    if args.cache and args.cache.exists():
        data = pickle.loads(args.cache.read_bytes())
    else:
        data = {s: extract([d[n] for n in sorted(d)], s) for s, d in splits.items()}
        data["dev"] = extract(sorted(p for p in (SHARED / "dev" / "docs").iterdir() if p.is_file()), "dev")
        if args.cache:
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            args.cache.write_bytes(pickle.dumps(data))
    for s, d in data.items():
        label(d["records"], gold[s])
        sentence_labels(d)

    tr = [s for s in data["train"]["sentences"] if not s["neutral"]]
    ytr = np.array([s["y"] for s in tr], dtype=float)
    base = {s: figures(data[s], None, 1.0, gold[s]) for s in data}
    every = {s: figures(data[s], np.ones(len(data[s]["sentences"])), 0.0, gold[s]) for s in data}
    print(f"\n== train: {len(tr)} labelled proposed sentences, {int(ytr.sum())} positive")
    print(f"{'split':<11} {'':<18} {'det P':>6} {'det R':>6} {'det F1':>6} {'tuple':>6} {'records':>7}")
    for s in data:
        print(f"{s:<11} {'rules only':<18} " + " ".join(f"{v:>6.3f}" for v in base[s][:4]) + f" {base[s][4]:>7}")
        print(f"{s:<11} {'+ every proposal':<18} " + " ".join(f"{v:>6.3f}" for v in every[s][:4])
              + f" {every[s][4]:>7}")

    va = data["validation"]
    b_det, b_tup = base["validation"][2], base["validation"][3]
    print(f"\n== candidates on VALIDATION (rules only: detection F1 {b_det:.3f}, tuple F1 {b_tup:.3f})")
    print(f"{'features':<10} {'C':>5} {'weight':>8} {'thr':>5} {'det P':>6} {'det R':>6} {'det F1':>6} {'tuple':>6} {'records':>7}")
    best = None
    for set_name, keep in FEATURE_SETS.items():
        names = vocabulary(tr, keep)
        Xtr = matrix(tr, names)
        Xva = matrix(va["sentences"], names)
        for C, weight in [(C, w) for C in C_GRID for w in WEIGHTS]:
            clf = fit(Xtr, ytr, C, weight)
            pva = clf.predict_proba(Xva)[:, 1]
            sweep = [(thr, figures(va, pva, thr, gold["validation"])) for thr in THRESHOLDS]
            # the best threshold by detection F1 + tuple F1 among those that keep tuple F1
            ok = [(f[2] + f[3], thr, f) for thr, f in sweep if f[3] >= b_tup]
            top = max(ok) if ok else max((f[2] + f[3], thr, f) for thr, f in sweep)
            _, thr, f = top
            print(f"{set_name:<10} {C:>5} {str(weight):>8} {thr:>5} " + " ".join(f"{v:>6.3f}" for v in f[:4]) + f" {f[4]:>7}")
            key = (f[3] >= b_tup, f[2] + f[3])
            if best is None or key > best[0]:
                best = (key, set_name, C, weight, thr, names, clf, f)

    _, set_name, C, weight, thr, names, clf, fva = best
    probs = {s: clf.predict_proba(matrix(data[s]["sentences"], names))[:, 1] for s in data}
    chosen = {s: figures(data[s], probs[s], thr, gold[s]) for s in data}
    print(f"\n== chosen: features {set_name}, C {C}, class weight {weight}, threshold {thr}")
    for s in data:
        print(f"{s:<11} rules only    det P/R/F1 {base[s][0]:.3f}/{base[s][1]:.3f}/{base[s][2]:.3f} "
              f"tuple {base[s][3]:.3f} ({base[s][4]} records)")
        print(f"{s:<11} + proposer    det P/R/F1 {chosen[s][0]:.3f}/{chosen[s][1]:.3f}/{chosen[s][2]:.3f} "
              f"tuple {chosen[s][3]:.3f} ({chosen[s][4]} records)")
    enabled = (chosen["validation"][2] >= base["validation"][2] + MIN_GAIN and chosen["validation"][3] >= base["validation"][3]
               and chosen["dev"][3] >= base["dev"][3])
    print(f"enabled: {enabled}")
    weights = {n: round(float(w), 6) for n, w in zip(names, clf.coef_[0]) if abs(w) > 1e-6}
    model = {
        "predicts": "a sentence without a rule frame holds a commitment (its proposed record pairs with gold)",
        "trained_on": "bench/labelled train split", "chosen_on": "validation: detection F1 + tuple F1",
        "feature_set": set_name, "C": C, "class_weight": weight,
        "figures": {s: {"rules": dict(zip(("det_p", "det_r", "det_f1", "tuple_f1", "records"), base[s])),
                        "proposer": dict(zip(("det_p", "det_r", "det_f1", "tuple_f1", "records"), chosen[s]))}
                    for s in data},
        "enabled": enabled, "threshold": thr,
        "intercept": round(float(clf.intercept_[0]), 6), "weights": dict(sorted(weights.items())),
    }
    if not args.no_write:
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
