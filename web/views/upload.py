"""Upload: drag and drop files (or a .zip of them); per-file status polled from /api/jobs.

The file picker offers only the types the ingester reads (kb.ingest.sniff.SUPPORTED_TYPES, and a
.zip of them), and the page's script refuses any other file before sending it, naming the
supported types; the server still sniffs every file's bytes.  A failure that can never succeed
(`web.common.job_retryable` false) shows no Retry; a processing job shows how long it has run.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from web.auth import audit, write_access
from kb.ingest.sniff import DOCX, HTML, MARKDOWN, PDF, RST, TEXT, ZIP
from web.common import ctx, elapsed_words, job_elapsed_s, job_retryable, retry_job
from web.uploads import accept_request_files

bp = Blueprint("upload", __name__)

# the file names (and the media types browsers give them) of each type the ingester reads
UPLOAD_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    TEXT: ("TXT", (".txt",)),
    MARKDOWN: ("Markdown", (".md", ".markdown")),
    RST: ("reStructuredText", (".rst",)),
    HTML: ("HTML", (".html", ".htm")),
    PDF: ("PDF", (".pdf",)),
    DOCX: ("DOCX", (".docx",)),
    ZIP: ("ZIP of them", (".zip",)),
}


def accept_attr() -> str:
    """The picker's `accept=`: every extension, then every media type."""
    exts = [e for _label, names in UPLOAD_TYPES.values() for e in names]
    return ",".join(exts + list(UPLOAD_TYPES))


def supported_words() -> str:
    """"TXT (.txt), Markdown (.md, .markdown), ... or a ZIP of them (.zip)", for the page and its script."""
    parts = [f"{label} ({', '.join(names)})" for label, names in UPLOAD_TYPES.values()]
    return ", ".join(parts[:-1]) + " or a " + parts[-1]


@bp.get("/upload")
@write_access
def page():
    return render_template("upload.html", jobs=ctx().store.list_jobs(30), accept=accept_attr(),
                           supported=supported_words(), retryable=job_retryable,
                           elapsed=lambda job: elapsed_words(job_elapsed_s(job)))


@bp.post("/upload")
@write_access
def submit():
    """The form fallback without JavaScript (the page's script posts to /api/documents)."""
    jobs = accept_request_files()
    audit("upload", f"{len(jobs)} file(s)", {"jobs": [j.id for j in jobs], "names": [j.source_name for j in jobs[:20]]})
    flash(f"Received {len(jobs)} file(s); they are processed in the background.")
    return redirect(url_for("upload.page"))


@bp.post("/upload/jobs/<int:job_id>/retry")
@write_access
def retry(job_id: int):
    job = retry_job(job_id)
    audit("job.retry", f"job {job_id}", {"name": job.source_name})
    flash(f"Queued {job.source_name} again.")
    return redirect(url_for("upload.page"))
