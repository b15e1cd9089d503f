"""Admin pages: accounts, API tokens and the audit log; and each user's own password.

Why in the UI: before, accounts and tokens could only be managed on the
server's command line (`policykb user|token`).  These pages do the same
through `web.auth`'s functions, so the rules (no token without a user, no
token above its user's role, never remove the last admin, a password change
ends the user's sessions) hold whichever way a change is made, and every
change lands in the audit log.  The JSON routes under /api let scripts read
the audit log and list or revoke tokens with an admin token.
"""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from kb.errors import InvalidQuery
from kb.models import to_dict
from kb.store_accounts import ROLES, TOKEN_ROLES
from web.auth import (audit, change_password, check_login, create_token, create_user, current_user, delete_user,
                      require_role, revoke_token, set_role, start_session, token_hash)
from web.common import api_paging, ctx, list_page

bp = Blueprint("admin", __name__)

AUDIT_PAGE = 50


@bp.app_template_filter("epoch")
def epoch(value: float | None) -> str:
    """Seconds since the epoch as 'YYYY-MM-DD HH:MM UTC' ('—' for never)."""
    if value is None:
        return "—"
    return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _page_arg() -> int:
    raw = request.args.get("page") or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= 1_000_000:
        raise InvalidQuery("page must be a whole number from 1")
    return int(raw)


def _admin_page(status: int = 200, **extra):
    store = ctx().store
    return render_template("admin.html", users=store.list_users(), tokens=store.list_tokens(), roles=ROLES,
                           token_roles=TOKEN_ROLES, **extra), status


# -- accounts and tokens ------------------------------------------------------------

@bp.get("/admin")
@require_role("admin")
def index():
    return _admin_page()


@bp.post("/admin/users")
@require_role("admin")
def add_user():
    name = (request.form.get("name") or "").strip()
    role = request.form.get("role") or "editor"
    try:
        create_user(ctx().store, name, request.form.get("password") or "", role)
    except ValueError as exc:
        return _admin_page(400, error=f"Could not add the user: {exc}.", form=request.form)
    audit("user.create", name, {"role": role})
    flash(f"Added {name} ({role}).")
    return redirect(url_for("admin.index"))


@bp.post("/admin/users/<int:user_id>/role")
@require_role("admin")
def change_role(user_id: int):
    store = ctx().store
    user = store.get_user_by_id(user_id)
    role = request.form.get("role") or ""
    try:
        set_role(store, user.name, role)
    except ValueError as exc:
        return _admin_page(400, error=f"Could not change {user.name}'s role: {exc}.")
    audit("user.role", user.name, {"before": user.role, "after": role})
    flash(f"{user.name} is now {role}.")
    return redirect(url_for("admin.index"))


@bp.post("/admin/users/<int:user_id>/password")
@require_role("admin")
def reset_password(user_id: int):
    store = ctx().store
    user = store.get_user_by_id(user_id)
    try:
        ended = change_password(store, user.name, request.form.get("password") or "")
    except ValueError as exc:
        return _admin_page(400, error=f"Could not set {user.name}'s password: {exc}.")
    audit("user.password", user.name, {"sessions_ended": ended})
    me = current_user()
    if me is not None and me.id == user.id:
        start_session(user.id)  # an admin resetting their own password stays logged in here only
    flash(f"Set a new password for {user.name}; {ended} session(s) ended.")
    return redirect(url_for("admin.index"))


@bp.post("/admin/users/<int:user_id>/logout")
@require_role("admin")
def end_sessions(user_id: int):
    """Log the user out everywhere (a lost laptop, a shared computer): their tokens stay."""
    store = ctx().store
    user = store.get_user_by_id(user_id)
    ended = store.delete_sessions_of(user.id)
    audit("user.logout_everywhere", user.name, {"sessions_ended": ended})
    flash(f"Ended {ended} session(s) of {user.name}.")
    return redirect(url_for("admin.index") if current_user() and current_user().id != user.id
                    else url_for("auth.login"))


@bp.post("/admin/users/<int:user_id>/delete")
@require_role("admin")
def remove_user(user_id: int):
    store = ctx().store
    user = store.get_user_by_id(user_id)
    try:
        delete_user(store, user.name)
    except ValueError as exc:
        return _admin_page(400, error=f"Could not delete {user.name}: {exc}.")
    audit("user.delete", user.name)
    flash(f"Deleted {user.name}; their sessions and tokens ended.")
    return redirect(url_for("admin.index"))


@bp.post("/admin/tokens")
@require_role("admin")
def add_token():
    user_name = request.form.get("user") or ""
    role = request.form.get("role") or None
    label = (request.form.get("label") or "").strip() or None
    days = (request.form.get("expires_days") or "").strip()
    try:
        if days and (not days.isdigit() or not 1 <= int(days) <= 3650):
            raise ValueError("the lifetime is a whole number of days from 1 to 3650 (empty: until revoked)")
        token = create_token(ctx().store, user_name, label, role, int(days) * 86400 if days else None)
    except ValueError as exc:
        return _admin_page(400, error=f"Could not create the token: {exc}.", form=request.form)
    new = ctx().store.token_by_hash(token_hash(token))[0]
    audit("token.create", f"token {new.id}", {"user": new.user_name, "role": new.role, "label": label,
                                              "expires_at": new.expires_at})
    return _admin_page(201, new_token=token, new_token_record=new)


@bp.post("/admin/tokens/<int:token_id>/revoke")
@require_role("admin")
def revoke(token_id: int):
    rec = ctx().store.get_token(token_id)
    if revoke_token(ctx().store, token_id):
        audit("token.revoke", f"token {token_id}", {"user": rec.user_name, "label": rec.label})
        flash(f"Revoked token {token_id} of {rec.user_name}.")
    else:
        flash(f"Token {token_id} was already revoked.")
    return redirect(url_for("admin.index"))


# -- audit log ------------------------------------------------------------------------

@bp.get("/admin/audit")
@require_role("admin")
def audit_log():
    store, page = ctx().store, _page_arg()
    action = request.args.get("action") or None
    total = store.audit_count(action)
    entries = store.audit_entries(AUDIT_PAGE, (page - 1) * AUDIT_PAGE, action)
    pages = max(1, -(-total // AUDIT_PAGE))
    return render_template("admin_audit.html", entries=entries, page=page, pages=pages, total=total, action=action)


# -- one's own password ---------------------------------------------------------------

@bp.route("/account", methods=["GET", "POST"])
@require_role("editor")
def account():
    me = current_user()
    assert me is not None
    if request.method == "GET":
        return render_template("admin_account.html")
    store = ctx().store
    if check_login(store, me.name, request.form.get("current") or "") is None:
        return render_template("admin_account.html", error="The current password is wrong."), 400
    new = request.form.get("password") or ""
    if new != (request.form.get("again") or ""):
        return render_template("admin_account.html", error="The two new passwords differ."), 400
    try:
        ended = change_password(store, me.name, new)
    except ValueError as exc:
        return render_template("admin_account.html", error=f"Could not change the password: {exc}."), 400
    start_session(me.id)  # every other session (and any copied cookie) has ended; this browser continues
    audit("user.password", me.name, {"sessions_ended": ended})
    flash("Password changed; you were logged out everywhere else.")
    return redirect(url_for("admin.account"))


# -- JSON for scripts (admin token) ------------------------------------------------------

@bp.get("/api/audit")
@require_role("admin")
def api_audit():
    """The API's one list shape; `page` (of AUDIT_PAGE entries) still works for older scripts."""
    store = ctx().store
    limit, offset = api_paging(AUDIT_PAGE, 500)
    if request.args.get("page") and not request.args.get("offset"):
        offset = (_page_arg() - 1) * limit
    action = request.args.get("action") or None
    items = [to_dict(e) for e in store.audit_entries(limit, offset, action)]
    return jsonify(list_page(items, store.audit_count(action), limit, offset, "admin.api_audit"))


@bp.get("/api/tokens")
@require_role("admin")
def api_tokens():
    limit, offset = api_paging(100, 1000)
    tokens = ctx().store.list_tokens()
    items = [dict(to_dict(t), revoke_url=url_for("admin.api_revoke", token_id=t.id))
             for t in tokens[offset:offset + limit]]
    return jsonify(list_page(items, len(tokens), limit, offset, "admin.api_tokens"))


@bp.post("/api/tokens/<int:token_id>/revoke")
@require_role("admin")
def api_revoke(token_id: int):
    rec = ctx().store.get_token(token_id)
    revoked = revoke_token(ctx().store, token_id)
    if revoked:
        audit("token.revoke", f"token {token_id}", {"user": rec.user_name, "label": rec.label})
    return jsonify({"id": token_id, "revoked": token_id, "was_live": revoked,
                    "tokens_url": url_for("admin.api_tokens")})
