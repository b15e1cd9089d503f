"""Character-level cleaning shared by every format.

Scraped pages and exported documents carry non-breaking spaces, zero-width
characters, stray control bytes and Windows line endings.  Downstream stages
(sentence splitting, offsets, search) want one kind of space and one kind of
newline, so every reader passes its text through here first.
"""

from __future__ import annotations

import re
import unicodedata

from kb.tables import CONTROL_EXCEPT_NEWLINE, CONTROL_NOT_WHITESPACE

# Spaces that look like a space but are not U+0020 (NBSP, thin, figure, ideographic...).
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
# Characters that render as nothing: zero-width joiners, BOM, soft hyphen, word joiner.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200d\u2060\ufeff\ufffe]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# UTF-16 halves: a PDF reader that counts characters in UTF-16 code units hands over a letter
# beyond U+FFFF (a formula's "𝐶𝑂2") as two halves, which no later stage can encode
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Mathematical alphanumeric symbols ("𝐶𝑂2 𝑡𝑜𝑛𝑠" in a formula): styled letters and digits, read as the plain ones
_MATH_LETTERS = re.compile(r"[\U0001d400-\U0001d7ff]+")
_RUNS_OF_SPACES = re.compile(r" {2,}")
# Unicode category Cc, except the line feed; and Cc except whitespace (see kb/tables.py).
_CONTROL = CONTROL_EXCEPT_NEWLINE
_CONTROL_NOT_WHITESPACE = CONTROL_NOT_WHITESPACE


def normalize_text(text: str) -> str:
    """NFC text with `\\n` line ends, plain spaces and no control characters.

    Indentation is kept (Markdown list nesting needs it); runs of spaces inside a
    line are squeezed later by `squash`.
    """
    if _SURROGATES.search(text):
        # pairs joined into their character, a half without its partner replaced (U+FFFD)
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _MATH_LETTERS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text)


def squash(text: str) -> str:
    """One line of text with single spaces and no leading/trailing blanks."""
    return _RUNS_OF_SPACES.sub(" ", text.replace("\n", " ")).strip()


def control_ratio(text: str) -> float:
    """Share of characters that are control characters other than whitespace (tab, line breaks, form feed).

    Used to tell binary data that happened to decode from real text.
    """
    if not text:
        return 0.0
    return len(_CONTROL_NOT_WHITESPACE.findall(text)) / len(text)
