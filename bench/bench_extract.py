#!/usr/bin/env python3
"""Throughput of commitment extraction: spaCy parsing alone vs parsing + extraction.

    .venv/bin/python bench/bench_extract.py [--docs DIR] [--generated 1000] [--repeat 3]
    .venv/bin/python bench/bench_extract.py --docs ../shared/corpus/us-executive-orders-2021-2025 --generated 0 --repeat 1

"Parsing alone" runs the installed spaCy pipeline (tokenizer, tagger, parser,
lemmatizer, NER) with nlp.pipe over the same passages; "parsing + extraction"
runs `Extractor.extract_many` (the same pipeline plus the commitment component
and the record building).  Both use one process and the same batch size.
The overhead of extraction should stay under 25%.

`--pipes` prints instead where the CPU of `Extractor.extract` goes, one file
at a time as the ingest's sandbox calls it: each spaCy pipe's own CPU
seconds (the pipes are generators pulling from the one before, so each
pipe's time is its cumulative time less its predecessor's), the commitment
records (`build_commitments`), the confidence scorer, and the rest
(tokenizer, chunking, passage bookkeeping).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.extract import Extractor  # noqa: E402
from tests.textdoc import document_from_text  # noqa: E402
from kb.models import ParsedDocument  # noqa: E402
from kb.sandbox import EXTRACT_BATCH  # noqa: E402

DEV_DOCS = ROOT.parent / "shared" / "eval" / "dev" / "docs"

PLACES = ["Nanning", "Guilin", "Liuzhou", "Hechi", "Baise", "Yulin", "Wuzhou", "Beihai", "Qinzhou", "Hezhou",
          "Chongzuo", "Laibin", "Fangchenggang", "Guigang", "Zhuhai", "Ningxia", "Yunnan", "Hunan", "Kenya", "Chile"]
AGENCIES = ["the provincial Department of Transport", "the municipal bureau of ecology and environment",
            "the Secretary of Energy", "the Administrator of General Services", "each agency",
            "the regional development and reform commission", "the Ministry of Finance"]
SUBJECTS = ["{place}", "the city", "it", "the province", "the region", "the government of {place}", "{agency}"]
MODALS = ["will", "shall", "aims to", "plans to", "strives to", "is expected to", "must", "will also"]
ACTIONS = [
    ("build", "{n} {unit}"), ("accelerate the construction of", "{thing}"), ("upgrade", "{thing}"),
    ("make overall plans for", "the development of {thing}"), ("carry out", "a pilot program on {topic}"),
    ("promote", "the use of {topic} in {sector}"), ("cut", "{topic} by {pct} percent"),
    ("raise", "the share of {topic} to {pct} percent"), ("set up", "{n} {unit}"), ("speed up", "the renovation of {thing}"),
    ("support", "local firms in developing {topic}"), ("improve", "{thing}"), ("invest", "{n} billion yuan in {thing}"),
]
UNITS = ["5G base stations", "charging piles", "kilometers of expressways", "industrial parks", "solar farms",
         "hydrogen refueling stations", "MW of rooftop solar capacity", "affordable housing units"]
THINGS = ["the urban rail network", "rural water supply systems", "the smart grid", "public charging facilities",
          "the logistics hub", "old residential compounds", "the waste water treatment plants", "cross-border railways"]
TOPICS = ["new energy vehicles", "green buildings", "clean heating", "carbon capture", "digital services",
          "energy efficiency", "electric buses", "energy storage", "coal consumption", "carbon emissions"]
SECTORS_ = ["public transport", "taxis", "urban logistics", "industrial parks", "hospitals", "schools"]
DEADLINES = ["by 2025", "by the end of 2026", "before 2030", "within three years", "in the next five years",
             "during the 14th Five-Year Plan period", "by 2035", "no later than 2040", ""]
FILLERS = [
    "The plan was released by the {place} government on Monday.",
    "{place} produced {n} thousand vehicles in 2022, up {pct} percent year-on-year.",
    "\"The targets are ambitious but achievable,\" said an official with the municipal bureau.",
    "An aerial view of {place}.",
    "The region has abundant wind and solar resources.",
]


def _fill(rng: random.Random, template: str, place: str) -> str:
    return template.format(place=place, agency=rng.choice(AGENCIES), n=rng.choice([2, 5, 12, 40, 300, 1200, 6000]),
                           unit=rng.choice(UNITS), thing=rng.choice(THINGS), topic=rng.choice(TOPICS),
                           sector=rng.choice(SECTORS_), pct=rng.choice([5, 10, 13.5, 20, 35, 50]))


def generated_documents(n: int, seed: int = 7) -> list[ParsedDocument]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        place = rng.choice(PLACES)
        paras = []
        for _ in range(rng.randint(3, 6)):
            sents = []
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.2:
                    sents.append(_fill(rng, rng.choice(FILLERS), place))
                    continue
                subj = _fill(rng, rng.choice(SUBJECTS), place)
                verbs = []
                for _ in range(rng.randint(1, 3)):
                    act, tgt = rng.choice(ACTIONS)
                    verbs.append(f"{act} {_fill(rng, tgt, place)}")
                joined = verbs[0] if len(verbs) == 1 else ", ".join(verbs[:-1]) + ", as well as " + verbs[-1]
                deadline = rng.choice(DEADLINES)
                sent = f"{subj} {rng.choice(MODALS)} {joined}"
                if deadline:
                    sent = f"{deadline[0].upper()}{deadline[1:]}, {sent}" if rng.random() < 0.3 else f"{sent} {deadline}"
                sents.append(sent[0].upper() + sent[1:] + ".")
            paras.append(" ".join(sents))
        text = f"{place} to boost green development\n\n" + "\n\n".join(paras)
        docs.append(document_from_text(text, published="2023-06-01", source_name=f"gen-{i}.txt"))
    return docs


def dev_documents(folder: Path) -> list[ParsedDocument]:
    from kb.ingest import parse_file

    return [parse_file(p) for p in sorted(folder.iterdir()) if p.is_file()]


def words(docs: list[ParsedDocument]) -> int:
    return sum(len(d.text[p.start:p.end].split()) for d in docs for p in d.passages)


def bench(extractor: Extractor, docs: list[ParsedDocument], repeat: int,
          cpu: dict[str, float] | None = None) -> tuple[float, float, int]:
    """(parsing alone, parsing + extraction) in wall seconds, best of `repeat`, and the records' count;
    `cpu`, when given, gets the same two as CPU seconds of this process ("parse", "full"; best of
    `repeat`): on a machine shared with other work the wall clock measures the others too."""
    nlp = extractor.nlp
    texts = [d.text[p.start:p.end] for d in docs for p in d.passages if d.text[p.start:p.end].strip()]
    ours = [n for n in ("policykb_commitments", "policykb_line_breaks") if n in nlp.pipe_names]
    parse_times, full_times, parse_cpu, full_cpu = [], [], [], []
    n_commitments = 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        with nlp.select_pipes(disable=ours):
            for _doc in nlp.pipe(texts, batch_size=64):
                pass
        parse_times.append(time.perf_counter() - t0)
        parse_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        results = extractor.extract_many(docs, batch_size=64)
        full_times.append(time.perf_counter() - t0)
        full_cpu.append(time.process_time() - c0)
        n_commitments = sum(len(r.commitments) for r in results)
    if cpu is not None:
        cpu["parse"], cpu["full"] = min(parse_cpu), min(full_cpu)
    return min(parse_times), min(full_times), n_commitments


class _TimedPipe:
    """A pipeline component whose generator adds the CPU seconds spent producing each doc to `spent[name]`
    (that includes the pipes before it, which it pulls from)."""

    def __init__(self, name: str, proc, spent: dict[str, float]):  # type: ignore[no-untyped-def]
        self.name, self.proc, self.spent = name, proc, spent

    def __call__(self, doc):  # type: ignore[no-untyped-def]
        return next(self.pipe([doc]))

    def pipe(self, stream, **kwargs):  # type: ignore[no-untyped-def]
        docs = iter(self.proc.pipe(stream, **kwargs) if hasattr(self.proc, "pipe") else map(self.proc, stream))
        while True:
            c0 = time.process_time()
            doc = next(docs, None)
            self.spent[self.name] = self.spent.get(self.name, 0.0) + time.process_time() - c0
            if doc is None:
                return
            yield doc


def pipe_cpu(nlp, run) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """CPU seconds of each of `nlp`'s pipes (its own, not its predecessors') while `run()` runs."""
    spent: dict[str, float] = {}
    original = list(nlp._components)
    try:
        nlp._components[:] = [(name, _TimedPipe(name, proc, spent)) for name, proc in original]
        run()
    finally:
        nlp._components[:] = original
    own, before = {}, 0.0
    for name, _ in original:
        if name not in nlp.pipe_names:   # a disabled pipe (the small English model's senter) never runs
            continue
        total = spent.get(name, before)
        own[name] = total - before
        before = total
    return own


def extraction_cpu(extractor: Extractor, docs: list[ParsedDocument]) -> dict[str, float]:
    """Where the CPU of extracting `docs` one by one goes: spaCy's pipes, the records, confidence, the rest."""
    import kb.extract as kx

    part: dict[str, float] = {"records (build_commitments)": 0.0, "confidence": 0.0}

    def timed(key, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                part[key] += time.process_time() - c0
        return wrapper

    extractor.extract(docs[0])   # loads the model and the scorer
    build, scorer = kx.build_commitments, extractor.scorer
    kx.build_commitments = timed("records (build_commitments)", build)
    extractor.scorer = timed("confidence", scorer)
    c0 = time.process_time()
    try:
        pipes = pipe_cpu(extractor.nlp, lambda: [extractor.extract_many([d], batch_size=EXTRACT_BATCH) for d in docs])
    finally:
        kx.build_commitments, extractor.scorer = build, scorer
    total = time.process_time() - c0
    out = {f"pipe {k}": v for k, v in pipes.items()} | part
    out["tokenizer, chunking, the rest"] = total - sum(out.values())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=DEV_DOCS)
    ap.add_argument("--generated", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pipes", action="store_true", help="CPU seconds by pipe, records and confidence instead")
    args = ap.parse_args()
    extractor = Extractor()
    extractor.nlp  # load before timing
    sets = []
    if args.docs.exists():
        sets.append((f"documents in {args.docs.name}", dev_documents(args.docs)))
    if args.generated > 0:
        sets.append((f"{args.generated} generated documents", generated_documents(args.generated)))
    if args.pipes:
        try:
            from threadpoolctl import threadpool_limits
            threadpool_limits(limits=1, user_api="blas")   # as in the ingest's sandbox
        except ImportError:  # pragma: no cover
            pass
        for name, docs in sets:
            cpu = extraction_cpu(extractor, docs)
            total = sum(cpu.values())
            print(f"{name}: {len(docs)} docs, {words(docs)} words; CPU {total:.2f} s")
            for key, secs in sorted(cpu.items(), key=lambda kv: -kv[1]):
                print(f"  {key:32s} {secs:7.2f} s  {100 * secs / total:5.1f}%")
        return
    # warm up
    extractor.extract_many(sets[0][1][:3])
    print(f"pipeline: {extractor.nlp.meta.get('name')} {extractor.nlp.meta.get('version')}  "
          f"components: {', '.join(extractor.nlp.pipe_names)}")
    for name, docs in sets:
        n_words = words(docs)
        repeat = max(args.repeat, 5) if n_words < 20_000 else args.repeat   # small sets: more runs, less noise
        cpu: dict[str, float] = {}
        t_parse, t_full, n_c = bench(extractor, docs, repeat, cpu)
        overhead = (t_full - t_parse) / t_parse * 100
        print(f"{name}: {len(docs)} docs, {n_words} words, {n_c} commitments")
        print(f"  parsing alone        {n_words / t_parse:8.0f} words/s  ({t_parse:.2f} s; CPU {cpu['parse']:.2f} s)")
        print(f"  parsing + extraction {n_words / t_full:8.0f} words/s  ({t_full:.2f} s; CPU {cpu['full']:.2f} s)  "
              f"overhead {overhead:+.1f}% (CPU {(cpu['full'] - cpu['parse']) / cpu['parse'] * 100:+.1f}%)")


if __name__ == "__main__":
    main()
