"""Choose the ranking constants (kb.config.RankingParams) on the labelled corpus: tune on train, check on validation.

    .venv/bin/python bench/tune_ranking.py [--cache DIR] [--rounds 2] [--report-only] [--no-answer]

Each split's documents are ingested once into a knowledge base under
`--cache` (default /tmp/policykb-labelled/<split>; reused by later runs and
by `bench/eval_labelled.py --data DIR`).  The judged queries then run
in-process against that knowledge base: every query's candidates are
gathered and hydrated once, and each setting of RankingParams only re-runs
the pure ranking steps (indexer/ranking.py, indexer/results.py) on copies
of them, so one evaluation of ~170 queries takes well under a second.

The search is coordinate descent over a small grid per constant, on the
mean over kinds of document of hybrid nDCG@10 (a macro average, so that one
kind or one query template cannot carry a change); validation figures are
printed by kind for the current and the tuned values, with each boost
switched off in turn (a boost stays only where it helps across kinds).

`--no-answer` calibrates the low-confidence threshold (SearchService.confident):
the best `match` of the first hits (cosine + share of the query's terms held +
answer type; indexer/results.py) on answerable vs no-answer queries of train
and validation together (best F1), then its precision / recall on each.  The
report puts the naive baseline (bench/eval_labelled.py) beside each split.  `--variants` reports
three structural changes measured and not taken (kb/config.py, RankingParams): the cosine with the bare
sentence (as the naive baseline embeds it) mixed with the unit's, Rocchio feedback from the first three
hits, and hybrid's order fused with the naive baseline's order of the same candidates.  `--devset` adds the shared dev
set (40 queries) as a third report and, when tuning, as a guard no move may
lower.  `--set NAME=VALUE` starts from (or, with --report-only, reports)
other values.  The chosen values and their figures are in kb/config.py.

The test split is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "eval"

import labelled_data  # noqa: E402

TUNE_SPLITS = ("train", "validation")   # never "test"

# the values tried for each constant (the current value is always tried too)
GRID: dict[str, list] = {
    "fusion": ["weighted", "rrf"],
    "rrf_k": [10, 30, 60],
    "passage_weight": [0.0, 0.1, 0.2, 0.3, 0.5],
    "collapse_same_sentence": [False, True],
    "collapse_identical": [False, True],
    "keyword_weight": [0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0],
    "keyword_scale": [0.2, 0.3, 0.4, 0.5, 0.7, 1.0],
    "dense_low_percentile": [0, 10, 25, 50],
    "dense_floor": [0.1, 0.15, 0.2, 0.25],
    "name_boost": [0.0, 0.1, 0.25, 0.5, 0.75],
    "year_boost": [0.0, 0.1, 0.25, 0.4],
    "answer_type_boost": [0.0, 0.1, 0.2, 0.3],
    "sentence_terms_boost": [0.0, 0.1, 0.2, 0.3, 0.5, 0.75],
    "same_sentence_decay": [0.85, 0.95, 1.0],
    "passage_prior": [0.6, 0.75, 0.85, 0.95, 1.0],
    "short_prior": [0.3, 0.45, 0.6, 0.8, 1.0],
    "short_words": [2, 3, 4, 6],
}
BOOSTS = ("name_boost", "year_boost", "answer_type_boost", "sentence_terms_boost")


def scorer():  # type: ignore[no-untyped-def]
    return labelled_data.shared_scorer("score_search")


class CachingEmbedder:
    """The service's embedder, remembering query vectors (each query is embedded once per run)."""

    def __init__(self, inner):  # type: ignore[no-untyped-def]
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.relevance_floor = getattr(inner, "relevance_floor", None)
        if self.relevance_floor is None:
            del self.relevance_floor
        self.cache: dict[str, object] = {}

    def encode(self, texts, batch_size: int = 64):  # type: ignore[no-untyped-def]
        import numpy as np

        todo = [t for t in texts if t not in self.cache]
        if todo:
            for t, v in zip(todo, self.inner.encode(todo, batch_size)):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts])


def open_split(split: str, cache: Path, embedder=None):  # type: ignore[no-untyped-def]
    """The service over the split's knowledge base (ingested on first use) and the split's judged queries."""
    assert split in TUNE_SPLITS, "the test split is read once, by the lead, not while tuning"
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store
    from indexer import SearchService

    docs = labelled_data.split_documents(split)
    data = cache / split
    settings = load_settings(data_dir=data)
    store = Store(settings.db_path)
    service = SearchService(settings, store, embedder)
    have = {d.source_name for d, _ in store.list_documents()}
    missing = {n: p for n, p in docs.items() if p.name not in have}
    if missing:   # the first run, or documents added to the labelled corpus since
        pipeline = Pipeline(settings, store)
        t0 = time.perf_counter()
        for name, path in sorted(missing.items()):
            outcome = pipeline.ingest_path(path)
            if outcome.status == "failed":
                print(f"  {path.name}: failed: {outcome.reason}", file=sys.stderr)
        print(f"{split}: ingested {len(missing)} documents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    service.sync()
    service._embedder = CachingEmbedder(service.embedder)
    return service, labelled_data.queries(sorted(docs))


def open_devset(cache: Path):  # type: ignore[no-untyped-def]
    """The shared dev set (../shared/eval/dev: 40 queries) in a knowledge base under cache/devset, as a guard:
    a change must not lower it (bench/eval_search.py --keep CACHE/devset builds the same folder)."""
    from kb.config import load_settings
    from kb.pipeline import Pipeline, iter_files
    from kb.store import Store
    from indexer import SearchService

    settings = load_settings(data_dir=cache / "devset")
    store = Store(settings.db_path)
    service = SearchService(settings, store)
    if store.document_count() == 0:
        pipeline = Pipeline(settings, store)
        for path in iter_files([str(SHARED / "dev" / "docs")]):
            pipeline.ingest_path(path)
    service.sync()
    service._embedder = CachingEmbedder(service.embedder)
    rows = [json.loads(l) for l in (SHARED / "dev" / "queries.jsonl").read_text().splitlines() if l.strip()]
    return service, [{**r, "family": "devset"} for r in rows]


class Prepared:
    """One query's candidates, gathered and hydrated once; `run(params)` ranks copies of them."""

    def __init__(self, service, query: str, mode: str = "hybrid", depth_params=None):  # type: ignore[no-untyped-def]
        from indexer import ranking
        from indexer.candidates import gather
        from indexer.results import hydrate, mended_hits
        from indexer.text import analyse_query

        self.service, self.query, self.mode = service, query, mode
        self.info = analyse_query(query)
        params = depth_params or service.params
        qvec = service.embedder.encode([query])[0] if mode in ("hybrid", "dense") else None
        cands = gather(service.state, mode, qvec, self.info, ranking.search_depth(10, params), None, params)
        self.pairs = hydrate(service.store, list(cands.values())) if cands else []
        # each hit with its sentence mended (indexer/results.py `mend`), read once: `run` shows them for the
        # first units as the service does
        self.mended = dict(zip((id(h) for _, h in self.pairs), mended_hits(service.store, [h for _, h in self.pairs])))
        self.names = service._query_names(self.info) if mode == "hybrid" else []
        self.idf = service.state.keywords.idf(self.info.terms)

    def run(self, params, k: int = 10, dense_of=None, rerank=None, model="service"):  # type: ignore[no-untyped-def]
        """The first k hits under `params`; `dense_of(candidate, hit)` replaces each cosine and `rerank(pairs)`
        reorders the ranked candidates (the structural variants of `--variants`); `model`: the learned
        re-ranker (indexer/rank_learned.py; "service": the service's own, None: the hand-tuned order alone)."""
        from indexer import ranking
        from indexer.results import dedupe, explain
        from indexer.service import MEND_PER_RESULT

        pairs = [(dataclasses.replace(u, score=0.0, boosts=[]), h) for u, h in self.pairs]
        if dense_of is not None:
            for u, h in pairs:
                if u.dense is not None:
                    u.dense = dense_of(u, h)
        floor = params.dense_floor
        model = self.service.ranker if model == "service" else model
        pairs = ranking.rank(pairs, self.info, self.mode, self.names, params, floor, model, self.idf)
        if rerank is not None:
            pairs = rerank(pairs)
        limit = MEND_PER_RESULT * k
        pairs = [(u, self.mended[id(h)]) for u, h in pairs[:limit]] + pairs[limit:]
        entries = dedupe(pairs, k, params.same_sentence_decay, params.same_sentence_overlap,
                         positive_only=self.mode != "dense", collapse=params.collapse_same_sentence,
                         identical=params.collapse_identical)
        return explain(entries, self.info, floor, params.low_confidence_answer_weight)


# -- structural variants: measured on train + validation + the dev set, none taken ------------------------

def rocchio(qvec, vecs, beta: float):  # type: ignore[no-untyped-def]
    """The query vector moved towards the mean of `vecs` (pseudo-relevance feedback), unit length again."""
    import numpy as np

    q = qvec + beta * np.asarray(vecs).mean(axis=0) if len(vecs) else qvec
    return q / np.linalg.norm(q)


def rrf_merge(first: list, second: list, weight: float, k: int) -> list:
    """`first` reordered by 1 / (k + rank in first) + weight / (k + rank in second); items missing from
    `second` get only their first share (both lists hold the same items or fewer, compared by identity)."""
    rank2 = {id(x): r for r, x in enumerate(second)}
    score = {id(x): 1 / (k + r + 1) + (weight / (k + rank2[id(x)] + 1) if id(x) in rank2 else 0.0)
             for r, x in enumerate(first)}
    return sorted(first, key=lambda x: -score[id(x)])


class Variants:
    """What the candidates of each query would score as the naive baseline scores them: the cosine of the
    query with the bare sentence (no title, section or resolved fields) and BM25 over bare sentences, plus
    each candidate's stored vector (for feedback).  Built once per split (a minute or two of encoding)."""

    def __init__(self, service, prepared: list[Prepared]):  # type: ignore[no-untyped-def]
        import numpy as np

        from indexer.keyword import KeywordIndex
        from indexer.text import terms
        from indexer.units import sentence_spans

        store, state, embedder = service.store, service.state, service.embedder
        texts: dict[str, int] = {}
        bm25 = KeywordIndex()

        def add(text: str) -> None:
            if text not in texts:
                texts[text] = len(texts)
                bm25.add(texts[text], terms(text))

        for sp in store.iter_passages():
            for a, b in sentence_spans(sp):
                add(sp.passage.text[a:b])
        for sc in store.iter_commitments():
            add(sc.commitment.sentence)
        for p in prepared:
            for _, h in p.pairs:
                add(h.sentence)
        wanted = sorted({h.sentence for p in prepared for _, h in p.pairs})
        vec = dict(zip(wanted, embedder.encode(wanted)))
        self.plain: dict[int, float] = {}
        self.bm25: dict[int, float] = {}
        self.vectors: dict[int, np.ndarray] = {}
        self.qvec: dict[str, np.ndarray] = {}
        for p in prepared:
            q = embedder.encode([p.query])[0]
            self.qvec[p.query] = q
            keys = np.array([texts[h.sentence] for _, h in p.pairs], dtype=np.int64)
            got: dict[int, float] = {}
            if p.info.terms and len(keys):
                scores, found = bm25.search(p.info.terms, len(keys), allowed=keys)
                got = dict(zip(found.tolist(), scores.tolist()))
            for u, h in p.pairs:
                self.plain[id(h)] = float(vec[h.sentence] @ q)
                self.bm25[id(h)] = float(got.get(texts[h.sentence], 0.0))
            for kind, index in (("c", state.commitments), ("s", state.sentences)):
                mine = [(u, h) for u, h in p.pairs if u.kind == kind]
                if mine:
                    for (u, h), v in zip(mine, index.vectors(np.array([u.key for u, _ in mine], dtype=np.int64))):
                        self.vectors[id(h)] = v

    def run(self, variant: str, p: Prepared, params):  # type: ignore[no-untyped-def]
        if variant == "plain":       # the cosine with the bare sentence, half and half with the unit's
            return p.run(params, dense_of=lambda u, h: 0.5 * u.dense + 0.5 * self.plain[id(h)])
        if variant == "feedback":    # Rocchio: the query moved a quarter towards its first three hits, ranked again
            top: list = []

            def keep(pairs):  # type: ignore[no-untyped-def]
                top.extend(self.vectors[id(h)] for u, h in pairs[:3] if u.score > 0)
                return pairs

            p.run(params, rerank=keep)
            q = rocchio(self.qvec[p.query], top, 0.25)
            return p.run(params, dense_of=lambda u, h: float(self.vectors[id(h)] @ q))
        if variant == "naive-fusion":   # hybrid's order fused (RRF) with the naive baseline's order of the same pool
            def rerank(pairs):  # type: ignore[no-untyped-def]
                naive = rrf_merge(sorted(pairs, key=lambda uh: -self.plain[id(uh[1])]),
                                  [uh for uh in sorted(pairs, key=lambda uh: -self.bm25[id(uh[1])])
                                   if self.bm25[id(uh[1])] > 0], 1.0, 60)
                merged = rrf_merge([uh for uh in pairs if uh[0].score > 0], naive, 0.25, 10)
                for r, (u, _) in enumerate(merged):
                    u.score = 1.0 / (r + 1)   # the merged order is the score order (dedupe sorts by score)
                return merged
            return p.run(params, rerank=rerank)
        raise ValueError(f"unknown variant {variant!r}")


VARIANTS = ("plain", "feedback", "naive-fusion")


def naive_rows(split: str, answered: list[dict], cache: Path) -> list[dict]:
    """The naive baseline's results (bench/eval_labelled.py: MiniLM exact + BM25 over plain sentences, RRF) on a
    split's answerable queries, computed once and kept under `cache` (they depend on the documents only)."""
    import eval_labelled

    path = cache / f"naive-{split}.json"
    rows = json.loads(path.read_text()) if path.exists() else []
    if {r["query"] for r in rows} != {q["query"] for q in answered}:
        docs = labelled_data.split_documents(split)
        rows = eval_labelled.naive_baseline(docs, [q["query"] for q in answered])
        path.write_text(json.dumps(rows))
    return rows


def rows_of(prepared: list[Prepared], params) -> list[dict]:  # type: ignore[no-untyped-def]
    return [{"query": p.query, "results": [{"doc": h.doc_name, "sentence": h.sentence} for h in p.run(params)]}
            for p in prepared]


def by_kind(sc, queries: list[dict], rows: list[dict]) -> dict[str, tuple[float, float, int]]:  # type: ignore[no-untyped-def]
    """kind -> (nDCG@10, Recall@10, queries), plus "all" (micro) and "macro" (mean over kinds)."""
    out = {}
    fams = sorted({q["family"] for q in queries})
    for fam in fams + ["all"]:
        qs = [q for q in queries if fam == "all" or q["family"] == fam]
        s = sc.score(qs, rows, 10)
        out[fam] = (s["ndcg"], s["recall"], len(qs))
    out["macro"] = (sum(out[f][0] for f in fams) / len(fams), sum(out[f][1] for f in fams) / len(fams), len(fams))
    return out


def objective(res: dict) -> float:
    # macro nDCG first; micro nDCG and macro recall break ties
    return res["macro"][0] + 0.25 * res["all"][0] + 0.1 * res["macro"][1]


def table(title: str, columns: dict[str, dict]) -> None:
    print(f"\n{title}")
    kinds = [k for k in next(iter(columns.values())) if k not in ("all", "macro")] + ["all", "macro"]
    print(f"{'kind':<7} {'n':>4} " + " ".join(f"{c:>18}" for c in columns))
    for kind in kinds:
        n = next(iter(columns.values()))[kind][2]
        print(f"{kind:<7} {n:>4} " + " ".join(f"{col[kind][0]:>10.3f} / {col[kind][1]:.3f}" for col in columns.values()))


def coordinate_descent(sc, queries, prepared, params, rounds: int, guard=None):  # type: ignore[no-untyped-def]
    """`guard`: (queries, prepared) of the shared dev set, whose nDCG@10 and Recall@10 a move may not lower."""
    floor = None
    if guard is not None:
        g0 = by_kind(sc, guard[0], rows_of(guard[1], params))["all"]
        floor = (g0[0] - 0.001, g0[1] - 0.001)

    def ok(trial) -> bool:  # type: ignore[no-untyped-def]
        if floor is None:
            return True
        g = by_kind(sc, guard[0], rows_of(guard[1], trial))["all"]
        return g[0] >= floor[0] and g[1] >= floor[1]

    best = objective(by_kind(sc, queries, rows_of(prepared, params)))
    print(f"train objective at start {best:.4f}", file=sys.stderr)
    for r in range(rounds):
        changed = False
        for name, values in GRID.items():
            cur = getattr(params, name)
            for v in sorted(set(values) | {cur}):
                if v == cur:
                    continue
                trial = dataclasses.replace(params, **{name: v})
                obj = objective(by_kind(sc, queries, rows_of(prepared, trial)))
                if obj > best + 1e-4 and ok(trial):
                    best, params, changed = obj, trial, True
                    print(f"  round {r + 1}: {name} = {v} -> {obj:.4f}", file=sys.stderr)
            # keep the moved value for the next constant
        if not changed:
            break
    return params


def no_answer(service, queries: list[dict]) -> list[tuple[float, float, bool]]:  # type: ignore[no-untyped-def]
    """(best match of the first hits, their best cosine, answerable) for each query, through the service."""
    out = []
    top = service.params.low_confidence_top
    for q in queries:
        hits = service.search(q["query"], k=10)[:top]
        match = [h.match for h in hits if h.match is not None]
        cos = [h.cosine for h in hits if h.cosine is not None]
        out.append((max(match, default=0.0), max(cos, default=0.0), bool(q["relevant"])))
    return out


def auc(rows: list[tuple[float, bool]]) -> float:
    pos = [v for v, a in rows if a]
    neg = [v for v, a in rows if not a]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / max(len(pos) * len(neg), 1)


def pr(rows: list[tuple[float, bool]], threshold: float) -> tuple[float, float, int, int]:
    """Precision / recall of 'no good match' (score < threshold) for the no-answer queries."""
    flagged = [a for s, a in rows if s < threshold]
    tp = sum(1 for a in flagged if not a)
    n_no = sum(1 for _, a in rows if not a)
    return (tp / len(flagged) if flagged else 1.0), (tp / n_no if n_no else 0.0), len(flagged), n_no


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/policykb-labelled", help="knowledge bases per split (built once)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--report-only", action="store_true", help="no search: report the current values")
    ap.add_argument("--no-answer", action="store_true", help="calibrate the low-confidence threshold")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="start from these values (with --report-only: report them as 'tuned')")
    ap.add_argument("--devset", action="store_true", help="also report the shared dev set (40 queries)")
    ap.add_argument("--variants", action="store_true",
                    help="report the structural variants (bare-sentence cosine, feedback, fusion with the naive "
                         "baseline's order) beside the current ranking; no tuning")
    ap.add_argument("--splits", default=",".join(TUNE_SPLITS), help="train,validation (test is never read)")
    args = ap.parse_args()
    use = [s for s in args.splits.split(",") if s in TUNE_SPLITS]
    cache = Path(args.cache)
    sc = scorer()
    from kb.config import RankingParams

    current = RankingParams()
    splits = {}
    if args.devset:
        use.append("devset")
    for split in use:
        service, queries = open_devset(cache) if split == "devset" else open_split(split, cache)
        answered = [q for q in queries if q["relevant"]]
        t0 = time.perf_counter()
        prepared = [Prepared(service, q["query"]) for q in answered]
        print(f"{split}: {len(answered)} answerable queries prepared in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
        splits[split] = (service, queries, answered, prepared)

    # check: the fast path ranks as the service does
    service, _, answered, prepared = splits[use[-1]]
    for p in prepared[:5]:
        got = [(h.kind, h.id) for h in p.run(service.params)]
        want = [(h.kind, h.id) for h in service.search(p.query, k=10)]
        assert got == want, (p.query, got, want)

    if args.variants:
        for split in use:
            service, _, answered, prepared = splits[split]
            t0 = time.perf_counter()
            var = Variants(service, prepared)
            print(f"{split}: variants prepared in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            cols = {"current": by_kind(sc, answered, rows_of(prepared, current))}
            for name in VARIANTS:
                rows = [{"query": p.query, "results": [{"doc": h.doc_name, "sentence": h.sentence}
                                                       for h in var.run(name, p, current)]} for p in prepared]
                cols[name] = by_kind(sc, answered, rows)
            table(f"== {split}: hybrid nDCG@10 / Recall@10 by kind, structural variants", cols)
        return 0

    tuned = current
    for item in args.set:
        name, value = item.split("=", 1)
        kind = type(getattr(current, name))
        tuned = dataclasses.replace(tuned, **{name: value == "True" if kind is bool else kind(value)})
    if not args.report_only and "train" in splits:
        _, _, answered, prepared = splits["train"]
        guard = (splits["devset"][2], splits["devset"][3]) if "devset" in splits else None
        tuned = coordinate_descent(sc, answered, prepared, tuned, args.rounds, guard)
        changed = {f.name: (getattr(current, f.name), getattr(tuned, f.name)) for f in dataclasses.fields(current)
                   if getattr(current, f.name) != getattr(tuned, f.name)}
        print("\ntuned on train: " + (", ".join(f"{k} {a} -> {b}" for k, (a, b) in changed.items()) or "no change"))

    for split in use:
        _, _, answered, prepared = splits[split]
        cols = {"current": by_kind(sc, answered, rows_of(prepared, current))}
        if split != "devset":
            cols["naive baseline"] = by_kind(sc, answered, naive_rows(split, answered, cache))
        if tuned != current:
            cols["tuned"] = by_kind(sc, answered, rows_of(prepared, tuned))
        for b in BOOSTS:
            cols[f"tuned, {b.replace('_boost', '')} off"] = by_kind(
                sc, answered, rows_of(prepared, dataclasses.replace(tuned, **{b: 0.0})))
        table(f"== {split}: hybrid nDCG@10 / Recall@10 by kind", cols)

    if args.no_answer:
        got = {}
        for split in [u for u in use if u != "devset"]:
            service, queries, _, _ = splits[split]
            service.params = tuned
            got[split] = no_answer(service, queries)
        # the threshold is chosen on the no-answer queries of every tuning split together (train has 33,
        # validation 10: too few apart), then read on each split
        train = [row for rows in got.values() for row in rows]
        print("\n== no-answer signal: best match (cosine + query terms held + answer type) of the first hits")
        for split, rows in got.items():
            print(f"{split}: AUC answerable vs no-answer: match {auc([(m, a) for m, _, a in rows]):.3f}, "
                  f"cosine alone {auc([(c, a) for _, c, a in rows]):.3f}")
        best_t, best_f = 0.0, -1.0
        for t in [x / 100 for x in range(80, 181, 5)]:
            p, r, _, _ = pr([(m, a) for m, _, a in train], t)
            f = 2 * p * r / (p + r) if p + r else 0.0
            if f > best_f + 1e-9:
                best_t, best_f = t, f
        for split, rows in list(got.items()) + [("together", train)]:
            for t in sorted({best_t, tuned.low_confidence_match}):
                p, r, flagged, n_no = pr([(m, a) for m, _, a in rows], t)
                print(f"{split}: match < {t:.2f}: precision {p:.3f}, recall {r:.3f} "
                      f"({flagged} flagged, {n_no} no-answer queries of {len(rows)})")
        print(f"best F1 on {' + '.join(got)}: {best_t:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
