"""The original bytes of every accepted file, kept under their sha256.

Why: nothing uploaded is ever lost, a failed file can be retried, and a
document can be re-processed when the extractor improves.

Why two backends behind one interface: on one machine the originals are a
folder under the data folder; with several workers and web nodes (issue 17)
every machine must read the bytes any other machine accepted, so they live
either in a folder all machines mount (a shared filesystem: NFS, a cluster
volume) or in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...).  Which one is
chosen by URL (`POLICYKB_ORIGINALS_URL`, `kb.config.Settings.originals_url`):

- unset: `<data>/originals` (the embedded default);
- `file:///shared/originals` or a plain path: that folder;
- `s3://bucket/prefix`: that bucket (boto3, `pip install 'policykb[s3]'`); the
  endpoint of a non-AWS service comes from `POLICYKB_S3_ENDPOINT_URL`, the
  credentials from boto3's usual places (environment, ~/.aws, instance role).

Both are content-addressed (the key is the sha256 of the bytes, so two
machines writing the same file write the same thing) and atomic: a folder
writes a temporary file, fsyncs it and renames it; an S3 PUT makes an object
visible whole or not at all.  Either way a crash never leaves half a file
under a real name.  `open_originals(settings)` is what callers use.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import unquote, urlparse

from kb.errors import PolicyKBError

if TYPE_CHECKING:  # pragma: no cover
    from kb.config import Settings


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checked(sha256: str) -> str:
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return sha256


class OriginalsUnavailable(PolicyKBError):
    """The configured originals store cannot be used (a bad URL, boto3 missing, the bucket unreachable)."""

    code = "originals_unavailable"


class Originals:
    """A content-addressed folder: originals/ab/abcdef...."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    @property
    def location(self) -> str:
        """Where the bytes live, for messages and `policykb status`."""
        return str(self.root)

    def path(self, sha256: str) -> Path:
        return self.root / _checked(sha256)[:2] / sha256

    def put(self, data: bytes) -> str:
        """Keep `data`; returns its sha256.  Keeping the same bytes twice is a no-op."""
        sha = sha256_of(data)
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        """The kept bytes; FileNotFoundError when there are none."""
        return self.path(sha256).read_bytes()

    def remove(self, sha256: str) -> None:
        """Delete the kept bytes (their last document was deleted); no error when already gone."""
        self.path(sha256).unlink(missing_ok=True)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def __iter__(self) -> Iterator[str]:
        """The sha256 of every kept original, in order (temporary files left by a crash are skipped)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and len(folder.name) == 2:
                for path in sorted(folder.iterdir()):
                    if path.is_file() and len(path.name) == 64 and path.name.startswith(folder.name):
                        yield path.name


class S3Originals:
    """A content-addressed S3 bucket: s3://bucket/prefix/ab/abcdef...., the same interface as `Originals`.

    `client`: a boto3 S3 client (made from `endpoint_url` and boto3's usual credentials when not given).
    """

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, client: object = None):
        if client is None:
            try:
                import boto3
            except ImportError:  # pragma: no cover - depends on the installation
                raise OriginalsUnavailable("originals in an S3 bucket need boto3: pip install 'policykb[s3]'") from None
            client = boto3.client("s3", endpoint_url=endpoint_url or None)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    @property
    def location(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def key(self, sha256: str) -> str:
        name = f"{_checked(sha256)[:2]}/{sha256}"
        return f"{self.prefix}/{name}" if self.prefix else name

    def _missing(self, error: Exception) -> bool:
        code = str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def put(self, data: bytes) -> str:
        """Keep `data`; returns its sha256.  Keeping the same bytes twice is a no-op (no second upload)."""
        sha = sha256_of(data)
        if not self.exists(sha):
            self.client.put_object(Bucket=self.bucket, Key=self.key(sha), Body=data)  # type: ignore[attr-defined]
        return sha

    def get(self, sha256: str) -> bytes:
        """The kept bytes; FileNotFoundError when there are none (as the folder raises)."""
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))  # type: ignore[attr-defined]
        except ClientError as e:
            if self._missing(e):
                raise FileNotFoundError(f"{self.location}/{self.key(sha256)}") from None
            raise
        return answer["Body"].read()

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))  # type: ignore[attr-defined]
        except ClientError as e:
            if self._missing(e):
                return False
            raise
        return True

    def remove(self, sha256: str) -> None:
        """Delete the kept bytes; no error when already gone (S3 deletes are idempotent)."""
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[str]:
        """The sha256 of every kept original, in key order."""
        pages = self.client.get_paginator("list_objects_v2").paginate(  # type: ignore[attr-defined]
            Bucket=self.bucket, Prefix=f"{self.prefix}/" if self.prefix else "")
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].rsplit("/", 1)[-1]
                if len(name) == 64 and all(ch in "0123456789abcdef" for ch in name):
                    yield name


OriginalStore = Originals | S3Originals


def originals_at(url: str | os.PathLike[str], endpoint_url: str | None = None) -> OriginalStore:
    """The originals store a URL names: `s3://bucket/prefix`, `file:///path` or a plain folder path."""
    text = os.fspath(url)
    if text.startswith("s3://"):
        parsed = urlparse(text)
        if not parsed.netloc:
            raise OriginalsUnavailable(f"{text!r}: an S3 originals URL needs a bucket (s3://bucket/prefix)")
        return S3Originals(parsed.netloc, parsed.path, endpoint_url=endpoint_url)
    if text.startswith("file://"):
        parsed = urlparse(text)
        if parsed.netloc not in ("", "localhost"):
            raise OriginalsUnavailable(f"{text!r}: a file URL names a local folder (file:///path)")
        return Originals(unquote(parsed.path))
    if "://" in text:
        raise OriginalsUnavailable(f"{text!r}: originals live in a folder (file:///path) or a bucket (s3://bucket/prefix)")
    return Originals(text)


def open_originals(settings: "Settings") -> OriginalStore:
    """The originals store the settings configure (`originals_url`, else `<data>/originals`)."""
    if settings.originals_url and settings.originals_url.startswith("s3://"):
        return _bucket(settings.originals_url, settings.s3_endpoint_url)
    return Originals(settings.originals_dir)


@functools.lru_cache(maxsize=8)
def _bucket(url: str, endpoint_url: str | None) -> OriginalStore:
    """One S3 client per bucket and endpoint for the process (boto3 clients are thread-safe, and slow to make)."""
    return originals_at(url, endpoint_url)
