"""Users, API tokens, login sessions, login limiting and the audit log: the accounts
part of the store (mixed into `kb.store.Store`).

Why these live in SQLite rather than in memory or in the cookie: a session or
token that only the server knows about can be ended at once (logout, password
change, user deletion, revoke), the login limit holds across processes and
restarts, and the check-and-record of a login attempt is one transaction, so
parallel attempts cannot slip past the limit.  Times used for expiry are epoch
seconds passed in by the caller (`now`), so tests can move the clock.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from kb.errors import NotFound
from kb.models import Account, AuditEntry, TokenRecord, UserRecord
from kb.rows import utc_now as _now

# the login_failures key for an address over all accounts: a control character no typed name starts with
# (not NUL, which PostgreSQL's text cannot hold)
ADDRESS_WIDE = "\x01all"
ROLES = ("editor", "admin")               # what an account may be
TOKEN_ROLES = ("reader", "editor", "admin")  # what a token may carry (never above its user)


def make_private(path: str | Path) -> None:
    """Create `path` if missing and make it (and SQLite's -wal/-shm beside it) readable by the owner only.

    The database holds password and token hashes, so neither it nor a backup
    is world-readable (0600).  SQLite creates -wal/-shm with the database's mode.
    """
    path = Path(path)
    if str(path) == ":memory:":
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            os.chmod(p, 0o600)
        except FileNotFoundError:
            pass
        except PermissionError:  # not our file (e.g. a read-only deployment): leave it as it is
            pass


class AccountStore:
    """Users, tokens, sessions, login failures, audit log.  Needs `conn` and `transaction` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any

    # -- users ------------------------------------------------------------------

    def add_user(self, name: str, password_hash: str, role: str = "editor") -> int:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        with self.transaction() as conn:
            user_id = conn.execute(
                "INSERT INTO users (name, password_hash, created_at, role) VALUES (?,?,?,?)",
                (name, password_hash, _now(), role),
            ).lastrowid
        assert user_id is not None
        return user_id

    def user_password_hash(self, name: str) -> tuple[int, str] | None:
        row = self.conn.execute("SELECT id, password_hash FROM users WHERE name=?", (name,)).fetchone()
        return (row["id"], row["password_hash"]) if row else None

    def user_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]

    _USER_SQL = """SELECT u.id, u.name, u.role, u.created_at,
                          (SELECT COUNT(*) FROM sessions s WHERE s.user_id=u.id) AS sessions,
                          (SELECT COUNT(*) FROM tokens t WHERE t.user_id=u.id AND t.revoked_at IS NULL) AS tokens
                   FROM users u"""

    def get_user(self, name: str) -> UserRecord:
        row = self.conn.execute(self._USER_SQL + " WHERE u.name=?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no user named {name!r}")
        return UserRecord(**dict(row))

    def get_user_by_id(self, user_id: int) -> UserRecord:
        row = self.conn.execute(self._USER_SQL + " WHERE u.id=?", (user_id,)).fetchone()
        if row is None:
            raise NotFound(f"no user with id {user_id}")
        return UserRecord(**dict(row))

    def list_users(self) -> list[UserRecord]:
        return [UserRecord(**dict(r)) for r in self.conn.execute(self._USER_SQL + " ORDER BY u.name")]

    def set_user_role(self, user_id: int, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        with self.transaction() as conn:
            if conn.execute("UPDATE users SET role=? WHERE id=?", (role, user_id)).rowcount == 0:
                raise NotFound(f"no user with id {user_id}")

    def set_password_hash(self, user_id: int, password_hash: str) -> int:
        """New password; every session of the user ends in the same transaction.  Returns how many ended."""
        with self.transaction() as conn:
            if conn.execute("UPDATE users SET password_hash=? WHERE id=?", (password_hash, user_id)).rowcount == 0:
                raise NotFound(f"no user with id {user_id}")
            return conn.execute("DELETE FROM sessions WHERE user_id=?", (user_id,)).rowcount

    def delete_user(self, user_id: int) -> None:
        """Remove the account; its sessions and tokens go with it (ON DELETE CASCADE)."""
        with self.transaction() as conn:
            if conn.execute("DELETE FROM users WHERE id=?", (user_id,)).rowcount == 0:
                raise NotFound(f"no user with id {user_id}")

    def admin_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM users WHERE role='admin'").fetchone()[0]

    # -- tokens -------------------------------------------------------------------

    def add_token(self, token_hash: str, user_id: int, label: str | None = None, role: str = "editor",
                  expires_at: float | None = None) -> int:
        if user_id is None:
            raise ValueError("a token needs a user")
        if role not in TOKEN_ROLES:
            raise ValueError(f"a token's role must be one of {', '.join(TOKEN_ROLES)}")
        with self.transaction() as conn:
            token_id = conn.execute(
                "INSERT INTO tokens (user_id, token_hash, label, created_at, role, expires_at) VALUES (?,?,?,?,?,?)",
                (user_id, token_hash, label, _now(), role, expires_at),
            ).lastrowid
        assert token_id is not None
        return token_id

    def token_exists(self, token_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM tokens WHERE token_hash=?", (token_hash,)).fetchone() is not None

    _TOKEN_COLUMNS = """t.id, t.user_id, u.name AS user_name, t.label, COALESCE(t.role, 'editor') AS role,
                        t.created_at, t.expires_at, t.last_used_at, t.revoked_at"""
    _TOKEN_SQL = f"SELECT {_TOKEN_COLUMNS} FROM tokens t JOIN users u ON u.id = t.user_id"

    def token_by_hash(self, token_hash: str) -> tuple[TokenRecord, str] | None:
        """The token and its user's current role, or None when no such token exists."""
        row = self.conn.execute(
            f"SELECT {self._TOKEN_COLUMNS}, u.role AS user_role FROM tokens t JOIN users u ON u.id = t.user_id "
            "WHERE t.token_hash=?",
            (token_hash,),
        ).fetchone()
        if row is None:
            return None
        d = dict(row)
        user_role = d.pop("user_role")
        return TokenRecord(**d), user_role

    def get_token(self, token_id: int) -> TokenRecord:
        row = self.conn.execute(self._TOKEN_SQL + " WHERE t.id=?", (token_id,)).fetchone()
        if row is None:
            raise NotFound(f"no token with id {token_id}")
        return TokenRecord(**dict(row))

    def list_tokens(self, user_id: int | None = None) -> list[TokenRecord]:
        if user_id is None:
            rows = self.conn.execute(self._TOKEN_SQL + " ORDER BY t.id")
        else:
            rows = self.conn.execute(self._TOKEN_SQL + " WHERE t.user_id=? ORDER BY t.id", (user_id,))
        return [TokenRecord(**dict(r)) for r in rows]

    def touch_token(self, token_id: int, now: float) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE tokens SET last_used_at=? WHERE id=?", (now, token_id))

    def revoke_token(self, token_id: int, now: float) -> bool:
        """True when the token was live and is now revoked; NotFound when there is no such token."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM tokens WHERE id=?", (token_id,)).fetchone() is None:
                raise NotFound(f"no token with id {token_id}")
            return conn.execute("UPDATE tokens SET revoked_at=? WHERE id=? AND revoked_at IS NULL",
                                (now, token_id)).rowcount == 1

    # -- login sessions -------------------------------------------------------------

    def add_session(self, id_hash: str, user_id: int, now: float, address: str | None = None) -> int:
        with self.transaction() as conn:
            sid = conn.execute(
                "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, address) VALUES (?,?,?,?,?)",
                (id_hash, user_id, now, now, address),
            ).lastrowid
        assert sid is not None
        return sid

    def session_by_hash(self, id_hash: str) -> tuple[int, Account, float, float] | None:
        """(session row id, account, created_at, last_seen_at), or None when the session is gone."""
        row = self.conn.execute(
            """SELECT s.id, s.created_at, s.last_seen_at, u.id AS user_id, u.name, u.role
               FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash=?""",
            (id_hash,),
        ).fetchone()
        if row is None:
            return None
        return row["id"], Account(row["user_id"], row["name"], row["role"]), row["created_at"], row["last_seen_at"]

    def touch_session(self, session_id: int, now: float) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE sessions SET last_seen_at=? WHERE id=?", (now, session_id))

    def delete_session(self, id_hash: str) -> bool:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM sessions WHERE id_hash=?", (id_hash,)).rowcount == 1

    def delete_sessions_of(self, user_id: int) -> int:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM sessions WHERE user_id=?", (user_id,)).rowcount

    def prune_sessions(self, idle_before: float, created_before: float) -> int:
        """Forget sessions past their idle or absolute expiry."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                                (idle_before, created_before)).rowcount

    # -- login limiting ----------------------------------------------------------------

    def reserve_login_attempt(self, address: str, account: str, now: float, *, limit: int, backoff: float,
                              max_backoff: float, forget_after: float, address_limit: int | None = None) -> float:
        """Check the (address, account) pair and count this attempt as a failure, in one transaction.

        Returns 0 when the attempt may go ahead (it is already counted: a
        success calls `login_succeeded` to clear it), else the seconds to wait.
        The first `limit` failures are free; each later one doubles the wait
        from `backoff` up to `max_backoff`.  A pair idle for `forget_after`
        seconds starts again from zero.  With `address_limit`, the address's
        failures over all accounts are limited the same way (someone trying
        many names from one place), which a success does not clear.
        """
        keys = [(account, limit)] + ([(ADDRESS_WIDE, address_limit)] if address_limit else [])
        with self.transaction() as conn:
            updates = []
            for key, key_limit in keys:
                row = conn.execute(
                    "SELECT failures, last_at, blocked_until FROM login_failures WHERE address=? AND account=?",
                    (address, key)).fetchone()
                failures = 0
                if row is not None:
                    if row["blocked_until"] > now:
                        return row["blocked_until"] - now
                    if now - row["last_at"] < forget_after:
                        failures = row["failures"]
                failures += 1
                blocked_until = 0.0  # not `now`: a racing attempt stamped a moment earlier must not read it as a block
                if failures >= key_limit:
                    blocked_until = now + min(max_backoff, backoff * 2 ** min(failures - key_limit, 30))
                updates.append((address, key, failures, now, blocked_until))
            conn.executemany(
                """INSERT INTO login_failures (address, account, failures, last_at, blocked_until) VALUES (?,?,?,?,?)
                   ON CONFLICT (address, account) DO UPDATE SET failures=excluded.failures, last_at=excluded.last_at,
                   blocked_until=excluded.blocked_until""", updates)
            # forget pairs quiet for long enough, so the table stays small whatever names are tried
            conn.execute("DELETE FROM login_failures WHERE last_at < ? AND blocked_until < ?",
                         (now - forget_after, now))
            return 0.0

    def login_succeeded(self, address: str, account: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM login_failures WHERE address=? AND account=?", (address, account))

    # -- audit log ---------------------------------------------------------------------

    def add_audit(self, actor: str, action: str, subject: str, detail: str | None = None, *,
                  user_id: int | None = None, address: str | None = None, at: str | None = None) -> int:
        with self.transaction() as conn:
            entry_id = conn.execute(
                "INSERT INTO audit_log (at, user_id, actor, action, subject, detail, address) VALUES (?,?,?,?,?,?,?)",
                (at or _now(), user_id, actor, action, subject, detail, address),
            ).lastrowid
        assert entry_id is not None
        return entry_id

    def audit_entries(self, limit: int = 50, offset: int = 0, action: str | None = None) -> list[AuditEntry]:
        """Newest first, optionally only one action (e.g. "login.failed")."""
        where, args = ("WHERE action=?", [action]) if action else ("", [])
        rows = self.conn.execute(
            f"SELECT id, at, actor, action, subject, detail, address FROM audit_log {where} "
            "ORDER BY id DESC LIMIT ? OFFSET ?", (*args, limit, offset))
        return [AuditEntry(**dict(r)) for r in rows]

    def audit_count(self, action: str | None = None) -> int:
        if action:
            return self.conn.execute("SELECT COUNT(*) FROM audit_log WHERE action=?", (action,)).fetchone()[0]
        return self.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
