"""Ingest speed (issue 13): the CPU each stage costs is counted, spaCy reads a file's passages in large
batches, and the ONNX path leaves the transformers package unimported.

Why CPU seconds: on a shared machine the wall seconds of each stage stretch with the other processes'
load; the CPU seconds the sandbox's children and the embedder's batches spend do not, so
`policykb ingest --timings` prints both (policykb/cli/documents.py `cpu_line`).  No timing is asserted:
the fakes below burn a known amount of CPU, and the counters must hold at least that.
Sentences are invented.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bench.bench_ingest import linked_folder, spread_files
from indexer.embedder import OnnxEmbedder
from kb import sandbox
from kb.config import load_settings
from kb.sandbox import Budget, FileSandbox
from policykb.cli.documents import cpu_line

ROOT = Path(__file__).resolve().parents[1]
PLAN = b"Harbour plan\n\nThe port authority will electrify two cranes by 2029.\n"
BURN_S = 0.05


def burn(seconds: float, clock=time.process_time) -> None:  # type: ignore[no-untyped-def]
    """Spend `seconds` of CPU (by `clock`) on this thread."""
    end = clock() + seconds
    while clock() < end:
        pass


class OneByOne:
    """An extractor with only `extract` (as the tests' stand-ins are)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def extract(self, doc):  # type: ignore[no-untyped-def]
        self.calls.append("extract")
        return "result"


class Batching(OneByOne):
    """An extractor with `extract_many`, as kb.extract.Extractor has."""

    def extract_many(self, docs, batch_size=64):  # type: ignore[no-untyped-def]
        self.calls.append(f"extract_many {len(docs)} doc(s), batch {batch_size}")
        return ["result"] * len(docs)


@pytest.mark.parametrize("extractor, calls", [
    (OneByOne(), ["extract"]),
    (Batching(), [f"extract_many 1 doc(s), batch {sandbox.EXTRACT_BATCH}"]),
])
def test_the_child_extracts_a_file_in_large_batches_when_the_extractor_can(extractor, calls) -> None:
    assert sandbox._extract(extractor, object()) == "result"
    assert extractor.calls == calls


def test_a_file_batch_is_larger_than_spacys_usual_64() -> None:
    assert sandbox.EXTRACT_BATCH > 64


class BusyExtractor:
    """Spends BURN_S of CPU on each document, then finds nothing."""

    def extract(self, doc):  # type: ignore[no-untyped-def]
        from kb.extract import ExtractionResult

        burn(BURN_S)
        return ExtractionResult((), ())


def make_busy() -> BusyExtractor:
    return BusyExtractor()


def test_the_sandbox_counts_the_cpu_its_children_spend_in_each_stage() -> None:
    box = FileSandbox(make_busy)
    try:
        assert box.cpu_seconds == {"parse": 0.0, "extract": 0.0}
        for name in ("a.txt", "b.txt"):
            parsed, _result, seconds = box.run(name, PLAN, Budget(30, 1024), Budget(30, 1024))
            assert parsed.title == "Harbour plan"
            assert set(seconds) == {"parse", "extract"}     # wall seconds, as before
        assert set(box.cpu_seconds) == {"parse", "extract"}
        assert box.cpu_seconds["extract"] >= 2 * BURN_S
        assert box.cpu_seconds["parse"] >= 0.0
    finally:
        box.close()


def test_a_pipeline_without_a_sandbox_reports_no_child_cpu(tmp_path: Path) -> None:
    from kb.pipeline import Pipeline
    from kb.store import Store

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    try:
        assert Pipeline(settings, store, extractor=OneByOne()).cpu_seconds == {}
    finally:
        store.close()


class BusySession:
    """Stands in for an ONNX Runtime session: BURN_S of this thread's CPU per call."""

    def __init__(self) -> None:
        self.calls = 0

    def run(self, _outputs, feed):  # type: ignore[no-untyped-def]
        self.calls += 1
        burn(BURN_S, time.thread_time)
        out = np.zeros((len(feed["input_ids"]), 384), dtype=np.float32)
        out[:, 0] = 1.0
        return [out]


class WordTokenizer:
    class _Encoding:
        def __init__(self, n: int) -> None:
            self.ids = [101] + [7] * n + [102]
            self.attention_mask = [1] * len(self.ids)

    def encode_batch(self, texts):  # type: ignore[no-untyped-def]
        width = max(len(t.split()) for t in texts)
        return [self._Encoding(width) for _ in texts]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_onnx_embedder_counts_the_cpu_of_its_batches_on_every_worker(tmp_path: Path, workers: int) -> None:
    emb = OnnxEmbedder(load_settings(tmp_path, embedding_threads=1), precision="int8")
    session = BusySession()
    emb._session, emb._tokenizer = session, WordTokenizer()
    emb.set_workers(workers)
    texts = ["Ports shall report yearly.", "The agency will publish a plan.", "Rail freight will grow.",
             "Each port authority shall publish its emissions inventory."]
    assert emb.cpu_seconds == 0.0
    emb.encode(texts)
    assert session.calls == 2          # int8: two texts a call
    assert emb.cpu_seconds >= session.calls * BURN_S


# (CPU seconds of the sandbox's stages, the embedder's counter or None, this process) -> the line
CPU_LINES = [
    ({"parse": 1.25, "extract": 30.0}, 40.04, 52.0,
     "stage CPU seconds: parse 1.2, extract 30.0, embed 40.0, this process 52.0"),
    ({}, 3.0, 9.96, "stage CPU seconds: embed 3.0, this process 10.0"),
    ({"parse": 0.5, "extract": 2.0}, None, 1.0, "stage CPU seconds: parse 0.5, extract 2.0, this process 1.0"),
]


@pytest.mark.parametrize("stages, embed, process, line", CPU_LINES)
def test_the_timings_cpu_line_names_each_stage_it_could_count(stages, embed, process, line) -> None:
    pipeline = SimpleNamespace(cpu_seconds=stages)
    embedder = SimpleNamespace() if embed is None else SimpleNamespace(cpu_seconds=embed)
    assert cpu_line(pipeline, SimpleNamespace(embedder=embedder), process) == line


# (files in the folder, asked for) -> which are ingested (indexes in name order)
SPREADS = [
    (10, 5, [0, 2, 4, 6, 8]),
    (10, 3, [0, 3, 6]),
    (4, 4, [0, 1, 2, 3]),
    (4, 9, [0, 1, 2, 3]),
    (4, 0, [0, 1, 2, 3]),
]


@pytest.mark.parametrize("n_files, asked, picked", SPREADS)
def test_the_bench_spreads_a_sample_of_files_evenly_over_the_folder(tmp_path: Path, n_files: int, asked: int,
                                                                    picked: list[int]) -> None:
    folder = tmp_path / "orders"
    folder.mkdir()
    for i in range(n_files):
        (folder / f"order-{i:02d}.md").write_text(f"Order {i}\n\nThe agency will act by 2030.\n")
    chosen = spread_files(folder, asked)
    assert [p.name for p in chosen] == [f"order-{i:02d}.md" for i in picked]
    linked = linked_folder(chosen, tmp_path / "sample")
    assert sorted(p.name for p in linked.iterdir()) == [p.name for p in chosen]
    assert all((linked / p.name).read_text() == p.read_text() for p in chosen)


def test_quieting_the_model_loaders_for_onnx_imports_no_transformers() -> None:
    code = ("import sys; from indexer.embedder import _offline_and_quiet; _offline_and_quiet(transformers_too=False);"
            " print('transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.integration
def test_a_built_onnx_model_loads_without_transformers(tmp_path: Path) -> None:
    emb = OnnxEmbedder(load_settings(tmp_path), precision="int8")
    if not emb._built():
        pytest.skip("the int8 ONNX file is not built in this user's model cache (make models)")
    code = ("import sys; from kb.config import load_settings; from indexer.embedder import OnnxEmbedder;"
            f" e = OnnxEmbedder(load_settings({str(tmp_path)!r}), precision='int8'); e.load();"
            " v = e.encode(['The agency will publish a plan by 2030.']);"
            " print(v.shape, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(1, 384) False"


# -- bench/bench_extract.py --pipes: each pipe's own CPU ---------------------------------------------

def _idle(doc):  # type: ignore[no-untyped-def]
    return doc


def _busy(doc):  # type: ignore[no-untyped-def]
    burn(BURN_S)
    return doc


def test_each_pipe_is_charged_its_own_cpu_not_its_predecessors() -> None:
    import spacy
    from spacy.language import Language

    from bench.bench_extract import pipe_cpu

    for name, fn in (("speed8_idle", _idle), ("speed8_busy", _busy)):
        if name not in Language.factories:
            Language.component(name, func=fn)
    nlp = spacy.blank("en")
    nlp.add_pipe("speed8_idle", name="first")
    nlp.add_pipe("speed8_busy", name="busy")
    nlp.add_pipe("speed8_idle", name="last")
    before = [proc for _, proc in nlp.pipeline]
    texts = ["The agency will publish a plan.", "Ports shall report yearly.", "Rail freight will grow."]
    own = pipe_cpu(nlp, lambda: list(nlp.pipe(texts, batch_size=2)))
    assert list(own) == ["first", "busy", "last"]
    assert own["busy"] >= len(texts) * BURN_S
    assert own["last"] < own["busy"] and own["first"] < own["busy"]
    assert [proc for _, proc in nlp.pipeline] == before      # the pipeline is given back unwrapped
