"""The keyword index: BM25 over stemmed words, in memory, with numpy postings.

Why not SQLite FTS5 or a separate engine: measured on 100k short texts a
query costs 14 ms in FTS5 (so ~140 ms at 1M, over the 50 ms goal), 1.5 ms in
bm25s (which cannot add or delete without a rebuild) and 0.21 ms in tantivy
(a second on-disk store to keep consistent).  This index costs ~1-10 ms
at 1M units (bench/bench_search.py), adds and removes units in place,
filters inside the scoring (a mask over allowed ids), takes no query syntax
at all (a query is just words, so quotes, `*`, `-`, `:`, AND and parentheses
cannot break it), and is saved in the same atomic snapshot as the vector
index, so both always hold the same units (`SearchService.sync`).

Postings per term are growable arrays (doc slot, term frequency); a removed
unit's slot is marked dead and skipped, and the postings are compacted when a
fifth of the slots are dead.
"""

from __future__ import annotations

import math
import pickle
from array import array
from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np

from indexer.text import stem

K1 = 1.2
B = 0.75


class KeywordIndex:
    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.post_docs: list[array] = []     # term id -> slots
        self.post_tf: list[array] = []       # term id -> term frequencies
        self.df: list[int] = []              # live document frequency per term
        self.keys = array("q")               # slot -> unit key
        self.lengths = array("f")            # slot -> number of terms
        self.alive = bytearray()             # slot -> 1 live / 0 removed
        self.slot_of: dict[int, int] = {}    # unit key -> slot
        self.total_len = 0.0
        self.dead = 0
        self._sorted: tuple[np.ndarray, np.ndarray, tuple[int, int, int]] | None = None
        # stem -> a word of the texts with that stem (the first seen): "did you mean" suggests words, not stems
        self.surface: dict[str, str] = {}
        self._choices: tuple[tuple[int, int], list[str]] | None = None

    def __len__(self) -> int:
        return len(self.slot_of)

    def __contains__(self, key: int) -> bool:
        return key in self.slot_of

    def ids(self) -> np.ndarray:
        return np.fromiter(self.slot_of.keys(), dtype=np.int64, count=len(self.slot_of))

    # -- changes -------------------------------------------------------------

    def add(self, key: int, terms: Iterable[str]) -> None:
        key = int(key)
        if key in self.slot_of:
            self.remove([key])
        counts = Counter(terms)
        slot = len(self.keys)
        self.keys.append(key)
        n = sum(counts.values())
        self.lengths.append(float(n))
        self.alive.append(1)
        self.slot_of[key] = slot
        self.total_len += n
        for term, tf in counts.items():
            tid = self.vocab.get(term)
            if tid is None:
                tid = len(self.post_docs)
                self.vocab[term] = tid
                self.post_docs.append(array("i"))
                self.post_tf.append(array("f"))
                self.df.append(0)
            self.post_docs[tid].append(slot)
            self.post_tf[tid].append(float(tf))
            self.df[tid] += 1

    def note_words(self, text_words: Iterable[str]) -> None:
        """Remember the words (lower-cased) that the terms of a unit came from, for `suggest`."""
        for w in text_words:
            if len(w) > 3 and w.isalpha():
                self.surface.setdefault(stem(w), w)

    def remove(self, keys: Iterable[int]) -> None:
        slots = [self.slot_of.pop(int(k)) for k in keys if int(k) in self.slot_of]
        if not slots:
            return
        # document frequencies keep counting removed slots until the next
        # compaction: idf is slightly off for a while, never wrong by much
        for slot in slots:
            self.alive[slot] = 0
            self.total_len -= self.lengths[slot]
        self.dead += len(slots)
        if self.dead > 0.2 * max(1, len(self.keys)):
            self.compact()

    def compact(self) -> None:
        """Drop dead slots from every posting list and renumber the live ones."""
        alive = np.frombuffer(bytes(self.alive), dtype=np.uint8).astype(bool)
        new_slot = np.cumsum(alive) - 1
        vocab: dict[str, int] = {}
        post_docs: list[array] = []
        post_tf: list[array] = []
        df: list[int] = []
        for term, tid in self.vocab.items():
            docs = np.frombuffer(self.post_docs[tid], dtype=np.int32)
            keep = alive[docs] if len(docs) else np.zeros(0, bool)
            if not keep.any():
                continue
            vocab[term] = len(post_docs)
            post_docs.append(array("i", new_slot[docs[keep]].astype(np.int32).tobytes()))
            post_tf.append(array("f", np.frombuffer(self.post_tf[tid], dtype=np.float32)[keep].tobytes()))
            df.append(int(keep.sum()))
        keys = np.frombuffer(self.keys, dtype=np.int64)[alive]
        lengths = np.frombuffer(self.lengths, dtype=np.float32)[alive]
        self.vocab, self.post_docs, self.post_tf, self.df = vocab, post_docs, post_tf, df
        self.keys = array("q", keys.tobytes())
        self.lengths = array("f", lengths.tobytes())
        self.alive = bytearray(b"\x01" * len(keys))
        self.slot_of = {int(k): i for i, k in enumerate(keys.tolist())}
        self.dead = 0

    # -- search --------------------------------------------------------------

    def search(self, query_terms: Iterable[str], k: int, allowed: np.ndarray | None = None,
               exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, keys) of the best `k` live units holding any query term, best first.

        `allowed`: score only these keys; `exclude`: never return these.
        """
        n_slots = len(self.keys)
        live = len(self.slot_of)
        empty = (np.zeros(0, np.float32), np.zeros(0, np.int64))
        if live == 0 or k <= 0:
            return empty
        qterms = [t for t in dict.fromkeys(query_terms) if t in self.vocab]
        if not qterms:
            return empty
        avgdl = max(self.total_len / live, 1e-9)
        lengths = np.frombuffer(self.lengths, dtype=np.float32)
        mask = None
        if allowed is not None or self.dead or exclude is not None:
            mask = np.frombuffer(bytes(self.alive), dtype=np.uint8).astype(bool)
            if allowed is not None:
                keep = np.zeros(n_slots, dtype=bool)
                slots = self._slots_for(allowed)
                keep[slots] = True
                mask &= keep
            if exclude is not None and len(exclude):
                mask[self._slots_for(exclude)] = False
        all_docs = []
        all_w = []
        for term in qterms:
            tid = self.vocab[term]
            df = self.df[tid]
            if df <= 0:
                continue
            idf = math.log(1.0 + (live - df + 0.5) / (df + 0.5))
            docs = np.frombuffer(self.post_docs[tid], dtype=np.int32)
            tf = np.frombuffer(self.post_tf[tid], dtype=np.float32)
            if mask is not None:
                m = mask[docs]
                docs, tf = docs[m], tf[m]
            if not len(docs):
                continue
            norm = K1 * (1.0 - B + B * lengths[docs] / avgdl)
            all_docs.append(docs)
            all_w.append(idf * tf * (K1 + 1.0) / (tf + norm))
        if not all_docs:
            return empty
        docs = np.concatenate(all_docs)
        w = np.concatenate(all_w)
        if len(docs) * 8 < n_slots:
            uniq, inv = np.unique(docs, return_inverse=True)
            scores = np.bincount(inv, weights=w).astype(np.float32)
            slots = uniq
        else:
            full = np.bincount(docs, weights=w, minlength=n_slots).astype(np.float32)
            slots = np.flatnonzero(full)
            scores = full[slots]
        k = min(k, len(slots))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        keys = np.frombuffer(self.keys, dtype=np.int64)[slots[top]]
        return scores[top], keys.copy()

    def matching_all(self, query_terms: Iterable[str]) -> np.ndarray:
        """The keys of the live units holding every one of the terms (an intersection of postings)."""
        qterms = list(dict.fromkeys(query_terms))
        empty = np.zeros(0, np.int64)
        if not qterms or any(t not in self.vocab or self.df[self.vocab[t]] <= 0 for t in qterms):
            return empty
        slots: np.ndarray | None = None
        for term in sorted(qterms, key=lambda t: self.df[self.vocab[t]]):
            docs = np.unique(np.frombuffer(self.post_docs[self.vocab[term]], dtype=np.int32))
            slots = docs if slots is None else np.intersect1d(slots, docs, assume_unique=True)
            if not len(slots):
                return empty
        assert slots is not None
        alive = np.frombuffer(bytes(self.alive), dtype=np.uint8).astype(bool)
        slots = slots[alive[slots]]
        return np.frombuffer(self.keys, dtype=np.int64)[slots].copy()

    def document_frequency(self, term: str) -> int:
        tid = self.vocab.get(term)
        return self.df[tid] if tid is not None else 0

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        """BM25's idf of each term over the live units (a term no unit holds gets the idf of one holding it)."""
        live = max(len(self.slot_of), 1)
        out = {}
        for t in dict.fromkeys(terms):
            df = max(self.document_frequency(t), 1)
            out[t] = math.log(1.0 + (live - df + 0.5) / (df + 0.5))
        return out

    def suggest(self, word: str) -> str | None:
        """The indexed word nearest to an unknown `word` (Levenshtein distance 1, or 2 for words of 7 letters
        and more), the most frequent among the nearest; None when the word is known or nothing is near."""
        word = word.lower()
        if len(word) <= 3 or not word.isalpha() or self.document_frequency(stem(word)) > 0:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        size = (len(self.surface), len(self.vocab))
        if self._choices is None or self._choices[0] != size:
            self._choices = (size, sorted(set(self.surface.values())))
        limit = 1 if len(word) < 7 else 2
        near = process.extract(word, self._choices[1], scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
        live = [(d, -self.document_frequency(stem(w)), w) for w, d, _ in near if self.document_frequency(stem(w)) > 0]
        return min(live)[2] if live else None

    def _slots_for(self, keys: np.ndarray) -> np.ndarray:
        """The live slots of these keys (vectorised: a sorted copy of the key column, rebuilt after changes)."""
        keys = np.asarray(keys, dtype=np.int64)
        if len(keys) < 64:
            get = self.slot_of.get
            found = [get(int(k)) for k in keys.tolist()]
            return np.fromiter((s for s in found if s is not None), dtype=np.int64)
        if self._sorted is None or self._sorted[2] != (len(self.keys), self.dead, len(self.slot_of)):
            all_keys = np.frombuffer(self.keys, dtype=np.int64)
            alive = np.frombuffer(bytes(self.alive), dtype=np.uint8).astype(bool)
            live_slots = np.flatnonzero(alive)
            order = np.argsort(all_keys[live_slots], kind="stable")
            self._sorted = (all_keys[live_slots][order], live_slots[order],
                            (len(self.keys), self.dead, len(self.slot_of)))
        sorted_keys, sorted_slots, _ = self._sorted
        pos = np.searchsorted(sorted_keys, keys)
        pos[pos >= len(sorted_keys)] = 0
        hit = sorted_keys[pos] == keys if len(sorted_keys) else np.zeros(len(keys), bool)
        return sorted_slots[pos[hit]]

    # -- persistence ---------------------------------------------------------

    def write(self, path: Path) -> None:
        state = {
            "vocab": self.vocab, "post_docs": self.post_docs, "post_tf": self.post_tf, "df": self.df,
            "keys": self.keys, "lengths": self.lengths, "alive": self.alive, "total_len": self.total_len,
            "dead": self.dead, "surface": self.surface,
        }
        with open(path, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()

    @classmethod
    def read(cls, path: Path) -> "KeywordIndex":
        with open(path, "rb") as fh:
            state = pickle.load(fh)  # our own file, written by write() above
        ki = cls()
        for name, value in state.items():  # noqa: B007
            setattr(ki, name, value)
        keys = np.frombuffer(ki.keys, dtype=np.int64)
        alive = np.frombuffer(bytes(ki.alive), dtype=np.uint8).astype(bool)
        ki.slot_of = {int(k): int(s) for s, k in zip(np.flatnonzero(alive).tolist(), keys[alive].tolist())}
        return ki

    def memory_bytes(self) -> int:
        postings = sum(len(a) for a in self.post_docs) * 8
        return postings + len(self.keys) * (8 + 4 + 1 + 100) + len(self.vocab) * 120
