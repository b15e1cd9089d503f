"""A PostgreSQL for a benchmark: the one named by POLICYKB_DATABASE_URL, else a private pgserver.

Why one helper: every benchmark that compares the engines needs the same few
lines (use the configured database when there is one, otherwise start a
throwaway PostgreSQL 16 from the `pgserver` package in a folder and stop it
afterwards), and a benchmark must never leave a server running.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def postgres_url(folder: Path | None = None) -> Iterator[str]:
    """Yield a PostgreSQL URL: POLICYKB_DATABASE_URL (an empty database) or a private server under `folder`."""
    url = os.environ.get("POLICYKB_DATABASE_URL")
    if url:
        yield url
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(Path(folder or tempfile.mkdtemp(prefix="bench-pg-")) / "pgdata",
                                     cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
