"""`policykb ingest`, `documents`, `show`: adding documents and reading them back."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TextIO

from tqdm import tqdm

from indexer import SearchService
from indexer import sync as index_sync
from kb.config import Settings
from kb.models import IngestOutcome
from kb.pipeline import Pipeline, iter_files
from kb.store import Store

# corpus/SOURCES.md describes the shipped documents; it is not one of them
CORPUS_NOTES = {"SOURCES.md", "README.md"}


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="add files or folders (recursively) to the knowledge base")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--timings", action="store_true", help="print the seconds spent in each stage on stderr")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("documents", help="list the documents")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=cmd_documents)

    p = sub.add_parser("show", help="a document's clean text with its passage boundaries")
    p.add_argument("document", metavar="DOC", help="id, sha256 prefix or file name")
    p.set_defaults(handler=cmd_show)


# -- ingest ---------------------------------------------------------------------

def cmd_ingest(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    files = list(iter_files(args.paths))
    t0, c0 = time.perf_counter(), time.process_time()
    # parsing and extraction run on this thread (one core), the search index embeds each stored
    # document on a second thread (the other core): the model gets one thread, not torch's default of all
    settings = replace(settings, embedding_threads=1)
    pipeline = Pipeline(settings, store)
    service = SearchService(settings, store)
    indexer = BackgroundIndexer(service)
    pipeline.listeners.append(indexer.notify)
    progress = not args.quiet
    indexer.start(prepare=len(files) >= PREPARE_MODEL_FILES)
    try:
        with _one_blas_thread():
            outcomes = ingest_files(pipeline, files, progress=progress, indexer=indexer)
    finally:
        indexer.stop(progress=progress)
    added = [o for o in outcomes if o.status == "added"]
    dups = [o for o in outcomes if o.status == "duplicate"]
    failed = [o for o in outcomes if o.status == "failed"]
    n_commit = sum(o.commitments for o in added)
    print(f"added {len(added)}, duplicates {len(dups)}, failed {len(failed)}; {n_commit} commitments found")
    for o in dups:
        print(f"  duplicate: {o.source_name} (already document {o.document_id})")
    for o in failed:
        print(f"  failed: {o.source_name}: {o.reason}")
    for o in outcomes:
        if o.status == "cancelled":   # an admin cancelled its job meanwhile (`policykb jobs cancel`)
            print(f"  cancelled: {o.source_name}")
    sys.stdout.flush()
    if added:   # the documents are stored whatever happens to the index; its errors come after the summary
        print(f"search index: {indexer.finish()}")
    if args.timings:
        stages = {**pipeline.stage_seconds, **index_sync.stage_seconds}
        order = ["parse", "extract", "store", "units", "embed", "keyword", "faiss", "snapshot"]
        print("stage seconds: " + ", ".join(f"{k} {stages.get(k, 0.0):.1f}" for k in order)
              + f"; wall {time.perf_counter() - t0:.1f}", file=sys.stderr)
        print(cpu_line(pipeline, service, time.process_time() - c0), file=sys.stderr)
    return 1 if failed else 0


def cpu_line(pipeline: Pipeline, service: SearchService, process_cpu: float) -> str:
    """`--timings`' second line: CPU seconds (user + system) of the stages that can be told apart.

    Wall seconds stretch when other processes share the cores; CPU seconds say what the work cost.
    parse and extract: the sandbox's children; embed: the ONNX embedder's batches (this process);
    this process: everything it ran (embedding included, the children not)."""
    cpu = pipeline.cpu_seconds
    embed = getattr(service.embedder, "cpu_seconds", None)   # building the embedder object loads no model
    parts = [f"{k} {cpu[k]:.1f}" for k in ("parse", "extract") if k in cpu]
    if embed is not None:
        parts.append(f"embed {embed:.1f}")
    parts.append(f"this process {process_cpu:.1f}")
    return "stage CPU seconds: " + ", ".join(parts)


# from this many files on, `ingest` builds/loads the ONNX model up front (a smaller batch is embedded by torch
# until the ONNX file exists: indexer.embedder.OnnxEmbedder)
PREPARE_MODEL_FILES = 10


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """spaCy's matrix products on one BLAS thread: the other core belongs to the embedding thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - comes with scikit-learn
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


class BackgroundIndexer:
    """Keeps the search index in step with the store on a thread of its own while files are being parsed.

    The pipeline calls `notify` after each stored document; the thread then
    replays the store's change log (`SearchService.sync`: only the new units
    are embedded).  `stop` waits for the backlog, `finish` saves the index.
    """

    def __init__(self, service: SearchService):
        self.service = service
        self.notified = 0          # documents stored so far
        self.indexed = 0           # documents whose units are in the index
        self.error: BaseException | None = None
        self.report: index_sync.SyncReport | None = None
        self._t0 = time.perf_counter()
        self._units = 0
        self._wake = threading.Condition()
        self._stopping = False
        self._prepare = False
        self._thread = threading.Thread(target=self._run, name="policykb-indexer", daemon=True)

    def start(self, prepare: bool = False) -> None:
        """Start the thread; `prepare`: load (or build) the embedding model first, while the first files parse."""
        self._prepare = prepare
        self._thread.start()

    def notify(self, document_id: int) -> None:
        with self._wake:
            self.notified += 1
            self._wake.notify()

    def _run(self) -> None:
        if self._prepare:
            load = getattr(self.service.embedder, "load", None)
            try:
                if load is not None:
                    load()
            except BaseException as exc:
                self.error = exc
                return
        while True:
            with self._wake:
                while self.notified == self.indexed and not self._stopping:
                    self._wake.wait()
                if self.notified == self.indexed and self._stopping:
                    return
                target = self.notified
            try:
                report = self.service.sync()
            except BaseException as exc:  # reported by finish(); the store keeps every document
                self.error = exc
                return
            self._units += report.added
            self.report = report if self.report is None or report.rebuilt else self.report
            with self._wake:
                self.indexed = target
                self._wake.notify_all()

    def stop(self, progress: bool = True) -> None:
        """Wait until every stored document is indexed, with a bar (stage 2) while it takes time."""
        bar = None
        # parsing is done: the embedder may use every core for the backlog (OnnxEmbedder.set_workers)
        set_workers = getattr(getattr(self.service, "embedder", None), "set_workers", None)
        if set_workers is not None:
            set_workers(os.cpu_count() or 1)
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if progress and self.indexed < self.notified and self._thread.is_alive():
            bar = Progress(self.notified, "indexing", "doc", start=self.indexed)
        while self._thread.is_alive():
            self._thread.join(0.5)
            if bar is not None:
                bar.update(self.indexed)
        if bar is not None:
            bar.close()

    def finish(self) -> str:
        """Index what is left, save the index; a summary line."""
        if self.error is not None:
            raise self.error
        final = self.service.sync()
        self.service.flush()
        self._units += final.added
        st = self.service.stats()
        first = self.report
        how = f"rebuilt ({first.reason}) and " if first is not None and first.rebuilt else ""
        return (f"{how}{self._units} units embedded; {st['commitments']} commitments and {st['sentences']}"
                f" passage sentences indexed, {time.perf_counter() - self._t0:.1f} s since the first file")


class Progress:
    """One stage's progress: a bar with rate and ETA on a terminal, else one plain line every few seconds."""

    def __init__(self, total: int, stage: str, unit: str, start: int = 0, stream: TextIO | None = None,
                 every_s: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.stage, self.unit, self.n = total, stage, unit, start
        self.every_s, self.clock = every_s, clock
        self.t0 = self.last = clock()
        self.start = start
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.bar = (tqdm(total=total, initial=start, desc=stage, unit=unit, file=self.stream, leave=False,
                         dynamic_ncols=True) if self.tty else None)

    def update(self, n: int, note: str = "") -> None:
        if self.bar is not None:
            if note:
                self.bar.set_postfix_str(note, refresh=False)
            self.bar.update(n - self.n)
            self.n = n
            return
        self.n = n
        now = self.clock()
        if now - self.last >= self.every_s:
            self.last = now
            self.stream.write(self.line(now, note) + "\n")
            self.stream.flush()

    def line(self, now: float, note: str = "") -> str:
        done = self.n - self.start
        rate = done / max(now - self.t0, 1e-9)
        eta = f", ETA {(self.total - self.n) / rate:.0f} s" if rate > 0 and self.n < self.total else ""
        return (f"{self.stage}: {self.n}/{self.total} {self.unit}s ({rate:.2f} {self.unit}s/s{eta})"
                + (f"; {note}" if note else ""))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def ingest_files(pipeline: Pipeline, files: Sequence[Path], progress: bool = True,
                 indexer: BackgroundIndexer | None = None) -> list[IngestOutcome]:
    """Each file through the pipeline, with progress on stderr (stage 1: files)."""
    bar = Progress(len(files), "files", "file") if progress and files else None
    outcomes = []
    for i, path in enumerate(files):
        outcomes.append(pipeline.ingest_path(path))
        if bar is not None:
            note = path.name[:40] if bar.tty else ""
            if indexer is not None:
                note = (note + " " if note else "") + f"indexed {indexer.indexed}/{indexer.notified} docs"
            bar.update(i + 1, note)
    if bar is not None:
        bar.close()
    return outcomes


def sync_index(settings: Settings, store: Store) -> str:
    """Bring the search index up to date after new documents; a summary line."""
    report = SearchService(settings, store).sync()
    return f"search index: {report}"


def load_corpus_if_empty(settings: Settings, store: Store, corpus: Path) -> None:
    """`make run`: a new knowledge base starts with the documents shipped in corpus/."""
    if store.document_count() > 0 or not corpus.is_dir():
        return
    files = [f for f in iter_files([corpus]) if f.name not in CORPUS_NOTES]
    print(f"empty knowledge base: loading {len(files)} document(s) from {corpus}/", flush=True)
    for o in ingest_files(Pipeline(settings, store), files):
        detail = f"{o.commitments} commitments" if o.status == "added" else (o.reason or "")
        print(f"  {o.status}: {o.source_name} {detail}".rstrip(), flush=True)
    sync_index(settings, store)


# -- reading --------------------------------------------------------------------

def cmd_documents(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    docs = store.list_documents()
    if args.json:
        for d, n in docs:
            print(json.dumps({"id": d.id, "title": d.title, "source_name": d.source_name, "published": d.published,
                              "media_type": d.media_type, "passages_chars": len(d.text), "commitments": n}))
        return 0
    if not docs:
        print("no documents yet: add some with `policykb ingest PATH`")
        return 0
    print(f"{'id':>4}  {'published':<10}  {'commitments':>11}  title")
    for d, n in docs:
        print(f"{d.id:>4}  {d.published or '-':<10}  {n:>11}  {d.title}  [{d.source_name}]")
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    doc = store.find_document(args.document)
    print(f"# {doc.title}")
    print(f"id {doc.id} | {doc.source_name} | {doc.media_type} | published {doc.published or 'unknown'}"
          f" | sha256 {doc.sha256[:12]}")
    for w in doc.warnings:
        print(f"warning: {w}")
    for sp in store.passages(doc.id):
        p = sp.passage
        where = f" p.{p.page}" if p.page else ""
        print(f"\n[{p.index} {p.kind} {p.start}-{p.end}{where}]")
        print(p.text)
    return 0
