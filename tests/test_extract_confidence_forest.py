"""The confidence model's trees walked together (`Forest`) give the leaves each tree gives alone.

`TreeModel.raw` sums the leaves of a few hundred boosted trees per document; walking them as one
set of flat arrays is much cheaper, and must not change a single score.
"""

from __future__ import annotations

import numpy as np
import pytest

from kb.extract.confidence import MODELS_DIR, Forest, Tree, TreeModel, load_model


def _tree(feature, threshold, left, right, value) -> Tree:
    return Tree(feature=np.array(feature), threshold=np.array(threshold, dtype=float), left=np.array(left),
                right=np.array(right), value=np.array(value, dtype=float))


# a stump on feature 0 and a depth-2 tree on features 1 then 0 (scikit-learn's layout: leaves have feature -1)
STUMP = _tree([0, -1, -1], [0.5, -2, -2], [1, -1, -1], [2, -1, -1], [0.0, -1.0, 1.0])
DEEPER = _tree([1, 0, -1, -1, -1], [2.0, 0.0, -2, -2, -2], [1, 2, -1, -1, -1], [4, 3, -1, -1, -1],
               [0.0, 0.0, 10.0, 20.0, 30.0])

ROWS = {
    "both small": ([0.0, 0.0], [-1.0, 10.0]),
    "first large": ([1.0, 0.0], [1.0, 20.0]),
    "second large": ([0.0, 3.0], [-1.0, 30.0]),
    "first negative": ([-1.0, 1.0], [-1.0, 10.0]),
    "on the thresholds": ([0.5, 2.0], [-1.0, 20.0]),
}


@pytest.mark.parametrize("row,leaves", ROWS.values(), ids=ROWS.keys())
def test_each_row_reaches_the_leaf_of_each_tree(row, leaves):
    got = Forest.of([STUMP, DEEPER])(np.array([row]))
    assert got[:, 0].tolist() == leaves
    assert [STUMP(np.array([row]))[0], DEEPER(np.array([row]))[0]] == leaves


def test_a_model_scores_the_same_through_its_forest():
    model = TreeModel(features=("a", "b"), trees=(STUMP, DEEPER), combine="logit_sum", float32=False)
    X = np.array([row for row, _ in ROWS.values()])
    one_by_one = np.sum([t(X) for t in model.trees], axis=0)
    assert np.array_equal(np.sum(model.forest(X), axis=0), one_by_one)


def test_the_shipped_confidence_model_is_unchanged_by_the_forest():
    model = load_model(MODELS_DIR / "confidence.json")
    if not isinstance(model, TreeModel):
        pytest.skip("the shipped confidence model is not made of trees")
    rng = np.random.default_rng(7)
    width = len(model.features)
    for X in (rng.normal(size=(40, width)), rng.integers(0, 3, size=(40, width)).astype(float), np.zeros((1, width))):
        X = X.astype(np.float32).astype(np.float64)
        assert np.array_equal(np.sum(model.forest(X), axis=0), np.sum([t(X) for t in model.trees], axis=0))
