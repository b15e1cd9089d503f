"""The confidence model's calibration (issue 10, item 4, round 10): an isotonic step besides Platt
scaling, train figures calibrated out of fold, and a fit that chooses among model x calibration.

The data here are invented numbers (no sentence of any split).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kb.extract.confidence import Calibration, TreeModel, load_model

ROOT = Path(__file__).resolve().parents[1]


def _scores(n: int = 400, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores and outcomes where a higher score is right more often."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, n)
    return p, (rng.uniform(size=n) < p).astype(float)


def test_isotonic_step_is_non_decreasing_bounded_and_matches_scikit_learn(bench):
    from sklearn.isotonic import IsotonicRegression

    p, y = _scores()
    cal = bench._isotonic(p, y)
    assert cal.method == "isotonic"
    grid = np.linspace(0.0, 1.0, 201)
    out = cal(grid)
    assert np.all(np.diff(out) >= 0)
    assert out.min() >= 0.0 and out.max() <= 1.0
    reference = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(p, y)
    inside = grid[(grid >= 1e-6) & (grid <= 1 - 1e-6)]
    assert np.abs(cal(inside) - reference.predict(inside)).max() < 1e-9


def test_isotonic_calibration_round_trips_through_json(bench, tmp_path):
    p, y = _scores()
    cal = bench._isotonic(p, y)
    again = Calibration.from_json(json.loads(json.dumps(cal.to_json())))
    assert again == cal


def test_cross_calibrated_scores_never_see_their_own_fold(bench):
    """Fold 0's records are all right, a fifth of the others are, at the same raw score: a calibration
    fitted on the other folds gives fold 0 about 0.2; one fitted on everything would give about 0.36
    (Platt's two parameters on one score value land near, not on, the share right)."""
    i = np.arange(100)
    oof, folds = np.full(100, 0.6), i % 5
    y = ((folds == 0) | ((i // 5) % 5 == 0)).astype(float)
    for make in (bench._platt, bench._isotonic):
        crossed = bench._cross_calibrated(oof, y, folds, make)
        assert crossed[folds == 0] == pytest.approx(np.full(20, 0.2), abs=0.05)
        assert make(oof, y)(oof[:1])[0] == pytest.approx(0.36, abs=0.05)


def _invented_split(seed: int, n: int, docs: int) -> tuple[list[dict], list[dict[str, float]], np.ndarray]:
    """Records of invented documents: right more often with a named actor and without a hedge."""
    rng = np.random.default_rng(seed)
    preds, rows = [], []
    y = np.zeros(n)
    for i in range(n):
        named, hedge, words = float(rng.integers(0, 2)), float(rng.integers(0, 2)), float(rng.integers(1, 30))
        preds.append({"doc": f"doc-{seed}-{i % docs}"})
        rows.append({"source_named": named, "source_main_actor": 1.0 - named, "fx_hedge": hedge, "target_words":
                     np.log1p(words)})
        y[i] = float(rng.uniform() < 0.25 + 0.45 * named - 0.2 * hedge + 0.2 * (words < 12))
    return preds, rows, y


def test_fit_chooses_among_models_and_calibrations_and_scores_in_0_1(bench, capsys):
    model, oofs = bench.fit(_invented_split(1, 400, 20), _invented_split(2, 150, 6))
    kinds = {key.split("+")[1] for key in oofs}
    assert kinds == {"platt", "isotonic"}
    assert model.meta["model"] in oofs
    assert model.calibration.method == model.meta["model"].split("+")[1]
    printed = capsys.readouterr().out
    assert "boosting+isotonic" in printed and "forest+platt" in printed
    X = np.zeros((4, len(model.features)))
    named, hedge = model.features.index("source_named"), model.features.index("fx_hedge")
    X[1, named] = 1.0
    X[2, hedge] = 1.0
    X[3, named] = X[3, hedge] = 1.0
    conf = model.predict(X)
    assert np.all((conf >= 0.0) & (conf <= 1.0))
    # the directions MONOTONE fixes: a named actor never lowers the score, a hedge never raises it
    assert conf[1] >= conf[0] and conf[3] >= conf[2]
    assert conf[2] <= conf[0] and conf[3] <= conf[1]


def test_shallow_boosting_trees(bench):
    """Boosting's trees are at most two splits deep (interactions of two features at most)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = (X[:, 0] + X[:, 1] * X[:, 2] + rng.normal(size=300) > 0).astype(float)
    est = bench._estimators(("a", "b", "c", "d"))["boosting"]().fit(X, y)
    model = bench._as_model("boosting", est, ("a", "b", "c", "d"), X.mean(axis=0), X.std(axis=0))
    for tree in model.trees:
        depth = {0: 0}
        for k in range(len(tree.feature)):
            if tree.feature[k] >= 0:
                depth[int(tree.left[k])] = depth[int(tree.right[k])] = depth[k] + 1
        assert max(depth.values()) <= 2


def test_shipped_model_records_its_calibration_and_figures():
    model = load_model(ROOT / "kb" / "extract" / "models" / "confidence.json")
    assert model.meta["model"].endswith("+" + model.calibration.method)
    for split in ("validation", "train_out_of_fold"):
        figures = model.meta[split]
        assert 0.0 <= figures["brier"] <= 0.25 and 0.5 <= figures["auc"] <= 1.0
    if isinstance(model, TreeModel):
        assert model.raw(np.zeros((1, len(model.features)))).shape == (1,)
