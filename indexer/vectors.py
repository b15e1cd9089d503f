"""The vector index: FAISS over normalised vectors, keyed by the store's ids.

Exact (`IndexIDMap2` over `IndexFlatIP`) up to `exact_limit` vectors, HNSW
(`IndexHNSWFlat`, M=32) above: measured here, exact search costs 7 ms at 100k
and 62 ms at 1M vectors, HNSW32 0.15 ms at recall@10 0.99 (bench/bench_search.py).

Deleting: the exact index removes ids at once; HNSW cannot remove, so removed
ids become tombstones that every search excludes (an `IDSelector`), and the
index is rebuilt from its own vectors (no re-embedding) when a fifth of it is
dead or a removed id comes back.

Filtering happens inside the search: a set of allowed ids is searched
exactly over just those vectors when it is small, or through an
`IDSelectorBatch` when it is large; never by cutting a top-k afterwards.

Not thread-safe by itself: `SearchService` serialises access with its lock.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np

# One OpenMP thread for searching: a search is one query, and the web app's threads give the
# parallelism.  Measured on 2 cores, exact search of one query over 100k vectors: 6.8 ms with one
# thread, 28 ms with two (the threads wait on each other and on torch).  Large adds (building
# HNSW) use every core for their duration.
SEARCH_THREADS = 1
faiss.omp_set_num_threads(SEARCH_THREADS)
BUILD_THREADS = os.cpu_count() or 1

HNSW_M = 32
# measured on 200k generated 384-d vectors (bench/bench_search.py's generator), recall@10 against exact:
# efSearch 96 -> 0.85 (0.6 ms), 256 -> 0.97 (1.3 ms), 512 -> 0.99 (2.4 ms); efConstruction 40 and 80 give the
# same recall, 40 builds in 26 s instead of 36 s
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 512
# in an HNSW index, an allowed-id set up to this size is searched by brute force over its own
# vectors (a graph search through a selective filter loses recall); the flat index always scans
# with an IDSelector, which is exact and costs one pass over the vectors
SMALL_SUBSET = 5_000


class VectorIndex:
    def __init__(self, dim: int, exact_limit: int = 200_000, index: faiss.Index | None = None,
                 tombstones: set[int] | None = None):
        self.dim = dim
        self.exact_limit = exact_limit
        self.index = index if index is not None else self._new(exact=True)
        self.tombstones: set[int] = set(tombstones or ())
        self._ids_cache: np.ndarray | None = None

    # -- construction --------------------------------------------------------

    def _new(self, exact: bool) -> faiss.Index:
        if exact:
            inner = faiss.IndexFlatIP(self.dim)
        else:
            inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        return faiss.IndexIDMap2(inner)

    @property
    def exact(self) -> bool:
        return isinstance(faiss.downcast_index(self.index.index), faiss.IndexFlat)

    @property
    def kind(self) -> str:
        return "flat" if self.exact else f"hnsw{HNSW_M}"

    def __len__(self) -> int:
        return int(self.index.ntotal) - len(self.tombstones)

    def ids(self) -> np.ndarray:
        """The live ids, as int64."""
        if self._ids_cache is None:
            all_ids = faiss.vector_to_array(self.index.id_map).astype(np.int64)
            if self.tombstones:
                all_ids = all_ids[~np.isin(all_ids, np.fromiter(self.tombstones, dtype=np.int64))]
            self._ids_cache = all_ids
        return self._ids_cache

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_batch(ids)

    # -- changes -------------------------------------------------------------

    def add(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        vecs = np.ascontiguousarray(vecs, dtype=np.float32)
        if len(ids) == 0:
            return
        if vecs.shape != (len(ids), self.dim):
            raise ValueError(f"expected {len(ids)}x{self.dim} vectors, got {vecs.shape}")
        self._ids_cache = None
        if self.exact:
            present = ids[np.isin(ids, self.ids())]
            if len(present):
                self.index.remove_ids(faiss.IDSelectorBatch(present))
        else:
            back = [int(i) for i in ids if int(i) in self.tombstones]
            present = ids[np.isin(ids, self.ids())]
            if back or len(present):
                self.remove(present)
                self.rebuild(extra=len(ids))
        with _threads(BUILD_THREADS if len(ids) >= 10_000 else SEARCH_THREADS):
            if not self.exact or len(self) + len(ids) <= self.exact_limit:
                self.index.add_with_ids(vecs, ids)
            else:  # grows past the exact limit: move to HNSW
                self.rebuild(extra=len(ids))
                self.index.add_with_ids(vecs, ids)
        self._ids_cache = None

    def remove(self, ids: np.ndarray) -> None:
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return
        self._ids_cache = None
        if self.exact:
            self.index.remove_ids(faiss.IDSelectorBatch(ids))
            return
        live = faiss.vector_to_array(self.index.id_map)
        self.tombstones.update(ids[np.isin(ids, live)].tolist())   # an id never added is no tombstone
        if len(self.tombstones) > 0.2 * max(1, self.index.ntotal):
            self.rebuild()

    def rebuild(self, extra: int = 0) -> None:
        """Rebuild from the live vectors, choosing exact or HNSW for the size it will have."""
        ids = self.ids()
        vecs = self.vectors(ids)
        exact = len(ids) + extra <= self.exact_limit
        self.index = self._new(exact)
        self.tombstones = set()
        self._ids_cache = None
        if len(ids):
            with _threads(BUILD_THREADS):
                self.index.add_with_ids(vecs, ids)

    # -- search --------------------------------------------------------------

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None,
               exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), each (n_queries, <=k), best first; ids -1 pad missing places.

        `allowed`: search only these ids; `exclude`: never return these.
        """
        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        n = len(queries)
        k = max(1, int(k))
        if self.index.ntotal == 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros((n, 0), dtype=np.float32), np.zeros((n, 0), dtype=np.int64)
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            if exclude is not None and len(exclude):
                allowed = allowed[~np.isin(allowed, exclude)]
            if not self.exact and len(allowed) <= SMALL_SUBSET:
                return self._search_subset(queries, k, allowed)
        excluded = set(self.tombstones)
        if exclude is not None:
            excluded.update(int(i) for i in exclude)
        sel = None
        refs: list[object] = []  # every selector and buffer stays referenced until the search is done
        if excluded:
            not_batch = faiss.IDSelectorBatch(np.fromiter(excluded, np.int64))
            refs.append(not_batch)
            sel = faiss.IDSelectorNot(not_batch)
        if allowed is not None:
            allow, bitmap = _selector(allowed)
            refs += [allow, bitmap]
            if sel is not None:
                refs.append(sel)
                sel = faiss.IDSelectorAnd(allow, sel)
            else:
                sel = allow
        k = min(k, int(self.index.ntotal))
        if sel is None:
            scores, ids = self.index.search(queries, k)
        else:
            if self.exact:
                params = faiss.SearchParameters(sel=sel)
            else:
                params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, 2 * k))
            scores, ids = self.index.search(queries, k, params=params)
        del refs
        return scores, ids

    def _search_subset(self, queries: np.ndarray, k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        live = self.ids()
        allowed = allowed[np.isin(allowed, live)]
        if len(allowed) == 0:
            n = len(queries)
            return np.zeros((n, 0), dtype=np.float32), np.zeros((n, 0), dtype=np.int64)
        vecs = self.vectors(allowed)
        sims = queries @ vecs.T
        k = min(k, len(allowed))
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        rows = np.arange(len(queries))[:, None]
        order = np.argsort(-sims[rows, top], axis=1)
        top = top[rows, order]
        return sims[rows, top].astype(np.float32), allowed[top]

    # -- persistence ---------------------------------------------------------

    def write(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def read(cls, path: Path, dim: int, exact_limit: int, tombstones: set[int] | None = None) -> "VectorIndex":
        index = faiss.read_index(str(path))
        if index.d != dim:
            raise ValueError(f"index has dimension {index.d}, expected {dim}")
        vi = cls(dim, exact_limit, index=index, tombstones=tombstones)
        if not vi.exact:
            faiss.downcast_index(index.index).hnsw.efSearch = HNSW_EF_SEARCH
        return vi

    def memory_bytes(self) -> int:
        """Approximate resident size: vectors, graph links and the id maps."""
        n = int(self.index.ntotal)
        per = 4 * self.dim + 8 + 48  # vector, id_map entry, rev_map entry
        if not self.exact:
            per += 4 * 2 * HNSW_M * 1.05 + 16  # level-0 links, upper levels, offsets/levels
        return int(n * per)


@contextmanager
def _threads(n: int):  # type: ignore[no-untyped-def]
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(SEARCH_THREADS)


# a bitmap selector (one bit per id up to the largest) is built with numpy in well under a millisecond
# and answers in O(1); IDSelectorBatch hashes every allowed id, ~10 ms for 150k ids
BITMAP_MAX_ID = 1 << 28


def _selector(allowed: np.ndarray) -> tuple[faiss.IDSelector, object]:
    """An IDSelector over `allowed`, and the buffer it reads (keep it alive while searching)."""
    if len(allowed) > 1000 and int(allowed.min()) >= 0 and int(allowed.max()) < BITMAP_MAX_ID:
        bits = np.zeros(int(allowed.max()) + 1, dtype=bool)
        bits[allowed] = True
        bitmap = np.packbits(bits, bitorder="little")
        return faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap)), bitmap
    return faiss.IDSelectorBatch(allowed), None
