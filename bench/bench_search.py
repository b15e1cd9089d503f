"""Search speed and scale on generated knowledge bases.

    .venv/bin/python bench/bench_search.py [--sizes 10000,100000] [--full-up-to 100000] [--queries 200]
    .venv/bin/python bench/bench_search.py --sizes 10000,100000,1000000      # the 1M case: ~10+ minutes
    .venv/bin/python bench/bench_search.py --sizes 100000 --postgres          # a PostgreSQL-backed node

For each size N (commitments) it prints build time, index memory per
commitment, query latency p50/p95 (ms) for dense, keyword and hybrid, without
and with a filter, single and with 8 concurrent threads, and recall@10 of the
approximate (HNSW) index against exact search.

What is real and what is generated (said again in the output):
* Texts are generated from policy-like templates (~25 words, like commitment sentences).
* Vectors are GENERATED, not embedded: embedding 1M sentences with MiniLM on
  2 cores takes over an hour.  A text's vector is the normalised mean of fixed
  random word vectors plus noise, so texts that share words are near each
  other (clustered, like real embeddings; uniform random vectors would be an
  unrealistically hard case for HNSW).
* Each timed query still runs the REAL embedding model on the query text
  (the result is discarded and the generated query vector searched), so the
  latencies include the 7-15 ms query embedding (--no-real-query to leave it out).
* Sizes up to --full-up-to go through the whole stack: a real SQLite store
  (kb.store.Store), SearchService.sync() (commitments and passage sentences),
  SearchService.search() with hydration from SQLite.  Larger sizes measure the
  engines SearchService is made of (VectorIndex with HNSW above
  settings.exact_index_limit, KeywordIndex, the same fusion arithmetic) on
  commitments only, without the store.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

DIM = 384
ACTORS = ["Hechi", "Liuzhou", "Hainan", "Inner Mongolia", "Albania", "Brazil", "Each agency", "The Secretary of Energy",
          "The Administrator of GSA", "The province", "The city", "Guangxi", "Chile", "Canada", "Angola", "Bangladesh"]
VERBS = ["build", "reduce", "increase", "accelerate the construction of", "promote", "install", "achieve", "cut",
         "develop", "establish", "expand", "phase out", "upgrade", "invest in", "support", "divert", "restore"]
OBJECTS = ["5G base stations", "charging facilities", "greenhouse gas emissions", "wind power capacity",
           "solar installations", "zero-emission vehicles", "forest coverage", "carbon pollution-free electricity",
           "railway stations", "high-speed networks", "hydropower stations", "waste from landfills", "bus fleets",
           "energy efficiency of buildings", "coal consumption", "battery-swapping facilities", "expressways",
           "industrial parks", "clean heating", "water conservancy projects", "smart logistics", "rural roads"]
FILLER = ("in urban areas and industrial parks across the region while improving public infrastructure and "
          "supporting local supply chains under the national plan with financial incentives for private investment "
          "and coordinated planning among departments to ensure steady progress toward green low-carbon "
          "development and better air quality in cities counties and villages").split()


def gen_texts(n: int, seed: int) -> tuple[list[str], list[int], list[str]]:
    rng = np.random.default_rng(seed)
    texts, years, actors = [], [], []
    a = rng.integers(0, len(ACTORS), n)
    v = rng.integers(0, len(VERBS), n)
    o = rng.integers(0, len(OBJECTS), n)
    q = rng.integers(1, 5000, n)
    y = rng.integers(2023, 2061, n)
    nf = rng.integers(6, 16, n)
    for i in range(n):
        start = int(rng.integers(0, len(FILLER) - 16))
        filler = " ".join(FILLER[start:start + int(nf[i])])
        texts.append(f"{ACTORS[a[i]]} will {VERBS[v[i]]} {q[i]:,} {OBJECTS[o[i]]} {filler} by {y[i]}.")
        years.append(int(y[i]))
        actors.append(ACTORS[a[i]])
    return texts, years, actors


class SyntheticEmbedder:
    """Generated vectors: normalised mean of fixed random word vectors plus noise (see the module docstring)."""

    name = "synthetic-bench"
    dim = DIM
    relevance_floor = -1.0

    def __init__(self, real_query_model=None, noise: float = 0.35):  # type: ignore[no-untyped-def]
        self.vocab: dict[str, int] = {}
        self.table = np.random.default_rng(7).standard_normal((50_000, DIM)).astype(np.float32)
        self.real = real_query_model
        self.noise = noise
        self._rng = np.random.default_rng(11)

    def _ids(self, text: str) -> list[int]:
        from indexer.text import terms

        out = []
        for t in terms(text):
            i = self.vocab.get(t)
            if i is None:
                i = self.vocab[t] = len(self.vocab) % len(self.table)
            out.append(i)
        return out or [0]

    def encode(self, texts, batch_size: int = 64) -> np.ndarray:  # type: ignore[no-untyped-def]
        if self.real is not None and len(texts) == 1:
            self.real.encode(list(texts))  # pay the real query embedding cost; use the generated vector
        ids = [self._ids(t) for t in texts]
        lens = np.array([len(x) for x in ids])
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lens.sum()))
        sums = np.add.reduceat(self.table[flat], np.r_[0, np.cumsum(lens)[:-1]], axis=0)
        vecs = sums / lens[:, None] + self.noise * self._rng.standard_normal((len(texts), DIM)).astype(np.float32) / np.sqrt(DIM) * 4
        vecs = vecs.astype(np.float32)
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def pct(xs: list[float], p: float) -> float:
    return float(np.percentile(np.array(xs) * 1000, p)) if xs else float("nan")


def timed(fn, queries: list, threads: int = 1) -> list[float]:  # type: ignore[no-untyped-def]
    lat: list[float] = []
    lock = threading.Lock()

    def worker(chunk):  # type: ignore[no-untyped-def]
        mine = []
        for q in chunk:
            t = time.perf_counter()
            fn(q)
            mine.append(time.perf_counter() - t)
        with lock:
            lat.extend(mine)

    if threads == 1:
        worker(queries)
        return lat
    chunks = [queries[i::threads] for i in range(threads)]
    ts = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return lat


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def make_queries(n: int) -> list[str]:
    texts, years, actors = gen_texts(n, seed=999)
    out = []
    for t, y, a in zip(texts, years, actors):
        words = t.split()
        out.append(" ".join(words[len(a.split()) + 1:len(a.split()) + 6]) + f" {a} by {y}")
    return out


# -- full stack -----------------------------------------------------------------

def bench_full(n: int, args, real) -> dict:  # type: ignore[no-untyped-def]
    from kb.config import load_settings
    from kb.models import Commitment, CommitmentFilter, Deadline, ParsedDocument, Passage
    from kb.store import Store
    from indexer import SearchService

    tmp = Path(tempfile.mkdtemp(prefix=f"policykb-bench-{n}-"))
    settings = load_settings(data_dir=tmp, exact_index_limit=args.exact_limit)
    if args.database_url:     # --postgres: the store on PostgreSQL, the node's index in memory as on any web node
        from dataclasses import replace

        settings = replace(settings, database_url=args.database_url)
    store = Store(settings.database)
    texts, years, actors = gen_texts(n, seed=n)
    per_doc = 100
    t0 = time.perf_counter()
    for d in range(0, n, per_doc):
        chunk = range(d, min(n, d + per_doc))
        text, passages, comms = "", [], []
        for j, i in enumerate(chunk):
            s = len(text)
            text += texts[i] + "\n\n"
            passages.append(Passage(j, "paragraph", texts[i], s, s + len(texts[i])))
            comms.append(Commitment(actors[i], actors[i], "build", texts[i][:40], texts[i], s, s + len(texts[i]), j,
                                    deadline=Deadline(f"by {years[i]}", f"{years[i]}-12-31")))
        parsed = ParsedDocument(f"gen-{d}.txt", f"{n}-{d}", "text/plain", f"Generated plan {d // per_doc}", None,
                                text, tuple(passages), size=len(text))
        store.add_document(parsed, comms, "bench")
    store_s = time.perf_counter() - t0
    emb = SyntheticEmbedder(real_query_model=None)
    service = SearchService(settings, store, embedder=emb)
    gc.collect()
    rss0 = rss_mb()
    t0 = time.perf_counter()
    service.sync()
    build_s = time.perf_counter() - t0
    rss1 = rss_mb()
    stats = service.stats()
    emb.real = real
    queries = make_queries(args.queries)
    filt = CommitmentFilter(deadline_from=2030, deadline_to=2035)
    res: dict = {"n": n, "stack": "full", "store_s": store_s, "build_s": build_s,
                 "units": stats["commitments"] + stats["sentences"], "index": stats["vector_index"]["commitments"],
                 "mem_per_commitment": (rss1 - rss0) * 2**20 / n, "est_per_commitment": stats["memory_bytes"] / n}
    service.search(queries[0])  # warm
    for mode in ("dense", "keyword", "hybrid"):
        for label, f in (("", None), ("+filter", filt)):
            for threads in (1, 8):
                lat = timed(lambda q: service.search(q, k=10, mode=mode, filters=f), queries, threads)
                res[f"{mode}{label}/{threads}"] = (pct(lat, 50), pct(lat, 95))
    res["recall"] = ann_recall(service.commitments, emb, queries) if not service.commitments.exact else 1.0
    return res


# -- engines only ---------------------------------------------------------------

def bench_engines(n: int, args, real) -> dict:  # type: ignore[no-untyped-def]
    from indexer.keyword import KeywordIndex
    from indexer.text import analyse_query, terms
    from indexer.vectors import VectorIndex

    texts, years, actors = gen_texts(n, seed=n)
    emb = SyntheticEmbedder(real_query_model=None)
    t0 = time.perf_counter()
    vecs = np.concatenate([emb.encode(texts[i:i + 50_000]) for i in range(0, n, 50_000)])
    gen_s = time.perf_counter() - t0
    ids = np.arange(1, n + 1, dtype=np.int64)
    gc.collect()
    rss0 = rss_mb()
    t0 = time.perf_counter()
    vi = VectorIndex(DIM, exact_limit=args.exact_limit)
    for i in range(0, n, 100_000):
        vi.add(ids[i:i + 100_000], vecs[i:i + 100_000])
    vec_s = time.perf_counter() - t0
    rss1 = rss_mb()
    t0 = time.perf_counter()
    ki = KeywordIndex()
    for key, text, actor in zip(ids.tolist(), texts, actors):
        ki.add(2 * key, terms(text + " " + actor))
    kw_s = time.perf_counter() - t0
    rss2 = rss_mb()
    year_arr = np.array(years)
    filt_ids = ids[(year_arr >= 2030) & (year_arr <= 2035)]
    queries = make_queries(args.queries)
    emb.real = real
    qv = {q: emb.encode([q]) for q in queries[:1]}

    def dense(q, allowed=None):  # type: ignore[no-untyped-def]
        v = emb.encode([q])
        return vi.search(v, 100, allowed=allowed)

    def keyword(q, allowed=None):  # type: ignore[no-untyped-def]
        return ki.search(analyse_query(q).terms, 100, allowed=None if allowed is None else 2 * allowed)

    def hybrid(q, allowed=None):  # type: ignore[no-untyped-def]
        info = analyse_query(q)
        v = emb.encode([q])
        ds, di = vi.search(v, 100, allowed=allowed)
        ks, kk = ki.search(info.terms, 100, allowed=None if allowed is None else 2 * allowed)
        cand = np.union1d(di[0][di[0] >= 0], kk // 2)
        dv = vi.vectors(cand) @ v[0]
        ks2, kk2 = ki.search(info.terms, len(cand), allowed=2 * cand)
        kw = np.zeros(len(cand))
        kw[np.searchsorted(cand, kk2 // 2)] = ks2
        score = (dv - dv.min()) / max(1e-9, dv.max() - dv.min()) + 0.4 * kw / max(1e-9, kw.max())
        return cand[np.argsort(-score)[:10]]

    qv.clear()
    res: dict = {"n": n, "stack": "engines", "store_s": 0.0, "build_s": vec_s + kw_s, "gen_s": gen_s,
                 "units": n, "index": vi.kind,
                 "mem_per_commitment": (rss2 - rss0) * 2**20 / n, "vec_mem_per_commitment": (rss1 - rss0) * 2**20 / n,
                 "est_per_commitment": (vi.memory_bytes() + ki.memory_bytes()) / n}
    for name, fn in (("dense", dense), ("keyword", keyword), ("hybrid", hybrid)):
        for label, allowed in (("", None), ("+filter", filt_ids)):
            for threads in (1, 8):
                lat = timed(lambda q: fn(q, allowed), queries, threads)
                res[f"{name}{label}/{threads}"] = (pct(lat, 50), pct(lat, 95))
    emb.real = None
    res["recall"] = ann_recall(vi, emb, queries, vecs=vecs, ids=ids) if not vi.exact else 1.0
    return res


def ann_recall(vi, emb, queries, vecs=None, ids=None) -> float:  # type: ignore[no-untyped-def]
    import faiss

    qv = emb.encode(queries[:100]) if len(queries) > 1 else emb.encode(queries)
    _, got = vi.search(qv, 10)
    if vecs is None:
        ids = vi.ids()
        vecs = vi.vectors(ids)
    flat = faiss.IndexFlatIP(DIM)
    flat.add(vecs)
    _, truth = flat.search(qv, 10)
    truth = ids[truth]
    return float(np.mean([len(set(a.tolist()) & set(b.tolist())) / 10 for a, b in zip(got, truth)]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="commitment counts, comma-separated (add 1000000 for 1M)")
    ap.add_argument("--full-up-to", type=int, default=100_000,
                    help="sizes up to this go through the store and SearchService; larger ones bench the engines")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--exact-limit", type=int, default=None, help="default: settings.exact_index_limit")
    ap.add_argument("--no-real-query", action="store_true", help="leave the real query embedding out of the timings")
    ap.add_argument("--postgres", action="store_true",
                    help="full-stack sizes on a PostgreSQL store (POLICYKB_DATABASE_URL, an empty database, else a "
                         "private pgserver): the search p95 of a PostgreSQL-backed web node")
    args = ap.parse_args()
    from kb.config import load_settings

    args.database_url = None
    if not args.postgres:
        return _run(args)
    from bench.postgres import postgres_url

    with postgres_url() as args.database_url:
        print("store: PostgreSQL", flush=True)
        return _run(args)


def _run(args) -> int:  # type: ignore[no-untyped-def]
    from kb.config import load_settings

    if args.exact_limit is None:
        args.exact_limit = load_settings().exact_index_limit
    real = None
    if not args.no_real_query:
        from indexer.embedder import SentenceEmbedder

        real = SentenceEmbedder(load_settings())
        real.encode(["warm up"])
    print(__doc__.split("What is real")[0].strip().splitlines()[0])
    print("Vectors are generated (not embedded); each timed query runs the real model on the query text"
          if real else "Vectors are generated; query embedding NOT included", flush=True)
    rows = []
    for n in [int(x) for x in args.sizes.split(",") if x.strip()]:
        t0 = time.perf_counter()
        r = bench_full(n, args, real) if n <= args.full_up_to else bench_engines(n, args, real)
        r["total_s"] = time.perf_counter() - t0
        rows.append(r)
        report(r)
    return 0


def report(r: dict) -> None:
    print(f"\n== {r['n']:,} commitments ({r['stack']}: {r['units']:,} units, vector index {r['index']}) ==")
    extra = f", generating vectors {r['gen_s']:.1f} s" if "gen_s" in r else ""
    print(f"build: store {r['store_s']:.1f} s, index {r['build_s']:.1f} s{extra}; "
          f"memory/commitment: {r['mem_per_commitment']:.0f} B measured (RSS), {r['est_per_commitment']:.0f} B "
          f"estimated; raw float32 vector = {4 * DIM} B (goal <= {8 * DIM} B)")
    if "vec_mem_per_commitment" in r:
        print(f"  of which vector index {r['vec_mem_per_commitment']:.0f} B/commitment")
    print(f"ANN recall@10 vs exact: {r['recall']:.3f}")
    print(f"{'latency ms (p50 / p95)':<24}{'1 thread':>18}{'8 threads':>18}")
    for mode in ("dense", "keyword", "hybrid"):
        for label in ("", "+filter"):
            a, b = r[f"{mode}{label}/1"], r[f"{mode}{label}/8"]
            print(f"{mode + label:<24}{a[0]:>8.1f} / {a[1]:>6.1f}{b[0]:>10.1f} / {b[1]:>6.1f}")
    print(f"(total {r['total_s']:.0f} s)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
