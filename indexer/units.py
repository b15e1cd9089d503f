"""What the search index holds: its units, their integer ids, and the text embedded for each.

Why a module: the id scheme is shared by the code that builds the index
(indexer/sync.py), the code that reads it back (indexer/snapshot.py), the
candidate gathering (indexer/candidates.py) and the hydration of hits
(indexer/results.py); each must decode an id the same way.

Two kinds of unit are indexed:

* every commitment, under its store id (vector index `commitments`);
* every sentence of every passage (sentence-level units find the one sentence
  that answers a query inside a long paragraph), under
  `passage_id * 1024 + sentence_number` (vector index `sentences`; a passage
  with more than 1024 sentences has its tail in the last one) -- except the
  sentences that are a commitment's sentence.

Each sentence is embedded once: a passage sentence that is a commitment's
sentence (their spans overlap by half of the shorter, the rule by which
search results merge a passage sentence into its commitment) is not a unit
of its own; the commitment unit, whose text is the same sentence with its
resolved actor, action, target and deadline, stands for it in both the
vector and the keyword index.  Its sentence number is simply absent.
Measured on the dev queries (bench/eval_search.py): hybrid nDCG@10 and
Recall@10 unchanged, with about a third fewer units to embed (the
executive orders: 5,840 of 20,150).

The keyword index holds both in one collection under `2 * commitment_id` and
`2 * sentence_key + 1`.  FAISS and the keyword index hold only integer ids;
all text stays in SQLite and is fetched for the hits.

The vector of a unit carries its context: the document title, and for
a commitment its resolved actor and deadline, so "Albania's 2030 target" finds
"it commits to reduce ... by 2030" in Albania's document.

The vector is the unit's text embedded ("title. context. what. sentence"),
each distinct text once per ingest (`VectorMemo`), less what the model gains
nothing from (`UnitText.embedded`, round 11: a title's numbered designation,
"Executive Order 14001: "; see "what the model reads" below).  A composed
vector was measured and not taken (CONTEXT_WEIGHT = None is the default):
normalise(s + w * c), s the vector of the unit's sentence (a commitment's as
"actor action target by year. sentence"), c the vector of its context
(title, section, list intro), w = CONTEXT_WEIGHT.  The units of a section
share one context and documents share boilerplate sentences, so each
distinct text is embedded once (`VectorMemo` keeps them across the
document-by-document syncs of an ingest): on the 160 executive orders the
model reads 0.72 M tokens instead of 1.17 M (14,061 texts of 51 tokens on
average instead of 15,653 of 75), and bench/bench_ingest.py measured 220.6
CPU-s instead of 268.8 (embed stage 106 s instead of 198 s; a shared
machine, load 2-4).  The keyword index still reads each unit's
whole text (`UnitText.text`).  Measured with bench/ingest_context_weight.py
(hybrid nDCG@10 / Recall@10, ranking constants unchanged; whole text ->
composed, w 0.7): train 0.725 / 0.802 -> 0.726 / 0.812, validation
0.829 / 0.863 -> 0.817 / 0.886 (train + validation together 0.758 -> 0.755),
dev set 0.862 / 0.964 -> 0.860 / 0.968.  Measured and not taken: w 0.2-1.0
(0.7 best on train + validation with the dev set held); the restatement left
out (tokens -58%: train 0.732, validation 0.831, but dev set 0.819-0.845),
or as a third part of its own (weight 0.5-0.8: dev set 0.841-0.851), or
only the actor in the context (dev set 0.839-0.850); commitments embedded
whole and only passage sentences composed (tokens -22%, dev set 0.848-0.852).
Truncating whole texts to 128 tokens would cut 8% of their tokens; composed
parts are rarely that long (720 of 14,204 texts), so the limit stays the model's 256
(measured again in round 11: dev set -0.009, see "what the model reads").
Why composition is off: validation alone lost 0.012-0.014 nDCG@10, over the
0.01 the ingest issue allows a speed change, and the test split, read once
for the release, agreed (hybrid 0.701 composed against 0.723 at the previous
reading, the loss on the PDF-heavy kinds); it saved 18% of ingest CPU, not
enough to reach the 60 s target either way.

Passage sentences are spaCy's, from the extractor's parse: the store keeps each
passage's sentence offsets (`StoredPassage.sentences`), so a passage sentence
and a commitment's sentence are cut the same way.  Only a passage the parser
never read (skipped as non-English, stored before schema 3, or built by a test
without a parse) falls back to `indexer.text.split_sentences`.  Building the
index and hydrating a hit both go through `sentence_spans` below.

Sentences that real documents break across passages (a PDF page or column
break, a hard-wrapped Markdown line read as a paragraph break, a sentence's
first line taken for a heading: 'Launch the "Cool Roof' / 'Drive," a citywide
effort ...') are mended here: `mended_sentence`
joins the last sentence of a passage with its continuation at the start of
the next one (at most JOIN_PASSAGES passages, JOIN_CHARS characters; the rule
is `runs_on`).  Each piece stays its own unit, but a hit shows the whole
sentence (indexer/results.py `hydrate`), so both pieces are one result.
A search mends only its first ranked units (indexer/results.py `mend`; it
reads neighbouring passages from the store).  Measured on the labelled
corpus (bench/tune_ranking.py, ranking otherwise unchanged): hybrid nDCG@10
train 0.705 -> 0.716, validation 0.793 -> 0.818, shared dev set unchanged
(0.852).  Embedding the mended text too (indexer/sync.py passing each
passage's neighbours to `mended_sentence` / `mended_commitment`) measured
about 0.005 more (train 0.718, validation 0.826, dev set 0.855).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Literal

import numpy as np

from kb.models import StoredCommitment, StoredPassage
from kb.store import Store

from indexer.keyword import KeywordIndex
from indexer.text import split_sentences, terms_and_words
from indexer.vectors import VectorIndex

UnitKind = Literal["c", "s"]   # a commitment, or a passage sentence

SENTENCES_PER_PASSAGE = 1024
# the most characters of a list's introducing passage carried into its items' text
CONTEXT_CHARS = 200


# -- ids -------------------------------------------------------------------------

def sentence_key(passage_id: int, number: int) -> int:
    """The id of the `number`-th sentence (from 0) of a passage."""
    return passage_id * SENTENCES_PER_PASSAGE + number


def passage_of(key: int) -> tuple[int, int]:
    """(passage id, sentence number) of a sentence key."""
    pid, no = divmod(key, SENTENCES_PER_PASSAGE)
    return pid, no


def keyword_key(kind: UnitKind, key):  # type: ignore[no-untyped-def]
    """A unit's id in the keyword index (also works on numpy arrays of keys)."""
    return 2 * key + (0 if kind == "c" else 1)


def unit_of_keyword_key(kw_key: int) -> tuple[UnitKind, int]:
    return ("c", kw_key // 2) if kw_key % 2 == 0 else ("s", kw_key // 2)


def sentence_spans(sp: StoredPassage) -> list[tuple[int, int]]:
    """(start, end) of a passage's sentence units in its text, at most SENTENCES_PER_PASSAGE of them:
    the parser's sentences where the store has them, else the fallback splitter."""
    if sp.sentences is not None:
        return list(sp.sentences[:SENTENCES_PER_PASSAGE])
    return split_sentences(sp.passage.text, SENTENCES_PER_PASSAGE)


# -- the text of a unit --------------------------------------------------------------

@dataclass(frozen=True)
class UnitText:
    """A unit's text in its parts: the context it leans on (title, section, list intro), for a commitment its
    resolved actor + action + target + deadline (`what`), and its sentence.

    `text` joins them -- the keyword index's terms come from it; the vector is made from `embedded`
    (the same parts, less what the model gains nothing from: see "What the model reads" below), or, with
    `CONTEXT_WEIGHT` set, composed from the parts (`embedded_parts`, `compose`).  `commitment`: a
    commitment's unit (not a passage sentence's)."""

    context: str
    sentence: str
    what: str = ""
    commitment: bool = False
    # the title's leading designation ("Executive Order 14001: "), which `text` keeps and the vector leaves out
    designation: str = ""

    @property
    def text(self) -> str:
        return self.designation + ". ".join(p for p in (self.context, self.what, self.sentence) if p)

    @property
    def embedded(self) -> str:
        """The text the unit's vector is made from (indexer/sync.py `embed_units`): `text` without the title's
        designation."""
        if not SHORTER_EMBEDDED_TEXT:
            return self.text
        return ". ".join(p for p in (self.context, self.what, self.sentence) if p)


# -- what the model reads (issue 13, ingest speed) -------------------------------------------------------------
#
# The embedding model's CPU grows with the word pieces it reads, and a unit's text repeats its document's
# title and its section in front of every sentence: on the 160 executive orders the model read 1.17 M word
# pieces for a corpus of about 316,000 words.  Part of that text tells the model nothing, so the vector is
# made without it (`UnitText.embedded`); the keyword index still reads the whole text (`UnitText.text`), so
# a unit is found by every word it had before.
#
# * Taken: a title's designation -- "Executive Order 14001: A Sustainable Public Health Supply Chain": a kind
#   of document and its number before a colon (the executive orders of the train split, e.g. 14001 and
#   14012) -- is a number to the model; the name after the colon is what a query's meaning meets.
# * Measured, not taken: a passage sentence of fewer than 4 words ("Section 4.",
#   "(b) Membership.", "Summary", a list marker on its own) embedded alone, without the title and section
#   in front (a commitment's unit always carries its whole text).  It saves as many word pieces again, but
#   lowered train and the dev set a little each time it was measured (below).
#
# Measured (each split's index rebuilt per variant, each distinct text embedded once for all variants, as
# bench/ingest_context_weight.py --embedded-text does; hybrid nDCG@10 / Recall@10), whole text -> the
# designation left out: train 0.758 / 0.820 -> 0.757 / 0.819, validation 0.843 / 0.886 -> 0.845 / 0.886, dev
# set 0.841 / 0.948 -> 0.850 / 0.951; both cuts: train 0.754, validation 0.845, dev set 0.846 (and train 0.757
# -> 0.751 read with bench/eval_labelled.py, over the 0.005 a speed change may cost).  Word pieces the model
# reads on 40 of the orders: -7% (296,000 -> 275,000); with the bare sentences too -14%.
# Tried and not taken (same measure, on top of the bare-sentence cut; word pieces of the train split):
# texts truncated to 128 word pieces (-3% more; train +0.008, validation -0.004, dev set -0.009), a list's
# introduction cut to 100 characters in its items' context (-2%; train -0.006, validation -0.003), a
# commitment's text without its section and list introduction (-10%; train -0.007, validation -0.005).
# False: the vector reads the whole text, as before (bench/ingest_context_weight.py --embedded-text measures both)
SHORTER_EMBEDDED_TEXT = True
_DESIGNATION = re.compile(r"[A-Z][^:.\n]{0,40}?\d[\w./-]*\s*:\s+(?=\S)")


def split_designation(title: str) -> tuple[str, str]:
    """(designation, name) of a title that begins with a numbered designation and a colon
    ("Executive Order 14001: A Sustainable ..." -> ("Executive Order 14001: ", "A Sustainable ...")),
    else ("", title).  A title that is nothing but a designation keeps it."""
    m = _DESIGNATION.match(title)
    if m is None or m.end() >= len(title):
        return "", title
    return m.group(0), title[m.end():]


def commitment_unit(sc: StoredCommitment, context: str = "", sentence: str | None = None) -> UnitText:
    """A commitment's unit text: title, context, resolved actor + action + target + deadline, sentence
    (`sentence`: the commitment's sentence as `mended_commitment` mends it, instead of the record's)."""
    c = sc.commitment
    title = sc.document_title.strip() or sc.document_name
    what = " ".join(x for x in (c.actor, c.action, c.target) if x).strip()
    if c.deadline is not None and c.deadline.year:
        what += f" by {c.deadline.year}"
    designation, title = split_designation(title)
    return UnitText(". ".join(p for p in (title, context) if p), (sentence or c.sentence).strip(), what, True,
                    designation)


def commitment_text(sc: StoredCommitment, context: str = "", sentence: str | None = None) -> str:
    """The whole text of a commitment unit (`commitment_unit`)."""
    return commitment_unit(sc, context, sentence).text


# -- the vector of a unit ------------------------------------------------------------------

# A unit's vector can be composed instead of embedded whole (issue 13, ingest speed; measured and not taken,
# see the module docstring): the normalised weighted sum of the vectors of its parts -- its sentence (weight 1; a commitment's with its
# resolved restatement before it) and its context (title, section, list intro; CONTEXT_WEIGHT) -- each
# distinct text embedded once (`embedded_parts`, indexer/sync.py `embed_units`).  Chosen on train +
# validation with bench/ingest_context_weight.py, which also measures the other settings below.
# None: embed each unit's whole text (the default: composition with 0.7, the best weight, lost 0.012-0.014
# nDCG@10 on validation).
CONTEXT_WEIGHT: float | None = None
# None: the restatement is embedded in one text with the sentence ("what. sentence"); 0: not embedded;
# a weight: a part of its own (measured, not taken)
WHAT_WEIGHT: float | None = None
# whether a commitment's vector is composed too (False: its whole text, as before; measured, not taken)
COMPOSE_COMMITMENTS = True


def embedded_parts(unit: UnitText, context_weight: float | None = None,
                   what_weight: float | None | str = "default") -> list[tuple[str, float]]:
    """The (text, weight) parts a unit's vector is composed of (`compose`): its sentence first, weight 1."""
    cw = CONTEXT_WEIGHT if context_weight is None else context_weight
    ww = WHAT_WEIGHT if what_weight == "default" else what_weight
    if unit.commitment and not COMPOSE_COMMITMENTS:
        return [(unit.text, 1.0)]
    sentence = ". ".join(p for p in ((unit.what if ww is None else ""), unit.sentence) if p)
    if not sentence:
        return [(unit.context, 1.0)]
    parts = [(sentence, 1.0)]
    if unit.context and cw:
        parts.append((unit.context, float(cw)))
    if unit.what and ww:
        parts.append((unit.what, float(ww)))
    return parts


class VectorMemo:
    """The vectors of the last `size` distinct texts embedded for the index, least recently used dropped first.

    Why: the documents of one ingest repeat boilerplate sentences ("This order shall be implemented
    consistent with applicable law ...") and the index syncs document by document, so a memo per
    call would miss them.  It lives with the in-memory index (`IndexState.memo`; never saved), so it
    holds one embedder's vectors only.  384 float32 a text: 8,192 texts take 12.6 MB."""

    def __init__(self, size: int = 8192):
        self.size = size
        self._vecs: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._vecs)

    def get(self, text: str) -> np.ndarray | None:
        vec = self._vecs.get(text)
        if vec is not None:
            self._vecs.move_to_end(text)
        return vec

    def put(self, text: str, vec: np.ndarray) -> None:
        if self.size <= 0:
            return
        self._vecs[text] = np.array(vec, dtype=np.float32)   # a copy: a row view would keep its whole array alive
        self._vecs.move_to_end(text)
        while len(self._vecs) > self.size:
            self._vecs.popitem(last=False)


def compose(vecs: np.ndarray, parts: list[list[tuple[int, float]]]) -> np.ndarray:
    """Unit vectors: for each unit, normalise(sum of weight * vecs[row] over its (row, weight) parts)."""
    vecs = np.asarray(vecs, dtype=np.float32)
    out = np.zeros((len(parts), vecs.shape[1]), dtype=np.float32)
    for i, unit_parts in enumerate(parts):
        for row, weight in unit_parts:
            out[i] += np.float32(weight) * vecs[row]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def commitment_terms(sc: StoredCommitment, text: str) -> tuple[list[str], list[str]]:
    """The keyword terms of a commitment -- its embedded text and its resolved actor once more -- and the
    words they come from (`indexer.text.terms_and_words`)."""
    return terms_and_words(text + " " + (sc.commitment.actor or ""))


COVER_OVERLAP = 0.5   # the share of the shorter span two sentences must share to be one (results.same_sentence)


def covered(start: int, end: int, spans: list[tuple[int, int]], overlap: float = COVER_OVERLAP) -> bool:
    """Whether the sentence [start, end) is one of `spans` (commitment sentences), by the results' same-sentence rule."""
    for s, e in spans:
        lo, hi = max(start, s), min(end, e)
        if hi > lo and (hi - lo) >= overlap * (min(end - start, e - s) or 1):
            return True
    return False


# -- sentences broken across passages ------------------------------------------------------

# A sentence is finished when it ends in . ! ? ; : or an ellipsis, maybe followed by closing quotes, brackets or
# a footnote star.  (The ingestion promises that a sentence never runs across two passages; real documents
# break that promise at page and column breaks, hard-wrapped lines read as blank-line paragraphs, and a
# sentence's first line taken for a heading.  What is left is mended here, for search.)
_FINISHED = re.compile(r"(?:[.!?;:\u2026][\"'\u201d\u2019)\]*]*|[;,]\s+(?:and|or|and/or))\s*$")
_OPENERS = {"\u201c": "\u201d", "(": ")", "[": "]"}
# the most passages and characters one mended sentence may run over
JOIN_PASSAGES = 3
JOIN_CHARS = 800
# the passage kinds a sentence may run through (a table row or a footnote is a unit of its own)
_BODY = ("paragraph", "list_item")

# the passage `delta` places before (-1) or after (+1) a passage in its document, or None
Neighbour = Callable[[StoredPassage, int], "StoredPassage | None"]


def finished(text: str) -> bool:
    """Whether a sentence ends as a sentence ends (a full stop, "?", ";", ":", "; and", ...)."""
    return bool(_FINISHED.search(text.rstrip()[-16:]))   # the end is all it reads (a search from every place is slow)


def _unclosed(text: str) -> bool:
    """Whether `text` opens a quotation mark or bracket it does not close ('the "Cool Roof')."""
    return any(text.count(o) > text.count(c) for o, c in _OPENERS.items()) or text.count('"') % 2 == 1


def _cut_short(text: str) -> bool:
    """Whether `text` visibly stops mid-sentence: on a comma, hyphen, stopword or an open quote or bracket."""
    text = text.rstrip()
    if not text or finished(text):
        return False
    if text[-1] in ",-\u2013(\u201c" or _unclosed(text):
        return True
    last = re.findall(r"[A-Za-z]+", text[-20:])
    return bool(last) and last[-1].lower() in _RUN_ON_WORDS


_RUN_ON_WORDS = frozenset("a an and the of to in for on by with from or as at that which its their our "
                          "including such than into".split())


def runs_on(prev: StoredPassage, prev_last: str, nxt: StoredPassage, next_first: str) -> bool:
    """Whether the last sentence of `prev` goes on in `nxt`, the passage after it.

    A paragraph's last sentence that ends without a full stop goes on in a
    following paragraph (a page break or a hard-wrapped line split it).  A
    heading or a list item often ends without a full stop, so it goes on
    only when the next passage starts in lower case or it visibly stops
    mid-sentence: an open quote or bracket, a hyphen, and for a heading
    also a comma or a word like "the" or "of" (list items of an enumeration
    end in "; and", which is a finished item, not a broken sentence).
    """
    if nxt.passage.kind not in _BODY or prev.passage.kind not in _BODY + ("heading",):
        return False
    tail, head = prev_last.rstrip(), next_first.lstrip()
    if not tail or not head or finished(tail):
        return False
    if head[0].islower() or _unclosed(tail) or tail[-1] in "-\u2013":
        return True
    if prev.passage.kind == "heading" or nxt.passage.kind == "list_item":
        return prev.passage.kind != "list_item" and _cut_short(tail)
    return prev.passage.kind == "paragraph"


def mended_parts(sp: StoredPassage, number: int, spans: list[tuple[int, int]],
                 neighbour: Neighbour) -> tuple[str, str, int, int]:
    """What other passages hold of the `number`-th sentence of a passage: (the text before it, the text after
    it, start, end), the offsets of the whole sentence in the document's text.  Both texts are empty for a
    sentence whole in its passage."""
    s, e = spans[number]
    before, after = [], []
    start, end = sp.passage.start + s, sp.passage.start + e
    size = e - s
    if number == 0:   # the sentence may have begun in the passages before
        cur, first = sp, sp.passage.text[s:e]
        for _ in range(JOIN_PASSAGES - 1):
            prev = neighbour(cur, -1)
            pspans = sentence_spans(prev) if prev is not None else []
            if prev is None or not pspans:
                break
            ps, pe = pspans[-1]
            if not runs_on(prev, prev.passage.text[ps:pe], cur, first) or size + pe - ps > JOIN_CHARS:
                break
            before.insert(0, prev.passage.text[ps:pe])
            start, size = prev.passage.start + ps, size + pe - ps
            if len(pspans) > 1:
                break
            cur, first = prev, prev.passage.text[ps:pe]
    if number == len(spans) - 1:   # ... and may go on in the passages after
        cur, last = sp, sp.passage.text[s:e]
        for _ in range(JOIN_PASSAGES - 1):
            if finished(last):
                break
            nxt = neighbour(cur, 1)
            nspans = sentence_spans(nxt) if nxt is not None else []
            if nxt is None or not nspans:
                break
            ns, ne = nspans[0]
            if not runs_on(cur, last, nxt, nxt.passage.text[ns:ne]) or size + ne - ns > JOIN_CHARS:
                break
            after.append(nxt.passage.text[ns:ne])
            end, size = nxt.passage.start + ne, size + ne - ns
            if len(nspans) > 1:
                break
            cur, last = nxt, nxt.passage.text[ns:ne]
    return " ".join(before), " ".join(after), start, end


def mended_sentence(sp: StoredPassage, number: int, spans: list[tuple[int, int]],
                    neighbour: Neighbour) -> tuple[str, int, int]:
    """The `number`-th sentence of a passage with the parts of it that other passages hold: (text, start, end),
    the offsets in the document's text.  A sentence whole in its passage comes back as it is."""
    s, e = spans[number]
    before, after, start, end = mended_parts(sp, number, spans, neighbour)
    return " ".join(p for p in (before, sp.passage.text[s:e], after) if p), start, end


def mended_commitment(sc: StoredCommitment, sp: StoredPassage | None, spans: list[tuple[int, int]],
                      neighbour: Neighbour) -> tuple[str, int, int]:
    """A commitment's sentence with the parts of it that the passages before or after hold (see
    `mended_parts`): (text, start, end) in the document's text."""
    c = sc.commitment
    if sp is None or sp.document_id != sc.document_id:
        return c.sentence, c.sentence_start, c.sentence_end
    own = [(c.sentence_start, c.sentence_end)]
    base = sp.passage.start
    before = after = ""
    start, end = c.sentence_start, c.sentence_end
    for i in sorted({0, len(spans) - 1}) if spans else ():
        if covered(base + spans[i][0], base + spans[i][1], own):
            b, a, s, e = mended_parts(sp, i, spans, neighbour)
            if i == 0:
                before, start = b, min(start, s)
            if i == len(spans) - 1:
                after, end = a, max(end, e)
    return " ".join(p for p in (before, c.sentence, after) if p), start, end


def index_neighbour(by_index: dict[int, StoredPassage]) -> Neighbour:
    """`Neighbour` over a document's passages by index (indexer/sync.py's ContextCache)."""
    return lambda sp, delta: by_index.get(sp.passage.index + delta)


def sentence_unit(title: str, context: str, sentence: str) -> UnitText:
    """A passage sentence's unit text: title, context (section, list intro), sentence."""
    designation, title = split_designation(title.strip())
    return UnitText(". ".join(p for p in (title, context) if p), sentence.strip(), designation=designation)


def sentence_text(title: str, context: str, sentence: str) -> str:
    """The whole text of a passage-sentence unit (`sentence_unit`)."""
    return sentence_unit(title, context, sentence).text


def passage_context(sp: StoredPassage | None, title: str, by_index: dict[int, StoredPassage]) -> str:
    """What a passage's text leans on: its section heading and, for a list item, the sentence that introduces the list."""
    if sp is None:
        return ""
    parts = []
    section = (sp.passage.section or "").strip()
    if section and section.lower() not in title.lower():
        parts.append(section)
    parent = by_index.get(sp.passage.parent_index) if sp.passage.parent_index is not None else None
    if parent is not None and parent.passage.kind != "heading":
        intro = parent.passage.text.strip()
        parts.append(intro if len(intro) <= CONTEXT_CHARS else "..." + intro[-CONTEXT_CHARS:])
    return ". ".join(parts)


class ContextCache:
    """Passages of the last few documents by index (for list intros and sections)."""

    def __init__(self, store: Store, size: int = 64):
        self.store = store
        self.size = size
        self.cache: dict[int, dict[int, StoredPassage]] = {}

    def passages(self, document_id: int) -> dict[int, StoredPassage]:
        got = self.cache.get(document_id)
        if got is None:
            if len(self.cache) >= self.size:
                self.cache.pop(next(iter(self.cache)))
            got = self.cache[document_id] = {sp.passage.index: sp for sp in self.store.passages(document_id)}
        return got


# -- the indexes that hold the units -----------------------------------------------------

@dataclass
class IndexState:
    """The in-memory index: both vector indexes, the keyword index, and how far into the store's change log it is."""

    commitments: VectorIndex
    sentences: VectorIndex
    keywords: KeywordIndex
    passage_sentences: dict[int, int] = field(default_factory=dict)   # passage id -> number of sentences split
    seq: int = 0                                                      # last store change the index holds
    # commitment id -> its passage id: a change to a commitment changes which of the passage's sentences are units
    commitment_passages: dict[int, int] = field(default_factory=dict)
    # vectors of texts embedded lately (not saved): a sentence or context met again is not embedded again
    memo: VectorMemo = field(default_factory=VectorMemo, repr=False, compare=False)

    @classmethod
    def empty(cls, dim: int, exact_limit: int, seq: int = 0) -> "IndexState":
        return cls(VectorIndex(dim, exact_limit), VectorIndex(dim, exact_limit), KeywordIndex(), {}, seq, {})
