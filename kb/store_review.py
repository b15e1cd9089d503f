"""People's corrections and reviews of extracted records (mixed into `kb.store.Store`).

Empty for now: the review overlay (issue 14) fills it.
"""

from __future__ import annotations

import sqlite3
from typing import Any


class ReviewStore:
    """Corrections kept beside the extractor's output.  Needs `conn` and `transaction` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any
