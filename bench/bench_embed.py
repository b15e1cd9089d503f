"""Embedding speed and agreement: torch fp32 vs ONNX Runtime fp32 vs ONNX Runtime int8.

    .venv/bin/python bench/bench_embed.py [--docs DIR] [--sentences 2000] [--threads 2]

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=CORPUS)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

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
