"""The database and its backups hold password and token hashes: owner-only files (issue 18 item 13).

Before, both were created 0644 (world-readable) by the default umask.
"""

from __future__ import annotations

import os
import stat

import pytest

from kb.backup import backup, restore
from kb.config import load_settings
from kb.store import Store
from web.auth import create_user


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    old = os.umask(0o022)  # the usual default that made the files world-readable
    yield
    os.umask(old)


def test_database_and_its_wal_files_are_0600(tmp_path):
    store = Store(tmp_path / "kb.sqlite3")
    create_user(store, "editor", "correct horse")  # a write: -wal and -shm exist now
    for name in ("kb.sqlite3", "kb.sqlite3-wal", "kb.sqlite3-shm"):
        assert mode(tmp_path / name) == 0o600, name


def test_an_existing_world_readable_database_is_tightened_on_open(tmp_path):
    path = tmp_path / "kb.sqlite3"
    Store(path).close()
    os.chmod(path, 0o644)
    Store(path)
    assert mode(path) == 0o600


def test_backups_and_restores_are_owner_only(tmp_path):
    settings = load_settings(tmp_path / "data")
    store = Store(settings.db_path)
    create_user(store, "editor", "correct horse")
    dest = tmp_path / "backup"
    backup(settings, store, dest)
    assert mode(dest) == 0o700
    assert mode(dest / "policykb.sqlite3") == 0o600
    os.chmod(dest / "policykb.sqlite3", 0o644)  # a backup made before this change
    target = load_settings(tmp_path / "restored")
    restore(dest, target)
    assert mode(target.db_path) == 0o600
