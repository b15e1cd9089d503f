"""Zip safety checks for DOCX files, done before anything is decompressed.

A DOCX is a zip archive, and a zip's central directory says how large each
member will be once inflated.  A "zip bomb" declares gigabytes behind a few
kilobytes.  We read only the directory, refuse archives whose declared sizes,
compression ratio or entry count are out of proportion, and only then let
python-docx inflate anything.  `zipfile` never returns more bytes than a member
declares, so checking declared sizes bounds the real work.
"""

from __future__ import annotations

import io
import zipfile

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
