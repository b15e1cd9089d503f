"""Extraction and search quality on the project's own labelled corpus, one split at a time, by kind.

    .venv/bin/python bench/eval_labelled.py --split validation [--extract] [--search] [--show-errors] [--per-query]

Tune on `train` and `validation`; `test` is read once, when figures are
reported (README).  Extraction goes through the product's ingestion and
extractor (bench/eval_extract.py) and the shared scorer with `--by-family`.
Search ingests the split's documents into one temporary knowledge base, runs
its judged queries in each mode (bench/eval_search.py) and, in the same run,
a naive baseline over the same documents: all-MiniLM-L6-v2 exact search over
plain sentences, BM25 over the same sentences, and their reciprocal-rank
fusion.  Queries that the documents do not answer are counted apart: they
measure the no-answer signal, not ranking.  `--per-query` lists, by kind,
the queries where hybrid trails the naive baseline, with the rank of each
judged sentence in both (what to study where a kind trails).  With `--data`
the naive baseline's results are kept beside the knowledge base
(results-naive-*.jsonl) and reused while the documents and queries are the same.

`--coverage` asks whether PolicyKB's search units lose text the naive
baseline keeps: for each document of a tuning split, the share of the naive
baseline's sentences (five words and more) that some unit of the same document
holds by the scorer's rule (60% of its words).  Measured (2 Dec): train 94.7%
of 2,107 sentences, validation 94.0% of 629; what is left is mostly the
baseline's own run-ons (front matter, a bulleted list or a table read as one
sentence of 100-360 words) and inline markup, not sentences the units drop.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "eval"

import labelled_data  # noqa: E402




def _split_folder(split: str, families: set[str] | None) -> tuple[Path, list[str]]:
    docs = labelled_data.split_documents(split)
    if families:
        docs = {n: p for n, p in docs.items() if labelled_data.family(n) in families}
    folder = Path(tempfile.mkdtemp(prefix=f"policykb-{split}-"))
    for name, path in docs.items():
        (folder / path.name).symlink_to(path)
    return folder, sorted(docs)


def run_extraction(split: str, names: list[str], folder: Path, show_errors: bool) -> None:
    gold = labelled_data.write_jsonl(labelled_data.gold(names), folder.parent / f"{folder.name}-gold.jsonl")
    pred = folder.parent / f"{folder.name}-pred.jsonl"
    cmd = [sys.executable, str(ROOT / "bench" / "eval_extract.py"), "--docs", str(folder), "--out", str(pred)]
    subprocess.run(cmd, check=True)
    score = [sys.executable, str(SHARED / "score_commitments.py"), "--gold", str(gold), "--pred", str(pred), "--by-family"]
    if show_errors:
        score.append("--show-errors")
    print(f"\n== extraction, {split} split: {len(names)} documents", flush=True)
    subprocess.run(score, check=True)


# -- the naive search baseline ---------------------------------------------------

def _plain_text(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if path.suffix.lower() in (".html", ".htm"):
        import lxml.html

        # bytes: lxml refuses a str that carries an XML declaration (EUR-Lex pages do)
        return lxml.html.fromstring(path.read_bytes()).text_content()
    return path.read_text(encoding="utf-8", errors="replace")


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text)
    return [s for s in re.split(r"(?<=[.!?;])\s+", text) if len(s.split()) >= 3]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def naive_baseline(docs: dict[str, Path], queries: list[str], k: int = 10) -> list[dict]:
    """MiniLM exact cosine + BM25 (k1 1.2, b 0.75) over plain sentences, fused by RRF (k 60)."""
    import numpy as np

    from kb.config import load_settings
    from indexer.embedder import SentenceEmbedder

    units = [(name, s) for name, path in docs.items() for s in _sentences(_plain_text(path))]
    texts = [s for _, s in units]
    embedder = SentenceEmbedder(load_settings(tempfile.mkdtemp()))
    vecs = embedder.encode(texts)
    toks = [_tokens(t) for t in texts]
    df = Counter(w for t in toks for w in set(t))
    n = len(toks)
    avg = sum(map(len, toks)) / max(n, 1)
    idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
    tfs = [Counter(t) for t in toks]
    out = []
    qvecs = embedder.encode(queries)
    for qi, query in enumerate(queries):
        dense = np.argsort(-(vecs @ qvecs[qi]))[:100]
        qt = set(_tokens(query))
        bm = np.zeros(n)
        for i, tf in enumerate(tfs):
            length = len(toks[i])
            bm[i] = sum(idf[w] * tf[w] * 2.2 / (tf[w] + 1.2 * (0.25 + 0.75 * length / avg)) for w in qt if w in tf)
        sparse = [i for i in np.argsort(-bm)[:100] if bm[i] > 0]
        fused: dict[int, float] = defaultdict(float)
        for ranking in (dense, sparse):
            for rank, i in enumerate(ranking):
                fused[int(i)] += 1 / (60 + rank + 1)
        best = sorted(fused, key=fused.get, reverse=True)[:k]  # type: ignore[arg-type]
        out.append({"query": query, "results": [{"doc": units[i][0], "sentence": units[i][1]} for i in best]})
    return out


def held_share(sentences: list[str], units: list[str], least_words: int = 5) -> tuple[int, list[str]]:
    """How many of `sentences` (those of `least_words` words and more) some unit holds by the scorer's rule
    (60% of the sentence's words), and the sentences none holds."""
    scorer = labelled_data.shared_scorer("score_search")
    have = [set(scorer.words(u)) for u in units]
    counted, missed = 0, []
    for s in sentences:
        want = scorer.words(s)
        if len(s.split()) < least_words or not want:
            continue
        counted += 1
        if not any(sum(w in h for w in want) / len(want) >= 0.6 for h in have):
            missed.append(s)
    return counted, missed


def run_coverage(split: str, cache: Path, show: int = 0) -> None:
    """Per document of a tuning split: the naive baseline's sentences that no PolicyKB unit holds."""
    import tune_ranking
    from indexer.units import sentence_spans

    service, _ = tune_ranking.open_split(split, cache)   # train / validation only
    store = service.store
    stored = {d.source_name: d for d, _ in store.list_documents()}
    print(f"\n== unit coverage, {split} split: naive sentences (>= 5 words) no unit holds")
    print(f"{'document':<50} {'sentences':>9} {'missed':>7} {'units':>6}")
    total = missed_all = 0
    for name, path in sorted(labelled_data.split_documents(split).items()):
        doc = stored.get(path.name)
        if doc is None:
            print(f"{name:<50} not ingested")
            continue
        units = [sp.passage.text[s:e] for sp in store.passages(doc.id) for s, e in sentence_spans(sp)]
        counted, missed = held_share(_sentences(_plain_text(path)), units)
        total, missed_all = total + counted, missed_all + len(missed)
        print(f"{name:<50} {counted:>9} {len(missed):>7} {len(units):>6}")
        for m in missed[:show]:
            print(f"    {len(m.split())} words: {m[:160]}")
    print(f"{'all':<50} {total:>9} {missed_all:>7}  ({missed_all / max(total, 1):.1%} missed)")


def run_search(split: str, names: list[str], folder: Path, modes: list[str], data: Path | None = None,
               per_query: bool = False) -> None:
    scorer = labelled_data.shared_scorer("score_search")
    all_queries = labelled_data.queries(names)
    answered = [q for q in all_queries if q["relevant"]]
    qfile = labelled_data.write_jsonl([{"query": q["query"], "relevant": q["relevant"]} for q in answered],
                                      folder.parent / f"{folder.name}-queries.jsonl")
    # a data folder already holding this split's documents is reused (no ingestion); else a new temporary one
    data = data if data is not None else Path(tempfile.mkdtemp(prefix="policykb-search-"))
    cmd = [sys.executable, str(ROOT / "bench" / "eval_search.py"), "--docs", str(folder), "--queries", str(qfile),
           "--keep", str(data), "--modes", ",".join(modes)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    results = {mode: [json.loads(l) for l in (data / f"results-{mode}.jsonl").read_text().splitlines() if l.strip()]
               for mode in modes}
    docs = {n: p for n, p in labelled_data.documents().items() if n in names}
    # the naive baseline depends only on the documents and queries: kept beside the knowledge base and reused
    # (the file's name holds a digest of the documents' names and sizes, the check below the queries)
    digest = hashlib.sha1(json.dumps(sorted((n, p.stat().st_size) for n, p in docs.items())).encode()).hexdigest()
    naive_file = data / f"results-naive-{digest[:12]}.jsonl"
    qtexts = [q["query"] for q in answered]
    cached = [json.loads(l) for l in naive_file.read_text().splitlines() if l.strip()] if naive_file.exists() else []
    if [r["query"] for r in cached] != qtexts:
        cached = naive_baseline(docs, qtexts)
        naive_file.write_text("".join(json.dumps(r) + "\n" for r in cached))
    results["naive"] = cached
    families = sorted({q["family"] for q in answered})
    print(f"\n== search, {split} split: {len(names)} documents, {len(answered)} answerable queries "
          f"(+{len(all_queries) - len(answered)} with no answer)")
    print(f"{'kind':<8} {'queries':>7} " + " ".join(f"{m + ' nDCG/R@10':>20}" for m in results))
    for fam in families + ["all"]:
        qs = [q for q in answered if fam == "all" or q["family"] == fam]
        cells = []
        for mode, rows in results.items():
            s = scorer.score(qs, rows, 10)
            cells.append(f"{s['ndcg']:>11.3f} / {s['recall']:.3f}")
        print(f"{fam:<8} {len(qs):>7} " + " ".join(f"{c:>20}" for c in cells))
    if per_query:
        print_per_query(answered, results["hybrid"], results["naive"], scorer)


def first_ranks(query: dict, rows: list[dict], scorer, k: int = 10) -> list[int | None]:  # type: ignore[no-untyped-def]
    """For each judged sentence of `query`, the 1-based rank at which `rows` first holds it (None: not in top k)."""
    hits = rows[:k]
    return [next((r + 1 for r, res in enumerate(hits) if scorer.holds(res, item)), None) for item in query["relevant"]]


def print_per_query(answered: list[dict], hybrid: list[dict], naive: list[dict],
                    scorer) -> None:  # type: ignore[no-untyped-def]
    """Queries where hybrid trails the naive baseline in nDCG@10, by kind, with each judged sentence's rank in both
    (what to study when hybrid is below the baseline on a kind of document)."""
    by_query = {r["query"]: r for r in hybrid}
    naive_by = {r["query"]: r for r in naive}
    print("\n== queries where hybrid trails the naive baseline (nDCG@10; judged sentence ranks hybrid/naive)")
    for fam in sorted({q["family"] for q in answered}):
        for q in (q for q in answered if q["family"] == fam):
            h = scorer.score([q], [by_query.get(q["query"], {"query": q["query"]})], 10)["ndcg"]
            n = scorer.score([q], [naive_by.get(q["query"], {"query": q["query"]})], 10)["ndcg"]
            if h >= n:
                continue
            hr = first_ranks(q, by_query.get(q["query"], {}).get("results", []), scorer)
            nr = first_ranks(q, naive_by.get(q["query"], {}).get("results", []), scorer)
            ranks = " ".join(f"{a or '-'}/{b or '-'}" for a, b in zip(hr, nr))
            print(f"{fam:<6} {h:.3f} < {n:.3f}  [{ranks}]  {q['query']}  ({q['relevant'][0]['doc']})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=labelled_data.SPLITS, default="validation")
    ap.add_argument("--family", action="append", help="only these kinds of document (repeatable)")
    ap.add_argument("--extract", action="store_true")
    ap.add_argument("--search", action="store_true")
    ap.add_argument("--modes", default="hybrid,dense,keyword")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--per-query", action="store_true",
                    help="search: list the queries where hybrid trails the naive baseline, by kind")
    ap.add_argument("--coverage", type=int, nargs="?", const=0, metavar="SHOW",
                    help="unit coverage of the naive baseline's sentences (train / validation; SHOW misses each)")
    ap.add_argument("--data", help="search: keep the knowledge base in this folder and reuse it on the next run "
                                   "(bench/tune_ranking.py builds /tmp/policykb-labelled/<split>)")
    args = ap.parse_args()
    if args.coverage is not None:
        if args.split not in ("train", "validation"):
            print("--coverage reads the tuning splits only (train, validation)", file=sys.stderr)
            return 1
        run_coverage(args.split, Path(args.data).parent if args.data else Path("/tmp/policykb-labelled"),
                     args.coverage)
        return 0
    if not (args.extract or args.search):
        args.extract = args.search = True
    folder, names = _split_folder(args.split, set(args.family) if args.family else None)
    if not names:
        print(f"no labelled documents in the {args.split} split", file=sys.stderr)
        return 1
    if args.extract:
        run_extraction(args.split, names, folder, args.show_errors)
    if args.search:
        run_search(args.split, names, folder, args.modes.split(","), Path(args.data) if args.data else None,
                   args.per_query)
    return 0


if __name__ == "__main__":
    sys.exit(main())
