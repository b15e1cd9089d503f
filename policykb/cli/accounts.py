"""`policykb user ...` and `policykb token ...`: accounts (editors, admins) and API tokens from the server's shell.

The same rules as the admin pages hold (they share `web.auth`'s functions):
no token without a user, no token above its user's role, the last admin
stays, a password change or a deletion ends the user's sessions.  Each change
is written to the audit log as done by "cli".
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, timezone
from typing import Any

from kb.config import Settings
from kb.errors import NotFound
from kb.store import Store
from kb.store_accounts import ROLES, TOKEN_ROLES
from web.auth import audit, change_password, now, create_token, create_user, delete_user, revoke_token, set_role, token_hash


def register(sub: Any) -> None:
    user = sub.add_parser("user", help="manage accounts (editors and admins)")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help="add an account (password prompted unless --password)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--password", help="the password (prompted when left out)")
    p.add_argument("--role", choices=ROLES, default="editor",
                   help="editor: correct, review, upload, delete; admin: also accounts and tokens (default editor)")
    p.set_defaults(handler=cmd_user_add)
    p = usub.add_parser("list", help="list accounts with their role, sessions and live tokens")
    p.set_defaults(handler=cmd_user_list)
    p = usub.add_parser("role", help="change an account's role")
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(handler=cmd_user_role)
    p = usub.add_parser("passwd", help="set a new password (ends the user's sessions)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--password", help="the new password (prompted when left out)")
    p.set_defaults(handler=cmd_user_passwd)
    p = usub.add_parser("delete", help="delete an account; its sessions and tokens end")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_user_delete)

    token = sub.add_parser("token", help="manage API tokens")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    p = tsub.add_parser("create", help="create an API token for a user and print it once")
    p.add_argument("--user", required=True, help="the account the token acts for")
    p.add_argument("--role", choices=TOKEN_ROLES, help="at most the user's role (default: the user's role)")
    p.add_argument("--expires-days", type=int, metavar="N", help="the token stops working after N days")
    p.add_argument("--label", help="a note to remember what the token is for")
    p.set_defaults(handler=cmd_token_create)
    p = tsub.add_parser("list", help="list tokens with their user, role, expiry and last use")
    p.add_argument("--user", help="only this account's tokens")
    p.set_defaults(handler=cmd_token_list)
    p = tsub.add_parser("revoke", help="revoke a token by its id (see `token list`); it stops working at once")
    p.add_argument("token_id", type=int, metavar="ID")
    p.set_defaults(handler=cmd_token_revoke)


def _fail(message: str) -> int:
    print(f"policykb: {message}", file=sys.stderr)
    return 1


def _ask_password(name: str, given: str | None) -> str | None:
    if given is not None:
        return given
    password = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("Again: ") != password:
        return None
    return password


def _when(epoch: float | None) -> str:
    return "-" if epoch is None else datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def cmd_user_add(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    password = _ask_password(args.name, args.password)
    if password is None:
        return _fail("the passwords differ")
    try:
        create_user(store, args.name, password, args.role)
    except ValueError as exc:
        return _fail(str(exc))
    audit("user.create", args.name.strip(), {"role": args.role}, store=store)
    print(f"added {args.role} {args.name.strip()}; log in at /login")
    return 0


def cmd_user_list(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    print(f"{'NAME':<24} {'ROLE':<7} {'SINCE':<10} SESSIONS TOKENS")
    for u in store.list_users():
        print(f"{u.name:<24} {u.role:<7} {u.created_at[:10]:<10} {u.sessions:>8} {u.tokens:>6}")
    return 0


def cmd_user_role(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    try:
        before = store.get_user(args.name).role
        set_role(store, args.name, args.role)
    except (ValueError, NotFound) as exc:
        return _fail(str(exc))
    audit("user.role", args.name, {"before": before, "after": args.role}, store=store)
    print(f"{args.name} is now {args.role}")
    return 0


def cmd_user_passwd(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    password = _ask_password(args.name, args.password)
    if password is None:
        return _fail("the passwords differ")
    try:
        ended = change_password(store, args.name, password)
    except (ValueError, NotFound) as exc:
        return _fail(str(exc))
    audit("user.password", args.name, {"sessions_ended": ended}, store=store)
    print(f"new password for {args.name}; {ended} session(s) ended")
    return 0


def cmd_user_delete(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    try:
        delete_user(store, args.name)
    except (ValueError, NotFound) as exc:
        return _fail(str(exc))
    audit("user.delete", args.name, store=store)
    print(f"deleted {args.name}; their sessions and tokens ended")
    return 0


def cmd_token_create(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    if args.expires_days is not None and args.expires_days < 1:
        return _fail("--expires-days must be 1 or more")
    try:
        token = create_token(store, args.user, args.label, args.role,
                             args.expires_days * 86400 if args.expires_days else None)
    except (ValueError, NotFound) as exc:
        return _fail(str(exc))
    rec = store.token_by_hash(token_hash(token))[0]
    audit("token.create", f"token {rec.id}", {"user": rec.user_name, "role": rec.role, "label": rec.label,
                                              "expires_at": rec.expires_at}, store=store)
    print(token)
    print(f"Token {rec.id} for {rec.user_name} ({rec.role}, expires {_when(rec.expires_at)}). Keep it: it is shown "
          "only once. Send it as 'Authorization: Bearer <token>'.", file=sys.stderr)
    return 0


def cmd_token_list(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    try:
        user_id = store.get_user(args.user).id if args.user else None
    except NotFound as exc:
        return _fail(str(exc))
    print(f"{'ID':>5} {'USER':<20} {'ROLE':<7} {'STATE':<8} {'EXPIRES':<17} {'LAST USED':<17} LABEL")
    for t in store.list_tokens(user_id):
        state = ("revoked" if t.revoked_at is not None
                 else "expired" if t.expires_at is not None and t.expires_at <= now() else "live")
        print(f"{t.id:>5} {t.user_name:<20} {t.role:<7} {state:<8} {_when(t.expires_at):<17} "
              f"{_when(t.last_used_at):<17} {t.label or ''}")
    return 0


def cmd_token_revoke(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    try:
        rec = store.get_token(args.token_id)
        revoked = revoke_token(store, args.token_id)
    except NotFound as exc:
        return _fail(str(exc))
    if not revoked:
        print(f"token {args.token_id} was already revoked")
        return 0
    audit("token.revoke", f"token {args.token_id}", {"user": rec.user_name, "label": rec.label}, store=store)
    print(f"revoked token {args.token_id} of {rec.user_name}")
    return 0
