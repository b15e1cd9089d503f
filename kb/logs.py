"""Logs: plain text for people by default, one JSON object a line for a log collector on request.

Why: with several web nodes and workers (issue 17) one upload's story is spread over machines:
the request that accepted it on node A, the job a worker ran, the search that found it on node
B.  `POLICYKB_LOG_FORMAT=json` (Settings.log_format) makes every log line a JSON object
(python-json-logger) carrying the ids that tie those lines together:

- `request_id`: a web request's id, taken from its `X-Request-ID` header (a proxy's, so the
  proxy's logs and ours match) or made up, and sent back in the answer (web/requestlog.py);
- `job_id`: the ingestion job being processed (`Pipeline.process`, wrapped by `job_logged`), in
  whichever process runs it: `policykb worker`, `policykb serve`, `policykb ingest`.

The ids live in context variables, so each thread (a waitress request thread, a worker) carries
its own and nothing has to pass them along.  Text stays the default (`make run`): the same
lines as before, in <data>/policykb.log.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator, TextIO

FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_ids: dict[str, ContextVar[str | int | None]] = {
    "request_id": ContextVar("policykb_request_id", default=None),
    "job_id": ContextVar("policykb_job_id", default=None),
}

# what a request id from outside may look like (a proxy's UUID or hex; nothing that could forge a log line)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

log = logging.getLogger("policykb.jobs")


def current_ids() -> dict[str, str | int]:
    """The ids set in this context (request_id, job_id), those unset left out."""
    return {name: var.get() for name, var in _ids.items() if var.get() is not None}  # type: ignore[misc]


@contextmanager
def log_context(**ids: str | int | None) -> Iterator[None]:
    """Within the block, every log line of this thread carries these ids."""
    tokens = [(_ids[name], _ids[name].set(value)) for name, value in ids.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def bind_id(name: str, value: str | int | None) -> object:
    """Set one id for this context until `unbind_id` (for code that cannot use a `with` block: a web
    request's before/teardown hooks); returns the token to unbind with."""
    return _ids[name].set(value)


def unbind_id(name: str, token: object) -> None:
    _ids[name].reset(token)  # type: ignore[arg-type]


def request_id_from(header: str | None) -> str:
    """The request's id: the caller's X-Request-ID when it is a sane token, else a new one."""
    if header and _REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


class ContextFilter(logging.Filter):
    """Puts the context's ids on each record (attributes that the JSON formatter writes out)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in current_ids().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


def formatter(log_format: str) -> logging.Formatter:
    """A formatter for "text" (the default) or "json" (one object a line: time, level, logger, message, ids)."""
    if log_format not in FORMATS:
        raise ValueError(f"log format {log_format!r}: use one of {', '.join(FORMATS)} (POLICYKB_LOG_FORMAT)")
    if log_format == "text":
        return logging.Formatter(TEXT_FORMAT)
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(["asctime", "levelname", "name", "message"],
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                         datefmt="%Y-%m-%dT%H:%M:%S%z", json_ensure_ascii=False)


def handler(log_format: str, stream: TextIO | None = None) -> logging.Handler:
    """A stream handler (stderr by default) in this format, with the context's ids."""
    h = logging.StreamHandler(stream or sys.stderr)
    h.setFormatter(formatter(log_format))
    h.addFilter(ContextFilter())
    return h


def job_logged(process: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps `Pipeline.process(job)`: its log lines carry the job's id, and it ends with one "job finished"
    line (status, seconds)."""

    @functools.wraps(process)
    def wrapper(self: Any, job: Any, *args: Any, **kwargs: Any) -> Any:
        with log_context(job_id=job.id):
            started = time.perf_counter()
            outcome = process(self, job, *args, **kwargs)
            seconds = round(time.perf_counter() - started, 3)
            status = getattr(outcome, "status", None)
            log.info("job %s finished: %s in %.3f s", job.id, status, seconds,
                     extra={"event": "job_finished", "status": status, "seconds": seconds,
                            "source_name": job.source_name})
            return outcome

    return wrapper
