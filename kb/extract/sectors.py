"""Sector of a commitment, by keyword lexicon (`lexicon.SECTORS`)."""

from __future__ import annotations

import re

from kb.extract.lexicon import SECTORS

_WORD = re.compile(r"[a-z0-9][a-z0-9.\-]*")


def sector_of(text: str) -> str | None:
    """The sector whose keywords occur most often in `text` (earlier sectors win ties)."""
    words = [w.strip(".-") for w in _WORD.findall(text.lower())]
    best, best_score = None, 0
    for sector, keys in SECTORS.items():
        score = sum(1 for w in words if w in keys)
        if score > best_score:
            best, best_score = sector, score
    return best
