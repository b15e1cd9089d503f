"""Roles (issue 14): readers need no account, editors write, admins also manage accounts, tokens and deletions.

`require_role` is the one place that decides: API callers get 401 when not
authenticated and 403 when their role is too low; UI visitors are sent to the
login page, or shown a 403 page.
"""

from __future__ import annotations

import sqlite3
from importlib import resources

import pytest
from flask import jsonify

from kb.store import Store
from tests.webapp import csrf_of, login, make_app
from web.auth import create_token, create_user, current_user, require_role


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    store = app.extensions["policykb"].store
    create_user(store, "editor", "correct horse")
    create_user(store, "boss", "admin password", role="admin")

    # two tiny routes of each kind, as other parts of the app declare them
    @app.get("/probe/edit")
    @require_role("editor")
    def ui_edit():
        return f"editing as {current_user().name}"

    @app.get("/probe/admin")
    @require_role("admin")
    def ui_admin():
        return "admin page"

    @app.post("/api/probe/edit")
    @require_role("editor")
    def api_edit():
        user = current_user()
        return jsonify({"id": user.id, "name": user.name, "role": user.role})

    @app.post("/api/probe/admin")
    @require_role("admin")
    def api_admin():
        return jsonify({"ok": True})

    return app


def test_require_role_refuses_unknown_roles():
    with pytest.raises(ValueError):
        require_role("reader")
    with pytest.raises(ValueError):
        require_role("superuser")


def test_ui_anonymous_goes_to_login_and_a_low_role_sees_403(app):
    client = app.test_client()
    r = client.get("/probe/edit")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=/probe/edit")
    login(client)
    assert client.get("/probe/edit").get_data(as_text=True) == "editing as editor"
    r = client.get("/probe/admin")
    assert r.status_code == 403 and "needs the admin role" in r.get_data(as_text=True)
    assert "<html" in r.get_data(as_text=True)  # a page, not JSON
    login(client, "boss", "admin password")
    assert client.get("/probe/admin").status_code == 200
    assert client.get("/probe/edit").status_code == 200  # admin includes editor


def test_api_401_without_credentials_403_with_too_low_a_role(app):
    client = app.test_client()
    r = client.post("/api/probe/edit")
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
    store = app.extensions["policykb"].store
    editor = {"Authorization": f"Bearer {create_token(store, 'editor')}"}
    r = client.post("/api/probe/edit", headers=editor)
    assert r.get_json() == {"id": store.get_user("editor").id, "name": "editor", "role": "editor"}
    r = client.post("/api/probe/admin", headers=editor)
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    admin = {"Authorization": f"Bearer {create_token(store, 'boss')}"}
    assert client.post("/api/probe/admin", headers=admin).get_json() == {"ok": True}
    # a session works for the API too, with its CSRF header
    login(client)
    r = client.post("/api/probe/edit", headers={"X-CSRF-Token": csrf_of(client)})
    assert r.get_json()["role"] == "editor"


def test_current_user_is_none_for_readers(app):
    with app.test_request_context("/"):
        app.preprocess_request()
        assert current_user() is None
    assert current_user() is None  # outside a request


def test_deleting_documents_is_for_admins(app):
    store = app.extensions["policykb"].store
    client = app.test_client()
    editor = {"Authorization": f"Bearer {create_token(store, 'editor')}"}
    assert client.delete("/api/documents/1", headers=editor).status_code == 403
    admin = {"Authorization": f"Bearer {create_token(store, 'boss')}"}
    assert client.delete("/api/documents/1", headers=admin).status_code == 200
    assert store.document_count() == 1


def test_migration_makes_existing_users_admins_and_gives_orphan_tokens_an_owner(tmp_path):
    """A database from before roles: its users could do everything, so they become admins."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for name in ("001_initial.sql", "002_search.sql", "003_provenance.sql"):
        conn.executescript(resources.files("kb.schema").joinpath(name).read_text())
    conn.executescript("""
        PRAGMA user_version=3;
        INSERT INTO users (name, password_hash, created_at) VALUES ('first', 'h1', '2025-01-01'), ('second', 'h2', '2025-02-01');
        INSERT INTO tokens (user_id, token_hash, created_at) VALUES (NULL, 'orphan', '2025-01-02'), (2, 'owned', '2025-03-01');
    """)
    conn.close()
    store = Store(path)
    assert [(u.name, u.role) for u in store.list_users()] == [("first", "admin"), ("second", "admin")]
    tokens = {t.user_name: t for t in store.list_tokens()}
    assert tokens["first"].role == "editor" and tokens["first"].revoked_at is None  # the orphan's new owner
    assert tokens["second"].role == "editor"


def test_migration_revokes_orphan_tokens_when_there_is_no_user(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for name in ("001_initial.sql", "002_search.sql", "003_provenance.sql"):
        conn.executescript(resources.files("kb.schema").joinpath(name).read_text())
    conn.executescript("PRAGMA user_version=3; INSERT INTO tokens (user_id, token_hash, created_at) "
                       "VALUES (NULL, 'orphan', '2025-01-02');")
    conn.close()
    store = Store(path)
    row = store.conn.execute("SELECT user_id, revoked_at FROM tokens").fetchone()
    assert row[0] is None and row[1] is not None  # it can never authenticate (no user to act for)
    assert store.list_tokens() == []


def test_the_last_admin_cannot_be_removed_or_demoted(app):
    from web.auth import delete_user, set_role

    store = app.extensions["policykb"].store
    with pytest.raises(ValueError, match="last admin"):
        delete_user(store, "boss")
    with pytest.raises(ValueError, match="last admin"):
        set_role(store, "boss", "editor")
    create_user(store, "boss2", "admin password", role="admin")
    set_role(store, "boss", "editor")
    assert store.get_user("boss").role == "editor"

