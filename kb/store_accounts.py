"""Users and API tokens: the accounts part of the store (mixed into `kb.store.Store`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from kb.rows import utc_now as _now


class AccountStore:
    """Users and tokens.  Needs `conn` and `transaction` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any

    # -- users and tokens -----------------------------------------------------

    def add_user(self, name: str, password_hash: str) -> int:
        with self.transaction() as conn:
            user_id = conn.execute(
                "INSERT INTO users (name, password_hash, created_at) VALUES (?,?,?)", (name, password_hash, _now())
            ).lastrowid
        assert user_id is not None
        return user_id

    def user_password_hash(self, name: str) -> tuple[int, str] | None:
        row = self.conn.execute("SELECT id, password_hash FROM users WHERE name=?", (name,)).fetchone()
        return (row["id"], row["password_hash"]) if row else None

    def user_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def add_token(self, token_hash: str, user_id: int | None = None, label: str | None = None) -> int:
        with self.transaction() as conn:
            token_id = conn.execute(
                "INSERT INTO tokens (user_id, token_hash, label, created_at) VALUES (?,?,?,?)",
                (user_id, token_hash, label, _now()),
            ).lastrowid
        assert token_id is not None
        return token_id

    def token_exists(self, token_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM tokens WHERE token_hash=?", (token_hash,)).fetchone() is not None
