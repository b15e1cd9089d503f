"""The ingestion pipeline: a file's bytes -> kept original -> job -> parse -> extract -> store.

Why jobs: every file handed to PolicyKB gets a row that says where it is
(queued, processing, done, failed + reason), its original bytes are kept
before any parsing, and the document goes into the store in the same
transaction that marks its job done.  A crash therefore leaves each accepted
file either fully in or still queued, and `requeue_interrupted` puts the
half-done ones back.  Later stages (the search index) hear about new
documents through `listeners`, so `kb` never imports them.

Bounded work: parsing and extraction of a file run in a sandboxed child
(`kb.sandbox.FileSandbox`) under a time budget per stage and a memory budget,
so a pathological file fails with a reason and the queue moves on.  A file
that failed is remembered by sha256 (`Store.known_bad`) and refused at once
next time; a transient failure costs an attempt and backs off, and a job out
of attempts is dead (`kb.store_jobs`).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from kb.config import Settings
from kb.errors import IngestError, PolicyKBError
from kb.ingest.names import display_name
from kb.models import Commitment, IngestOutcome, Job, ParsedDocument
from kb.logs import job_logged
from kb.originals import open_originals
from kb.sandbox import Budget, Cancelled, FileSandbox, file_sandbox, run_limited
from kb.store import Store

log = logging.getLogger(__name__)

DocumentListener = Callable[[int], None]


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files under the given paths, folders walked recursively in name order.

    A path that does not exist is yielded as is, so the caller reports it.
    Hidden files (".DS_Store", ".git") are skipped inside folders.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path)
                if sub.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield sub
        else:
            yield path


class Pipeline:
    """Puts files into the knowledge base, one job per file."""

    def __init__(self, settings: Settings, store: Store, extractor: object | None = None,
                 sandbox: FileSandbox | None = None, extract_timeout_s: float | None = None):
        """`extractor`: an extractor object to run in this process (tests); by default extraction runs in
        the sandbox (`sandbox`, or one shared per process for these settings) next to parsing.
        `extract_timeout_s`: extraction's time budget (default: `settings.extract_timeout_s`); its
        memory budget is parsing's."""
        self.settings = settings
        self.store = store
        self.originals = open_originals(settings)  # a folder or an S3 bucket (kb/originals.py)
        self._extractor = extractor
        self._sandbox = sandbox
        self.parse_budget = Budget(settings.parse_timeout_s, settings.parse_memory_mb)
        if extract_timeout_s is None:
            extract_timeout_s = float(settings.extract_timeout_s)
        self.extract_budget = Budget(extract_timeout_s, settings.parse_memory_mb)
        self._extractor_lock = threading.Lock()
        self.listeners: list[DocumentListener] = []
        # seconds spent in each stage (parse, extract, store), summed: `policykb ingest --timings`, bench_ingest
        self.stage_seconds: dict[str, float] = defaultdict(float)

    @property
    def extractor(self):  # type: ignore[no-untyped-def]
        """The commitment extractor, loaded on first use (spaCy takes seconds)."""
        with self._extractor_lock:
            if self._extractor is None:
                from kb.extract import Extractor

                self._extractor = Extractor(self.settings)
            return self._extractor

    @property
    def sandboxed(self) -> bool:
        """Whether extraction runs in the sandbox (no extractor object was handed in)."""
        return self._extractor is None or self._sandbox is not None

    @property
    def sandbox(self) -> FileSandbox:
        if self._sandbox is None:
            self._sandbox = file_sandbox(functools.partial(make_extractor, self.settings))
        return self._sandbox

    @property
    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds of parsing and extraction so far (the sandbox's children; empty when they ran here)."""
        return dict(self._sandbox.cpu_seconds) if self._sandbox is not None else {}

    # -- accepting files ------------------------------------------------------

    def submit(self, data: bytes, source_name: str, document_details: Mapping[str, str] | None = None) -> Job:
        """Accept a file: keep its bytes under their sha256 and queue a job.

        A file over the size limit or empty is refused at once (a failed job,
        nothing kept).  Everything else is kept before it is parsed, so a
        parser failure loses nothing and the job can be retried.
        `document_details` (checked by kb.store_review.clean_document_metadata: title,
        published, issuing_body, kind) stay with the job and are set on its document in the
        transaction that stores it (Store.add_document).
        """
        name = display_name(source_name)
        limit = self.settings.max_file_bytes
        if len(data) > limit:
            return self.store.create_job(name, None, "failed", _too_large(len(data), limit))
        if not data.strip():
            return self.store.create_job(name, None, "failed", "empty file")
        sha = self.originals.put(data)
        bad = self.store.known_bad(sha)
        if bad is not None:
            return self.store.create_job(name, sha, "failed", _known_bad_reason(*bad),
                                         document_details=document_details)
        job = self.store.create_job(name, sha, document_details=document_details)
        if not self.originals.exists(sha):   # removed by a deletion's clean-up between put and create_job
            self.originals.put(data)
        return job

    def submit_path(self, path: str | os.PathLike[str]) -> Job:
        """Accept a file from disk; its size is checked before it is read."""
        p = Path(path)
        name = display_name(p.name)
        try:
            size = p.stat().st_size
            if not p.is_file():
                return self.store.create_job(name, None, "failed", "not a regular file")
            if size > self.settings.max_file_bytes:
                return self.store.create_job(name, None, "failed", _too_large(size, self.settings.max_file_bytes))
            data = p.read_bytes()
        except FileNotFoundError:
            return self.store.create_job(name, None, "failed", "no such file")
        except OSError as exc:
            return self.store.create_job(name, None, "failed", f"cannot read: {exc.strerror or exc}")
        return self.submit(data, p.name)

    # -- processing -----------------------------------------------------------

    @job_logged   # its log lines carry the job's id; one "job finished" line (kb/logs.py)
    def process(self, job: Job) -> IngestOutcome:
        """Parse, extract and store one queued job's file; never raises for bad input.

        A file that fails (a parser's refusal, a budget overrun) fails its job
        and is remembered as known bad; any other error costs the job one
        attempt (`Store.fail_attempt`: back in the queue after a backoff, or
        dead).  A job cancelled meanwhile stores nothing.
        """
        if job.status in ("failed", "dead", "cancelled"):
            return IngestOutcome(job.source_name, "cancelled" if job.status == "cancelled" else "failed",
                                 reason=job.reason)
        if job.status == "queued":
            self.store.set_job_processing(job.id)
        assert job.sha256 is not None
        existing = self.store.document_by_sha(job.sha256)
        if existing is not None:
            self.store.finish_job_duplicate(job.id, existing.id)
            return IngestOutcome(job.source_name, "duplicate", document_id=existing.id)
        bad = self.store.known_bad(job.sha256)
        if bad is not None:   # e.g. the 2nd and 3rd copy of one bad file in an upload: one parse, not three
            reason = _known_bad_reason(*bad)
            self.store.fail_job(job.id, reason)
            return IngestOutcome(job.source_name, "failed", reason=reason)
        try:
            outcome = self._parse_extract_store(job)
        except Cancelled:
            return IngestOutcome(job.source_name, "cancelled", reason="cancelled by an admin")
        except PolicyKBError as exc:
            reason = exc.reason if isinstance(exc, IngestError) else str(exc)
            self.store.fail_job(job.id, reason, known_bad=isinstance(exc, IngestError))
            return IngestOutcome(job.source_name, "failed", reason=reason)
        except Exception as exc:  # a library bug must not take the batch down; it may not recur
            log.exception("unexpected failure processing job %s (%s)", job.id, job.source_name)
            after = self.store.fail_attempt(job.id, f"internal error while processing: {type(exc).__name__}")
            return IngestOutcome(job.source_name, "failed", reason=after.reason)
        if outcome.status != "added":
            return outcome
        for listener in self.listeners:
            try:
                listener(outcome.document_id)  # type: ignore[arg-type]
            except Exception:
                log.exception("listener failed after storing document %s", outcome.document_id)
        return outcome

    def read_original(self, sha256: str, source_name: str, should_stop: Callable[[], bool] | None = None
                      ) -> tuple[ParsedDocument, list[Commitment], dict[int, tuple[tuple[int, int], ...]]]:
        """Parse a kept original and extract its commitments (both in the sandbox); warnings of both on the document.

        Also returns the parser's sentences of each passage, which the store keeps for the search index.
        `should_stop`: polled while the sandbox works; when it turns true the work is abandoned (`Cancelled`)."""
        from kb.ingest import parse_bytes

        data = self.originals.get(sha256)
        if self.sandboxed:
            parsed, result, seconds = self.sandbox.run(
                source_name, data, self.parse_budget, self.extract_budget,
                parse_kwargs={"max_bytes": self.settings.max_file_bytes}, should_stop=should_stop)
            for stage, secs in seconds.items():
                self.stage_seconds[stage] += secs
            parsed = replace(parsed, warnings=tuple(parsed.warnings) + tuple(result.warnings))
            return parsed, list(result.commitments), result.sentences
        t0 = time.perf_counter()
        parsed = run_limited(source_name, self.parse_budget, parse_bytes, data, source_name,
                             max_bytes=self.settings.max_file_bytes)
        t1 = time.perf_counter()
        result = self.extractor.extract(parsed)
        self.stage_seconds["parse"] += t1 - t0
        self.stage_seconds["extract"] += time.perf_counter() - t1
        parsed = replace(parsed, warnings=tuple(parsed.warnings) + tuple(result.warnings))
        return parsed, list(result.commitments), result.sentences

    def _parse_extract_store(self, job: Job) -> IngestOutcome:
        import_extract_package()
        from kb.extract import EXTRACTOR_VERSION

        assert job.sha256 is not None
        self.store.set_job_stage(job.id, "reading")
        parsed, commitments, sentences = self.read_original(
            job.sha256, job.source_name, should_stop=lambda: self.store.job_status(job.id) == "cancelled")
        self.store.set_job_stage(job.id, "storing")
        version = self.store.version_warning(parsed.text, commitments)   # a new version of a stored text? (issue 15)
        if version:
            parsed = replace(parsed, warnings=tuple(parsed.warnings) + (version,))
        t0 = time.perf_counter()
        doc_id, stored = self.store.store_job_document(job.id, parsed, commitments, EXTRACTOR_VERSION,
                                                       sentences=sentences)
        self.stage_seconds["store"] += time.perf_counter() - t0
        if not stored:   # the same bytes got in meanwhile (another process), or the job was cancelled
            if doc_id:
                return IngestOutcome(job.source_name, "duplicate", document_id=doc_id)
            return IngestOutcome(job.source_name, "cancelled", reason="cancelled by an admin")
        return IngestOutcome(job.source_name, "added", document_id=doc_id,
                             commitments=len(commitments), warnings=parsed.warnings)

    def process_queued(self) -> list[IngestOutcome]:
        """Work through every queued job, oldest first."""
        outcomes = []
        while (job := self.store.claim_next_job()) is not None:
            outcomes.append(self.process(job))
        return outcomes

    def remove_unneeded_originals(self) -> int:
        """Delete the originals that deleted documents left behind (unless needed again); how many went."""
        removed = 0
        for sha in self.store.originals_to_remove():
            if self.store.remove_original_if_unneeded(sha, functools.partial(self.originals.remove, sha)):
                removed += 1
        return removed

    def ingest_path(self, path: str | os.PathLike[str]) -> IngestOutcome:
        """Submit and process one file from disk."""
        return self.process(self.submit_path(path))

    def ingest_bytes(self, data: bytes, source_name: str) -> IngestOutcome:
        return self.process(self.submit(data, source_name))


def make_extractor(settings: Settings):  # type: ignore[no-untyped-def]
    """The commitment extractor for `settings`: the sandbox's factory, called in its helper process.

    A function of this module rather than the `Extractor` class, so that building and pickling the factory
    imports nothing heavy here, and the helper imports spaCy without torch (`import_extract_package`)."""
    import_extract_package()
    from kb.extract import Extractor

    return Extractor(settings)


def import_extract_package() -> None:
    """Import `kb.extract` (and spaCy) without letting spaCy's thinc import torch, if nothing has loaded torch yet.

    Why (issue 13, speed only): thinc imports torch whenever it is installed, for models that wrap torch
    layers; PolicyKB's spaCy pipelines have none, and the ONNX embedder needs no torch either, yet the
    import costs about 2 CPU-seconds (and 200 MB) in the sandbox's helper and again in the ingesting
    process (which imports `kb.extract` for its version and the helper's results).  While the package is
    imported, `_NoTorchForThinc` refuses torch to thinc's import alone, so thinc records that it has no
    torch; any other import of torch, on this thread or another (a torch embedder), goes through.  The
    parses are the same: thinc runs these pipelines on NumPy."""
    if "kb.extract" in sys.modules or "torch" in sys.modules:
        return
    finder = _NoTorchForThinc()
    sys.meta_path.insert(0, finder)
    try:
        import kb.extract  # noqa: F401
    finally:
        sys.meta_path.remove(finder)


class _NoTorchForThinc:
    """An import hook that makes `import torch` fail when thinc's `thinc.compat` asks for it, and only then."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name == "torch":
            frame = sys._getframe(1)
            while frame is not None:   # the importing thread's own stack: another thread's import is untouched
                if frame.f_globals.get("__name__") == "thinc.compat":
                    raise ModuleNotFoundError("torch is not loaded for spaCy's thinc (kb.pipeline)", name=name)
                frame = frame.f_back
        return None


def _known_bad_reason(reason: str, first_name: str) -> str:
    return f"known bad file: the same bytes failed before ({first_name}: {reason})"


def _too_large(size: int, limit: int) -> str:
    mb = 1024 * 1024
    return f"file is {size / mb:.1f} MB, over the {limit / mb:.0f} MB limit"
