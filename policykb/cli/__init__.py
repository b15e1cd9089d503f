"""The `policykb` command, one module per command group.

    app.py          the parser, settings, logging, and the one place errors become a line on stderr
    options.py      the commitment filter options (--actor, --document, ...) and filters_from_args
    documents.py    ingest, documents, show
    extraction.py   extract, commitments
    search.py       search, reindex
    serve.py        serve
    accounts.py     user add, token create
    backup.py       backup, restore

Each group module has `register(subparsers)`; every handler is
fn(args, settings, store) -> exit code.
"""

from policykb.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
