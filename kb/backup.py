"""`policykb backup PATH` and `policykb restore PATH`: the whole knowledge base, consistently, while it serves.

The database copy is mode 0600 and the backup folder 0700: it holds password
and token hashes (issue 18).

Why this works while the server runs: the database is copied with SQLite's
online backup API (a consistent snapshot even with writers), the originals
are write-once files named by their sha256, and the search index files are
replaced atomically by the indexer; an index copied a moment before or after
the database is detected as disagreeing with the store on start and synced.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from kb.config import Settings
from kb.errors import PolicyKBError
from kb.store import Store
from kb.store_accounts import make_private

MANIFEST = "policykb-backup.json"
DB_NAME = "policykb.sqlite3"


class BackupError(PolicyKBError):
    code = "backup_failed"


def backup(settings: Settings, store: Store, dest: str | Path) -> dict:
    """Copy the database, originals and index into `dest` (a new or empty folder)."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest}: folder is not empty; choose a new folder for the backup")
    dest.mkdir(parents=True, exist_ok=True)
    os.chmod(dest, 0o700)  # the copy holds password and token hashes: owner only
    store.backup_to(dest / DB_NAME)  # written with mode 0600
    originals = _copy_tree(settings.originals_dir, dest / "originals")
    index_files = _copy_tree(settings.index_dir, dest / "index")
    copy = Store(dest / DB_NAME)
    try:
        manifest = {
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "schema_version": copy.schema_version,
            "documents": copy.document_count(),
            "commitments": copy.count_commitments(),
            "originals": originals,
            "index_files": index_files,
        }
    finally:
        copy.close()
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(src: str | Path, settings: Settings, force: bool = False) -> dict:
    """Copy a backup made by `backup` into the (empty) data folder."""
    if settings.database_url:  # the backup holds a SQLite file; it would not reach the configured database
        raise BackupError("POLICYKB_DATABASE_URL names a PostgreSQL database: restore it with pg_restore")
    src = Path(src)
    manifest_path = src / MANIFEST
    if not manifest_path.is_file() or not (src / DB_NAME).is_file():
        raise BackupError(f"{src}: not a PolicyKB backup (no {MANIFEST})")
    data = settings.data_dir
    if settings.db_path.exists() and not force:
        raise BackupError(f"{data}: already holds a knowledge base; restore into a new folder or pass --force")
    data.mkdir(parents=True, exist_ok=True)
    for leftover in (settings.db_path.with_name(settings.db_path.name + "-wal"),
                     settings.db_path.with_name(settings.db_path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy2(src / DB_NAME, settings.db_path)
    make_private(settings.db_path)  # 0600 even from a backup made before modes were set
    _copy_tree(src / "originals", settings.originals_dir)
    if settings.index_dir.exists():
        shutil.rmtree(settings.index_dir)
    _copy_tree(src / "index", settings.index_dir)
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def _copy_tree(src: Path, dest: Path) -> int:
    """Copy the regular files under src (skipping temporary ones); returns how many."""
    if not src.is_dir():
        return 0
    n = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file() or path.name.startswith(".tmp"):
            continue
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        n += 1
    return n
