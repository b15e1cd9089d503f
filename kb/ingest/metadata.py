"""Publication dates stated by the text itself.

News pages and orders print their date on a labelled line near the top
("Updated: 2022-05-10", "Xinhua | Updated: 2023-11-21", "**Date:** December 08,
2021").  Only such labelled lines count: a date in the body ("by 2025",
"signed on Feb 3") says when something happens, not when the text appeared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from kb.tables import MONTHS as _MONTHS

HEAD_LINES = 15

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMATS = (
    re.compile(r"(?P<year>\d{4})[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})\s*年\s*(?P<mnum>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
)
_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:updated|published|posted|released|issued|publication\s+date|release\s+date|date(?:d)?)"
    r"|发布日期|发布时间|更新时间|成文日期|日期)"
    r"(?:\s+on)?\s*[:：]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
# A label alone on its line ("Published", "Date:"), its date on the next.
_BARE_LABEL = re.compile(
    r"^(?:first\s+)?(?:published|posted|released|issued|publication\s+date|release\s+date|date(?:\s+published)?|发布日期|发布时间|成文日期)\s*[:：]?$",
    re.IGNORECASE,
)
# "Issued by the State Council on October 24, 2021": a dateline that also names the issuer.
ISSUED_BY = re.compile(
    r"^(?:issued|published|released|adopted|promulgated|signed)\s+by\s+[^.;:]{2,80}?\s+on\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# What may follow the date on the same segment: a time, a time zone.
_TRAILER = re.compile(r"^(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?(?:\s*[A-Z]{2,4}(?:[+-]\d+)?)?\s*$")
_MAX_LINE_LENGTH = 120


def labelled_date(line: str) -> str | None:
    """The ISO date of a dateline such as "Xinhua | Updated: 2023-11-21", else None."""
    if len(line) > _MAX_LINE_LENGTH:
        return None
    issued = ISSUED_BY.match(line.strip())
    if issued:
        return parse_date(issued.group("rest").rstrip(". "))  # "... on 3 March 2025." ends a sentence
    for segment in re.split(r"\s[|·•]\s|\s{2,}", line):
        label = _LABEL.match(segment.strip().strip("*_ "))
        if label is None:
            continue
        iso = parse_date(label.group("rest"))
        if iso:
            return iso
    return None


def parse_date(text: str) -> str | None:
    """ISO form of a date written alone ("December 08, 2021", "2021-12-08 10:30"), else None."""
    text = text.strip().strip("*_ \"'")
    for pattern in _DATE_FORMATS:
        found = pattern.match(text)
        if found and _TRAILER.match(text[found.end():]):
            iso = _to_iso(found.groupdict())
            if iso:
                return iso
    return None


def find_published(lines: Iterable[str]) -> str | None:
    """The first labelled date among the first HEAD_LINES non-empty lines.

    The label may stand on its own line above the date, as in a definition list
    ("Published" | "5 March 2024" on GOV.UK pages).
    """
    found = find_published_with_source(lines)
    return found[0] if found else None


def quoted(line: str, limit: int = 80) -> str:
    """A line as a source names it: "text: 'Published 3 March 2025'"."""
    line = " ".join(line.split())
    return "'" + (line if len(line) <= limit else line[:limit - 1] + "…") + "'"


def find_published_with_source(lines: Iterable[str]) -> tuple[str, str] | None:
    """find_published's date with where it was read: ("2023-11-21", "dateline: 'Updated: 2023-11-21'")."""
    seen = 0
    label = None
    for line in lines:
        line = line.strip()
        if not line:
            continue
        iso = labelled_date(line)
        if iso:
            return iso, "dateline: " + quoted(line)
        iso = labelled_date(f"{label}: {line}") if label else None
        if iso:
            return iso, "dateline: " + quoted(f"{label} {line}")
        label = line.rstrip(":：").strip() if _BARE_LABEL.match(line) else None
        seen += 1
        if seen >= HEAD_LINES:
            break
    return None


def _to_iso(parts: dict[str, str | None]) -> str | None:
    month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get((parts.get("month") or "").lower())
    if not month:
        return None
    try:
        return date(int(parts["year"] or 0), month, int(parts["day"] or 0)).isoformat()
    except ValueError:
        return None


# -- dates printed on a page (PDF covers, title pages, Federal Register headers) --------------------

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)(?:day)?\.?,?\s+"
_FEDERAL_REGISTER = re.compile(
    r"Federal Register\s*/\s*Vol\.\s*\d+,\s*No\.\s*\d+\s*/\s*" + _WEEKDAY + r"(?P<rest>[A-Za-z]{3,9}\.?\s+\d{1,2},\s+\d{4})",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
_WEEKDAY_DATE = re.compile(r"\b" + _WEEKDAY + r"(?P<rest>" + _DAY_MONTH_YEAR + r")\b", re.IGNORECASE)
_PUBLISHED_INLINE = re.compile(
    r"\b(?:published|issued|released|presented|dated|laid before parliament)(?:\s+(?:on|in))?\s*:?\s+"
    r"(?P<rest>" + _DAY_MONTH_YEAR + r"|[A-Za-z]{3,9}\s+\d{4})\b",
    re.IGNORECASE,
)
# "Brussels, 18.5.2022 COM(2022) 230 final", "Luxembourg, 3 March 2025", "Geneva, 12 June 2023 -": a
# dateline, the place where a text was signed or issued and its date, opening a line of the cover (the
# European Commission's communications print one above their title: the four of train and validation had
# no date before round 42; the day comes first in "18.5.2022", as in the rest of Europe)
_PLACE_DATELINE = re.compile(
    r"^(?!(?i:" + _WEEKDAY + r"))(?P<place>[A-Z][A-Za-z\u00c0-\u017f'.-]+(?:[ -][A-Z][A-Za-z\u00c0-\u017f'.-]+){0,2}),\s+"
    r"(?P<rest>(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})|" + _DAY_MONTH_YEAR + r")(?![\d.]*\d)")
_LINE_END_DATE = re.compile(r"(?:^|\s|,)(?P<rest>" + _DAY_MONTH_YEAR + r"|[A-Za-z]{3,9}\s+\d{4})\s*$")
_DEADLINE_WORDS = re.compile(r"\b(?:by|before|until|till|through|from|since|to|in|on|after|of|effective)\s*$", re.IGNORECASE)
_MAX_DATE_LINE = 90


def month_date(text: str) -> str | None:
    """ISO date of "3 March 2025", "March 3, 2025" or "November 2017" (the 1st of the month), else None."""
    text = text.strip().strip(",. ")
    iso = parse_date(text)
    if iso:
        return iso
    found = re.fullmatch(r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>\d{4})", text)
    if found and (found.group("month").lower() in _MONTHS) and 1900 <= int(found.group("year")) <= 2100:
        return f"{int(found.group('year')):04d}-{_MONTHS[found.group('month').lower()]:02d}-01"
    return None


def find_printed_date(first_pages: list[str], cover_lines: int = 40) -> str | None:
    """The publication date a laid-out document prints near its start.

    In order: a Federal Register page header; a labelled or "Published 3 March 2025"
    date on the first pages; a dateline that opens a line of the cover with a place ("Brussels,
    18.5.2022 COM(2022) 230 final"); a dated weekday ("Thursday, August 6, 2020"); a short
    line of the cover that ends with a date ("Social Audit January 2012").  A date
    after "by", "until", "in"... is a deadline or an event, not a publication date.
    """
    found = find_printed_date_with_source(first_pages, cover_lines)
    return found[0] if found else None


def find_printed_date_with_source(first_pages: list[str], cover_lines: int = 40) -> tuple[str, str] | None:
    """find_printed_date's date with where it was read ("Federal Register date line: '...'", "text: '...'")."""
    lines = [squashed for page in first_pages for squashed in (" ".join(l.split()) for l in page.split("\n")) if squashed]
    for line in lines:
        found = _FEDERAL_REGISTER.search(line)
        iso = parse_date(found.group("rest")) if found else None
        if found and iso:
            return iso, "Federal Register date line: " + quoted(found.group(0))
    for line in lines:
        iso = labelled_date(line)
        if iso:
            return iso, "dateline: " + quoted(line)
        found = _PUBLISHED_INLINE.search(line)
        iso = month_date(found.group("rest")) if found else None
        if found and iso:
            return iso, "text: " + quoted(found.group(0))
    for line in lines[:cover_lines]:
        found = _PLACE_DATELINE.match(line)
        if found:
            iso = _to_iso(found.groupdict()) if found.group("mnum") else month_date(found.group("rest"))
            if iso:
                return iso, "dateline: " + quoted(found.group(0))
    for line in lines[:cover_lines]:
        found = _WEEKDAY_DATE.search(line)
        iso = month_date(found.group("rest")) if found else None
        if found and iso:
            return iso, "dated line: " + quoted(found.group(0))
    for line in lines[:cover_lines]:
        if len(line) > _MAX_DATE_LINE:
            continue
        found = _LINE_END_DATE.search(line)
        if found and not _DEADLINE_WORDS.search(line[:found.start("rest")]):
            iso = month_date(found.group("rest"))
            if iso:
                return iso, "cover line: " + quoted(line)
    return None


# A page with no labelled date that opens with its date alone ("19 June 2025" above a press
# release's headline, a month under a paper's title) or says when it was ordered
# ("Return to an order of the House of Commons dated 8 March 2017"): that date, read like a PDF's
# cover (train: eu-metering-data-implementing-act-2023 and the other Commission press releases,
# uk-hmt-spring-budget-2017-public-services).
# Only its first lines: a date further down is an event.
TOP_LINES = 8


def find_top_date_with_source(lines: Iterable[str]) -> tuple[str, str] | None:
    """The date a text without a labelled date prints at its top, with where it was read."""
    head: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            if part.strip():
                head.append(part.strip())
        if len(head) >= TOP_LINES:
            break
    return find_printed_date_with_source(["\n".join(head[:TOP_LINES])], cover_lines=TOP_LINES)


# -- the issuing body, where the document states it --------------------------------------------------

_ISSUER_VERB = re.compile(
    r"\b(?i:published|issued|prepared|produced)\s+by\s+(?:the\s+)?(?P<name>[A-Z][^.;:,\n]{2,90}?)"
    r"(?=\s+(?:on|in)\s+|\s*[.;:,(]|\s*$)"
)
_LETTERHEAD = re.compile(
    r"^(?:the\s+)?(?P<name>(?:(?:U\.S\.|United States|[A-Z][a-z]+)\s+)?(?:Department|Ministry|Office|Agency)\s+(?:of|for)\s+"
    r"[A-Z][\w&,' -]{2,80}?)\s*$"
)
_ISSUER_HEAD_LINES = 25
_MAX_ISSUER = 120


def find_issuer(lines: Iterable[str]) -> tuple[str, str] | None:
    """The body a document says issued it, with where that was read; None when it does not say.

    "Published by the Ministry of Water" / "Issued by X on ..." among the first lines, or a
    letterhead ("Department of Rural Roads") as the very first line.  A body named in the running
    text ("the Department of X will publish ...") is an actor, not the issuer, so only these count.
    """
    number = -1
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        number += 1
        if number >= _ISSUER_HEAD_LINES:
            break
        found = _ISSUER_VERB.search(line)
        if found:
            name = found.group("name").strip()
            if len(name) <= _MAX_ISSUER:
                return name, "text: " + quoted(found.group(0))
        if number == 0:
            letterhead = _LETTERHEAD.match(line)
            if letterhead:
                return letterhead.group("name").strip(), "letterhead: " + quoted(line)
    return None
