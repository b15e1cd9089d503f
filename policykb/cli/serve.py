"""`policykb serve`: the web app and JSON API under waitress, with limits an attacker cannot lift.

waitress reads each request (headers and body) on its own event loop before a
worker thread sees it, so the limits that protect the threads live here:

- `max_request_body_size`: a body over the per-file limit (plus form fields) is
  refused with 413 as soon as its Content-Length is read, before any of it is
  buffered; an upload with no credentials at all gets its 401 at the same
  point (`GuardedParser`).  The app's own guard (web.uploads) answers 401/413
  before reading a body under any other server.
- `connection_limit`: how many connections may be open at once.  A connection
  still sending its headers costs a socket, not a thread, so a slow-loris
  flood has to fill this (far above waitress's default of 100) to lock anyone out.
- `channel_timeout`: a connection silent this long is closed.
- `threads`: requests served at once; pages are paged and searches have a time
  budget, so no one request holds a thread for long.

Behind a reverse proxy (nginx, Caddy), the proxy should enforce the same
limits closer to the client; see the deployment notes in README.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import json

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import create_server
from waitress.utilities import Error

from kb.config import MB, Settings
from kb.store import Store
from policykb.cli.documents import load_corpus_if_empty
from web import create_app

THREADS = 12  # more than the 8 slow readers the attack suite sends
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 30  # seconds a connection may stay silent


def server_options(settings: Settings) -> dict[str, Any]:
    """waitress's limits for these settings (tests start a server with the same ones)."""
    return {
        "threads": THREADS,
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT,
        "cleanup_interval": 10,
        # one file plus form fields, as the app's MAX_CONTENT_LENGTH
        "max_request_body_size": settings.max_file_bytes + 1 * MB,
        "max_request_header_size": 64 * 1024,
        "backlog": 2048,
    }


# Uploads (the only big request bodies): an anonymous one is refused as soon as its headers are in.
UPLOAD_PATHS = ("/api/documents", "/upload")


class _JsonError(Error):
    """waitress's own error answer in PolicyKB's JSON error shape."""

    error_code = "error"

    def to_response(self, ident=None):
        body = json.dumps({"error": {"code": self.error_code, "message": self.body}}).encode()
        headers = [("Content-Type", "application/json"), ("Connection", "close")]
        if self.code == 401:
            headers.append(("WWW-Authenticate", 'Bearer realm="policykb"'))
        return f"{self.code} {self.reason}", headers, body


class _LoginRequired(_JsonError):
    code, reason, error_code = 401, "Unauthorized", "unauthorized"


class _TooLarge(_JsonError):
    code, reason, error_code = 413, "Request Entity Too Large", "too_large"


class GuardedParser(HTTPRequestParser):
    """waitress's request parser, refusing an upload without credentials (no bearer token, no session
    cookie) and a body over the limit once the headers are read, before any of the body is buffered.
    web.auth still checks the credentials themselves; this only turns away the plainly anonymous."""

    session_cookie = "policykb_session="

    def parse_header(self, header_plus):
        super().parse_header(header_plus)
        if self.error is not None:
            return
        if self.command == "POST" and self.path.rstrip("/") in UPLOAD_PATHS:
            if "AUTHORIZATION" not in self.headers and self.session_cookie not in self.headers.get("COOKIE", ""):
                self._refuse(_LoginRequired("Log in (or send an API token) to upload."))
                return
        limit = self.adj.max_request_body_size
        if self.content_length >= limit:
            self._refuse(_TooLarge(f"The request body is over the {limit / MB:.0f} MB limit."))

    def _refuse(self, error: Error) -> None:
        self.error = error
        self.completed = True
        self.content_length = 0  # waitress's own size check would otherwise replace this answer


class GuardedChannel(HTTPChannel):
    parser_class = GuardedParser


def serve(app, settings: Settings, host: str, port: int) -> None:
    """Run waitress with `server_options` and the early refusals of `GuardedParser`."""
    server = create_server(app, host=host, port=port, **server_options(settings))
    server.channel_class = GuardedChannel
    server.run()


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the web app")
    p.add_argument("--host", default=None, help="address to listen on (default: the settings' host)")
    p.add_argument("--port", type=int, default=None, help="port to listen on (default: the settings' port)")
    p.add_argument("--load-corpus", metavar="DIR", help="ingest DIR first if the knowledge base is empty")
    p.add_argument("--no-worker", action="store_true",
                   help="process no jobs here: uploads are queued for `policykb worker` processes"
                        " (a web node of a shared PostgreSQL database)")
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    host = args.host if args.host is not None else settings.host
    port = args.port if args.port is not None else settings.port
    if args.load_corpus:
        load_corpus_if_empty(settings, store, Path(args.load_corpus))
    app = create_app(settings, store=store, start_worker=False)
    app.extensions["policykb"].search.check()  # an index built with another model: say so now, not per query
    worker = app.extensions["policykb"].worker
    if args.no_worker:
        worker.process_jobs = False   # the thread still keeps this node's search index up to date
    worker.start()
    follower = app.extensions["policykb"].follower   # web/follower.py: this node's index follows the store's log
    if follower is not None:
        follower.start(url=f"http://{host}:{port}/")
    print(f"PolicyKB: {store.document_count()} document(s) in {settings.data_dir}/"
          + ("; jobs are left to `policykb worker` processes" if args.no_worker else ""))
    if store.user_count() == 0:
        print("Reading is open. To upload or delete, create an account first:\n"
              f"  .venv/bin/policykb --data {settings.data_dir} user add YOURNAME\n"
              "then log in at /login (or use `policykb token create` for the API).")
    print(f"Serving on http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    serve(app, settings, host, port)
    return 0
