"""Run a parser in a child process under a time and memory budget.

Why: PDF, DOCX and HTML parsers are large C and Python libraries fed with
bytes from strangers.  A pathological file can make one loop forever or
allocate without bound; in a child process with `RLIMIT_AS` and a wall-clock
timeout it only costs that child, and the file fails with a clear reason
while the worker, the server and the rest of the batch carry on.

Children come from a fork server (started once, with the parsers imported),
not from forking the main process, which may hold threads and locks (the web
server, torch) that a forked child would inherit in a broken state.
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection
import resource
from dataclasses import dataclass
from typing import Any, Callable

from kb.errors import IngestError

_context: Any = None


@dataclass(frozen=True)
class Budget:
    seconds: float = 60.0
    memory_mb: int = 2048


def _ctx() -> Any:
    global _context
    if _context is None:
        _context = mp.get_context("forkserver")
        _context.set_forkserver_preload(["kb.ingest"])
    return _context


def _child(conn: multiprocessing.connection.Connection, memory_mb: int, fn: Callable[..., Any],
           args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", fn(*args, **kwargs)))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # sent back and re-raised in the parent
        try:
            conn.send(("error", exc))
        except Exception:
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def run_limited(source_name: str, budget: Budget, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` in a child process; IngestError if it overruns its budget.

    Exceptions raised by `fn` (such as a parser's IngestError) are raised
    here unchanged.
    """
    ctx = _ctx()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, budget.memory_mb, fn, args, kwargs), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(budget.seconds):
            raise IngestError(source_name, f"parsing took longer than {budget.seconds:g} s; file abandoned")
        try:
            status, value = parent.recv()
        except EOFError:
            raise IngestError(source_name, "the parser crashed on this file") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return value
    if status == "memory":
        raise IngestError(source_name, f"parsing needed more than {budget.memory_mb} MB of memory; file abandoned")
    raise value
