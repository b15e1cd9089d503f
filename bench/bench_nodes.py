"""Index lag between search nodes: from a commit on node A to the document being searchable on node B.

Why: issue 17 promises that an upload through one web node is searchable through another "within
seconds".  Two nodes share one store; node A writes (its own Store, as another machine would), node
B holds its own index (its own folder) kept in step by web/follower.py.  For each document this
measures, on PostgreSQL (LISTEN/NOTIFY wakes node B):

* notify: commit on A -> the notification arrives on a separate LISTEN connection (the database's part);
* lag: commit on A -> node B's index holds the document (its `applied_seq` reaches the document's last
  change; every document is then checked to be found by a keyword search on B);

and the same lag on SQLite, where the follower polls the log (every `POLL_SQLITE_S`, 1 s).  The
embedder is the real one (ONNX, all-MiniLM-L6-v2) unless `--embedder hash`: the lag is then mostly
embedding the document's units.  Last, what the `logged_at` trigger (kb/schema/018_search_nodes.sql)
costs a SQLite write: documents stored per second with it and with it dropped.

    .venv/bin/python bench/bench_nodes.py [--documents 30] [--paragraphs 20] [--embedder model|hash]
    .venv/bin/python bench/bench_nodes.py --pgvector 100000   # vectors in pgvector (HNSW) vs FAISS, measured only

PostgreSQL is a private pgserver instance unless POLICYKB_DATABASE_URL names one (an empty database).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer import HashEmbedder, SearchService  # noqa: E402
from indexer.embedder import make_embedder  # noqa: E402
from kb.config import load_settings  # noqa: E402
from kb.models import Commitment, Deadline, ParsedDocument, Passage  # noqa: E402
from kb.store import Store  # noqa: E402
from bench.postgres import postgres_url  # noqa: E402
from kb.store_nodes import NOTIFY_CHANNEL  # noqa: E402
from web.follower import IndexFollower  # noqa: E402

RIVERS = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gorse", "Hazel", "Ivy", "Juniper"]


def make_document(i: int, paragraphs: int, tag: str) -> tuple[ParsedDocument, list[Commitment]]:
    """An invented plan of `paragraphs` paragraphs, half of them a commitment; `tag` is a word only it holds."""
    passages, commitments, text = [], [], f"Riverbank plan {tag}\n\n"
    passages.append(Passage(0, "heading", f"Riverbank plan {tag}", 0, len(text) - 2))
    for j in range(1, paragraphs + 1):
        river = RIVERS[(i + j) % len(RIVERS)]
        body = (f"The {river} Trust will replant {j * 3 + i % 11} hectares of riverbank along the {river} by "
                f"{2027 + j % 6}, with the {tag} scheme paying for fencing.")
        start = len(text)
        text += body + "\n\n"
        passages.append(Passage(j, "paragraph", body, start, start + len(body)))
        if j % 2 == 0:
            commitments.append(Commitment(
                f"{river} Trust", f"The {river} Trust", "replant", f"{j * 3 + i % 11} hectares of riverbank",
                body, start, start + len(body), j, deadline=Deadline(f"by {2027 + j % 6}", f"{2027 + j % 6}-12-31"),
                sector="environment", extractor_version="bench"))
    doc = ParsedDocument(f"riverbank-{tag}.txt", f"{i:064x}", "text/plain", f"Riverbank plan {tag}", None, text,
                         tuple(passages), size=len(text))
    return doc, commitments


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def summary(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50) * 1000:7.1f} ms  p95 {percentile(values, 95) * 1000:7.1f} ms"
            f"  max {max(values) * 1000:7.1f} ms")


def measure(name: str, target: str | Path, folder: Path, embedder, documents: int, paragraphs: int,
            gap_s: float) -> None:
    settings_b = load_settings(data_dir=folder / "data", index_path=folder / f"index-b-{name}",
                               database_url=target if isinstance(target, str) else None)
    store_a = Store(target)
    store_b = Store(target)
    search_b = SearchService(settings_b, store_b, embedder)
    follower = IndexFollower(settings_b, store_b, search_b)
    follower.start(name=f"bench-{name}")
    while follower.syncs < 1:       # its first sync: an empty index built and saved
        time.sleep(0.01)

    heard: list[float] = []
    listening = threading.Event()
    stop = threading.Event()

    def listen() -> None:           # the database's part: commit -> notification delivered
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            listening.set()
            while not stop.is_set():
                for _ in conn.notifies(timeout=0.2):
                    heard.append(time.perf_counter())

    if isinstance(target, str):
        threading.Thread(target=listen, daemon=True).start()
        listening.wait(10)

    lags, notifies, missing = [], [], 0
    for i in range(documents):
        tag = f"tag{i:04d}x"
        doc, commitments = make_document(i, paragraphs, tag)
        before = len(heard)
        store_a.add_document(doc, commitments, "bench")
        committed = time.perf_counter()
        seq = store_a.search_change_seq()
        while search_b.state.seq < seq:
            time.sleep(0.001)
            if time.perf_counter() - committed > 60:
                raise SystemExit(f"{name}: node B did not catch up within 60 s")
        lags.append(time.perf_counter() - committed)
        if isinstance(target, str):
            deadline = time.perf_counter() + 2
            while len(heard) == before and time.perf_counter() < deadline:
                time.sleep(0.001)
            if len(heard) > before:
                notifies.append(max(0.0, heard[before] - committed))
        if not {h.doc_name for h in search_b.search(tag, k=3, mode="keyword")} == {doc.source_name}:
            missing += 1
        time.sleep(gap_s)
    stop.set()
    follower.stop()
    units = paragraphs + len(make_document(0, paragraphs, "x")[1])
    print(f"{name:10s} {documents} documents of {paragraphs} paragraphs (~{units} units each), "
          f"{'NOTIFY' if follower.listening else f'poll {follower.poll_s:g} s'}:")
    if notifies:
        print(f"  commit -> notification     {summary(notifies)}")
    print(f"  commit -> searchable on B  {summary(lags)}   (not found afterwards: {missing})")
    store_a.dispose()
    store_b.dispose()


def trigger_cost(folder: Path, documents: int, paragraphs: int) -> None:
    """Documents stored per second on SQLite with the logged_at trigger, and with it dropped."""
    rates = {}
    for label, drop in (("with the logged_at trigger", False), ("trigger dropped", True)):
        store = Store(folder / f"trigger-{label[:4]}.sqlite3")
        if drop:
            store.conn.execute("DROP TRIGGER search_change_logged_at")
        made = [make_document(10_000 + i, paragraphs, f"t{i}") for i in range(documents)]
        t = time.perf_counter()
        for doc, commitments in made:
            store.add_document(doc, commitments, "bench")
        rates[label] = documents / (time.perf_counter() - t)
        store.dispose()
    print("sqlite writes: " + "; ".join(f"{label} {rate:.0f} documents/s" for label, rate in rates.items()))


def pgvector(url: str, n: int, queries: int) -> None:
    """Vectors in PostgreSQL (pgvector HNSW) against this node's FAISS, on the same generated vectors.

    The vectors are bench/bench_search.py's (normalised means of fixed random word vectors plus noise,
    clustered like real embeddings); the truth is exact inner-product search.  Latency is one query at a
    time from Python: FAISS in process, pgvector over the local socket (a round trip included)."""
    import faiss
    import numpy as np
    import psycopg

    from bench.bench_search import SyntheticEmbedder, gen_texts
    from indexer.vectors import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M

    model = SyntheticEmbedder()
    texts = gen_texts(n, 1)[0]
    vecs = np.vstack([model.encode(texts[i:i + 10_000]) for i in range(0, n, 10_000)])
    qvecs = model.encode(gen_texts(queries, 2)[0])
    dim = vecs.shape[1]
    flat = faiss.IndexFlatIP(dim)
    flat.add(vecs)

    def run(search) -> tuple[list[float], list[np.ndarray]]:
        times, found = [], []
        for q in qvecs:
            t = time.perf_counter()
            found.append(np.asarray(search(q)))
            times.append(time.perf_counter() - t)
        return times, found

    exact_t, truth = run(lambda q: flat.search(q[None, :], 10)[1][0])

    def recall(found: list[np.ndarray]) -> float:
        return float(np.mean([len(set(f.tolist()) & set(t.tolist())) / 10 for f, t in zip(found, truth)]))

    print(f"vectors: {n} x {dim} generated (bench/bench_search.py), {queries} queries, recall@10 against exact")
    print(f"  faiss exact (IndexFlatIP)        {summary(exact_t)}  recall 1.000")
    t = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    hnsw.add(vecs)
    built = time.perf_counter() - t
    hnsw.hnsw.efSearch = HNSW_EF_SEARCH
    ht, hf = run(lambda q: hnsw.search(q[None, :], 10)[1][0])
    print(f"  faiss HNSW{HNSW_M} efSearch {HNSW_EF_SEARCH}      {summary(ht)}  recall {recall(hf):.3f}"
          f"  (built in {built:.0f} s)")

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute("DROP TABLE IF EXISTS bench_units")
        conn.execute(f"CREATE TABLE bench_units (id BIGINT PRIMARY KEY, v vector({dim}))")
        t = time.perf_counter()
        with conn.cursor().copy("COPY bench_units (id, v) FROM STDIN") as copy:
            for i, v in enumerate(vecs):
                copy.write_row((i, "[" + ",".join(f"{x:.6f}" for x in v.tolist()) + "]"))
        loaded = time.perf_counter() - t
        conn.execute("SET maintenance_work_mem = '2GB'")
        conn.execute("SET max_parallel_maintenance_workers = 1")
        for m, ef_construction in ((16, 64), (HNSW_M, max(HNSW_EF_CONSTRUCTION, 2 * HNSW_M))):  # pgvector: ef >= 2m
            conn.execute("DROP INDEX IF EXISTS bench_units_hnsw")
            t = time.perf_counter()
            conn.execute(f"CREATE INDEX bench_units_hnsw ON bench_units USING hnsw (v vector_ip_ops)"
                         f" WITH (m = {m}, ef_construction = {ef_construction})")
            built = time.perf_counter() - t
            size = conn.execute("SELECT pg_relation_size('bench_units_hnsw')").fetchone()[0]
            for ef in (40, 200, 512):
                conn.execute(f"SET hnsw.ef_search = {ef}")

                def query(q, conn=conn):
                    literal = "[" + ",".join(f"{x:.6f}" for x in q.tolist()) + "]"
                    rows = conn.execute("SELECT id FROM bench_units ORDER BY v <#> %s::vector LIMIT 10",
                                        (literal,)).fetchall()
                    return [r[0] for r in rows]

                pt, pf = run(query)
                print(f"  pgvector HNSW m={m} ef_construction={ef_construction} ef_search={ef:<3d} {summary(pt)}"
                      f"  recall {recall(pf):.3f}  (built in {built:.0f} s, {size / 2**20:.0f} MiB; loaded in"
                      f" {loaded:.0f} s)")
        conn.execute("DROP TABLE bench_units")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=30)
    parser.add_argument("--paragraphs", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between documents")
    parser.add_argument("--embedder", choices=("model", "hash"), default="model")
    parser.add_argument("--pgvector", type=int, default=0, metavar="N",
                        help="instead: measure pgvector HNSW against FAISS on N generated vectors")
    parser.add_argument("--queries", type=int, default=200, help="queries of the --pgvector measurement")
    args = parser.parse_args()
    if args.pgvector:
        with_server(lambda url, folder: pgvector(url, args.pgvector, args.queries))
        return
    embedder = HashEmbedder() if args.embedder == "hash" else make_embedder(load_settings())
    if args.embedder == "model":
        embedder.encode(["warm up the model"])
    print(f"embedder: {embedder.name}")

    def both(url: str, folder: Path) -> None:
        measure("postgresql", url, folder, embedder, args.documents, args.paragraphs, args.gap)
        measure("sqlite", folder / "kb.sqlite3", folder, embedder, args.documents, args.paragraphs, args.gap)
        trigger_cost(folder, 200, args.paragraphs)

    with_server(both)


def with_server(fn) -> None:
    """Run fn(url, folder) with a PostgreSQL (POLICYKB_DATABASE_URL, else a private pgserver) and a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="bench-nodes-"))
    try:
        with postgres_url(folder) as url:
            fn(url, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
