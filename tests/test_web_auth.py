"""Access control: accounts, login sessions, CSRF, rate limiting, API tokens, the account CLI."""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import stat

import pytest

from kb.config import load_settings
from policykb.cli.accounts import register as add_account_commands
from web import secret_key
from web.auth import check_login, create_token, create_user, verify_token
from tests.webapp import csrf_of, login, make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    create_user(app.extensions["policykb"].store, "editor", "correct horse")
    create_user(app.extensions["policykb"].store, "boss", "admin password", role="admin")
    return app


# -- accounts and tokens ------------------------------------------------------------------

def test_create_user_and_check_login(store):
    assert check_login(store, "editor", "correct horse") is not None
    assert check_login(store, "editor", "wrong") is None
    assert check_login(store, "nobody", "correct horse") is None
    stored = store.user_password_hash("editor")[1]
    assert "correct horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    with pytest.raises(ValueError):
        create_user(store, "editor", "another password")
    with pytest.raises(ValueError):
        create_user(store, "short", "1234")
    with pytest.raises(ValueError):
        create_user(store, "two words", "long enough password")


def test_tokens_store_only_their_hash(store):
    token = create_token(store, "editor", label="ci")
    assert len(token) >= 40
    assert verify_token(store, token)
    assert not verify_token(store, token + "x")
    assert not verify_token(store, "")
    row = store.conn.execute("SELECT token_hash FROM tokens").fetchone()[0]
    assert row == hashlib.sha256(token.encode()).hexdigest() and token not in row
    from kb.errors import NotFound

    with pytest.raises(NotFound):
        create_token(store, "ghost")


def test_account_cli_commands(tmp_path, store, capsys, monkeypatch):
    parser = argparse.ArgumentParser(prog="policykb")
    sub = parser.add_subparsers(dest="command")
    add_account_commands(sub)
    settings = load_settings(tmp_path)

    args = parser.parse_args(["user", "add", "alice", "--password", "a long password"])
    assert args.handler(args, settings, store) == 0
    assert check_login(store, "alice", "a long password")

    answers = iter(["prompted secret", "prompted secret"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    args = parser.parse_args(["user", "add", "bob"])
    assert args.handler(args, settings, store) == 0
    assert check_login(store, "bob", "prompted secret")

    answers = iter(["one password", "another one"])
    args = parser.parse_args(["user", "add", "carol"])
    assert args.handler(args, settings, store) == 1
    assert "differ" in capsys.readouterr().err

    args = parser.parse_args(["user", "add", "alice", "--password", "a long password"])
    assert args.handler(args, settings, store) == 1

    args = parser.parse_args(["token", "create", "--user", "alice"])
    assert args.handler(args, settings, store) == 0
    token = capsys.readouterr().out.strip().splitlines()[0]
    assert verify_token(store, token)


def test_secret_key_persisted_with_mode_600(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYKB_SECRET_KEY", raising=False)
    settings = load_settings(tmp_path / "d")
    key = secret_key(settings)
    path = tmp_path / "d" / "secret_key"
    assert path.read_text() == key and len(key) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert secret_key(settings) == key
    monkeypatch.setenv("POLICYKB_SECRET_KEY", "from-env")
    assert secret_key(settings) == "from-env"


# -- login sessions -------------------------------------------------------------------------

def test_login_logout_flow_and_cookie_flags(client):
    assert client.get("/login").status_code == 200
    r = login(client)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    home = client.get("/").get_data(as_text=True)
    assert "editor" in home and "Log out" in home
    assert client.get("/upload").status_code == 200
    r = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert r.status_code == 302
    assert client.get("/upload").status_code == 302


def test_wrong_password_is_401_and_page_says_so(client):
    r = login(client, password="nope")
    assert r.status_code == 401
    assert "Wrong user name or password" in r.get_data(as_text=True)


def test_login_redirects_only_to_local_paths(client):
    tok = csrf_of(client)
    for target, expected in (("/timeline", "/timeline"), ("https://evil.example/", "/"), ("//evil.example", "/"),
                             ("/\\evil.example", "/")):
        client.post("/logout", data={"csrf_token": csrf_of(client)})
        tok = csrf_of(client)
        r = client.post("/login", data={"name": "editor", "password": "correct horse", "csrf_token": tok,
                                        "next": target})
        assert r.headers["Location"] == expected, target


def test_login_session_is_fresh(client, store):
    csrf_before = csrf_of(client)
    login(client)
    with client.session_transaction() as s:
        assert s["csrf"] != csrf_before
        sid = s["sid"]
        assert "editor" not in s.values()  # the cookie names no user: the server keeps that
    row = store.conn.execute("SELECT id_hash FROM sessions").fetchone()[0]
    assert row == hashlib.sha256(sid.encode()).hexdigest() and sid not in row
    login(client)  # logging in again replaces the old server-side session
    assert store.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1


def test_login_rate_limited_per_address_and_account(app):
    client = app.test_client()
    for _ in range(5):
        assert login(client, password="guess").status_code == 401
    r = login(client, password="guess")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert "Too many" in r.get_data(as_text=True)
    # even the right password waits while the limit holds, from this address
    assert login(client, password="correct horse").status_code == 429
    # the owner, from another address, is not locked out (issue 18 item 8)
    other = app.test_client()
    tok = csrf_of(other)
    r = other.post("/login", data={"name": "editor", "password": "correct horse", "csrf_token": tok},
                   environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert r.status_code == 302


def test_rate_limit_backoff_expires_and_doubles(app, monkeypatch):
    import web.auth as auth

    now = [1000.0]
    monkeypatch.setattr(auth, "now", lambda: now[0])
    client = app.test_client()
    for _ in range(5):
        login(client, password="guess")
    assert login(client, password="correct horse").status_code == 429
    now[0] += 61
    assert login(client, password="guess").status_code == 401  # the 6th failure: now 120 s
    now[0] += 61
    assert login(client, password="correct horse").status_code == 429
    now[0] += 60
    assert login(client, password="correct horse").status_code == 302


# -- CSRF -------------------------------------------------------------------------------------

def test_forms_without_or_with_wrong_csrf_are_rejected(client):
    client.get("/login")
    r = client.post("/login", data={"name": "editor", "password": "correct horse"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    r = client.post("/login", data={"name": "editor", "password": "correct horse", "csrf_token": "forged"})
    assert r.status_code == 400
    login(client)
    for url in ("/logout", "/documents/1/delete", "/upload", "/upload/jobs/1/retry"):
        assert client.post(url, data={"csrf_token": "forged"}).status_code == 400, url
    assert "Log out" in client.get("/").get_data(as_text=True)  # the forged logout did nothing


def test_api_with_session_needs_csrf_header_bearer_does_not(client, store):
    login(client, "boss", "admin password")
    # a cross-site form could carry the cookie but never the header
    r = client.delete("/api/documents/1")
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "csrf_failed"
    r = client.delete("/api/documents/1", headers={"X-CSRF-Token": csrf_of(client)})
    assert r.status_code == 200
    token = create_token(store, "boss")
    fresh = client.application.test_client()
    r = fresh.delete("/api/documents/2", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert store.document_count() == 0


# -- what needs login ------------------------------------------------------------------------

def test_write_screens_refused_without_login(client, store):
    r = client.get("/upload")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=/upload")
    tok = csrf_of(client)
    r = client.post("/upload", data={"csrf_token": tok, "file": (io.BytesIO(b"Plan\n\nX will y."), "a.txt")})
    assert r.status_code == 401 and "Log in" in r.get_data(as_text=True)
    assert client.post("/documents/1/delete", data={"csrf_token": tok}).status_code == 401
    assert client.post("/upload/jobs/1/retry", data={"csrf_token": tok}).status_code == 401
    assert store.document_count() == 2


def test_delete_from_the_document_page_is_for_admins(client, store):
    login(client)  # an editor: no delete button, and the route says 403
    assert "Delete document" not in client.get("/documents/1").get_data(as_text=True)
    assert client.post("/documents/1/delete", data={"csrf_token": csrf_of(client)}).status_code == 403
    login(client, "boss", "admin password")
    page = client.get("/documents/1").get_data(as_text=True)
    assert "Delete document" in page
    r = client.post("/documents/1/delete", data={"csrf_token": csrf_of(client)}, follow_redirects=True)
    assert r.status_code == 200 and "Deleted" in r.get_data(as_text=True)
    assert store.document_count() == 1
    assert client.get("/documents/1").status_code == 404
