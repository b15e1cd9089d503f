#!/usr/bin/env python3
"""Calibration of the records' confidence on one split of the labelled corpus.

    .venv/bin/python bench/calibrate_confidence.py --split validation          # the shipped model's table
    .venv/bin/python bench/calibrate_confidence.py --split validation --fit    # + one chosen out of fold here
    .venv/bin/python bench/calibrate_confidence.py --fit --write               # ... and ship it

Why: a reader (and the review queue) needs to know which records to trust.  The
promise is "records with confidence >= 0.8 are right on all four fields at least
90% of the time"; this prints, for a split, each confidence bucket -> how many
records -> what share of them is right, with the shared scorer's own pairing
(`../shared/eval/score_commitments.py`): a record is right when it pairs with a
gold commitment and its actor, action, target and deadline are all right; a
record that pairs with nothing is wrong (except in documents labelled only in
part), one that pairs with an optional gold line is left out.

`--fit` chooses the model by what holds on documents it never saw.  The
candidates: two feature sets (`FEATURE_SETS`: `kb.extract.features` -- record
and parse features, the parse's agreement with the fields, the document's shares
of named actors, modals, list items and deadlines -- plus
`kb.extract.confidence.field_features`; and the same without the document-wide
shares), three models (a logistic regression, a histogram gradient boosting of
depth-2 trees, a random forest; the trees with monotone constraints, `MONOTONE`),
two calibrations (Platt scaling, an isotonic step), each with a ceiling on the
records whose actor was assumed (`Cap`; printed without it too, for comparison).  Each is scored on the TRAIN and
VALIDATION documents together, out of fold two ways: by document (6 folds, every
kind spread over them) and by kind of document (one fold per kind), model,
calibration and ceiling all set on the other folds.  The choice: Brier score
within BRIER_SLACK of the best, then the best share right of records >= 0.8 in
the worst held-out folds (not the mean).  The chosen one is refitted on every
train and validation document; the tables printed are out of fold (bucket ->
records -> share right, pooled and per kind).  Then the floor (`choose_floor`):
the confidence under which the product drops a record, chosen on the same
out-of-fold scores by tuple F1 both ways (a floor that lowers detection F1
either way is not taken).  `--write` saves it as
kb/extract/models/confidence.json: after the rules change, `--fit --write`
alone refits everything (it re-extracts both splits; it never reads test).
`--cache DIR` keeps each split's rule records and parses as a pickle, reused
while kb/extract, kb/ingest and the modules they read are unchanged.  The test
split is read once, for the report (`--split test` without `--fit`).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import labelled_data  # noqa: E402
from kb.export import commitment_row  # noqa: E402
from kb.extract import Extractor  # noqa: E402
from kb.extract.confidence import (FIELD_FEATURE_NAMES, MODELS_DIR, Calibration, Cap, LogisticModel,  # noqa: E402
                                   RecordScorer, Tree, TreeModel, default_scorer)
from kb.extract.features import BASE_NAMES, EVIDENCE_NAMES, SYNTAX_NAMES, feature_matrix  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

BUCKETS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
DOC_LEVEL = frozenset({"doc_records_share", "doc_position", "passage_words"})
HIGH = 0.8
# confidence floors tried by `choose_floor` (0.0 keeps every record)
FLOORS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)




SC = labelled_data.shared_scorer("score_commitments")


class _Keep:
    """An `Extractor` scorer that keeps what the rules proposed (and the parses), changing nothing."""

    def __init__(self) -> None:
        self.docs: list[tuple] = []

    def __call__(self, parsed, parts, commitments):  # type: ignore[no-untyped-def]
        commitments = list(commitments)
        self.docs.append((parsed, list(parts), commitments))
        return commitments


def _rules_digest(names: list[str]) -> str:
    """What the rule records depend on: the extractor's sources and model files (a learned proposer,
    the filter), not this model's, and the documents."""
    h = hashlib.sha256()
    kb = ROOT / "kb"
    sources = [*(kb / "extract").rglob("*.py"), *(kb / "extract" / "models").glob("*.json"),
               *(kb / "ingest").rglob("*.py"), kb / "config.py", kb / "errors.py",
               kb / "models.py", kb / "tables.py", kb / "export.py"]
    for path in sorted(p for p in sources if p.exists()):
        if path.name not in ("confidence.py", "features.py", "confidence.json"):
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


def extract(split: str, cache: Path | None = None,
            use_floor: bool = True) -> tuple[list[dict], list[dict[str, float]], list[dict]]:
    """The split's records as the product gives them (scorer rows, shipped model applied), their
    feature rows, and its gold lines.  `use_floor` false: also the records under the shipped
    model's floor (fitting scores every record the rules propose)."""
    scorer = default_scorer()
    preds: list[dict] = []
    rows: list[dict[str, float]] = []
    docs = rule_records(split, cache)
    for name, parsed, parts, commitments in docs:
        doc_rows = scorer.rows(parsed, parts, commitments)
        kept = [(c, r) for c, r, k in zip(commitments, doc_rows, scorer.keep_mask(doc_rows)) if k]
        scored = scorer.apply([c for c, _ in kept], [r for _, r in kept], use_floor=False)
        for c, (_, r) in zip(scored, kept):
            if use_floor and c.confidence is not None and c.confidence < scorer.floor:
                continue
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


def by_kind(conf: np.ndarray, y: np.ndarray, docs: Sequence[str]) -> None:
    """Per kind of document: records, share right, Brier against the constant of the other kinds'
    share right, AUC, and records >= HIGH with their share right."""
    from sklearn.metrics import roc_auc_score

    kinds = np.array([labelled_data.family(d) for d in docs])
    print(f"{'kind':<8} {'records':>7} {'right':>6} {'Brier':>6} {'const':>6} {'AUC':>6} {'>=0.8':>6} {'right':>6}")
    for kind in sorted(set(kinds)):
        k = kinds == kind
        high = k & (conf >= HIGH)
        auc = f"{roc_auc_score(y[k], conf[k]):.3f}" if 0 < y[k].sum() < k.sum() else "-"
        other = y[~k].mean() if (~k).any() else y.mean()
        print(f"{kind:<8} {int(k.sum()):>7} {y[k].mean():>6.3f} {np.mean((conf[k] - y[k]) ** 2):>6.4f} "
              f"{np.mean((other - y[k]) ** 2):>6.4f} {auc:>6} {int(high.sum()):>6} "
              f"{(f'{y[high].mean():.3f}' if high.any() else '-'):>6}")


def document_folds(docs: Sequence[str], k: int = 6) -> np.ndarray:
    """A fold number per record, by document: within each kind of document (`labelled_data.family`),
    its documents in hash order are dealt round the k folds, so a document's records never straddle
    folds and every fold holds documents of most kinds -- a held-out fold is "new documents of
    kinds seen in training", the case of the test split."""
    names = sorted(set(docs))
    by_kind: dict[str, list[str]] = defaultdict(list)
    for d in names:
        by_kind[labelled_data.family(d)].append(d)
    fold_of = {}
    for kind, members in sorted(by_kind.items()):
        start = int(hash_rank(kind)[:8], 16) % k
        for i, d in enumerate(sorted(members, key=hash_rank)):
            fold_of[d] = (start + i) % k
    return np.array([fold_of[d] for d in docs], dtype=np.int64)


def kind_folds(docs: Sequence[str]) -> np.ndarray:
    """A fold number per record, one fold per kind of document (leave one kind out): a held-out
    fold is a kind of document no record of which was fitted -- what a user's own document may be."""
    kinds = sorted({labelled_data.family(d) for d in docs})
    return np.array([kinds.index(labelled_data.family(d)) for d in docs], dtype=np.int64)


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


# -- choosing the model by what holds on documents it never saw ---------------------------------

PROMISE = 0.9           # records >= HIGH should be right at least this often
BRIER_SLACK = 0.005     # candidates this close to the best cross-validated Brier score count as calibrated alike ...
MIN_HIGH = 20           # ... and among those with at least this many records >= HIGH out of fold, the one whose
WORST_HIGH = 30         # worst held-out folds (the fewest that hold this many records >= HIGH) are most often right
MIN_FOLD_HIGH = 5       # a group's ceiling needs this many of its records >= HIGH
ASSUMED_ACTOR = ("source_main_actor", "source_pronoun_resolved")   # the actor was not named: it was assumed
# Feature sets tried: everything, and the record's own features without the document-wide shares
# (`doc_share_*`), which say what kind of document the record is in.
FEATURE_SETS: dict[str, Callable[[], tuple[str, ...]]] = {
    "": lambda: model_features(),
    "record": lambda: tuple(n for n in model_features() if not n.startswith("doc_share_")),
}


def _numpy_model(name: str, est: Any, names: tuple[str, ...], mean: np.ndarray,
                 scale: np.ndarray) -> LogisticModel | TreeModel:
    """`_as_model`, and for the logistic regression (no constraint in its fit) a weight against
    MONOTONE set to zero -- the model cross-validation scores is the one that would ship."""
    model = _as_model(name, est, names, mean, scale)
    if isinstance(model, LogisticModel):
        direction = np.array([MONOTONE.get(n, 0) for n in names])
        model = dataclasses.replace(model, coef=np.where(model.coef * direction < 0, 0.0, model.coef))
    return model


def _fit_one(name: str, make: Callable[[], Any], X: np.ndarray, y: np.ndarray,
             names: tuple[str, ...]) -> LogisticModel | TreeModel:
    """One candidate fitted on (X, y) (the logistic regression on standardised columns), as numpy."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    est = make().fit((X - mean) / scale if name == "logistic" else X, y)
    return _numpy_model(name, est, names, mean, scale)


def raw_out_of_fold(name: str, make: Callable[[], Any], X: np.ndarray, y: np.ndarray, folds: np.ndarray,
                    names: tuple[str, ...]) -> np.ndarray:
    """Each fold's raw (uncalibrated) scores from the candidate fitted on the other folds."""
    out = np.zeros(len(y))
    for k in np.unique(folds):
        held = folds == k
        out[held] = _fit_one(name, make, X[~held], y[~held], names).raw(X[held])
    return out


def ceiling(conf: np.ndarray, y: np.ndarray, group: np.ndarray) -> float:
    """The ceiling for a group of records, from out-of-fold scores: when at least MIN_FOLD_HIGH of
    its records score >= HIGH and fewer than PROMISE of those are right, the group's records may
    score no higher than that share, and never HIGH (1.0: no ceiling)."""
    top = group & (conf >= HIGH)
    if top.sum() < MIN_FOLD_HIGH or y[top].mean() >= PROMISE:
        return 1.0
    return round(min(float(y[top].mean()), HIGH - 0.01), 4)


def _capped_out_of_fold(conf: np.ndarray, y: np.ndarray, group: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """Each fold's scores capped by a ceiling set on the other folds (so the cap's figures stay unseen too)."""
    out = conf.copy()
    for k in np.unique(folds):
        held = folds == k
        out[held & group] = np.minimum(conf[held & group], ceiling(conf[~held], y[~held], group[~held]))
    return out


def final_caps(raw: dict[str, np.ndarray], y: np.ndarray, group: np.ndarray, schemes: dict[str, np.ndarray],
               make_cal: Callable[[np.ndarray, np.ndarray], Calibration]) -> tuple[Cap, ...]:
    """The shipped model's ceiling for records whose actor was assumed: the lower of the ceilings the
    out-of-fold scores of each way of folding give (calibrated out of fold); none when neither sets one."""
    ceil = min(ceiling(_cross_calibrated(raw[s], y, folds, make_cal), y, group) for s, folds in schemes.items())
    return (Cap(when_any=ASSUMED_ACTOR, ceiling=ceil),) if ceil < 1.0 else ()


def worst_folds_high_right(conf: np.ndarray, y: np.ndarray, folds: np.ndarray, need: int = WORST_HIGH) -> float:
    """The share right of records >= HIGH in the worst held-out folds: the folds in order of their
    share right, worst first, pooled until they hold `need` such records (all folds when fewer; NaN
    when none).  Why pooled: one fold with five records >= HIGH swings by 0.2 a record, so the
    single worst fold is mostly noise; at thirty records one record moves the figure by 0.03."""
    per = []
    for k in np.unique(folds):
        top = (folds == k) & (conf >= HIGH)
        if top.any():
            per.append((float(y[top].mean()), int(top.sum()), float(y[top].sum())))
    n = right = 0.0
    for _, count, hits in sorted(per):
        n, right = n + count, right + hits
        if n >= need:
            break
    return right / n if n else float("nan")


def fold_summary(conf: np.ndarray, y: np.ndarray, folds: np.ndarray) -> dict[str, float]:
    """`summary` of all held-out records together, plus the share right of records >= HIGH in the worst
    folds (`worst_folds_high_right`) and how many folds score a worse Brier than the constant the
    other folds' share right would give."""
    out = summary(conf, y)
    out["brier_constant"] = float(np.mean((y.mean() - y) ** 2))
    worse = 0
    for k in np.unique(folds):
        held = folds == k
        worse += int(np.mean((conf[held] - y[held]) ** 2) > np.mean((y[~held].mean() - y[held]) ** 2))
    out["worst_fold_high_right"] = worst_folds_high_right(conf, y, folds)
    out["folds_worse_than_constant"] = worse
    out["folds"] = int(len(np.unique(folds)))
    return out


def pooled(train: tuple, validation: tuple) -> tuple[list[tuple], list[str], np.ndarray, int]:
    """The labelled records of both splits, train first: (pred, row, label) each, their documents,
    their labels, and how many come from train."""
    data = [(p, r, v) for split in (train, validation) for p, r, v in zip(*split) if not np.isnan(v)]
    docs = [SC.doc_key(p["doc"]) for p, _, _ in data]
    return data, docs, np.array([v for _, _, v in data], dtype=float), int((~np.isnan(train[2])).sum())


def fit(train: tuple, validation: tuple) -> tuple[LogisticModel | TreeModel, dict[str, np.ndarray]]:
    """Candidates (`FEATURE_SETS` x `_estimators` x `CALIBRATIONS` x with or without the assumed-actor
    ceiling) scored on the TRAIN and VALIDATION documents together, out of fold two ways: by document
    (`document_folds`: new documents of known kinds) and by kind (`kind_folds`: a kind never fitted).
    Every figure is of held-out documents: the model is fitted on the other folds, its calibration
    on the other folds' out-of-fold scores (`_cross_calibrated`), its ceiling too (`_capped_out_of_fold`).
    Only the capped candidates are chosen from (the uncapped ones are printed beside them to show what
    the ceiling does): the ceiling is itself set out of fold and is none when the assumed-actor records
    scoring >= HIGH keep the promise, and across candidates it raised the share right of records
    >= HIGH both ways at no cost in Brier score, while the worst-fold figures alone swing by a few
    points between near-equal candidates whenever the rules change a little.
    The choice: of those whose Brier score (the mean of the two ways) is within BRIER_SLACK of the best,
    under the constant's both ways, and that put at least MIN_HIGH records >= HIGH both ways, the one
    whose worst held-out folds (`worst_folds_high_right`, the lower of the two ways) are most often
    right on their records >= HIGH -- the promise must hold on the documents least like the rest,
    not on average.  The chosen candidate is refitted on every document, calibrated on its
    out-of-fold scores by document, capped at the lower of the two ways' ceilings.  Returns it and
    each candidate's out-of-fold scores (train+validation records, train first) by document, keyed
    "model[-features][-cap]+calibration", and by kind, that key + "@kind"."""
    data, docs, y, n_train = pooled(train, validation)
    schemes = {"document": document_folds(docs)}
    if len({labelled_data.family(d) for d in docs}) >= 3:
        schemes["kind"] = kind_folds(docs)
    rows, results, raws = [], {}, {}
    oofs: dict[str, np.ndarray] = {}
    for fs_name, fs in FEATURE_SETS.items():
        names = tuple(dict.fromkeys(fs() + ASSUMED_ACTOR))
        X = feature_matrix([r for _, r, _ in data], names)
        group = (X[:, [names.index(n) for n in ASSUMED_ACTOR]] >= 0.5).any(axis=1)
        for name, make in _estimators(names).items():
            raw = raws[(fs_name, name)] = {s: raw_out_of_fold(name, make, X, y, folds, names)
                                           for s, folds in schemes.items()}
            for method, make_cal in CALIBRATIONS.items():
                for cap in (False, True):
                    key = f"{name}{'-' + fs_name if fs_name else ''}{'-cap' if cap else ''}+{method}"
                    figs = {}
                    for s, folds in schemes.items():
                        conf = _cross_calibrated(raw[s], y, folds, make_cal)
                        if cap:
                            conf = _capped_out_of_fold(conf, y, group, folds)
                        figs[s] = fold_summary(conf, y, folds)
                        oofs[key if s == "document" else f"{key}@{s}"] = conf
                    results[key] = (fs_name, name, method, cap, figs)
                    rows.append(key)
    header = "".join(f"   {s[:4]}: {'Brier':>6} {'const':>6} {'AUC':>5} {'>=0.8':>5} {'right':>5} {'worst':>5} "
                     f"{'bad':>5}" for s in schemes)
    print(f"\nout of fold over train+validation ({len(set(docs))} documents, {len(y)} records){'':<4}\n"
          f"{'candidate':<30}{header}")
    for key in rows:
        line = "".join(f"   {s[:4]}: {f['brier']:>6.4f} {f['brier_constant']:>6.4f} {f['auc']:>5.3f} {f['high']:>5} "
                       f"{f['high_right']:>5.3f} {f['worst_fold_high_right']:>5.3f} "
                       f"{f['folds_worse_than_constant']:>2}/{f['folds']:<2}" for s, f in results[key][4].items())
        print(f"{key:<30}{line}")

    def brier(key: str) -> float:
        return float(np.mean([f["brier"] for f in results[key][4].values()]))

    def worst(key: str) -> float:
        w = [f["worst_fold_high_right"] for f in results[key][4].values()]
        return -1.0 if any(np.isnan(v) for v in w) else float(min(w))

    eligible = [k for k in rows if results[k][3]]       # capped: the ceiling, set out of fold, may be none
    best = min(brier(k) for k in eligible)
    near = [k for k in eligible if brier(k) <= best + BRIER_SLACK
            and all(f["high"] >= MIN_HIGH and f["brier"] < f["brier_constant"] for f in results[k][4].values())]
    chosen = (max(near, key=lambda k: (worst(k), -brier(k))) if near else min(eligible, key=brier))
    fs_name, name, method, cap, figs = results[chosen]
    print(f"chosen: {chosen}  (Brier within {BRIER_SLACK} of the best {best:.4f}, then the share right of "
          f"records >= {HIGH} in the worst folds holding {WORST_HIGH} of them)")

    names = tuple(dict.fromkeys(FEATURE_SETS[fs_name]() + ASSUMED_ACTOR))
    X = feature_matrix([r for _, r, _ in data], names)
    group = (X[:, [names.index(n) for n in ASSUMED_ACTOR]] >= 0.5).any(axis=1)
    make = _estimators(names)[name]
    model = _fit_one(name, make, X, y, names)
    raw = raws[(fs_name, name)]
    caps = final_caps(raw, y, group, schemes, CALIBRATIONS[method]) if cap else ()
    model = dataclasses.replace(model, calibration=CALIBRATIONS[method](raw["document"], y), caps=caps,
                                threshold=HIGH, enabled=True)
    conf = oofs[chosen]
    part = np.arange(len(y)) < n_train
    def rounded(d: dict[str, Any]) -> dict[str, Any]:
        return {k: (None if np.isnan(v) else round(v, 4)) if isinstance(v, float) else v for k, v in d.items()}

    meta = {"predicts": "all four fields right (actor, action, target, deadline)", "model": chosen,
            "trained_on": "bench/labelled train and validation splits",
            "calibrated_on": f"out-of-fold scores by document ({method}), "
                             + (f"records whose actor was assumed capped at {caps[0].ceiling}" if caps else "no cap"),
            "chosen_on": f"out of fold by document and by kind: Brier within {BRIER_SLACK} of the best, then the "
                         f"share right of records >= {HIGH} in the worst folds holding {WORST_HIGH} of them",
            "validation": rounded(summary(conf[~part], y[~part])),
            "train_out_of_fold": rounded(summary(conf[part], y[part])),
            **{f"cv_by_{s}": rounded(f) for s, f in figs.items()},
            "thresholds": {"high": HIGH}, "written_by": "bench/calibrate_confidence.py --fit --write"}
    return dataclasses.replace(model, meta=meta), oofs


def _counts(gold: list[dict], preds: list[dict]) -> np.ndarray:
    """(gold required, predicted, paired, right on all four) summed over documents: the shared
    scorer pairs within a document, so this is its pooled figure without its rounding."""
    by_doc: dict[str, tuple[list[dict], list[dict]]] = defaultdict(lambda: ([], []))
    for g in gold:
        by_doc[SC.doc_key(g["doc"])][0].append(g)
    for p in preds:
        if SC.doc_key(p["doc"]) in by_doc:
            by_doc[SC.doc_key(p["doc"])][1].append(p)
    total = np.zeros(4)
    for g, p in by_doc.values():
        r = SC.score(g, p)
        total += (r["gold"], r["predicted"], r["paired"], r["paired"] - len(r["_errors"]))
    return total


def _f1(tp: float, n_gold: float, n_pred: float) -> float:
    return 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0


def choose_floor(data: dict[str, tuple], golds: dict[str, list[dict]], oofs: dict[str, np.ndarray],
                 chosen: str) -> tuple[float, dict[str, Any]]:
    """The confidence under which the product drops a record, chosen on held-out scores.

    Each train and validation record gets the chosen candidate's out-of-fold confidence, both ways
    (by document: new documents of known kinds; by kind: a kind never fitted); for each floor of
    FLOORS the records under it are dropped and the two splits scored together with the shared
    scorer.  The floor chosen is the one whose smaller tuple F1 gain of the two ways is largest,
    among those that lower detection F1 neither way (the smallest floor on a tie; 0.0 keeps all).
    Why: a record the model gives little chance of being right is more often no commitment at all
    than a commitment with one wrong field, so dropping it can raise precision more than it costs
    recall -- but only a held-out measurement says where."""
    splits = ("train", "validation")
    preds = [p for s in splits for p in data[s][0]]
    y = np.concatenate([data[s][2] for s in splits])
    gold = [g for s in splits for g in golds[s]]
    labelled = ~np.isnan(y)
    ways = {w: oofs[k] for w, k in (("document", chosen), ("kind", f"{chosen}@kind")) if k in oofs}
    figures: dict[tuple[str, float], tuple[float, float]] = {}
    print(f"\nconfidence floor, train+validation out of fold ({', '.join(ways)}): detection F1 / tuple F1")
    for way, conf in ways.items():
        full = np.full(len(preds), np.inf)      # unlabelled records (optional gold, partial documents) stay
        full[labelled] = conf
        cells = []
        for t in FLOORS:
            n_gold, n_pred, paired, right = _counts(gold, [p for p, c in zip(preds, full) if c >= t])
            figures[(way, t)] = (_f1(paired, n_gold, n_pred), _f1(right, n_gold, n_pred))
            cells.append(f"{t:.2f}: {figures[(way, t)][0]:.4f} / {figures[(way, t)][1]:.4f}")
        print(f"  {way:<9}" + "  ".join(cells))

    def gain(t: float) -> float:
        return min(figures[(w, t)][1] - figures[(w, 0.0)][1] for w in ways)

    ok = [t for t in FLOORS if all(figures[(w, t)][0] >= figures[(w, 0.0)][0] for w in ways)]
    floor = max(ok, key=lambda t: (round(gain(t), 4), -t))
    print(f"floor chosen: {floor} (tuple F1 gain, the smaller of the two ways: {gain(floor):+.4f})")
    return floor, {f"{w}": {"detection_f1": round(figures[(w, floor)][0], 4), "tuple_f1": round(figures[(w, floor)][1], 4),
                            "without_floor": {"detection_f1": round(figures[(w, 0.0)][0], 4),
                                              "tuple_f1": round(figures[(w, 0.0)][1], 4)}} for w in ways}


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
    if args.fit and args.split == "test":
        ap.error("--fit never reads the test split: it fits and chooses on train and validation alone")
    data, golds = {}, {}
    for split in ({args.split} | ({"train", "validation"} if args.fit else set())):
        preds, rows, gold = extract(split, args.cache, use_floor=not args.fit)
        data[split], golds[split] = (preds, rows, labels(preds, gold)), gold
    preds, rows, y = data[args.split]
    shipped = np.array([np.nan if p["confidence"] is None else p["confidence"] for p in preds], dtype=float)
    table(shipped, y, f"shipped confidence, {args.split} split"
                      + (" (every record the rules propose)" if args.fit else " (records the product keeps)"))
    if args.fit:
        model, oofs = fit(data["train"], data["validation"])
        chosen = model.meta["model"]
        floor, floor_figures = choose_floor(data, golds, oofs, chosen)
        model = dataclasses.replace(model, meta={
            **model.meta, "floor": floor,
            "floor_chosen_on": "train+validation out of fold, by document and by kind: the largest smaller "
                               "tuple F1 gain of the two ways, detection F1 not lower either way",
            "floor_out_of_fold": floor_figures})
        _, docs, ya, n_train = pooled(data["train"], data["validation"])
        for key, how in ((chosen, "by document"), (f"{chosen}@kind", "by kind")):
            if key in oofs:
                table(oofs[key], ya, f"fitted here ({chosen}), train+validation out of fold {how}")
                by_kind(oofs[key], ya, docs)
        table(oofs[chosen][n_train:], ya[n_train:],
              f"fitted here ({chosen}), validation documents out of fold by document")
        if args.write:
            path = MODELS_DIR / "confidence.json"
            path.write_text(dump(model.to_json()), encoding="utf-8")
            RecordScorer.from_dir(MODELS_DIR)       # round trip: it loads
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
