"""Roles, accounts, API tokens, login sessions, login limiting, CSRF and the audit log.

Who may do what: reading is open to everyone (readers need no account);
editors correct, review, upload and delete; admins also manage accounts and
tokens.  Views and API routes say what they need with `@require_role("editor")`
or `@require_role("admin")`; `current_user()` tells who is asking and
`audit(action, subject)` records it.  Nothing else in the app decides roles.

Why sessions and tokens live in the database: the session cookie carries only
a random id (and the CSRF token); the server keeps the id's sha256 with its
user, so logout, a password change or deleting the user ends the session at
once, even for a copy of the cookie, and idle and absolute expiry are checked
on every request.  Tokens likewise are stored as their sha256, belong to a
user, may carry a lower role than the user (a "reader" token for API reads),
expire, record their last use and can be revoked.

Why login limiting is a single transaction: the check and the recording of an
attempt happen together before the password is checked, so a burst of
parallel guesses cannot get more checks through than the limit.  It counts per
(address, account) pair with exponential backoff, so an attacker slows down
without locking the owner out from their own address.

CSRF: every form POST carries a per-session token (field `csrf_token` or
header `X-CSRF-Token`); API calls with a bearer token are exempt because a
browser never adds that header by itself.

Deployment settings: the session cookie is `Secure` whenever the request came
over HTTPS, and always with POLICYKB_SECURE_COOKIES=1 (SESSION_COOKIE_SECURE).
Behind a reverse proxy set POLICYKB_TRUSTED_PROXIES=N (config TRUSTED_PROXIES)
to the number of proxies in front, so X-Forwarded-For/-Proto/-Host are
believed (werkzeug's ProxyFix): login limiting then counts the real client
address and HTTPS is detected.  Never set it without a proxy that overwrites
those headers.  Expiry and limits: see DEFAULTS below.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import time
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, g, has_request_context, redirect, render_template, request, session,
                   url_for)
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException
from werkzeug.security import check_password_hash, generate_password_hash

from kb.models import Account
from kb.store_accounts import ROLES, TOKEN_ROLES
from web.common import ctx

MIN_PASSWORD = 8
ROLE_RANK = {"reader": 0, "editor": 1, "admin": 2}
_DUMMY_HASH = generate_password_hash("not-a-real-password-" + secrets.token_hex(8))

# Defaults for app.config (each may be overridden in create_app's `config`).
DEFAULTS = {
    "SESSION_IDLE_SECONDS": 2 * 3600,     # a session unused this long ends
    "SESSION_MAX_SECONDS": 12 * 3600,     # and every session ends this long after login
    "LOGIN_RATE_LIMIT": 5,                # failed logins per (address, account) before waiting ...
    "LOGIN_RATE_WINDOW": 60,              # ... this many seconds, doubling with each further failure ...
    "LOGIN_MAX_BACKOFF": 3600,            # ... up to this
    "LOGIN_FORGET_AFTER": 24 * 3600,      # a pair without failures this long starts from zero
    "LOGIN_ADDRESS_LIMIT": 100,           # failed logins per address over all account names, same backoff
    "TOKEN_TOUCH_SECONDS": 60,            # last use of a token/session is written at most this often
}


def now() -> float:
    """The clock for expiry and limiting (seconds since the epoch); tests replace it."""
    return time.time()


# -- accounts and tokens (used by the app, the admin pages and policykb/cli/accounts.py) ----

def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or any(ch.isspace() or ord(ch) < 32 for ch in name):
        raise ValueError("a user name is 1-100 characters without spaces")
    return name


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")


def create_user(store, name: str, password: str, role: str = "editor") -> int:
    """Add an account; ValueError for an empty name, short password, taken name or unknown role."""
    name = _check_name(name)
    _check_password(password)
    if role not in ROLES:
        raise ValueError(f"the role must be one of {', '.join(ROLES)}")
    if store.user_password_hash(name) is not None:
        raise ValueError(f"there is already a user named {name!r}")
    return store.add_user(name, generate_password_hash(password), role)


def change_password(store, name: str, password: str) -> int:
    """Set a new password; every session of the user ends.  Returns how many sessions ended."""
    _check_password(password)
    user = store.get_user(name)
    return store.set_password_hash(user.id, generate_password_hash(password))


def _keep_an_admin(store, user, new_role: str | None) -> None:
    if user.role == "admin" and new_role != "admin" and store.admin_count() <= 1:
        raise ValueError(f"{user.name} is the last admin; make another admin first")


def set_role(store, name: str, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"the role must be one of {', '.join(ROLES)}")
    user = store.get_user(name)
    _keep_an_admin(store, user, role)
    store.set_user_role(user.id, role)


def delete_user(store, name: str) -> None:
    """Remove the account: its sessions end and its tokens are deleted with it."""
    user = store.get_user(name)
    _keep_an_admin(store, user, None)
    store.delete_user(user.id)


def check_login(store, name: str, password: str) -> int | None:
    """The user's id when name and password match, else None (same work either way)."""
    found = store.user_password_hash((name or "").strip())
    if found is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    user_id, pw_hash = found
    return user_id if check_password_hash(pw_hash, password or "") else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store, user_name: str | None, label: str | None = None, role: str | None = None,
                 expires_in: float | None = None) -> str:
    """A new API token for `user_name` (shown once; only its sha256 is stored).

    `role` defaults to the user's role and may not be above it; `expires_in`
    is seconds from now (None: until revoked).
    """
    if not user_name:
        raise ValueError("a token needs a user: pass the account it acts for")
    user = store.get_user(user_name)  # NotFound when there is none
    role = role or user.role
    if role not in TOKEN_ROLES:
        raise ValueError(f"a token's role must be one of {', '.join(TOKEN_ROLES)}")
    if ROLE_RANK[role] > ROLE_RANK[user.role]:
        raise ValueError(f"{user.name} is an {user.role}; a token cannot have more rights than its user")
    if expires_in is not None and expires_in <= 0:
        raise ValueError("a token's lifetime must be positive")
    token = secrets.token_urlsafe(32)
    store.add_token(token_hash(token), user.id, label, role, None if expires_in is None else now() + expires_in)
    return token


class AuthFailed(HTTPException):
    """401: no, invalid, expired or revoked credentials."""

    code = 401
    description = "Log in (or send an API token) to do this."
    error_code = "unauthorized"

    def __init__(self, description: str | None = None, error_code: str | None = None):
        super().__init__(description)
        if error_code:
            self.error_code = error_code


LoginRequired = AuthFailed


class RoleTooLow(HTTPException):
    """403: logged in, but the account's (or token's) role is below what the action needs."""

    code = 403
    error_code = "forbidden"

    def __init__(self, have: str, need: str):
        super().__init__(f"This needs the {need} role; you are acting as {have}.")


def token_account(store, token: str, *, touch_every: float = 60) -> Account:
    """Who a bearer token acts for, with role min(token role, user role); AuthFailed (401) otherwise."""
    return _resolve_token(store, token, touch_every)[0]


def _resolve_token(store, token: str, touch_every: float) -> tuple[Account, int]:
    found = store.token_by_hash(token_hash(token)) if token else None
    if found is None:
        raise AuthFailed("The API token is not valid.", "invalid_token")
    rec, user_role = found
    t = now()
    if rec.revoked_at is not None:
        raise AuthFailed("The API token was revoked.", "token_revoked")
    if rec.expires_at is not None and rec.expires_at <= t:
        raise AuthFailed("The API token has expired.", "token_expired")
    if rec.last_used_at is None or t - rec.last_used_at >= touch_every:
        store.touch_token(rec.id, t)
    role = min(rec.role, user_role, key=ROLE_RANK.__getitem__)
    return Account(rec.user_id, rec.user_name, role), rec.id


def verify_token(store, token: str) -> bool:
    """Whether the token is live (exists, not revoked, not expired)."""
    try:
        token_account(store, token)
    except AuthFailed:
        return False
    return True


def revoke_token(store, token_id: int) -> bool:
    return store.revoke_token(token_id, now())


# -- who is asking, what they may do, what they did ------------------------------------

def current_user() -> Account | None:
    """The account behind this request (session or token), None for an anonymous reader or outside requests."""
    if not has_request_context():
        return None
    return g.get("user")


def has_role(role: str) -> bool:
    """Whether the current request may act as `role` ("reader" is everyone)."""
    user = current_user()
    if role == "reader":
        return True
    return user is not None and ROLE_RANK[user.role] >= ROLE_RANK[role]


def _is_api() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def require_role(role: str) -> Callable:
    """Decorator: the view runs only for `role` or above (admin includes editor).

    Anonymous (or an ended session): API 401, UI GET redirected to /login,
    other UI requests 401.  Logged in with too low a role: 403 (JSON under /api,
    an error page elsewhere).
    """
    if role not in ROLES:
        raise ValueError(f"require_role takes one of {', '.join(ROLES)}, not {role!r}")
    need = ROLE_RANK[role]

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                code = g.get("auth_error")
                if request.method == "GET" and not _is_api():
                    if code == "session_expired":
                        flash("Your session has ended; log in again.")
                    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
                if code == "session_expired":
                    raise AuthFailed("Your session has ended; log in again.", code)
                raise AuthFailed()
            if ROLE_RANK[user.role] < need:
                raise RoleTooLow(user.role, role)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def write_access(view):
    """The older name for `require_role("editor")` (uploading, retrying, deleting)."""
    return require_role("editor")(view)


def authorised() -> bool:
    """Whether this request may write (editor or above)."""
    return has_role("editor")


def audit(action: str, subject: Any, detail: Any = None, *, store=None, actor: str | None = None) -> int:
    """Record who did `action` to `subject` (and `detail`: text or a JSON-able dict), and when.

    Who: the current user ("NAME (token N)" when a token was used);
    "anonymous" in a request without one; "cli" outside requests (pass
    `store` there).  Returns the audit entry's id.
    """
    user_id = address = None
    if has_request_context():
        user = current_user()
        store = store or ctx().store
        who = actor or (user.name if user else "anonymous")
        if user is not None and actor is None and g.get("token_id") is not None:
            who = f"{user.name} (token {g.token_id})"
        user_id = user.id if user else None
        address = request.remote_addr
    else:
        if store is None:
            raise ValueError("audit() outside a request needs store=")
        who = actor or "cli"
    if detail is not None and not isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    return store.add_audit(who, action, str(subject), detail, user_id=user_id, address=address)


# -- request hooks ---------------------------------------------------------------------

class CSRFError(HTTPException):
    code = 400
    description = "The form was stale or not sent by this site (CSRF check failed). Reload the page and try again."
    error_code = "csrf_failed"


def csrf_token() -> str:
    tok = session.get("csrf")
    if not tok:
        tok = session["csrf"] = secrets.token_urlsafe(32)
    return tok


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def _session_account() -> Account | None:
    """The account of this request's login session, ending it when expired or gone."""
    sid = session.get("sid")
    if not sid:
        return None
    cfg, store = current_app.config, ctx().store
    found = store.session_by_hash(token_hash(sid))
    if found is None:  # logged out elsewhere, password changed, user deleted, or pruned
        session.pop("sid", None)
        g.auth_error = "session_expired"
        return None
    row_id, account, created, last_seen = found
    t = now()
    if t - last_seen > cfg["SESSION_IDLE_SECONDS"] or t - created > cfg["SESSION_MAX_SECONDS"]:
        store.delete_session(token_hash(sid))
        session.pop("sid", None)
        g.auth_error = "session_expired"
        return None
    if t - last_seen >= cfg["TOKEN_TOUCH_SECONDS"]:
        store.touch_session(row_id, t)
    return account


def _before_request() -> None:
    g.user = None
    g.auth_error = None
    g.token_id = None  # set when a bearer token authenticated the request
    token = _bearer()
    if token is not None:
        # a bad token is refused at once, whatever the route: the caller meant to authenticate
        g.user, g.token_id = _resolve_token(ctx().store, token, current_app.config["TOKEN_TOUCH_SECONDS"])
    else:
        g.user = _session_account()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if _is_api():
        if token is not None:
            return  # bearer calls are exempt from CSRF
        if not g.user:
            return  # nothing a forged request could ride on; the route answers 401
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CSRFError()


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked `Secure` when configured or when the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        if app.config.get("SESSION_COOKIE_SECURE"):
            return True
        return has_request_context() and request.is_secure


def init_app(app) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.session_interface = SessionInterface()
    # Behind a reverse proxy, trust this many hops of X-Forwarded-For/-Proto/-Host
    # (for the client address that login limiting counts, and HTTPS detection).
    proxies = int(app.config.get("TRUSTED_PROXIES") or os.environ.get("POLICYKB_TRUSTED_PROXIES") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(_before_request)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["has_role"] = has_role


# -- login / logout pages ----------------------------------------------------------------

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an absolute or protocol-relative URL."""
    if not target:
        return url_for("search.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("search.home")
    return target


def start_session(user_id: int) -> None:
    """Log this browser in as `user_id`: a fresh cookie (no fixation) naming a new server-side session."""
    store = ctx().store
    old = session.get("sid")
    if old:
        store.delete_session(token_hash(old))
    cfg, t = current_app.config, now()
    store.prune_sessions(t - cfg["SESSION_IDLE_SECONDS"], t - cfg["SESSION_MAX_SECONDS"])  # forget the expired
    sid = secrets.token_urlsafe(32)
    store.add_session(token_hash(sid), user_id, t, request.remote_addr)
    session.clear()
    session["sid"] = sid
    session["csrf"] = secrets.token_urlsafe(32)
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    status = 200
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()
        password = request.form.get("password") or ""
        cfg, store = current_app.config, ctx().store
        address, account = request.remote_addr or "unknown", name.lower()[:120]
        wait = store.reserve_login_attempt(
            address, account, now(), limit=cfg["LOGIN_RATE_LIMIT"], backoff=cfg["LOGIN_RATE_WINDOW"],
            max_backoff=cfg["LOGIN_MAX_BACKOFF"], forget_after=cfg["LOGIN_FORGET_AFTER"],
            address_limit=cfg["LOGIN_ADDRESS_LIMIT"])
        if wait:
            # the login form again, with the wait; nothing was checked
            wait_s = max(1, int(wait + 0.999))
            page = render_template("login.html", error=f"Too many failed logins from this address for this account. "
                                   f"Wait {wait_s} seconds and try again.", next=request.form.get("next", ""),
                                   no_users=False)
            return page, 429, {"Retry-After": str(wait_s)}
        user_id = check_login(store, name, password)
        if user_id is not None:
            store.login_succeeded(address, account)
            start_session(user_id)
            g.user = Account(user_id, name, store.get_user_by_id(user_id).role)
            audit("login", name)
            flash(f"Logged in as {name}.")
            return redirect(_safe_next(request.form.get("next")))
        audit("login.failed", name[:100])
        error = "Wrong user name or password."
        status = 401
    no_users = ctx().store.user_count() == 0
    return render_template("login.html", error=error, next=request.values.get("next", ""), no_users=no_users), status


@bp.post("/logout")
def logout():
    sid = session.get("sid")
    user = current_user()
    if sid:
        ctx().store.delete_session(token_hash(sid))
    if user is not None:
        audit("logout", user.name)
    session.clear()
    flash("Logged out.")
    return redirect(url_for("search.home"))
