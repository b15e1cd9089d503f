"""Run a parser in a child process under a time and memory budget.

Why: PDF, DOCX and HTML parsers are large C and Python libraries fed with
bytes from strangers.  A pathological file can make one loop forever or
allocate without bound; in a child process with `RLIMIT_AS` and a wall-clock
timeout it only costs that child, and the file fails with a clear reason
while the worker, the server and the rest of the batch carry on.

Children come from a fork server (started once, with the parsers imported),
not from forking the main process, which may hold threads and locks (the web
server, torch) that a forked child would inherit in a broken state.

Extraction (spaCy) is as exposed as parsing: a 5 MB text took minutes and a
49 MB one gigabytes.  `FileSandbox` therefore runs parsing AND extraction of
one file in one child, each stage under its own time limit and the child
under a memory limit.  The child is forked from a long-lived helper process
(itself started by the fork server) that loaded the extractor once, so each
file costs a fork, not a model load, and a child that overruns is killed
without touching the helper, the server or the queue.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import multiprocessing.connection
import os
import pickle
import resource
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from kb.errors import IngestError

log = logging.getLogger(__name__)

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


# -- parsing and extraction of one file, in a child of a helper that holds the extractor ---------

STAGE_NAMES = {"parse": "parsing", "extract": "extraction"}


class Cancelled(Exception):
    """The caller asked to stop (`should_stop`) while the child was working; nothing was produced."""


def _vm_bytes() -> int:
    """This process's virtual size (what RLIMIT_AS counts), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(memory_mb: int) -> None:
    """At most `memory_mb` MB more than the helper already maps (the loaded model is not the file's cost)."""
    limit = _vm_bytes() + memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


# a child reads at most this many files before a fresh one is forked (it also retires after an error
# that may have left it in a bad state, or when its memory has grown past half its budget)
FILES_PER_CHILD = 200


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# passages per `nlp.pipe` batch in the child: one file's passages (the executive orders: 77 on average) go
# through spaCy in one or two batches; the parses are the same at any batch size, and 256 took 5% less CPU than
# spaCy's usual 64 on 24 executive orders (10.0-11.1 against 10.7-11.6 CPU-s, a shared machine)
EXTRACT_BATCH = 256


def _extract(extractor: Any, parsed: Any) -> Any:
    """The extractor's result for one document, its passages parsed in batches of EXTRACT_BATCH."""
    many = getattr(extractor, "extract_many", None)
    if many is None:
        return extractor.extract(parsed)
    return many([parsed], batch_size=EXTRACT_BATCH)[0]


def _file_child(requests: Any, out: Any, extractor: Any, memory_mb: int) -> None:
    """The forked child: read files one after another (parse, say so, extract, send the result).

    Each final message says whether the child stays for the next file.
    Never returns (os._exit).
    """
    try:
        base = _vm_bytes()
        _limit_memory(memory_mb)
        from kb.errors import PolicyKBError
        from kb.ingest import parse_bytes

        for _ in range(FILES_PER_CHILD):
            try:
                request = requests.recv()
            except (EOFError, OSError):
                break
            if request is None:
                break
            source_name, data, parse_kwargs, budgets = request
            # a backstop should the helper die mid-file: the kernel stops a child that spins past both budgets
            cpu = int(_cpu_seconds() + budgets["parse"].seconds + budgets["extract"].seconds) + 30
            try:
                resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.getrlimit(resource.RLIMIT_CPU)[1]))
            except (ValueError, OSError):
                pass
            stage, keep = "parse", True
            try:
                t0, c0 = time.perf_counter(), _cpu_seconds()
                parsed = parse_bytes(data, source_name, **parse_kwargs)
                t1, c1 = time.perf_counter(), _cpu_seconds()
                out.send(("stage", "extract", True))
                stage = "extract"
                result = _extract(extractor, parsed)
                message: tuple[str, Any] = ("ok", (parsed, result,
                                                   {"parse": t1 - t0, "extract": time.perf_counter() - t1},
                                                   {"parse": c1 - c0, "extract": _cpu_seconds() - c1}))
            except MemoryError:
                message, keep = ("memory", stage), False
            except BaseException as exc:  # sent back and re-raised in the caller
                message, keep = ("error", exc), isinstance(exc, PolicyKBError)
            del data
            keep = keep and _vm_bytes() - base < memory_mb * 1024 * 1024 // 2
            try:
                out.send((*message, keep))
            except Exception:
                exc = message[1]
                out.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), False))
                break
            if not keep:
                break
    finally:
        out.close()
        os._exit(0)


def _watch(inbox: Any, budgets: dict[str, Budget]) -> tuple[str, Any, bool]:
    """In the helper: wait for the child stage by stage; (kind, value, whether the child stays)."""
    stage = "parse"
    deadline = time.monotonic() + budgets[stage].seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not inbox.poll(remaining):
            return "failed", (f"{STAGE_NAMES[stage]} took longer than {budgets[stage].seconds:g} s;"
                              " file abandoned"), False
        try:
            kind, value, keep = inbox.recv()
        except (EOFError, OSError):
            return "failed", f"{STAGE_NAMES[stage]} crashed on this file (the process died)", False
        if kind == "stage":
            stage = value
            deadline = time.monotonic() + budgets[stage].seconds
            continue
        if kind == "memory":
            return "failed", (f"{STAGE_NAMES[value]} needed more than {budgets[value].memory_mb} MB of memory;"
                              " file abandoned"), False
        return kind, value, keep


@dataclass
class _Child:
    pid: int
    requests: Any
    inbox: Any
    memory_mb: int

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self.requests.close()
        self.inbox.close()


def _fork_child(conn: Any, extractor: Any, memory_mb: int) -> _Child:
    requests_in, requests_out = mp.Pipe(duplex=False)
    inbox, out = mp.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:
        requests_out.close()
        inbox.close()
        conn.close()
        _file_child(requests_in, out, extractor, memory_mb)
    requests_in.close()
    out.close()
    return _Child(pid, requests_out, inbox, memory_mb)


def _helper(conn: Any, factory: Callable[[], Any]) -> None:
    """The long-lived helper: load the extractor once, then hand files to forked children."""
    try:
        import numpy  # noqa: F401  (loads its BLAS now: a limit reaches only the libraries already loaded)
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")   # small matrices: one BLAS thread per child
    except ImportError:  # pragma: no cover - comes with scikit-learn
        pass
    try:
        extractor = factory()
        _warm_up(extractor)
    except BaseException as exc:
        conn.send(("error", RuntimeError(f"could not load the extractor: {type(exc).__name__}: {exc}")))
        return
    # the loaded model's objects move to a generation the collector never scans, so children do not
    # copy their pages just to look at them (copy-on-write)
    gc.collect()
    gc.freeze()
    conn.send(("ready", os.getpid()))
    child: _Child | None = None
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            request = None
        if request is None:
            if child is not None:
                child.stop()
            return
        budgets = request[3]
        memory_mb = max(b.memory_mb for b in budgets.values())
        if child is not None and child.memory_mb != memory_mb:
            child.stop()
            child = None
        if child is None:
            child = _fork_child(conn, extractor, memory_mb)
        child.requests.send(request)
        conn.send(("started", child.pid))
        kind, value, keep = _watch(child.inbox, budgets)
        if not keep:
            child.stop()
            child = None
        conn.send((kind, value))


def _warm_up(extractor: Any) -> None:
    """Load everything the extractor loads lazily (the model, the confidence scorer) before any fork."""
    from kb.ingest import parse_bytes

    try:
        extractor.extract(parse_bytes(b"The ministry will publish a plan by 2030.\n", "warm-up.txt"))
    except Exception:
        log.exception("extractor warm-up failed; files will load what they need")


class FileSandbox:
    """Parses and extracts files in children of one helper process that holds the loaded extractor.

    `factory` (picklable, e.g. `functools.partial(Extractor, settings)`)
    builds the extractor in the helper.  One file at a time per sandbox;
    callers on other threads wait their turn.
    """

    def __init__(self, factory: Callable[[], Any], load_timeout_s: float = 600.0):
        self.factory = factory
        self.load_timeout_s = load_timeout_s
        self._proc: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()
        # CPU seconds (user + system) the children spent in each stage, summed over this sandbox's files:
        # the wall seconds `run` returns stretch when other processes share the cores, these do not
        self.cpu_seconds: dict[str, float] = {"parse": 0.0, "extract": 0.0}

    def _start(self) -> None:
        ctx = _ctx()
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_helper, args=(child, self.factory), daemon=True, name="policykb-sandbox")
        proc.start()
        child.close()
        if not parent.poll(self.load_timeout_s):
            proc.kill()
            raise RuntimeError(f"the extraction helper did not load within {self.load_timeout_s:g} s")
        kind, value = parent.recv()
        if kind != "ready":
            proc.join(5)
            raise value
        self._proc, self._conn = proc, parent

    def close(self) -> None:
        with self._lock:
            self._stop_helper()

    def _stop_helper(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._conn.close()
        if self._proc is not None:
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(5)
        self._proc = self._conn = None

    def run(self, source_name: str, data: bytes, parse: Budget, extract: Budget,
            parse_kwargs: dict[str, Any] | None = None,
            should_stop: Callable[[], bool] | None = None) -> tuple[Any, Any, dict[str, float]]:
        """(parsed document, extraction result, seconds per stage) for one file's bytes.

        IngestError with a clear reason when a stage overruns its time or
        memory, or the child dies; the parser's or extractor's own errors are
        raised unchanged; `Cancelled` when `should_stop()` turned true.
        """
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._stop_helper()
                self._start()
            conn = self._conn
            budgets = {"parse": parse, "extract": extract}
            try:
                conn.send((source_name, data, parse_kwargs or {}, budgets))
                kind, pid = self._receive(conn, 60.0)
                if kind != "started":
                    raise RuntimeError(f"the extraction helper answered {kind!r}")
                # the helper enforces each stage's budget; this deadline only catches a helper that hangs
                deadline = time.monotonic() + parse.seconds + extract.seconds + 60
                cancelled = False
                while not conn.poll(1.0):
                    if time.monotonic() > deadline:
                        raise RuntimeError("the extraction helper stopped answering")
                    if not cancelled and should_stop is not None and should_stop():
                        cancelled = True
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                kind, value = conn.recv()
            except (EOFError, OSError, RuntimeError, pickle.PickleError):
                self._stop_helper()     # started afresh for the next file
                raise
            if kind == "ok":
                parsed, result, seconds, cpu = value
                for stage, secs in cpu.items():
                    self.cpu_seconds[stage] = self.cpu_seconds.get(stage, 0.0) + secs
        if cancelled:
            raise Cancelled(source_name)
        if kind == "ok":
            return parsed, result, seconds
        if kind == "failed":
            raise IngestError(source_name, value)
        raise value

    @staticmethod
    def _receive(conn: Any, seconds: float) -> Any:
        if not conn.poll(seconds):
            raise RuntimeError("the extraction helper stopped answering")
        return conn.recv()


_sandboxes: dict[bytes, FileSandbox] = {}
_sandboxes_lock = threading.Lock()
# helpers kept alive at once (each holds a loaded model); the least recently asked for is stopped beyond this
MAX_HELPERS = 2


def file_sandbox(factory: Callable[[], Any]) -> FileSandbox:
    """One sandbox (one helper, one loaded model) per extractor configuration in this process."""
    key = pickle.dumps(factory)
    with _sandboxes_lock:
        box = _sandboxes.pop(key, None) or FileSandbox(factory)
        _sandboxes[key] = box                      # most recent last
        stale = list(_sandboxes)[:-MAX_HELPERS]
        evicted = [_sandboxes.pop(k) for k in stale]
    for old in evicted:   # a pipeline still holding one starts its helper again when it needs it
        old.close()
    return box
