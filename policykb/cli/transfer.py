"""`policykb export FILE` and `policykb import FILE` (the work is done by kb.transfer).

Move a knowledge base between backends: export from the data folder's SQLite, import with
POLICYKB_DATABASE_URL=postgresql://... set (or the other way round).  Both print the row count
and checksum of every table; the import verifies them and rebuilds this machine's search index.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from kb.config import Settings
from kb.originals import open_originals
from kb.store import Store
from kb.transfer import TransferReport, export_kb, import_kb


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write the whole knowledge base (every table, the originals) to one file",
                       description="Write every table's rows and the originals to FILE (a zip), with row counts "
                                   "and checksums, for `policykb import` on either backend (SQLite, PostgreSQL).")
    p.add_argument("path", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_export)
    p = sub.add_parser("import", help="load a file written by `policykb export` into an empty knowledge base",
                       description="Load FILE into this knowledge base (the configured backend), verify every "
                                   "table's row count and checksum, and rebuild the search index.")
    p.add_argument("path", metavar="FILE")
    p.add_argument("--replace", action="store_true", help="delete this knowledge base's contents first")
    p.add_argument("--no-reindex", action="store_true",
                   help="leave the search index to be rebuilt on the next start")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_import)


def _print(report: TransferReport, verb: str, args: argparse.Namespace, out: TextIO, extra: str = "") -> None:
    if args.json:
        out.write(json.dumps({"schema_version": report.schema_version, "originals": report.originals,
                              "missing_originals": list(report.missing_originals),
                              "tables": {t.name: {"rows": t.rows, "checksum": t.checksum} for t in report.tables}})
                  + "\n")
        return
    for t in report.tables:
        out.write(f"  {t.name:<24} {t.rows:>9} rows  sha256-sum {t.checksum[:16]}\n")
    out.write(f"{verb} {report.total_rows} rows in {len(report.tables)} tables and {report.originals} originals "
              f"(schema version {report.schema_version}){extra}\n")
    if report.missing_originals:
        out.write(f"warning: {len(report.missing_originals)} originals were missing at export: "
                  f"{', '.join(s[:12] for s in report.missing_originals[:5])}\n")


def cmd_export(args: argparse.Namespace, settings: Settings, store: Store, out: TextIO | None = None) -> int:
    report = export_kb(store, open_originals(settings), args.path)
    _print(report, f"exported to {args.path}:", args, out or sys.stdout)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings, store: Store, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    report = import_kb(store, open_originals(settings), args.path, replace=args.replace)
    extra = "; counts and checksums match the export"
    if not args.no_reindex:
        from indexer import SearchService

        built = SearchService(settings, store).reindex()
        extra += f"; search index rebuilt ({built.commitments} commitments)"
    _print(report, "imported", args, out, extra)
    return 0
