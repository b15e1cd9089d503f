"""The SQLite store: the one class that owns all of PolicyKB's SQL.

Why one class: every query lives here, behind methods that take and return
the records of `kb.models`.  The same class runs on PostgreSQL when given a
`postgresql://` URL: kb/db.py translates the few SQLite idioms of this SQL, so
it stays one text.  Each thread gets its own connection (SQLite
connections must not cross threads); WAL mode lets readers run while the
ingestion worker writes.  A document, its passages and its commitments go in
with one transaction, together with the job that produced them, so a crash
leaves either all of it or none.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from kb.db import PostgresDatabase, is_postgres_url
from kb.errors import NotFound, PolicyKBError
from kb.rows import utc_now as _now
from kb.store_accounts import AccountStore, make_private
from kb.store_jobs import JobStore
from kb.store_review import ReviewStore
from kb.store_entities import EntityStore
from kb.store_watchlists import WatchlistStore
from kb.store_lineage import LineageStore, lineage_filter_sql
from kb.store_transfer import TransferStore
from kb.store_nodes import NodeStore
from kb.models import (
    Commitment,
    CommitmentFilter,
    Deadline,
    DocumentRecord,
    ParsedDocument,
    Passage,
    Quantity,
    Review,
    SourceLink,
    StatusEvidence,
    StoredCommitment,
    StoredPassage,
    filter_values,
)




def _migrations() -> list[tuple[int, str]]:
    """The numbered `.sql` files of kb/schema, in order: (version, sql)."""
    found = []
    for entry in resources.files("kb.schema").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = max(v for v, _ in _migrations())

# ORDER BY clauses the commitment listings accept, by name (never user SQL).
COMMITMENT_ORDERS = {
    "deadline": "c.deadline_date IS NULL, c.deadline_date, c.id",
    "-deadline": "c.deadline_date IS NULL, c.deadline_date DESC, c.id",
    "actor": "c.actor COLLATE NOCASE, c.id",
    "-actor": "c.actor COLLATE NOCASE DESC, c.id",
    "document": "d.title COLLATE NOCASE, c.sentence_start, c.id",
    "-document": "d.title COLLATE NOCASE DESC, c.sentence_start, c.id",
    "id": "c.id",
}


class Store(JobStore, AccountStore, ReviewStore, EntityStore, WatchlistStore, LineageStore, NodeStore, TransferStore):
    """All reads and writes of the knowledge base's SQLite database.

    Documents, passages, commitments and search support live here; the job
    queue, accounts, review overlays and actor entities/revocations are mixins
    in `kb.store_jobs`, `kb.store_accounts`, `kb.store_review` and
    `kb.store_entities` (the same connection and transactions).
    """

    def __init__(self, path: str | Path):
        """`path`: the SQLite file, or a `postgresql://` URL (kb/db.py: the same SQL through an adapter)."""
        self._local = threading.local()
        self._pg = PostgresDatabase(path) if is_postgres_url(path) else None  # type: ignore[arg-type]
        self.dialect = "sqlite" if self._pg is None else "postgresql"
        if self._pg is not None:
            self.path = None  # type: ignore[assignment]
            self._migrate()
            return
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        make_private(self.path)  # 0600: it holds password and token hashes
        self._migrate()

    # -- connections and transactions -------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._pg is not None:
            return self._pg.connection()  # type: ignore[return-value]
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection (PostgreSQL: none is held between statements)."""
        if self._pg is not None:
            self._pg.release()
            return
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def dispose(self) -> None:
        """Close every connection for good (PostgreSQL: the pool); SQLite: this thread's, as `close`."""
        if self._pg is not None:
            self._pg.close()
        else:
            self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""
        if self._pg is not None:  # the same, on one pooled connection under a write lock (kb/db.py)
            with self._pg.transaction() as pg_conn:
                yield pg_conn  # type: ignore[misc]
            return
        conn = self.conn
        if conn.in_transaction:  # nested use joins the outer transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _migrate(self) -> None:
        if self._pg is not None:  # the same list; kb/db.py translates or takes kb/schema/postgres/
            self._pg.migrate(_migrations())
            return
        conn = self.conn
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for version, sql in _migrations():
            if version <= current:
                continue
            # executescript commits whatever is open, so the script carries its own transaction
            try:
                conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version={version};\nCOMMIT;")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        if self._pg is not None:
            return self._pg.schema_version()
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> int:
        """Bring the database to the latest schema (opening a store already does); the version reached."""
        self._migrate()
        return self.schema_version

    # -- documents ------------------------------------------------------------

    def add_document(
        self,
        parsed: ParsedDocument,
        commitments: Sequence[Commitment],
        extractor_version: str,
        job_id: int | None = None,
        sentences: Mapping[int, Sequence[tuple[int, int]]] | None = None,
    ) -> int:
        """Store a document with its passages and commitments in one transaction.

        When `job_id` is given the job is marked done in the same transaction,
        so a crash never leaves a stored document behind a queued job, and the
        document details given at upload (`Job.document_details`) are set on the
        document there too, as `set_document_metadata` sets them afterwards.
        """
        with self.transaction() as conn:
            doc_id = conn.execute(
                "INSERT INTO documents (source_name, sha256, media_type, title, published, text, size,"
                " added_at, extractor_version, warnings, title_source, published_source, issuing_body,"
                " issuing_body_source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    parsed.source_name, parsed.sha256, parsed.media_type, parsed.title, parsed.published,
                    parsed.text, parsed.size, _now(), extractor_version, json.dumps(list(parsed.warnings)),
                    parsed.title_source, parsed.published_source, parsed.issuing_body, parsed.issuing_body_source,
                ),
            ).lastrowid
            assert doc_id is not None
            self._insert_passages(conn, doc_id, parsed.passages, sentences)
            self._insert_links(conn, doc_id, parsed.links)
            self._insert_commitments(conn, doc_id, commitments)
            if job_id is not None:
                conn.execute(
                    "UPDATE jobs SET status='done', reason=NULL, document_id=?, commitments=?, warnings=?,"
                    " updated_at=? WHERE id=?",
                    (doc_id, len(commitments), json.dumps(list(parsed.warnings)), _now(), job_id),
                )
                details = self.get_job(job_id).document_details
                if details:
                    from kb.store_review import Editor

                    self.set_document_metadata(doc_id, dict(details), Editor(f"upload (job {job_id})"))
        return doc_id

    def replace_commitments(self, document_id: int, commitments: Sequence[Commitment], extractor_version: str) -> None:
        """Swap a document's commitments for a new extraction (re-processing)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM commitments WHERE document_id=?", (document_id,))
            self._insert_commitments(conn, document_id, commitments)
            conn.execute("UPDATE documents SET extractor_version=? WHERE id=?", (extractor_version, document_id))

    def replace_document_content(
        self, document_id: int, parsed: ParsedDocument, commitments: Sequence[Commitment], extractor_version: str,
        sentences: Mapping[int, Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        """Swap a document's text, passages and commitments for a new reading of its original, in one transaction.

        The document keeps its id, file name, sha256 and the time it was
        added; a crash leaves either the old reading or the new one whole.
        """
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id=?", (document_id,)).fetchone() is None:
                raise NotFound(f"no document with id {document_id}")
            conn.execute("DELETE FROM commitments WHERE document_id=?", (document_id,))
            conn.execute("DELETE FROM passages WHERE document_id=?", (document_id,))
            conn.execute(
                "UPDATE documents SET media_type=?, title=?, published=?, text=?, extractor_version=?, warnings=?"
                " WHERE id=?",
                (parsed.media_type, parsed.title, parsed.published, parsed.text, extractor_version,
                 json.dumps(list(parsed.warnings)), document_id),
            )
            conn.execute(  # the issuer a person set stays; one the text states fills an empty one
                "UPDATE documents SET title_source=?, published_source=?,"
                " issuing_body=CASE WHEN metadata_set LIKE '%\"issuing_body\"%' THEN issuing_body"
                " ELSE ? END,"
                " issuing_body_source=CASE WHEN metadata_set LIKE '%\"issuing_body\"%' THEN issuing_body_source"
                " ELSE ? END WHERE id=?",
                (parsed.title_source, parsed.published_source, parsed.issuing_body, parsed.issuing_body_source,
                 document_id),
            )
            self._insert_passages(conn, document_id, parsed.passages, sentences)
            conn.execute("DELETE FROM document_links WHERE document_id=?", (document_id,))
            self._insert_links(conn, document_id, parsed.links)
            self._insert_commitments(conn, document_id, commitments)

    @staticmethod
    def _insert_passages(conn: sqlite3.Connection, doc_id: int, passages: Sequence[Passage],
                         sentences: Mapping[int, Sequence[tuple[int, int]]] | None = None) -> None:
        sentences = sentences or {}
        conn.executemany(
            "INSERT INTO passages (document_id, idx, kind, text, start, end, page, section, parent_index, sentences,"
            " label, ocr, ocr_confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc_id, p.index, p.kind, p.text, p.start, p.end, p.page, p.section, p.parent_index,
              json.dumps([list(s) for s in sentences[p.index]]) if p.index in sentences else None,
              p.label, int(p.ocr), p.ocr_confidence)
             for p in passages],
        )

    @staticmethod
    def _insert_links(conn: sqlite3.Connection, doc_id: int, links: Sequence[SourceLink]) -> None:
        conn.executemany("INSERT INTO document_links (document_id, start, end, url) VALUES (?,?,?,?)",
                         [(doc_id, link.start, link.end, link.url) for link in links])

    def document_links(self, document_id: int, start: int = 0, end: int | None = None) -> list[SourceLink]:
        """The source's links whose anchors lie within text[start:end], in text order."""
        rows = self.conn.execute(
            "SELECT start, end, url FROM document_links WHERE document_id=? AND start>=? AND end<=?"
            " ORDER BY start", (document_id, start, end if end is not None else 2**62))
        return [SourceLink(r["start"], r["end"], r["url"]) for r in rows]

    @staticmethod
    def _insert_commitments(conn: sqlite3.Connection, doc_id: int, commitments: Sequence[Commitment]) -> None:
        passage_ids = {
            row["idx"]: row["id"]
            for row in conn.execute("SELECT id, idx FROM passages WHERE document_id=?", (doc_id,))
        }
        rows = []
        for c in commitments:
            d, q = c.deadline, c.quantity
            rows.append((
                doc_id, passage_ids.get(c.passage_index), c.passage_index, c.actor, c.actor_text, c.action,
                c.target, c.sentence, c.sentence_start, c.sentence_end, c.target_start, c.target_end,
                d.text if d else None, d.date if d else None, d.year if d else None,
                q.value if q else None, q.upper if q else None, q.unit if q else None, q.text if q else None,
                c.strength, int(c.negated), c.sector, json.dumps(list(c.places)), json.dumps(list(c.flags)),
                c.page, c.extractor_version, c.actor_source, c.confidence,
            ))
        conn.executemany(
            "INSERT INTO commitments (document_id, passage_id, passage_index, actor, actor_text, action, target,"
            " sentence, sentence_start, sentence_end, target_start, target_end, deadline_text, deadline_date,"
            " deadline_year, quantity_value, quantity_upper, quantity_unit, quantity_text, strength, negated,"
            " sector, places, flags, page, extractor_version, actor_source, confidence)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def document_by_sha(self, sha256: str) -> DocumentRecord | None:
        row = self.conn.execute("SELECT * FROM documents WHERE sha256=?", (sha256,)).fetchone()
        return _document(row) if row else None

    def get_document(self, document_id: int) -> DocumentRecord:
        row = self.conn.execute("SELECT * FROM documents WHERE id=?", (document_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return _document(row)

    def find_document(self, key: str) -> DocumentRecord:
        """A document by id, sha256 prefix (8+ characters) or exact source name."""
        if key.isdigit():
            return self.get_document(int(key))
        prefix = key.lower() if len(key) >= 8 and all(ch in "0123456789abcdef" for ch in key.lower()) else None
        row = self.conn.execute(
            "SELECT * FROM documents WHERE source_name=? OR (? IS NOT NULL AND substr(sha256, 1, length(?)) = ?)"
            " ORDER BY id LIMIT 1",
            (key, prefix, prefix, prefix),
        ).fetchone()
        if row is None:
            raise NotFound(f"no document named {key!r}")
        return _document(row)

    def list_documents(self) -> list[tuple[DocumentRecord, int]]:
        """All documents, newest first, each with its number of commitments."""
        rows = self.conn.execute(
            "SELECT d.*, (SELECT COUNT(*) FROM commitments_view c WHERE c.document_id=d.id) AS n"
            " FROM documents d ORDER BY d.id DESC"
        ).fetchall()
        return [(_document(r), r["n"]) for r in rows]

    def document_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def delete_document(self, document_id: int) -> None:
        """Delete a document; its jobs are hidden from readers and its original is queued for removal
        unless something else needs the bytes (`JobStore._forget_document`; the worker removes the file)."""
        with self.transaction() as conn:
            self._forget_document(conn, document_id)
            if conn.execute("DELETE FROM documents WHERE id=?", (document_id,)).rowcount == 0:
                raise NotFound(f"no document with id {document_id}")

    def passages(self, document_id: int) -> list[StoredPassage]:
        rows = self.conn.execute("SELECT * FROM passages WHERE document_id=? ORDER BY idx", (document_id,))
        return [_passage(r) for r in rows]

    def passage_count(self, document_id: int) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM passages WHERE document_id=?", (document_id,)).fetchone()[0]

    def ocr_passage_count(self, document_id: int) -> int:
        """How many of the document's passages were read by OCR from scanned pages."""
        return self.conn.execute("SELECT COUNT(*) FROM passages WHERE document_id=? AND ocr=1",
                                 (document_id,)).fetchone()[0]

    def ocr_confidence(self, document_id: int) -> float | None:
        """Mean tesseract word confidence (0-100) over the document's OCR'd passages; None if none was OCR'd."""
        value = self.conn.execute("SELECT AVG(ocr_confidence) FROM passages WHERE document_id=? AND ocr=1",
                                  (document_id,)).fetchone()[0]
        return None if value is None else round(value, 1)

    def passages_page(self, document_id: int, offset: int, limit: int) -> list[StoredPassage]:
        """One page of a document's passages in order (a document page shows one page at a time)."""
        rows = self.conn.execute("SELECT * FROM passages WHERE document_id=? ORDER BY idx LIMIT ? OFFSET ?",
                                 (document_id, limit, offset))
        return [_passage(r) for r in rows]

    def passages_ending_before(self, document_id: int, offset: int) -> int:
        """How many of a document's passages end at or before character `offset` (to find its page)."""
        return self.conn.execute("SELECT COUNT(*) FROM passages WHERE document_id=? AND \"end\"<=?",
                                 (document_id, offset)).fetchone()[0]

    def commitments_between(self, document_id: int, start: int, end: int, limit: int,
                            longest_sentence: int = 20_000) -> list[StoredCommitment]:
        """A document's commitments whose sentence overlaps characters [start, end), in text order, at most `limit`.

        Uses the (document_id, sentence_start) index: only sentences starting at most
        `longest_sentence` characters before `start` are looked at.
        """
        rows = self.conn.execute(
            _COMMITMENT_SELECT + " WHERE c.document_id=? AND c.sentence_start>=? AND c.sentence_start<?"
            " AND c.sentence_end>? ORDER BY c.sentence_start, c.id LIMIT ?",
            (document_id, start - longest_sentence, end, start, limit))
        return [_commitment(r) for r in rows]

    def passages_by_ids(self, ids: Sequence[int]) -> dict[int, StoredPassage]:
        out: dict[int, StoredPassage] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT * FROM passages WHERE id IN ({marks})", chunk):
                out[r["id"]] = _passage(r)
        return out

    def iter_passages(self, after_id: int = 0, batch: int = 1000) -> Iterator[StoredPassage]:
        """Every passage in id order, fetched in batches (for building indexes)."""
        while True:
            rows = self.conn.execute(
                "SELECT * FROM passages WHERE id>? ORDER BY id LIMIT ?", (after_id, batch)
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield _passage(r)
            after_id = rows[-1]["id"]

    # -- commitments ----------------------------------------------------------

    def get_commitment(self, commitment_id: int) -> StoredCommitment:
        row = self.conn.execute(_COMMITMENT_SELECT + " WHERE c.id=?", (commitment_id,)).fetchone()
        if row is None:
            raise NotFound(f"no commitment with id {commitment_id}")
        return _commitment(row)

    def commitments_by_ids(self, ids: Sequence[int]) -> dict[int, StoredCommitment]:
        out: dict[int, StoredCommitment] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(_COMMITMENT_SELECT + f" WHERE c.id IN ({marks})", chunk):
                out[r["id"]] = _commitment(r)
        return out

    def query_commitments(
        self,
        filters: CommitmentFilter = CommitmentFilter(),
        order: str = "deadline",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredCommitment]:
        where, params = _filter_sql(filters)
        sql = _COMMITMENT_SELECT + where + " ORDER BY " + COMMITMENT_ORDERS.get(order, COMMITMENT_ORDERS["deadline"])
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [max(0, int(limit)), max(0, int(offset))]
        return [_commitment(r) for r in self.conn.execute(sql, params)]

    def iter_commitments(self, filters: CommitmentFilter = CommitmentFilter(), batch: int = 1000) -> Iterator[StoredCommitment]:
        """Every matching commitment in id order, in batches: for streamed exports and index builds."""
        where, params = _filter_sql(filters)
        after = 0
        while True:
            clause = (where + " AND" if where else " WHERE") + " c.id>?"
            rows = self.conn.execute(
                _COMMITMENT_SELECT + clause + " ORDER BY c.id LIMIT ?", params + [after, batch]
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield _commitment(r)
            after = rows[-1]["id"]

    def count_commitments(self, filters: CommitmentFilter = CommitmentFilter()) -> int:
        where, params = _filter_sql(filters)
        return self.conn.execute(
            "SELECT COUNT(*) FROM commitments_view c JOIN documents d ON d.id=c.document_id" + where, params
        ).fetchone()[0]

    def commitment_ids(self, filters: CommitmentFilter = CommitmentFilter()) -> list[int]:
        """Ids of matching commitments: the pre-filtered id set a filtered search runs inside."""
        where, params = _filter_sql(filters)
        return [r[0] for r in self.conn.execute(
            "SELECT c.id FROM commitments_view c JOIN documents d ON d.id=c.document_id" + where, params
        )]

    def facet_counts(self, field: str, filters: CommitmentFilter = CommitmentFilter(), limit: int = 20,
                     offset: int = 0) -> list[tuple[Any, int]]:
        """(value, count) pairs of one field over the matching commitments, largest first (`offset` pages them)."""
        columns = {
            "actor": "c.actor", "sector": "c.sector", "strength": "c.strength",
            "deadline_year": "c.deadline_year", "document": "d.title", "document_id": "c.document_id",
        }
        col_params: list[Any] = []
        if field == "status":
            col, col_params = _status_sql(filters.today)
        elif field in columns:
            col = columns[field]
        else:
            raise ValueError(f"no facet {field!r}")
        where, params = _filter_sql(filters)
        rows = self.conn.execute(
            f"SELECT {col} AS v, COUNT(*) AS n FROM commitments_view c JOIN documents d ON d.id=c.document_id"
            f"{where} GROUP BY v ORDER BY n DESC, v LIMIT ? OFFSET ?",
            col_params + params + [limit, offset],
        ).fetchall()
        return [(r["v"], r["n"]) for r in rows]

    def neighbour_commitments(self, sc: StoredCommitment) -> tuple[StoredCommitment | None, StoredCommitment | None]:
        """The commitments just before and just after `sc` in its document's text order (previous/next links)."""
        c = sc.commitment
        key = [sc.document_id, c.sentence_start, c.sentence_start, sc.id]
        prev = self.conn.execute(
            _COMMITMENT_SELECT + " WHERE c.document_id=? AND (c.sentence_start<? OR (c.sentence_start=? AND c.id<?))"
            " ORDER BY c.sentence_start DESC, c.id DESC LIMIT 1", key).fetchone()
        nxt = self.conn.execute(
            _COMMITMENT_SELECT + " WHERE c.document_id=? AND (c.sentence_start>? OR (c.sentence_start=? AND c.id>?))"
            " ORDER BY c.sentence_start, c.id LIMIT 1", key).fetchone()
        return (_commitment(prev) if prev else None), (_commitment(nxt) if nxt else None)

    # -- search support -------------------------------------------------------
    # Used by the search index (indexer/).  The change log `search_changes`
    # is filled by triggers (kb/schema/002_search.sql) inside the same
    # transactions that write passages and commitments.

    def search_change_seq(self) -> int:
        """The sequence number of the latest logged change to a searchable unit (0 when none).

        Read from sqlite_sequence (AUTOINCREMENT's counter), so it stays put when the log is pruned.
        """
        if self._pg is not None:  # the log's end, or how far pruning went (kb/store_nodes.py): not the identity's
            # sequence, which counts the numbers of rolled-back transactions too (an index would never reach it)
            return self.conn.execute(
                "SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM search_changes), 0),"
                " COALESCE((SELECT pruned_upto FROM search_log_state WHERE id=1), 0))").fetchone()[0]
        row = self.conn.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name='search_changes'), 0),"
            " COALESCE((SELECT MAX(seq) FROM search_changes), 0))"
        ).fetchone()
        return row[0]

    def search_changes_since(self, seq: int, limit: int | None = None) -> list[tuple[int, str, int, str]]:
        """(seq, kind 'c'|'p', unit id, op '+'|'-') of the changes after `seq`, oldest first."""
        sql = "SELECT seq, kind, unit_id, op FROM search_changes WHERE seq>? ORDER BY seq"
        params: list[Any] = [seq]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(sql, params)]

    def prune_search_changes(self, upto: int) -> None:
        """Forget logged changes up to `upto`, once a saved index holds them, but none that a search node's
        snapshot still needs (kb/store_nodes.py: `search_prune_bound`); how far it went is kept."""
        with self.transaction() as conn:
            upto = self.search_prune_bound(upto)
            conn.execute("DELETE FROM search_changes WHERE seq<=?", (int(upto),))
            self._note_pruned(conn, upto)

    def search_unit_counts(self) -> tuple[int, int]:
        """(commitments, passages) in the store: what a consistent index must hold."""
        row = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM commitments_view), (SELECT COUNT(*) FROM passages)"
        ).fetchone()
        return row[0], row[1]

    def search_documents(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """document id -> (source_name, title), without the documents' text."""
        out: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT id, source_name, title FROM documents WHERE id IN ({marks})", chunk):
                out[r[0]] = (r[1], r[2])
        return out

    def search_names(self) -> list[tuple[str, str]]:
        """(kind, name) of every distinct actor ('actor') and document title ('title'): the names a query may mention."""
        rows = self.conn.execute(
            "SELECT DISTINCT 'actor', actor FROM commitments_view WHERE actor != ''"
            " UNION SELECT DISTINCT 'title', title FROM documents"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- end of search support --------------------------------------------------

    # -- backup ---------------------------------------------------------------

    def backup_to(self, path: str | Path) -> None:
        """A consistent copy of the database while others keep writing (SQLite online backup)."""
        if self._pg is not None:
            raise PolicyKBError("a PostgreSQL knowledge base is backed up with pg_dump, not `policykb backup`")
        make_private(path)
        target = sqlite3.connect(path)
        try:
            self.conn.backup(target)
        finally:
            target.close()

    # -- web support ----------------------------------------------------------
    # Used by the web app (web/): the timeline and actor pages.

    def deadline_status_counts(
        self, today: str, filters: CommitmentFilter = CommitmentFilter()
    ) -> list[tuple[int | None, str, int]]:
        """(deadline year, status, count) over the matching commitments.

        Status is honest: what a person recorded ('met', 'partly_met', 'missed',
        'revoked', 'superseded'), else relative to `today` (an ISO date):
        'deadline_passed' (status unknown), 'due' (later this year), 'upcoming'
        (a later year) or 'none' (no resolvable deadline; year None).  Ordered
        by year, None last.
        """
        where, params = _filter_sql(filters)
        rows = self.conn.execute(
            "SELECT CASE WHEN c.deadline_date IS NULL THEN NULL ELSE CAST(substr(c.deadline_date, 1, 4) AS INTEGER)"
            " END AS y,"
            " CASE WHEN c.review_status IS NOT NULL THEN c.review_status"
            " WHEN c.deadline_date IS NULL THEN 'none' WHEN c.deadline_date < ? THEN 'deadline_passed'"
            " WHEN substr(c.deadline_date, 1, 4) = substr(?, 1, 4) THEN 'due' ELSE 'upcoming' END AS status,"
            " COUNT(*) AS n FROM commitments_view c JOIN documents d ON d.id=c.document_id"
            + where + " GROUP BY y, status ORDER BY y IS NULL, y, status",
            [today, today, *params],
        ).fetchall()
        return [(r["y"], r["status"], r["n"]) for r in rows]

    def document_summaries(self, limit: int = -1, offset: int = 0) -> list[tuple[DocumentRecord, int]]:
        """Like `list_documents` (newest first, with commitment counts) but without loading
        each document's text (`text` is ""): for listings of many large documents (a page with
        `limit`/`offset`; -1: all)."""
        rows = self.conn.execute(
            "SELECT d.id, d.source_name, d.sha256, d.media_type, d.title, d.published, '' AS text, d.size,"
            " d.added_at, d.extractor_version, d.warnings, d.issuing_body, d.kind, d.metadata_set,"
            " (SELECT COUNT(*) FROM commitments_view c WHERE c.document_id=d.id) AS n"
            " FROM documents d ORDER BY d.id DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [(_document(r), r["n"]) for r in rows]

    def document_ids_by_title(self, titles: Sequence[str]) -> dict[str, int]:
        """The (lowest) document id of each given title: links for the document facet."""
        out: dict[str, int] = {}
        titles = list(dict.fromkeys(t for t in titles if t is not None))
        for i in range(0, len(titles), 900):
            chunk = titles[i:i + 900]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT title, MIN(id) AS id FROM documents WHERE title IN ({marks}) GROUP BY title", chunk
            ):
                out[r["title"]] = r["id"]
        return out

    # -- end of web support -----------------------------------------------------


# -- row <-> record (the SQLite edge) ------------------------------------------

# Reads go through commitments_view: people's corrections laid over the extractor's output,
# rejected records left out (kb/schema/006_review.sql).
_COMMITMENT_SELECT = (
    "SELECT c.*, d.title AS document_title, d.source_name AS document_name,"
    " d.published AS document_published, d.issuing_body AS document_issuer"
    " FROM commitments_view c JOIN documents d ON d.id=c.document_id"
)


def _status_sql(today: str | None) -> tuple[str, list[Any]]:
    """SQL for a commitment's honest status (CommitmentFilter.status, the status facet), as
    StoredCommitment.status_on: a person's word, else deadline_passed once the date is behind
    `today`, else open."""
    from datetime import date

    return ("(CASE WHEN c.review_status IS NOT NULL THEN c.review_status"
            " WHEN c.deadline_date IS NOT NULL AND substr(c.deadline_date, 1, 10) < ? THEN 'deadline_passed'"
            " ELSE 'open' END)", [(today or date.today().isoformat())[:10]])


def _any_of(clauses: list[str], params: list[Any], expr: str, values: tuple, nocase: bool = False) -> None:
    if not values:
        return
    marks = ",".join("?" * len(values))
    clauses.append(f"{expr}{' COLLATE NOCASE' if nocase else ''} IN ({marks})")
    params.extend(values)


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filter_sql(f: CommitmentFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    _any_of(clauses, params, "c.actor", filter_values(f.actor), nocase=True)
    _any_of(clauses, params, "c.document_id", filter_values(f.document_id))
    if f.deadline_from is not None:
        clauses.append("c.deadline_year >= ?")
        params.append(f.deadline_from)
    if f.deadline_to is not None:
        clauses.append("c.deadline_year <= ?")
        params.append(f.deadline_to)
    if f.has_deadline is not None:
        clauses.append("c.deadline_date IS NOT NULL" if f.has_deadline else "c.deadline_date IS NULL")
    _any_of(clauses, params, "c.sector", filter_values(f.sector))
    _any_of(clauses, params, "c.strength", filter_values(f.strength))
    if f.has_quantity is not None:
        clauses.append("c.quantity_value IS NOT NULL" if f.has_quantity else "c.quantity_value IS NULL")
    # a date prefix (YYYY, YYYY-MM, YYYY-MM-DD) compares with the same prefix of the publication date
    if f.published_from:
        clauses.append("substr(d.published, 1, ?) >= ?")
        params += [len(f.published_from), f.published_from]
    if f.published_to:
        clauses.append("substr(d.published, 1, ?) <= ?")
        params += [len(f.published_to), f.published_to]
    statuses = filter_values(f.status)
    if statuses:
        expr, expr_params = _status_sql(f.today)
        params += expr_params
        _any_of(clauses, params, expr, statuses)
    lineage = filter_values(f.lineage)
    if lineage:   # has a lineage link of one of these relations (kb/store_lineage.py)
        expr, expr_params = lineage_filter_sql(lineage)
        clauses.append(expr)
        params += expr_params
    for word in (f.text or "").split():
        clauses.append("(c.sentence LIKE ? ESCAPE '\\' OR c.actor LIKE ? ESCAPE '\\'"
                       " OR c.target LIKE ? ESCAPE '\\' OR d.title LIKE ? ESCAPE '\\')")
        params += [_like(word)] * 4
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _chunks(ids: Sequence[int], size: int = 900) -> Iterator[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield [int(x) for x in ids[i:i + size]]


def _document(r: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(
        id=r["id"], source_name=r["source_name"], sha256=r["sha256"], media_type=r["media_type"],
        title=r["title"], published=r["published"], text=r["text"], size=r["size"], added_at=r["added_at"],
        extractor_version=r["extractor_version"], warnings=tuple(json.loads(r["warnings"])),
        issuing_body=r["issuing_body"] if "issuing_body" in r.keys() else None,
        kind=r["kind"] if "kind" in r.keys() else None,
        metadata_set=tuple(json.loads(r["metadata_set"])) if "metadata_set" in r.keys() else (),
        title_source=r["title_source"] if "title_source" in r.keys() else None,
        published_source=r["published_source"] if "published_source" in r.keys() else None,
        issuing_body_source=r["issuing_body_source"] if "issuing_body_source" in r.keys() else None,
    )


def _passage(r: sqlite3.Row) -> StoredPassage:
    return StoredPassage(
        id=r["id"], document_id=r["document_id"],
        passage=Passage(
            index=r["idx"], kind=r["kind"], text=r["text"], start=r["start"], end=r["end"], page=r["page"],
            section=r["section"], parent_index=r["parent_index"], label=r["label"], ocr=bool(r["ocr"]),
            ocr_confidence=r["ocr_confidence"] if "ocr_confidence" in r.keys() else None,
        ),
        sentences=tuple((s, e) for s, e in json.loads(r["sentences"])) if r["sentences"] else None,
    )


def _commitment(r: sqlite3.Row) -> StoredCommitment:
    deadline = Deadline(r["deadline_text"], r["deadline_date"]) if r["deadline_text"] is not None else None
    quantity = (
        Quantity(value=r["quantity_value"], unit=r["quantity_unit"] or "", text=r["quantity_text"] or "",
                 upper=r["quantity_upper"])
        if r["quantity_value"] is not None else None
    )
    c = Commitment(
        actor=r["actor"], actor_text=r["actor_text"], action=r["action"], target=r["target"],
        sentence=r["sentence"], sentence_start=r["sentence_start"], sentence_end=r["sentence_end"],
        passage_index=r["passage_index"], deadline=deadline, quantity=quantity, strength=r["strength"],
        negated=bool(r["negated"]), sector=r["sector"], places=tuple(json.loads(r["places"])),
        flags=tuple(json.loads(r["flags"])), page=r["page"], extractor_version=r["extractor_version"],
        target_start=r["target_start"], target_end=r["target_end"],
        actor_source=r["actor_source"], confidence=r["confidence"],
    )
    keys = r.keys()
    return StoredCommitment(
        id=r["id"], document_id=r["document_id"], passage_id=r["passage_id"], commitment=c,
        document_title=r["document_title"], document_name=r["document_name"],
        review=_review(r) if "review_id" in keys else None,
        origin=r["origin"] if "origin" in keys else "extractor",
        document_published=r["document_published"] if "document_published" in keys else None,
        document_issuer=r["document_issuer"] if "document_issuer" in keys else None,
    )


def _review(r: sqlite3.Row) -> Review | None:
    """The review columns of a commitments_view row (None when nobody reviewed the record)."""
    if r["review_id"] is None:
        return None
    evidence = None
    if r["review_status"] is not None:
        evidence = StatusEvidence(
            note=r["review_status_note"], url=r["review_status_url"], document_id=r["review_status_document_id"],
            start=r["review_status_start"], end=r["review_status_end"],
        )
    return Review(
        id=r["review_id"], state=r["review_state"], set_fields=tuple(json.loads(r["review_set_fields"])),
        by=r["review_by"], at=r["review_at"], status=r["review_status"], status_by=r["review_status_by"],
        status_at=r["review_status_at"], evidence=evidence, conflict=r["review_conflict"],
    )
