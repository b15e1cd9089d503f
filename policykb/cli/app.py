"""The `policykb` parser and `main`: settings, logging, and the one place errors are translated.

Every command gets the settings (`--data` or POLICYKB_DATA) and an open
`Store`.  Expected failures (`PolicyKBError`) become one line on stderr and a
non-zero exit; an unexpected one is logged with its traceback to
`<data>/policykb.log` for operators and reported to the user in one line.
The log rotates (LOG_MAX_BYTES, LOG_BACKUPS), so a flood of requests cannot fill the disk.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import time
from typing import Sequence

from kb.config import Settings, load_settings
from kb.errors import PolicyKBError
from kb import logs
from kb.store import Store
from policykb.cli import accounts, backup, documents, extraction, search, serve
from policykb.cli import database, entities, jobs
from policykb.cli import lineage
from policykb.cli import transfer
from policykb.cli import status
from policykb.cli import worker

log = logging.getLogger("policykb")

# <data>/policykb.log rotates: at most LOG_BACKUPS + 1 files of LOG_MAX_BYTES each
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 3

# in the order `policykb --help` lists them
COMMAND_GROUPS = (documents, jobs, worker, extraction, entities, lineage, serve, search, accounts, backup, transfer, database, status)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykb",
        description="PolicyKB: who promised what, by when — a knowledge base of commitments in policy documents.",
    )
    parser.add_argument("--data", help="data folder (default: $POLICYKB_DATA or ./data)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    settings = load_settings(args.data)
    _setup_logging(settings, args.verbose)
    started = time.perf_counter()
    store = None
    try:
        if getattr(args, "needs_store", True):
            store = Store(settings.database)
        code = args.handler(args, settings, store)
    except PolicyKBError as exc:
        print(f"policykb: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policykb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        log.exception("command %s failed", args.command)
        print(f"policykb: internal error ({type(exc).__name__}: {exc}); details in {settings.data_dir}/policykb.log",
              file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.dispose()
    log.info("%s took %.2f s", args.command, time.perf_counter() - started)
    return code


def _setup_logging(settings: Settings, verbose: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    log_format = settings.log_format
    if log_format not in logs.FORMATS:
        print(f"policykb: POLICYKB_LOG_FORMAT={log_format!r} is not one of {', '.join(logs.FORMATS)}; "
              "logging plain text", file=sys.stderr)
        log_format = "text"
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(settings.data_dir / "policykb.log", encoding="utf-8",
                                                  maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS)
        fh.setFormatter(logs.formatter(log_format))
        fh.addFilter(logs.ContextFilter())   # request and job ids (kb/logs.py)
        root.addHandler(fh)
    except OSError:
        pass
    if log_format == "json":   # JSON lines on stderr too, for a log collector (kb/logs.py)
        root.addHandler(logs.handler("json"))
    elif verbose:
        sh = logging.StreamHandler(sys.stderr)
        sh.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(sh)
