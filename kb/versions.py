"""Near-duplicate documents: is an upload a new version of a document already in the knowledge base?

Why: the same order uploaded again with only its title line changed has other
bytes, so the sha256 duplicate check lets it in, and every commitment would be
counted twice.  Here a document is reduced to the set of its word 5-shingles
(five consecutive words, lower-cased, punctuation dropped), each hashed to 64
bits; two documents are versions of one another when the Jaccard similarity of
those sets (shared shingles / all shingles) is at least `VERSION_THRESHOLD`.
Exact Jaccard on hashed shingles needs no tuning of hash functions, and the
sorted hash arrays (8 bytes a shingle, about 17 kB for a 2,000-word order) are
kept per document in `document_signatures` (kb/schema/012_lineage.sql).

Measured on the 160 US executive orders (bench/eval_lineage.py --cross): orders
written from one template for different matters (two sanctions orders, two
orders closing offices on different days) share up to 0.61 of their shingles;
the yearly re-issues of the pay-rate order 0.71 to 0.74; a retitled copy 1.00;
the edited versions of bench/lineage/versions.jsonl (figures raised, deadlines
moved, sentences dropped) 0.97 to 0.99.  Hence 0.65.

`diff_commitments` then says what changed between two versions: commitments
added, removed, changed (the same sentence edited: matched by rapidfuzz's
ratio) and unchanged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz

from kb.models import Commitment

SHINGLE = 5                # words in a shingle
VERSION_THRESHOLD = 0.65   # Jaccard at or above which two documents are versions of one text
CHANGED_RATIO = 70         # rapidfuzz ratio (0-100) at or above which two sentences are one sentence edited

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=8)
def signature(text: str) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of the word 5-shingles of `text` (a short text: one shingle).

    Memoised for the last few texts: an upload's signature is computed before it is stored (is it a new
    version?) and again when the stored document's signature is saved, on the same text.  The array is
    shared between callers, so it is read-only."""
    words = [w.lower() for w in _WORD.findall(text)]
    grams = (" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)) if words)
    hashes = [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams]
    sig = np.unique(np.array(hashes, dtype=np.uint64))
    sig.flags.writeable = False
    return sig


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / |a ∪ b| of two signatures (0 when both are empty)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class VersionMatch:
    """The stored document an upload is most likely a version of, and how much of the text they share."""

    document_id: int
    similarity: float


def best_match(sig: np.ndarray, stored: Iterable[tuple[int, np.ndarray]],
               threshold: float = VERSION_THRESHOLD) -> VersionMatch | None:
    """The stored document (id, signature) most similar to `sig`, if at or above `threshold`."""
    best: VersionMatch | None = None
    for doc_id, other in stored:
        s = jaccard(sig, other)
        if s >= threshold and (best is None or s > best.similarity):
            best = VersionMatch(doc_id, s)
    return best


# -- what changed between two versions ---------------------------------------------------------

@dataclass(frozen=True)
class ChangedPair:
    """A commitment of the older version and its edited counterpart in the newer one."""

    old: int                     # indexes into the lists given to diff_commitments
    new: int
    fields: tuple[str, ...]      # which of sentence, target, deadline, quantity, actor differ (an actor the
                                 # extractor assumed from the title does not count: a new title is no new actor)
    ratio: float                 # rapidfuzz ratio of the two sentences, 0-100


@dataclass(frozen=True)
class CommitmentDiff:
    added: tuple[int, ...]       # indexes into `new`
    removed: tuple[int, ...]     # indexes into `old`
    changed: tuple[ChangedPair, ...]
    unchanged: tuple[tuple[int, int], ...]

    def summary(self) -> str:
        return (f"{len(self.added)} commitment{'' if len(self.added) == 1 else 's'} added, {len(self.removed)} removed,"
                f" {len(self.changed)} changed, {len(self.unchanged)} unchanged")


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


def _differences(a: Commitment, b: Commitment) -> tuple[str, ...]:
    out = []
    if _norm(a.sentence) != _norm(b.sentence):
        out.append("sentence")
    if _norm(a.actor) != _norm(b.actor) and not {a.actor_source, b.actor_source} & {"main_actor", "unknown"}:
        out.append("actor")
    if _norm(a.target) != _norm(b.target):
        out.append("target")
    if (a.deadline.date if a.deadline else None) != (b.deadline.date if b.deadline else None):
        out.append("deadline")
    qa = (a.quantity.value, a.quantity.unit) if a.quantity else None
    qb = (b.quantity.value, b.quantity.unit) if b.quantity else None
    if qa != qb:
        out.append("quantity")
    return tuple(out)


def diff_commitments(old: Sequence[Commitment], new: Sequence[Commitment]) -> CommitmentDiff:
    """Match the commitments of two versions: the same sentence and verb is unchanged; else the pair of
    sentences most alike (rapidfuzz ratio >= CHANGED_RATIO, same action) is one commitment changed, best pairs
    first; what is left is removed (old) or added (new)."""
    unchanged: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    # the same sentence with the same verb is the same promise, even where the extractor read its actor or
    # target otherwise this time (a new title can change the actor it assumes): the text did not change
    exact: dict[tuple[str, str], list[int]] = {}
    for j, c in enumerate(new):
        exact.setdefault((_norm(c.sentence), c.action), []).append(j)
    for i, c in enumerate(old):
        candidates = [j for j in exact.get((_norm(c.sentence), c.action), []) if j not in used_new]
        # several commitments of one sentence with one verb: the one with the same target first
        candidates.sort(key=lambda j: _norm(new[j].target) != _norm(c.target))
        if candidates:
            unchanged.append((i, candidates[0]))
            used_old.add(i)
            used_new.add(candidates[0])
    scored = []
    rest_new = [j for j in range(len(new)) if j not in used_new]
    for i, a in enumerate(old):
        if i in used_old:
            continue
        na = _norm(a.sentence)
        for j in rest_new:
            r = fuzz.ratio(na, _norm(new[j].sentence), score_cutoff=CHANGED_RATIO)
            if r and a.action == new[j].action:
                scored.append((r, i, j))
    changed = []
    for r, i, j in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        diff = _differences(old[i], new[j])
        if diff:
            changed.append(ChangedPair(i, j, diff, r))
        else:
            unchanged.append((i, j))
    return CommitmentDiff(
        added=tuple(j for j in range(len(new)) if j not in used_new),
        removed=tuple(i for i in range(len(old)) if i not in used_old),
        changed=tuple(sorted(changed, key=lambda p: p.old)),
        unchanged=tuple(sorted(unchanged)),
    )
