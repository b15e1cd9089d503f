"""The store on SQLite and on PostgreSQL, same documents, same process: writes per second and read latency.

Why: PostgreSQL is there to let several machines share one knowledge base, not to be faster on one;
this measures what the adapter (kb/db.py: translation, pooled connections, client-side binding) and
the network protocol cost against embedded SQLite, so a deployment knows the price.  PostgreSQL is a
private pgserver instance (local socket) unless POLICYKB_DATABASE_URL names one (use an empty database).

    .venv/bin/python bench/bench_store_backends.py [--documents 200] [--queries 200]

Prints one line per backend: documents stored per second (each with 20 passages and 10 commitments,
one transaction each), and p50/p95 of a filtered commitment listing and of a document read.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.models import Commitment, CommitmentFilter, Deadline, ParsedDocument, Passage  # noqa: E402
from bench.postgres import postgres_url  # noqa: E402
from kb.store import Store  # noqa: E402


def make_document(i: int) -> tuple[ParsedDocument, list[Commitment]]:
    """An invented plan: 20 paragraphs, 10 of them a commitment of one of five agencies."""
    passages, commitments, text = [], [], ""
    for j in range(20):
        body = f"The Agency {j % 5} will restore {j + i % 7} wetlands in district {i} by {2026 + j % 9}."
        start = len(text)
        text += body + "\n\n"
        passages.append(Passage(j, "paragraph", body, start, start + len(body)))
        if j % 2 == 0:
            commitments.append(Commitment(
                f"Agency {j % 5}", f"The Agency {j % 5}", "restore", f"{j + i % 7} wetlands", body, start,
                start + len(body), j, deadline=Deadline(f"by {2026 + j % 9}", f"{2026 + j % 9}-12-31"),
                sector="environment", extractor_version="bench"))
    doc = ParsedDocument(f"plan-{i}.txt", f"{i:064x}", "text/plain", f"Wetland plan {i}", "2025-01-01", text,
                         tuple(passages), size=len(text))
    return doc, commitments


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def measure(name: str, target: str | Path, documents: int, queries: int) -> None:
    store = Store(target)
    made = [make_document(i) for i in range(documents)]
    started = time.perf_counter()
    ids = [store.add_document(doc, commitments, "bench") for doc, commitments in made]
    write_s = time.perf_counter() - started
    listing, reading = [], []
    for q in range(queries):
        t = time.perf_counter()
        store.query_commitments(CommitmentFilter(actor=(f"agency {q % 5}",), deadline_from=2028), limit=50)
        listing.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        store.get_document(ids[q % len(ids)])
        store.passages(ids[q % len(ids)])
        reading.append((time.perf_counter() - t) * 1000)
    print(f"{name:10s} store {documents / write_s:7.1f} documents/s ({documents * 10 / write_s:7.0f} commitments/s); "
          f"filtered listing p50 {percentile(listing, 50):6.2f} ms p95 {percentile(listing, 95):6.2f} ms; "
          f"document read p50 {percentile(reading, 50):6.2f} ms p95 {percentile(reading, 95):6.2f} ms")
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        measure("sqlite", folder / "kb.sqlite3", args.documents, args.queries)
        with postgres_url(folder) as url:
            measure("postgresql", url, args.documents, args.queries)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
