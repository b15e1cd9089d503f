"""`policykb extract` (commitments of files, nothing stored) and `policykb commitments` (the stored ones)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kb.config import Settings
from kb.errors import PolicyKBError
from kb.export import commitment_row, gold_row, iter_csv, stored_row
from kb.ingest import parse_file
from kb.pipeline import Pipeline, iter_files
from kb.store import Store
from policykb.cli.documents import sync_index
from policykb.cli.options import add_filter_options, filters_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("commitments", help="list stored commitments")
    add_filter_options(p)
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    p.add_argument("--sort", choices=["deadline", "-deadline", "actor", "document"], default="deadline")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(handler=cmd_commitments)

    p = sub.add_parser("reextract", help="re-read stored documents from their originals with the current "
                       "ingestion and extractor, and print what changed")
    p.add_argument("--document", metavar="DOC", help="only this document (id, sha256 prefix or file name)")
    p.add_argument("--details", action="store_true", help="list every added, removed and changed record")
    p.set_defaults(handler=cmd_reextract)

    p = sub.add_parser("corrections", help="print people's reviewed records as JSONL in the eval gold format "
                       "(../shared/eval/README.md): labelled data for the extractor")
    p.set_defaults(handler=cmd_corrections)

    p = sub.add_parser("extract", help="print the commitments of files, without storing them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per commitment")
    p.set_defaults(handler=cmd_extract, needs_store=False)


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


def cmd_corrections(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    """Confirmed, edited and added records, one gold line each (rejected ones are not commitments)."""
    for sc in store.iter_reviewed():
        print(json.dumps(gold_row(sc), ensure_ascii=False))
    return 0


def cmd_extract(args: argparse.Namespace, settings: Settings, store: Store | None) -> int:
    """Commitments of files as JSON lines, without touching the knowledge base."""
    from kb.extract import Extractor  # here, not at the top: spaCy takes seconds to import

    extractor = Extractor(settings)
    failed = 0
    for path in iter_files(args.paths):
        try:
            parsed = parse_file(path, max_bytes=settings.max_file_bytes)
        except PolicyKBError as exc:  # one unreadable file does not stop the others
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


def cmd_reextract(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    """Each document re-read in its own transaction; one that fails keeps its old reading."""
    from kb.reextract import reextract_document

    documents = [store.find_document(args.document)] if args.document else [d for d, _ in store.list_documents()]
    pipeline = Pipeline(settings, store)
    totals = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0, "carried": 0, "conflicts": 0}
    failed = 0
    for document in sorted(documents, key=lambda d: d.id):
        try:
            report = reextract_document(pipeline, document)
        except PolicyKBError as exc:
            print(f"  failed: {document.source_name} (document {document.id}): {exc}; its old reading is kept")
            failed += 1
            continue
        for name in ("added", "removed", "changed"):
            totals[name] += len(getattr(report, name))
        totals["unchanged"] += report.unchanged
        totals["carried"] += report.carried
        totals["conflicts"] += len(report.conflicts)
        print(report.summary())
        for line in report.conflicts:  # corrections that could not be carried over: in the review queue
            print(f"    ! {line}")
        if args.details:
            for change in report.added:
                print(f"    + {_line(change.after)}")
            for change in report.removed:
                print(f"    - {_line(change.before)}")
            for change in report.changed:
                print(f"    ~ {_line(change.after)}  [{', '.join(change.fields)}; was: {_line(change.before)}]")
    print(f"re-read {len(documents) - failed} of {len(documents)} documents: {totals['added']} added, "
          f"{totals['removed']} removed, {totals['changed']} changed, {totals['unchanged']} unchanged")
    if totals["carried"] or totals["conflicts"]:
        print(f"people's corrections: {totals['carried']} carried over, {totals['conflicts']} could not be "
              "(listed above with '!'; they wait in the review queue)")
    if len(documents) > failed:
        print(sync_index(settings, store))
    return 1 if failed else 0


def _line(c: Any) -> str:
    deadline = c.deadline.date if c.deadline else "-"
    return f"{c.actor} | {c.action} | {c.target[:60]} | {deadline}"
