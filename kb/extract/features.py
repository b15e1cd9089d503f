"""Features of one extracted record, for the learned filter and the confidence model.

    rows = record_features(parsed, parts, commitments)   # one dict name -> float per record
    X = feature_matrix(rows, names)                       # numpy, columns in `names` order

Everything here is read off what the extractor already computed: the
`Commitment` itself, the clause `Frame` it was built from (found again in its
passage's spaCy Doc) and that Doc's tokens.  The training script
(bench/train_extract_model.py) and the extractor at run time
(`kb.extract.confidence`) both call `record_features`, so the two can never
compute different features.  No feature reads a word list of one document:
only parts of speech, dependency labels, entity labels, modal verbs, function
words, the extractor's own English word lists (`kb.extract.lexicon`) and a few
words that section headings of many genres use ("Background", "Implementation").

`BASE_NAMES` are what the learned filter reads; `SYNTAX_NAMES` (the confidence
model's) add how the clause sits in its sentence's parse (the verb's role, voice,
what governs it, how far its actor and target are), how many records share the
sentence and how alike they are (the shared scorer pairs a gold line with one
record only), what kind of section the record is in, and how much of the sentence
looks like PDF debris; `EVIDENCE_NAMES` (the confidence model's too) say whether
the parse agrees with the fields the rules chose (the actor is the verb's subject,
the target is its object) and what the document's records look like together.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Collection, Iterable, Sequence, get_args

import numpy as np

from kb.extract.frame import DeadlineScope, Frame, FrameKind, MentionKind
from kb.extract.lexicon import (ADVISORY_MODALS, BINDING_MODALS, BOILERPLATE, CHAIN_VERBS, FIRST_PERSON,
                                 POLICY_VERBS, REPORTED, STATE_VERBS, TARGET_END_WORDS)
from kb.extract.records import ParsedPassage
from kb.extract.syntax import doc_text
from kb.models import ACTOR_SOURCES as MODEL_ACTOR_SOURCES
from kb.models import PASSAGE_KINDS as MODEL_PASSAGE_KINDS
from kb.models import STRENGTHS as MODEL_STRENGTHS
from kb.models import Commitment, ParsedDocument

__all__ = ["FEATURE_NAMES", "SYNTAX_NAMES", "EVIDENCE_NAMES", "TENSOR_DIM", "record_features", "feature_matrix", "locate_frame"]

TENSOR_DIM = 96   # en_core_web_sm's doc.tensor width; padded or cut to this

# the categories of the extractor's own types, in a fixed order (no word list of its own here)
FRAME_KINDS = tuple(k for k in get_args(FrameKind) if k != "lead_in")
MENTION_KINDS = get_args(MentionKind)
ACTOR_SOURCES = tuple(k for k in MODEL_ACTOR_SOURCES if k != "unknown")
STRENGTHS = MODEL_STRENGTHS
DEADLINE_SCOPES = tuple(k for k in get_args(DeadlineScope) if k)
PASSAGE_KINDS = MODEL_PASSAGE_KINDS
MODALS = tuple(sorted(set(BINDING_MODALS) | set(ADVISORY_MODALS)))    # any other modal: "modal_other"
FUNCTION_WORDS = frozenset(TARGET_END_WORDS)
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,'][A-Za-z0-9]+)*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")

BASE_NAMES: tuple[str, ...] = (
    ("bias",)
    + tuple(f"frame_{k}" for k in FRAME_KINDS) + ("frame_unknown",)
    + tuple(f"mention_{k}" for k in MENTION_KINDS)
    + tuple(f"source_{k}" for k in ACTOR_SOURCES)
    + tuple(f"strength_{k}" for k in STRENGTHS)
    + tuple(f"scope_{k}" for k in DEADLINE_SCOPES)
    + tuple(f"passage_{k}" for k in PASSAGE_KINDS)
    + tuple(f"modal_{k}" for k in MODALS)
    + (
        "modal_other", "modal_none", "sentence_has_modal",
        "verb_base", "verb_past", "verb_gerund", "verb_participle", "verb_present", "verb_noun", "verb_not_verb",
        "negated", "actor_empty", "actor_org", "actor_gpe", "actor_proper", "actor_words", "actor_in_sentence",
        "actor_lower_start", "action_words", "target_empty", "target_words", "target_share",
        "target_ends_function", "target_starts_function", "target_has_including", "target_has_comma",
        "target_proper_share", "has_deadline", "deadline_dated", "has_quantity", "has_places",
        "sentence_words", "sentence_ends_period", "sentence_ends_colon", "sentence_has_year",
        "sentence_table", "sentence_upper_share", "sentence_past", "sentence_frames",
        "group_size", "doc_position", "doc_records_share", "passage_words",
    )
)
# How the clause sits in its sentence's parse, and how clean the sentence is (the confidence
# model's; the filter reads BASE_NAMES): the verb's dependency role and what governs it, voice
# and aspect, how far the actor and the target are from the verb, whether the deadline is in
# the sentence, how many records share it, and how much of it looks like PDF debris.
VERB_ROLES = ("root", "conj", "xcomp", "advcl", "relcl", "ccomp", "other")
SYNTAX_NAMES: tuple[str, ...] = (
    tuple(f"role_{k}" for k in VERB_ROLES)
    + (
        "verb_depth", "verb_under_clause", "verb_head_adj", "verb_head_noun", "verb_head_aux", "verb_passive",
        "verb_to_infinitive", "verb_perfect", "verb_progressive", "verb_modal_above", "verb_policy", "verb_state",
        "verb_chain", "verb_is_first_word", "actor_verb_gap", "target_verb_gap", "actor_first_person",
        "actor_named_in_sentence", "deadline_in_sentence", "deadline_year_count", "target_tokens",
        "target_ends_function_word", "target_in_parens", "sentence_finite", "sentence_records",
        "sentence_record_rank", "sentence_garbage", "sentence_nonascii", "sentence_reported",
        "sentence_boilerplate", "sentence_digits_share", "sentence_parens", "passage_records",
        "sibling_same_action", "sibling_target_overlap", "section_background", "section_action",
    )
)
# Per-field evidence (the confidence model's): whether the parse agrees with what the rules chose --
# the actor is the verb's grammatical subject (or the parse names another subject), the target
# starts inside the verb's object, covers it and ends where it ends -- and what the document's
# records look like together (shares with a named actor, a modal, a list item, a deadline):
# genres differ in how often the rules get every field right, and the scorer's "right" is per
# record, so a document-wide level helps the score's level on an unseen document.
EVIDENCE_NAMES: tuple[str, ...] = (
    "ev_actor_is_subject", "ev_subject_not_actor", "ev_target_in_object", "ev_target_object_cover",
    "ev_target_ends_at_object", "doc_share_named", "doc_share_modal", "doc_share_list", "doc_share_deadline",
)
FEATURE_NAMES: tuple[str, ...] = (BASE_NAMES + SYNTAX_NAMES + EVIDENCE_NAMES
                                  + tuple(f"tensor_{i}" for i in range(TENSOR_DIM)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def _log_len(n: int) -> float:
    return math.log1p(n)


def _part_of(c: Commitment, by_index: dict[int, list[ParsedPassage]]) -> ParsedPassage | None:
    """The parsed chunk of the record's passage that holds its sentence."""
    chunks = by_index.get(c.passage_index) or []
    for part in chunks:
        if part.offset <= c.sentence_start <= part.offset + len(doc_text(part.doc)):
            return part
    return chunks[0] if chunks else None


def locate_frame(c: Commitment, part: ParsedPassage | None) -> Frame | None:
    """The clause frame `c` was built from: same sentence, then the same target, action or nearest verb."""
    if part is None:
        return None
    frames = [f for f in (part.doc._.commitment_frames or []) if f.kind != "lead_in"]
    rel = c.sentence_start - part.offset
    in_sent = [f for f in frames if f.sent_start <= rel < max(f.sent_end, f.sent_start + 1)] or frames
    if not in_sent:
        return None
    for f in in_sent:
        if c.target and f.target_text.strip() == c.target:
            return f
    for f in in_sent:
        if f.action == c.action or f.action_lemma == c.action.split(" ")[0]:
            return f
    if c.target_start is not None:
        t = c.target_start - part.offset
        return min(in_sent, key=lambda f: abs((f.target_start if f.target_start is not None else f.sent_end) - t))
    return in_sent[0]


def _tokens_between(doc, start: int, end: int, cache: dict | None = None):  # type: ignore[no-untyped-def]
    """The tokens of `doc` that start at a character in [start, end), space tokens left out: the same list
    as `[t for t in doc if start <= t.idx < end and not t.is_space]`, found by bisection over the tokens'
    start offsets (issue 13, speed only: the scan over the whole Doc ran once or twice per record).
    `cache` keeps each Doc's tokens and offsets, and each answer (by the Doc's id: only while the caller
    holds the Docs); the list returned is shared, never to be changed."""
    if cache is None:
        cache = {}
    key = ("between", id(doc), start, end)
    found = cache.get(key)
    if found is not None:
        return found
    index = cache.get(("tokens", id(doc)))
    if index is None:
        toks = list(doc)
        index = cache[("tokens", id(doc))] = ([t.idx for t in toks], toks, [t.is_space for t in toks])
    offsets, toks, spaces = index
    lo, hi = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
    found = cache[key] = [toks[i] for i in range(lo, hi) if not spaces[i]]
    return found


def _sentence_facts(toks) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """(sentence_has_modal, sentence_past, sentence_finite) of a sentence's tokens."""
    return (float(any(t.tag_ == "MD" for t in toks)),
            float(any(t.tag_ == "VBD" and t.dep_ == "ROOT" for t in toks)),
            float(any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in toks)))


def _frame_counts(part: ParsedPassage | None, cache: dict):  # type: ignore[no-untyped-def]
    """Per Doc: frames (not lead-ins) per sentence start, and frames per (group, sentence start)."""
    if part is None:
        return {}, {}
    key = ("frames", id(part.doc))
    counts = cache.get(key)
    if counts is None:
        per_sentence: dict[int, int] = {}
        per_group: dict[tuple[int, int], int] = {}
        for g in part.doc._.commitment_frames or []:
            if g.kind != "lead_in":
                per_sentence[g.sent_start] = per_sentence.get(g.sent_start, 0) + 1
            per_group[(g.group, g.sent_start)] = per_group.get((g.group, g.sent_start), 0) + 1
        counts = cache[key] = (per_sentence, per_group)
    return counts


def _sentence_tokens(c: Commitment, part: ParsedPassage | None, cache: dict | None = None):
    if part is None:
        return []
    s, e = c.sentence_start - part.offset, c.sentence_end - part.offset
    return _tokens_between(part.doc, s, e, cache)


def _one_hot(out: dict[str, float], prefix: str, value: str, values: Iterable[str], other: str | None = None) -> None:
    hit = False
    for v in values:
        out[f"{prefix}_{v}"] = 1.0 if value == v else 0.0
        hit = hit or value == v
    if other is not None:
        out[f"{prefix}_{other}"] = 0.0 if hit else 1.0


def _features(c: Commitment, parsed: ParsedDocument, part: ParsedPassage | None, n_records: int,
              siblings: tuple[int, int, int] = (1, 0, 1), cache: dict | None = None,
              tensor_features: bool = True) -> dict[str, float]:
    cache = {} if cache is None else cache
    f = locate_frame(c, part)
    toks = _sentence_tokens(c, part, cache)
    if part is not None:    # the sentence's facts, once per sentence (its records share them)
        fkey = ("facts", id(part.doc), c.sentence_start - part.offset, c.sentence_end - part.offset)
        facts = cache.get(fkey)
        if facts is None:
            facts = cache[fkey] = _sentence_facts(toks)
    else:
        facts = _sentence_facts(toks)
    out: dict[str, float] = {"bias": 1.0}
    _one_hot(out, "frame", f.kind if f else "", FRAME_KINDS, "unknown")
    _one_hot(out, "mention", f.actor_kind if f else "none", MENTION_KINDS)
    _one_hot(out, "source", c.actor_source, ACTOR_SOURCES)
    _one_hot(out, "strength", c.strength, STRENGTHS)
    _one_hot(out, "scope", f.deadline_scope if f else "", DEADLINE_SCOPES)
    _one_hot(out, "passage", part.passage.kind if part else "paragraph", PASSAGE_KINDS)

    verb = None
    if f is not None and part is not None and 0 <= f.verb < len(part.doc):
        verb = part.doc[f.verb]
    modal = ""
    if verb is not None:
        for tok in list(verb.children) + ([verb.head] if verb.dep_ in ("xcomp", "conj") else []):
            if tok.tag_ == "MD":
                modal = tok.lemma_.lower()
                break
        if not modal and verb.dep_ in ("xcomp", "conj"):
            for tok in verb.head.children:
                if tok.tag_ == "MD":
                    modal = tok.lemma_.lower()
                    break
    out["modal_none"] = float(not modal)
    for m in MODALS:
        out[f"modal_{m}"] = float(modal == m)
    out["modal_other"] = float(bool(modal) and modal not in MODALS)
    out["sentence_has_modal"] = facts[0]
    vtag = verb.tag_ if verb is not None else ""
    out["verb_base"] = float(vtag == "VB")
    out["verb_past"] = float(vtag == "VBD")
    out["verb_gerund"] = float(vtag == "VBG")
    out["verb_participle"] = float(vtag == "VBN")
    out["verb_present"] = float(vtag in ("VBP", "VBZ"))
    out["verb_noun"] = float(vtag.startswith("NN"))
    out["verb_not_verb"] = float(verb is None or verb.pos_ not in ("VERB", "AUX"))

    actor_words = _words(c.actor)
    target_words = _words(c.target)
    sent_words = _words(c.sentence)
    out["negated"] = float(c.negated)
    out["actor_empty"] = float(not actor_words)
    ent = f.actor_ent if f else ""
    out["actor_org"] = float(ent in ("ORG", "NORP"))
    out["actor_gpe"] = float(ent == "GPE")
    out["actor_proper"] = float(bool(actor_words) and sum(w[:1].isupper() for w in actor_words) * 2 >= len(actor_words))
    out["actor_words"] = _log_len(len(actor_words))
    out["actor_in_sentence"] = float(bool(c.actor) and c.actor.lower() in c.sentence.lower())
    out["actor_lower_start"] = float(bool(c.actor) and c.actor[:1].islower())
    out["action_words"] = _log_len(len(_words(c.action)))
    out["target_empty"] = float(not target_words)
    out["target_words"] = _log_len(len(target_words))
    out["target_share"] = len(target_words) / max(len(sent_words), 1)
    out["target_ends_function"] = float(bool(target_words) and target_words[-1].lower() in FUNCTION_WORDS)
    out["target_starts_function"] = float(bool(target_words) and target_words[0].lower() in FUNCTION_WORDS)
    out["target_has_including"] = float(" including " in f" {c.target.lower()} ")
    out["target_has_comma"] = float("," in c.target)
    out["target_proper_share"] = (sum(w[:1].isupper() for w in target_words) / len(target_words)) if target_words else 0.0
    out["has_deadline"] = float(c.deadline is not None)
    out["deadline_dated"] = float(c.deadline is not None and c.deadline.date is not None)
    out["has_quantity"] = float(c.quantity is not None)
    out["has_places"] = float(bool(c.places))
    out["sentence_words"] = _log_len(len(sent_words))
    stripped = c.sentence.rstrip(" \"'”’)")
    out["sentence_ends_period"] = float(stripped.endswith((".", "!", ";")))
    out["sentence_ends_colon"] = float(stripped.endswith(":"))
    out["sentence_has_year"] = float(bool(_YEAR.search(c.sentence)))
    out["sentence_table"] = float("|" in c.sentence or "\t" in c.sentence)
    out["sentence_upper_share"] = (sum(w.isupper() and len(w) > 1 for w in sent_words) / len(sent_words)) if sent_words else 0.0
    out["sentence_past"] = facts[1]
    if f is not None:
        per_sentence, per_group = _frame_counts(part, cache)
        out["sentence_frames"] = _log_len(per_sentence.get(f.sent_start, 0))
        out["group_size"] = _log_len(per_group.get((f.group, f.sent_start), 0))
    else:
        out["sentence_frames"] = out["group_size"] = 0.0
    n_passages = max(len(parsed.passages), 1)
    out["doc_position"] = c.passage_index / n_passages
    out["doc_records_share"] = min(n_records / n_passages, 5.0)
    if part is not None:
        key = ("passage_words", id(part))     # a passage's words, counted once per chunk (not per record)
        if key not in cache:
            cache[key] = _log_len(len(_words(part.passage.text)))
        out["passage_words"] = cache[key]
    else:
        out["passage_words"] = 0.0

    out.update(_syntax_features(c, f, verb, toks, part, siblings, facts[2]))
    out.update(_evidence_features(c, f, verb, part, cache))

    if not tensor_features:
        return out
    vec = np.zeros(TENSOR_DIM, dtype=np.float64)
    tensor = getattr(part.doc, "tensor", None) if part is not None else None
    if toks and tensor is not None and getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == len(part.doc):
        rows = np.asarray(tensor[[t.i for t in toks]], dtype=np.float64).mean(axis=0)
        k = min(TENSOR_DIM, rows.shape[0])
        vec[:k] = rows[:k]
    for i in range(TENSOR_DIM):
        out[f"tensor_{i}"] = float(vec[i])
    return out


_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "csubj", "pcomp", "pobj", "prep"})
_ODD_CHAR = re.compile(r"[\ue000-\uf8ff\ufffd\u00ad\u200b]")
_GLUED = re.compile(r"[a-z]{2,}[A-Z]")               # "WeekIEA", "planThe": two words run together
_MIXED = re.compile(r"(?=\w*[A-Za-z])(?=\w*\d)\w{2,}")


def _role(verb) -> str:  # type: ignore[no-untyped-def]
    dep = verb.dep_
    if dep == "ROOT":
        return "root"
    if dep in ("conj", "xcomp", "advcl", "ccomp"):
        return dep
    if dep in ("relcl", "acl"):
        return "relcl"
    return "other"


def _garbled(word: str) -> bool:
    """A word of PDF debris: a private-use glyph, two words glued, a lone consonant, digits inside letters."""
    if _ODD_CHAR.search(word) or _GLUED.search(word):
        return True
    if len(word) == 1 and word.isalpha() and word.lower() not in ("a", "i"):
        return True
    return bool(_MIXED.fullmatch(word)) and not word.isupper() and not re.fullmatch(r"\d+(?:st|nd|rd|th|s)", word)


def _gap(a: int | None, b: int, words_per_char: float = 1 / 6) -> float:
    """Roughly how many words lie between two character offsets (log scale)."""
    return _log_len(int(abs(b - a) * words_per_char)) if a is not None else 0.0


def _syntax_features(c: Commitment, f: Frame | None, verb, toks,  # type: ignore[no-untyped-def]
                     part: ParsedPassage | None, siblings: tuple[int, int, int],
                     finite: float | None = None) -> dict[str, float]:
    out: dict[str, float] = {}
    _one_hot(out, "role", _role(verb) if verb is not None else "other", VERB_ROLES)
    if verb is not None:
        ancestors = list(verb.ancestors)
        children = list(verb.children)
        head = verb.head if verb.head.i != verb.i else None
        out["verb_depth"] = _log_len(len(ancestors))
        out["verb_under_clause"] = float(any(t.dep_ in _CLAUSE_DEPS for t in [verb] + ancestors[:-1]))
        out["verb_head_adj"] = float(head is not None and head.pos_ == "ADJ")
        out["verb_head_noun"] = float(head is not None and head.pos_ in ("NOUN", "PROPN"))
        out["verb_head_aux"] = float(head is not None and head.pos_ == "AUX")
        out["verb_passive"] = float(any(t.dep_ in ("auxpass", "nsubjpass") for t in children))
        out["verb_to_infinitive"] = float(any(t.dep_ == "aux" and t.tag_ == "TO" for t in children))
        out["verb_perfect"] = float(any(t.dep_ == "aux" and t.lemma_.lower() == "have" for t in children))
        out["verb_progressive"] = float(verb.tag_ == "VBG" and any(t.dep_ == "aux" and t.lemma_.lower() == "be"
                                                                    for t in children))
        out["verb_modal_above"] = float(any(t.tag_ == "MD" for a in ancestors[:3] for t in a.children))
        lemma = verb.lemma_.lower()
        out["verb_policy"] = float(lemma in POLICY_VERBS)
        out["verb_state"] = float(lemma in STATE_VERBS)
        out["verb_chain"] = float(any(a.lemma_.lower() in CHAIN_VERBS for a in ancestors[:2]))
        first = next((t for t in toks if t.is_alpha), None)
        out["verb_is_first_word"] = float(first is not None and first.i == verb.i)
        base = part.offset if part is not None else 0
        vpos = base + verb.idx
        out["actor_verb_gap"] = _gap(base + f.actor_end if f is not None and f.actor_end is not None else None, vpos)
        out["target_verb_gap"] = _gap(c.target_start, vpos + len(verb.text))
    else:
        for name in ("verb_depth", "verb_under_clause", "verb_head_adj", "verb_head_noun", "verb_head_aux",
                     "verb_passive", "verb_to_infinitive", "verb_perfect", "verb_progressive", "verb_modal_above",
                     "verb_policy", "verb_state", "verb_chain", "verb_is_first_word", "actor_verb_gap",
                     "target_verb_gap"):
            out[name] = 0.0
    actor_text = (c.actor_text or "").strip().lower()
    out["actor_first_person"] = float(actor_text in FIRST_PERSON or actor_text in ("we", "our", "us"))
    out["actor_named_in_sentence"] = float(c.actor_source == "named" and bool(c.actor)
                                           and c.actor.lower() in (c.sentence or "").lower())
    sentence = c.sentence or ""
    out["deadline_in_sentence"] = float(c.deadline is not None and c.deadline.text.lower() in sentence.lower())
    out["deadline_year_count"] = float(min(len(_YEAR.findall(sentence)), 3))
    target_words = _words(c.target)
    out["target_tokens"] = float(min(len(target_words), 40))
    out["target_ends_function_word"] = float(bool(target_words) and target_words[-1].lower() in FUNCTION_WORDS
                                             and not c.target.rstrip().endswith((")", ".")))
    out["target_in_parens"] = float(c.target.count("(") > 0)
    out["sentence_finite"] = _sentence_facts(toks)[2] if finite is None else finite
    n_same, rank, n_passage = siblings
    out["sentence_records"] = _log_len(n_same)
    out["sentence_record_rank"] = _log_len(rank)
    out["passage_records"] = _log_len(n_passage)
    out.update(_sentence_text_features(sentence))
    return out


@functools.lru_cache(maxsize=2048)
def _sentence_text_features(sentence: str) -> tuple[tuple[str, float], ...]:
    """What a sentence's characters look like (debris, non-ASCII, digits, reported speech, boilerplate).
    A function of the sentence alone, remembered (issue 13, speed only): the records of one sentence --
    an order's "the Secretary of X, the Secretary of Y ... shall" gives many -- read it once."""
    words = sentence.split()
    return (
        ("sentence_garbage", (sum(_garbled(w.strip(".,;:()[]\"'")) for w in words) / len(words)) if words else 0.0),
        ("sentence_nonascii", (sum(ord(ch) > 127 for ch in sentence) / len(sentence)) if sentence else 0.0),
        ("sentence_reported", float(bool(REPORTED.search(sentence)))),
        ("sentence_boilerplate", float(bool(BOILERPLATE.search(sentence)))),
        ("sentence_digits_share", (sum(ch.isdigit() for ch in sentence) / len(sentence)) if sentence else 0.0),
        ("sentence_parens", float(min(sentence.count("("), 3))),
    )


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "xcomp", "ccomp", "prep", "dative", "npadvmod", "acomp"})


def _subjects(verb):  # type: ignore[no-untyped-def]
    """The verb's own subjects, else (a conjunct or an xcomp) those of the verb it hangs from."""
    own = [t for t in verb.children if t.dep_ in _SUBJECT_DEPS]
    if own or verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
        return own
    return _subjects(verb.head)


def _evidence_features(c: Commitment, f: Frame | None, verb,  # type: ignore[no-untyped-def]
                       part: ParsedPassage | None, cache: dict | None = None) -> dict[str, float]:
    out = {name: 0.0 for name in EVIDENCE_NAMES if name.startswith("ev_")}
    if verb is None or part is None:
        return out
    subjects = _subjects(verb)
    if f is not None and f.actor_start is not None and f.actor_end is not None and subjects:
        spans = [(s.left_edge.idx, s.right_edge.idx + len(s.right_edge.text)) for s in subjects]
        hit = any(a < f.actor_end and f.actor_start < b for a, b in spans)
        out["ev_actor_is_subject"] = float(hit)
        out["ev_subject_not_actor"] = float(not hit)
    elif subjects and c.actor_source != "named":
        # the parse found a subject, but the record's actor came from elsewhere (a pronoun aside)
        out["ev_subject_not_actor"] = float(not any(s.lower_ in ("we", "it", "they") for s in subjects))
    if c.target_start is None or c.target_end is None:
        return out
    ts, te = c.target_start - part.offset, c.target_end - part.offset
    in_target = _tokens_between(part.doc, ts, te, cache)
    objects = [t for t in verb.children if t.dep_ in _OBJECT_DEPS and t.i > verb.i]
    if not in_target or not objects:
        return out
    first = in_target[0]
    out["ev_target_in_object"] = float(any(o.left_edge.i <= first.i <= o.right_edge.i for o in objects))
    lo, hi = min(o.left_edge.i for o in objects), max(o.right_edge.i for o in objects)
    span = set(range(lo, hi + 1))
    out["ev_target_object_cover"] = len(span & {t.i for t in in_target}) / len(span)
    last = part.doc[hi]
    while last.i > lo and (last.is_punct or last.is_space):
        last = part.doc[last.i - 1]
    out["ev_target_ends_at_object"] = float(abs((last.idx + len(last.text)) - te) <= 1)
    return out


def _doc_shares(rows: list[dict[str, float]], commitments: Sequence[Commitment]) -> dict[str, float]:
    """What the document's records look like together (its genre, as the rules see it)."""
    n = max(len(rows), 1)
    return {"doc_share_named": sum(c.actor_source == "named" for c in commitments) / n,
            "doc_share_modal": sum(1.0 - r.get("modal_none", 1.0) for r in rows) / n,
            "doc_share_list": sum(r.get("passage_list_item", 0.0) for r in rows) / n,
            "doc_share_deadline": sum(c.deadline is not None for c in commitments) / n}


def record_features(parsed: ParsedDocument, parts: Sequence[ParsedPassage],
                    commitments: Sequence[Commitment], names: Collection[str] | None = None) -> list[dict[str, float]]:
    """One feature dict (every name of FEATURE_NAMES) per record, in order.

    `names`: the features the caller reads (a model's columns); when none of them is a `tensor_` feature,
    the rows leave those out (issue 13, speed only: the shipped models read none of them).  None: all."""
    tensor_features = names is None or any(name.startswith("tensor_") for name in names)
    cache: dict = {}
    n = len(commitments)
    by_index: dict[int, list[ParsedPassage]] = {}
    for part in parts:
        by_index.setdefault(part.passage.index, []).append(part)
    per_sentence: dict[tuple[int, int], int] = {}
    per_passage: dict[int, int] = {}
    rank: list[int] = []
    for c in commitments:
        key = (c.passage_index, c.sentence_start)
        rank.append(per_sentence.get(key, 0))
        per_sentence[key] = per_sentence.get(key, 0) + 1
        per_passage[c.passage_index] = per_passage.get(c.passage_index, 0) + 1
    rows = [_features(c, parsed, _part_of(c, by_index), n,
                      (per_sentence[(c.passage_index, c.sentence_start)], r, per_passage[c.passage_index]),
                      cache, tensor_features)
            for c, r in zip(commitments, rank)]
    for row, (same_action, overlap) in zip(rows, _sibling_overlap(commitments)):
        row["sibling_same_action"] = same_action
        row["sibling_target_overlap"] = overlap
    shares = _doc_shares(rows, commitments)
    for row in rows:
        row.update(shares)
    sections = _sections(parsed)
    for row, c in zip(rows, commitments):
        words = sections.get(c.passage_index, set())
        row["section_background"] = float(bool(words & BACKGROUND_HEADINGS))
        row["section_action"] = float(bool(words & ACTION_HEADINGS))
    return rows


# What a section heading says its section holds, in the words of many genres: background
# (a preamble, definitions, what was achieved) or what will be done.
BACKGROUND_HEADINGS = frozenset({
    "background", "introduction", "summary", "overview", "purpose", "preamble", "definitions", "context",
    "achievements", "progress", "history", "authority", "sources", "notes", "acknowledgement", "acknowledgements",
    "assumptions", "methodology", "methodological", "foreword", "contents", "glossary", "abbreviations", "annex",
    "appendix", "appendixes", "appendices", "references", "equivalents"})
ACTION_HEADINGS = frozenset({
    "implementation", "action", "actions", "measures", "steps", "policy", "policies", "strategy", "strategies",
    "goals", "commitments", "priorities", "responsibilities", "roles", "objectives", "initiatives",
    "recommendations", "targets", "tasks", "duties"})


def _sections(parsed: ParsedDocument) -> dict[int, set[str]]:
    """Passage index -> the lower-case words of the nearest heading before (or at) it."""
    out: dict[int, set[str]] = {}
    current: set[str] = set()
    for p in parsed.passages:
        if p.kind == "heading":
            current = {w.lower() for w in _words(p.text)}
        out[p.index] = current
    return out


def _sibling_overlap(commitments: Sequence[Commitment]) -> list[tuple[float, float]]:
    """Per record, against the other records of its sentence: whether one has the same action, and
    the largest share of its target's words that another's target repeats (the scorer pairs a gold
    line with one record only, so a near-duplicate is likely left unpaired)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(commitments):
        groups.setdefault((c.passage_index, c.sentence_start), []).append(i)
    out = [(0.0, 0.0)] * len(commitments)
    for members in groups.values():
        if len(members) < 2:
            continue
        words = {i: {w.lower() for w in _words(commitments[i].target) if w.lower() not in FUNCTION_WORDS}
                 for i in members}
        for i in members:
            others = [j for j in members if j != i]
            same = any(commitments[j].action == commitments[i].action for j in others)
            share = max((len(words[i] & words[j]) / len(words[i]) for j in others), default=0.0) if words[i] else 0.0
            out[i] = (float(same), share)
    return out


def feature_matrix(rows: Sequence[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    """Rows as a float matrix with columns in `names` order (a missing name reads 0)."""
    if not rows:
        return np.zeros((0, len(names)), dtype=np.float64)
    # one list per row, converted once (issue 13, speed only: setting numpy cells one by one cost more)
    return np.array([[row.get(name, 0.0) for name in names] for row in rows], dtype=np.float64).reshape(
        len(rows), len(names))
