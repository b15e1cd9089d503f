"""Tables that ingestion and extraction share: month names, number words,
control characters, list markers.

Each table is defined once here; `kb.ingest` and `kb.extract` import it.  This
module imports nothing from the project, so any layer may use it.
"""

from __future__ import annotations

import re

# --- month names -------------------------------------------------------------

# English month names and their abbreviations, lower case, in the order a regex
# alternation lists them (full names first, then "jan" ... "dec"; "sep" and
# "sept" both abbreviate September).
MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)

# month name or abbreviation (lower case) -> month number 1-12
MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTH_NAMES[:12], start=1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# ("may" abbreviates itself)

# --- number words ------------------------------------------------------------

# Number words written out in policy text ("within ninety days", "three million
# homes", "a dozen pilot cities"), lower case -> value.  Articles are not here:
# "a"/"an" mean one only in a deadline ("within a year"), never as a figure.
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}

# --- control characters ------------------------------------------------------
# Three sets on purpose; each caller's semantics differ.

# Ingestion (`kb.ingest.normalize.normalize_text`) deletes these: Unicode category
# Cc except the line feed (it runs after line breaks became "\n"; tabs were
# turned into spaces before).
CONTROL_EXCEPT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")

# Ingestion's binary-data test (`kb.ingest.normalize.control_ratio`) counts these:
# Cc except the whitespace controls (tab, line feed, vertical tab, form feed,
# carriage return), which real text carries.
CONTROL_NOT_WHITESPACE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Extraction (`kb.extract`) masks these with a space before parsing, so that
# offsets into the passage text still hold: Cc except tab, line feed and
# carriage return, plus the invisible format characters (zero-width space to
# right-to-left mark, line and paragraph separators, BOM) that ingestion may
# have let through in text given to the extractor directly.
CONTROL_AND_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")

# --- list markers ------------------------------------------------------------

# A lower-case roman numeral from i to xxxix, as pledges and orders number their items
# ("vii. Reduce X", "(iv) ensure Y"); well-formed only, so that words such as "mid" or
# "civil" do not pass for one.
ROMAN_ITEM_NUMBER = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})"

# A list marker at the start of a line or sentence, with the spaces after it:
# "(iv)", "iv)", "vii.", "(b)", "b)", "b:" (a city plan's sub-policies, round 27), "(3)", "3.", "3)", or a bullet.  A roman numeral
# with a full stop counts in lower case only ("I. Introduction" is a heading's number).
LIST_MARKER = re.compile(r"^\s*(?:\(?[ivxlc]{1,5}\)|(?-i:" + ROMAN_ITEM_NUMBER + r")\.(?=\s|$)|\(?[a-z]\)"
                         r"|(?-i:[a-z]):(?=\s)|\(?\d{1,2}[.)]|[•\-–*·▪])\s*", re.I)

# A list marker's label, for counting items back: "(c)" -> "c", "iii." -> "iii", "3)" -> "3".
LIST_MARKER_LABEL = re.compile(r"^\s*\(?([a-z]|[ivxlc]{1,5}|\d{1,2})[.)]", re.I)

# Roman numerals in order, for the item before "(iv)".
ROMAN_NUMERALS: tuple[str, ...] = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
                                   "xiv", "xv")

# Characters that may open a list line; the sentence splitter starts a new
# sentence after a line break when the next line opens with one of them.
LIST_LINE_STARTS: tuple[str, ...] = ("(", "•", "-", "*")
