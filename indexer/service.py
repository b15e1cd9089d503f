"""SearchService: hybrid (dense + BM25) search over commitments and passage sentences.

Units and ids
-------------
Two kinds of unit are indexed:

* every commitment, under its store id (vector index `commitments`);
* every sentence of every passage (sentence-level units find the one sentence
  that answers a query inside a long paragraph), under
  `passage_id * 1024 + sentence_number` (vector index `sentences`; a passage
  with more than 1024 sentences has its tail in the last one).

The keyword index holds both in one collection under `2 * commitment_id` and
`2 * sentence_key + 1`.  FAISS and the keyword index hold only integer ids;
all text stays in SQLite and is fetched for the hits.

The text embedded for a unit carries its context: the document title, and for
a commitment its resolved actor and deadline, so "Albania's 2030 target" finds
"it commits to reduce ... by 2030" in Albania's document.

Keeping up with the store
-------------------------
Triggers log every insert/delete of a passage or commitment
(`search_changes`, kb/schema/002_search.sql) in the store's own transactions.
The saved manifest records the last change the index holds; `sync()` replays
the log from there (adds and removes in place, no rebuild), saves a new
snapshot atomically and prunes the log.  On load the unit counts are compared
with the store's, and a disagreeing index is rebuilt.

Thread safety: `_lock` (an RLock) guards every read and change of the
in-memory indexes; `_sync_lock` serialises syncs, whose embedding runs outside
`_lock` so searches go on meanwhile.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import threading
import time
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from kb.config import Settings
from kb.errors import IndexMismatch, InvalidQuery, NotFound
from kb.models import CommitmentFilter, StoredCommitment, StoredPassage
from kb.store import Store

from indexer.embedder import Embedder, make_embedder
from indexer.keyword import KeywordIndex
from indexer.text import (
    STOPWORDS,
    YEAR_RE,
    QueryInfo,
    analyse_query,
    has_amount,
    highlight,
    name_words,
    split_sentences,
    terms,
    words,
)
from indexer.vectors import VectorIndex

log = logging.getLogger(__name__)

MODES = ("hybrid", "dense", "keyword")
MAX_K = 1000
MAX_QUERY_CHARS = 1000
SENTENCES_PER_PASSAGE = 1024
INDEX_FORMAT = 1
EMBED_BATCH = 2048          # units embedded per step of a build
RRF_K = 60
# fusion: "minmax" (weighted sum of min-max normalised scores, measured best on the dev set), "rrf", "raw"
FUSION = "minmax"
# BM25 scores are normalised by the best candidate's, which makes the top keyword match count as much as
# the top dense match; this scale (measured on the dev set: 0.3-0.5 all better than 1.0) evens that out
KW_SCALE = 0.4
# a dense-only match below this cosine is not shown (a relevance floor)
DENSE_FLOOR = 0.20
# query analysis boosts (multiplicative on the fused score)
NAME_BOOST = 0.5
YEAR_BOOST = 0.25
# a question that asks when (or how much) raises the units that state a date (or an amount): the answer type
# of the question, as question answering matches it; measured on the dev set (hybrid): 0 -> nDCG 0.854 / recall
# 0.941, 0.1 -> 0.858 / 0.941, 0.2 -> 0.866 / 0.960, 0.3 -> 0.867 / 0.960; no query scored lower at 0.2
ANSWER_TYPE_BOOST = 0.2
# score factor of the n-th further commitment of a sentence already listed (n=1, 2, ...);
# measured on the dev set: 0.85 -> nDCG 0.845 / recall 0.923, 0.95 -> 0.854 / 0.941, 1.0 -> 0.851 / 0.934
SAME_SENTENCE_DECAY = 0.95
# priors: a passage sentence against a commitment; a heading or a fragment of under 4 words
PASSAGE_PRIOR = 0.85
SHORT_PRIOR = 0.6
# the most characters of a list's introducing passage carried into its items' text
CONTEXT_CHARS = 200


@dataclass(frozen=True)
class SearchHit:
    """One result: a commitment or a passage sentence."""

    kind: str                    # "commitment" | "passage"
    id: int                      # the store's commitment id or passage id
    document_id: int
    doc_name: str                # the document's source file name
    doc_title: str
    sentence: str                # commitment sentence, or the matching sentence of the passage
    score: float
    matched_by: tuple[str, ...]  # ("dense", "keyword")
    matched_terms: tuple[str, ...]
    highlights: tuple[tuple[int, int], ...]   # offsets into `sentence`
    commitment: StoredCommitment | None = None
    passage: StoredPassage | None = None
    sentence_start: int = 0      # offsets of `sentence` in the document's text
    sentence_end: int = 0
    boosts: tuple[str, ...] = ()  # query analysis that raised it: "name:Albania", "year:2030", "answer:date"


@dataclass(frozen=True)
class SyncReport:
    added: int = 0
    removed: int = 0
    commitments: int = 0          # commitments in the index after the sync
    sentences: int = 0            # passage sentences in the index after the sync
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0

    def __str__(self) -> str:
        what = f"rebuilt ({self.reason})" if self.rebuilt else f"{self.added} units added, {self.removed} removed"
        return (f"{what}; {self.commitments} commitments and {self.sentences} passage sentences indexed"
                f" in {self.seconds:.1f} s")


@dataclass
class _Unit:
    """A candidate during one search."""

    kind: str                     # "c" | "s"
    key: int                      # commitment id, or sentence key
    dense: float | None = None
    dense_rank: int | None = None
    kw: float = 0.0
    kw_rank: int | None = None
    score: float = 0.0
    boosts: list[str] = field(default_factory=list)


def _kw_key(kind: str, key: int) -> int:
    return 2 * key + (0 if kind == "c" else 1)


def _unit_of_kw(kw_key: int) -> tuple[str, int]:
    return ("c", kw_key // 2) if kw_key % 2 == 0 else ("s", kw_key // 2)


def commitment_text(sc: StoredCommitment, context: str = "") -> str:
    """The text embedded for a commitment: title, context, resolved actor + action + target + deadline, sentence."""
    c = sc.commitment
    title = sc.document_title.strip() or sc.document_name
    what = " ".join(x for x in (c.actor, c.action, c.target) if x).strip()
    if c.deadline is not None and c.deadline.year:
        what += f" by {c.deadline.year}"
    return ". ".join(p for p in (title, context, what, c.sentence.strip()) if p)


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


def _checksum(ids: np.ndarray) -> int:
    return zlib.crc32(np.sort(np.asarray(ids, dtype=np.int64)).tobytes())


class SearchService:
    def __init__(self, settings: Settings, store: Store, embedder: Embedder | None = None):
        self.settings = settings
        self.store = store
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        self._lock = threading.RLock()
        self._sync_lock = threading.Lock()
        self._loaded = False
        self.commitments = VectorIndex(self.dim, settings.exact_index_limit)
        self.sentences = VectorIndex(self.dim, settings.exact_index_limit)
        self.keywords = KeywordIndex()
        self.passage_sentences: dict[int, int] = {}   # passage id -> number of sentence units
        self.seq = 0                                  # last store change the index holds
        self._names: list[tuple[str, frozenset[str]]] | None = None
        self._filter_cache: dict[tuple[CommitmentFilter, int], np.ndarray] = {}
        self._last_save: float | None = None   # time.monotonic() of the last snapshot saved
        self._dirty = False                    # changes applied in memory but not yet saved

    # -- model ---------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings)
            return self._embedder

    @property
    def model_name(self) -> str:
        return self._embedder.name if self._embedder is not None else self.settings.embedding_name

    @property
    def dim(self) -> int:
        return self._embedder.dim if self._embedder is not None else self.settings.embedding_dim

    @property
    def dense_floor(self) -> float:
        """The cosine under which a match on meaning alone is not shown (the model's own, if it says)."""
        return float(getattr(self._embedder, "relevance_floor", DENSE_FLOOR))

    # -- files ---------------------------------------------------------------

    @property
    def index_dir(self) -> Path:
        return Path(self.settings.index_dir)

    @property
    def manifest_path(self) -> Path:
        return self.index_dir / "manifest.json"

    def read_manifest(self) -> dict | None:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("unreadable search manifest %s: the index will be rebuilt", self.manifest_path)
            return None

    def check(self) -> None:
        """Raise IndexMismatch when the saved index was built with another model or dimension."""
        manifest = self.read_manifest()
        if manifest is None:
            return
        if manifest.get("model") != self.model_name or int(manifest.get("dim", -1)) != self.dim:
            raise IndexMismatch(
                f"the search index in {self.index_dir} was built with {manifest.get('model')!r} "
                f"({manifest.get('dim')}-d vectors) but the settings name {self.model_name!r} ({self.dim}-d):"
                " run `policykb reindex`"
            )

    def _load(self) -> str | None:
        """Load the saved snapshot; returns why it cannot be used, or None."""
        manifest = self.read_manifest()
        if manifest is None:
            return "no saved index"
        self.check()
        if manifest.get("format") != INDEX_FORMAT:
            return "index format changed"
        if manifest.get("store_schema") != self.store.schema_version:
            return "store schema changed"
        if int(manifest.get("change_seq", 0)) > self.store.search_change_seq() and self.store.search_change_seq() > 0:
            return "index is ahead of the store"
        snap = self.index_dir / manifest["snapshot"]
        try:
            with open(snap / "meta.pkl", "rb") as fh:
                meta = pickle.load(fh)  # our own file
            commitments = VectorIndex.read(snap / "commitments.faiss", self.dim, self.settings.exact_index_limit,
                                           meta["tombstones_c"])
            sentences = VectorIndex.read(snap / "sentences.faiss", self.dim, self.settings.exact_index_limit,
                                         meta["tombstones_s"])
            keywords = KeywordIndex.read(snap / "keyword.pkl")
        except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError, RuntimeError) as exc:
            return f"saved index unreadable ({type(exc).__name__})"
        counts = manifest.get("counts", {})
        if (len(commitments) != counts.get("commitments") or len(sentences) != counts.get("sentences")
                or len(keywords) != counts.get("keyword")
                or _checksum(commitments.ids()) != manifest.get("commitment_ids_crc")):
            return "saved index files disagree with their manifest"
        with self._lock:
            self.commitments, self.sentences, self.keywords = commitments, sentences, keywords
            self.passage_sentences = meta["passage_sentences"]
            self.seq = int(manifest.get("change_seq", 0))
        return None

    def _save(self) -> None:
        """Write a new snapshot (temp dir, fsync), then switch the manifest to it with an atomic rename."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        name = f"snap-{uuid.uuid4().hex[:12]}"
        tmp = self.index_dir / (name + ".tmp")
        tmp.mkdir()
        with self._lock:
            self.commitments.write(tmp / "commitments.faiss")
            self.sentences.write(tmp / "sentences.faiss")
            self.keywords.write(tmp / "keyword.pkl")
            with open(tmp / "meta.pkl", "wb") as fh:
                pickle.dump({
                    "passage_sentences": self.passage_sentences,
                    "tombstones_c": self.commitments.tombstones,
                    "tombstones_s": self.sentences.tombstones,
                }, fh, protocol=pickle.HIGHEST_PROTOCOL)
            manifest = {
                "format": INDEX_FORMAT,
                "model": self.model_name,
                "dim": self.dim,
                "store_schema": self.store.schema_version,
                "change_seq": self.seq,
                "snapshot": name,
                "counts": {
                    "commitments": len(self.commitments), "sentences": len(self.sentences),
                    "passages": len(self.passage_sentences), "keyword": len(self.keywords),
                },
                "commitment_ids_crc": _checksum(self.commitments.ids()),
                "vector_index": {"commitments": self.commitments.kind, "sentences": self.sentences.kind},
                "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
        for f in tmp.iterdir():
            _fsync(f)
        os.rename(tmp, self.index_dir / name)
        _fsync_dir(self.index_dir)
        _atomic_write(self.manifest_path, json.dumps(manifest, indent=1).encode("utf-8"))
        for old in self.index_dir.iterdir():  # older snapshots and crashed temp dirs
            if old.is_dir() and old.name.startswith("snap-") and old.name != name:
                shutil.rmtree(old, ignore_errors=True)

    # -- keeping up with the store --------------------------------------------

    def sync(self) -> SyncReport:
        """Make the index agree with the store; cheap when nothing changed."""
        with self._sync_lock:
            return self._sync()

    def _sync(self) -> SyncReport:
        t0 = time.perf_counter()
        if not self._loaded:
            why = self._load()
            self._loaded = True
            if why is not None:
                report = self._rebuild()
                return SyncReport(**{**report.__dict__, "reason": why, "seconds": time.perf_counter() - t0})
            added, removed = self._apply_changes()
            c, p = self.store.search_unit_counts()
            if len(self.commitments) != c or len(self.passage_sentences) != p:
                report = self._rebuild()
                return SyncReport(**{**report.__dict__, "reason": "index disagreed with the store",
                                     "seconds": time.perf_counter() - t0})
        else:
            manifest = self.read_manifest()
            if manifest is not None and int(manifest.get("change_seq", 0)) > self.seq:
                # another process (the CLI beside the web app) saved a newer snapshot and pruned the
                # change log up to it: take its snapshot rather than replay a log with a gap
                why = self._load()
                if why is not None:
                    report = self._rebuild()
                    return SyncReport(**{**report.__dict__, "reason": why, "seconds": time.perf_counter() - t0})
            added, removed = self._apply_changes()
        return SyncReport(added=added, removed=removed, commitments=len(self.commitments),
                          sentences=len(self.sentences), seconds=time.perf_counter() - t0)

    def reindex(self) -> SyncReport:
        """Rebuild the index from the store."""
        with self._sync_lock:
            self._loaded = True
            report = self._rebuild()
            return report

    def _rebuild(self) -> SyncReport:
        t0 = time.perf_counter()
        seq = self.store.search_change_seq()   # changes after this are replayed by the next sync
        commitments = VectorIndex(self.dim, self.settings.exact_index_limit)
        sentences = VectorIndex(self.dim, self.settings.exact_index_limit)
        keywords = KeywordIndex()
        passage_sentences: dict[int, int] = {}
        self._add_commitments(self.store.iter_commitments(), commitments, keywords)
        self._add_passages(self.store.iter_passages(), sentences, keywords, passage_sentences)
        for vi in (commitments, sentences):
            if len(vi) > self.settings.exact_index_limit and vi.exact:
                vi.rebuild()
        with self._lock:
            self.commitments, self.sentences, self.keywords = commitments, sentences, keywords
            self.passage_sentences = passage_sentences
            self.seq = seq
            self._names = None
        self._persist(force=True)
        return SyncReport(added=len(commitments) + len(sentences), commitments=len(commitments),
                          sentences=len(sentences), rebuilt=True, reason="rebuilt from the store",
                          seconds=time.perf_counter() - t0)

    def _apply_changes(self) -> tuple[int, int]:
        changes = self.store.search_changes_since(self.seq)
        if not changes:
            return 0, 0
        last = changes[-1][0]
        touched_c = sorted({uid for _, kind, uid, _ in changes if kind == "c"})
        touched_p = sorted({uid for _, kind, uid, _ in changes if kind == "p"})
        # fetch what exists now (a unit added then removed is simply gone)
        cur_c = self.store.commitments_by_ids(touched_c)
        cur_p = self.store.passages_by_ids(touched_p)
        with self._lock:
            removed = 0
            tc = np.array(touched_c, dtype=np.int64)
            old_c = tc[np.isin(tc, self.commitments.ids())]
            if len(old_c):
                self.commitments.remove(old_c)
                self.keywords.remove((2 * old_c).tolist())
                removed += len(old_c)
            old_s: list[int] = []
            for pid in touched_p:
                n = self.passage_sentences.pop(pid, 0)
                old_s.extend(pid * SENTENCES_PER_PASSAGE + i for i in range(n))
            if old_s:
                arr = np.array(old_s, dtype=np.int64)
                self.sentences.remove(arr)
                self.keywords.remove((2 * arr + 1).tolist())
                removed += len(old_s)
        # embed outside the lock: searches continue on the old state meanwhile
        added = self._add_commitments(cur_c.values(), self.commitments, self.keywords, lock=True)
        added += self._add_passages(cur_p.values(), self.sentences, self.keywords, self.passage_sentences, lock=True)
        with self._lock:
            self.seq = last
            self._names = None
        self._persist()
        return added, removed

    def _persist(self, force: bool = False) -> None:
        """Save a snapshot and prune the change log it covers, at most once per `index_save_interval_s`.

        Why not on every change: a snapshot is the whole index (about 2 GB at a
        million commitments).  Between saves the store's change log still holds
        every change after the saved snapshot, so a crash loses nothing: the
        next start loads the snapshot and replays the log.  `flush()` saves
        what is pending (the web worker calls it when idle).
        """
        now = time.monotonic()
        if not force and self._last_save is not None and now - self._last_save < self.settings.index_save_interval_s:
            self._dirty = True
            return
        self._save()
        self.store.prune_search_changes(self.seq)
        self._last_save, self._dirty = now, False

    def flush(self) -> bool:
        """Save changes that `_persist` held back; returns whether anything was saved."""
        with self._sync_lock:
            if not self._dirty:
                return False
            self._persist(force=True)
            return True

    def on_document_stored(self, document_id: int) -> None:
        """A pipeline listener: index the new document's units now (the change log says which)."""
        self.sync()

    def _batched(self, items: Iterable, size: int = EMBED_BATCH) -> Iterable[list]:
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _add_commitments(self, items: Iterable[StoredCommitment], vindex: VectorIndex, kindex: KeywordIndex,
                         lock: bool = False) -> int:
        n = 0
        contexts = _ContextCache(self.store)
        for batch in self._batched(items):
            texts = []
            for sc in batch:
                by_index = contexts.passages(sc.document_id)
                sp = by_index.get(sc.commitment.passage_index)
                texts.append(commitment_text(sc, passage_context(sp, sc.document_title, by_index)))
            vecs = self.embedder.encode(texts)
            ids = np.array([sc.id for sc in batch], dtype=np.int64)
            with self._lock if lock else _nolock():
                vindex.add(ids, vecs)
                for sc, text in zip(batch, texts):
                    kindex.add(2 * sc.id, terms(text + " " + (sc.commitment.actor or "")))
            n += len(batch)
        return n

    def _add_passages(self, items: Iterable[StoredPassage], vindex: VectorIndex, kindex: KeywordIndex,
                      passage_sentences: dict[int, int], lock: bool = False) -> int:
        titles: dict[int, str] = {}
        contexts = _ContextCache(self.store)
        n = 0
        for batch in self._batched(items, EMBED_BATCH // 4):
            need = {sp.document_id for sp in batch} - titles.keys()
            if need:
                for did, (name, title) in self.store.search_documents(sorted(need)).items():
                    titles[did] = title or name
            keys: list[int] = []
            texts: list[str] = []
            counts: dict[int, int] = {}
            for sp in batch:
                spans = split_sentences(sp.passage.text, SENTENCES_PER_PASSAGE)
                counts[sp.id] = len(spans)
                title = titles.get(sp.document_id, "")
                context = passage_context(sp, title, contexts.passages(sp.document_id))
                for i, (s, e) in enumerate(spans):
                    keys.append(sp.id * SENTENCES_PER_PASSAGE + i)
                    texts.append(sentence_text(title, context, sp.passage.text[s:e]))
            vecs = self.embedder.encode(texts) if texts else np.zeros((0, self.dim), np.float32)
            with self._lock if lock else _nolock():
                vindex.add(np.array(keys, dtype=np.int64), vecs)
                for key, text in zip(keys, texts):
                    kindex.add(2 * key + 1, terms(text))
                passage_sentences.update(counts)
            n += len(keys)
        return n

    def _ensure_ready(self) -> None:
        """Load (and catch up) on first use; later, catch up when the store has changed."""
        if not self._loaded:
            self.sync()
            return
        if self.store.search_change_seq() > self.seq and self._sync_lock.acquire(blocking=False):
            try:
                self._sync()
            finally:
                self._sync_lock.release()

    # -- search --------------------------------------------------------------

    def search(self, query: str, k: int = 10, mode: str = "hybrid",
               filters: CommitmentFilter | None = None) -> list[SearchHit]:
        query = _validate(query, k, mode, filters)
        k = int(k)
        info = analyse_query(query)
        self._ensure_ready()
        allowed = None
        if filters is not None and not filters.is_empty():
            allowed = self._allowed_ids(filters)
            if len(allowed) == 0:
                return []
        depth = min(max(100, 3 * k), 3 * MAX_K)
        cands: dict[tuple[str, int], _Unit] = {}
        qvec = None
        if mode in ("hybrid", "dense"):
            qvec = self.embedder.encode([query])[0]
        with self._lock:
            if qvec is not None:
                self._dense_candidates(qvec, depth, allowed, cands)
            if mode in ("hybrid", "keyword") and info.terms:
                self._keyword_candidates(info, depth, allowed, cands)
            if mode == "hybrid" and cands:
                self._complete_scores(qvec, info, cands)
        if not cands:
            return []
        units = list(cands.values())
        hits = self._hydrate(units)
        if mode == "hybrid":
            self._fuse(hits, info)
        else:
            for u, _ in hits:
                u.score = u.dense if mode == "dense" else u.kw
            if mode == "dense":
                hits = [(u, h) for u, h in hits if (u.dense or 0.0) >= self.dense_floor]
        hits.sort(key=lambda uh: -uh[0].score)
        return self._dedupe_and_build(hits, info, k, positive_only=mode != "dense")

    def _allowed_ids(self, filters: CommitmentFilter) -> np.ndarray:
        """The store's ids for a filter, cached until the store changes (the web UI repeats its filters)."""
        key = (filters, self.store.search_change_seq())
        with self._lock:
            got = self._filter_cache.get(key)
        if got is None:
            got = np.array(self.store.commitment_ids(filters), dtype=np.int64)
            with self._lock:
                if len(self._filter_cache) >= 32:
                    self._filter_cache.pop(next(iter(self._filter_cache)))
                self._filter_cache[key] = got
        return got

    def _dense_candidates(self, qvec: np.ndarray, depth: int, allowed: np.ndarray | None,
                          cands: dict[tuple[str, int], _Unit]) -> None:
        lists = [("c", self.commitments.search(qvec, depth, allowed=allowed))]
        if allowed is None:
            lists.append(("s", self.sentences.search(qvec, depth)))
        merged = []
        for kind, (scores, ids) in lists:
            for s, i in zip(scores[0].tolist() if len(scores) else [], ids[0].tolist() if len(ids) else []):
                if i >= 0:
                    merged.append((s, kind, int(i)))
        merged.sort(key=lambda t: -t[0])
        for rank, (s, kind, i) in enumerate(merged[:2 * depth]):
            u = cands.setdefault((kind, i), _Unit(kind, i))
            u.dense, u.dense_rank = float(s), rank

    def _keyword_candidates(self, info: QueryInfo, depth: int, allowed: np.ndarray | None,
                            cands: dict[tuple[str, int], _Unit]) -> None:
        kw_allowed = 2 * allowed if allowed is not None else None
        scores, keys = self.keywords.search(info.terms, depth, allowed=kw_allowed)
        for rank, (s, key) in enumerate(zip(scores.tolist(), keys.tolist())):
            kind, i = _unit_of_kw(int(key))
            u = cands.setdefault((kind, i), _Unit(kind, i))
            u.kw, u.kw_rank = float(s), rank

    def _complete_scores(self, qvec: np.ndarray | None, info: QueryInfo,
                         cands: dict[tuple[str, int], _Unit]) -> None:
        """Second stage: give every candidate both scores (cosine from its stored vector, BM25 over the candidates)."""
        if qvec is not None:
            for kind, vi in (("c", self.commitments), ("s", self.sentences)):
                missing = [u for u in cands.values() if u.kind == kind and u.dense is None]
                if missing:
                    vecs = vi.vectors(np.array([u.key for u in missing], dtype=np.int64))
                    for u, s in zip(missing, (vecs @ qvec).tolist()):
                        u.dense = float(s)
        missing_kw = [u for u in cands.values() if u.kw_rank is None]
        if missing_kw and info.terms:
            keys = np.array([_kw_key(u.kind, u.key) for u in missing_kw], dtype=np.int64)
            scores, got = self.keywords.search(info.terms, len(keys), allowed=keys)
            by_key = dict(zip(got.tolist(), scores.tolist()))
            for u in missing_kw:
                u.kw = float(by_key.get(_kw_key(u.kind, u.key), 0.0))

    def _fuse(self, hits: list[tuple[_Unit, SearchHit]], info: QueryInfo) -> None:
        """Hybrid score: weighted sum of the two scores normalised over the candidates, times query-analysis boosts."""
        wd, wk = self.settings.dense_weight, self.settings.keyword_weight
        dense = np.array([u.dense if u.dense is not None else 0.0 for u, _ in hits], dtype=np.float64)
        kw = np.array([u.kw for u, _ in hits], dtype=np.float64)
        d_lo, d_hi = (float(np.percentile(dense, 10)), float(dense.max())) if len(dense) else (0.0, 1.0)
        k_hi = float(kw.max()) if len(kw) and kw.max() > 0 else 1.0
        names = self._query_names(info)
        d_rank = {id(u): r for r, (u, _) in enumerate(sorted(hits, key=lambda uh: -(uh[0].dense or 0.0)))}
        k_rank = {id(u): r for r, (u, _) in enumerate(sorted(hits, key=lambda uh: -uh[0].kw))}
        for (u, h), d, s in zip(hits, dense, kw):
            if FUSION == "rrf":
                score = wd / (RRF_K + d_rank[id(u)]) + (wk / (RRF_K + k_rank[id(u)]) if s > 0 else 0.0)
                score *= RRF_K / 2
            elif FUSION == "raw":
                score = (wd * d + wk * KW_SCALE * s / k_hi) / max(wd + wk, 1e-9)
            else:
                dn = max(0.0, (d - d_lo) / (d_hi - d_lo)) if d_hi > d_lo else 0.0
                kn = KW_SCALE * s / k_hi
                score = (wd * dn + wk * kn) / max(wd + wk, 1e-9)
            boost = 1.0
            context = _context_words(h) if names else frozenset()
            for label, nw in names:
                if nw and nw <= context:
                    boost += NAME_BOOST
                    u.boosts.append(f"name:{label}")
                    break
            year = _deadline_year(h)
            for y in info.years:
                if year == y or str(y) in h.sentence:
                    boost += YEAR_BOOST
                    u.boosts.append(f"year:{y}")
                    break
            if info.wants_date and (year is not None or YEAR_RE.search(h.sentence)):
                boost += ANSWER_TYPE_BOOST
                u.boosts.append("answer:date")
            if info.wants_amount and (_quantity(h) or has_amount(h.sentence)):
                boost += ANSWER_TYPE_BOOST
                u.boosts.append("answer:amount")
            if d < self.dense_floor and s <= 0:
                score = 0.0
            u.score = score * boost * _prior(h)

    def _query_names(self, info: QueryInfo) -> list[tuple[str, frozenset[str]]]:
        """The names a query mentions that are actors or document titles' words in this knowledge base."""
        if not info.names:
            return []
        known = self._known_name_words()
        out = []
        for name in info.names:
            nw = name_words(name)
            if nw and any(nw <= kw for kw in known):
                out.append((name, nw))
        return out

    def _known_name_words(self) -> list[frozenset[str]]:
        if self._names is None:
            self._names = [(n, name_words(n)) for _, n in self.store.search_names()]
        return [w for _, w in self._names]

    # -- hits ------------------------------------------------------------------

    def _hydrate(self, units: list[_Unit]) -> list[tuple[_Unit, SearchHit]]:
        """Fetch the text of the candidates from the store (units the store no longer has drop out)."""
        cids = [u.key for u in units if u.kind == "c"]
        pids = sorted({u.key // SENTENCES_PER_PASSAGE for u in units if u.kind == "s"})
        comms = self.store.commitments_by_ids(cids) if cids else {}
        passages = self.store.passages_by_ids(pids) if pids else {}
        docs = self.store.search_documents(sorted({p.document_id for p in passages.values()})) if passages else {}
        out = []
        split_cache: dict[int, list[tuple[int, int]]] = {}
        for u in units:
            if u.kind == "c":
                sc = comms.get(u.key)
                if sc is None:
                    continue
                c = sc.commitment
                h = SearchHit("commitment", sc.id, sc.document_id, sc.document_name, sc.document_title, c.sentence,
                              0.0, (), (), (), commitment=sc, sentence_start=c.sentence_start,
                              sentence_end=c.sentence_end)
            else:
                pid, no = divmod(u.key, SENTENCES_PER_PASSAGE)
                sp = passages.get(pid)
                if sp is None:
                    continue
                spans = split_cache.get(pid)
                if spans is None:
                    spans = split_cache[pid] = split_sentences(sp.passage.text, SENTENCES_PER_PASSAGE)
                if no >= len(spans):
                    continue
                s, e = spans[no]
                name, title = docs.get(sp.document_id, ("", ""))
                h = SearchHit("passage", pid, sp.document_id, name, title, sp.passage.text[s:e], 0.0, (), (), (),
                              passage=sp, sentence_start=sp.passage.start + s, sentence_end=sp.passage.start + e)
            out.append((u, h))
        return out

    def _dedupe_and_build(self, hits: list[tuple[_Unit, SearchHit]], info: QueryInfo, k: int,
                          positive_only: bool = True) -> list[SearchHit]:
        """Best first, one entry per sentence, except that distinct commitments of one sentence stay apart.

        A passage sentence that is also a commitment's sentence merges into the
        commitment (the commitment is shown, with the better of the two
        scores).  A second or third commitment of the same sentence (one
        sentence often holds several) stays a hit of its own, since it names
        another action and target, but its score decays so that one sentence
        does not crowd the top of the list.
        """
        groups: list[list[tuple[_Unit, SearchHit]]] = []
        by_doc: dict[int, list[int]] = {}
        for u, h in hits:
            if (positive_only and u.score <= 0) or len(groups) >= k:
                # hits come best first: once k sentences are listed, the rest can only fall below them
                break
            placed = False
            for gi in by_doc.get(h.document_id, []):
                g = groups[gi]
                if any(_same_sentence(h, other) for _, other in g):
                    g.append((u, h))
                    placed = True
                    break
            if not placed:
                by_doc.setdefault(h.document_id, []).append(len(groups))
                groups.append([(u, h)])
        entries = []
        for g in groups:
            comms = [(u, h) for u, h in g if h.kind == "commitment"]
            reps = comms if comms else g[:1]
            for i, (u, h) in enumerate(reps):
                members = g if i == 0 else [(u, h)]
                score = g[0][0].score if i == 0 else u.score * SAME_SENTENCE_DECAY ** i
                entries.append((score, u, h, members))
        entries.sort(key=lambda e: -e[0])
        out = []
        for score, u, h, members in entries[:k]:
            matched_by = tuple(m for m, ok in (
                ("dense", any(x.dense is not None and x.dense >= self.dense_floor and x.dense_rank is not None
                              for x, _ in members)),
                ("keyword", any(x.kw > 0 for x, _ in members)),
            ) if ok)
            spans, matched = highlight(h.sentence, set(info.stems))
            boosts = tuple(dict.fromkeys(b for x, _ in members for b in x.boosts))
            out.append(SearchHit(
                h.kind, h.id, h.document_id, h.doc_name, h.doc_title, h.sentence, round(float(score), 6),
                matched_by, matched, spans, h.commitment, h.passage, h.sentence_start, h.sentence_end, boosts,
            ))
        return out

    # -- similar ---------------------------------------------------------------

    def similar_commitments(self, commitment_id: int, k: int = 5) -> list[SearchHit]:
        """The commitments nearest to this one in other documents."""
        if not isinstance(k, int) or isinstance(k, bool) or k < 1 or k > MAX_K:
            raise InvalidQuery(f"k must be a whole number from 1 to {MAX_K}")
        self._ensure_ready()
        sc = self.store.get_commitment(int(commitment_id))
        own = np.array(self.store.commitment_ids(CommitmentFilter(document_id=sc.document_id)), dtype=np.int64)
        with self._lock:
            if not np.isin(int(commitment_id), self.commitments.ids()):
                raise NotFound(f"commitment {commitment_id} is not in the search index yet: run `policykb reindex`")
            qvec = self.commitments.vectors(np.array([commitment_id], dtype=np.int64))[0]
            scores, ids = self.commitments.search(qvec, 3 * k + 10, exclude=own)
        units = [_Unit("c", int(i), dense=float(s), dense_rank=r, score=float(s))
                 for r, (s, i) in enumerate(zip(scores[0].tolist(), ids[0].tolist())) if i >= 0]
        hits = self._hydrate(units)
        info = analyse_query(sc.commitment.sentence)
        return self._dedupe_and_build(hits, info, k, positive_only=False)

    # -- introspection ---------------------------------------------------------

    def stats(self) -> dict:
        with self._lock:
            return {
                "commitments": len(self.commitments), "sentences": len(self.sentences),
                "passages": len(self.passage_sentences), "keyword_units": len(self.keywords),
                "vector_index": {"commitments": self.commitments.kind, "sentences": self.sentences.kind},
                "model": self.model_name, "dim": self.dim, "change_seq": self.seq,
                "memory_bytes": self.commitments.memory_bytes() + self.sentences.memory_bytes()
                + self.keywords.memory_bytes(),
            }


# -- helpers ---------------------------------------------------------------------

class _ContextCache:
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


class _nolock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _validate(query: object, k: object, mode: str, filters: CommitmentFilter | None) -> str:
    if not isinstance(query, str):
        raise InvalidQuery("the query must be text")
    query = " ".join(query.split())
    if not query:
        raise InvalidQuery("the query is empty: type some words to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    if not words(query):
        raise InvalidQuery("the query has no words to search for (only symbols or emoji)")
    if not isinstance(k, int) or isinstance(k, bool) or k < 1 or k > MAX_K:
        raise InvalidQuery(f"k must be a whole number from 1 to {MAX_K}, not {k!r}")
    if mode not in MODES:
        raise InvalidQuery(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    if filters is not None:
        f = filters
        if f.deadline_from is not None and f.deadline_to is not None and f.deadline_from > f.deadline_to:
            raise InvalidQuery(f"deadline range {f.deadline_from}-{f.deadline_to} is empty: 'from' is after 'to'")
        for name in ("deadline_from", "deadline_to"):
            v = getattr(f, name)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or not 1000 <= v <= 9999):
                raise InvalidQuery(f"{name.replace('_', ' ')} must be a four-digit year, not {v!r}")
        if f.has_deadline is False and (f.deadline_from is not None or f.deadline_to is not None):
            raise InvalidQuery("a deadline range cannot be combined with 'no deadline'")
    return query


def _same_sentence(a: SearchHit, b: SearchHit) -> bool:
    if a.document_id != b.document_id:
        return False
    lo = max(a.sentence_start, b.sentence_start)
    hi = min(a.sentence_end, b.sentence_end)
    if hi <= lo:
        return a.sentence.strip() == b.sentence.strip()
    shorter = min(a.sentence_end - a.sentence_start, b.sentence_end - b.sentence_start) or 1
    return (hi - lo) / shorter >= 0.5


def _prior(h: SearchHit) -> float:
    """How likely a unit is to be an answer at all: commitments over passage sentences, headings and fragments last."""
    if h.kind == "commitment":
        return 1.0
    prior = PASSAGE_PRIOR
    if h.passage is not None and h.passage.passage.kind == "heading":
        prior *= SHORT_PRIOR
    elif sum(1 for w, _, _ in words(h.sentence) if w not in STOPWORDS) < 4:
        prior *= SHORT_PRIOR
    return prior


def _context_words(h: SearchHit) -> frozenset[str]:
    text = f"{h.doc_title} {h.doc_name} {h.sentence}"
    if h.commitment is not None:
        text += f" {h.commitment.commitment.actor} {' '.join(h.commitment.commitment.places)}"
    return frozenset(w for w, _, _ in words(text))


def _quantity(h: SearchHit) -> bool:
    return h.commitment is not None and h.commitment.commitment.quantity is not None


def _deadline_year(h: SearchHit) -> int | None:
    if h.commitment is not None and h.commitment.commitment.deadline is not None:
        return h.commitment.commitment.deadline.year
    return None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        _fsync(path)
    except OSError:  # some file systems cannot fsync a directory
        pass


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)
