"""Building the search index from the store, and keeping it in step by replaying the store's change log.

Why a module: the store, not the indexer, decides what exists.  Triggers log
every insert and delete of a passage or commitment (`search_changes`,
kb/schema/002_search.sql) in the store's own transactions, so the index can
catch up with any writer (the web worker, the CLI in another process, a
delete) without being told.  This module holds the two ways of catching up:

* `build`: embed every unit of the store into fresh indexes (a first start, a
  stale or unreadable snapshot, `policykb reindex`);
* `replay`: read the log after the index's `seq`, remove the touched units
  and add back what the store holds now (a unit added then removed is simply
  gone), in place, without a rebuild; in chunks (`REPLAY_CHUNK` changes), so
  a caller with a time budget or a stop signal (the web worker) can stop
  between chunks and the next replay resumes at the first change not applied.

Embedding runs outside the caller's lock, so searches go on over the old
state meanwhile; only the changes to the indexes take the lock.  Deciding
when to load, rebuild, replay or save is the service's (indexer/service.py).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import time
from collections import defaultdict

import numpy as np

from kb.models import CommitmentFilter, StoredCommitment, StoredPassage
from kb.store import Store

from indexer.keyword import KeywordIndex
from indexer.text import terms_and_words
from indexer import units as unit_texts
from indexer.units import (
    ContextCache,
    IndexState,
    UnitText,
    VectorMemo,
    commitment_terms,
    commitment_unit,
    compose,
    embedded_parts,
    index_neighbour,
    mended_commitment,
    mended_sentence,
    covered,
    keyword_key,
    passage_context,
    sentence_key,
    sentence_spans,
    sentence_unit,
)
from indexer.vectors import VectorIndex

EMBED_BATCH = 2048          # units embedded per step of a build
REPLAY_CHUNK = 512          # changes of the log applied per chunk of a replay (a stop can come between chunks)

# seconds spent in each step of building and syncing, summed over this process (bench/bench_ingest.py,
# `policykb ingest --timings`): embed, keyword, faiss, units (reading the store, making texts)
stage_seconds: dict[str, float] = defaultdict(float)


class _timed:
    def __init__(self, stage: str):
        self.stage = stage

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        stage_seconds[self.stage] += time.perf_counter() - self.t0

# texts -> unit vectors (normally `embedder.encode`); a function, so the model loads only when there is text
Encode = Callable[[list[str]], np.ndarray]


def embed_texts(embed: Encode, texts: list[str], dim: int, memo: VectorMemo | None = None) -> np.ndarray:
    """Vectors of distinct `texts`: those `memo` holds from it, the others from `embed` (then remembered)."""
    vecs = np.empty((len(texts), dim), np.float32)
    todo = []
    for i, text in enumerate(texts):
        known = memo.get(text) if memo is not None else None
        if known is None:
            todo.append(i)
        else:
            vecs[i] = known
    if todo:
        fresh = embed([texts[i] for i in todo])
        vecs[todo] = fresh
        if memo is not None:
            for i, vec in zip(todo, fresh):
                memo.put(texts[i], vec)
    return vecs


def embed_units(embed: Encode, units: list[UnitText], dim: int, memo: VectorMemo | None = None) -> np.ndarray:
    """The vectors of `units`: each distinct part (sentence, context, restatement) embedded once (and not again
    while `memo` holds it), then composed (indexer/units.py; `CONTEXT_WEIGHT` None: `UnitText.embedded`, whole)."""
    if not units:
        return np.zeros((0, dim), np.float32)
    if unit_texts.CONTEXT_WEIGHT is None:
        distinct, where = _rows([u.embedded for u in units])
        return embed_texts(embed, distinct, dim, memo)[where]
    rows: dict[str, int] = {}
    parts = [[(rows.setdefault(text, len(rows)), weight) for text, weight in embedded_parts(u)] for u in units]
    return compose(embed_texts(embed, list(rows), dim, memo), parts)


def _rows(texts: list[str]) -> tuple[list[str], list[int]]:
    """The distinct texts (first occurrence order) and, for each text, the row of its distinct text."""
    rows: dict[str, int] = {}
    where = [rows.setdefault(t, len(rows)) for t in texts]
    return list(rows), where


@dataclass(frozen=True)
class SyncReport:
    added: int = 0
    removed: int = 0
    commitments: int = 0          # commitments in the index after the sync
    sentences: int = 0            # passage sentences in the index after the sync
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0
    pending: bool = False         # stopped on its budget or stop signal with changes of the log left to apply

    def __str__(self) -> str:
        what = f"rebuilt ({self.reason})" if self.rebuilt else f"{self.added} units added, {self.removed} removed"
        more = "; more to index" if self.pending else ""
        return (f"{what}; {self.commitments} commitments and {self.sentences} passage sentences indexed"
                f" in {self.seconds:.1f} s{more}")


def build(store: Store, embed: Encode, dim: int, exact_limit: int) -> IndexState:
    """Fresh indexes holding every unit of the store, as of the change log's current end."""
    seq = store.search_change_seq()   # changes after this are replayed by the next sync
    state = IndexState.empty(dim, exact_limit, seq)
    add_commitments(store, embed, store.iter_commitments(), state.commitments, state.keywords,
                    commitment_passages=state.commitment_passages, memo=state.memo)
    add_passages(store, embed, dim, store.iter_passages(), state.sentences, state.keywords,
                 state.passage_sentences, memo=state.memo)
    for vi in (state.commitments, state.sentences):
        if len(vi) > exact_limit and vi.exact:
            vi.rebuild()
    return state


def replay(store: Store, embed: Encode, dim: int, state: IndexState,
           lock: AbstractContextManager, upto: int | None = None, deadline: float | None = None,
           stop: Callable[[], bool] | None = None, chunk: int | None = None) -> tuple[int, int]:
    """Apply the store's changes after `state.seq` (up to `upto`) to `state` in place; returns (units added, removed).

    The log is applied in chunks of at most `chunk` changes (REPLAY_CHUNK), each one brought fully to
    the store's current state before `state.seq` moves past it, so a replay stopped between chunks
    resumes from `state.seq` and the log stays the truth.  After each chunk it stops when
    `time.monotonic()` has passed `deadline` or `stop()` says so (at least one chunk is applied);
    `state.seq < store.search_change_seq()` then tells the caller there is more to do.
    """
    size = REPLAY_CHUNK if chunk is None else max(1, int(chunk))
    added = removed = 0
    while True:
        changes = store.search_changes_since(state.seq, limit=size)
        if upto is not None:
            changes = [ch for ch in changes if ch[0] <= upto]
        if not changes:
            break
        a, r = _replay_chunk(store, embed, dim, state, lock, changes)
        added, removed = added + a, removed + r
        if len(changes) < size:
            break
        if (deadline is not None and time.monotonic() >= deadline) or (stop is not None and stop()):
            break
    return added, removed


def _replay_chunk(store: Store, embed: Encode, dim: int, state: IndexState, lock: AbstractContextManager,
                  changes: list[tuple[int, str, int, str]]) -> tuple[int, int]:
    """Bring the units these changes touch to what the store holds now, then move `state.seq` past them."""
    last = changes[-1][0]
    touched_c = sorted({uid for _, kind, uid, _ in changes if kind == "c"})
    # fetch what exists now (a unit added then removed is simply gone)
    cur_c = store.commitments_by_ids(touched_c)
    # a commitment that comes or goes changes which sentences of its passage are units of their own
    touched_p = {uid for _, kind, uid, _ in changes if kind == "p"}
    touched_p.update(state.commitment_passages[c] for c in touched_c if c in state.commitment_passages)
    touched_p.update(sc.passage_id for sc in cur_c.values() if sc.passage_id is not None)
    touched_p = sorted(touched_p)
    cur_p = store.passages_by_ids(touched_p)
    with lock:
        removed = 0
        tc = np.array(touched_c, dtype=np.int64)
        old_c = tc[np.isin(tc, state.commitments.ids())]
        if len(old_c):
            state.commitments.remove(old_c)
            state.keywords.remove(keyword_key("c", old_c).tolist())
            removed += len(old_c)
        for c in touched_c:
            state.commitment_passages.pop(c, None)
        old_s: list[int] = []
        for pid in touched_p:
            n = state.passage_sentences.pop(pid, 0)
            old_s.extend(sentence_key(pid, i) for i in range(n))
        if old_s:
            arr = np.array(old_s, dtype=np.int64)
            arr = arr[np.isin(arr, state.sentences.ids())]   # a commitment's sentence is not a unit of its own
            state.sentences.remove(arr)
            state.keywords.remove(keyword_key("s", arr).tolist())
            removed += len(arr)
    # embed outside the lock: searches continue on the old state meanwhile
    added = add_commitments(store, embed, cur_c.values(), state.commitments, state.keywords, lock,
                            state.commitment_passages, state.memo)
    added += add_passages(store, embed, dim, cur_p.values(), state.sentences, state.keywords,
                          state.passage_sentences, lock, state.memo)
    with lock:
        state.seq = last
    return added, removed


def add_commitments(store: Store, embed: Encode, items: Iterable[StoredCommitment], vindex: VectorIndex,
                    kindex: KeywordIndex, lock: AbstractContextManager | None = None,
                    commitment_passages: dict[int, int] | None = None, memo: VectorMemo | None = None) -> int:
    """Embed commitments and add them to the indexes (under `lock`); returns how many."""
    n = 0
    contexts = ContextCache(store)
    for batch in batched(items, EMBED_BATCH):
        with _timed("units"):
            unit_list = []
            for sc in batch:
                by_index = contexts.passages(sc.document_id)
                sp = by_index.get(sc.commitment.passage_index)
                sentence = mended_commitment(sc, sp, sentence_spans(sp), index_neighbour(by_index))[0] if sp else None
                unit_list.append(commitment_unit(sc, passage_context(sp, sc.document_title, by_index), sentence))
            texts = [u.text for u in unit_list]
            ids = np.array([sc.id for sc in batch], dtype=np.int64)
        with _timed("embed"):
            vecs = embed_units(embed, unit_list, vindex.dim, memo)
        with lock if lock is not None else nullcontext():
            with _timed("faiss"):
                vindex.add(ids, vecs)
            with _timed("keyword"):
                for sc, text in zip(batch, texts):
                    unit_terms, unit_words = commitment_terms(sc, text)
                    kindex.add(keyword_key("c", sc.id), unit_terms)
                    kindex.note_words(unit_words)
            if commitment_passages is not None:
                commitment_passages.update((sc.id, sc.passage_id) for sc in batch if sc.passage_id is not None)
        n += len(batch)
    return n


class CommitmentSpans:
    """The commitment sentences of the last few documents, by passage index: (start, end) in the document's text."""

    def __init__(self, store: Store, size: int = 64):
        self.store = store
        self.size = size
        self.cache: dict[int, dict[int, list[tuple[int, int]]]] = {}

    def of(self, document_id: int) -> dict[int, list[tuple[int, int]]]:
        got = self.cache.get(document_id)
        if got is None:
            if len(self.cache) >= self.size:
                self.cache.pop(next(iter(self.cache)))
            got = {}
            for sc in self.store.iter_commitments(CommitmentFilter(document_id=document_id)):
                c = sc.commitment
                got.setdefault(c.passage_index, []).append((c.sentence_start, c.sentence_end))
            self.cache[document_id] = got
        return got


def add_passages(store: Store, embed: Encode, dim: int, items: Iterable[StoredPassage], vindex: VectorIndex,
                 kindex: KeywordIndex, passage_sentences: dict[int, int],
                 lock: AbstractContextManager | None = None, memo: VectorMemo | None = None) -> int:
    """Split passages into sentence units, embed them and add them to the indexes (under `lock`); returns how many."""
    titles: dict[int, str] = {}
    contexts = ContextCache(store)
    commitment_spans = CommitmentSpans(store)
    n = 0
    for batch in batched(items, EMBED_BATCH // 4):
        with _timed("units"):
            need = {sp.document_id for sp in batch} - titles.keys()
            if need:
                for did, (name, title) in store.search_documents(sorted(need)).items():
                    titles[did] = title or name
            keys: list[int] = []
            unit_list: list[UnitText] = []
            counts: dict[int, int] = {}
            for sp in batch:
                spans = sentence_spans(sp)
                counts[sp.id] = len(spans)
                title = titles.get(sp.document_id, "")
                by_index = contexts.passages(sp.document_id)
                context = passage_context(sp, title, by_index)
                taken = commitment_spans.of(sp.document_id).get(sp.passage.index, [])
                base = sp.passage.start
                for i, (s, e) in enumerate(spans):
                    if taken and covered(base + s, base + e, taken):
                        continue   # the commitment unit stands for this sentence (indexer/units.py)
                    keys.append(sentence_key(sp.id, i))
                    unit_list.append(sentence_unit(title, context,
                                                   mended_sentence(sp, i, spans, index_neighbour(by_index))[0]))
            texts = [u.text for u in unit_list]
        with _timed("embed"):
            vecs = embed_units(embed, unit_list, dim, memo)
        with lock if lock is not None else nullcontext():
            with _timed("faiss"):
                vindex.add(np.array(keys, dtype=np.int64), vecs)
            with _timed("keyword"):
                for key, text in zip(keys, texts):
                    unit_terms, unit_words = terms_and_words(text)
                    kindex.add(keyword_key("s", key), unit_terms)
                    kindex.note_words(unit_words)
            passage_sentences.update(counts)
        n += len(keys)
    return n


def batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
