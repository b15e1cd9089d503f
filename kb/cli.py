"""The `policykb` command.

Every command gets the settings (`--data` or POLICYKB_DATA) and an open
`Store`.  Expected failures (`PolicyKBError`) become one line on stderr and a
non-zero exit; an unexpected one is logged with its traceback to
`<data>/policykb.log` for operators and reported to the user in one line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from kb.config import Settings, load_settings
from kb.errors import PolicyKBError
from kb.export import commitment_row, iter_csv, stored_row
from kb.models import CommitmentFilter, IngestOutcome
from kb.pipeline import Pipeline, iter_files
from kb.store import Store

log = logging.getLogger("policykb")

CORPUS_NOTES = {"SOURCES.md", "README.md"}

Handler = Callable[[argparse.Namespace, Settings, Store], int]


# -- ingest ---------------------------------------------------------------------

def cmd_ingest(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    files = list(iter_files(args.paths))
    pipeline = Pipeline(settings, store)
    outcomes = ingest_files(pipeline, files, progress=not args.quiet)
    synced = _sync_index(settings, store) if any(o.status == "added" for o in outcomes) else None
    added = [o for o in outcomes if o.status == "added"]
    dups = [o for o in outcomes if o.status == "duplicate"]
    failed = [o for o in outcomes if o.status == "failed"]
    n_commit = sum(o.commitments for o in added)
    print(f"added {len(added)}, duplicates {len(dups)}, failed {len(failed)}; {n_commit} commitments found")
    for o in dups:
        print(f"  duplicate: {o.source_name} (already document {o.document_id})")
    for o in failed:
        print(f"  failed: {o.source_name}: {o.reason}")
    if synced:
        print(synced)
    return 1 if failed else 0


def ingest_files(pipeline: Pipeline, files: Sequence[Path], progress: bool = True) -> list[IngestOutcome]:
    """Each file through the pipeline, with a progress bar on stderr."""
    bar = None
    if progress and files:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr, leave=False)
    outcomes = []
    for path in files:
        if bar is not None:
            bar.set_postfix_str(path.name[:40])
        outcomes.append(pipeline.ingest_path(path))
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return outcomes


def _sync_index(settings: Settings, store: Store) -> str | None:
    """Bring the search index up to date after new documents; a summary line."""
    try:
        from indexer import SearchService
    except ImportError:  # search not installed: the store is still complete
        return None
    report = SearchService(settings, store).sync()
    return f"search index: {report}"


def load_corpus_if_empty(settings: Settings, store: Store, corpus: Path) -> None:
    """`make run`: a new knowledge base starts with the documents shipped in corpus/."""
    if store.document_count() > 0 or not corpus.is_dir():
        return
    # corpus/SOURCES.md describes the shipped documents; it is not one of them
    files = [f for f in iter_files([corpus]) if f.name not in CORPUS_NOTES]
    print(f"empty knowledge base: loading {len(files)} document(s) from {corpus}/", flush=True)
    for o in ingest_files(Pipeline(settings, store), files):
        detail = f"{o.commitments} commitments" if o.status == "added" else (o.reason or "")
        print(f"  {o.status}: {o.source_name} {detail}".rstrip(), flush=True)
    _sync_index(settings, store)


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


def cmd_commitments(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    filters = filters_from_args(args)
    if args.format == "table":
        rows = store.query_commitments(filters, order=args.sort, limit=args.limit)
        if not rows:
            print("no commitments match")
            return 0
        print(f"{'id':>5}  {'deadline':<10}  {'actor':<24}  {'action':<22}  target")
        for s in rows:
            c = s.commitment
            deadline = c.deadline.date if c.deadline and c.deadline.date else "-"
            print(f"{s.id:>5}  {deadline:<10}  {c.actor[:24]:<24}  {c.action[:22]:<22}  {c.target[:70]}")
        return 0
    rows_iter = (stored_row(s) for s in store.iter_commitments(filters))
    if args.format == "csv":
        for chunk in iter_csv(rows_iter):
            sys.stdout.write(chunk)
    else:
        for row in rows_iter:
            print(json.dumps(row, ensure_ascii=False))
    return 0


def cmd_extract(args: argparse.Namespace, settings: Settings, store: Store | None) -> int:
    """Commitments of files as JSON lines, without touching the knowledge base."""
    from kb.extract import Extractor
    from kb.ingest import parse_file

    extractor = Extractor(settings)
    failed = 0
    for path in iter_files(args.paths):
        try:
            parsed = parse_file(path, max_bytes=settings.max_file_bytes)
        except PolicyKBError as exc:
            print(f"policykb: {exc}", file=sys.stderr)
            failed += 1
            continue
        result = extractor.extract(parsed)
        for w in result.warnings:
            print(f"policykb: warning: {path.name}: {w}", file=sys.stderr)
        for c in result.commitments:
            row = commitment_row(c, path.name, parsed.title)
            if args.jsonl:
                print(json.dumps(row, ensure_ascii=False))
            else:
                deadline = c.deadline.date if c.deadline else "-"
                print(f"{path.name}\t{c.actor}\t{c.action}\t{c.target}\t{deadline}")
    return 1 if failed else 0


def filters_from_args(args: argparse.Namespace) -> CommitmentFilter:
    return CommitmentFilter(
        actor=getattr(args, "actor", None),
        document_id=getattr(args, "document_id", None),
        deadline_from=getattr(args, "deadline_from", None),
        deadline_to=getattr(args, "deadline_to", None),
        has_deadline=True if getattr(args, "has_deadline", False) else None,
        sector=getattr(args, "sector", None),
        strength=getattr(args, "strength", None),
        has_quantity=True if getattr(args, "has_quantity", False) else None,
    )


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The commitment filters, shared by `commitments` and `search`."""
    p.add_argument("--actor", help="resolved actor, e.g. Hechi")
    p.add_argument("--document", dest="document_id", type=int, help="document id")
    p.add_argument("--deadline-from", type=int, metavar="YEAR")
    p.add_argument("--deadline-to", type=int, metavar="YEAR")
    p.add_argument("--has-deadline", action="store_true")
    p.add_argument("--sector")
    p.add_argument("--strength", choices=["binding", "aspirational", "supportive"])
    p.add_argument("--has-quantity", action="store_true")


# -- serving --------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    import waitress

    from web import create_app

    if args.load_corpus:
        load_corpus_if_empty(settings, store, Path(args.load_corpus))
    app = create_app(settings, store=store, start_worker=False)
    app.extensions["policykb"].search.check()  # an index built with another model: say so now, not per query
    app.extensions["policykb"].worker.start()
    print(f"PolicyKB: {store.document_count()} document(s) in {settings.data_dir}/")
    if store.user_count() == 0:
        print("Reading is open. To upload or delete, create an account first:\n"
              f"  .venv/bin/policykb --data {settings.data_dir} user add YOURNAME\n"
              "then log in at /login (or use `policykb token create` for the API).")
    print(f"Serving on http://{args.host}:{args.port}/  (Ctrl-C to stop)", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=8, _quiet=True)
    return 0


# -- the parser -----------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykb",
        description="PolicyKB: who promised what, by when — a knowledge base of commitments in policy documents.",
    )
    parser.add_argument("--data", help="data folder (default: $POLICYKB_DATA or ./data)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="add files or folders (recursively) to the knowledge base")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("documents", help="list the documents")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=cmd_documents)

    p = sub.add_parser("show", help="a document's clean text with its passage boundaries")
    p.add_argument("document", metavar="DOC", help="id, sha256 prefix or file name")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("commitments", help="list stored commitments")
    add_filter_options(p)
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    p.add_argument("--sort", choices=["deadline", "-deadline", "actor", "document"], default="deadline")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(handler=cmd_commitments)

    p = sub.add_parser("extract", help="print the commitments of files, without storing them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per commitment")
    p.set_defaults(handler=cmd_extract, needs_store=False)

    p = sub.add_parser("serve", help="serve the web app")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--load-corpus", metavar="DIR", help="ingest DIR first if the knowledge base is empty")
    p.set_defaults(handler=cmd_serve)

    _optional_commands(sub)
    return parser


def _optional_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Commands that live with their stage: search (indexer), accounts (web), backup."""
    try:
        from indexer import add_search_commands
    except ImportError:
        pass
    else:
        add_search_commands(sub)
    try:
        from web.auth import add_account_commands
    except ImportError:
        pass
    else:
        add_account_commands(sub)
    try:
        from kb.backup import add_backup_commands
    except ImportError:
        pass
    else:
        add_backup_commands(sub)


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    settings = load_settings(args.data)
    if getattr(args, "host", None) is None and hasattr(args, "host"):
        args.host = settings.host
    if getattr(args, "port", None) is None and hasattr(args, "port"):
        args.port = settings.port
    _setup_logging(settings, args.verbose)
    started = time.perf_counter()
    store = None
    try:
        if getattr(args, "needs_store", True):
            store = Store(settings.db_path)
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
            store.close()
    log.info("%s took %.2f s", args.command, time.perf_counter() - started)
    return code


def _setup_logging(settings: Settings, verbose: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.FileHandler(settings.data_dir / "policykb.log", encoding="utf-8")
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(fh)
    except OSError:
        pass
    if verbose:
        sh = logging.StreamHandler(sys.stderr)
        sh.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(sh)


if __name__ == "__main__":
    sys.exit(main())
