"""One translation of errors: the JSON shape {"error": {"code", "message"}} under
/api, a readable HTML page everywhere else.

An expected client error (4xx) is logged as one line (method, path, status,
code, message), never with a stack trace; only an unexpected exception (500)
logs its traceback.  Ids in URLs are 64-bit: `<int:...>` only matches numbers
SQLite can hold (larger ones are a 404), and a number that still overflows
SQLite somewhere is a 400, not a 500.
"""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from kb.errors import AccessDenied, IngestError, InvalidQuery, NotFound, PolicyKBError, TooLarge, UnsupportedType

log = logging.getLogger(__name__)

INT64_MAX = 2**63 - 1


class Int64Converter(IntegerConverter):
    """`<int:...>` limited to what SQLite's INTEGER holds: a larger id matches no route (404)."""

    def __init__(self, map, fixed_digits: int = 0, min=None, max=INT64_MAX, signed: bool = False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _log_client_error(status: int, code: str, message: str) -> None:
    """One line per expected client error: enough to see abuse, no traceback, no raw control characters."""
    path = request.full_path.rstrip("?")[:300]
    log.info("%s %r -> %d %s: %r", request.method, path, status, code, message[:300])

_STATUS = {
    NotFound: 404, InvalidQuery: 400, AccessDenied: 403, TooLarge: 413, UnsupportedType: 415, IngestError: 422,
}
_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_type", 422: "unprocessable", 429: "too_many_requests",
    500: "internal_error", 503: "unavailable",
}
_TITLES = {
    400: "Bad request", 401: "Login required", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
    409: "Conflict", 413: "File too large", 415: "Unsupported file type", 422: "Could not process",
    429: "Too many attempts", 500: "Something went wrong", 503: "Unavailable",
}


def wants_json() -> bool:
    if request.path == "/api" or request.path.startswith("/api/"):
        return True
    return request.accept_mimetypes.best == "application/json" and request.headers.get("X-Requested-With") == "fetch"


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    if wants_json():
        resp = jsonify({"error": {"code": code, "message": message}})
    else:
        resp = render_template("error.html", status=status, title=_TITLES.get(status, "Error"), message=message)
    if not isinstance(resp, tuple):
        from flask import make_response

        resp = make_response(resp)
    resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def _too_large_message() -> str:
    from web.common import ctx, human_size

    return f"The file is too large: the limit is {human_size(ctx().settings.max_file_bytes)} per file."


def init_app(app) -> None:
    """Error handlers, and the 64-bit `int` URL converter (call before any blueprint is registered)."""
    app.url_map.converters["int"] = Int64Converter

    @app.errorhandler(PolicyKBError)
    def _policykb(exc: PolicyKBError):
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        _log_client_error(status, exc.code, str(exc))
        return error_response(status, exc.code, str(exc))

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc):
        _log_client_error(413, "too_large", _too_large_message())
        return error_response(413, "too_large", _too_large_message())

    @app.errorhandler(OverflowError)
    def _overflow(exc):
        message = "a number in the request is out of range (ids and offsets are 64-bit)"
        _log_client_error(400, "bad_request", message)
        return error_response(400, "bad_request", message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        code = getattr(exc, "error_code", None) or _HTTP_CODES.get(status, "error")
        headers = {}
        if status == 401 and wants_json():
            headers["WWW-Authenticate"] = 'Bearer realm="policykb"'
        if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            headers["Allow"] = ", ".join(exc.valid_methods)
        if status < 500:
            _log_client_error(status, code, exc.description or "")
        return error_response(status, code, exc.description or _TITLES.get(status, "Error"), headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "An internal error occurred; it has been logged.")
