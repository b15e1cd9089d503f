-- Roles, server-side login sessions, revocable tokens, login limiting and the audit log.
--
-- Roles: readers have no account; an account is an editor or an admin.  Accounts
-- that existed before roles could already do everything, so they become admins.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'editor' CHECK (role IN ('editor', 'admin'));
UPDATE users SET role = 'admin';

-- A token acts for its user with at most its own role (reader < editor < admin);
-- times are seconds since the epoch (UTC), NULL = never.
ALTER TABLE tokens ADD COLUMN role TEXT CHECK (role IS NULL OR role IN ('reader', 'editor', 'admin'));
ALTER TABLE tokens ADD COLUMN expires_at REAL;
ALTER TABLE tokens ADD COLUMN last_used_at REAL;
ALTER TABLE tokens ADD COLUMN revoked_at REAL;
-- Tokens made before could write (editor); one without a user goes to the oldest
-- account, and is revoked when there is none: no token acts for nobody.
UPDATE tokens SET role = 'editor';
UPDATE tokens SET user_id = (SELECT id FROM users ORDER BY id LIMIT 1) WHERE user_id IS NULL;
UPDATE tokens SET revoked_at = CAST(strftime('%s', 'now') AS REAL) WHERE user_id IS NULL;
CREATE TRIGGER tokens_need_a_user BEFORE INSERT ON tokens WHEN NEW.user_id IS NULL
BEGIN SELECT RAISE(ABORT, 'a token needs a user'); END;

-- The cookie carries a random id; only its sha256 is stored.  Deleting the row
-- (logout, password change, user deletion via the cascade) ends the session.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    id_hash       TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at    REAL NOT NULL,
    last_seen_at  REAL NOT NULL,
    address       TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins per (address, account name) pair, with exponential backoff; account "\x00all"
-- counts an address's failures over all names.
CREATE TABLE login_failures (
    address        TEXT NOT NULL,
    account        TEXT NOT NULL,
    failures       INTEGER NOT NULL,
    last_at        REAL NOT NULL,
    blocked_until  REAL NOT NULL,
    PRIMARY KEY (address, account)
);
CREATE INDEX login_failures_last ON login_failures(last_at);

-- Who did what, when.  `actor` keeps the name at the time (users may be deleted).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT,
    address   TEXT
);
CREATE INDEX audit_log_action ON audit_log(action, id);
