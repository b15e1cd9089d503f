"""Turning an upload request into jobs: size checks, one unpacking budget, early refusals.

A .zip (and any zip inside it) is unpacked by `kb.ingest.archive.unpack_zip`
under one `UploadBudget` per request: bytes inflated, number of files and
nesting depth are counted across every level, members are streamed into
temporary files, and an upload over budget is refused as a whole (413, the
message names the budget) before anything is submitted, so nothing of it
reaches `originals/`.  Member names are only ever shown (reduced to a base name
by `display_name`), never used as paths.

`init_app` also installs the request guards that must run before a body is
read or a CSRF token checked: routing errors first (`PUT /` is a 405, not a
CSRF 400), 413 when Content-Length is over the limit, 401 for an anonymous
upload.  Under waitress, `policykb serve` sets `max_request_body_size` so an
oversized body is refused by the server before it is read at all.
"""

from __future__ import annotations

import re
from contextlib import ExitStack

from flask import current_app, request, session

from kb.errors import InvalidQuery, TooLarge
from kb.ingest.archive import BudgetExceeded, UnsafeArchive, UploadBudget, looks_like_zip, unpack_zip
from kb.pipeline import display_name
from kb.store_review import DOCUMENT_FIELDS, clean_document_metadata
from web.common import ctx, human_size



class MissingFile(InvalidQuery):
    """An upload without a usable file part: 400 `missing_file` (not a bad query)."""

    code = "missing_file"


# write routes that take a request body from an uploader
UPLOAD_PATHS = ("/api/documents", "/upload")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean_filename(raw: str | None) -> str:
    """A sent file name with control characters (CR, LF, NUL...) turned into spaces; '' when nothing is left."""
    return _CONTROL.sub(" ", raw or "").strip()


def upload_budget() -> UploadBudget:
    cfg = current_app.config
    return UploadBudget(max_bytes=cfg["ZIP_MAX_TOTAL_BYTES"], max_files=cfg["ZIP_MAX_MEMBERS"],
                        max_depth=max(0, cfg["ZIP_MAX_DEPTH"] - 1), max_file_bytes=ctx().settings.max_file_bytes)


def _size(stream) -> int:
    pos = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(pos)
    return size


def upload_details() -> dict[str, str]:
    """The document details sent with an upload (form fields title, published, issuing_body, kind),
    checked before any file is taken: a bad one is a 400 naming the field.  Empty fields are not given."""
    given = {f: request.form.get(f, "") for f in DOCUMENT_FIELDS}
    return clean_document_metadata({f: v for f, v in given.items() if v.strip()})


def accept_request_files():
    """Submit every `file` of the request (zips unpacked); returns the jobs, in order.

    Raises TooLarge (413) when any one file is over the limit or the upload is
    over its unpacking budget, before anything is submitted, and InvalidQuery
    (400) when no file was sent or a document detail is bad.  The details
    (`upload_details`) go with every file of the upload.
    """
    c = ctx()
    details = upload_details()
    uploads = [f for f in request.files.getlist("file") if f and clean_filename(f.filename)]
    if not uploads:
        if request.form.getlist("file"):
            # the part arrived without a readable file name: a raw CR or LF inside the name ends the
            # multipart header early, so the parser sees a plain form field (and its bytes as text)
            raise MissingFile("a file was sent but its name could not be read (a line break or other control "
                               "character in the file name?); rename the file and upload it again")
        raise MissingFile("no file was sent (use the form field 'file')")
    limit = c.settings.max_file_bytes
    budget = upload_budget()
    with ExitStack() as stack:
        accepted = []  # (stream, name) to submit, in order
        failed: list[tuple[str, str]] = []
        for f in uploads:
            name = clean_filename(f.filename)
            stream = f.stream
            stream.seek(0)
            if _size(stream) > limit:
                raise TooLarge(display_name(name), f"the file is larger than the {human_size(limit)} limit per file")
            head = stream.read(4)
            stream.seek(0)
            if not looks_like_zip(name, head):
                accepted.append((stream, name))
                continue
            try:
                members, member_failures = unpack_zip(stream, name, budget, stack)
            except BudgetExceeded as exc:
                raise TooLarge(display_name(name), f"upload refused: {exc}; nothing from it was kept") from None
            except UnsafeArchive as exc:
                failed.append((name, str(exc)))
                continue
            accepted.extend((m.file, m.name) for m in members)
            failed.extend(member_failures)
        jobs = []
        for stream, name in accepted:  # one file in memory at a time, each within the per-file limit
            stream.seek(0)
            jobs.append(c.pipeline.submit(stream.read(limit + 1), name, document_details=details))
        for member, reason in failed:
            jobs.append(c.store.create_job(display_name(member), None, "failed", reason))
    if c.worker is not None:
        c.worker.wake()
    return jobs


# -- guards that run before the body is read ------------------------------------------------------

def _routing_first() -> None:
    """A method or path the app does not have is 405/404 before any CSRF or login check."""
    exc = request.routing_exception
    if exc is not None:
        raise exc


def _early_refusals() -> None:
    """413 on a declared body over the limit, 401 on an anonymous upload: both before the body is read.

    "Anonymous" here is the cheap test (no bearer token, no session id in the
    signed cookie); web.auth checks the credentials themselves afterwards.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    length = request.content_length
    cap = current_app.config.get("MAX_CONTENT_LENGTH")
    if length is not None and cap is not None and length > cap:
        raise TooLarge("request", f"the request body is {human_size(length)}, over the "
                                  f"{human_size(ctx().settings.max_file_bytes)} limit per file")
    if request.method == "POST" and request.path in UPLOAD_PATHS:
        if "authorization" not in request.headers and not session.get("sid") and not session.get("user"):
            from web.auth import AuthFailed

            raise AuthFailed("Log in (or send an API token) to upload.")


def init_app(app) -> None:
    """Register the guards; call before web.auth.init_app so they run before its CSRF check."""
    app.before_request(_routing_first)
    app.before_request(_early_refusals)
