"""Embedding speed and agreement: torch fp32 vs ONNX Runtime fp32 vs ONNX Runtime int8.

    .venv/bin/python bench/bench_embed.py [--docs DIR] [--sentences 2000] [--threads 2]
    .venv/bin/python bench/bench_embed.py --units DATA [--sentences 1500] [--batches 4,8,16]

`--units DATA`: the texts the index embeds for the knowledge base in DATA
(e.g. one kept by `bench/bench_ingest.py --keep DATA`: titles, contexts and
all), a random sample of them; the ONNX backends then run as `policykb
ingest` runs them (one thread per batch) at each batch size, and the
figures are texts per CPU second, which other processes on a shared machine
do not inflate as they do wall time.  Also prints the tokens per text.

Encodes the same sentences (from the executive orders in
../shared/corpus, through the product's ingestion) with each backend of
`indexer.embedder`, after one warm-up batch, and prints sentences/s and the
cosine of each backend's vectors to the torch ones.  The ONNX files are built
in a temporary data folder first (the build time is printed too).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "us-executive-orders-2021-2025"


def sentences(docs: Path, limit: int) -> list[str]:
    from kb.ingest import parse_file

    out: list[str] = []
    for path in sorted(docs.glob("*.md")):
        for passage in parse_file(path).passages:
            out.extend(s for s in re.split(r"(?<=[.;])\s+(?=[A-Z(])", passage.text) if len(s.split()) >= 4)
        if len(out) >= limit:
            break
    return out[:limit]


def units_bench(data: Path, n: int, batches: list[int]) -> int:
    import random

    import numpy as np

    from bench.bench_ingest import unit_texts
    from kb.config import load_settings
    from indexer.embedder import OnnxEmbedder, SentenceEmbedder, model_dir
    from indexer.onnx_model import max_tokens

    texts = unit_texts(data)
    random.Random(13).shuffle(texts)
    texts = texts[:n]
    settings = load_settings(data_dir=data, embedding_threads=1)
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir(settings) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_tokens(model_dir(settings)))
    lengths = np.array([len(e.ids) for e in tok.encode_batch(texts)])
    print(f"{len(texts)} unit texts of {data}: {lengths.mean():.1f} tokens on average (p50 {np.median(lengths):.0f},"
          f" p95 {np.percentile(lengths, 95):.0f}); one thread per batch")
    # what the document title in front of every unit costs (indexer/units.py composes the texts)
    from kb.store import Store

    store = Store(settings.db_path)
    titles = sorted({(d.title or d.source_name).strip() for d, _ in store.list_documents()}, key=len, reverse=True)
    store.close()
    bare = [next((t[len(title) + 2:] for title in titles if t.startswith(title + ". ")), t) for t in texts]
    bare_lengths = np.array([len(e.ids) for e in tok.encode_batch(bare)])
    print(f"  without the document title in front: {bare_lengths.mean():.1f} tokens on average"
          f" ({100 * (1 - bare_lengths.sum() / lengths.sum()):.0f}% fewer tokens to embed);"
          f" {len(set(texts))} distinct texts, {len(set(bare))} without titles")
    reference = SentenceEmbedder(settings).encode(texts[:200])
    print(f"{'backend':<10} {'batch':>5} {'texts/CPU-s':>12} {'cos min':>8} {'cos mean':>9}   (cosine to torch fp32)")
    for precision in ("fp32", "int8"):
        embedder = OnnxEmbedder(settings, precision=precision)
        embedder.load()
        embedder.encode(texts[:32])
        for size in batches:
            c0 = time.process_time()
            vectors = embedder.encode(texts, batch_size=size)
            rate = len(texts) / (time.process_time() - c0)
            cos = (vectors[:200] * reference).sum(axis=1)
            print(f"onnx {precision:<5} {size:>5} {rate:>12.1f} {cos.min():>8.4f} {float(np.mean(cos)):>9.4f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=CORPUS)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--units", type=Path, help="a data folder: time the texts its index embeds (see above)")
    ap.add_argument("--batches", default="4,8,16", help="--units: the batch sizes to time")
    args = ap.parse_args()
    if args.units:
        return units_bench(args.units, args.sentences or 1500, [int(b) for b in args.batches.split(",")])

    import numpy as np
    import torch

    from kb.config import load_settings
    from indexer.embedder import OnnxEmbedder, SentenceEmbedder

    torch.set_num_threads(args.threads)
    texts = sentences(args.docs, args.sentences)
    words = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    print(f"{len(texts)} sentences, {words:.1f} words on average, {args.threads} threads")
    settings = load_settings(Path(tempfile.mkdtemp(prefix="policykb-embed-")), embedding_threads=args.threads)
    backends = {
        "torch fp32": SentenceEmbedder(settings),
        "onnx fp32": OnnxEmbedder(settings, precision="fp32"),
        "onnx int8": OnnxEmbedder(settings, precision="int8"),
    }
    t0 = time.perf_counter()
    backends["onnx int8"].encode(["build"])
    print(f"ONNX files built in {time.perf_counter() - t0:.1f} s")
    vectors = {}
    print(f"{'backend':<11} {'sent/s':>8} {'cos min':>8} {'cos mean':>9}")
    for name, embedder in backends.items():
        embedder.encode(texts[:64])
        t0 = time.perf_counter()
        vectors[name] = embedder.encode(texts)
        rate = len(texts) / (time.perf_counter() - t0)
        cos = (vectors[name] * vectors["torch fp32"]).sum(axis=1)
        print(f"{name:<11} {rate:>8.0f} {cos.min():>8.4f} {float(np.mean(cos)):>9.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
