"""SearchService: hybrid (dense + BM25) search over commitments and passage sentences, in one object.

Why a facade: the web app, the CLI and the pipeline need one thing to hold —
the service owns the embedding model (loaded on first use), the in-memory
index, its locks and its saved snapshot — while each job lives in its own
module:

    indexer/units.py       the unit / id scheme and the text embedded per unit
    indexer/snapshot.py    saving and loading the index (manifest, atomic writes)
    indexer/sync.py        building the index and replaying the store's change log
    indexer/query.py       what a search request may ask (one set of checks)
    indexer/candidates.py  gathering candidates from FAISS and the keyword index
    indexer/ranking.py     fusion, boosts and priors (pure; kb.config.RankingParams)
    indexer/rank_learned.py  the learned re-ranker of the first hybrid candidates (rank_model.json)
    indexer/results.py     hydrating hits from the store, de-duplication, explanations

Two ways to ask: `search` returns the hits of one page (`offset` skips the
first ones), as the CLI, the API and the judged evaluations read them;
`search_page` returns a `SearchPage`, what a search page shows around its
hits: how many sentences matched, facet counts over all of them, the
low-confidence signal, a "did you mean" from the index's own words
(`suggest`), and the further commitments of a sentence folded into its hit.
The modes (indexer/query.py) are hybrid, dense, keyword (BM25, any word),
all_words (every word, as a word: "Mar." is not "mars") and phrase (the
words in that order); each hit says in `why` which engine or mode found it
and which boosts raised it.

Keeping up with the store: the saved manifest records the last change of the
store's log the index holds; `sync()` replays the log from there, saves a new
snapshot (at most every `index_save_interval_s`) and prunes the log.  Given a
budget (`sync(budget_s=..., stop=...)`, the web worker's and a stored
document's listener's way) it stops between chunks of the log and the next
sync resumes there, so a huge document is indexed over several turns and a
search in between answers from what is indexed so far.  On load
the unit counts are compared with the store's, and a disagreeing index is
rebuilt.

Thread safety: `_lock` (an RLock) guards every read and change of the
in-memory indexes; `_sync_lock` serialises syncs, whose embedding runs outside
`_lock` so searches go on meanwhile.
"""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Callable

import numpy as np

from kb.config import Settings
from kb.errors import NotFound
from kb.models import CommitmentFilter
from kb.store import Store

from indexer import rank_learned, ranking, snapshot, sync
from indexer.candidates import Candidate, gather
from indexer.embedder import Embedder, make_embedder
from indexer.keyword import KeywordIndex
from indexer.query import MAX_K, MAX_QUERY_CHARS, MODES, check_k, check_offset, validate_search
from indexer.results import (SearchHit, SearchPage, dedupe, explain, facet_counts, hydrate, low_confidence, mend,
                             strict_matches)
from indexer.sync import SyncReport
from indexer.text import QUESTION_WORDS, STOPWORDS, QueryInfo, analyse_query, name_words, words
from indexer.units import SENTENCES_PER_PASSAGE, IndexState
from indexer.vectors import VectorIndex

# seconds of indexing a stored document's listener or a search's catch-up may spend before leaving the rest of
# the change log to a later sync (at least one chunk, indexer/sync.py REPLAY_CHUNK, is always applied)
TURN_BUDGET_S = 2.0
# a search mends the sentences of its first MEND_PER_RESULT * k ranked units (indexer/results.py `mend`): the
# units of one sentence (a commitment and its passage sentence, pieces of a broken sentence) fill a few places
MEND_PER_RESULT = 2

__all__ = ["SearchService", "SearchHit", "SearchPage", "SyncReport", "MODES", "MAX_K", "MAX_QUERY_CHARS",
           "SENTENCES_PER_PASSAGE"]


class SearchService:
    """Search over one store: `search`, `similar_commitments`, and keeping the index in step (`sync`, `flush`)."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder | None = None):
        self.settings = settings
        self.store = store
        self.params = settings.ranking
        # the learned re-ranker of hybrid searches (None: the hand-tuned order alone)
        self.ranker = rank_learned.load()
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        self._lock = threading.RLock()
        self._sync_lock = threading.Lock()
        self._loaded = False
        self.state = IndexState.empty(self.dim, settings.exact_index_limit)
        self._names: list[tuple[str, frozenset[str]]] | None = None
        self._filter_cache: dict[tuple[CommitmentFilter, int], np.ndarray] = {}
        self._last_save: float | None = None   # time.monotonic() of the last snapshot saved
        self._dirty = False                    # changes applied in memory but not yet saved
        self._fresh: list[tuple[bytes, np.ndarray]] = []    # (text hash, vector) embedded since the last save
        self._delta_cache: dict[bytes, np.ndarray] = {}      # the saved deltas' vectors, while loading
        self._check_counts = False      # compare the index's unit counts with the store's after the next full replay
        self.turn_budget_s = TURN_BUDGET_S

    # -- model and index ------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings)
            return self._embedder

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Vectors for index units: from the saved deltas when they hold the text, else from the model.

        What the model embeds is remembered until the next save writes it (a delta, indexer/snapshot.py).
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        hashes = [snapshot.text_hash(t) for t in texts]
        cache = self._delta_cache
        miss = [i for i, h in enumerate(hashes) if h not in cache] if cache else list(range(len(texts)))
        if len(miss) == len(texts):
            out = self.embedder.encode(texts)
        else:
            out = np.empty((len(texts), self.dim), dtype=np.float32)
            for i, h in enumerate(hashes):
                if h in cache:
                    out[i] = cache[h]
            if miss:
                out[miss] = self.embedder.encode([texts[i] for i in miss])
        self._fresh.extend((hashes[i], out[i]) for i in miss)
        return out

    @property
    def model_name(self) -> str:
        # the configured embedder's own name (an int8 model names itself apart); building it loads nothing
        return self.embedder.name

    @property
    def dim(self) -> int:
        return self._embedder.dim if self._embedder is not None else self.settings.embedding_dim

    @property
    def dense_floor(self) -> float:
        """The cosine under which a match on meaning alone is not shown (the model's own, if it says)."""
        return float(getattr(self._embedder, "relevance_floor", self.params.dense_floor))

    # the in-memory indexes by name (the tests and bench/bench_search.py look at them)
    @property
    def commitments(self) -> VectorIndex:
        return self.state.commitments

    @property
    def sentences(self) -> VectorIndex:
        return self.state.sentences

    @property
    def keywords(self) -> KeywordIndex:
        return self.state.keywords

    # -- snapshot --------------------------------------------------------------

    @property
    def index_dir(self) -> Path:
        return Path(self.settings.index_dir)

    @property
    def manifest_path(self) -> Path:
        return self.index_dir / snapshot.MANIFEST

    def read_manifest(self) -> dict | None:
        return snapshot.read_manifest(self.index_dir)

    def check(self) -> None:
        """Raise IndexMismatch when the saved index was built with another model or dimension."""
        snapshot.check_model(self.read_manifest(), self.model_name, self.dim, self.index_dir)

    def _load(self) -> str | None:
        """Load the saved snapshot; returns why it cannot be used, or None."""
        try:
            state = snapshot.load(self.index_dir, self.store, self.model_name, self.dim,
                                  self.settings.exact_index_limit)
        except snapshot.SnapshotUnusable as exc:
            return str(exc)
        if state.seq < self.store.search_changes_pruned_upto():
            # a node down for longer than the log keeps (kb/store_nodes.py): replaying would miss changes
            return "the store's change log was pruned past the saved index"
        manifest = self.read_manifest()
        if manifest is not None and manifest.get("deltas"):
            # the base, then the log up to where the deltas reach, with the deltas' vectors
            self._delta_cache = snapshot.delta_vectors(self.index_dir, manifest)
            try:
                sync.replay(self.store, self._embed, self.dim, state, nullcontext(),
                            upto=int(manifest.get("change_seq", state.seq)))
            finally:
                self._delta_cache = {}
        self._swap(state)
        return None

    def _swap(self, state: IndexState) -> None:
        with self._lock:
            self.state = state
            self._names = None

    def _persist(self, force: bool = False, now_ok: bool = False) -> None:
        """Save what changed, at most once per `index_save_interval_s` (a delta), or a full snapshot when forced.

        Why deltas: a full snapshot is the whole index (about 2 GB at a
        million commitments); a delta holds only the vectors embedded since
        the last save (indexer/snapshot.py).  Between saves the store's
        change log holds every change after the saved base, so a crash loses
        nothing: the next start loads the base and replays the log, taking
        vectors from the deltas.  `flush()` (the web worker and the CLI call
        it when idle) saves what is pending and compacts the deltas into a
        new full snapshot once they are a tenth of it.
        """
        now = time.monotonic()
        if not (force or now_ok) and self._last_save is not None \
                and now - self._last_save < self.settings.index_save_interval_s:
            self._dirty = True
            return
        t0 = time.perf_counter()
        if force or not self._save_delta():
            snapshot.save(self.index_dir, self.state, self.model_name, self.dim, self.store.schema_version,
                          self._lock)
            self.store.prune_search_changes(self.state.seq)
            self._fresh = []
        sync.stage_seconds["snapshot"] += time.perf_counter() - t0
        self._last_save, self._dirty = now, False

    def _save_delta(self) -> bool:
        with self._lock:
            fresh, seq = self._fresh, self.state.seq
            self._fresh = []
        vecs = np.stack([v for _, v in fresh]) if fresh else np.zeros((0, self.dim), np.float32)
        if snapshot.save_delta(self.index_dir, [h for h, _ in fresh], vecs, seq):
            return True
        with self._lock:
            self._fresh = fresh + self._fresh
        return False

    def flush(self) -> bool:
        """Save changes that `_persist` held back, and compact the deltas when they have grown; whether it saved."""
        with self._sync_lock:
            manifest = self.read_manifest()
            deltas = (manifest or {}).get("deltas", [])
            base = sum((manifest or {}).get("counts", {}).get(k, 0) for k in ("commitments", "sentences"))
            compact = bool(deltas) and (snapshot.delta_rows(manifest) > 0.1 * max(base, 1) or len(deltas) > 32)
            if manifest is not None and int(manifest.get("change_seq", 0)) > self.state.seq:
                return False   # another process saved past this one: leave its snapshot alone
            if not (self._dirty or compact):
                return False
            self._persist(force=compact, now_ok=True)
            return True

    # -- keeping up with the store --------------------------------------------

    def sync(self, budget_s: float | None = None, stop: Callable[[], bool] | None = None) -> SyncReport:
        """Make the index agree with the store; cheap when nothing changed.

        `budget_s` / `stop`: replay the change log in chunks and stop after the chunk during which the
        budget ran out or `stop()` became true; the report's `pending` then says more is left, and the
        next sync resumes where this one stopped (the web worker indexes a huge document over several
        turns this way, so the parsing queue keeps moving).  A rebuild is not chunked.
        """
        deadline = None if budget_s is None else time.monotonic() + max(0.0, float(budget_s))
        with self._sync_lock:
            return self._sync(deadline, stop)

    def reindex(self) -> SyncReport:
        """Rebuild the index from the store."""
        with self._sync_lock:
            self._loaded = True
            return self._rebuild()

    def on_document_stored(self, document_id: int) -> None:
        """A pipeline listener: index the new document's units now (the change log says which), for at
        most `turn_budget_s`; what is left is indexed by later syncs (the web worker's turns)."""
        self.sync(budget_s=self.turn_budget_s)

    def _sync(self, deadline: float | None = None, stop: Callable[[], bool] | None = None) -> SyncReport:
        t0 = time.perf_counter()
        if not self._loaded:
            why = self._load()
            self._loaded = True
            if why is not None:
                return self._rebuild(why, t0)
            self._check_counts = True     # once the log is replayed to its end
        else:
            manifest = self.read_manifest()
            if manifest is not None and int(manifest.get("change_seq", 0)) > self.state.seq:
                # another process (the CLI beside the web app) saved a newer snapshot and pruned the
                # change log up to it: take its snapshot rather than replay a log with a gap
                why = self._load()
                if why is not None:
                    return self._rebuild(why, t0)
        added, removed = self._replay(deadline, stop)
        pending = self.state.seq < self.store.search_change_seq()
        if not pending and self._check_counts:
            self._check_counts = False
            c, p = self.store.search_unit_counts()
            if len(self.state.commitments) != c or len(self.state.passage_sentences) != p:
                return self._rebuild("index disagreed with the store", t0)
        return SyncReport(added=added, removed=removed, commitments=len(self.state.commitments),
                          sentences=len(self.state.sentences), seconds=time.perf_counter() - t0,
                          pending=pending)

    def _rebuild(self, why: str = "rebuilt from the store", t0: float | None = None) -> SyncReport:
        t0 = time.perf_counter() if t0 is None else t0
        state = sync.build(self.store, self._embed, self.dim, self.settings.exact_index_limit)
        self._swap(state)
        self._persist(force=True)
        return SyncReport(added=len(state.commitments) + len(state.sentences), commitments=len(state.commitments),
                          sentences=len(state.sentences), rebuilt=True, reason=why,
                          seconds=time.perf_counter() - t0)

    def _replay(self, deadline: float | None = None, stop: Callable[[], bool] | None = None) -> tuple[int, int]:
        state, before = self.state, self.state.seq
        added, removed = sync.replay(self.store, self._embed, self.dim, state, self._lock,
                                     deadline=deadline, stop=stop)
        if state.seq != before:
            with self._lock:
                self._names = None
            self._persist()
        return added, removed

    def _ensure_ready(self) -> None:
        """Load (and catch up) on first use; later, catch up when the store has changed."""
        if not self._loaded:
            self.sync(budget_s=self.turn_budget_s)
            return
        if self.store.search_change_seq() > self.state.seq and self._sync_lock.acquire(blocking=False):
            try:   # a bounded catch-up: a search never waits for a huge document's whole indexing
                self._sync(time.monotonic() + self.turn_budget_s)
            finally:
                self._sync_lock.release()

    # -- search --------------------------------------------------------------

    def search(self, query: str, k: int = 10, mode: str = "hybrid",
               filters: CommitmentFilter | None = None, offset: int = 0) -> list[SearchHit]:
        """The k best commitments and passage sentences for a query, after the first `offset`
        (InvalidQuery for a bad request)."""
        query, k = validate_search(query, k, mode, filters)
        offset = check_offset(offset, k)
        entries, info = self._entries(query, offset + k, mode, filters)
        return self._explain(entries[offset:offset + k], info, mode)

    def search_page(self, query: str, k: int = 10, mode: str = "hybrid",
                    filters: CommitmentFilter | None = None, offset: int = 0, collapse: bool = True) -> SearchPage:
        """A page of results with what a search page shows around them: how many matched, facet counts over
        all matches (not just this page), whether nothing matched well, and a "did you mean".

        `collapse`: the further commitments of a sentence already listed fold into its hit (its
        `duplicates`) instead of following it -- what a reader wants, though the judged figures, which
        count each commitment's excerpt apart, are higher without (kb/config.py)."""
        query, k = validate_search(query, k, mode, filters)
        offset = check_offset(offset, k)
        entries, info = self._entries(query, offset + k, mode, filters, every=True, collapse=collapse)
        hits = self._explain(entries[offset:offset + k], info, mode)
        first = hits if offset == 0 else self._explain(entries[:self.params.low_confidence_top], info, mode)
        low = not self.confident(first)
        # facets count every commitment a match holds, folded ones too (a facet click keeps commitments)
        matches = []
        for _, _, shown, members in entries:
            matches.append(shown)
            matches.extend(x for _, x in members if x.kind == "commitment" and (x.kind, x.id) != (shown.kind, shown.id))
        return SearchPage(query, mode, k, offset, tuple(hits), len(entries), facet_counts(matches), low,
                          self.suggest(query))

    def _entries(self, query: str, n: int, mode: str, filters: CommitmentFilter | None,
                 every: bool = False, collapse: bool | None = None) -> tuple[list, QueryInfo]:
        """The first `n` ranked entries (one per sentence) of a search; `every`: all the candidates gathered
        for `n` that matched (what a page's total and facets count)."""
        info = analyse_query(query)
        self._ensure_ready()
        allowed = None
        if filters is not None and not filters.is_empty():
            allowed = self._allowed_ids(filters)
            if len(allowed) == 0:
                return [], info
        strict = mode in ("all_words", "phrase")
        qvec = self.embedder.encode([query])[0] if mode in ("hybrid", "dense") else None
        depth = self.params.max_depth if strict else ranking.search_depth(n, self.params)
        with self._lock:
            cands = gather(self.state, mode, qvec, info, depth, allowed, self.params)
            idf = self.state.keywords.idf(info.terms) if mode == "hybrid" and self.ranker is not None else None
        if not cands:
            return [], info
        hits = hydrate(self.store, list(cands.values()))
        if strict:
            hits = strict_matches(hits, query, mode)
        names = self._query_names(info) if mode == "hybrid" else []
        hits = ranking.rank(hits, info, mode, names, self.params, self.dense_floor, self.ranker, idf)
        hits = mend(self.store, hits, MEND_PER_RESULT * n)
        p = self.params
        entries = dedupe(hits, len(hits) if every else n, p.same_sentence_decay, p.same_sentence_overlap,
                         positive_only=mode != "dense",
                         collapse=p.collapse_same_sentence if collapse is None else collapse,
                         identical=p.collapse_identical)
        return entries, info

    def _explain(self, entries: list, info: QueryInfo, mode: str) -> list[SearchHit]:
        return explain(entries, info, self.dense_floor, self.params.low_confidence_answer_weight, mode)

    def suggest(self, query: str) -> str | None:
        """"Did you mean": the query with each word the index does not know replaced by the nearest indexed
        word (indexer/keyword.py); None when every word is known or nothing is near."""
        self._ensure_ready()
        out, changed, pos = [], False, 0
        with self._lock:
            for w, start, end in words(query):
                got = self.state.keywords.suggest(w) if w not in STOPWORDS and w not in QUESTION_WORDS else None
                out.append(query[pos:start])
                if got is not None:
                    out.append(got.capitalize() if query[start].isupper() else got)
                    changed = True
                else:
                    out.append(query[start:end])
                pos = end
        out.append(query[pos:])
        return "".join(out) if changed else None

    def confident(self, hits: list[SearchHit]) -> bool:
        """Whether a search's hits hold a good match; False means "nothing matched well" (the UI says so).

        The signal is the best `match` among the first hits (cosine, query
        terms held, answer type; indexer/results.py), against
        `RankingParams.low_confidence_match` (an embedder may state its own);
        bench/tune_ranking.py --no-answer measures it.
        """
        threshold = getattr(self._embedder, "low_confidence_match", self.params.low_confidence_match)
        return not low_confidence(hits, float(threshold), self.params.low_confidence_top)

    def similar_commitments(self, commitment_id: int, k: int = 5) -> list[SearchHit]:
        """The commitments nearest to this one in other documents."""
        k = check_k(k)
        self._ensure_ready()
        sc = self.store.get_commitment(int(commitment_id))
        own = np.array(self.store.commitment_ids(CommitmentFilter(document_id=sc.document_id)), dtype=np.int64)
        with self._lock:
            if not np.isin(int(commitment_id), self.state.commitments.ids()):
                raise NotFound(f"commitment {commitment_id} is not in the search index yet: run `policykb reindex`")
            qvec = self.state.commitments.vectors(np.array([commitment_id], dtype=np.int64))[0]
            scores, ids = self.state.commitments.search(qvec, ranking.similar_depth(k, self.params), exclude=own)
        units = [Candidate("c", int(i), dense=float(s), dense_rank=r, score=float(s))
                 for r, (s, i) in enumerate(zip(scores[0].tolist(), ids[0].tolist())) if i >= 0]
        hits = hydrate(self.store, units)
        info = analyse_query(sc.commitment.sentence)
        entries = dedupe(hits, k, self.params.same_sentence_decay, self.params.same_sentence_overlap,
                         positive_only=False)
        return explain(entries, info, self.dense_floor, mode="dense")

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

    def _query_names(self, info: QueryInfo) -> list[ranking.Name]:
        """The names a query mentions that are actors or document titles' words in this knowledge base."""
        if not info.names:
            return []
        if self._names is None:
            self._names = [(n, name_words(n)) for _, n in self.store.search_names()]
        return ranking.query_names(info, (w for _, w in self._names))

    # -- introspection ---------------------------------------------------------

    def stats(self) -> dict:
        with self._lock:
            st = self.state
            return {
                "commitments": len(st.commitments), "sentences": len(st.sentences),
                "passages": len(st.passage_sentences), "keyword_units": len(st.keywords),
                "vector_index": {"commitments": st.commitments.kind, "sentences": st.sentences.kind},
                "model": self.model_name, "dim": self.dim, "change_seq": st.seq,
                "memory_bytes": st.commitments.memory_bytes() + st.sentences.memory_bytes()
                + st.keywords.memory_bytes(),
            }
