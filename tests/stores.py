"""Fixtures that run a store test on both backends: SQLite (the default) and a real PostgreSQL.

Why: the store has one SQL text for both (kb/db.py translates it), so every store test is a
test of both.  PostgreSQL is real: `pgserver` (a pip package) starts a private PostgreSQL in a
temporary folder once per test session.  Each test gets a fresh database copied from a
template that was migrated once (CREATE DATABASE ... TEMPLATE), so a test costs a few
milliseconds more, not a migration.  Where pgserver cannot start (a platform it has no build
for), the PostgreSQL cases are skipped with the reason; SQLite cases always run.

Use: `store_target` (a SQLite path or a postgresql:// URL, for tests that open the Store
themselves) or `backend_store` (an open Store, disposed afterwards).  Both are parametrised
over `sqlite` and `postgresql`; PostgreSQL cases carry the `postgres` mark
(`-m "not postgres"` leaves them out).
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
TEMPLATE = "policykb_template"
_numbers = itertools.count(1)


def _url(base: str, database: str) -> str:
    """The server's URL with another database name (pgserver's URL: postgresql://postgres:@/postgres?host=...)."""
    head, _, query = base.partition("?")
    head = head.rsplit("/", 1)[0]
    return f"{head}/{database}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A private PostgreSQL for the session, with the template database migrated: its base URL.

    Its data folder is a temporary folder of its own, not under pytest's basetemp: pytest removes
    old basetemp folders when another session starts, which would pull the data from under a
    running server.
    """
    try:
        import psycopg
        with warnings.catch_warnings():  # platformdirs (in pgserver) warns where XDG_RUNTIME_DIR is unset
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            import pgserver
    except ImportError as e:
        pytest.skip(f"PostgreSQL tests need pgserver and psycopg ('pip install -e .[test]'): {e}")
    folder = Path(tempfile.mkdtemp(prefix="policykb-pgdata-"))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            server = pgserver.get_server(folder, cleanup_mode="stop")
            base = server.get_uri()
    except Exception as e:  # pgserver has no build for this platform, or the server would not start
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"pgserver could not start a PostgreSQL server here: {type(e).__name__}: {e}")
    from kb.store import Store

    with psycopg.connect(base, autocommit=True) as conn:
        # a throwaway server: no waiting on the disk (each test copies a database)
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    Store(_url(base, TEMPLATE)).dispose()  # migrated once; every test database is a copy
    try:
        yield base
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def new_postgres_database(base: str, migrated: bool = True) -> str:
    """A fresh database on the session's server (a copy of the migrated template, or empty): its URL."""
    import psycopg

    name = f"policykb_test_{next(_numbers)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
    return _url(base, name)


def drop_postgres_database(base: str, url: str) -> None:
    import psycopg

    name = url.partition("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | Path]:
    """Where a Store lives: a SQLite file path, or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_path / "kb.sqlite3"
        return
    base = request.getfixturevalue("postgres_server")
    url = new_postgres_database(base)
    try:
        yield url
    finally:
        drop_postgres_database(base, url)


@pytest.fixture
def backend_store(store_target: str | Path) -> Iterator["Store"]:  # noqa: F821
    """An open Store on each backend."""
    from kb.store import Store

    store = Store(store_target)
    try:
        yield store
    finally:
        store.dispose()


def settings_on(store_target: str | Path, data_dir: Path, **overrides: object) -> "Settings":  # noqa: F821
    """Settings whose `database` is `store_target` (a PostgreSQL URL; a SQLite target keeps the data folder's file)."""
    from kb.config import load_settings

    if isinstance(store_target, str):
        overrides["database_url"] = store_target
    return load_settings(data_dir=data_dir, **overrides)


# -- the whole suite on PostgreSQL -------------------------------------------------------------
# POLICYKB_TEST_BACKEND=postgresql (`make test-postgres`): every Store a test opens on a SQLite
# path opens a PostgreSQL database instead (one per path, so reopening a path finds its data).
# Tests that read the SQLite file itself (PRAGMA, the online backup) are SQLite's own and fail there.

# Tests about SQLite itself, skipped in that mode (each reads the SQLite file or its own SQL objects).
SQLITE_ONLY = {
    "tests/test_auth_files.py::test_database_and_its_wal_files_are_0600": "file modes of the SQLite file",
    "tests/test_auth_files.py::test_an_existing_world_readable_database_is_tightened_on_open": "file modes",
    "tests/test_auth_files.py::test_backups_and_restores_are_owner_only": "SQLite online backup",
    "tests/test_auth_roles.py::test_migration_makes_existing_users_admins_and_gives_orphan_tokens_an_owner":
        "a hand-made version-3 SQLite file",
    "tests/test_auth_roles.py::test_migration_revokes_orphan_tokens_when_there_is_no_user":
        "a hand-made version-3 SQLite file",
    "tests/test_backup.py::test_backup_then_restore_into_a_new_folder_gives_the_same_knowledge_base":
        "SQLite online backup (PostgreSQL: pg_dump)",
    "tests/test_backup.py::test_restore_refuses_to_overwrite_an_existing_knowledge_base": "SQLite restore",
    "tests/test_search_service.py::test_index_disagreeing_with_store_is_rebuilt": "drops a SQLite trigger by name",
    "tests/test_store.py::test_store_sqlite_database_is_in_wal_mode": "SQLite's journal mode",
    "tests/test_web_app.py::test_create_app_from_settings_alone": "the SQLite path of the store",
    "tests/test_store_postgres.py::test_both_engines_have_the_same_tables_and_columns_after_every_migration":
        "compares the SQLite schema with PostgreSQL's",
    "tests/test_store_postgres.py::test_migrate_on_the_default_sqlite_database": "the default SQLite file",
}


@pytest.fixture(autouse=True)
def _stores_on_postgres(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import os

    if os.environ.get("POLICYKB_TEST_BACKEND", "sqlite") != "postgresql":
        yield
        return
    reason = SQLITE_ONLY.get(request.node.nodeid.split("[")[0])
    if reason:
        pytest.skip(f"about SQLite itself: {reason}")
    from kb.db import is_postgres_url
    from kb.store import Store

    base = request.getfixturevalue("postgres_server")
    databases: dict[str, str] = {}
    real_init = Store.__init__

    def init(self: Store, path: str | Path) -> None:
        if not is_postgres_url(path):
            key = str(Path(path).resolve())
            if key not in databases:
                databases[key] = new_postgres_database(base)
            path = databases[key]
        real_init(self, path)

    monkeypatch.setattr(Store, "__init__", init)
    try:
        yield
    finally:
        for url in databases.values():
            drop_postgres_database(base, url)
