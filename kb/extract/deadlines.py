"""Deadline phrases: find them in text and normalise them to an ISO date.

`dateparser` and friends read "by 2025" as a time of day or not at all, so
this is a small rule-based normaliser.  `find_deadlines` scans a string for
deadline phrases ("by 2025", "before the end of 2030", "within 90 days of the
date of this order", "during the 14th Five-Year Plan period (2021-2025)");
`normalise_deadline` reads one phrase.

Dates are the last day by which the thing is due: "by 2025" -> 2025-12-31,
"by March 2026" -> 2026-03-31.  "before 2030" -> 2030-01-01 (the boundary).
Relative phrases ("within three years", "by the end of this year") need a
reference date: the document's publication or signing date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kb.models import Deadline

__all__ = ["DeadlineMatch", "find_deadlines", "normalise_deadline"]

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_YEAR = r"(?:19|20|21)\d\d"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
_NUM = r"(?:\d{1,4}|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
_UNIT = r"(?:calendar\s+|working\s+|business\s+)?(?P<unit>day|week|month|year)s?"

# Phrases that refer to the document itself: "the date of this order"
_SELF = r"(?:the\s+(?:date|signing|issuance|publication|effective\s+date)\s+of\s+)?(?:this|the\s+present)\s+(?:order|memorandum|directive|proclamation|act|decision|notice|plan|regulation|guidance|document|circular|law)|the\s+date\s+hereof|enactment"

_STRONG_PREP = (r"by\s+no\s+later\s+than|no\s+later\s+than|not\s+later\s+than|by\s+the\s+end\s+of|"
                r"before\s+the\s+end\s+of|at\s+the\s+end\s+of|by\s+end\s+of|by\s+the\s+close\s+of|"
                r"by|before|until|till|through|prior\s+to|up\s+to")
_WEAK_PREP = r"in|for|around|looking\s+to|looking\s+ahead\s+to|from|during|within"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("fyp", re.compile(
        r"\b(?:during|in|over|by\s+the\s+end\s+of|within|throughout|by|for)\s+the\s+"
        r"(?P<n>\d{1,2})(?:st|nd|rd|th)\s+five[-\s]year\s+plan(?:\s+period)?"
        r"(?:\s*\(\s*(?P<y1>" + _YEAR + r")\s*[-–—]\s*(?P<y2>" + _YEAR + r")\s*\))?", re.I)),
    ("range", re.compile(
        r"\b(?:during|in|over|between|from|for)\s+(?:the\s+(?:period|years)\s+(?:of\s+)?)?"
        r"(?P<y1>" + _YEAR + r")\s*(?:-|–|—|to|and|through)\s*(?P<y2>" + _YEAR + r")\b(?!\s+(?:levels?|baseline))", re.I)),
    ("within", re.compile(
        r"\b(?:within|in|over|during)\s+(?:the\s+)?(?:(?:next|coming|following|first)\s+)?(?P<n>" + _NUM + r")\s+" + _UNIT +
        r"(?:'|’)?(?:\s+time)?"
        r"(?:\s+(?P<rel>of|after|from|following)\s+(?P<anchor>" + _SELF + r"|[^,;.()]{1,80}))?", re.I)),
    ("next", re.compile(
        r"\b(?:within|in|over|during)\s+the\s+(?:next|coming)\s+(?P<unit>year|month|decade)\b", re.I)),
    ("midcentury", re.compile(
        r"\b(?:by|before|around|in)\s+(?:the\s+)?(?:mid-?|middle\s+of\s+(?:the\s+)?)(?:(?:21st|twenty-first)[-\s])?century\b|\bby\s+mid[-\s]century\b", re.I)),
    ("thisyear", re.compile(
        r"\b(?:(?:by|before|at|until)\s+the\s+end\s+of\s+|from\s+|within\s+|in\s+|by\s+|during\s+)?(?P<which>this|next|the\s+current|the\s+coming)\s+year\b", re.I)),
    ("date", re.compile(
        r"\b(?P<prep>" + _STRONG_PREP + r"|" + _WEAK_PREP + r")\s+"
        r"(?:the\s+(?:end|close)\s+of\s+)?(?:the\s+)?(?:(?:calendar\s+)?year\s+)?"
        r"(?P<fy>(?:the\s+)?(?:fiscal\s+year|FY)\s*)?"
        r"(?:(?P<month>" + _MONTH + r")\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?)?"
        r"(?P<year>" + _YEAR + r")\b"
        r"(?!\s*(?:levels?|baseline|base\s+year|prices|figures?|values?|emissions\s+levels?)\b)"
        r"(?![-–]\d)", re.I)),
]

_WEAK_PREPS = {"in", "for", "around", "looking to", "looking ahead to", "from", "during", "within"}


@dataclass(frozen=True)
class DeadlineMatch:
    start: int
    end: int
    text: str
    date: str | None
    weak: bool          # "in 2030", "for 2030": a deadline only in a future-tense clause, and not inside the target


def _last_day(year: int, month: int = 12) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _add(reference: dt.date, n: int, unit: str) -> dt.date:
    unit = unit.lower()
    if unit == "day":
        return reference + dt.timedelta(days=n)
    if unit == "week":
        return reference + dt.timedelta(weeks=n)
    months = n * (12 if unit == "year" else 120 if unit == "decade" else 1)
    total = reference.month - 1 + months
    year, month = reference.year + total // 12, total % 12 + 1
    day = min(reference.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def _fyp_end(n: int) -> int | None:
    """Last year of China's n-th Five-Year Plan (the 3rd began in 1966)."""
    if n >= 3:
        return 1966 + 5 * (n - 3) + 4
    if n in (1, 2):
        return 1957 + 5 * (n - 1)
    return None


def _normalise(kind: str, m: re.Match[str], reference: dt.date | None) -> tuple[str | None, bool, bool]:
    """(iso date, weak, keep) for one regex match."""
    if kind == "fyp":
        end = int(m.group("y2")) if m.group("y2") else _fyp_end(int(m.group("n")))
        return (_last_day(end).isoformat() if end else None), False, True
    if kind == "range":
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y2 < y1:
            return None, False, False
        return _last_day(y2).isoformat(), False, True
    if kind == "midcentury":
        return _last_day(2050).isoformat(), False, True
    if kind == "within":
        n = _number(m.group("n"))
        if n is None:
            return None, False, False
        anchor = (m.group("anchor") or "").strip()
        if m.group("rel") and not re.fullmatch(_SELF, anchor, re.I):
            # "within 30 days of issuance of the exemption": relative to an event, no date
            return None, False, True
        if reference is None:
            return None, False, True
        return _add(reference, n, m.group("unit")).isoformat(), False, True
    if kind == "next":
        if reference is None:
            return None, False, True
        return _add(reference, 1, m.group("unit")).isoformat(), False, True
    if kind == "thisyear":
        if reference is None:
            return None, False, True
        which = m.group("which").lower()
        year = reference.year + (1 if which in ("next", "the coming") else 0)
        return _last_day(year).isoformat(), False, True
    # kind == "date"
    prep = re.sub(r"\s+", " ", m.group("prep").lower())
    year = int(m.group("year"))
    weak = prep in _WEAK_PREPS
    if prep == "from":
        return None, False, False          # "from 2008 levels", "from 2025 on": a start, not a deadline
    if weak and prep == "within":
        return None, False, False
    month = MONTHS.get((m.group("month") or "").lower().rstrip("."))
    if weak and reference is not None and year <= reference.year:
        return None, True, False           # "in 2022": a past (or current) year in a description
    if month:
        day = m.group("day")
        date = dt.date(year, month, int(day)) if day and 1 <= int(day) <= calendar.monthrange(year, month)[1] else _last_day(year, month)
    else:
        date = _last_day(year)
    if prep == "before" and not month:
        date = dt.date(year, 1, 1)
    return date.isoformat(), weak, True


def find_deadlines(text: str, reference: dt.date | None = None) -> list[DeadlineMatch]:
    """Every deadline phrase in `text`, left to right, without overlaps."""
    found: list[DeadlineMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            date, weak, keep = _normalise(kind, m, reference)
            if not keep:
                continue
            taken.append((s, e))
            found.append(DeadlineMatch(s, e, text[s:e], date, weak))
    found.sort(key=lambda d: d.start)
    return found


def _as_date(reference: dt.date | str | None) -> dt.date | None:
    if reference is None or isinstance(reference, dt.date):
        return reference
    try:
        return dt.date.fromisoformat(str(reference)[:10])
    except ValueError:
        return None


def normalise_deadline(text: str, reference: dt.date | str | None = None) -> Deadline | None:
    """The deadline that `text` states, or None.

    >>> normalise_deadline("by 2025").date
    '2025-12-31'
    >>> normalise_deadline("within three years", dt.date(2023, 11, 21)).date
    '2026-11-21'
    """
    if not text or not text.strip():
        return None
    matches = find_deadlines(text, _as_date(reference))
    if not matches:
        return None
    best = matches[0]
    return Deadline(text=best.text.strip(), date=best.date)
