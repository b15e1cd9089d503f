"""Upload: drag and drop files (or a .zip of them); per-file status polled from /api/jobs."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from web.auth import audit, write_access
from web.common import ctx, retry_job
from web.uploads import accept_request_files

bp = Blueprint("upload", __name__)


@bp.get("/upload")
@write_access
def page():
    return render_template("upload.html", jobs=ctx().store.list_jobs(30))


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
