"""The learned filter and the confidence score of extracted records ("rules propose, model trims").

Two models over `kb.extract.features`, fitted with scikit-learn on the labelled
corpus's train split; they live as JSON in `kb/extract/models/` and run here
with numpy alone (no scikit-learn at run time):

- `filter.json`: a logistic regression (`bench/train_extract_model.py`),
  P(the record is a real commitment); records under its `threshold` are dropped
  when `enabled` is true (the training script enables it only when it wins on
  validation);
- `confidence.json`: P(actor, action, target and deadline are all right), set as
  `Commitment.confidence` on every record; a record under its `floor` is dropped
  (a record the model gives so little chance is more often no commitment at all:
  the floor is chosen out of fold, by document and by kind, on tuple F1).  `bench/calibrate_confidence.py --fit
  --write` scores a logistic regression, a histogram gradient boosting and a random
  forest (the trees as `TreeModel`: flat arrays per tree), each calibrated two ways
  (Platt scaling, an isotonic step function) and capped (`Cap`: a ceiling, set out of
  fold, on the records whose actor was assumed), out of fold by document and by kind of
  document over the train and validation splits, chooses by the worst held-out
  folds and refits the chosen one on both splits; the score only falls when
  the actor was inferred rather than named, the sentence hedges, the target is
  one word, or the parse's subject is not the actor (monotone constraints of the
  fit: `MONOTONE` there).  Besides `kb.extract.features` (with its per-field
  evidence and document shares, `EVIDENCE_NAMES`) it reads `field_features`
  (below): what the finished record's own fields look like.
  `bench/calibrate_confidence.py` prints its calibration table per split.

When a model file is missing the records pass through unchanged (confidence None).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from kb.extract.features import feature_matrix, record_features
from kb.extract.records import ParsedPassage
from kb.models import Commitment, ParsedDocument

__all__ = ["MODELS_DIR", "FIELD_FEATURE_NAMES", "LogisticModel", "Tree", "TreeModel", "Calibration", "Cap",
           "RecordScorer", "default_scorer", "field_features", "load_model"]

MODELS_DIR = Path(__file__).resolve().parent / "models"

# (parsed, parts, records) -> records: what `Extractor` calls after the rules
Scorer = Callable[[ParsedDocument, Sequence[ParsedPassage], Sequence[Commitment]], list[Commitment]]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


@dataclass(frozen=True)
class Calibration:
    """Maps a raw probability to a calibrated one, monotonically.

    "platt": sigmoid(a * logit(p) + b), a >= 0; "isotonic": piecewise-linear
    through the non-decreasing points (x, y); "identity": p itself."""

    method: str = "identity"
    a: float = 1.0
    b: float = 0.0
    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()

    def __call__(self, p: np.ndarray) -> np.ndarray:
        p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
        if self.method == "platt":
            return _sigmoid(self.a * np.log(p / (1 - p)) + self.b)
        if self.method == "isotonic" and self.x:
            return np.interp(p, np.asarray(self.x), np.asarray(self.y))
        return p

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> "Calibration":
        d = d or {}
        return cls(method=d.get("method", "identity"), a=float(d.get("a", 1.0)), b=float(d.get("b", 0.0)),
                   x=tuple(float(v) for v in d.get("x", ())), y=tuple(float(v) for v in d.get("y", ())))

    def to_json(self) -> dict[str, Any]:
        if self.method == "platt":
            return {"method": "platt", "a": self.a, "b": self.b}
        if self.method == "isotonic":
            return {"method": "isotonic", "x": list(self.x), "y": list(self.y)}
        return {"method": "identity"}


@dataclass(frozen=True)
class Cap:
    """A ceiling on the confidence of the records any of whose `when_any` features is set (>= 0.5).

    Why: a model fitted on some kinds of documents can score a kind of record high that is right
    less often in documents it never saw -- a record whose actor was assumed (the document's main
    actor, a pronoun resolved to an earlier sentence) is the one found so, out of fold by document
    and by kind of document.  bench/calibrate_confidence.py sets `ceiling` from those out-of-fold
    figures; the cap only ever lowers a score."""

    when_any: tuple[str, ...]
    ceiling: float

    def mask(self, X: np.ndarray, features: Sequence[str]) -> np.ndarray:
        cols = [features.index(n) for n in self.when_any if n in features]
        if not cols:
            return np.zeros(len(X), dtype=bool)
        return (np.asarray(X, dtype=np.float64)[:, cols] >= 0.5).any(axis=1)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Cap":
        return cls(when_any=tuple(d["when_any"]), ceiling=float(d["ceiling"]))

    def to_json(self) -> dict[str, Any]:
        return {"when_any": list(self.when_any), "ceiling": float(self.ceiling)}


class _Calibrated:
    """What both model kinds share: a raw score per row, calibrated, over named feature columns,
    then capped (`Cap`)."""

    features: tuple[str, ...]
    calibration: Calibration
    caps: tuple[Cap, ...] = ()

    def raw(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, one per row of X (columns in `features` order), in [0, 1]."""
        if len(X) == 0:
            return np.zeros(0)
        p = np.clip(self.calibration(self.raw(X)), 0.0, 1.0)
        for cap in self.caps:
            p = np.where(cap.mask(X, self.features), np.minimum(p, cap.ceiling), p)
        return p

    def predict_rows(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return self.predict(feature_matrix(rows, self.features))


@dataclass(frozen=True)
class LogisticModel(_Calibrated):
    """Standardise, then a logistic regression, then a calibration: numpy only."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: Calibration = Calibration()
    threshold: float = 0.0
    enabled: bool = True
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)
    caps: tuple[Cap, ...] = ()

    def raw(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale
        return _sigmoid(Z @ self.coef + self.intercept)


    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "LogisticModel":
        scale = np.asarray(d["scale"], dtype=np.float64)
        return cls(features=tuple(d["features"]), mean=np.asarray(d["mean"], dtype=np.float64),
                   scale=np.where(scale > 0, scale, 1.0), coef=np.asarray(d["coef"], dtype=np.float64),
                   intercept=float(d["intercept"]), calibration=Calibration.from_json(d.get("calibration")),
                   threshold=float(d.get("threshold", 0.0)), enabled=bool(d.get("enabled", True)),
                   caps=tuple(Cap.from_json(c) for c in d.get("caps", ())),
                   meta={k: v for k, v in d.items() if k not in
                         ("features", "mean", "scale", "coef", "intercept", "calibration", "threshold", "enabled",
                          "caps")})

    @classmethod
    def load(cls, path: Path) -> "LogisticModel":
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    def to_json(self) -> dict[str, Any]:
        return {**self.meta, "features": list(self.features), "mean": [float(v) for v in self.mean],
                "scale": [float(v) for v in self.scale], "coef": [float(v) for v in self.coef],
                "intercept": float(self.intercept), "calibration": self.calibration.to_json(),
                "threshold": float(self.threshold), "enabled": bool(self.enabled),
                **({"caps": [c.to_json() for c in self.caps]} if self.caps else {})}


@dataclass(frozen=True)
class Tree:
    """One binary decision tree as flat arrays (scikit-learn's layout): at node k, a row goes to
    `left[k]` when its feature `feature[k]` is <= `threshold[k]`, else to `right[k]`; a leaf has
    feature -1 and its prediction in `value[k]`."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    def __call__(self, X: np.ndarray) -> np.ndarray:
        node = np.zeros(len(X), dtype=np.int64)
        rows = np.arange(len(X))
        for _ in range(len(self.feature)):
            f = self.feature[node]
            inner = f >= 0
            if not inner.any():
                break
            i, n = rows[inner], node[inner]
            go_left = X[i, f[inner]] <= self.threshold[n]
            node[i] = np.where(go_left, self.left[n], self.right[n])
        return self.value[node]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Tree":
        return cls(feature=np.asarray(d["f"], dtype=np.int64), threshold=np.asarray(d["t"], dtype=np.float64),
                   left=np.asarray(d["l"], dtype=np.int64), right=np.asarray(d["r"], dtype=np.int64),
                   value=np.asarray(d["v"], dtype=np.float64))

    def to_json(self) -> dict[str, Any]:
        return {"f": [int(v) for v in self.feature], "t": [float(v) for v in self.threshold],
                "l": [int(v) for v in self.left], "r": [int(v) for v in self.right],
                "v": [float(v) for v in self.value]}


@dataclass(frozen=True)
class Forest:
    """All trees of a model in one set of flat arrays (each tree's node numbers shifted past the trees
    before it), walked together a level at a time: a boosted model of some hundred small trees scores a
    document's records in a few numpy steps instead of one Python call per tree (rules-14's boosted
    confidence model cost about 8% more extraction CPU on the 160 orders walked tree by tree).  Row by
    row the same comparisons as `Tree.__call__`, so the same leaves."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray

    @classmethod
    def of(cls, trees: Sequence[Tree]) -> "Forest":
        offsets = np.cumsum([0] + [len(t.feature) for t in trees[:-1]]).astype(np.int64)
        return cls(feature=np.concatenate([t.feature for t in trees]),
                   threshold=np.concatenate([t.threshold for t in trees]),
                   left=np.concatenate([t.left + o for t, o in zip(trees, offsets)]),
                   right=np.concatenate([t.right + o for t, o in zip(trees, offsets)]),
                   value=np.concatenate([t.value for t in trees]), roots=offsets)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """The leaf value of every tree (rows of the result) for every row of `X` (its columns)."""
        node = np.repeat(self.roots[:, None], len(X), axis=1)
        cols = np.broadcast_to(np.arange(len(X)), node.shape)
        while True:
            f = self.feature[node]
            inner = f >= 0
            if not inner.any():
                break
            n = node[inner]
            go_left = X[cols[inner], f[inner]] <= self.threshold[n]
            node[inner] = np.where(go_left, self.left[n], self.right[n])
        return self.value[node]


@dataclass(frozen=True)
class TreeModel(_Calibrated):
    """Decision trees over the raw features (no standardising), then a calibration: numpy only.

    combine "mean": the mean of the leaves' probabilities (a random forest); "logit_sum":
    sigmoid(init + rate * the sum of the leaves) (gradient boosting).  With `float32` the
    features are compared as float32 values, as scikit-learn's decision trees compare them
    (its histogram boosting compares float64)."""

    features: tuple[str, ...]
    trees: tuple[Tree, ...]
    combine: str = "mean"
    init: float = 0.0
    rate: float = 1.0
    float32: bool = True
    calibration: Calibration = Calibration()
    threshold: float = 0.0
    enabled: bool = True
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)
    caps: tuple[Cap, ...] = ()

    @functools.cached_property
    def forest(self) -> Forest:
        """The trees as one `Forest`, built on first use (a frozen dataclass may cache into its __dict__)."""
        return Forest.of(self.trees)

    def raw(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float32 if self.float32 else np.float64).astype(np.float64)
        if not self.trees:
            return np.full(len(X), 0.5)
        total = np.sum(self.forest(X), axis=0)
        if self.combine == "logit_sum":
            return _sigmoid(self.init + self.rate * total)
        return total / len(self.trees)


    _KEYS = ("kind", "features", "trees", "combine", "init", "rate", "float32", "calibration", "threshold", "enabled",
             "caps")

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "TreeModel":
        return cls(features=tuple(d["features"]), trees=tuple(Tree.from_json(t) for t in d["trees"]),
                   combine=d.get("combine", "mean"), init=float(d.get("init", 0.0)), rate=float(d.get("rate", 1.0)),
                   float32=bool(d.get("float32", True)),
                   calibration=Calibration.from_json(d.get("calibration")), threshold=float(d.get("threshold", 0.0)),
                   enabled=bool(d.get("enabled", True)), caps=tuple(Cap.from_json(c) for c in d.get("caps", ())),
                   meta={k: v for k, v in d.items() if k not in cls._KEYS})

    def to_json(self) -> dict[str, Any]:
        return {**self.meta, "kind": "trees", "features": list(self.features), "combine": self.combine,
                "init": float(self.init), "rate": float(self.rate), "float32": bool(self.float32),
                "calibration": self.calibration.to_json(),
                "threshold": float(self.threshold), "enabled": bool(self.enabled),
                **({"caps": [c.to_json() for c in self.caps]} if self.caps else {}),
                "trees": [t.to_json() for t in self.trees]}


Model = LogisticModel | TreeModel


def load_model(path: Path) -> Model:
    """A model file of `kb/extract/models/`: trees when its "kind" says so, else a logistic regression."""
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    return TreeModel.from_json(d) if d.get("kind") == "trees" else LogisticModel.from_json(d)


class RecordScorer:
    """Drops the records the filter rejects, sets `confidence` on the rest and drops those under `floor`."""

    def __init__(self, filter_model: Model | None = None, confidence_model: Model | None = None):
        self.filter_model = filter_model
        self.confidence_model = confidence_model

    @classmethod
    def from_dir(cls, folder: Path = MODELS_DIR) -> "RecordScorer":
        def load(name: str) -> Model | None:
            path = Path(folder) / name
            return load_model(path) if path.exists() else None
        return cls(load("filter.json"), load("confidence.json"))

    def keep_mask(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        m = self.filter_model
        if m is None or not m.enabled or not rows:
            return np.ones(len(rows), dtype=bool)
        return m.predict_rows(rows) >= m.threshold

    def __call__(self, parsed: ParsedDocument, parts: Sequence[ParsedPassage],
                 commitments: Sequence[Commitment]) -> list[Commitment]:
        commitments = list(commitments)
        if not commitments or (self.filter_model is None and self.confidence_model is None):
            return commitments
        return self.apply(commitments, self.rows(parsed, parts, commitments, names=self.read_names()))

    def read_names(self) -> frozenset[str]:
        """The feature names the models apply with read (the filter's only when it is enabled)."""
        names: set[str] = set()
        if self.filter_model is not None and self.filter_model.enabled:
            names.update(self.filter_model.features)
        if self.confidence_model is not None:
            names.update(self.confidence_model.features)
        return frozenset(names)

    @staticmethod
    def rows(parsed: ParsedDocument, parts: Sequence[ParsedPassage],
             commitments: Sequence[Commitment], names: frozenset[str] | None = None) -> list[dict[str, float]]:
        """The feature rows the models read: `kb.extract.features` plus `field_features`.  `names`: the
        features the caller reads (`record_features` may then leave out the others); None: all."""
        rows = record_features(parsed, parts, commitments, names)
        return [{**row, **field_features(c)} for row, c in zip(rows, commitments)]

    @property
    def floor(self) -> float:
        """The confidence under which a record is dropped: the confidence model's "floor", chosen out of
        fold by `bench/calibrate_confidence.py --fit` (the one that raised tuple F1 on documents and on
        kinds of document the model never saw); 0.0 (keep all) when the model has none."""
        m = self.confidence_model
        return float(m.meta.get("floor", 0.0)) if m is not None else 0.0

    def apply(self, commitments: Sequence[Commitment], rows: Sequence[dict[str, float]],
              use_floor: bool = True) -> list[Commitment]:
        """The records the filter keeps, each with its confidence; those under `floor` are dropped
        unless `use_floor` is false (the fitting script scores every record the rules propose)."""
        keep = self.keep_mask(rows)
        conf = (self.confidence_model.predict_rows(rows) if self.confidence_model is not None
                else np.full(len(rows), np.nan))
        floor = self.floor if use_floor else 0.0
        out = []
        for c, k, p in zip(commitments, keep, conf):
            if not k or (not np.isnan(p) and p < floor):
                continue
            out.append(c if np.isnan(p) else dataclasses.replace(c, confidence=round(float(p), 4)))
        return out


# -- what a record's own fields say about their risk ---------------------------------------
# Read off the finished record (after actor resolution and target trimming, which
# `kb.extract.features` does not see): the shapes that go with a wrong field on the
# labelled corpus's train split -- an actor that is a phrase with an article or a
# broken parenthesis, a heading glued to it, a target that starts with a preposition
# or runs long, a hedge ("possibly", "if", "seek to") in the sentence.

_HEDGE = re.compile(r"\b(?:possibly|partly|partially|if|unless|in\s+the\s+event|where\s+possible|subject\s+to|may|"
                    r"might|could|would|consider|explore|seek\s+to|aims?\s+to|intends?\s+to|plans?\s+to)\b", re.I)


def _words_of(text: str | None) -> list[str]:
    return (text or "").split()


def _heading_glued(words: list[str]) -> bool:
    """ "Target Encourage employees": two capitalised words, then only lower case."""
    return len(words) > 2 and words[0][:1].isupper() and words[1][:1].isupper() \
        and not any(w[:1].isupper() for w in words[2:])


# name -> test on the record; each feature is 1.0 when its test holds
_FIELD_TESTS: tuple[tuple[str, Callable[[Commitment], bool]], ...] = (
    ("fx_actor_paren_unbalanced", lambda c: c.actor.count("(") != c.actor.count(")")),
    ("fx_actor_lower_article", lambda c: bool(re.match(r"(?:a|an|the|this|these|such|whose|its|their)\b", c.actor))),
    ("fx_actor_long", lambda c: len(_words_of(c.actor)) > 6),
    ("fx_actor_heading_glued", lambda c: _heading_glued(_words_of(c.actor))),
    ("fx_actor_acronym", lambda c: bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", c.actor or ""))),
    ("fx_target_long", lambda c: len(_words_of(c.target)) > 15),
    ("fx_target_short", lambda c: len(_words_of(c.target)) <= 1),
    ("fx_target_starts_prep", lambda c: bool(re.match(r"(?:to|with|on|in|for|as|from|by|at|of)\b", c.target or "", re.I))),
    ("fx_target_starts_verbing", lambda c: bool(re.match(r"\w+ing\b", c.target or ""))),
    ("fx_target_paren_unbalanced", lambda c: (c.target or "").count("(") != (c.target or "").count(")")),
    ("fx_target_has_semicolon", lambda c: ";" in (c.target or "")),
    ("fx_hedge", lambda c: bool(_HEDGE.search(c.sentence or ""))),
    ("fx_sentence_we", lambda c: bool(re.search(r"\b(?:we|our)\b", c.sentence or "", re.I))),
    ("fx_deadline_undated", lambda c: c.deadline is not None and c.deadline.date is None),
    ("fx_sentence_starts_lower", lambda c: (c.sentence or "")[:1].islower()),
    ("fx_sentence_long", lambda c: len(_words_of(c.sentence)) > 40),
    # a date in the sentence that the record did not take: a deadline missed, or one of two
    ("fx_date_not_taken", lambda c: c.deadline is None and bool(_DATE_WORDS.search(c.sentence or ""))),
    # "... a plan to achieve X and reduce Y": a purpose or an example list left in the target
    ("fx_target_purpose_or_examples", lambda c: bool(_TAIL_IN_TARGET.search(c.target or ""))),
    # "the Secretary of State, the Attorney General, and ...": a list as actor, or one cut short
    ("fx_actor_list", lambda c: "," in (c.actor or "") or " and " in (c.actor or "")),
    # "(iii) review ...": an item of a list, whose actor and action come from its lead-in
    ("fx_sentence_list_item", lambda c: bool(re.match(r"\(?(?:[ivx]{1,4}|[a-z]|\d{1,2})[.)]\s", c.sentence or ""))),
)
_DATE_WORDS = re.compile(r"\b(?:(?:19|20)\d\d|(?:days?|weeks?|months?)\s+(?:of|after|from|following)|this\s+year|"
                         r"next\s+year|fiscal\s+year|FY\s*\d)\b", re.I)
_TAIL_IN_TARGET = re.compile(r"^(?:\S+\s+){3,}(?:to\s+(?!the\b|a\b|an\b|[A-Z])[a-z]+|such\s+as|like|including)\s", re.S)
FIELD_FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _ in _FIELD_TESTS)


def field_features(c: Commitment) -> dict[str, float]:
    """One dict (every name of FIELD_FEATURE_NAMES) for one record, from its fields alone."""
    return {name: float(test(c)) for name, test in _FIELD_TESTS}


_default: RecordScorer | None = None
_default_lock = threading.Lock()


def default_scorer() -> RecordScorer:
    """The scorer of the models shipped in kb/extract/models/ (loaded once per process)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = RecordScorer.from_dir(MODELS_DIR)
        return _default
