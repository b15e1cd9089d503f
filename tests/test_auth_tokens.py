"""API tokens belong to a user, carry a role, expire, record their last use and can be revoked.

Issue 18 item 7 (no revoke, list or expiry; tokens with no user) and issue 14's
roles: a token acts with min(token role, user role), so a "reader" token can
read but never write, and demoting a user demotes their tokens at once.
"""

from __future__ import annotations

import argparse
import io
import sqlite3

import pytest

import web.auth as auth
from kb.config import load_settings
from kb.errors import NotFound
from policykb.cli.accounts import register as add_account_commands
from tests.webapp import make_app
from web.auth import create_token, create_user, revoke_token, set_role, token_hash, verify_token


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    store = app.extensions["policykb"].store
    create_user(store, "editor", "correct horse")
    create_user(store, "boss", "admin password", role="admin")
    return app


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def upload(client, token: str):
    return client.post("/api/documents", headers=bearer(token),
                       data={"file": (io.BytesIO(b"Plan\n\nOslo will plant trees."), "p.txt")})


def error_code(r) -> str:
    return r.get_json()["error"]["code"]


def test_no_token_without_a_user(store):
    with pytest.raises(ValueError, match="needs a user"):
        create_token(store, None)
    with pytest.raises(NotFound):
        create_token(store, "ghost")
    with pytest.raises(sqlite3.IntegrityError, match="needs a user"):  # the schema refuses it too
        store.conn.execute("INSERT INTO tokens (user_id, token_hash, created_at) VALUES (NULL, 'x', 'now')")


def test_a_revoked_token_gets_401_at_once(app, client, store):
    token = create_token(store, "editor", "ci")
    assert upload(client, token).status_code == 202
    token_id = store.token_by_hash(token_hash(token))[0].id
    assert revoke_token(store, token_id) is True
    r = upload(client, token)
    assert r.status_code == 401 and error_code(r) == "token_revoked"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    # even a public read with it is refused: the caller meant to authenticate
    assert error_code(client.get("/api/documents", headers=bearer(token))) == "token_revoked"
    assert revoke_token(store, token_id) is False  # revoking twice changes nothing
    assert not verify_token(store, token)


def test_an_unknown_token_is_401_invalid_token(client):
    r = client.get("/api/jobs", headers=bearer("made-up"))
    assert r.status_code == 401 and error_code(r) == "invalid_token"


def test_a_reader_token_reads_but_cannot_write(client, store):
    token = create_token(store, "editor", role="reader")
    assert client.get("/api/documents", headers=bearer(token)).status_code == 200
    r = upload(client, token)
    assert r.status_code == 403 and error_code(r) == "forbidden"
    r = client.post("/api/jobs/1/retry", headers=bearer(token))
    assert r.status_code == 403
    assert store.document_count() == 2


def test_a_token_never_has_more_rights_than_its_user(client, store):
    with pytest.raises(ValueError, match="more rights"):
        create_token(store, "editor", role="admin")
    admin_token = create_token(store, "boss")  # the user's role: admin
    assert client.get("/api/tokens", headers=bearer(admin_token)).status_code == 200
    create_user(store, "boss2", "admin password", role="admin")
    set_role(store, "boss", "editor")  # demoted: the token follows at once
    r = client.get("/api/tokens", headers=bearer(admin_token))
    assert r.status_code == 403 and "admin" in r.get_json()["error"]["message"]
    assert client.delete("/api/documents/1", headers=bearer(admin_token)).status_code == 403
    assert upload(client, admin_token).status_code == 202  # still an editor


def test_token_expiry_and_last_use(client, store, monkeypatch):
    clock = [2_000_000.0]
    monkeypatch.setattr(auth, "now", lambda: clock[0])
    token = create_token(store, "editor", expires_in=3600)
    rec = store.token_by_hash(token_hash(token))[0]
    assert rec.expires_at == 2_000_000.0 + 3600 and rec.last_used_at is None
    clock[0] += 100
    assert upload(client, token).status_code == 202
    assert store.get_token(rec.id).last_used_at == 2_000_100.0
    clock[0] += 3600
    r = upload(client, token)
    assert r.status_code == 401 and error_code(r) == "token_expired"
    assert store.get_token(rec.id).last_used_at == 2_000_100.0  # a refused call is not a use
    with pytest.raises(ValueError):
        create_token(store, "editor", expires_in=0)


def test_deleting_a_user_deletes_their_tokens(client, store):
    token = create_token(store, "editor")
    auth.delete_user(store, "editor")
    assert error_code(upload(client, token)) == "invalid_token"
    assert store.list_tokens() == []


def test_token_cli_create_list_revoke(tmp_path, store, capsys, monkeypatch):
    parser = argparse.ArgumentParser(prog="policykb")
    add_account_commands(parser.add_subparsers(dest="command"))
    settings = load_settings(tmp_path)

    def run(*argv) -> int:
        args = parser.parse_args(list(argv))
        return args.handler(args, settings, store)

    assert run("user", "add", "carol", "--password", "a long password", "--role", "editor") == 0
    assert store.get_user("carol").role == "editor"
    capsys.readouterr()
    assert run("token", "create", "--user", "carol", "--role", "reader", "--expires-days", "30",
               "--label", "dashboard") == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert verify_token(store, token) and "shown only once" in out.err
    assert run("token", "create", "--user", "carol", "--role", "admin") == 1
    assert "more rights" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # --user is required: no token without a user
        parser.parse_args(["token", "create"])

    assert run("token", "list", "--user", "carol") == 0
    listing = capsys.readouterr().out
    assert "dashboard" in listing and "reader" in listing and "live" in listing and token not in listing
    token_id = store.token_by_hash(token_hash(token))[0].id
    assert run("token", "revoke", str(token_id)) == 0
    assert not verify_token(store, token)
    capsys.readouterr()
    assert run("token", "list") == 0
    assert "revoked" in capsys.readouterr().out
    assert run("token", "revoke", "999") == 1
    assert "no token" in capsys.readouterr().err


def test_correcting_a_record_needs_a_live_editor_token(client, store):
    """Issue 14's must-show, as far as tokens go: no token 401, reader 403, revoked 401, editor 200."""
    url, change = "/api/commitments/1", {"actor": "Hechi City"}
    assert client.patch(url, json=change).status_code == 401
    reader = create_token(store, "editor", role="reader")
    r = client.patch(url, json=change, headers=bearer(reader))
    assert r.status_code == 403 and error_code(r) == "forbidden"
    editor = create_token(store, "editor")
    assert client.patch(url, json=change, headers=bearer(editor)).status_code == 200
    revoke_token(store, store.token_by_hash(token_hash(editor))[0].id)
    r = client.patch(url, json={"actor": "Someone else"}, headers=bearer(editor))
    assert r.status_code == 401 and error_code(r) == "token_revoked"
