"""`policykb migrate`: bring the knowledge base's database to the latest schema, on either backend.

Opening the store migrates it anyway (every command does); this command makes the step
explicit for deployments where several workers and web nodes share one PostgreSQL database
(POLICYKB_DATABASE_URL): run it once before starting them, or `--check` it in a readiness
script.  Migrations are one list (kb/schema/NNN_*.sql; PostgreSQL variants where the SQL
differs, kb/db.py), each applied in its own transaction.
"""

from __future__ import annotations

import argparse
from typing import Any

from kb.config import Settings
from kb.db import redact, stored_schema_version
from kb.store import SCHEMA_VERSION, Store


def register(sub: Any) -> None:
    p = sub.add_parser("migrate", help="bring the database (SQLite or PostgreSQL) to the latest schema")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 when migrations are pending")
    p.set_defaults(handler=cmd_migrate, needs_store=False)


def describe(settings: Settings) -> str:
    """The database in words, without a password: 'PostgreSQL postgresql://u:***@host/db' or 'SQLite <path>'."""
    if settings.database_url:
        return f"PostgreSQL {redact(settings.database_url)}"
    return f"SQLite {settings.db_path}"


def cmd_migrate(args: argparse.Namespace, settings: Settings, store: None) -> int:
    before = stored_schema_version(settings.database)
    where = describe(settings)
    if args.check:
        current = before or 0
        if current >= SCHEMA_VERSION:
            print(f"{where}: schema version {current}, up to date")
            return 0
        print(f"{where}: schema version {current}, {SCHEMA_VERSION - current} migration(s) pending "
              f"(latest {SCHEMA_VERSION})")
        return 1
    opened = Store(settings.database)
    try:
        after = opened.schema_version
    finally:
        opened.dispose()
    if before == after:
        print(f"{where}: schema version {after}, already up to date")
    else:
        print(f"{where}: schema version {before or 0} -> {after}")
    return 0
