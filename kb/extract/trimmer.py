"""The learned target trimmer: the rules propose a target span, a model says where a person would end it.

On the labelled corpus's train split most wrong fields of the records the rules
find are target boundaries: the span runs on through a purpose clause ("to
ensure ..."), an "including ..." list, a legal citation, a trailing participle
or a relative clause (ANNOTATION.md section 4 says to cut all of them), and the
scorer counts a target twice as long as the gold one wrong.  The rules in
`targets.py` cut the cases their patterns know; this component reads what they
leave, with the parse.

For a record whose target is a contiguous span of its sentence
(`Commitment.target_start`), every token boundary inside the span where a cue
word starts (punctuation, a preposition or conjunction, "to", a wh-word, a
participle: `CUE_POS`, `CUE_TAGS`) is a candidate end, and so is the span's own
end.  `candidate_features` describes each from the parse alone -- the cue's part
of speech, tag and dependency, the word itself only for closed-class words, what
the cut leaves and removes (content words, a verb in the rest, whether the rest
is one constituent), never a document's own strings.  A logistic regression
(`models/trimmer.json`, fitted by `bench/train_trimmer.py` with scikit-learn on
the train split; run here with plain Python: a sparse dot product) gives each
candidate P(the target ending here is right by the scorer); the record is cut
at the best candidate when that beats keeping the whole span by the model's
`margin` (chosen on validation).

Off when the model file is missing, its `enabled` is false, or the environment
says `POLICYKB_TARGET_TRIMMER=off` (`on` forces it on: how the rules-only and
rules+trimmer figures are both measured).  Round 13 shipped it off: it fixed 2
more records on validation (tuple F1 0.519 -> 0.525), +0.002 out of fold over
train documents.  Round 30 refitted it on a train split three times as large
and switched it on: validation 0.540 -> 0.552, out of fold over train 0.551 ->
0.556 in the same setting; the shared dev set 0.879 -> 0.870 (two records whose
tail the dev gold keeps; README, "A learned target trimmer").  Round 52 refitted it the same
way on train's 154 documents with rules-53's records (C 1.0, margin -0.1): validation 0.559 ->
0.571 in that script's setting (the product's pipeline: validation 0.581 -> 0.585 against round
49's model with the same rules).  It learns the
rules' leftovers -- tails after a complete phrase ("as an adaptive measure to
...", "through ...", "with support from ...") -- not the plain purpose clauses
the rules already cut.  Its cost: about 0.5 ms per record (2-3% of extraction
CPU on executive orders).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from spacy.tokens import Doc

from kb.extract.records import ParsedPassage
from kb.extract.syntax import doc_text
from kb.extract.targets import clean_target
from kb.models import Commitment, ParsedDocument

__all__ = ["MODEL_PATH", "Tok", "TrimModel", "TargetTrimmer", "default_trimmer", "locate", "candidates",
           "candidate_features", "sentence_tokens", "ENV"]

MODEL_PATH = Path(__file__).resolve().parent / "models" / "trimmer.json"
ENV = "POLICYKB_TARGET_TRIMMER"

# a boundary is a candidate end when the next token is one of these
CUE_POS = frozenset({"ADP", "SCONJ", "CCONJ", "PUNCT", "PART"})
CUE_TAGS = frozenset({"VBG", "VBN", "VBD", "WDT", "WP", "WP$", "WRB", "TO"})
# closed-class words: the only words the features name
CLOSED_POS = frozenset({"ADP", "SCONJ", "CCONJ", "PART", "DET", "PRON", "AUX", "PUNCT"})
# words that open the tails ANNOTATION.md section 4 cuts, named although not all are closed-class
# in the tagger's reading ("including" is a VBG, "such" an ADJ, "consistent" an ADJ)
CUE_WORDS = frozenset({"including", "such", "like", "consistent", "pursuant", "as", "so", "where", "when",
                       "whether", "while", "through", "within", "under", "that", "which", "who", "whose",
                       "to", "by", "in", "for", "with", "on", "of", "from", "and", "or", "than", "across",
                       "among", "between", "into", "toward", "towards", "without", "via", "per", "based",
                       "related", "regarding", "according", "due", "particularly", "especially"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_FINITE = frozenset({"VBD", "VBP", "VBZ", "MD"})


@dataclass(frozen=True)
class Tok:
    """What the features read of one spaCy token: a light copy, so that the training script
    can keep the parses of a whole split on disk and the run time reads the same fields."""

    text: str
    pos: str
    tag: str
    dep: str
    head: int           # index in the sentence; its own index for the root
    start: int          # characters, relative to the Doc's text
    end: int
    left: int           # the subtree's first and last token, indices in the sentence
    right: int
    content: bool       # a word or number that is not a stop word

    @property
    def lower(self) -> str:
        return self.text.lower()

    def to_list(self) -> list:
        return [self.text, self.pos, self.tag, self.dep, self.head, self.start, self.end, self.left, self.right,
                int(self.content)]

    @classmethod
    def from_list(cls, v: Sequence) -> "Tok":
        return cls(str(v[0]), str(v[1]), str(v[2]), str(v[3]), int(v[4]), int(v[5]), int(v[6]), int(v[7]),
                   int(v[8]), bool(v[9]))


def sentence_tokens(doc: Doc, char: int) -> tuple[list[Tok], int] | None:
    """The light tokens of the sentence of `doc` that holds character `char`, and the index in
    the Doc of its first token."""
    tok = next((t for t in doc if t.idx <= char < t.idx + len(t.text_with_ws)), None)
    if tok is None:
        return None
    sent = tok.sent
    base = sent.start

    def clip(i: int) -> int:
        return min(max(i - base, 0), len(sent) - 1)

    toks = [Tok(t.text, t.pos_, t.tag_, t.dep_, clip(t.head.i), t.idx, t.idx + len(t.text),
                clip(t.left_edge.i), clip(t.right_edge.i),
                bool((t.is_alpha or t.like_num) and not t.is_stop)) for t in sent]
    return toks, base


@dataclass(frozen=True)
class Located:
    """A record's target as tokens: the sentence, the span [a, b) of its tokens, and where the Doc
    starts in the document's text."""

    toks: list[Tok]
    a: int
    b: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {"toks": [t.to_list() for t in self.toks], "a": self.a, "b": self.b, "offset": self.offset}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Located":
        return cls([Tok.from_list(v) for v in d["toks"]], int(d["a"]), int(d["b"]), int(d["offset"]))


def locate(parsed: ParsedDocument, parts: Sequence[ParsedPassage], c: Commitment) -> Located | None:
    """The tokens of a record's target, when it is one contiguous span of one sentence of a Doc."""
    if c.target_start is None or c.target_end is None or not c.target.strip() or not parsed.text:
        return None
    for part in parts:
        if part.passage.index != c.passage_index:
            continue
        text = doc_text(part.doc)
        start, end = c.target_start - part.offset, c.target_end - part.offset
        if not (0 <= start < end <= len(text)):
            continue
        found = sentence_tokens(part.doc, start)
        if found is None:
            return None
        toks, _ = found
        inside = [i for i, t in enumerate(toks) if t.start >= start and t.end <= end]
        if not inside or toks[inside[0]].start - start > 1 or end - toks[inside[-1]].end > 1:
            return None     # the span starts or ends inside a token, or runs past its sentence
        return Located(toks, inside[0], inside[-1] + 1, part.offset)
    return None


def _is_cue(t: Tok) -> bool:
    return t.pos in CUE_POS or t.tag in CUE_TAGS or t.lower in CUE_WORDS


def candidates(loc: Located) -> list[int]:
    """Candidate ends k (the target keeps tokens [a, k)): before each cue token inside the span that
    starts a word and leaves at least one content word, then the span's own end b."""
    out = []
    for k in range(loc.a + 1, loc.b):
        t, prev = loc.toks[k], loc.toks[k - 1]
        # at a word's edge: "net-zero" and "climate-related" are not cut at their hyphens
        edge = t.start > prev.end or t.text in (",", ";", ":", "(", "[")
        if edge and _is_cue(t) and any(u.content for u in loc.toks[loc.a:k]):
            out.append(k)
    out.append(loc.b)
    return out


def _word(t: Tok) -> str:
    """The word itself for closed-class and cue words, else its part of speech."""
    if t.pos in CLOSED_POS or t.lower in CUE_WORDS:
        return t.lower
    return "<" + t.pos + ">"


def _bin(n: int, edges: Sequence[int] = (0, 1, 2, 3, 5, 8, 12, 20)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def candidate_features(loc: Located, k: int, order: int) -> dict[str, float]:
    """Features of ending the target before token k (k == b: keeping the whole span); `order`
    counts the candidates before this one."""
    toks, a, b = loc.toks, loc.a, loc.b
    kept = [t for t in toks[a:k] if t.content]
    rest = toks[k:b]
    cut = [t for t in rest if t.content]
    total = len(kept) + len(cut)
    f: dict[str, float] = {"bias": 1.0, "log_total": math.log1p(total), "total=" + _bin(total): 1.0}
    if k == b:
        f["full"] = 1.0
        after = toks[b] if b < len(toks) else None
        f["full_after=" + (_word(after) if after is not None else "<end>")] = 1.0
        f["full_total=" + _bin(total)] = 1.0
        last = toks[b - 1]
        f["full_last_pos=" + last.pos] = 1.0
        f["full_has_verb"] = float(any(t.tag in _VERB_TAGS for t in toks[a + 1:b]))
        f["full_has_cue_comma"] = float(any(t.text in (",", ";", "(") for t in toks[a + 1:b]))
        return f
    t = toks[k]
    w = _word(t)
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    prev = toks[k - 1]
    f["cut"] = 1.0
    f["w=" + w] = 1.0
    f["pos=" + t.pos] = 1.0
    f["tag=" + t.tag] = 1.0
    f["dep=" + t.dep] = 1.0
    f["w_dep=" + w + "_" + t.dep] = 1.0
    f["prev=" + _word(prev)] = 1.0
    f["prev_pos=" + prev.pos] = 1.0
    if nxt is not None:
        f["next=" + _word(nxt)] = 1.0
        f["next_tag=" + nxt.tag] = 1.0
        f["w_next=" + w + "_" + _word(nxt)] = 1.0
        f["w_next_tag=" + w + "_" + nxt.tag] = 1.0
    f["kept=" + _bin(len(kept))] = 1.0
    f["removed=" + _bin(len(cut))] = 1.0
    f["kept_share"] = len(kept) / total if total else 0.0
    f["log_kept"] = math.log1p(len(kept))
    f["log_removed"] = math.log1p(len(cut))
    f["w_kept=" + w + "_" + _bin(len(kept), (1, 2, 4, 8))] = 1.0
    f["order=" + _bin(order, (0, 1, 2, 4))] = 1.0
    f["comma_before"] = float(prev.text == ",")
    # how the rest hangs on what is kept
    head = t.head
    where = "kept" if a <= head < k else "rest" if k <= head < b else "outside"
    f["head_in=" + where] = 1.0
    f["head_pos=" + toks[head].pos] = 1.0
    f["w_head_pos=" + w + "_" + toks[head].pos] = 1.0
    f["rest_one_constituent"] = float(t.right >= b - 1 and t.left >= k)
    f["rest_has_verb"] = float(any(u.tag in _VERB_TAGS for u in rest[1:]) or t.tag in _VERB_TAGS)
    f["rest_finite"] = float(any(u.tag in _FINITE for u in rest))
    f["w_rest_verb=" + w + "_" + str(int(f["rest_has_verb"]))] = 1.0
    f["rest_has_comma"] = float(any(u.text == "," for u in rest[1:]))
    f["rest_has_num"] = float(any(u.pos == "NUM" for u in rest))
    f["rest_propn"] = sum(u.pos == "PROPN" for u in rest) / max(len(rest), 1)
    f["kept_has_verb"] = float(any(u.tag in _VERB_TAGS for u in toks[a + 1:k]))
    f["kept_last_pos=" + prev.pos if prev.text != "," else "kept_last_pos=" + toks[max(k - 2, a)].pos] = 1.0
    return f


@dataclass(frozen=True)
class TrimModel:
    """A logistic regression over named sparse features: weights by name and an intercept."""

    weights: dict[str, float]
    intercept: float
    margin: float = 0.0
    enabled: bool = True
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)

    def prob(self, f: dict[str, float]) -> float:
        z = self.intercept + sum(v * self.weights.get(name, 0.0) for name, v in f.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "TrimModel":
        return cls(weights={k: float(v) for k, v in d["weights"].items()}, intercept=float(d["intercept"]),
                   margin=float(d.get("margin", 0.0)), enabled=bool(d.get("enabled", True)),
                   meta={k: v for k, v in d.items() if k not in ("weights", "intercept", "margin", "enabled")})

    def to_json(self) -> dict[str, Any]:
        return {**self.meta, "margin": self.margin, "enabled": self.enabled, "intercept": self.intercept,
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v}}


def choose_end(model: TrimModel, loc: Located, margin: float | None = None) -> int:
    """The candidate end the model prefers: the best cut when it beats the whole span by `margin`."""
    ends = candidates(loc)
    probs = [model.prob(candidate_features(loc, k, i)) for i, k in enumerate(ends)]
    full = probs[-1]
    best = max(range(len(ends) - 1), key=lambda i: (probs[i], -i), default=None)
    m = model.margin if margin is None else margin
    if best is not None and probs[best] > full + m:
        return ends[best]
    return loc.b


def trimmed_text(parsed_text: str, c: Commitment, loc: Located, k: int) -> str:
    """The record's target ended before token k, cleaned as the rules clean a target."""
    end = loc.offset + loc.toks[k - 1].end
    return clean_target(parsed_text[c.target_start:end])


class TargetTrimmer:
    """(parsed, parts, records) -> records, each target cut where the model says; a no-op when off."""

    def __init__(self, model: TrimModel | None):
        self.model = model

    @property
    def active(self) -> bool:
        setting = os.environ.get(ENV, "").strip().lower()
        if self.model is None or setting in ("off", "0", "false", "no"):
            return False
        return self.model.enabled or setting in ("on", "1", "true", "yes")

    def __call__(self, parsed: ParsedDocument, parts: Sequence[ParsedPassage],
                 commitments: Sequence[Commitment]) -> list[Commitment]:
        commitments = list(commitments)
        if not commitments or not self.active:
            return commitments
        out, seen = [], set()
        for c in commitments:
            loc = locate(parsed, parts, c)
            if loc is not None:
                k = choose_end(self.model, loc)
                if k < loc.b:
                    target = trimmed_text(parsed.text, c, loc, k)
                    if target and re.search(r"[A-Za-z0-9]", target):
                        at = parsed.text.startswith(target, c.target_start)
                        c = dataclasses.replace(c, target=target,
                                                target_start=c.target_start if at else None,
                                                target_end=c.target_start + len(target) if at else None)
            key = (c.sentence_start, c.action, c.target)
            if key in seen:
                continue            # two records the cut made one
            seen.add(key)
            out.append(c)
        return out


_default: TargetTrimmer | None = None
_default_lock = threading.Lock()


def default_trimmer() -> TargetTrimmer:
    """The trimmer of the model shipped in kb/extract/models/trimmer.json (loaded once per process)."""
    global _default
    with _default_lock:
        if _default is None:
            model = TrimModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8"))) \
                if MODEL_PATH.exists() else None
            _default = TargetTrimmer(model)
        return _default
