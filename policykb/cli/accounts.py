"""`policykb user add NAME` and `policykb token create`: who may upload and delete."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kb.config import Settings
from kb.store import Store
from web.auth import create_token, create_user


def register(sub: Any) -> None:
    user = sub.add_parser("user", help="manage accounts that may upload and delete")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help="add an account (password prompted unless --password)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--password", help="the password (prompted when left out)")
    p.set_defaults(handler=cmd_user_add)

    token = sub.add_parser("token", help="manage API tokens")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    p = tsub.add_parser("create", help="create an API token and print it once")
    p.add_argument("--user", help="the account the token acts for")
    p.add_argument("--label", help="a note to remember what the token is for")
    p.set_defaults(handler=cmd_token_create)


def cmd_user_add(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    password = args.password
    if password is None:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            print("policykb: the passwords differ", file=sys.stderr)
            return 1
    try:
        create_user(store, args.name, password)
    except ValueError as exc:
        print(f"policykb: {exc}", file=sys.stderr)
        return 1
    print(f"added user {args.name.strip()}; log in at /login")
    return 0


def cmd_token_create(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    token = create_token(store, args.user, args.label)
    print(token)
    print("Keep this token: it is shown only once. Send it as 'Authorization: Bearer <token>'.", file=sys.stderr)
    return 0
