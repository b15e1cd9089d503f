"""Small helpers shared by the parts of the store: the timestamp format."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 to the second (the format of every stored timestamp)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
