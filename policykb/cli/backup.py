"""`policykb backup PATH` and `policykb restore PATH` (the work is done by kb.backup)."""

from __future__ import annotations

import argparse
from typing import Any

from kb.backup import backup, restore
from kb.config import Settings
from kb.store import Store


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="copy the whole knowledge base to a new folder (safe while serving)")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="restore a backup into the data folder")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace an existing knowledge base")
    p.set_defaults(handler=cmd_restore, needs_store=False)


def cmd_backup(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    m = backup(settings, store, args.path)
    print(f"backed up {m['documents']} documents, {m['commitments']} commitments, "
          f"{m['originals']} originals and {m['index_files']} index files to {args.path}")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings, store: None) -> int:
    m = restore(args.path, settings, force=args.force)
    print(f"restored {m['documents']} documents and {m['commitments']} commitments into {settings.data_dir}")
    return 0
