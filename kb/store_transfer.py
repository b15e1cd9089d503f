"""The store's part of moving a knowledge base between backends (mixed into `kb.store.Store`).

`kb.transfer` (`policykb export` / `policykb import`) copies every table's rows, ids kept, from
one store to another: SQLite to PostgreSQL and back.  The SQL that takes a table apart and puts
it back lives here, with the rest of the store's SQL: which tables there are, in an order that
inserts a referenced row before the rows that reference it, their columns, their rows in
batches, and (PostgreSQL) the identity sequences moved past the ids copied in.

Not copied: the state of one running deployment, which the target builds for itself: the search
change log (the target's triggers log every unit the import inserts, and its index is rebuilt),
the search nodes and their log bookkeeping, the live workers, and the schema version (checked,
never copied: both sides must be at the same one).
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

# one deployment's running state: rebuilt by the target, never copied (see the module docstring)
RUNTIME_TABLES = frozenset({"schema_version", "search_changes", "search_nodes", "search_log_state", "workers"})


class TransferStore:
    """Tables as rows, for `kb.transfer`.  Needs `conn`, `transaction` and `dialect` from `Store`."""

    conn: Any
    dialect: str

    def transfer_tables(self) -> list[str]:
        """The tables that hold the knowledge base, each after the tables it references (foreign keys)."""
        if self.dialect == "postgresql":
            names = [r[0] for r in self.conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                " AND table_type = 'BASE TABLE' ORDER BY table_name")]
            edges = [(r[0], r[1]) for r in self.conn.execute(
                "SELECT cl.relname, ref.relname FROM pg_constraint c JOIN pg_class cl ON c.conrelid = cl.oid"
                " JOIN pg_class ref ON c.confrelid = ref.oid"
                " WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace")]
        else:
            names = [r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            edges = [(name, r["table"]) for name in names
                     for r in self.conn.execute(f'PRAGMA foreign_key_list("{name}")')]
        names = [n for n in names if n not in RUNTIME_TABLES]
        needs: dict[str, set[str]] = {n: set() for n in names}
        for table, referenced in edges:
            if table in needs and referenced in needs and referenced != table:
                needs[table].add(referenced)
        ordered: list[str] = []
        while needs:  # Kahn's order, alphabetical among equals (the same order on both backends)
            ready = sorted(n for n, deps in needs.items() if not deps - set(ordered))
            if not ready:  # a cycle of foreign keys: none in this schema; keep going rather than loop
                ready = sorted(needs)[:1]
            for n in ready:
                ordered.append(n)
                del needs[n]
        return ordered

    def table_columns(self, table: str) -> list[str]:
        """The columns of `table`, by name, in the order the table declares them."""
        if self.dialect == "postgresql":
            return [r[0] for r in self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = ? ORDER BY ordinal_position", (table,))]
        return [r["name"] for r in self.conn.execute(f'PRAGMA table_info("{table}")')]

    def table_key(self, table: str) -> list[str]:
        """The primary key columns of `table` (every column when it has none): the order rows are read in."""
        if self.dialect == "postgresql":
            key = [r[0] for r in self.conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ?::regclass AND i.indisprimary"
                " ORDER BY array_position(i.indkey, a.attnum)", (table,))]
        else:
            key = [r["name"] for r in sorted(self.conn.execute(f'PRAGMA table_info("{table}")'),
                                             key=lambda r: r["pk"]) if r["pk"]]
        return key or self.table_columns(table)

    def table_row_count(self, table: str) -> int:
        return int(self.conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])

    def iter_table_rows(self, table: str, columns: Sequence[str], batch: int = 2000) -> Iterator[tuple]:
        """The rows of `table` (values in `columns` order), by primary key, read `batch` at a time."""
        key = self.table_key(table)
        cols = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(f'"{c}"' for c in key)
        if len(key) == 1 and key[0] in columns:  # keyset paging: each batch starts after the last key
            k = columns.index(key[0])
            last: Any = None
            while True:
                where = f'WHERE "{key[0]}" > ? ' if last is not None else ""
                rows = self.conn.execute(f'SELECT {cols} FROM "{table}" {where}ORDER BY {order} LIMIT ?',
                                         ((last,) if last is not None else ()) + (batch,)).fetchall()
                yield from (tuple(r) for r in rows)
                if len(rows) < batch:
                    return
                last = rows[-1][k]
        offset = 0
        while True:
            rows = self.conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY {order} LIMIT ? OFFSET ?',
                                     (batch, offset)).fetchall()
            yield from (tuple(r) for r in rows)
            if len(rows) < batch:
                return
            offset += batch

    def insert_table_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows as they are, ids included (call inside `transaction()`)."""
        if rows:
            marks = ", ".join("?" for _ in columns)
            cols = ", ".join(f'"{c}"' for c in columns)
            self.conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)

    def clear_tables(self, tables: Sequence[str]) -> None:
        """Delete every row of `tables`, referencing tables first (call inside `transaction()`)."""
        for table in reversed(tables):
            self.conn.execute(f'DELETE FROM "{table}"')

    def advance_identities(self, tables: Sequence[str]) -> None:
        """PostgreSQL: move each identity sequence past the largest id copied in, so the next insert gets a new
        id (SQLite's INTEGER PRIMARY KEY always does)."""
        if self.dialect != "postgresql":
            return
        for table in tables:
            if "id" not in self.table_columns(table):
                continue
            found = self.conn.execute("SELECT pg_get_serial_sequence(?, 'id')", (f'"{table}"',)).fetchone()
            if found and found[0]:
                self.conn.execute(f'SELECT setval(?, COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)',
                                  (found[0],))

    def referenced_originals(self) -> list[str]:
        """The sha256 of every original a document or a job needs, in order."""
        return [r[0] for r in self.conn.execute(
            "SELECT sha256 FROM documents UNION SELECT sha256 FROM jobs ORDER BY 1")]
