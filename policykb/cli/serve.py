"""`policykb serve`: the web app and JSON API under waitress."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import waitress

from kb.config import Settings
from kb.store import Store
from policykb.cli.documents import load_corpus_if_empty
from web import create_app


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the web app")
    p.add_argument("--host", default=None, help="address to listen on (default: the settings' host)")
    p.add_argument("--port", type=int, default=None, help="port to listen on (default: the settings' port)")
    p.add_argument("--load-corpus", metavar="DIR", help="ingest DIR first if the knowledge base is empty")
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    host = args.host if args.host is not None else settings.host
    port = args.port if args.port is not None else settings.port
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
    print(f"Serving on http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    waitress.serve(app, host=host, port=port, threads=8, _quiet=True)
    return 0
