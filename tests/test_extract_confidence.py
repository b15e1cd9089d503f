"""The learned filter and the confidence score of extracted records (kb.extract.features / confidence).

Sentences are invented for these tests; none comes from the shared dev set or
from the labelled corpus's test split.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from kb.extract.confidence import (FIELD_FEATURE_NAMES, MODELS_DIR, Calibration, LogisticModel, RecordScorer,
                                   field_features, load_model)
from kb.extract.features import FEATURE_NAMES, feature_matrix
from kb.models import Commitment, Deadline


def _record(**kw) -> Commitment:
    base = dict(actor="Ministry of Transport", actor_text="The Ministry of Transport", action="build",
                target="400 electric bus depots", sentence="The Ministry of Transport will build 400 electric bus depots by 2028.",
                sentence_start=0, sentence_end=69, passage_index=0, deadline=Deadline("by 2028", "2028-12-31"))
    base.update(kw)
    return Commitment(**base)


def _toy_model(threshold: float = 0.5, calibration: Calibration = Calibration()) -> LogisticModel:
    """A hand-built model: an empty target or a past-tense sentence makes a record unlikely."""
    names = ("bias", "target_empty", "sentence_past", "has_deadline")
    return LogisticModel(features=names, mean=np.zeros(4), scale=np.ones(4),
                         coef=np.array([0.0, -6.0, -3.0, 1.5]), intercept=1.0,
                         calibration=calibration, threshold=threshold, enabled=True)


# -- the shipped JSON models ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["filter.json", "confidence.json"])
def test_shipped_model_loads_and_gives_probabilities(name):
    path = MODELS_DIR / name
    raw = json.loads(path.read_text())
    model = load_model(path)
    assert set(model.features) <= set(FEATURE_NAMES) | set(FIELD_FEATURE_NAMES)    # record + field features
    assert 0.0 <= model.threshold <= 1.0 and isinstance(raw["enabled"], bool)
    rng = np.random.default_rng(0)
    if isinstance(model, LogisticModel):
        assert len(model.features) == len(model.coef) == len(model.mean) == len(model.scale)
        X = np.vstack([model.mean + rng.normal(0, 3, len(model.mean)) * model.scale for _ in range(200)])
    else:
        assert model.trees and all(int(t.feature.max()) < len(model.features) for t in model.trees)
        X = rng.normal(0, 3, (200, len(model.features)))
    p = model.predict(X)
    assert p.shape == (200,) and np.all((p >= 0) & (p <= 1)) and not np.isnan(p).any()
    assert type(model).from_json(model.to_json()).to_json() == model.to_json()


def test_shipped_confidence_calibration_is_monotonic():
    model = load_model(MODELS_DIR / "confidence.json")
    grid = np.linspace(0.0, 1.0, 501)
    out = model.calibration(grid)
    assert np.all(np.diff(out) >= -1e-12)
    assert np.all((out >= 0) & (out <= 1))
    assert model.meta["thresholds"]["high"] == 0.8


# -- calibration ----------------------------------------------------------------------------

@pytest.mark.parametrize("cal", [
    Calibration("identity"),
    Calibration("platt", a=1.7, b=-0.4),
    Calibration("platt", a=0.0, b=0.3),
    Calibration("isotonic", x=(0.1, 0.3, 0.5, 0.9), y=(0.05, 0.2, 0.2, 0.95)),
])
def test_calibration_is_monotonic_and_bounded(cal):
    grid = np.linspace(0.0, 1.0, 1001)
    out = cal(grid)
    assert np.all(np.diff(out) >= -1e-12)
    assert np.all((out >= 0) & (out <= 1))
    assert Calibration.from_json(cal.to_json()) == cal


# -- the filter and the confidence on hand-built records -------------------------------------

def _rows(records):
    rows = []
    for c in records:
        rows.append({"bias": 1.0, "target_empty": float(not c.target.strip()),
                     "sentence_past": float(" was " in f" {c.sentence} " or " issued " in f" {c.sentence} "),
                     "has_deadline": float(c.deadline is not None)})
    return rows


def test_filter_removes_a_low_scoring_record_and_scores_the_rest():
    good = _record()
    bad = _record(action="issue", target="", deadline=None,
                  sentence="Last year the ministry issued guidance on depots.")
    scorer = RecordScorer(filter_model=_toy_model(threshold=0.5), confidence_model=_toy_model())
    out = scorer.apply([good, bad], _rows([good, bad]))
    assert len(out) == 1
    assert out[0].action == "build" and 0.0 <= out[0].confidence <= 1.0
    # disabled: nothing is dropped, every record still gets a confidence
    off = RecordScorer(filter_model=dataclasses.replace(_toy_model(), enabled=False),
                       confidence_model=_toy_model())
    both = off.apply([good, bad], _rows([good, bad]))
    assert [c.action for c in both] == ["build", "issue"]
    assert both[0].confidence > both[1].confidence
    assert all(c.confidence is not None for c in both)


def test_a_record_under_the_confidence_floor_is_dropped_unless_the_caller_keeps_every_record():
    good = _record()
    bad = _record(action="issue", target="", deadline=None,
                  sentence="Last year the ministry issued guidance on depots.")
    plain = _toy_model()
    scored = RecordScorer(None, plain).apply([good, bad], _rows([good, bad]))
    low, high = sorted(c.confidence for c in scored)
    floored = dataclasses.replace(plain, meta={"floor": (low + high) / 2})
    scorer = RecordScorer(None, floored)
    assert scorer.floor == (low + high) / 2
    assert [c.action for c in scorer.apply([good, bad], _rows([good, bad]))] == ["build"]
    # the fitting script scores every record the rules propose
    assert [c.action for c in scorer.apply([good, bad], _rows([good, bad]), use_floor=False)] == ["build", "issue"]
    # no floor written: every record stays
    assert RecordScorer(None, plain).floor == 0.0


def test_shipped_confidence_floor_was_chosen_out_of_fold_and_raised_tuple_f1_both_ways():
    model = load_model(MODELS_DIR / "confidence.json")
    floor = model.meta["floor"]
    assert 0.0 <= floor < model.meta["thresholds"]["high"]
    for way in ("document", "kind"):
        held_out = model.meta["floor_out_of_fold"][way]
        assert held_out["tuple_f1"] >= held_out["without_floor"]["tuple_f1"]
        assert held_out["detection_f1"] >= held_out["without_floor"]["detection_f1"]


def test_no_models_leaves_records_unscored():
    c = _record()
    assert RecordScorer(None, None).apply([c], _rows([c])) == [c]


def test_feature_matrix_follows_the_model_order():
    rows = [{"b": 2.0, "a": 1.0}, {"a": 3.0}]
    assert feature_matrix(rows, ("a", "b", "c")).tolist() == [[1.0, 2.0, 0.0], [3.0, 0.0, 0.0]]


# -- with the real extractor ------------------------------------------------------------------

TEXT = """Riverton Climate Plan

The Riverton City Council will install 2,500 public charging points by 2027.

The council shall publish an annual report on building emissions.

By 2030, the Department of Water will replace 120 kilometres of lead pipes.

In 2019 the council issued a statement on flooding.

The Parks Board will:
(a) plant 50,000 street trees by 2029;
(b) restore the wetlands along the Silver River.
"""


class _Collect:
    """What the training script does: keep the rule records and their features, change nothing."""

    def __init__(self):
        self.rows = []

    def __call__(self, parsed, parts, commitments):
        from kb.extract.features import record_features

        self.rows.append(record_features(parsed, parts, list(commitments)))
        return list(commitments)


@pytest.fixture(scope="module")
def nlp():
    from kb.extract.nlp import load_nlp

    return load_nlp()


@pytest.mark.integration
def test_every_extracted_record_has_a_confidence(nlp):
    from kb.extract import Extractor
    from tests.textdoc import document_from_text

    result = Extractor(nlp=nlp).extract(document_from_text(TEXT))
    assert result.commitments
    for c in result.commitments:
        assert c.confidence is not None and 0.0 <= c.confidence <= 1.0


@pytest.mark.integration
def test_features_are_the_same_at_training_and_run_time(nlp):
    """The training script's features (a collecting scorer) give exactly the run-time confidences."""
    from kb.extract import Extractor
    from tests.textdoc import document_from_text

    doc = document_from_text(TEXT)
    collect = _Collect()
    rules = Extractor(nlp=nlp, scorer=collect).extract(doc).commitments
    rows = collect.rows[0]
    assert len(rows) == len(rules) and all(set(r) == set(FEATURE_NAMES) for r in rows)
    assert all(np.isfinite(list(r.values())).all() for r in rows)

    shipped = RecordScorer.from_dir(MODELS_DIR)
    # at run time the scorer adds what the finished record's fields look like (`field_features`)
    expected = shipped.apply(list(rules), [{**r, **field_features(c)} for r, c in zip(rows, rules)])
    run_time = Extractor(nlp=nlp).extract(doc).commitments
    assert [(c.action, c.target) for c in run_time] == [(c.action, c.target) for c in expected]
    assert [c.confidence for c in run_time] == [c.confidence for c in expected]
    # and the same features again from a second parse
    again = _Collect()
    Extractor(nlp=nlp, scorer=again).extract(doc)
    assert again.rows[0] == rows
