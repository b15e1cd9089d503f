"""Login sessions live on the server, so they can be ended (issue 18 item 7, item 13).

Before: the signed cookie itself said who was logged in, so a copy of it kept
working after logout, after a password change and after the user was
deleted, for 12 hours.  Now the cookie carries a random id whose sha256 is a
row in `sessions`; each of those events deletes the row.
"""

from __future__ import annotations

import io

import pytest

import web.auth as auth
from tests.webapp import csrf_of, login, make_app
from web.auth import change_password, create_user, delete_user

COOKIE = "policykb_session"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    store = app.extensions["policykb"].store
    create_user(store, "editor", "correct horse")
    create_user(store, "boss", "admin password", role="admin")
    return app


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie (what a thief would have)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def can_upload(client) -> bool:
    r = client.post("/api/documents", data={"file": (io.BytesIO(b"Plan\n\nOslo will plant trees."), "p.txt")},
                    headers={"X-CSRF-Token": csrf_of(client)})
    return r.status_code == 202


def test_a_copied_cookie_stops_working_after_logout(app):
    owner = app.test_client()
    login(owner)
    thief = copy_of(app, owner)
    assert thief.get("/upload").status_code == 200  # the copy works while the session lives
    owner.post("/logout", data={"csrf_token": csrf_of(owner)})
    r = thief.get("/upload")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    r = thief.post("/api/documents", data={"file": (io.BytesIO(b"Plan\n\nX will y."), "a.txt")})
    assert r.status_code == 401


def test_a_deleted_users_session_cannot_upload(app):
    store = app.extensions["policykb"].store
    client = app.test_client()
    login(client)
    assert can_upload(client)
    delete_user(store, "editor")
    assert not can_upload(client)
    assert client.get("/upload").status_code == 302
    assert store.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


def test_a_password_change_ends_every_session_of_the_user(app):
    store = app.extensions["policykb"].store
    laptop, phone, other = app.test_client(), app.test_client(), app.test_client()
    login(laptop)
    login(phone)
    login(other, "boss", "admin password")
    assert change_password(store, "editor", "a new long password") == 2
    assert laptop.get("/upload").status_code == 302
    assert phone.get("/upload").status_code == 302
    assert other.get("/upload").status_code == 200  # someone else's session is untouched
    assert login(laptop, password="a new long password").status_code == 302


def test_changing_ones_own_password_keeps_this_browser_only(app):
    here, elsewhere = app.test_client(), app.test_client()
    login(here)
    login(elsewhere)
    r = here.post("/account", data={"csrf_token": csrf_of(here), "current": "correct horse",
                                    "password": "brand new secret", "again": "brand new secret"})
    assert r.status_code == 302
    assert here.get("/upload").status_code == 200
    assert elsewhere.get("/upload").status_code == 302
    bad = here.post("/account", data={"csrf_token": csrf_of(here), "current": "wrong one",
                                      "password": "another secret", "again": "another secret"})
    assert bad.status_code == 400 and "current password is wrong" in bad.get_data(as_text=True)


def test_idle_and_absolute_expiry(app, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(auth, "now", lambda: clock[0])
    idle, most = app.config["SESSION_IDLE_SECONDS"], app.config["SESSION_MAX_SECONDS"]
    assert idle < most

    client = app.test_client()
    login(client)
    clock[0] += idle - 10
    assert client.get("/upload").status_code == 200  # used in time: the idle clock restarts
    clock[0] += idle - 10
    assert client.get("/upload").status_code == 200
    clock[0] += idle + 1
    assert client.get("/upload").status_code == 302  # idle too long

    login(client)
    start = clock[0]
    while clock[0] - start < most - idle:  # busy all day, never idle ...
        clock[0] += idle / 2
        assert client.get("/upload").status_code == 200
    clock[0] = start + most + 1
    assert client.get("/api/jobs").status_code == 200  # reading stays open
    r = client.post("/api/documents", data={"file": (io.BytesIO(b"Plan\n\nX will y."), "a.txt")},
                    headers={"X-CSRF-Token": csrf_of(client)})
    assert r.status_code == 401  # ... yet the session ends at its absolute limit


def test_cookie_is_secure_over_https_and_behind_a_trusted_proxy(tmp_path, app):
    r = login(app.test_client())
    assert r.status_code == 302 and "Secure" not in r.headers["Set-Cookie"]  # plain HTTP (local use)
    https = app.test_client()
    https.get("/login", base_url="https://localhost")
    with https.session_transaction(base_url="https://localhost") as s:
        tok = s["csrf"]
    r = https.post("/login", data={"name": "editor", "password": "correct horse", "csrf_token": tok},
                   base_url="https://localhost")
    assert r.status_code == 302 and "Secure" in r.headers["Set-Cookie"]

    # behind one trusted proxy that terminates TLS
    proxied = make_app(tmp_path / "p", config={"TRUSTED_PROXIES": 1})
    create_user(proxied.extensions["policykb"].store, "editor", "correct horse")
    c = proxied.test_client()
    fwd = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    c.get("/login", headers=fwd)
    with c.session_transaction() as s:
        tok = s["csrf"]
    r = c.post("/login", data={"name": "editor", "password": "correct horse", "csrf_token": tok}, headers=fwd)
    assert r.status_code == 302 and "Secure" in r.headers["Set-Cookie"]
    store = proxied.extensions["policykb"].store
    assert store.conn.execute("SELECT address FROM sessions").fetchone()[0] == "203.0.113.7"
    # without the setting the header is not trusted
    r = app.test_client().get("/login", headers=fwd)
    assert "Secure" not in r.headers.get("Set-Cookie", "")


def test_secure_cookie_can_be_forced_by_configuration(tmp_path):
    app = make_app(tmp_path, config={"SESSION_COOKIE_SECURE": True})
    r = app.test_client().get("/login")
    assert "Secure" in r.headers["Set-Cookie"]
