"""Request ids and one log line per request.

Each request gets an id: the `X-Request-ID` its caller sent (a reverse proxy's, so that the
proxy's access log and ours can be joined) when it is a sane token, else a new one.  The id is
sent back in the answer's `X-Request-ID` header, is on every log line written while the request
is served (kb/logs.py: a context variable of the serving thread), and the request ends with one
"request" line: method, path, status, milliseconds.  With POLICYKB_LOG_FORMAT=json those are
JSON fields a log collector can filter on.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from kb.logs import bind_id, request_id_from, unbind_id

log = logging.getLogger("policykb.request")

HEADER = "X-Request-ID"
# a load balancer asks these every few seconds: their lines only at DEBUG
QUIET_PATHS = frozenset({"/healthz", "/readyz"})


def init_app(app: Flask) -> None:
    """Register first, so that every answer (even one an earlier guard cuts short) carries the id."""
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)
    app.after_request(_end)
    app.teardown_request(_forget)


def _begin() -> None:
    g.request_id = request_id_from(request.headers.get(HEADER))
    g.request_started = time.perf_counter()
    g.request_id_token = bind_id("request_id", g.request_id)


def _end(response: Response) -> Response:
    rid = g.get("request_id")
    if rid is None:  # a request that failed before _begin ran (none so far): still give it an id
        rid = request_id_from(None)
    response.headers[HEADER] = rid
    started = g.get("request_started")
    ms = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
    log.log(level, "%s %s %s %s ms", request.method, request.path, response.status_code, ms,
             extra={"event": "request", "request_id": rid, "method": request.method, "path": request.path,
                    "status": response.status_code, "ms": ms})
    return response


def _forget(exc: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        unbind_id("request_id", token)
