"""The `policykb` command, one module per command group.

    app.py          the parser, settings, logging, and the one place errors become a line on stderr
    options.py      the commitment filter options (--actor, --document, ...) and filters_from_args
    documents.py    ingest, documents, show
    extraction.py   extract, commitments
    entities.py     entities (actors merged into entities, corrections, scorecards)
    lineage.py      lineage rebuild, lineage list (links between commitments across documents)
    search.py       search, reindex
    serve.py        serve
    worker.py       worker (takes jobs from the shared queue; several per database)
    jobs.py         jobs list, cancel, retry, run
    accounts.py     user add, token create
    backup.py       backup, restore
    status.py       status (queue depth, workers alive, each search node's index lag)
    transfer.py     export, import (a whole knowledge base between SQLite and PostgreSQL)

Each group module has `register(subparsers)`; every handler is
fn(args, settings, store) -> exit code.
"""

from policykb.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
