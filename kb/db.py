"""PostgreSQL under the Store: one thin adapter so the store's SQL stays one text.

Why an adapter and not a second Store: every query of PolicyKB lives in
`kb.store.Store` and its mixins, written for SQLite.  Writing each one twice
would double every feature; instead the PostgreSQL connection here takes the
same calls the store makes on a `sqlite3.Connection` (`execute`,
`executemany`, `in_transaction`, rows read by name or position, `lastrowid`)
and translates the few SQLite idioms the store uses into PostgreSQL, once per
statement text (cached):

- placeholders `?` and `:name` -> psycopg's `%s` and `%(name)s` (a literal `%` -> `%%`);
- `INSERT OR IGNORE` -> `ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` -> `ON CONFLICT (primary key)
  DO UPDATE` of the inserted columns;
- `lastrowid` -> `RETURNING id`, added to a single-row INSERT into a table with an `id` column;
- `BEGIN IMMEDIATE` (SQLite's one writer at a time) -> `BEGIN` plus a transaction-scoped advisory
  lock, so write transactions are serialised exactly as on SQLite and the store's
  read-then-write steps (claiming a job, the duplicate check) stay atomic on several machines;
- `LIKE` -> `ILIKE` (SQLite's LIKE ignores ASCII case); `x COLLATE NOCASE` -> `lower(x)`
  (PostgreSQL builds without ICU have no case-insensitive collation); `instr` -> `strpos`;
- `a IS ?` / `a IS NOT ?` (SQLite's null-safe comparison) -> `IS [NOT] DISTINCT FROM`;
- `LIMIT -1` (SQLite: no limit) -> `LIMIT NULL`; `ORDER BY y IS NULL, y` on an output alias
  (PostgreSQL cannot order by an expression over an alias) -> `ORDER BY y NULLS LAST`;
- the column named `end` (a reserved word in PostgreSQL) -> `"end"`: in this code base SQL
  keywords are upper case, so a lower-case `end` outside quotes is always the column;
- `sqlite_master` (the catalogue, to ask whether a table exists) -> information_schema.tables.

Connections come from a pool (psycopg_pool): a statement outside a transaction borrows one for
its own duration, a transaction holds one until COMMIT, so threads never pin connections.

Values go in with client-side binding (`psycopg.ClientCursor`), so a parameter's type is the
one its context gives it, as in SQLite (`? IS NULL` works; `executemany`, whose INSERTs type
every value by its column, binds on the server and pipelines); Python `bool` goes in as 0/1 (the
schema's flags are integers) and `numeric` results come back as `float`.  A unique or check
violation is raised as `IntegrityError`, a subclass of `sqlite3.IntegrityError`, so one
`except` serves both backends.

Migrations: the SQLite files kb/schema/NNN_*.sql are the one list.  A version whose SQL is
plain DDL is translated (`translate_ddl`: integer ids -> identity columns, INTEGER -> BIGINT,
REAL -> DOUBLE PRECISION, BLOB -> BYTEA); one that uses SQLite-only features (triggers,
PRAGMA, strftime) has a PostgreSQL variant kb/schema/postgres/NNN_*.sql, and a new migration
that needs one and lacks it is refused by name.  The version reached is kept in the
`schema_version` table (PostgreSQL has no PRAGMA user_version).

psycopg is an optional dependency (`pip install policykb[postgres]`): this module imports it
only when a PostgreSQL URL is used.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator, Mapping, Sequence

from kb.errors import PolicyKBError

# the advisory lock that stands for SQLite's single writer (any fixed 64-bit number)
WRITE_LOCK = 7_412_017_001
# taken while migrating, so that several processes starting at once migrate one at a time
MIGRATE_LOCK = 7_412_017_002


def is_postgres_url(target: object) -> bool:
    """True for a `postgresql://` or `postgres://` URL (a Path or any other string is a SQLite file)."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


class DatabaseUnavailable(PolicyKBError):
    """The PostgreSQL database named by the URL cannot be reached (or psycopg is not installed)."""


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class IntegrityError(sqlite3.IntegrityError):
    """A constraint violation on PostgreSQL (unique, foreign key, check, not null), raised as SQLite's."""


class Row(tuple):
    """A result row read by position (`r[0]`) or by column name (`r["id"]`), like `sqlite3.Row`."""

    _names: tuple[str, ...]
    _index: dict[str, int]

    def __new__(cls, names: tuple[str, ...], index: dict[str, int], values: Sequence[Any]) -> "Row":
        row = super().__new__(cls, values)
        row._names = names
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no column named {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return tuple
    names = tuple(c.name for c in description)
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)  # like sqlite3.Row: the first column of a repeated name
    return lambda values: Row(names, index, values)


# -- translating the store's SQL ----------------------------------------------

# string literals, quoted identifiers and comments pass through untouched (but for `%`)
_TOKENS = re.compile(r"('(?:[^']|'')*')|(\"(?:[^\"]|\"\")*\")|(--[^\n]*)|(/\*.*?\*/)", re.S)
_END_COLUMN = re.compile(r"(?<![\w\".])end(?![\w\"])|(?<=\.)end(?![\w\"])")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_EXPR = r"[A-Za-z_][\w.]*|%s|%\(\w+\)s"
_NOCASE_EQ = re.compile(rf"({_EXPR})\s*=\s*({_EXPR})\s+COLLATE\s+NOCASE\b", re.I)
_NOCASE_IN = re.compile(rf"({_EXPR})\s+COLLATE\s+NOCASE\s+IN\s*\(([^()]*)\)", re.I)
_NOCASE = re.compile(rf"({_EXPR})\s+COLLATE\s+NOCASE\b", re.I)
_LIMIT = re.compile(r"\bLIMIT\s+(%s|%\(\w+\)s)")
_IS_NOT_VALUE = re.compile(r"\bIS NOT (%s|%\(\w+\)s)")   # SQLite's null-safe comparisons with a value
_IS_VALUE = re.compile(r"\bIS (%s|%\(\w+\)s)")
_ORDER_ALIAS_NULLS = re.compile(r"\bORDER BY (\w+) IS NULL, \1\b(?!\.)")
_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(?:\(([^)]*)\))?", re.I)


def _map_code(sql: str, fn: Any) -> str:
    """Apply `fn` to the parts of `sql` outside literals, quoted names and comments."""
    out, pos = [], 0
    for m in _TOKENS.finditer(sql):
        out.append(fn(sql[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(sql[pos:]))
    return "".join(out)


def _code_rules(code: str, named: bool) -> str:
    code = code.replace("%", "%%").replace("?", "%s")
    if named:
        code = _NAMED.sub(r"%(\1)s", code)
    code = _END_COLUMN.sub('"end"', code)
    code = re.sub(r"\bLIKE\b", "ILIKE", code)
    code = re.sub(r"\binstr\(", "strpos(", code)
    code = re.sub(r"\bsqlite_master\b",
                  "(SELECT 'table' AS type, table_name AS name FROM information_schema.tables"
                  " WHERE table_schema = current_schema())", code)
    code = _NOCASE_EQ.sub(r"lower(\1) = lower(\2)", code)
    code = _NOCASE_IN.sub(
        lambda m: f"lower({m.group(1)}) IN ({', '.join(f'lower({v.strip()})' for v in m.group(2).split(','))})",
        code)
    code = _NOCASE.sub(r"lower(\1)", code)
    code = _LIMIT.sub(r"LIMIT NULLIF(GREATEST(\1, -1), -1)", code)
    code = _IS_NOT_VALUE.sub(r"IS DISTINCT FROM \1", code)
    code = _IS_VALUE.sub(r"IS NOT DISTINCT FROM \1", code)
    code = _ORDER_ALIAS_NULLS.sub(r"ORDER BY \1 NULLS LAST", code)
    return code


def translate(sql: str, named: bool = False, primary_keys: Mapping[str, tuple[str, ...]] | None = None,
              returning_id: Iterable[str] = ()) -> tuple[str, bool]:
    """The store's SQLite statement `sql` as PostgreSQL: (statement, whether `RETURNING id` was added).

    `primary_keys`: table -> its primary key columns (for INSERT OR REPLACE); `returning_id`: the
    tables with an `id` column, whose single-row inserts report the new id (`lastrowid`).
    """
    text = _map_code(sql.strip().rstrip(";"), lambda code: _code_rules(code, named))
    # literals and comments keep their text, but psycopg reads `%` everywhere
    text = _TOKENS.sub(lambda m: m.group(0).replace("%", "%%"), text)
    added = False
    m = _INSERT.match(text)
    if m:
        verb, table, columns = m.group(1), m.group(2), m.group(3)
        if verb:
            text = text[:m.start()] + re.sub(r"\s+OR\s+(IGNORE|REPLACE)", "", m.group(0), count=1, flags=re.I) \
                + text[m.end():]
        if verb and verb.upper() == "IGNORE":
            text += " ON CONFLICT DO NOTHING"
        elif verb:
            key = (primary_keys or {}).get(table)
            if not key or not columns:
                raise ValueError(f"INSERT OR REPLACE INTO {table}: no primary key known for PostgreSQL")
            cols = [c.strip().strip('"') for c in columns.split(",")]
            updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in cols if c not in key)
            text += f" ON CONFLICT ({', '.join(key)}) " + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")
        if table in set(returning_id) and not re.search(r"\bRETURNING\b", text, re.I):
            text += " RETURNING id"
            added = True
    return text, added


# -- migrations ------------------------------------------------------------------

_SQLITE_ONLY = re.compile(r"\b(TRIGGER|PRAGMA|strftime|julianday|sqlite_\w+|AUTOINCREMENT|writable_schema)\b", re.I)


def translate_ddl(sql: str) -> str:
    """A plain-DDL SQLite migration as PostgreSQL (see the module docstring); refuses SQLite-only SQL."""
    def rules(code: str) -> str:
        code = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", code,
                      flags=re.I)
        code = re.sub(r"\bINTEGER\b", "BIGINT", code)
        code = re.sub(r"\bREAL\b", "DOUBLE PRECISION", code)
        code = re.sub(r"\bBLOB\b", "BYTEA", code)
        return _END_COLUMN.sub('"end"', code)

    without_comments = _TOKENS.sub(lambda m: "" if (m.group(3) or m.group(4)) else m.group(0), sql)
    found = _SQLITE_ONLY.search(without_comments)
    if found:
        raise ValueError(f"uses {found.group(0)!r}, which PostgreSQL lacks: write a PostgreSQL variant")
    return _map_code(sql, rules)


def postgres_migrations(sqlite_migrations: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """The one migration list in PostgreSQL: each version's variant from kb/schema/postgres, else its
    SQLite text translated (`translate_ddl`)."""
    variants: dict[int, str] = {}
    folder = resources.files("kb.schema").joinpath("postgres")
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.endswith(".sql") and entry.name[:3].isdigit():
                variants[int(entry.name[:3])] = entry.read_text(encoding="utf-8")
    out = []
    for version, sql in sqlite_migrations:
        if version in variants:
            out.append((version, variants[version]))
            continue
        try:
            out.append((version, translate_ddl(sql)))
        except ValueError as e:
            raise ValueError(f"schema migration {version:03d} {e} (kb/schema/postgres/{version:03d}_*.sql)") from None
    return out


# -- the connection ---------------------------------------------------------------

class PgCursor:
    """The result of an `execute`: what the store reads from a sqlite3 cursor.  The rows are fetched at
    once, so the connection can go back to the pool before they are read."""

    def __init__(self, cursor: Any, returned_id: bool):
        self.rowcount = cursor.rowcount
        self.lastrowid: int | None = None
        rows = cursor.fetchall() if cursor.description is not None else []
        if returned_id:  # RETURNING id stood for lastrowid: the caller expects no rows
            self.lastrowid = rows[0][0] if rows else None
            rows = []
        self.description = None if returned_id else cursor.description
        self._rows = rows
        self._next = 0

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rest, self._next = self._rows[self._next:], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """A PostgreSQL connection answering the calls the store makes on a sqlite3 connection."""

    def __init__(self, database: "PostgresDatabase", raw: Any, in_transaction: bool = False):
        self._db = database
        self.raw = raw
        self.in_transaction = in_transaction

    @staticmethod
    def _run(fn: Any) -> Any:
        import psycopg

        try:
            return fn()
        except psycopg.IntegrityError as e:
            raise IntegrityError(str(e).strip()) from e

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgCursor:
        named = isinstance(params, Mapping)
        text, returned = self._db.translated(sql, named)
        cursor = self.raw.cursor()
        self._run(lambda: cursor.execute(text, params if named else tuple(params)))
        return PgCursor(cursor, returned)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        import psycopg

        rows = list(rows)
        # server-side binding here: one prepared statement, its rows pipelined (the store's executemany
        # are INSERTs and UPDATEs, whose columns give every parameter its type)
        cursor = psycopg.Cursor(self.raw)
        if rows:
            named = isinstance(rows[0], Mapping)
            text, _ = self._db.translated(sql, named, returning=False)
            self._run(lambda: cursor.executemany(text, rows))
        return PgCursor(cursor, False)


class PgAutocommit:
    """`Store.conn` outside a transaction: each statement borrows a pooled connection for its own
    duration (and commits by itself, as SQLite's autocommit does), so no thread holds a connection
    between statements and a burst of threads cannot exhaust the pool."""

    in_transaction = False

    def __init__(self, database: "PostgresDatabase"):
        self._db = database

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgCursor:
        word = sql.strip().rstrip(";").upper()
        if word.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            raise RuntimeError(f"{word}: use Store.transaction() on PostgreSQL")
        with self._db.pool.connection() as raw:
            return PgConnection(self._db, raw).execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        with self._db.pool.connection() as raw:
            return PgConnection(self._db, raw).executemany(sql, rows)


class PostgresDatabase:
    """A PostgreSQL database used by one Store: a connection pool; a thread holds a connection only
    for one statement, or for one transaction."""

    def __init__(self, url: str, max_connections: int = 10):
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:  # pragma: no cover - depends on the installation
            raise DatabaseUnavailable("a PostgreSQL database needs psycopg: pip install 'policykb[postgres]'") from None
        try:  # fail at once with the reason, rather than a pool retrying for its timeout
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as e:
            reason = " ".join(line.strip() for line in str(e).splitlines() if line.strip()) or type(e).__name__
            raise DatabaseUnavailable(f"cannot connect to the PostgreSQL database {redact(url)}: {reason}") from None

        self.url = url
        self._local = threading.local()
        self._primary_keys: dict[str, tuple[str, ...]] = {}
        self._id_tables: frozenset[str] = frozenset()
        self._translations: dict[tuple[str, bool, bool], tuple[str, bool]] = {}
        self._autocommit = PgAutocommit(self)
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max_connections, open=True, timeout=60,
            kwargs={"autocommit": True, "cursor_factory": psycopg.ClientCursor, "row_factory": _row_factory},
            configure=_configure, name="policykb",
        )
        self.pool.wait(timeout=30)

    def connection(self) -> PgConnection | PgAutocommit:
        """This thread's transaction's connection, or (outside one) statements on pooled connections."""
        return getattr(self._local, "transaction", None) or self._autocommit

    @contextmanager
    def transaction(self, write_lock: bool = True) -> Iterator[PgConnection]:
        """BEGIN ... COMMIT on one pooled connection, under the write lock (SQLite's BEGIN IMMEDIATE:
        one writer at a time); ROLLBACK on any exception.  Nested use joins the outer transaction.

        `write_lock=False`: without the advisory lock, for a transaction that locks its own rows
        (`SELECT ... FOR UPDATE SKIP LOCKED`: claiming a job, kb/store_jobs.py), so workers on
        several machines do not queue behind each other's writes."""
        outer = getattr(self._local, "transaction", None)
        if outer is not None:
            yield outer
            return
        with self.pool.connection() as raw:
            conn = PgConnection(self, raw, in_transaction=True)
            raw.execute("BEGIN")
            self._local.transaction = conn
            try:
                if write_lock:
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield conn
            except BaseException:
                self._local.transaction = None
                raw.execute("ROLLBACK")
                raise
            self._local.transaction = None
            raw.execute("COMMIT")

    def release(self) -> None:
        """Nothing is held between statements; kept for `Store.close`."""

    def close(self) -> None:
        self.pool.close()

    def translated(self, sql: str, named: bool, returning: bool = True) -> tuple[str, bool]:
        key = (sql, named, returning)
        found = self._translations.get(key)
        if found is None:
            found = translate(sql, named, self._primary_keys, self._id_tables if returning else ())
            if len(self._translations) > 20_000:  # texts built with a varying number of marks: stay bounded
                self._translations.clear()
            self._translations[key] = found
        return found

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        with self.pool.connection() as raw:
            if raw.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
                return 0
            return int(raw.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])

    def migrate(self, migrations: Sequence[tuple[int, str]]) -> None:
        """Apply the versions above `schema_version`, each in its own transaction, one process at a time."""
        with self.pool.connection() as raw:
            for version, sql in postgres_migrations(migrations):
                with raw.transaction():
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
                    raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
                    current = raw.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
                    if version <= current:
                        continue
                    raw.execute(sql.encode("utf-8"))  # several statements, no parameters
                    raw.execute("DELETE FROM schema_version")
                    raw.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
        self.load_catalogue()

    def load_catalogue(self) -> None:
        """Primary keys and `id` columns of the tables, for the translation of INSERT statements."""
        with self.pool.connection() as raw:
            self._read_catalogue(raw)

    def _read_catalogue(self, raw: Any) -> None:
        keys: dict[str, list[str]] = {}
        for r in raw.execute(
            "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name"
            " AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name"
            " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()"
            " ORDER BY tc.table_name, kcu.ordinal_position"
        ):
            keys.setdefault(r[0], []).append(r[1])
        self._primary_keys = {t: tuple(cols) for t, cols in keys.items()}
        self._id_tables = frozenset(r[0] for r in raw.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND column_name = 'id' AND table_name IN (SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')"))
        self._translations.clear()


@lru_cache(maxsize=1)
def _adapters() -> tuple[type, type]:
    from psycopg.adapt import Loader
    from psycopg.types.numeric import IntDumper

    class BoolAsInt(IntDumper):
        """Python bools go in as 0/1: the schema's flags are integers, as in SQLite."""

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    class NumericAsFloat(Loader):
        """numeric (AVG, SUM over floats) comes back as float, as SQLite's REAL does."""

        def load(self, data: Any) -> float:
            return float(bytes(data))

    return BoolAsInt, NumericAsFloat


def _configure(conn: Any) -> None:
    bool_dumper, numeric_loader = _adapters()
    conn.adapters.register_dumper(bool, bool_dumper)
    conn.adapters.register_loader("numeric", numeric_loader)


def stored_schema_version(target: Any) -> int | None:
    """The schema version a database is at, read without migrating it (None: no database there yet).

    `target`: a SQLite file path or a PostgreSQL URL, as `Store` takes.
    """
    if is_postgres_url(target):
        import psycopg

        try:
            with psycopg.connect(target, connect_timeout=10) as conn:
                if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
                    return 0
                return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])
        except psycopg.Error as e:
            reason = " ".join(line.strip() for line in str(e).splitlines() if line.strip()) or type(e).__name__
            raise DatabaseUnavailable(f"cannot connect to the PostgreSQL database {redact(target)}: {reason}") from None
    from pathlib import Path

    path = Path(target)
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()
