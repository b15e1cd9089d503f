"""`policykb export` / `policykb import`: a knowledge base moved SQLite -> PostgreSQL -> SQLite, nothing lost.

The store-level tests build a small knowledge base directly (documents, passages, commitments,
a user, a token, jobs); the last test ingests invented documents with the real pipeline and
searches them after each move (integration: the real spaCy and embedding models).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from kb.models import Commitment, ParsedDocument, Passage
from kb.originals import Originals
from kb.store import Store
from kb.transfer import TransferError, export_kb, import_kb, table_summaries
from tests.stores import drop_postgres_database, new_postgres_database

PLANS = {
    "harbour.txt": ("Harbour plan", "The harbour board will dredge the east channel by 2031."),
    "trees.txt": ("Tree plan", "The parks office will plant 4,000 oaks along the river by 2029."),
    "buses.txt": ("Bus plan", "The transit agency shall replace every diesel bus with an electric one."),
}


def add_plan(store: Store, originals: Originals, name: str) -> int:
    title, sentence = PLANS[name]
    data = f"{title}\n\n{sentence}\n".encode()
    sha = originals.put(data)
    text = f"{title}\n\n{sentence}"
    passages = (Passage(0, "heading", title, 0, len(title)),
                Passage(1, "paragraph", sentence, len(title) + 2, len(text)))
    doc = ParsedDocument(name, sha, "text/plain", title, "2024-03-01", text, passages, size=len(data))
    actor = sentence.split(" will ")[0].split(" shall ")[0]
    commitment = Commitment(actor, actor, "do", sentence.split(" ", 6)[-1], sentence, passages[1].start,
                            passages[1].end, 1, extractor_version="t")
    job = store.create_job(name, sha)
    return store.add_document(doc, [commitment], "t", job_id=job.id)


def build_kb(store: Store, originals: Originals) -> None:
    for name in PLANS:
        add_plan(store, originals, name)
    user = store.add_user("amina", "hash-of-a-password", role="admin")
    store.add_token("hash-of-a-token", user, label="laptop")
    store.create_job("broken.pdf", originals.put(b"%PDF-1.4 not really"), status="failed", reason="unreadable PDF")


@pytest.fixture
def pg_url(postgres_server):
    """An empty, migrated PostgreSQL database."""
    url = new_postgres_database(postgres_server)
    yield url
    drop_postgres_database(postgres_server, url)


def summaries(store: Store) -> dict[str, tuple[int, str]]:
    return {t.name: (t.rows, t.checksum) for t in table_summaries(store)}


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_keeps_every_row_and_original(tmp_path: Path, pg_url: str):
    source, originals = Store(tmp_path / "source.sqlite3"), Originals(tmp_path / "originals-a")
    build_kb(source, originals)
    exported = export_kb(source, originals, tmp_path / "kb.zip")
    assert (exported.rows("documents"), exported.rows("commitments"), exported.rows("jobs")) == (3, 3, 4)
    assert exported.originals == 4

    pg, pg_originals = Store(pg_url), Originals(tmp_path / "originals-pg")
    try:
        imported = import_kb(pg, pg_originals, tmp_path / "kb.zip")
        assert imported.tables == exported.tables  # counts and checksums, table by table
        assert summaries(pg) == summaries(source)
        assert sorted(pg_originals) == sorted(originals)
        assert [d.title for d, _ in pg.list_documents()] == [d.title for d, _ in source.list_documents()]
        assert pg.get_user("amina").role == "admin" and pg.token_exists("hash-of-a-token")
        back = export_kb(pg, pg_originals, tmp_path / "kb-from-pg.zip")
    finally:
        pg.dispose()

    target, target_originals = Store(tmp_path / "target.sqlite3"), Originals(tmp_path / "originals-b")
    import_kb(target, target_originals, tmp_path / "kb-from-pg.zip")
    assert back.tables == exported.tables
    assert summaries(target) == summaries(source)
    assert sorted(target_originals) == sorted(originals)


@pytest.mark.postgres
def test_after_an_import_new_rows_get_new_ids_on_postgresql(tmp_path: Path, pg_url: str):
    source, originals = Store(tmp_path / "source.sqlite3"), Originals(tmp_path / "originals")
    build_kb(source, originals)
    export_kb(source, originals, tmp_path / "kb.zip")
    pg = Store(pg_url)
    try:
        import_kb(pg, originals, tmp_path / "kb.zip")
        PLANS["ferry.txt"] = ("Ferry plan", "The ferry company will add two night crossings by 2027.")
        try:
            new_id = add_plan(pg, originals, "ferry.txt")
        finally:
            del PLANS["ferry.txt"]
        assert new_id == max(d.id for d, _ in source.list_documents()) + 1
    finally:
        pg.dispose()


def test_an_import_into_a_knowledge_base_with_data_is_refused_unless_replaced(tmp_path: Path):
    source, originals = Store(tmp_path / "source.sqlite3"), Originals(tmp_path / "originals")
    build_kb(source, originals)
    export_kb(source, originals, tmp_path / "kb.zip")
    target = Store(tmp_path / "target.sqlite3")
    add_plan(target, originals, "harbour.txt")
    with pytest.raises(TransferError, match="not empty .*--replace"):
        import_kb(target, originals, tmp_path / "kb.zip")
    assert target.document_count() == 1  # untouched
    import_kb(target, originals, tmp_path / "kb.zip", replace=True)
    assert summaries(target) == summaries(source)


def test_a_tampered_export_is_rolled_back_with_the_table_named(tmp_path: Path):
    source, originals = Store(tmp_path / "source.sqlite3"), Originals(tmp_path / "originals")
    build_kb(source, originals)
    export_kb(source, originals, tmp_path / "kb.zip")
    with zipfile.ZipFile(tmp_path / "kb.zip") as zf, \
            zipfile.ZipFile(tmp_path / "tampered.zip", "w") as out:
        for item in zf.infolist():
            data = zf.read(item)
            if item.filename == "tables/commitments.jsonl":
                data = data.replace(b"4,000 oaks", b"40 oaks")
            out.writestr(item, data)
    target = Store(tmp_path / "target.sqlite3")
    with pytest.raises(TransferError, match="commitments: imported 3 rows .*nothing was imported"):
        import_kb(target, Originals(tmp_path / "originals-b"), tmp_path / "tampered.zip")
    assert target.document_count() == 0


def test_an_export_of_another_schema_version_is_refused(tmp_path: Path):
    source, originals = Store(tmp_path / "source.sqlite3"), Originals(tmp_path / "originals")
    build_kb(source, originals)
    export_kb(source, originals, tmp_path / "kb.zip")
    with zipfile.ZipFile(tmp_path / "kb.zip") as zf, zipfile.ZipFile(tmp_path / "old.zip", "w") as out:
        for item in zf.infolist():
            data = zf.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_version"] -= 1
                data = json.dumps(manifest).encode()
            out.writestr(item, data)
    with pytest.raises(TransferError, match="exported at schema version .* same PolicyKB version"):
        import_kb(Store(tmp_path / "target.sqlite3"), originals, tmp_path / "old.zip")


def test_a_file_that_is_not_an_export_says_so(tmp_path: Path):
    (tmp_path / "notes.zip").write_bytes(b"just some notes")
    with pytest.raises(TransferError, match="not a PolicyKB export"):
        import_kb(Store(tmp_path / "kb.sqlite3"), Originals(tmp_path / "o"), tmp_path / "notes.zip")


def test_export_never_overwrites_a_file(tmp_path: Path):
    (tmp_path / "kb.zip").write_bytes(b"precious")
    with pytest.raises(TransferError, match="already exists"):
        export_kb(Store(tmp_path / "kb.sqlite3"), Originals(tmp_path / "o"), tmp_path / "kb.zip")
    assert (tmp_path / "kb.zip").read_bytes() == b"precious"


# -- the command line, with the real pipeline and search ---------------------------------------------

INGESTED = {
    "canal.txt": "Canal restoration plan\n\nThe waterways trust will reopen the northern canal locks by 2030. "
                 "The city council will build 40 new footbridges by 2027.\n",
    "solar.txt": "Solar schools plan\n\nThe education ministry will install solar panels on 300 schools by 2028.\n",
}


@pytest.mark.integration
@pytest.mark.postgres
def test_policykb_export_and_import_move_a_searchable_kb_between_backends(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    from policykb.cli import main

    monkeypatch.delenv("POLICYKB_DATABASE_URL", raising=False)
    monkeypatch.delenv("POLICYKB_ORIGINALS_URL", raising=False)
    folder = tmp_path / "files"
    folder.mkdir()
    for name, text in INGESTED.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert main(["--data", str(tmp_path / "sqlite-a"), "ingest", str(folder)]) == 0
    assert main(["--data", str(tmp_path / "sqlite-a"), "export", str(tmp_path / "kb.zip")]) == 0

    monkeypatch.setenv("POLICYKB_DATABASE_URL", pg_url)
    capsys.readouterr()
    assert main(["--data", str(tmp_path / "pg-node"), "import", str(tmp_path / "kb.zip")]) == 0
    said = capsys.readouterr().out
    assert "counts and checksums match the export" in said and "search index rebuilt" in said
    assert main(["--data", str(tmp_path / "pg-node"), "search", "canal locks reopening", "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert "canal" in json.dumps(hits[0]).lower()
    assert main(["--data", str(tmp_path / "pg-node"), "export", str(tmp_path / "kb-pg.zip")]) == 0

    monkeypatch.delenv("POLICYKB_DATABASE_URL")
    assert main(["--data", str(tmp_path / "sqlite-b"), "import", str(tmp_path / "kb-pg.zip")]) == 0
    capsys.readouterr()
    assert main(["--data", str(tmp_path / "sqlite-b"), "search", "solar panels on schools", "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert "solar" in json.dumps(hits[0]).lower()
    a, b = Store(tmp_path / "sqlite-a" / "policykb.sqlite3"), Store(tmp_path / "sqlite-b" / "policykb.sqlite3")
    assert summaries(a) == summaries(b)
    assert a.count_commitments() >= 2
