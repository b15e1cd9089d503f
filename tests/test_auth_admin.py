"""The admin pages (accounts, tokens, audit log) and the audit trail they and the rest of the app write.

Issue 14: account and token management in the UI (before: CLI only), tokens
listed with their last use and revocable.  Issue 18: an audit log of logins,
logouts, token and user changes, uploads and deletions (who, when, what),
visible to admins.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from tests.webapp import csrf_of, login, make_app
from web.auth import audit, create_token, create_user, token_hash


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    store = app.extensions["policykb"].store
    create_user(store, "editor", "correct horse")
    create_user(store, "boss", "admin password", role="admin")
    return app


@pytest.fixture
def admin(app):
    client = app.test_client()
    login(client, "boss", "admin password")
    return client


def post(client, url: str, **form):
    return client.post(url, data={"csrf_token": csrf_of(client), **form})


def actions(store) -> list[str]:
    return [e.action for e in reversed(store.audit_entries(1000))]


def test_admin_pages_are_for_admins_only(app):
    anon = app.test_client()
    assert anon.get("/admin").status_code == 302
    assert anon.get("/admin/audit").status_code == 302
    editor = app.test_client()
    login(editor)
    assert editor.get("/admin").status_code == 403
    assert editor.get("/admin/audit").status_code == 403
    assert post(editor, "/admin/users", name="mallory", password="long enough", role="admin").status_code == 403
    assert "Admin" not in editor.get("/").get_data(as_text=True).split("<main")[0]
    assert app.extensions["policykb"].store.user_count() == 2


def test_create_and_revoke_a_token_in_the_admin_page(app, admin):
    store = app.extensions["policykb"].store
    page = admin.get("/admin").get_data(as_text=True)
    assert 'data-user="editor"' in page and 'data-user="boss"' in page
    r = post(admin, "/admin/tokens", user="editor", role="reader", label="dashboard", expires_days="30")
    assert r.status_code == 201
    token = re.search(r'id="new-token-value">([^<]+)<', r.get_data(as_text=True)).group(1)
    rec = store.token_by_hash(token_hash(token))[0]
    assert (rec.user_name, rec.role, rec.label) == ("editor", "reader", "dashboard") and rec.expires_at
    api = app.test_client()
    assert api.get("/api/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    listing = admin.get("/admin").get_data(as_text=True)
    assert token not in listing and f'data-token="{rec.id}"' in listing and "dashboard" in listing
    assert post(admin, f"/admin/tokens/{rec.id}/revoke").status_code == 302
    r = api.get("/api/documents", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "token_revoked"
    assert "revoked" in admin.get("/admin").get_data(as_text=True)
    # bad input: a page that says why, nothing created
    r = post(admin, "/admin/tokens", user="editor", role="admin")
    assert r.status_code == 400 and "more rights" in r.get_data(as_text=True)
    r = post(admin, "/admin/tokens", user="editor", expires_days="soon")
    assert r.status_code == 400 and "whole number of days" in r.get_data(as_text=True)
    assert len(store.list_tokens()) == 1


def test_users_added_changed_and_deleted_in_the_admin_page(app, admin):
    store = app.extensions["policykb"].store
    assert post(admin, "/admin/users", name="dana", password="dana's password", role="editor").status_code == 302
    dana = store.get_user("dana")
    assert dana.role == "editor"
    r = post(admin, "/admin/users", name="dana", password="whatever123", role="editor")
    assert r.status_code == 400 and "already a user" in r.get_data(as_text=True)
    assert post(admin, f"/admin/users/{dana.id}/role", role="admin").status_code == 302
    assert store.get_user("dana").role == "admin"
    # dana logs in, then is deleted: her session ends at once
    dana_browser = app.test_client()
    login(dana_browser, "dana", "dana's password")
    assert dana_browser.get("/admin").status_code == 200
    assert post(admin, f"/admin/users/{dana.id}/delete").status_code == 302
    assert dana_browser.get("/admin").status_code == 302
    # the last admin stays
    boss = store.get_user("boss")
    r = post(admin, f"/admin/users/{boss.id}/delete")
    assert r.status_code == 400 and "last admin" in r.get_data(as_text=True)
    assert post(admin, "/admin/users/999/delete").status_code == 404


def test_audit_rows_for_logins_tokens_users_uploads_and_deletions(app, admin):
    store = app.extensions["policykb"].store
    other = app.test_client()
    login(other, "editor", "wrong password")
    login(other)
    r = other.post("/api/documents", headers={"X-CSRF-Token": csrf_of(other)},
                   data={"file": (io.BytesIO(b"Plan\n\nOslo will plant trees."), "trees.txt")})
    assert r.status_code == 202
    post(other, "/logout")
    post(admin, "/admin/users", name="erin", password="erin password", role="editor")
    post(admin, f"/admin/users/{store.get_user('erin').id}/role", role="admin")
    post(admin, "/admin/tokens", user="erin", label="ci")
    token_id = store.list_tokens()[-1].id
    post(admin, f"/admin/tokens/{token_id}/revoke")
    assert post(admin, "/documents/1/delete").status_code == 302

    assert actions(store) == ["login", "login.failed", "login", "upload", "logout", "user.create", "user.role",
                              "token.create", "token.revoke", "document.delete"]
    entries = {e.action: e for e in store.audit_entries(100)}
    assert entries["login.failed"].actor == "anonymous" and entries["login.failed"].subject == "editor"
    assert entries["upload"].actor == "editor" and "trees.txt" in entries["upload"].detail
    assert entries["logout"].actor == "editor"
    assert entries["user.role"].actor == "boss" and json.loads(entries["user.role"].detail) == {
        "before": "editor", "after": "admin"}
    assert entries["token.revoke"].subject == f"token {token_id}"
    assert entries["document.delete"].actor == "boss" and "Hechi" in entries["document.delete"].detail
    assert all(e.address == "127.0.0.1" and re.match(r"\d{4}-\d\d-\d\dT", e.at) for e in entries.values())


def test_audit_outside_a_request_is_the_cli(store):
    audit("reextract", "all documents", {"documents": 2}, store=store)
    entry = store.audit_entries(1)[0]
    assert (entry.actor, entry.action, entry.subject, entry.detail) == (
        "cli", "reextract", "all documents", '{"documents": 2}')
    with pytest.raises(ValueError):
        audit("x", "y")  # outside a request the store must be given


def test_audit_page_is_paged_and_filterable(app, admin):
    store = app.extensions["policykb"].store
    for i in range(120):
        store.add_audit("cli", "test.event", f"thing {i}")
    page1 = admin.get("/admin/audit").get_data(as_text=True)
    assert "thing 119" in page1 and "thing 70" in page1 and "thing 69" not in page1
    assert "Page 1 of 3" in page1
    page3 = admin.get("/admin/audit?page=3").get_data(as_text=True)
    assert "thing 0<" in page3
    only = admin.get("/admin/audit?action=login").get_data(as_text=True)
    assert "thing 1" not in only and ">login<" in only
    assert admin.get("/admin/audit?page=x").status_code == 400
    r = admin.get("/api/audit?action=test.event&page=2")
    body = r.get_json()
    assert body["count"] == 120 and body["items"][0]["subject"] == "thing 69"     # page 2 of 50
    assert (body["limit"], body["offset"]) == (50, 50) and "offset=100" in body["next"]


def test_api_token_listing_never_shows_the_token(app):
    store = app.extensions["policykb"].store
    admin_token = create_token(store, "boss", label="ops")
    r = app.test_client().get("/api/tokens", headers={"Authorization": f"Bearer {admin_token}"})
    tokens = r.get_json()["items"]
    assert [t["label"] for t in tokens] == ["ops"] and admin_token not in r.get_data(as_text=True)
    assert tokens[0]["last_used_at"] is not None  # this very call
    r = app.test_client().post(f"/api/tokens/{tokens[0]['id']}/revoke",
                               headers={"Authorization": f"Bearer {admin_token}"})
    assert r.get_json() == {"id": tokens[0]["id"], "revoked": tokens[0]["id"], "was_live": True,
                            "tokens_url": "/api/tokens"}
    r = app.test_client().get("/api/tokens", headers={"Authorization": f"Bearer {admin_token}"})
    assert r.status_code == 401


def test_audit_names_the_token_used(app):
    store = app.extensions["policykb"].store
    token = create_token(store, "boss", label="script")
    token_id = store.token_by_hash(token_hash(token))[0].id
    r = app.test_client().delete("/api/documents/2", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    entry = store.audit_entries(1)[0]
    assert (entry.actor, entry.action, entry.subject) == (f"boss (token {token_id})", "document.delete", "document 2")


def test_an_admin_can_end_a_users_sessions(app, admin):
    store = app.extensions["policykb"].store
    laptop = app.test_client()
    login(laptop)
    token = create_token(store, "editor")
    editor_id = store.get_user("editor").id
    assert post(admin, f"/admin/users/{editor_id}/logout").status_code == 302
    assert laptop.get("/upload").status_code == 302
    assert app.test_client().get("/api/jobs", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert store.audit_entries(1)[0].action == "user.logout_everywhere"
