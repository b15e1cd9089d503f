"""Jobs on the web: admins list, cancel and retry them; readers never see the file names of failed or
deleted uploads; deleting a document removes its original unless something else still needs the bytes."""

from __future__ import annotations

import io

import pytest

from kb.originals import Originals
from web.auth import create_user
from tests.webapp import csrf_of, login, make_app

PLAN = b"Tram plan\n\nThe city will extend the tram line by 2030.\n"
BROKEN = b"FAIL_ME: an upload the stub parser refuses\n"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False)
    store = app.extensions["policykb"].store
    create_user(store, "editor", "correct horse")
    create_user(store, "boss", "correct horse", role="admin")
    return app


@pytest.fixture
def ctx(app):
    return app.extensions["policykb"]


def logged_in(app, name):
    client = app.test_client()
    login(client, name)
    return client


def upload(client, body, name):
    r = client.post("/api/documents", data={"file": [(io.BytesIO(body), name)]},
                    headers={"X-CSRF-Token": csrf_of(client)}, content_type="multipart/form-data")
    assert r.status_code == 202, r.get_data(as_text=True)
    return r.get_json()["jobs"][0]


def test_readers_see_no_file_name_of_a_failed_upload_editors_do(app, ctx):
    editor = logged_in(app, "editor")
    job = upload(editor, BROKEN, "secret-draft.txt")
    ctx.worker.run_once()
    anonymous = app.test_client()
    body = anonymous.get("/api/jobs").get_data(as_text=True)
    assert "secret-draft" not in body and job["id"] == anonymous.get("/api/jobs").get_json()["items"][0]["id"]
    seen = anonymous.get(f"/api/jobs/{job['id']}").get_json()
    assert (seen["status"], seen["source_name"], seen["sha256"], seen["reason"]) == ("failed", None, None, None)
    assert editor.get(f"/api/jobs/{job['id']}").get_json()["source_name"] == "secret-draft.txt"


def test_deleting_a_document_removes_its_original_and_hides_its_job(app, ctx):
    editor, admin = logged_in(app, "editor"), logged_in(app, "boss")
    job = upload(editor, PLAN, "tram-plan.txt")
    ctx.worker.run_once()
    done = editor.get(f"/api/jobs/{job['id']}").get_json()
    originals = Originals(ctx.settings.originals_dir)
    assert originals.exists(done["sha256"])
    assert "tram-plan" in app.test_client().get("/api/jobs").get_data(as_text=True)   # public while it is live

    r = admin.delete(f"/api/documents/{done['document_id']}", headers={"X-CSRF-Token": csrf_of(admin)})
    assert r.status_code == 200
    ctx.worker.run_once()
    assert not originals.exists(done["sha256"])
    assert "tram-plan" not in app.test_client().get("/api/jobs").get_data(as_text=True)
    assert admin.get(f"/api/jobs/{job['id']}").get_json()["source_name"] == "tram-plan.txt"


def test_an_original_another_job_still_needs_is_kept(app, ctx):
    editor, admin = logged_in(app, "editor"), logged_in(app, "boss")
    job = upload(editor, PLAN, "tram-plan.txt")
    ctx.worker.run_once()
    doc_id = editor.get(f"/api/jobs/{job['id']}").get_json()["document_id"]
    waiting = upload(editor, PLAN, "tram-plan-again.txt")     # queued, not processed yet
    admin.delete(f"/api/documents/{doc_id}", headers={"X-CSRF-Token": csrf_of(admin)})
    ctx.worker.run_once()
    sha = admin.get(f"/api/jobs/{waiting['id']}").get_json()["sha256"]
    assert Originals(ctx.settings.originals_dir).exists(sha)
    assert editor.get(f"/api/jobs/{waiting['id']}").get_json()["status"] == "done"


def test_admins_cancel_and_retry_jobs_on_the_jobs_page(app, ctx):
    editor, admin = logged_in(app, "editor"), logged_in(app, "boss")
    job = upload(editor, PLAN, "tram-plan.txt")
    page = admin.get("/admin/jobs")
    assert page.status_code == 200 and f'data-cancel="{job["id"]}"' in page.get_data(as_text=True)
    r = admin.post(f"/admin/jobs/{job['id']}/cancel", data={"csrf_token": csrf_of(admin)})
    assert r.status_code == 302
    assert ctx.worker.run_once() == 0 and ctx.store.get_job(job["id"]).status == "cancelled"
    page = admin.get("/admin/jobs?status=cancelled").get_data(as_text=True)
    assert f'data-retry="{job["id"]}"' in page and "tram-plan.txt" in page
    admin.post(f"/admin/jobs/{job['id']}/retry", data={"csrf_token": csrf_of(admin)})
    assert ctx.worker.run_once() == 1 and ctx.store.get_job(job["id"]).status == "done"


def test_the_jobs_page_and_cancelling_are_for_admins_only(app, ctx):
    editor = logged_in(app, "editor")
    job = upload(editor, PLAN, "tram-plan.txt")
    assert editor.get("/admin/jobs").status_code == 403
    assert app.test_client().get("/admin/jobs").status_code == 302          # to the login page
    r = editor.post(f"/api/jobs/{job['id']}/cancel", headers={"X-CSRF-Token": csrf_of(editor)})
    assert r.status_code == 403
    assert ctx.store.get_job(job["id"]).status == "queued"


def test_cancel_over_the_api_and_a_conflict_for_a_finished_job(app, ctx):
    editor, admin = logged_in(app, "editor"), logged_in(app, "boss")
    job = upload(editor, PLAN, "tram-plan.txt")
    r = admin.post(f"/api/jobs/{job['id']}/cancel", headers={"X-CSRF-Token": csrf_of(admin)})
    assert r.status_code == 200 and r.get_json()["status"] == "cancelled"
    r = admin.post(f"/api/jobs/{job['id']}/cancel", headers={"X-CSRF-Token": csrf_of(admin)})
    assert r.status_code == 409 and "only queued or processing" in r.get_json()["error"]["message"]


def test_three_copies_of_a_failing_file_in_one_zip_cost_one_parse(app, ctx, monkeypatch):
    import zipfile

    parsed: list[str] = []
    real = ctx.pipeline._parse_extract_store

    def counting(job):
        parsed.append(job.source_name)
        return real(job)

    monkeypatch.setattr(ctx.pipeline, "_parse_extract_store", counting)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(3):
            z.writestr(f"copy-{i}.txt", BROKEN)
    editor = logged_in(app, "editor")
    r = editor.post("/api/documents", data={"file": [(io.BytesIO(buf.getvalue()), "three.zip")]},
                    headers={"X-CSRF-Token": csrf_of(editor)}, content_type="multipart/form-data")
    jobs = r.get_json()["jobs"]
    assert len(jobs) == 3
    ctx.worker.run_once()
    assert len(parsed) == 1
    reasons = [editor.get(f"/api/jobs/{j['id']}").get_json()["reason"] for j in jobs]
    assert reasons[0] == "the stub parser was told to fail"
    assert all(r.startswith("known bad file: the same bytes failed before") for r in reasons[1:])
