"""Turning an upload request into jobs: size checks, and .zip archives unpacked in memory.

A .zip is opened in memory and each member handed to the pipeline as its own
file.  Member names are only ever shown (reduced to a base name by
`display_name`), never used as paths; nothing is written to disk except
through `Originals` (under the sha256).  Caps: number of members, total
unpacked bytes, per-file size (read with a bound, never trusting the
declared size), nesting depth of zips in zips and folder depth.
"""

from __future__ import annotations

import io
import zipfile

from flask import current_app, request

from kb.errors import InvalidQuery, TooLarge
from kb.pipeline import display_name
from web.common import ctx, human_size

MAX_PATH_DEPTH = 16


def is_zip(name: str, data: bytes) -> bool:
    return name.lower().endswith(".zip") and data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def expand(data: bytes, name: str, depth: int = 0) -> tuple[list[tuple[bytes, str]], list[tuple[str, str]]]:
    """(files, failures): the files to submit and (name, reason) for what was refused."""
    cfg = current_app.config
    max_file = ctx().settings.max_file_bytes
    if not is_zip(name, data):
        return [(data, name)], []
    if depth >= cfg["ZIP_MAX_DEPTH"]:
        return [], [(name, "zip nested too deeply inside other zips")]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return [], [(name, f"not a readable zip archive ({exc})")]
    files: list[tuple[bytes, str]] = []
    failed: list[tuple[str, str]] = []
    total = 0
    members = 0
    with archive:
        for info in infos:
            member = info.filename.replace("\\", "/")
            parts = [p for p in member.split("/") if p and p not in (".", "..")]
            base = parts[-1] if parts else "unnamed"
            if info.is_dir() or not parts:
                continue
            if parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
                continue  # resource forks and hidden files
            label = display_name(base)
            members += 1
            if members > cfg["ZIP_MAX_MEMBERS"]:
                failed.append((name, f"zip has more than {cfg['ZIP_MAX_MEMBERS']} files; the rest were skipped"))
                break
            if len(parts) > MAX_PATH_DEPTH:
                failed.append((label, "folder nesting too deep inside the zip"))
                continue
            if info.flag_bits & 0x1:
                failed.append((label, "encrypted zip member"))
                continue
            if info.file_size > max_file:
                failed.append((label, f"file is {human_size(info.file_size)}, over the {human_size(max_file)} limit"))
                continue
            if total + info.file_size > cfg["ZIP_MAX_TOTAL_BYTES"]:
                failed.append((name, f"zip unpacks to more than {human_size(cfg['ZIP_MAX_TOTAL_BYTES'])};"
                                     " the rest were skipped"))
                break
            try:
                with archive.open(info) as fh:
                    body = fh.read(max_file + 1)  # bounded: never trust the declared size
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
                failed.append((label, f"cannot unpack from the zip ({exc})"))
                continue
            if len(body) > max_file:
                failed.append((label, f"file is over the {human_size(max_file)} limit"))
                continue
            total += len(body)
            if total > cfg["ZIP_MAX_TOTAL_BYTES"]:
                failed.append((name, f"zip unpacks to more than {human_size(cfg['ZIP_MAX_TOTAL_BYTES'])};"
                                     " the rest were skipped"))
                break
            if is_zip(base, body):
                inner_files, inner_failed = expand(body, base, depth + 1)
                files.extend(inner_files)
                failed.extend(inner_failed)
            else:
                files.append((body, base))
    if not files and not failed:
        failed.append((name, "the zip holds no files"))
    return files, failed


def accept_request_files():
    """Submit every `file` of the request (zips unpacked); returns the jobs, in order.

    Raises TooLarge (413) when any one file is over the limit, before anything
    is submitted, and InvalidQuery (400) when no file was sent.
    """
    c = ctx()
    uploads = [f for f in request.files.getlist("file") if f and (f.filename or "").strip()]
    if not uploads:
        raise InvalidQuery("no file was sent (use the form field 'file')")
    limit = c.settings.max_file_bytes
    payloads = []
    for f in uploads:
        data = f.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(display_name(f.filename or ""),
                           f"the file is larger than the {human_size(limit)} limit per file")
        payloads.append((data, f.filename or "unnamed"))
    jobs = []
    for data, name in payloads:
        files, failed = expand(data, name)
        for body, member in files:
            jobs.append(c.pipeline.submit(body, member))
        for member, reason in failed:
            jobs.append(c.store.create_job(display_name(member), None, "failed", reason))
    if c.worker is not None:
        c.worker.wake()
    return jobs
