"""The job queue for admins: every file's state, with cancel and retry (the UI twin of `policykb jobs`).

What readers may see of a job at /api/jobs is decided in `web.common.job_for_viewer`
(the API and this page share it): a job whose document was deleted, or that
failed or was refused, shows its file name and sha256 to editors and admins only.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kb.models import JOB_STATES
from web.auth import audit, require_role
from web.common import cancel_job, ctx, retry_job

bp = Blueprint("jobs", __name__)

PAGE_JOBS = 200


@bp.get("/admin/jobs")
@require_role("admin")
def index():
    status = request.args.get("status") or None
    if status not in JOB_STATES:
        status = None
    jobs = ctx().store.list_jobs(PAGE_JOBS, status=status)
    return render_template("jobs.html", jobs=jobs, status=status, states=JOB_STATES, limit=PAGE_JOBS)


@bp.post("/admin/jobs/<int:job_id>/cancel")
@require_role("admin")
def cancel(job_id: int):
    job = cancel_job(job_id)
    flash(f"Cancelled job {job.id} ({job.source_name}).")
    return redirect(url_for("jobs.index"))


@bp.post("/admin/jobs/<int:job_id>/retry")
@require_role("admin")
def retry(job_id: int):
    """Failed, dead or cancelled jobs go back to the queue with their attempts reset."""
    job = retry_job(job_id)
    audit("job.retry", f"job {job_id}", {"name": job.source_name})
    flash(f"Queued job {job.id} ({job.source_name}) again.")
    return redirect(url_for("jobs.index"))
