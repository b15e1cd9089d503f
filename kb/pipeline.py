"""The ingestion pipeline: a file's bytes -> kept original -> job -> parse -> extract -> store.

Why jobs: every file handed to PolicyKB gets a row that says where it is
(queued, processing, done, failed + reason), its original bytes are kept
before any parsing, and the document goes into the store in the same
transaction that marks its job done.  A crash therefore leaves each accepted
file either fully in or still queued, and `requeue_interrupted` puts the
half-done ones back.  Later stages (the search index) hear about new
documents through `listeners`, so `kb` never imports them.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb.config import Settings
from kb.errors import IngestError, PolicyKBError
from kb.ingest.names import display_name
from kb.models import Commitment, IngestOutcome, Job, ParsedDocument
from kb.originals import Originals
from kb.sandbox import Budget, run_limited
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

    def __init__(self, settings: Settings, store: Store, extractor: object | None = None):
        self.settings = settings
        self.store = store
        self.originals = Originals(settings.originals_dir)
        self._extractor = extractor
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

    # -- accepting files ------------------------------------------------------

    def submit(self, data: bytes, source_name: str) -> Job:
        """Accept a file: keep its bytes under their sha256 and queue a job.

        A file over the size limit or empty is refused at once (a failed job,
        nothing kept).  Everything else is kept before it is parsed, so a
        parser failure loses nothing and the job can be retried.
        """
        name = display_name(source_name)
        limit = self.settings.max_file_bytes
        if len(data) > limit:
            return self.store.create_job(name, None, "failed", _too_large(len(data), limit))
        if not data.strip():
            return self.store.create_job(name, None, "failed", "empty file")
        sha = self.originals.put(data)
        return self.store.create_job(name, sha)

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

    def process(self, job: Job) -> IngestOutcome:
        """Parse, extract and store one queued job's file; never raises for bad input."""
        if job.status == "failed":
            return IngestOutcome(job.source_name, "failed", reason=job.reason)
        if job.status == "queued":
            self.store.set_job_processing(job.id)
        assert job.sha256 is not None
        existing = self.store.document_by_sha(job.sha256)
        if existing is not None:
            self.store.finish_job_duplicate(job.id, existing.id)
            return IngestOutcome(job.source_name, "duplicate", document_id=existing.id)
        try:
            outcome = self._parse_extract_store(job)
        except PolicyKBError as exc:
            reason = exc.reason if isinstance(exc, IngestError) else str(exc)
            self.store.fail_job(job.id, reason)
            return IngestOutcome(job.source_name, "failed", reason=reason)
        except Exception as exc:  # a library bug must not take the batch down
            log.exception("unexpected failure processing job %s (%s)", job.id, job.source_name)
            reason = f"internal error while processing: {type(exc).__name__}"
            self.store.fail_job(job.id, reason)
            return IngestOutcome(job.source_name, "failed", reason=reason)
        for listener in self.listeners:
            try:
                listener(outcome.document_id)  # type: ignore[arg-type]
            except Exception:
                log.exception("listener failed after storing document %s", outcome.document_id)
        return outcome

    def read_original(self, sha256: str, source_name: str) -> tuple[ParsedDocument, list[Commitment],
                                                                    dict[int, tuple[tuple[int, int], ...]]]:
        """Parse a kept original (in the sandbox) and extract its commitments; warnings of both on the document.

        Also returns the parser's sentences of each passage, which the store keeps for the search index."""
        from kb.ingest import parse_bytes

        t0 = time.perf_counter()
        data = self.originals.get(sha256)
        budget = Budget(self.settings.parse_timeout_s, self.settings.parse_memory_mb)
        parsed = run_limited(source_name, budget, parse_bytes, data, source_name,
                             max_bytes=self.settings.max_file_bytes)
        t1 = time.perf_counter()
        result = self.extractor.extract(parsed)
        self.stage_seconds["parse"] += t1 - t0
        self.stage_seconds["extract"] += time.perf_counter() - t1
        parsed = replace(parsed, warnings=tuple(parsed.warnings) + tuple(result.warnings))
        return parsed, list(result.commitments), result.sentences

    def _parse_extract_store(self, job: Job) -> IngestOutcome:
        from kb.extract import EXTRACTOR_VERSION

        assert job.sha256 is not None
        parsed, commitments, sentences = self.read_original(job.sha256, job.source_name)
        t0 = time.perf_counter()
        doc_id = self.store.add_document(parsed, commitments, EXTRACTOR_VERSION, job_id=job.id, sentences=sentences)
        self.stage_seconds["store"] += time.perf_counter() - t0
        return IngestOutcome(job.source_name, "added", document_id=doc_id,
                             commitments=len(commitments), warnings=parsed.warnings)

    def process_queued(self) -> list[IngestOutcome]:
        """Work through every queued job, oldest first."""
        outcomes = []
        while (job := self.store.claim_next_job()) is not None:
            outcomes.append(self.process(job))
        return outcomes

    def ingest_path(self, path: str | os.PathLike[str]) -> IngestOutcome:
        """Submit and process one file from disk."""
        return self.process(self.submit_path(path))

    def ingest_bytes(self, data: bytes, source_name: str) -> IngestOutcome:
        return self.process(self.submit(data, source_name))


def _too_large(size: int, limit: int) -> str:
    mb = 1024 * 1024
    return f"file is {size / mb:.1f} MB, over the {limit / mb:.0f} MB limit"
