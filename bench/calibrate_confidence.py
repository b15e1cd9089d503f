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

`--fit` fits three candidates on TRAIN over `kb.extract.features` (record and
parse features, the parse's agreement with the fields and the document's shares
of named actors, modals, list items and deadlines) plus
`kb.extract.confidence.field_features` -- a logistic regression, a histogram
gradient boosting (shallow trees: depth 2) and a random forest (the trees with
monotone constraints: a named actor never scores lower than an inferred one) --
calibrates each on its own out-of-fold TRAIN scores (5 folds by document) two
ways, Platt scaling and an isotonic step, lets VALIDATION choose among the six
(the best Brier score, then the share right of records >= 0.8) and prints the
tables of the chosen one: train out-of-fold (calibrated out of fold too, so the
figures are those of unseen documents) and the split asked for.  `--write` saves it as kb/extract/models/confidence.json: after the rules
change, `--fit --write` alone refits everything (it re-extracts both splits).
`--cache DIR` keeps each split's rule records and parses as a pickle, reused
while kb/extract, kb/ingest and the modules they read are unchanged.  Use train
and validation while tuning; the test split is read once, for the report.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "eval"

import labelled_data  # noqa: E402
from kb.export import commitment_row  # noqa: E402
from kb.extract import Extractor  # noqa: E402
from kb.extract.confidence import (FIELD_FEATURE_NAMES, MODELS_DIR, Calibration, LogisticModel,  # noqa: E402
                                   RecordScorer, Tree, TreeModel, default_scorer)
from kb.extract.features import BASE_NAMES, EVIDENCE_NAMES, SYNTAX_NAMES, feature_matrix  # noqa: E402
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


class _Keep:
    """An `Extractor` scorer that keeps what the rules proposed (and the parses), changing nothing."""

    def __init__(self) -> None:
        self.docs: list[tuple] = []

    def __call__(self, parsed, parts, commitments):  # type: ignore[no-untyped-def]
        commitments = list(commitments)
        self.docs.append((parsed, list(parts), commitments))
        return commitments


def _rules_digest(names: list[str]) -> str:
    """What the rule records depend on: the extractor's sources (not this model's) and the documents."""
    h = hashlib.sha256()
    kb = ROOT / "kb"
    sources = [*(kb / "extract").rglob("*.py"), *(kb / "ingest").rglob("*.py"), kb / "config.py", kb / "errors.py",
               kb / "models.py", kb / "tables.py", kb / "export.py"]
    for path in sorted(p for p in sources if p.exists()):
        if path.name not in ("confidence.py", "features.py"):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    for name in names:
        h.update(name.encode())
    return h.hexdigest()[:16]


def rule_records(split: str, cache: Path | None = None) -> list[tuple[str, object, list, list]]:
    """(name, parsed, parts, rule records) per document of the split; with `cache`, kept as a pickle
    keyed by a digest of kb/ (less this model's files), so a changed rule re-extracts."""
    docs = labelled_data.split_documents(split)
    names = sorted(docs)
    path = Path(cache) / f"{split}-{_rules_digest(names)}.pkl" if cache else None
    if path is not None and path.exists():
        import kb.extract.component  # noqa: F401  (registers the Doc extensions the cached parses carry)

        with path.open("rb") as fh:
            return pickle.load(fh)
    parsed = [parse_file(docs[n]) for n in names]
    keep = _Keep()
    Extractor(scorer=keep).extract_many(parsed)
    out = [(n, p, parts, recs) for n, (p, parts, recs) in zip(names, keep.docs)]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def extract(split: str, cache: Path | None = None) -> tuple[list[dict], list[dict[str, float]], list[dict]]:
    """The split's records as the product gives them (scorer rows, shipped model applied), their
    feature rows, and its gold lines."""
    scorer = default_scorer()
    preds: list[dict] = []
    rows: list[dict[str, float]] = []
    docs = rule_records(split, cache)
    for name, parsed, parts, commitments in docs:
        doc_rows = scorer.rows(parsed, parts, commitments)
        keep = scorer.keep_mask(doc_rows)
        for c, r in zip(scorer.apply(commitments, doc_rows), [r for r, k in zip(doc_rows, keep) if k]):
            preds.append(commitment_row(c, name, parsed.title))
            rows.append(r)
    return preds, rows, labelled_data.gold([d[0] for d in docs])


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


def model_features() -> tuple[str, ...]:
    """What the confidence model reads: the record's features (not BASE_NAMES' document-level ones), how the
    clause sits in its parse (`SYNTAX_NAMES`), whether the parse agrees with its fields and what the
    document's records look like together (`EVIDENCE_NAMES`), and what its fields look like
    (`field_features`)."""
    return (tuple(n for n in BASE_NAMES if n not in DOC_LEVEL and n != "bias") + SYNTAX_NAMES + EVIDENCE_NAMES
            + tuple(FIELD_FEATURE_NAMES))


# Directions the score may only move in, whatever the fit: a record whose actor the sentence
# names scores no lower than the same record whose actor was only inferred (the document's
# main actor, or a pronoun resolved to an earlier sentence), and a hedge ("may", "if", "seek to")
# in the sentence never raises it; nor does an empty or one-word target, a date in the sentence
# that the record did not take, a background section, or a parse subject other than the record's
# actor; a policy verb or a target that starts inside the verb's object never lowers it.  Each
# direction holds on train and on validation alone (share right with the feature against without);
# the constraints keep a small training set from learning a reversal one document happens to show.
MONOTONE = {"source_named": 1, "actor_named_in_sentence": 1, "source_main_actor": -1, "source_pronoun_resolved": -1,
            "fx_hedge": -1, "target_empty": -1, "fx_target_short": -1, "fx_date_not_taken": -1,
            "section_background": -1, "ev_subject_not_actor": -1, "verb_policy": 1, "ev_target_in_object": 1}


def _estimators(names: tuple[str, ...]) -> dict[str, Callable[[], Any]]:
    """The candidate models, each deterministic (fixed seeds); scikit-learn at training time only."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    cst = [MONOTONE.get(n, 0) for n in names]
    return {
        "logistic": lambda: LogisticRegression(C=0.01, max_iter=5000),
        # shallow trees (at most two features interact), many of them: deeper trees learned interactions
        # that held in the training documents only (depth 3 x 300 rounds: out-of-fold Brier 0.2080, validation
        # 0.2059; depth 2 x 600: 0.2051 and 0.1998, and more records >= 0.8 right on both)
        "boosting": lambda: HistGradientBoostingClassifier(max_depth=2, max_iter=600, learning_rate=0.03,
                                                           min_samples_leaf=20, l2_regularization=1.0,
                                                           monotonic_cst=cst, random_state=0),
        "forest": lambda: RandomForestClassifier(n_estimators=150, min_samples_leaf=5, max_depth=10, max_features=0.3,
                                                 monotonic_cst=cst, random_state=0),
    }


def _as_model(name: str, est: Any, names: tuple[str, ...], mean: np.ndarray,
              scale: np.ndarray) -> LogisticModel | TreeModel:
    """The fitted estimator as a numpy-only model of kb.extract.confidence (uncalibrated)."""
    if name == "logistic":
        return LogisticModel(features=names, mean=mean, scale=scale, coef=est.coef_[0],
                             intercept=float(est.intercept_[0]))
    if name == "boosting":
        trees = []
        for (pred,) in est._predictors:
            n = pred.nodes
            leaf = n["is_leaf"].astype(bool)
            trees.append(Tree(feature=np.where(leaf, -1, n["feature_idx"].astype(np.int64)),
                              threshold=np.where(leaf, 0.0, n["num_threshold"]).astype(np.float64),
                              left=np.where(leaf, -1, n["left"].astype(np.int64)),
                              right=np.where(leaf, -1, n["right"].astype(np.int64)),
                              value=np.where(leaf, n["value"], 0.0).astype(np.float64)))
        return TreeModel(features=names, trees=tuple(trees), combine="logit_sum",
                         init=float(np.ravel(est._baseline_prediction)[0]), rate=1.0, float32=False)
    trees = tuple(_tree(t.tree_, lambda v: v[:, 0, 1] / np.maximum(v[:, 0, :].sum(axis=1), 1e-12))
                  for t in est.estimators_)
    return TreeModel(features=names, trees=trees, combine="mean")


def _tree(t: Any, leaf_value: Callable[[np.ndarray], np.ndarray]) -> Tree:
    leaf = t.children_left < 0
    return Tree(feature=np.where(leaf, -1, t.feature.astype(np.int64)),
                threshold=np.where(leaf, 0.0, t.threshold), left=np.where(leaf, -1, t.children_left.astype(np.int64)),
                right=np.where(leaf, -1, t.children_right.astype(np.int64)),
                value=np.where(leaf, leaf_value(t.value), 0.0))


def _platt(p: np.ndarray, y: np.ndarray) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    p = np.clip(p, 1e-6, 1 - 1e-6)
    platt = LogisticRegression(C=1e6, max_iter=5000).fit(np.log(p / (1 - p)).reshape(-1, 1), y)
    return Calibration(method="platt", a=max(0.0, float(platt.coef_[0][0])), b=float(platt.intercept_[0]))


def _isotonic(p: np.ndarray, y: np.ndarray) -> Calibration:
    """The non-decreasing step function that fits the out-of-fold scores best (scikit-learn's
    isotonic regression; `Calibration` interpolates between its points as scikit-learn does).
    Why besides Platt: Platt's sigmoid bends the whole range at once, so the top of the range --
    the records the ">= 0.8" promise is about -- takes the slope the middle needs; the step
    function reads each stretch's own share right off the out-of-fold records."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip").fit(p, y)
    return Calibration(method="isotonic", x=tuple(float(v) for v in iso.X_thresholds_),
                       y=tuple(float(v) for v in iso.y_thresholds_))


CALIBRATIONS: dict[str, Callable[[np.ndarray, np.ndarray], Calibration]] = {"platt": _platt, "isotonic": _isotonic}


def _cross_calibrated(oof: np.ndarray, y: np.ndarray, folds: np.ndarray,
                      make: Callable[[np.ndarray, np.ndarray], Calibration]) -> np.ndarray:
    """Out-of-fold scores calibrated out of fold too: fold k's records through a calibration fitted
    on the other folds, so the train figures printed stay those of documents the whole chain
    (model and calibration) never saw -- an isotonic step fitted on the same records would flatter them."""
    out = np.zeros(len(oof))
    for k in range(folds.max() + 1):
        out[folds == k] = make(oof[folds != k], y[folds != k])(oof[folds == k])
    return out


def summary(conf: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Brier, AUC, and how many records score >= HIGH and what share of them is right."""
    from sklearn.metrics import roc_auc_score

    high = conf >= HIGH
    auc = float(roc_auc_score(y, conf)) if 0 < y.sum() < len(y) else 0.5
    return {"brier": float(np.mean((conf - y) ** 2)), "auc": auc,
            "high": int(high.sum()), "high_right": float(y[high].mean()) if high.any() else float("nan"),
            "right": int(y[high].sum())}


BRIER_SLACK = 0.005     # candidates this close to the best validation Brier score count as calibrated alike ...
MIN_HIGH = 20           # ... and among them, the one whose records >= HIGH (train out-of-fold and validation
                        # pooled, at least this many) are most often right wins


def fit(train: tuple, validation: tuple) -> tuple[LogisticModel | TreeModel, dict[str, np.ndarray]]:
    """Every candidate fitted on TRAIN and calibrated (Platt, and isotonic: `CALIBRATIONS`) on its own
    out-of-fold TRAIN scores (5 folds by document); VALIDATION chooses among model x calibration: of
    those within BRIER_SLACK of the lowest validation Brier score, the one whose records >= HIGH
    (out-of-fold train and validation together) are most often right -- the promise a review queue
    relies on (else the lowest Brier score).  Returns the chosen model and each candidate's out-of-fold train scores, keyed
    "model+calibration" and calibrated out of fold (`_cross_calibrated`)."""
    names = model_features()
    Xt, yt = feature_matrix(train[1], names), train[2]
    mt = ~np.isnan(yt)
    X, y = Xt[mt], yt[mt]
    Xv, yv = feature_matrix(validation[1], names), validation[2]
    mv = ~np.isnan(yv)
    folds = _doc_folds([p for p, m in zip(train[0], mt) if m])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    scaled = lambda M: (M - mean) / scale  # noqa: E731
    rows = []
    oofs: dict[str, np.ndarray] = {}
    for name, make in _estimators(names).items():
        Z = scaled(X) if name == "logistic" else X
        oof = np.zeros(len(y))
        for k in range(folds.max() + 1):
            est = make().fit(Z[folds != k], y[folds != k])
            oof[folds == k] = est.predict_proba(Z[folds == k])[:, 1]
        est = make().fit(Z, y)
        model = _as_model(name, est, names, mean, scale)
        Zv = scaled(Xv) if name == "logistic" else Xv
        check = np.abs(np.concatenate([model.raw(X) - est.predict_proba(Z)[:, 1],
                                       model.raw(Xv) - est.predict_proba(Zv)[:, 1]])).max()
        assert check < 1e-6, f"{name}: the numpy model disagrees with scikit-learn ({check})"
        if isinstance(model, LogisticModel):      # no constraint in the fit: a weight against MONOTONE is dropped
            direction = np.array([MONOTONE.get(n, 0) for n in names])
            model = dataclasses.replace(model, coef=np.where(model.coef * direction < 0, 0.0, model.coef))
        for method, make_cal in CALIBRATIONS.items():
            cal = make_cal(oof, y)
            calibrated = dataclasses.replace(model, calibration=cal, threshold=HIGH, enabled=True)
            key = f"{name}+{method}"
            oofs[key] = _cross_calibrated(oof, y, folds, make_cal)
            s_oof, s_val = summary(oofs[key], y), summary(calibrated.predict(Xv[mv]), yv[mv])
            pooled = (s_oof["right"] + s_val["right"]) / max(s_oof["high"] + s_val["high"], 1)
            rows.append((key, calibrated, s_oof, s_val, pooled))
    print(f"\n{'candidate':<18} {'oof Brier':>9} {'AUC':>6} {'>=0.8':>6} {'right':>6}   "
          f"{'val Brier':>9} {'AUC':>6} {'>=0.8':>6} {'right':>6}   pooled")
    for name, _, so, sv, pooled in rows:
        print(f"{name:<18} {so['brier']:>9.4f} {so['auc']:>6.3f} {so['high']:>6} {so['high_right']:>6.3f}   "
              f"{sv['brier']:>9.4f} {sv['auc']:>6.3f} {sv['high']:>6} {sv['high_right']:>6.3f}   {pooled:.3f}")
    best = min(r[3]["brier"] for r in rows)
    near = [r for r in rows if r[3]["brier"] <= best + BRIER_SLACK and r[2]["high"] + r[3]["high"] >= MIN_HIGH]
    name, model, s_oof, s_val, pooled = (max(near, key=lambda r: r[4]) if near
                                         else min(rows, key=lambda r: r[3]["brier"]))
    print(f"chosen: {name}")
    meta = {"predicts": "all four fields right (actor, action, target, deadline)", "model": name,
            "trained_on": "bench/labelled train split",
            "calibrated_on": f"train, out-of-fold by document ({model.calibration.method}); "
                             "train figures calibrated out of fold too",
            "chosen_on": f"validation Brier (within {BRIER_SLACK} of the best), "
                         f"then the share right of records >= {HIGH}",
            "validation": {k: None if np.isnan(v) else round(v, 4) for k, v in s_val.items()},
            "train_out_of_fold": {k: None if np.isnan(v) else round(v, 4) for k, v in s_oof.items()},
            "thresholds": {"high": HIGH}, "written_by": "bench/calibrate_confidence.py --fit --write"}
    return dataclasses.replace(model, meta=meta), oofs


def dump(d: dict[str, Any]) -> str:
    """JSON with one top-level key a line (long lists on one line: a forest has thousands of nodes)."""
    lines = (f" {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in d.items())
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("train", "validation", "test"), default="validation")
    ap.add_argument("--fit", action="store_true",
                    help="fit the candidates on train (calibrated out-of-fold), choose on validation, print tables")
    ap.add_argument("--write", action="store_true", help="with --fit: save it as kb/extract/models/confidence.json")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the rule records (and parses) per split in this folder, e.g. /tmp/conf; "
                         "reused while kb/ (less this model's files) is unchanged")
    args = ap.parse_args()
    data = {}
    for split in ({args.split} | ({"train", "validation"} if args.fit else set())):
        preds, rows, gold = extract(split, args.cache)
        data[split] = (preds, rows, labels(preds, gold))
    preds, rows, y = data[args.split]
    shipped = np.array([np.nan if p["confidence"] is None else p["confidence"] for p in preds], dtype=float)
    table(shipped, y, f"shipped confidence, {args.split} split")
    if args.fit:
        model, oofs = fit(data["train"], data["validation"])
        chosen = model.meta["model"]
        yt = data["train"][2]
        table(oofs[chosen], yt[~np.isnan(yt)], f"fitted here ({chosen}), train split out-of-fold")
        table(model.predict(feature_matrix(rows, model.features)), y, f"fitted here ({chosen}), {args.split} split")
        if args.write:
            path = MODELS_DIR / "confidence.json"
            path.write_text(dump(model.to_json()), encoding="utf-8")
            RecordScorer.from_dir(MODELS_DIR)       # round trip: it loads
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
