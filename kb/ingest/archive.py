"""Zip safety: checks for DOCX files, and one unpacking budget per upload.

Two uses.  `open_checked` guards the DOCX parser (below).  `unpack_zip` opens
an uploaded .zip, and the zips inside it, under one `UploadBudget`: bytes
inflated, files, nesting depth, counted across every level, so six inner zips
cannot each spend a budget of their own.  Members are streamed in chunks into
anonymous temporary files (never held whole in memory); the budget is checked
against the directory's declared sizes before anything is inflated and again
against the bytes actually read, so a lying header gains nothing.  Spending
past the budget raises `BudgetExceeded`: the caller refuses the whole upload.


A DOCX is a zip archive, and a zip's central directory says how large each
member will be once inflated.  A "zip bomb" declares gigabytes behind a few
kilobytes.  We read only the directory, refuse archives whose declared sizes,
compression ratio or entry count are out of proportion, and only then let
python-docx inflate anything.  `zipfile` never returns more bytes than a member
declares, so checking declared sizes bounds the real work.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from typing import IO

from kb.config import MB

MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_COMPRESSION_RATIO = 100
MAX_ENTRIES = 10_000
# Below this total, a high ratio is harmless (tiny XML parts compress very well).
_RATIO_FLOOR_BYTES = 10 * MB


class UnsafeArchive(ValueError):
    """The archive is broken or declares an unreasonable amount of data."""


class ZipBomb(UnsafeArchive):
    """The archive declares far more data, or entries, than a document needs."""


def open_checked(data: bytes) -> zipfile.ZipFile:
    """A ZipFile over `data`, after checking its directory against the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UnsafeArchive(f"not a valid zip archive ({error})") from error
    try:
        check_entries(entries)
    except UnsafeArchive:
        archive.close()
        raise
    return archive


def check_entries(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ZipBomb(f"zip has {len(entries)} entries, over the limit of {MAX_ENTRIES}: zip bomb?")
    declared = sum(info.file_size for info in entries)
    compressed = sum(info.compress_size for info in entries)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise ZipBomb(
            f"zip would unpack to {declared / MB:.1f} MB, over the "
            f"{MAX_UNCOMPRESSED_BYTES / MB:.0f} MB limit: zip bomb?"
        )
    if declared > _RATIO_FLOOR_BYTES and declared > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise ZipBomb(
            f"zip compression ratio {declared / max(compressed, 1):.0f}:1 is over "
            f"{MAX_COMPRESSION_RATIO}:1: zip bomb?"
        )


# -- one budget per upload, across nested zips --------------------------------------------------

CHUNK = 1024 * 1024
MAX_PATH_DEPTH = 16  # folders inside one zip
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


class BudgetExceeded(UnsafeArchive):
    """The upload would unpack to more bytes, files or zip levels than one upload may."""


@dataclass
class UploadBudget:
    """What one upload may spend while unpacking, and what it has spent so far."""

    max_bytes: int
    max_files: int
    max_depth: int          # zips inside the uploaded zip: 1 allows one level, no deeper
    max_file_bytes: int
    used_bytes: int = 0
    files: int = 0

    def spend_bytes(self, n: int) -> None:
        self.used_bytes += n
        if self.used_bytes > self.max_bytes:
            raise BudgetExceeded(
                f"it unpacks to more than {_size(self.max_bytes)}, the unpacking budget of one upload "
                "(counted across zips inside zips)")

    def spend_files(self, n: int = 1) -> None:
        self.files += n
        if self.files > self.max_files:
            raise BudgetExceeded(
                f"it holds more than {self.max_files} files, the file budget of one upload "
                "(counted across zips inside zips)")

    def check_declared(self, declared_bytes: int, declared_files: int) -> None:
        """Refuse at once when a zip's own directory already says it is over budget."""
        if self.used_bytes + declared_bytes > self.max_bytes:
            raise BudgetExceeded(
                f"it unpacks to more than {_size(self.max_bytes)} (its zips declare "
                f"{_size(self.used_bytes + declared_bytes)}), the unpacking budget of one upload "
                "(counted across zips inside zips)")
        if self.files + declared_files > self.max_files:
            raise BudgetExceeded(
                f"it holds more than {self.max_files} files, the file budget of one upload "
                "(counted across zips inside zips)")

    def check_depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise BudgetExceeded(
                f"it nests zips {depth} deep inside the upload, over the budget of {self.max_depth} "
                "(a zip inside the uploaded zip is fine, deeper is not)")


@dataclass(frozen=True)
class Spooled:
    """One unpacked member: its base name and an open temporary file holding its bytes."""

    name: str
    file: IO[bytes]
    size: int


def looks_like_zip(name: str, head: bytes) -> bool:
    return name.lower().endswith(".zip") and head[:4] in ZIP_MAGIC


def _member_parts(info: zipfile.ZipInfo) -> list[str]:
    member = info.filename.replace("\\", "/")
    return [p for p in member.split("/") if p and p not in (".", "..")]


def _spool(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: UploadBudget, stack: ExitStack,
           limit: int) -> tuple[IO[bytes] | None, int]:
    """Stream one member into a temporary file; (None, bytes read) when it is over `limit`."""
    out = stack.enter_context(tempfile.TemporaryFile())
    size = 0
    with archive.open(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            budget.spend_bytes(len(chunk))
            size += len(chunk)
            if size > limit:
                return None, size
            out.write(chunk)
    out.seek(0)
    return out, size


def unpack_zip(source: IO[bytes], name: str, budget: UploadBudget, stack: ExitStack,
               depth: int = 0) -> tuple[list[Spooled], list[tuple[str, str]]]:
    """(members, failures) of the zip in `source`, inner zips unpacked in place, all under `budget`.

    `failures` are (member name, reason) for single members that cannot be taken
    (encrypted, unreadable, over the per-file limit, folders too deep); they cost
    the rest nothing.  Raises BudgetExceeded when the upload as a whole is over
    budget, and UnsafeArchive when `source` is not a readable zip.  The temporary
    files close with `stack`.
    """
    budget.check_depth(depth)
    try:
        archive = stack.enter_context(zipfile.ZipFile(source))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeArchive(f"not a readable zip archive ({exc})") from exc
    wanted = []
    for info in infos:
        parts = _member_parts(info)
        if info.is_dir() or not parts:
            continue
        if parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
            continue  # resource forks and hidden files: never read
        wanted.append((info, parts))
    budget.check_declared(sum(i.file_size for i, _p in wanted), len(wanted))
    members: list[Spooled] = []
    failed: list[tuple[str, str]] = []
    for info, parts in wanted:
        base = parts[-1]
        budget.spend_files()
        if len(parts) > MAX_PATH_DEPTH:
            failed.append((base, "folder nesting too deep inside the zip"))
            continue
        if info.flag_bits & 0x1:
            failed.append((base, "encrypted zip member"))
            continue
        is_inner_zip = base.lower().endswith(".zip")
        limit = budget.max_bytes if is_inner_zip else budget.max_file_bytes
        if info.file_size > limit:
            failed.append((base, f"file is {_size(info.file_size)}, over the {_size(limit)} limit"))
            continue
        try:
            fh, size = _spool(archive, info, budget, stack, limit)
        except BudgetExceeded:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            failed.append((base, f"cannot unpack from the zip ({exc})"))
            continue
        if fh is None:
            failed.append((base, f"file is over the {_size(limit)} limit"))
            continue
        head = fh.read(4)
        fh.seek(0)
        if looks_like_zip(base, head):
            budget.files -= 1  # the zip itself is not a file to keep; its members are counted
            try:
                inner, inner_failed = unpack_zip(fh, base, budget, stack, depth + 1)
            except BudgetExceeded:
                raise
            except UnsafeArchive as exc:
                failed.append((base, str(exc)))
                continue
            members.extend(inner)
            failed.extend(inner_failed)
        else:
            members.append(Spooled(base, fh, size))
    if not members and not failed:
        failed.append((name, "the zip holds no files"))
    return members, failed
