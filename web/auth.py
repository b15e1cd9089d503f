"""Accounts, API tokens, login sessions and CSRF protection.

Reading is open; uploading, retrying and deleting need a logged-in session
or an API token (`Authorization: Bearer <token>`).  Passwords are stored as
werkzeug hashes, tokens only as their sha256.  Every form POST carries a
per-session CSRF token (field `csrf_token` or header `X-CSRF-Token`); API
calls with a bearer token are exempt because a browser never adds that
header by itself.  Failed logins are limited per IP and per user name.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import NotFound
from web.common import ctx

MIN_PASSWORD = 8
_DUMMY_HASH = generate_password_hash("not-a-real-password-" + secrets.token_hex(8))


# -- accounts and tokens (used by the app and by policykb/cli/accounts.py) ---------

def create_user(store, name: str, password: str) -> int:
    """Add an account; raises ValueError for an empty name, short password or taken name."""
    name = (name or "").strip()
    if not name or len(name) > 100 or any(ch.isspace() or ord(ch) < 32 for ch in name):
        raise ValueError("a user name is 1-100 characters without spaces")
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    if store.user_password_hash(name) is not None:
        raise ValueError(f"there is already a user named {name!r}")
    return store.add_user(name, generate_password_hash(password))


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


def create_token(store, user_name: str | None = None, label: str | None = None) -> str:
    """A new API token (shown once); only its sha256 is stored."""
    user_id = None
    if user_name:
        found = store.user_password_hash(user_name)
        if found is None:
            raise NotFound(f"no user named {user_name!r}")
        user_id = found[0]
    token = secrets.token_urlsafe(32)
    store.add_token(token_hash(token), user_id, label)
    return token


def verify_token(store, token: str) -> bool:
    return bool(token) and store.token_exists(token_hash(token))


# -- rate limiting ---------------------------------------------------------------------

class RateLimiter:
    """Failed attempts per key in a sliding window (in memory, per process)."""

    def __init__(self):
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, window: float, now: float) -> deque[float]:
        q = self._hits[key]
        while q and q[0] <= now - window:
            q.popleft()
        return q

    def blocked(self, keys, limit: int, window: float) -> float:
        """Seconds to wait when any key is at its limit, else 0."""
        now = time.monotonic()
        with self._lock:
            wait = 0.0
            for key in keys:
                q = self._trim(key, window, now)
                if len(q) >= limit:
                    wait = max(wait, q[0] + window - now)
            return wait

    def hit(self, keys, window: float) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._trim(key, window, now).append(now)

    def reset(self, keys) -> None:
        with self._lock:
            for key in keys:
                self._hits.pop(key, None)


# -- request hooks ---------------------------------------------------------------------

class CSRFError(HTTPException):
    code = 400
    description = "The form was stale or not sent by this site (CSRF check failed). Reload the page and try again."
    error_code = "csrf_failed"


class LoginRequired(HTTPException):
    code = 401
    description = "Log in (or send an API token) to do this."
    error_code = "unauthorized"


class TooManyAttempts(HTTPException):
    code = 429
    description = "Too many failed logins. Wait a minute and try again."
    error_code = "too_many_requests"


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


def _is_api() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _before_request() -> None:
    g.user = session.get("user")
    g.token_ok = False
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if _is_api():
        if _bearer() is not None:
            return  # bearer calls are exempt; the token is checked by the route
        if not g.user:
            return  # nothing a forged request could ride on; the route answers 401
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CSRFError()


def authorised() -> bool:
    """Whether this request may write: a logged-in session or a valid bearer token."""
    tok = _bearer()
    if tok is not None:
        g.token_ok = verify_token(ctx().store, tok)
        return g.token_ok
    return bool(g.get("user"))


def write_access(view):
    """Only for logged-in users or valid API tokens: 401 otherwise (GET pages redirect to /login)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not authorised():
            if request.method == "GET" and not _is_api():
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            raise LoginRequired()
        return view(*args, **kwargs)

    return wrapped


def init_app(app) -> None:
    app.extensions["policykb_login_limiter"] = RateLimiter()
    app.before_request(_before_request)
    app.jinja_env.globals["csrf_token"] = csrf_token


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


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    status = 200
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()
        password = request.form.get("password") or ""
        cfg = current_app.config
        keys = [f"ip:{request.remote_addr}", f"user:{name.lower()}"]
        limiter: RateLimiter = current_app.extensions["policykb_login_limiter"]
        if limiter.blocked(keys, cfg["LOGIN_RATE_LIMIT"], cfg["LOGIN_RATE_WINDOW"]):
            raise TooManyAttempts()
        if check_login(ctx().store, name, password) is not None:
            limiter.reset([f"user:{name.lower()}"])
            session.clear()  # a fresh session: no fixation
            session["user"] = name
            session["csrf"] = secrets.token_urlsafe(32)
            session.permanent = True
            flash(f"Logged in as {name}.")
            return redirect(_safe_next(request.form.get("next")))
        limiter.hit(keys, cfg["LOGIN_RATE_WINDOW"])
        error = "Wrong user name or password."
        status = 401
    no_users = ctx().store.user_count() == 0
    return render_template("login.html", error=error, next=request.values.get("next", ""), no_users=no_users), status


@bp.post("/logout")
def logout():
    session.clear()
    flash("Logged out.")
    return redirect(url_for("search.home"))
