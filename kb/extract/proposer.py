"""The learned proposer: sentences the clause rules left without a frame, read again by a classifier.

The rules (`clauses.py`) miss commitments written in constructions they do not
know; on documents nobody tuned on, recall is their main loss.  The proposer
reads every sentence of a passage that holds no frame of the rules (none at all:
a sentence where the rules found a lead-in, a recommendation or anything else
has been decided already), scores it with a logistic regression over cheap
features of its spaCy parse (`sentence_features`: lemmas, modals, tense, the
root's dependents, a deadline or a figure, the passage's kind and place) and,
above the model's threshold, builds one frame for the sentence's main verb with
the rules' own machinery (`frame_for`, else the plain clause reading of
`constructions.py`, with `clauses._assign_deadlines` for its deadline).  The
frame joins the Doc's `commitment_frames` before `records.build_commitments`
runs, so the record gets its actor as every rule record does: the named subject,
else the document's main actor, marked as assumed (`actor_source`,
`no_named_actor`).

The model lives in `models/proposer.json` (fitted by `bench/train_proposer.py`
with scikit-learn; run here with plain Python: a sparse dot product).  It is a
no-op when the file is missing or its `enabled` is false -- as shipped: on
validation it found one or two more commitments at best (the file's `figures`),
because most commitments the rules miss sit in sentences where they already made
a record, which a proposer of empty sentences never reads.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from spacy.tokens import Span, Token

from kb.extract.clauses import _assign_deadlines, _is_item_sentence, _place_names, _token_indices
from kb.extract.constructions import Clause, _frame, _read, _subject, frame_for, read_plain_clause
from kb.extract.deadlines import DeadlineMatch, find_deadlines
from kb.extract.frame import Frame
from kb.extract.heads import follow_chain
from kb.extract.lexicon import MODAL_WORDS
from kb.extract.syntax import is_passive, modal_of
from kb.extract.targets import split_frames

__all__ = ["MODEL_PATH", "Proposer", "default_proposer", "sentence_features", "proposed_frames", "add_frame",
           "open_sentences"]

MODEL_PATH = Path(__file__).resolve().parent / "models" / "proposer.json"

_FIGURE = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s*(?:%|percent|per cent)", re.I)
_MONEY = re.compile(r"[$€£¥]|\b(?:USD|EUR|yuan|dollars?|million|billion)\b", re.I)
_MARKER = re.compile(r"^\s*(?:\(?(?:[ivxlc]{1,5}|[a-z]|\d{1,2})[.)]|[•\-–*·▪])\s+", re.I)


# --- features ------------------------------------------------------------------

def _lemma(t: Token) -> str:
    return t.lemma_.lower() if t.lemma_ else t.lower_


def sentence_features(sent: Span, kind: str, position: float) -> dict[str, float]:
    """Cheap features of one sentence: what words it has, how its main clause is built,
    whether it states a deadline or a figure, and where it stands (passage kind, place
    in the document).  Names only; the model keeps the ones it was fitted with."""
    f: dict[str, float] = {"bias": 1.0, f"kind={kind}": 1.0, "position": position,
                           "early": float(position < 0.1)}
    toks = [t for t in sent if not t.is_space]
    n = len(toks)
    f["log_len"] = math.log1p(n)
    f["short"] = float(n < 6)
    f["long"] = float(n > 50)
    text = sent.text.strip()
    f["ends_colon"] = float(text.endswith(":"))
    f["ends_period"] = float(text.endswith("."))
    f["marker"] = float(bool(_MARKER.match(text)))
    f["question"] = float(text.endswith("?"))
    f["figure"] = float(bool(_FIGURE.search(text)))
    f["percent"] = float(bool(_PERCENT.search(text)))
    f["money"] = float(bool(_MONEY.search(text)))
    found = find_deadlines(text)
    f["deadline"] = float(any(not d.weak for d in found))
    f["deadline_weak"] = float(any(d.weak for d in found))
    lemmas: list[str] = []
    for t in toks:
        if t.is_punct:
            continue
        lemma = _lemma(t)
        if t.like_num or any(c.isdigit() for c in lemma):
            lemma = "<num>"
        lemmas.append(lemma)
        f["w:" + lemma] = 1.0
        if t.tag_ == "MD" and t.lower_ in MODAL_WORDS:
            f["modal:" + t.lower_] = 1.0
        if t.pos_ in ("VERB", "AUX"):
            f["tag:" + t.tag_] = f.get("tag:" + t.tag_, 0.0) + 1.0
        if t.dep_ == "neg":
            f["negated"] = 1.0
        if t.ent_type_ in ("ORG", "GPE", "PERSON", "NORP", "DATE", "MONEY", "PERCENT", "LAW"):
            f["ent:" + t.ent_type_] = 1.0
    for a, b in zip(lemmas, lemmas[1:]):
        f[f"b:{a}_{b}"] = 1.0
    for t in toks[:2]:
        if t.pos_ == "VERB" and t.tag_ in ("VB", "VBP"):
            f["opens_with_base_verb"] = 1.0
    root = sent.root
    f["root_pos=" + root.pos_] = 1.0
    f["root_tag=" + root.tag_] = 1.0
    f["root:" + _lemma(root)] = 1.0
    for c in root.children:
        f["root_dep:" + c.dep_] = 1.0
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in ("we", "it", "they", "i", "this", "these"):
                f["subj_lower:" + c.lower_] = 1.0
            if c.ent_type_:
                f["subj_ent:" + c.ent_type_] = 1.0
    if modal_of(root) is not None:
        f["root_has_modal"] = 1.0
    return {k: v for k, v in f.items() if v}


# --- frames --------------------------------------------------------------------

def _main_verb(sent: Span) -> tuple[Token, list[Token]] | None:
    """The verb a proposed record takes as its action, and the intention verbs above it:
    the first verb with a modal, else the sentence's root verb, else its first verb in
    the base form (an instruction), each followed down its intention chain ("aims to build")."""
    cands = [t for t in sent if t.pos_ == "VERB" and modal_of(t) is not None]
    if not cands and sent.root.pos_ == "VERB":
        cands = [sent.root]
    if not cands:
        cands = [t for t in sent if t.pos_ == "VERB" and t.tag_ in ("VB", "VBP", "VBZ", "VBG")]
    if not cands:
        return None
    verb, chain = follow_chain(cands[0])
    return verb, chain


def proposed_frames(sent: Span, is_item: bool, group: int) -> list[Frame]:
    """The frame of a sentence the model flagged: the rules' own reading of its main verb
    (`frame_for`), else the plain clause reading (which `frame_for` would have refused:
    a tense or construction it takes for no undertaking), with the deadline the rules would
    assign it, cut out of the target as the rules cut it (`targets.split_frames`, which
    splits a target holding several deadlines).  Empty when the sentence has no verb to
    read or its verb no target."""
    found = _main_verb(sent)
    if found is None:
        return []
    verb, chain = found
    doc = sent.doc
    item = _is_item_sentence(sent, is_item)
    deadlines = [DeadlineMatch(d.start + sent.start_char, d.end + sent.start_char, d.text, d.date, d.weak)
                 for d in find_deadlines(sent.text)]
    dtoks = _token_indices(doc, deadlines)
    head = chain[0] if chain else verb
    fr = frame_for(verb, chain, head, sent, item, {verb.i}, group, dtoks)
    if fr is None:
        clause = Clause(verb=verb, lemma=verb.lemma_.lower(), chain=chain, head=head, sent=sent, item=item,
                        subj=_subject(verb, chain, dtoks), stop=set(), passive=is_passive(verb))
        reading = _read(clause) if clause.lemma != "be" else None
        fr = _frame(clause, reading or read_plain_clause(clause), group)
    if not fr.has_target:
        return []
    _assign_deadlines(sent, [fr], deadlines)
    frames = [f for f in split_frames([fr], deadlines, doc) if f.has_target]
    for f in frames:
        f.places = _place_names(doc, f.sent_start, f.sent_end)
    return frames


# --- the model -----------------------------------------------------------------

@dataclass
class Proposer:
    """Scores the sentences without a rule frame and adds a frame to those at or above `threshold`."""

    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    threshold: float = 1.01
    enabled: bool = False
    meta: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "Proposer":
        if not path.exists():
            return cls()
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights=dict(d.get("weights", {})), intercept=float(d.get("intercept", 0.0)),
                   threshold=float(d.get("threshold", 1.01)), enabled=bool(d.get("enabled", False)),
                   meta={k: v for k, v in d.items() if k not in ("weights", "intercept", "threshold", "enabled")})

    def probability(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def __call__(self, parts: Sequence) -> int:
        """Add a frame to each flagged sentence of the passages of one document; returns how many."""
        if not self.enabled or not self.weights:
            return 0
        added = 0
        for sent, part, feats in open_sentences(parts):
            if self.probability(feats) < self.threshold:
                continue
            added += add_frame(sent, part)
        return added


def open_sentences(parts: Sequence) -> Iterable[tuple[Span, object, dict[str, float]]]:
    """Each sentence without a rule frame in a passage the records read, with its features."""
    n = max(1, len(parts) - 1)
    for k, part in enumerate(parts):
        if part.passage.kind == "heading":   # the records never read one (unless a labelled action line)
            continue
        doc = part.doc
        framed = {f.sent_start for f in (doc._.commitment_frames or [])}
        for sent in doc.sents:
            if sent.start_char in framed or len(sent) < 3 or not any(t.is_alpha for t in sent):
                continue
            yield sent, part, sentence_features(sent, part.passage.kind, k / n)


def add_frame(sent: Span, part) -> int:
    """Append the proposed frame of `sent` to its Doc's frames (1), or nothing (0)."""
    doc = sent.doc
    frames = doc._.commitment_frames or []
    new = proposed_frames(sent, part.passage.kind in ("list_item", "table_row"), group=900_000 + sent.start)
    if not new:
        return 0
    # in sentence order, as the rules' frames are: the records resolve actors in that order
    doc._.commitment_frames = sorted(frames + new, key=lambda f: f.sent_start)
    return 1


_DEFAULT: Proposer | None = None
_LOCK = threading.Lock()


def default_proposer() -> Proposer:
    """The shipped model (`models/proposer.json`), loaded once."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = Proposer.load()
        return _DEFAULT
