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

The text embedded for a unit carries its context: the document title, and for
a commitment its resolved actor and deadline, so "Albania's 2030 target" finds
"it commits to reduce ... by 2030" in Albania's document.

Passage sentences are spaCy's, from the extractor's parse: the store keeps each
passage's sentence offsets (`StoredPassage.sentences`), so a passage sentence
and a commitment's sentence are cut the same way.  Only a passage the parser
never read (skipped as non-English, stored before schema 3, or built by a test
without a parse) falls back to `indexer.text.split_sentences`.  Building the
index and hydrating a hit both go through `sentence_spans` below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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

def commitment_text(sc: StoredCommitment, context: str = "") -> str:
    """The text embedded for a commitment: title, context, resolved actor + action + target + deadline, sentence."""
    c = sc.commitment
    title = sc.document_title.strip() or sc.document_name
    what = " ".join(x for x in (c.actor, c.action, c.target) if x).strip()
    if c.deadline is not None and c.deadline.year:
        what += f" by {c.deadline.year}"
    return ". ".join(p for p in (title, context, what, c.sentence.strip()) if p)


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


def sentence_text(title: str, context: str, sentence: str) -> str:
    """The text embedded for a passage sentence: title, context (section, list intro), sentence."""
    return ". ".join(p for p in (title.strip(), context, sentence.strip()) if p)


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

    @classmethod
    def empty(cls, dim: int, exact_limit: int, seq: int = 0) -> "IndexState":
        return cls(VectorIndex(dim, exact_limit), VectorIndex(dim, exact_limit), KeywordIndex(), {}, seq, {})
