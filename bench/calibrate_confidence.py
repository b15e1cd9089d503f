#!/usr/bin/env python3
"""Calibration of the records' confidence on one split of the labelled corpus.

    .venv/bin/python bench/calibrate_confidence.py --split validation          # the shipped model's table
    .venv/bin/python bench/calibrate_confidence.py --split validation --fit    # + a model fitted here on train
    .venv/bin/python bench/calibrate_confidence.py --fit --write               # ... and ship it

Why: a reader (and the review queue) needs to know which records to trust.  The
promise is "records with confidence >= 0.8 are right on all four fields at least
90% of the time"; this prints, for a split, each confidence bucket -> how many
records -> what share of them is right, with the shared scorer's own pairing
(`../shared/eval/score_commitments.py`): a record is right when it pairs with a
gold commitment and its actor, action, target and deadline are all right; a
record that pairs with nothing is wrong (except in documents labelled only in
part), one that pairs with an optional gold line is left out.

`--fit` fits a logistic regression on TRAIN over `kb.extract.features` (without
the document-level ones) plus `kb.extract.confidence.field_features`, calibrates
it on its own out-of-fold TRAIN scores (Platt scaling; folds by document), and
prints the same table for it on the split asked for (VALIDATION: a clean check);
`--write` saves it as kb/extract/models/confidence.json.  Use train and validation while
tuning; the test split is read once, for the report.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "eval"

import labelled_data  # noqa: E402
from kb.export import commitment_row  # noqa: E402
from kb.extract import Extractor  # noqa: E402
from kb.extract.confidence import (FIELD_FEATURE_NAMES, MODELS_DIR, Calibration, LogisticModel,  # noqa: E402
                                   RecordScorer, default_scorer, field_features)
from kb.extract.features import BASE_NAMES, feature_matrix, record_features  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

BUCKETS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
DOC_LEVEL = frozenset({"doc_records_share", "doc_position", "passage_words"})
HIGH = 0.8


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_commitments", SHARED / "score_commitments.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


SC = _scorer()


class _Collect:
    """Scores records with the shipped model (as the product does) and keeps their feature rows."""

    def __init__(self) -> None:
        self.rows: list[dict[str, float]] = []
        self.scorer = default_scorer()

    def __call__(self, parsed, parts, commitments):  # type: ignore[no-untyped-def]
        commitments = list(commitments)
        rows = [{**r, **field_features(c)} for r, c in zip(record_features(parsed, parts, commitments), commitments)]
        kept = self.scorer.apply(commitments, rows)
        keep = self.scorer.keep_mask(rows)
        self.rows.extend(r for r, k in zip(rows, keep) if k)
        return kept


def extract(split: str) -> tuple[list[dict], list[dict[str, float]], list[dict]]:
    """The split's records (scorer rows), their feature rows, and its gold lines."""
    docs = labelled_data.split_documents(split)
    names = sorted(docs)
    parsed = [parse_file(docs[n]) for n in names]
    collect = _Collect()
    results = Extractor(scorer=collect).extract_many(parsed)
    preds = [commitment_row(c, n, p.title) for n, p, r in zip(names, parsed, results) for c in r.commitments]
    assert len(preds) == len(collect.rows)
    return preds, collect.rows, labelled_data.gold(names)


def labels(preds: list[dict], gold: list[dict]) -> np.ndarray:
    """1 right on all four fields, 0 wrong or unpaired, NaN left out (optional gold, partial documents)."""
    y = np.full(len(preds), np.nan)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(preds):
        by_doc[SC.doc_key(p["doc"])].append(i)
    for doc, idx in by_doc.items():
        g_orig = [g for g in gold if SC.doc_key(g["doc"]) == doc]
        partial = any(g.get("partial") for g in g_orig)
        g_all = [{k: v for k, v in g.items() if k not in ("optional", "partial")} for g in g_orig]
        ps = [dict(preds[i], _i=i) for i in idx]
        real = SC.score(g_all, ps)
        blank = SC.score(g_all, [dict(p, actor="") for p in ps])      # every pair reported, with its gold line
        gold_at = {id(g): k for k, g in enumerate(g_all)}
        paired = {e["pred"]["_i"]: gold_at[id(e["gold"])] for e in blank["_errors"]}
        wrong = {e["pred"]["_i"] for e in real["_errors"]}
        for i in idx:
            gi = paired.get(i)
            if gi is None:
                y[i] = np.nan if partial else 0.0
            elif g_orig[gi].get("optional"):
                y[i] = np.nan
            else:
                y[i] = 0.0 if i in wrong else 1.0
    return y


def table(conf: np.ndarray, y: np.ndarray, title: str) -> None:
    m = ~np.isnan(y) & ~np.isnan(conf)
    conf, y = conf[m], y[m]
    print(f"\n== {title}: {len(y)} labelled records, {y.mean() if len(y) else 0:.3f} right")
    print(f"{'bucket':<10} {'records':>7} {'mean conf':>9} {'share right':>11}")
    for lo, hi in zip(BUCKETS, BUCKETS[1:]):
        b = (conf >= lo) & (conf < hi)
        n = int(b.sum())
        print(f"{lo:.1f}-{min(hi, 1.0):.1f}   {n:>7} {conf[b].mean() if n else 0:>9.3f} {y[b].mean() if n else 0:>11.3f}")
    high = conf >= HIGH
    share = f"{y[high].mean():.3f}" if high.any() else "-"
    print(f"confidence >= {HIGH}: {int(high.sum())} records, share right {share}")
    if len(y) and 0 < y.sum() < len(y):
        from sklearn.metrics import roc_auc_score
        print(f"Brier {np.mean((conf - y) ** 2):.4f}  AUC {roc_auc_score(y, conf):.3f}  "
              f"(Brier of a constant {y.mean():.3f}: {np.mean((y.mean() - y) ** 2):.4f})")


def _doc_folds(preds: list[dict], k: int = 5) -> np.ndarray:
    """A fold number per record, by document (a document's records never straddle folds)."""
    docs = sorted({SC.doc_key(p["doc"]) for p in preds})
    fold_of = {d: i % k for i, d in enumerate(sorted(docs, key=hash_rank))}
    return np.array([fold_of[SC.doc_key(p["doc"])] for p in preds])


def hash_rank(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def fit(train: tuple, validation: tuple | None = None, C: float = 0.03) -> LogisticModel:
    """Logistic regression on TRAIN, Platt-calibrated on its own out-of-fold scores (5 folds by
    document), so that VALIDATION stays a clean check of the calibration."""
    from sklearn.linear_model import LogisticRegression

    names = tuple(n for n in BASE_NAMES if n not in DOC_LEVEL and n != "bias") + FIELD_FEATURE_NAMES
    Xt, yt = feature_matrix(train[1], names), train[2]
    mt = ~np.isnan(yt)
    X, y = Xt[mt], yt[mt]
    folds = _doc_folds([p for p, m in zip(train[0], mt) if m])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    Z = (X - mean) / scale
    oof = np.zeros(len(y))
    for k in range(folds.max() + 1):
        part = LogisticRegression(C=C, max_iter=5000).fit(Z[folds != k], y[folds != k])
        oof[folds == k] = part.predict_proba(Z[folds == k])[:, 1]
    lr = LogisticRegression(C=C, max_iter=5000).fit(Z, y)
    p = np.clip(oof, 1e-6, 1 - 1e-6)
    platt = LogisticRegression(C=1e6, max_iter=5000).fit(np.log(p / (1 - p)).reshape(-1, 1), y)
    cal = Calibration(method="platt", a=max(0.0, float(platt.coef_[0][0])), b=float(platt.intercept_[0]))
    return LogisticModel(features=names, mean=mean, scale=scale, coef=lr.coef_[0], intercept=float(lr.intercept_[0]),
                         calibration=cal, threshold=HIGH, enabled=True,
                         meta={"predicts": "all four fields right (actor, action, target, deadline)", "C": C,
                               "trained_on": "bench/labelled train split",
                               "calibrated_on": "train, out-of-fold by document (Platt); validation is the check",
                               "thresholds": {"high": HIGH},
                               "written_by": "bench/calibrate_confidence.py"})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("train", "validation", "test"), default="validation")
    ap.add_argument("--fit", action="store_true", help="fit a model on train, calibrate on validation, print its table")
    ap.add_argument("--write", action="store_true", help="with --fit: save it as kb/extract/models/confidence.json")
    args = ap.parse_args()
    data = {}
    for split in ({args.split} | ({"train", "validation"} if args.fit else set())):
        preds, rows, gold = extract(split)
        data[split] = (preds, rows, labels(preds, gold))
    preds, rows, y = data[args.split]
    shipped = np.array([np.nan if p["confidence"] is None else p["confidence"] for p in preds], dtype=float)
    table(shipped, y, f"shipped confidence, {args.split} split")
    if args.fit:
        model = fit(data["train"], data["validation"])
        table(model.predict(feature_matrix(rows, model.features)), y, f"fitted here (train -> validation), {args.split} split")
        if args.write:
            path = MODELS_DIR / "confidence.json"
            path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
            RecordScorer.from_dir(MODELS_DIR)       # round trip: it loads
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
