"""Search quality on the dev set: ingest the dev documents into a temporary
knowledge base, run the judged queries in each mode through the CLI's batch
code path, score them with ../shared/eval/score_search.py and print a table.

    .venv/bin/python bench/eval_search.py [--docs DIR] [--queries FILE] [--keep DIR] [--show-misses]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", default=str(SHARED / "dev" / "docs"))
    ap.add_argument("--queries", default=str(SHARED / "dev" / "queries.jsonl"))
    ap.add_argument("--scorer", default=str(SHARED / "score_search.py"))
    ap.add_argument("--keep", help="use (and keep) this data folder instead of a temporary one")
    ap.add_argument("--modes", default="hybrid,dense,keyword")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()

    from kb.config import load_settings
    from kb.pipeline import Pipeline, iter_files
    from kb.store import Store
    from indexer import SearchService

    data = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="policykb-eval-"))
    settings = load_settings(data_dir=data)
    manifest = fresh_if_changed(data, [args.docs], settings.db_path)
    store = Store(settings.db_path)
    service = SearchService(settings, store)
    if store.document_count() == 0:
        pipeline = Pipeline(settings, store)
        pipeline.listeners.append(service.on_document_stored)
        t0 = time.perf_counter()
        for path in iter_files([args.docs]):
            outcome = pipeline.ingest_path(path)
            if outcome.status == "failed":
                print(f"  {path.name}: failed: {outcome.reason}", file=sys.stderr)
        print(f"ingested {store.document_count()} documents in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        (data / MANIFEST).write_text(manifest)
    report = service.sync()
    stats = service.stats()
    print(f"index: {stats['commitments']} commitments, {stats['sentences']} passage sentences "
          f"({report.seconds:.1f} s sync)", file=sys.stderr)

    rows = []
    for mode in args.modes.split(","):
        ns = argparse.Namespace(
            query=None, queries=args.queries, k=10, mode=mode, actor=None, document_id=None, deadline_from=None,
            deadline_to=None, has_deadline=None, sector=None, strength=None, has_quantity=None, json=True,
        )
        buf = io.StringIO()
        t0 = time.perf_counter()
        _run_batch(service, ns, buf)
        elapsed = time.perf_counter() - t0
        results = data / f"results-{mode}.jsonl"
        results.write_text(buf.getvalue(), encoding="utf-8")
        cmd = [sys.executable, args.scorer, "--queries", args.queries, "--results", str(results), "--json"]
        if args.show_misses and mode == "hybrid":
            out = subprocess.run(cmd[:-1] + ["--show-misses"], capture_output=True, text=True)
            print(out.stdout, file=sys.stderr)
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        score = json.loads(out.stdout.strip().splitlines()[-1])
        n = score["queries"] or 1
        rows.append((mode, score["ndcg"], score["recall"], score["mrr"], 1000 * elapsed / n))
    print(f"{'mode':<8} {'nDCG@10':>8} {'Recall@10':>10} {'MRR@10':>8} {'ms/query':>9}")
    for mode, ndcg, recall, mrr, ms in rows:
        print(f"{mode:<8} {ndcg:>8.3f} {recall:>10.3f} {mrr:>8.3f} {ms:>9.1f}")
    print(f"(data: {data})")
    return 0


MANIFEST = "documents.json"


def fresh_if_changed(data: Path, folders: list[str], db_path: Path) -> str:
    """Empty a kept data folder whose knowledge base was built from other documents than `folders` hold now.

    Why: a kept knowledge base is reused without ingestion, so a document added to a split (or re-anchored)
    after the folder was built would silently be missing from it and score 0 on each of its queries.  The
    folder keeps a manifest of the files it was built from (name and SHA-1); a different manifest, or a
    folder holding a knowledge base but no manifest, is emptied; the caller writes the manifest it returns
    once the documents are in.  A folder that holds neither is no knowledge base of ours: it is left alone
    and the run stops."""
    from kb.pipeline import iter_files

    files = sorted(iter_files(folders), key=lambda p: p.name)
    manifest = json.dumps([[p.name, hashlib.sha1(p.read_bytes()).hexdigest()] for p in files], indent=0)
    mfile = data / MANIFEST
    if mfile.exists() and mfile.read_text() == manifest:
        return manifest
    if data.exists() and any(data.iterdir()):
        if not mfile.exists() and not db_path.exists():
            raise SystemExit(f"{data} holds files but no knowledge base: give --keep an empty or earlier --keep folder")
        print(f"{data}: built from other documents than {', '.join(folders)}; building it again", file=sys.stderr)
        for child in data.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    data.mkdir(parents=True, exist_ok=True)
    return manifest


def _run_batch(service, ns, buf) -> None:  # type: ignore[no-untyped-def]
    """The same output as `policykb search --queries FILE --json`, on an already warm service."""
    from indexer import hit_to_dict
    from policykb.cli.options import filters_from_args
    from policykb.cli.search import read_queries

    filters = filters_from_args(ns)
    for query in read_queries(ns.queries):
        hits = service.search(query, k=ns.k, mode=ns.mode, filters=filters)
        buf.write(json.dumps({"query": query, "results": [hit_to_dict(h) for h in hits]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
