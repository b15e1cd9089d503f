"""A bounded load run against a real `policykb serve` on loopback.

8 uploader threads and 50 searcher threads hammer the server for a fixed
time (60 s by default), then stop by themselves.  Prints throughput, p50/p95
latency and errors per kind of request, and checks that every accepted
upload became a document.  Traffic goes to 127.0.0.1 only.

Run: .venv/bin/python bench/load.py [--seconds 60] [--uploaders 8] [--searchers 50]
tests/test_load.py runs a short version and asserts zero errors and zero losses.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serverproc import Server, plan_document, policykb  # noqa: E402

QUERIES = ["bridges by 2031", "charging infrastructure targets", "5G base stations", "Lakeview3",
           "when must the township build bridges", "district 4 bridges", "green development pilot zone"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None = None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors.append(error)

    def summary(self, name: str, duration: float) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"{name:8s} 0 ok, {len(self.errors)} errors"
        p50 = statistics.median(lat) * 1000
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000
        return (f"{name:8s} {len(lat):6d} ok  {len(lat) / duration:7.1f} req/s  p50 {p50:7.1f} ms"
                f"  p95 {p95:7.1f} ms  errors {len(self.errors)}")


@dataclass
class LoadResult:
    uploads: Tally
    searches: Tally
    accepted_jobs: list[int]
    documents: int
    lost: list[int]
    duration: float


def run_load(data: Path, seconds: float = 60, uploaders: int = 8, searchers: int = 50,
             settle_timeout: float = 600) -> LoadResult:
    # no token without a user (issue 18): an editor account for the uploaders
    policykb(data, "user", "add", "load-uploader", "--password", "load-test-password", "--role", "editor")
    token = policykb(data, "token", "create", "--user", "load-uploader").strip().splitlines()[0]
    server = Server(data).start()
    uploads, searches = Tally(), Tally()
    accepted: list[int] = []
    counter = itertools.count()
    stop = threading.Event()

    def uploader() -> None:
        while not stop.is_set():
            i = next(counter)
            t0 = time.perf_counter()
            try:
                jobs = server.upload([(f"load-{i:05d}.txt", plan_document(i, sentences=6))], token)["jobs"]
                with uploads.lock:
                    accepted.extend(j["id"] for j in jobs if j["status"] != "failed")
                uploads.add(time.perf_counter() - t0)
            except Exception as exc:  # counted, reported
                uploads.add(0, f"{type(exc).__name__}: {exc}")
            stop.wait(0.5)

    def searcher(n: int) -> None:
        queries = itertools.cycle(QUERIES[n % len(QUERIES):] + QUERIES[:n % len(QUERIES)])
        while not stop.is_set():
            q = urllib.parse.quote(next(queries))
            t0 = time.perf_counter()
            try:
                server.get(f"/api/search?q={q}&k=10")
                searches.add(time.perf_counter() - t0)
            except Exception as exc:
                searches.add(0, f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=uploader, daemon=True) for _ in range(uploaders)]
    threads += [threading.Thread(target=searcher, args=(n,), daemon=True) for n in range(searchers)]
    started = time.perf_counter()
    try:
        for t in threads:
            t.start()
        stop.wait(seconds)
        stop.set()
        for t in threads:
            t.join(120)
        duration = time.perf_counter() - started
        # every accepted upload must end as done (a document), none lost
        deadline = time.time() + settle_timeout
        pending = list(accepted)
        while pending and time.time() < deadline:
            pending = [j for j in pending if server.get(f"/api/jobs/{j}")["status"] in ("queued", "processing")]
            time.sleep(1)
        lost = [j for j in accepted if server.get(f"/api/jobs/{j}")["status"] != "done"]
        documents = server.get("/api/documents")["count"]
    finally:
        server.stop()
    return LoadResult(uploads, searches, accepted, documents, lost, duration)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--uploaders", type=int, default=8)
    parser.add_argument("--searchers", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = run_load(Path(tmp) / "data", args.seconds, args.uploaders, args.searchers)
    print(f"load run: {r.duration:.0f} s, {args.uploaders} uploaders, {args.searchers} searchers (127.0.0.1)")
    print(r.uploads.summary("upload", r.duration))
    print(r.searches.summary("search", r.duration))
    print(f"accepted uploads {len(r.accepted_jobs)}, documents {r.documents}, lost {len(r.lost)}")
    for e in (r.uploads.errors + r.searches.errors)[:10]:
        print("  error:", e)


if __name__ == "__main__":
    main()
