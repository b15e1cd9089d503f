"""Ingest throughput of `policykb worker` processes: SQLite (the default) vs PostgreSQL, 1 and 2 workers.

    .venv/bin/python bench/bench_cluster.py [--docs DIR] [--count 40] [--runs sqlite:1,postgresql:1,postgresql:2]

The same documents (the first --count US executive orders of ../shared/corpus, the off-limits
orders 14057, 14058 and 14154 skipped) are queued as jobs in a fresh knowledge base, then N
`policykb worker` processes are started and the script waits until every job is done.  Each
worker parses, extracts (spaCy, in its sandbox child) and stores; indexing is not in these
figures (with several machines it happens on each web node, from the change log).  For each run
it prints:

* docs/s over the whole run, from starting the workers (process start and model loading
  included) to the last job done ("wall");
* docs/s in steady state: from the first job done to the last ("steady");
* the CPU seconds per document that the workers (with their sandbox children) and the
  PostgreSQL server used, and the machine's CPU count, which together say what limits scaling:
  with C cores and W CPU-seconds per document, no number of workers beats C / W docs/s.

PostgreSQL is a private server started by pgserver (as in the tests).  Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DOCS = ROOT.parent / "shared" / "corpus" / "us-executive-orders-2021-2025"
OFF_LIMITS = re.compile(r"(14057|14058|14154)")   # /work/shared/corpus/README.md: never used


def documents(folder: Path, count: int) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not OFF_LIMITS.search(p.name))
    return files[:count]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their children so far (psutil; 0 without it)."""
    try:
        import psutil
    except ImportError:
        return 0.0
    total = 0.0
    for pid in pids:
        try:
            p = psutil.Process(pid)
            for q in [p, *p.children(recursive=True)]:
                t = q.cpu_times()
                total += t.user + t.system + getattr(t, "children_user", 0) + getattr(t, "children_system", 0)
        except psutil.Error:
            pass
    return total


def postgres_pids(pgdata: Path) -> list[int]:
    """This benchmark's PostgreSQL: its postmaster (the first line of postmaster.pid) and its backends."""
    try:
        import psutil

        main = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
        return [main.pid, *(c.pid for c in main.children(recursive=True))]
    except (ImportError, OSError, ValueError, IndexError):
        return []
    except Exception:  # psutil.Error: the server is gone
        return []


def run(backend: str, workers: int, files: list[Path], base_url: str | None, work: Path) -> dict:
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store

    data = work / f"{backend}-{workers}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "POLICYKB_DATA": str(data)}
    env.pop("POLICYKB_ORIGINALS_URL", None)
    env.pop("POLICYKB_TEST_JOB_DELAY_S", None)
    if backend == "postgresql":
        import psycopg

        name = f"bench_cluster_{workers}_{int(time.time())}"
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        head, _, query = base_url.partition("?")
        env["POLICYKB_DATABASE_URL"] = f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    else:
        env.pop("POLICYKB_DATABASE_URL", None)
    settings = load_settings(data, database_url=env.get("POLICYKB_DATABASE_URL"))
    store = Store(settings.database)
    pipeline = Pipeline(settings, store)
    for f in files:
        pipeline.submit(f.read_bytes(), f.name)
    pg_cpu0 = cpu_seconds(postgres_pids(work / "pgdata")) if backend == "postgresql" else 0.0

    started = time.perf_counter()
    procs = [subprocess.Popen([str(ROOT / ".venv" / "bin" / "policykb"), "worker", "--name", f"bench-{i}",
                               "--poll-s", "0.2"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(workers)]
    first_done = None
    cpu = 0.0
    try:
        while True:
            counts = store.queue_counts()
            finished = sum(counts.get(s, 0) for s in ("done", "failed", "dead", "cancelled"))
            if finished and first_done is None:
                first_done = (time.perf_counter(), finished)
            cpu = max(cpu, cpu_seconds([p.pid for p in procs]))
            if finished >= len(files):
                break
            if all(p.poll() is not None for p in procs):
                raise RuntimeError(f"every worker exited; queue {counts}")
            time.sleep(0.1)
        ended = time.perf_counter()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    # backends end with their connections: the server's CPU is read before the workers' pools close
    pg_cpu = cpu_seconds(postgres_pids(work / "pgdata")) - pg_cpu0 if backend == "postgresql" else 0.0
    counts = store.queue_counts()
    commitments = store.count_commitments()
    store.dispose()
    assert first_done is not None
    steady_docs = len(files) - first_done[1]
    return {
        "run": f"{backend}:{workers}", "docs": len(files), "commitments": commitments,
        "done": counts.get("done", 0), "failed": counts.get("failed", 0) + counts.get("dead", 0),
        "wall_s": ended - started, "wall_docs_s": len(files) / (ended - started),
        "steady_docs_s": steady_docs / (ended - first_done[0]) if ended > first_done[0] else float("nan"),
        "worker_cpu_per_doc": cpu / len(files), "db_cpu_per_doc": pg_cpu / len(files),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--runs", default="sqlite:1,postgresql:1,postgresql:2",
                    help="backend:workers, comma-separated (default sqlite:1,postgresql:1,postgresql:2)")
    args = ap.parse_args()
    files = documents(args.docs, args.count)
    runs = [(r.split(":")[0], int(r.split(":")[1])) for r in args.runs.split(",")]
    print(f"{len(files)} documents ({sum(f.stat().st_size for f in files) / 1e6:.2f} MB) from {args.docs}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start")

    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    server = None
    base_url = None
    try:
        if any(b == "postgresql" for b, _ in runs):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import pgserver

                server = pgserver.get_server(work / "pgdata", cleanup_mode="stop")
            base_url = server.get_uri()
        results = []
        for backend, n in runs:
            r = run(backend, n, files, base_url, work)
            results.append(r)
            print(f"{r['run']:<14} {r['done']:>3} done {r['failed']:>2} failed  {r['commitments']:>5} commitments  "
                  f"wall {r['wall_s']:6.1f} s = {r['wall_docs_s']:.2f} docs/s   steady {r['steady_docs_s']:.2f} docs/s"
                  f"   CPU/doc: workers {r['worker_cpu_per_doc']:.2f} s, database {r['db_cpu_per_doc']:.2f} s",
                  flush=True)
        cpus = os.cpu_count() or 1
        for r in results:
            per_doc = r["worker_cpu_per_doc"] + r["db_cpu_per_doc"]
            if per_doc:
                print(f"  {r['run']}: CPU-bound ceiling on {cpus} cores = {cpus / per_doc:.2f} docs/s "
                      f"({per_doc:.2f} CPU s a document)")
        print(f"load average {os.getloadavg()[0]:.1f} at the end (other processes share these cores)")
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
