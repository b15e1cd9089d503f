"""`policykb export FILE` / `policykb import FILE`: a whole knowledge base moved between backends.

Why not `policykb backup`: a backup copies the SQLite file itself, which only SQLite can open.
Moving a knowledge base from the embedded default to a PostgreSQL cluster (or back, or from
one PostgreSQL to another) needs the rows, not the file: this module writes every table's rows
(ids kept, so every link between rows still holds) and the originals they need into one zip
file that either backend reads.

The file (a zip):
  manifest.json        format, schema version, the source backend, and for each table its
                       columns, row count and checksum; the originals' count
  tables/NAME.jsonl    one JSON array a row, values in the manifest's column order
                       (bytes as {"$bytes": base64})
  originals/ab/abcd…   the original bytes, by sha256 (checked on import)

Checks: the schema versions must be equal (export and import with the same PolicyKB, after
`policykb migrate` on both sides); a table's checksum is order-free (the sum, modulo 2**256, of
the sha256 of each row's canonical JSON with its columns by name), so it is computed the same
way from either backend, whatever order the rows come in, and is recomputed from the target
inside the import's transaction: a mismatch rolls the whole import back.  An import refuses a
knowledge base that holds data unless `replace=True`.  Export reads in one transaction (a
consistent snapshot; writers wait until it is done).

Not carried: the running state of one deployment (kb/store_transfer.py: the search change log,
search nodes, workers).  The search index is not carried either: the import's caller rebuilds it
from the store (`policykb import` does, unless --no-reindex), and other search nodes catch up
from the change log the import's inserts wrote.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from kb.errors import PolicyKBError
from kb.originals import OriginalStore, sha256_of
from kb.store import Store

FORMAT = "policykb-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 2000


class TransferError(PolicyKBError):
    code = "transfer_failed"


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class TransferReport:
    """What an export wrote or an import loaded (and verified)."""

    schema_version: int
    tables: tuple[TableSummary, ...]
    originals: int
    missing_originals: tuple[str, ...] = field(default=())

    def rows(self, table: str) -> int:
        return next(t.rows for t in self.tables if t.name == table)

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)


# -- canonical rows and checksums ------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return base64.b64decode(value["$bytes"])
    return value


def row_digest(columns: Sequence[str], row: Sequence[Any]) -> int:
    """sha256 of the row's canonical JSON (its columns sorted by name), as a number."""
    canonical = json.dumps([[c, _encode(v)] for c, v in sorted(zip(columns, row))],
                           ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return int.from_bytes(hashlib.sha256(canonical.encode("utf-8")).digest(), "big")


class Checksum:
    """An order-free checksum of a multiset of rows: the sum of their digests modulo 2**256."""

    def __init__(self) -> None:
        self.total = 0
        self.rows = 0

    def add(self, columns: Sequence[str], row: Sequence[Any]) -> None:
        self.total = (self.total + row_digest(columns, row)) % (1 << 256)
        self.rows += 1

    @property
    def hex(self) -> str:
        return f"{self.total:064x}"


def table_summaries(store: Store, tables: Sequence[str] | None = None) -> tuple[TableSummary, ...]:
    """Row counts and checksums of a store's tables, read from the store itself."""
    out = []
    for table in tables or store.transfer_tables():
        columns = store.table_columns(table)
        check = Checksum()
        for row in store.iter_table_rows(table, columns, BATCH):
            check.add(columns, row)
        out.append(TableSummary(table, check.rows, check.hex))
    return tuple(out)


# -- export ------------------------------------------------------------------------------------------

def export_kb(store: Store, originals: OriginalStore, path: str | Path) -> TransferReport:
    """Write the knowledge base in `store` (and the originals it needs) to the zip file `path`."""
    path = Path(path)
    if path.exists():
        raise TransferError(f"{path}: already exists; choose a new file name for the export")
    tmp = path.with_name(f".{path.name}.partial")
    summaries: list[TableSummary] = []
    missing: list[str] = []
    shas: list[str] = []
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf, \
                store.transaction():
            schema_version = store.schema_version
            manifest_tables: dict[str, dict[str, Any]] = {}
            for table in store.transfer_tables():
                columns = store.table_columns(table)
                check = Checksum()
                with zf.open(f"tables/{table}.jsonl", "w", force_zip64=True) as fh:
                    for row in store.iter_table_rows(table, columns, BATCH):
                        check.add(columns, row)
                        fh.write(json.dumps([_encode(v) for v in row], ensure_ascii=False,
                                            separators=(",", ":")).encode("utf-8") + b"\n")
                summaries.append(TableSummary(table, check.rows, check.hex))
                manifest_tables[table] = {"columns": columns, "rows": check.rows, "checksum": check.hex}
            for sha in store.referenced_originals():
                try:
                    data = originals.get(sha)
                except FileNotFoundError:
                    missing.append(sha)
                    continue
                zf.writestr(f"originals/{sha[:2]}/{sha}", data)
                shas.append(sha)
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION,
                "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "source": store.dialect, "schema_version": schema_version,
                "tables": manifest_tables, "originals": len(shas), "missing_originals": missing,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return TransferReport(schema_version, tuple(summaries), len(shas), tuple(missing))


# -- import ------------------------------------------------------------------------------------------

def read_manifest(zf: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError):
        raise TransferError(f"{name}: not a PolicyKB export (no readable {MANIFEST})") from None
    if manifest.get("format") != FORMAT:
        raise TransferError(f"{name}: not a PolicyKB export (format {manifest.get('format')!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise TransferError(f"{name}: export format {manifest.get('format_version')} is not the one this "
                            f"PolicyKB reads ({FORMAT_VERSION})")
    return manifest


def _rows(zf: zipfile.ZipFile, table: str) -> Iterator[list[Any]]:
    with zf.open(f"tables/{table}.jsonl") as fh:
        for line in fh:
            yield [_decode(v) for v in json.loads(line)]


def _batches(rows: Iterable[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    batch: list[list[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_kb(store: Store, originals: OriginalStore, path: str | Path, replace: bool = False) -> TransferReport:
    """Load the export `path` into `store` and `originals`; verified against the export's counts and checksums.

    Refuses a store that holds data unless `replace` (which deletes it first, in the same transaction).
    """
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise TransferError(f"{path}: no such file") from None
    except zipfile.BadZipFile:
        raise TransferError(f"{path}: not a PolicyKB export (not a zip file)") from None
    with zf:
        manifest = read_manifest(zf, str(path))
        if manifest["schema_version"] != store.schema_version:
            raise TransferError(
                f"{path}: exported at schema version {manifest['schema_version']}, but this knowledge base is at "
                f"{store.schema_version}; export and import with the same PolicyKB version (policykb migrate)")
        tables = store.transfer_tables()
        exported: dict[str, dict[str, Any]] = manifest["tables"]
        unknown = sorted(set(exported) - set(tables))
        if unknown:
            raise TransferError(f"{path}: holds tables this knowledge base lacks: {', '.join(unknown)}")
        for table in tables:
            if table in exported and sorted(exported[table]["columns"]) != sorted(store.table_columns(table)):
                raise TransferError(f"{path}: table {table} has other columns than this knowledge base's")
        holding = [t for t in tables if store.table_row_count(t)]
        if holding and not replace:
            raise TransferError(f"the target knowledge base is not empty ({', '.join(holding)} hold rows); "
                                "import into an empty one, or pass --replace to delete its contents first")

        # the originals first: content-addressed, so a failed import leaves nothing wrong behind
        shas = []
        for name in zf.namelist():
            if name.startswith("originals/") and not name.endswith("/"):
                data = zf.read(name)
                sha = name.rsplit("/", 1)[-1]
                if sha256_of(data) != sha:
                    raise TransferError(f"{path}: the original {sha} is damaged (its bytes have another sha256)")
                originals.put(data)
                shas.append(sha)

        with store.transaction():
            if replace:
                store.clear_tables(tables)
            for table in tables:
                if table not in exported:
                    continue
                columns = exported[table]["columns"]
                for batch in _batches(_rows(zf, table), BATCH):
                    store.insert_table_rows(table, columns, batch)
            store.advance_identities(tables)
            loaded = table_summaries(store, [t for t in tables if t in exported])
            for summary in loaded:
                want = exported[summary.name]
                if (summary.rows, summary.checksum) != (want["rows"], want["checksum"]):
                    raise TransferError(
                        f"{summary.name}: imported {summary.rows} rows (checksum {summary.checksum[:12]}…), the "
                        f"export holds {want['rows']} ({want['checksum'][:12]}…); nothing was imported")
        return TransferReport(store.schema_version, loaded, len(shas), tuple(manifest.get("missing_originals", ())))
