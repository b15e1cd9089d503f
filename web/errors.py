"""One translation of errors: the JSON shape {"error": {"code", "message"}} under
/api, a readable HTML page everywhere else."""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from kb.errors import AccessDenied, IngestError, InvalidQuery, NotFound, PolicyKBError, TooLarge, UnsupportedType

log = logging.getLogger(__name__)

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
    @app.errorhandler(PolicyKBError)
    def _policykb(exc: PolicyKBError):
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
        return error_response(status, exc.code, str(exc))

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc):
        return error_response(413, "too_large", _too_large_message())

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        code = getattr(exc, "error_code", None) or _HTTP_CODES.get(status, "error")
        headers = {}
        if status == 401 and wants_json():
            headers["WWW-Authenticate"] = 'Bearer realm="policykb"'
        if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            headers["Allow"] = ", ".join(exc.valid_methods)
        return error_response(status, code, exc.description or _TITLES.get(status, "Error"), headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "An internal error occurred; it has been logged.")
