"""A bounded load run against a real `policykb serve` on loopback.

8 uploader threads and 50 searcher threads hammer the server for a fixed
time (60 s by default), then stop by themselves.  Prints throughput, p50/p95
latency and errors per kind of request, and checks that every accepted
upload became a document.  Traffic goes to 127.0.0.1 only.

Run: .venv/bin/python bench/load.py [--seconds 60] [--uploaders 8] [--searchers 50]
tests/test_load.py runs a short version and asserts zero errors and zero losses.

A second scenario, a newsroom uploading a folder (issue 13: "searching while
ingesting"): every file of a folder (by default the 160 executive orders of
../shared/corpus) is uploaded through the API in requests of --per-request
files, while --searchers readers search (with a short pause between their
searches, as people do) until the server has parsed, extracted AND indexed
all of it.  Prints search p50/p95/max over that window, the seconds until
the last job was done and until the index held everything.

    .venv/bin/python bench/load.py --folder [DIR] [--searchers 4] [--per-request 20]
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


ORDERS = ROOT.parent / "shared" / "corpus" / "us-executive-orders-2021-2025"

# invented questions in the register of the executive orders (none is a dev-set query)
FOLDER_QUERIES = ["clean electricity for federal buildings", "report to the President within 180 days",
                  "cybersecurity of software supply chains", "vaccination of federal employees",
                  "which agency must publish guidance by 2022", "zero-emission vehicle fleet",
                  "tribal consultation", "semiconductor manufacturing", "student loan relief",
                  "Secretary of Homeland Security shall"]


@dataclass
class FolderResult:
    searches: Tally
    uploads: Tally
    files: int
    jobs_done_s: float            # first upload -> every job done (or failed)
    indexed_s: float              # first upload -> the index holds every stored unit
    failed: list[str]
    documents: int
    slow: list[tuple[float, float]]   # (seconds since the first upload, search seconds) of searches over 1 s
    warm_s: float = 0.0               # the first search, before the upload (loads the query model)


def index_caught_up(data: Path) -> bool:
    """Whether the server's saved index holds every change of the store's log (its manifest's `change_seq`)."""
    import json as _json
    import sqlite3

    from kb.config import load_settings

    settings = load_settings(data_dir=data)
    try:
        manifest = _json.loads((settings.index_dir / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    conn = sqlite3.connect(f"file:{settings.db_path}?mode=ro", uri=True, timeout=30)
    try:
        row = conn.execute("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name='search_changes'), 0),"
                           " COALESCE((SELECT MAX(seq) FROM search_changes), 0))").fetchone()
    finally:
        conn.close()
    return int(manifest.get("change_seq", 0)) >= int(row[0] or 0)


def run_folder_upload(data: Path, folder: Path = ORDERS, searchers: int = 4, per_request: int = 20,
                      pause_s: float = 0.5, settle_timeout: float = 1800) -> FolderResult:
    """Upload every file of `folder` through the API while `searchers` threads search; see the module doc."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                   and p.name not in ("README.md", "SOURCES.md"))
    policykb(data, "user", "add", "load-editor", "--password", "load-test-password", "--role", "editor")
    token = policykb(data, "token", "create", "--user", "load-editor").strip().splitlines()[0]
    server = Server(data).start()
    # a server that has served before: the first search loads the query model (seconds), not timed here
    t0 = time.perf_counter()
    server.get("/api/search?q=warm%20up&k=10")
    warm_s = time.perf_counter() - t0
    searches, uploads = Tally(), Tally()
    slow: list[tuple[float, float]] = []
    stop = threading.Event()
    t_first = time.perf_counter()

    def searcher(n: int) -> None:
        queries = itertools.cycle(FOLDER_QUERIES[n % len(FOLDER_QUERIES):] + FOLDER_QUERIES[:n % len(FOLDER_QUERIES)])
        while not stop.is_set():
            q = urllib.parse.quote(next(queries))
            t0 = time.perf_counter()
            try:
                server.get(f"/api/search?q={q}&k=10")
                took = time.perf_counter() - t0
                searches.add(took)
                if took > 1.0:
                    with searches.lock:
                        slow.append((t0 - t_first, took))
            except Exception as exc:
                searches.add(0, f"{type(exc).__name__}: {exc}")
            stop.wait(pause_s)

    threads = [threading.Thread(target=searcher, args=(n,), daemon=True) for n in range(searchers)]
    jobs: list[int] = []
    failed: list[str] = []
    try:
        for t in threads:
            t.start()
        t_first = time.perf_counter()
        for start in range(0, len(files), per_request):
            part = [(p.name, p.read_bytes()) for p in files[start:start + per_request]]
            t0 = time.perf_counter()
            try:
                jobs.extend(j["id"] for j in server.upload(part, token)["jobs"])
                uploads.add(time.perf_counter() - t0)
            except Exception as exc:
                uploads.add(0, f"{type(exc).__name__}: {exc}")
        deadline = time.time() + settle_timeout
        pending = list(jobs)
        while pending and time.time() < deadline:
            pending = [j for j in pending if server.get(f"/api/jobs/{j}")["status"] in ("queued", "processing")]
            time.sleep(1)
        jobs_done = time.perf_counter() - t_first
        while not index_caught_up(data) and time.time() < deadline:
            time.sleep(1)
        indexed = time.perf_counter() - t_first
        stop.set()
        for t in threads:
            t.join(120)
        for j in jobs:
            job = server.get(f"/api/jobs/{j}")
            if job["status"] != "done":
                failed.append(f"{job.get('source_name', j)}: {job['status']} {job.get('reason') or ''}")
        documents = server.get("/api/documents")["count"]
    finally:
        stop.set()
        server.stop()
    return FolderResult(searches, uploads, len(files), jobs_done, indexed, failed, documents, slow, warm_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--uploaders", type=int, default=8)
    parser.add_argument("--searchers", type=int, default=None, help="default 50 (4 with --folder)")
    parser.add_argument("--folder", type=Path, nargs="?", const=ORDERS,
                        help="the folder-upload scenario (default folder: the 160 executive orders)")
    parser.add_argument("--per-request", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.5, help="--folder: seconds each searcher waits between searches")
    args = parser.parse_args()
    if args.folder is not None:
        with tempfile.TemporaryDirectory() as tmp:
            f = run_folder_upload(Path(tmp) / "data", args.folder, args.searchers or 4, args.per_request, args.pause)
        print(f"folder upload: {f.files} files from {args.folder} in requests of {args.per_request}; "
              f"{args.searchers or 4} searchers, {args.pause} s between searches (127.0.0.1); "
              f"first search (model load, before the upload) {f.warm_s:.1f} s")
        print(f"every job done after {f.jobs_done_s:.1f} s, everything indexed after {f.indexed_s:.1f} s; "
              f"documents {f.documents}, not done {len(f.failed)}")
        print(f.uploads.summary("upload", f.indexed_s))
        print(f.searches.summary("search", f.indexed_s))
        lat = sorted(f.searches.latencies)
        if lat:
            print(f"search max {lat[-1] * 1000:.0f} ms; {len(f.slow)} of {len(lat)} searches over 1 s"
                  + (f" (first at {f.slow[0][0]:.0f} s)" if f.slow else ""))
        for line in (f.failed + f.uploads.errors + f.searches.errors)[:10]:
            print("  ", line)
        return
    args.searchers = 50 if args.searchers is None else args.searchers
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
