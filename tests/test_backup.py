"""Backup and restore copy the whole knowledge base: database, originals, index."""

from __future__ import annotations

import pytest

from kb.backup import BackupError, backup, restore
from kb.config import load_settings
from kb.originals import Originals
from kb.store import Store
from tests.test_store import make_commitments, make_doc


@pytest.fixture
def kb(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    store = Store(settings.db_path)
    data = b"Hechi will build roads."
    sha = Originals(settings.originals_dir).put(data)
    doc = make_doc(sha=sha)
    store.add_document(doc, make_commitments(doc), "t")
    settings.index_dir.mkdir(parents=True)
    (settings.index_dir / "manifest.json").write_text('{"count": 3}')
    yield settings, store, data, sha
    store.close()


def test_backup_then_restore_into_a_new_folder_gives_the_same_knowledge_base(kb, tmp_path):
    settings, store, data, sha = kb
    manifest = backup(settings, store, tmp_path / "bk")
    assert (manifest["documents"], manifest["commitments"], manifest["originals"]) == (1, 2, 1)

    fresh = load_settings(data_dir=tmp_path / "restored")
    restore(tmp_path / "bk", fresh)
    copy = Store(fresh.db_path)
    try:
        assert copy.get_document(1).text == store.get_document(1).text
        assert [s.commitment for s in copy.query_commitments(order="id")] == \
            [s.commitment for s in store.query_commitments(order="id")]
        assert Originals(fresh.originals_dir).get(sha) == data
        assert (fresh.index_dir / "manifest.json").read_text() == '{"count": 3}'
    finally:
        copy.close()


def test_backup_refuses_a_folder_that_is_not_empty(kb, tmp_path):
    settings, store, *_ = kb
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("keep me")
    with pytest.raises(BackupError, match="not empty"):
        backup(settings, store, tmp_path / "busy")
    assert (tmp_path / "busy" / "x").read_text() == "keep me"


def test_restore_refuses_to_overwrite_an_existing_knowledge_base(kb, tmp_path):
    settings, store, *_ = kb
    backup(settings, store, tmp_path / "bk")
    with pytest.raises(BackupError, match="already holds"):
        restore(tmp_path / "bk", settings)


def test_restore_names_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(BackupError, match="not a PolicyKB backup"):
        restore(tmp_path, load_settings(data_dir=tmp_path / "d"))
