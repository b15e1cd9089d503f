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

from kb.extract.lexicon import (ARTICLE_NUMBERS, QUARTER_WORDS, SEASON_END_MONTHS, SELF_DOCUMENT_ADJECTIVES,
                                SELF_DOCUMENT_EVENTS, SELF_DOCUMENT_NOUNS,
                                STRONG_DEADLINE_PREPS, WEAK_DEADLINE_PREPS)
from kb.models import Deadline
from kb.tables import MONTH_NAMES, MONTHS, NUMBER_WORDS

__all__ = ["DeadlineMatch", "find_deadlines", "normalise_deadline"]

# number words of "within ninety days", and "a"/"an" of "within a year"
DEADLINE_NUMBERS: dict[str, int] = {**ARTICLE_NUMBERS, **NUMBER_WORDS}


def _phrases(words: tuple[str, ...]) -> str:
    """A regex alternation of phrases, in the given order, any whitespace between words."""
    return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in words)


_YEAR = r"(?:19|20|21)\d\d"
_MONTH = r"(?:" + "|".join(MONTH_NAMES) + r")\.?"
_NUM = r"(?:\d{1,4}|" + "|".join(sorted((re.escape(w) for w in DEADLINE_NUMBERS), key=len, reverse=True)) + r")"
_SEASON = "|".join(SEASON_END_MONTHS)
_UNIT = r"(?:calendar\s+|(?P<workdays>working|business)\s+)?(?P<unit>day|week|month|year)s?"

# Phrases that refer to the document itself: "the date of this order"
_SELF = (r"(?:(?:the\s+)?(?:" + _phrases(SELF_DOCUMENT_EVENTS) + r")\s+of\s+)?(?:this|the\s+present)\s+"
         r"(?:(?:" + _phrases(SELF_DOCUMENT_ADJECTIVES) + r")\s+)?(?:"
         + _phrases(SELF_DOCUMENT_NOUNS) + r")\b|the\s+date\s+hereof|enactment"
         # "within 180 days of its publication date": "its" is the document's own (a memo's, a policy's)
         r"|its\s+(?:" + _phrases(SELF_DOCUMENT_EVENTS) + r")")

_STRONG_PREP = _phrases(STRONG_DEADLINE_PREPS)
_WEAK_PREP = _phrases(WEAK_DEADLINE_PREPS)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("fyp", re.compile(
        r"\b(?:during|in|over|by\s+the\s+end\s+of|within|throughout|by|for)\s+the\s+"
        r"(?P<n>\d{1,2})(?:st|nd|rd|th)\s+five[-\s]year\s+plan(?:\s+period)?"
        r"(?:\s*\(\s*(?P<y1>" + _YEAR + r")\s*[-–—]\s*(?P<y2>" + _YEAR + r")\s*\))?", re.I)),
    ("range", re.compile(
        r"\b(?:during|in|over|between|from|for)\s+(?:the\s+(?:period|years)\s+(?:of\s+)?)?"
        r"(?P<y1>" + _YEAR + r")\s*(?:-|–|—|to|and|through)\s*(?P<y2>" + _YEAR + r")\b(?!\s+(?:levels?|baseline))", re.I)),
    # a span of months: "from June 2017 to December 2018", "between May 2017 and March 2018", "during
    # January-April 2018": due at its end, as a span of years is (ANNOTATION.md 5: a range takes its end;
    # until round 42 only "from June 2017", the span's start, was read, by the "date" pattern below)
    ("month_range", re.compile(
        r"\b(?P<prep>during|in|over|between|from|for)\s+(?:the\s+period\s+(?:of\s+|from\s+)?)?"
        r"(?P<m1>" + _MONTH + r")\s*(?:(?P<y1>" + _YEAR + r")\s*)?(?P<sep>-|–|—|to|and|through|until)\s*"
        r"(?P<m2>" + _MONTH + r")\s+(?P<y2>" + _YEAR + r")\b(?![-–/]\d)(?!\s+(?:levels?|baseline))", re.I)),
    # a programme moved to another year: "The 2013 Coastal Towns Project will be moved to 2014", "shifted to
    # 2015", "will be advanced to 2013" (train gold: the year, 6 lines of three of a development bank's country
    # business plans, which reschedule their pipelines so); only after a verb of rescheduling, never "extend X
    # to 2022" nor "increase X to 40 percent"
    ("rescheduled", re.compile(r"\b(?:moved|shifted|advanced|postponed|deferred|rescheduled|brought\s+forward|pushed\s+back)"
                               r"\s+to\s+(?P<year>" + _YEAR + r")\b(?![-–/]\d|\s*(?:levels?|baseline)\b)", re.I)),
    ("decade", re.compile(
        r"\b(?P<prep>in|by|during|over|for|through(?:out)?|before|until)\s+(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?"
        r"(?P<year>(?:19|20|21)\d0)[’']?s\b", re.I)),
    ("horizon", re.compile(
        r"\b(?:at|by|to|towards?|for)\s+(?:the\s+)?(?:(?P<year>" + _YEAR + r")\s+(?:time\s+)?horizon|"
        r"(?:time\s+)?horizon\s+(?:of\s+)?(?P<year2>" + _YEAR + r"))\b", re.I)),
    ("span", re.compile(
        r"(?:\b(?:by|through(?:\s+to)?|until|up\s+to|to)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?"
        r"(?P<fin>(?:financial|fiscal)\s+year\s+|FY\s*)?|\b(?P<fin2>(?:financial|fiscal)\s+year\s+|FY\s*))(?P<y1>" + _YEAR + r")(?:\s*[-–/]\s*(?P<y2>" + _YEAR + r"|\d\d)"
        r"|\s+to\s+(?:(?:financial|fiscal)\s+year\s+)?(?P<y3>" + _YEAR + r"))\b(?![-–/]?\d|\s*%|\s*percent)", re.I)),
    # "pilot apprenticeships in 2019/20", "in 2019-20": an academic or financial year, due at its end
    # (as "in 2020": weak)
    ("span_in", re.compile(
        r"\b(?P<prep>in|during|for|over)\s+(?:the\s+)?(?P<fin>(?:financial|fiscal|academic|school)\s+year\s+)?"
        r"(?P<y1>" + _YEAR + r")\s*[-–/]\s*(?P<y2>\d\d)\b(?![-–/]?\d|\s*%|\s*percent)", re.I)),
    ("from_for", re.compile(
        r"\bfrom\s+(?P<year>" + _YEAR + r")\s*,?\s+(?:over|for)\s+(?:a\s+period\s+of\s+|the\s+(?:next\s+|following\s+)?)?"
        r"(?P<n>" + _NUM + r")\s+years?\b", re.I)),
    ("within", re.compile(
        r"\b(?:within|in|over|during|(?:by\s+)?n[o]t?\s+later\s+than)\s+(?:the\s+)?(?:(?:next|coming|following|first)\s+)?(?P<n>" + _NUM + r")\s+" + _UNIT +
        r"(?:'|’)?(?:\s+time)?"
        r"(?:\s+(?P<rel>of|after|from|following)\s+(?P<anchor>" + _SELF + r"|[^,;.()]{1,80}))?", re.I)),
    ("next", re.compile(
        r"\b(?:within|in|over|during)\s+the\s+(?:next|coming)\s+(?P<unit>year|month|decade)\b", re.I)),
    ("midcentury", re.compile(
        r"\b(?:by|before|around|in)\s+(?:the\s+)?(?:mid-?|middle\s+of\s+(?:the\s+)?)(?:(?:21st|twenty-first)[-\s])?century\b|\bby\s+mid[-\s]century\b", re.I)),
    ("thisyear", re.compile(
        r"\b(?:(?:by|before|at|until)\s+the\s+end\s+of\s+|from\s+|within\s+|in\s+|by\s+|during\s+)?(?P<which>this|next|the\s+current|the\s+coming)\s+year\b", re.I)),
    ("season", re.compile(
        r"\b(?:(?:by|in|during|before|until|over)\s+(?:the\s+)?(?:(?:early|late)\s+)?)?"
        r"(?P<which>this|next|the\s+coming)\s+(?P<season>" + _SEASON + r")\b"
        # "from summer 2013" (what starts then is due then, as "from 2017": `_CLOSING_YEAR` in targets.py),
        # "by the end of spring 2016"
        r"|\b(?:by(?:\s+the\s+end\s+of)?|in|during|before|until|from)\s+(?:the\s+)?(?:(?:early|late)\s+)?(?P<season2>" + _SEASON + r")\s+"
        r"(?:of\s+)?(?P<year>" + _YEAR + r")\b", re.I)),
    # "contract will be awarded by Q2 2015", "will begin their studies in the third quarter of 2023": due at
    # the quarter's last month (train: dev-adb-pds-bangladesh-power-system-efficiency,
    # multi-quad-leaders-tokyo-2022); half years the same way ("by H2 2025", "in the first half of 2026":
    # EU and development-bank timetables write them as often as quarters)
    ("quarter", re.compile(
        r"\b(?P<prep>by|in|during|before|until|within)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
        r"(?:Q(?P<q>[1-4])|H(?P<h>[12])|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?"
        r"|(?P<hw>first|second|1st|2nd)\s+half(?:\s+of)?)\s+"
        r"(?:(?:calendar\s+)?year\s+)?(?P<year>" + _YEAR + r")\b", re.I)),
    # a timetable in parentheses at the end of an action line: "publish the response to the consultation
    # (November 2013)", "issue the revised code (Winter 2013)" (train: a UK open government plan's
    # milestones, an Italian plan's results; with a month or a season only: "the Water Master Plan (2014)"
    # names a plan by its year); read as a label, the line's own field
    ("paren", re.compile(
        r"\(\s*(?:by\s+|due\s+)?(?:(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?=" + _MONTH + r"\s))?"
        r"(?:(?P<month>" + _MONTH + r")|(?P<season>" + _SEASON + r"))\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?"
        r"(?P<year>" + _YEAR + r")\s*\)", re.I)),
    # the start of a duty, opening its clause: "Beginning with Fiscal Year 2025, agencies shall list X",
    # "Beginning in fiscal year 2024 and on an annual basis thereafter, the heads of agencies shall ..."
    # (train and validation gold: the year 6 times of 6 after "beginning"/"starting", 3 of them opening
    # the sentence, in two orders); read as "from 2025" is (`_from_year`).  Inside a clause ("will report,
    # starting in 2025, on X") the parser makes a verb of "starting": left to "in 2025"
    ("start", re.compile(
        r"\b(?:beginning|starting)\s+(?:(?:with|in|from|on)\s+)?(?:the\s+)?(?P<fy>(?:fiscal\s+year|FY)\s*)?"
        r"(?:(?P<month>" + _MONTH + r")\s+)?(?P<year>" + _YEAR + r")\b(?![-–/]\d)", re.I)),
    ("date", re.compile(
        r"\b(?P<prep>" + _STRONG_PREP + r"|" + _WEAK_PREP + r")\s+"
        r"(?:(?:the\s+)?(?:end|close|middle|beginning|start)\s+of\s+|(?:year[-\s])?end[-\s](?:of\s+)?)?(?:the\s+)?"
        r"(?:(?:early|late|mid)[-\s]+)?"
        r"(?:(?:calendar\s+)?year\s+)?"
        r"(?P<fy>(?:the\s+)?(?:fiscal\s+year|FY)\s*)?"
        # a day before the month as most of the world writes it ("by 31 December 2025", "from 1 April
        # 2016", "by the 31st of March 2017"), or after it as the United States does ("by June 30, 2025")
        r"(?:(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?=" + _MONTH + r"\s))?"
        r"(?:(?P<month>" + _MONTH + r")\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?)?"
        r"(?P<year>" + _YEAR + r")\b"
        r"(?!\s*(?:levels?|baseline|base\s+year|prices|figures?|values?|emissions\s+levels?)\b)"
        r"(?![-–/]\d)", re.I)),
    # a day the action is set for: "a flight tax will be introduced on 1 January 2021", "will open the registry on
    # June 15, 2020" (train and validation gold: 3 of the 4 lines with "on" and a whole date take it as the
    # deadline; the fourth is a past "As confirmed on ..."): weak as "in 2021" is, and only with its day
    ("on", re.compile(
        r"\bon\s+(?:the\s+)?(?:(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?=" + _MONTH + r"\s))?"
        r"(?P<month>" + _MONTH + r")\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?"
        r"(?P<year>" + _YEAR + r")\b(?![-–/]\d)", re.I)),
    # a plan's label and its date: "(Start – April 2012; finish – December 2012)", "Deadline: March 2014",
    # "Due date – 2015" (round 27: a department's open data strategy gives each action its finish so),
    # "(Release date: June 2017)", "(release date first release: December 2017 - ...)" (round 51: a national
    # ICT plan dates each deliverable so);
    # a start date is no deadline; the empty `fy` group lets `_normalise` read it as a "date" with a firm preposition
    ("label", re.compile(
        r"\b(?P<prep>finish|completion(?:\s+date)?|deadline|due(?:\s+date)?|end\s+date|target\s+date"
        r"|(?:release|delivery|publication)\s+date(?:\s+first\s+release)?)\s*[:–—-]\s*"
        r"(?:by\s+)?(?P<fy>)(?:(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?=" + _MONTH + r"\s))?"
        r"(?:(?P<month>" + _MONTH + r")\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?)?"
        r"(?P<year>" + _YEAR + r")\b(?![-–/]\d)", re.I)),
    # "by FY25", "by end-FY24": a fiscal year in two digits, due in that year (as "by FY2025")
    ("fy2", re.compile(
        r"\b(?P<prep>" + _STRONG_PREP + r"|" + _WEAK_PREP + r")\s+(?:the\s+)?(?:end[-\s](?:of\s+)?)?"
        r"(?:FY\s?|fiscal\s+year\s+)(?P<yy>\d\d)\b(?![-–/]\d)", re.I)),
    # "by the end of the year": the document's own year (as "by the end of this year")
    ("endyear", re.compile(
        r"\b(?:by|before|until|at)\s+the\s+end\s+of\s+the\s+(?:calendar\s+)?year\b(?!\s*(?:\d|of\b))", re.I)),
    # a day or month with no year, due at its next coming after the document's date ("will be published
    # before the end of March", "by 30 June"; train: a UK budget, an Italian plan); only after a strong
    # preposition, and only with the document's date known; not a yearly date ("by February 1 of each year")
    ("month", re.compile(
        r"\b(?P<prep>" + _STRONG_PREP + r")\s+(?:the\s+)?(?:end\s+of\s+)?"
        r"(?:(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
        r"(?P<month>" + _MONTH + r")(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?\b"
        r"(?!,?\s*(?:of\s+)?(?:19|20|21)\d\d)(?!\s*\d)(?!,?\s*(?:of\s+)?(?:each|every)\s+year)", re.I)),
]

_WEAK_PREPS = set(WEAK_DEADLINE_PREPS)
# "Earlier this year, the Secretary launched ...", "outlined in the Action Plan earlier this year": the
# current year as the time of something past, not a deadline (train: eo-14053, eu-energy-union-task-force-2025)
_PAST_BEFORE = re.compile(r"\b(?:earlier|so\s+far|already)\s*$", re.I)


@dataclass(frozen=True)
class DeadlineMatch:
    start: int
    end: int
    text: str
    date: str | None
    weak: bool          # "in 2030", "for 2030": a deadline only in a future-tense clause, and not inside the target
    label: bool = False  # "finish – December 2012", "Deadline: March 2014": a timetable's own field for its line


def _last_day(year: int, month: int = 12) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return DEADLINE_NUMBERS.get(word)


def _add(reference: dt.date, n: int, unit: str, workdays: bool = False) -> dt.date:
    unit = unit.lower()
    if unit == "day" and workdays:
        # "within 10 business days": Monday to Friday only
        day = reference
        while n > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day
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
    if kind == "month_range":
        m1, m2 = MONTHS[m.group("m1").lower().rstrip(".")], MONTHS[m.group("m2").lower().rstrip(".")]
        y2 = int(m.group("y2"))
        y1 = int(m.group("y1")) if m.group("y1") else y2
        if (y2, m2) < (y1, m1) or (m.group("sep").lower() == "and") != (m.group("prep").lower() == "between"):
            return None, False, False       # "in May 2018 and June 2019": two times, no span
        return _last_day(y2, m2).isoformat(), False, True
    if kind == "decade":
        # "in the 2030s" -> the decade's last year
        year = int(m.group("year")) + 9
        return _last_day(year).isoformat(), m.group("prep").lower() in _WEAK_PREPS, True
    if kind == "horizon":
        # "at the 2030 time horizon": a level to reach in that year
        return _last_day(int(m.group("year") or m.group("year2"))).isoformat(), False, True
    if kind == "span":
        # "by 2021-22", "through to financial year 2020 to 2021": the span's end
        y1, y2s = int(m.group("y1")), m.group("y2") or m.group("y3")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 < y1 or y2 - y1 > 30:
            return None, False, False
        fin = (m.group("fin") or m.group("fin2") or "").lower()
        if fin.startswith("financial") or len(y2s) == 2 and y2 == y1 + 1 and not fin:
            return dt.date(y2, 3, 31).isoformat(), False, True     # a financial year "2021-22" ends in March
        return _last_day(y2).isoformat(), False, True
    if kind == "span_in":
        y1, y2 = int(m.group("y1")), (int(m.group("y1")) // 100) * 100 + int(m.group("y2"))
        if y2 != y1 + 1:
            return None, False, False
        if reference is not None and y2 < reference.year:
            return None, True, False           # "in 2012/13": a past year in a description
        if (m.group("fin") or "").lower().startswith("financial"):
            return dt.date(y2, 3, 31).isoformat(), True, True
        return _last_day(y2).isoformat(), True, True
    if kind == "from_for":
        # "from 2018 over a period of 3 years" -> 2021
        n = _number(m.group("n"))
        if n is None:
            return None, False, False
        return _last_day(int(m.group("year")) + n).isoformat(), False, True
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
        return _add(reference, n, m.group("unit"), bool(m.group("workdays"))).isoformat(), False, True
    if kind == "next":
        if reference is None:
            return None, False, True
        return _add(reference, 1, m.group("unit")).isoformat(), False, True
    if kind == "thisyear":
        which = re.sub(r"\s+", " ", m.group("which").lower())
        if which == "this" and _PAST_BEFORE.search(m.string[max(0, m.start() - 30):m.start()]):
            return None, False, False      # "earlier this year": a past event, not a deadline
        if reference is None:
            return None, False, True
        if which == "the coming" and not re.search(r"\bend\s+of\b", m.group(0), re.I):
            # "in the coming year": the twelve months after the document's date, not a calendar year
            return _add(reference, 1, "year").isoformat(), False, True
        year = reference.year + (1 if which in ("next", "the coming") else 0)
        return _last_day(year).isoformat(), False, True
    if kind == "season":
        # "this summer", "by autumn 2026": the season's last month (northern seasons; winter: December)
        season = (m.group("season") or m.group("season2")).lower()
        month = SEASON_END_MONTHS[season]
        if m.group("year"):
            year = int(m.group("year"))
            weak = m.group(0).split()[0].lower() in _WEAK_PREPS      # "in summer 2015": as "in 2015"
            if weak and reference is not None and year < reference.year:
                return None, True, False
            return _last_day(year, month).isoformat(), weak, True
        which = re.sub(r"\s+", " ", m.group("which").lower())
        if which == "this" and _PAST_BEFORE.search(m.string[max(0, m.start() - 30):m.start()]):
            return None, False, False      # "earlier this summer"
        if reference is None:
            return None, False, True
        later = which == "next" or (which == "the coming" and reference.month > month)
        return _last_day(reference.year + (1 if later else 0), month).isoformat(), False, True
    if kind == "quarter":
        if m.group("h") or m.group("hw"):
            months = 6 * (int(m.group("h")) if m.group("h") else QUARTER_WORDS[m.group("hw").lower()])
        else:
            months = 3 * (int(m.group("q")) if m.group("q") else QUARTER_WORDS[m.group("qw").lower()])
        year = int(m.group("year"))
        weak = m.group("prep").lower() in _WEAK_PREPS
        if weak and reference is not None and year < reference.year:
            return None, True, False       # "in the third quarter of 2012": a past quarter in a description
        return _last_day(year, months).isoformat(), weak, True
    if kind == "fy2":
        weak = re.sub(r"\s+", " ", m.group("prep").lower()) in _WEAK_PREPS
        year = 2000 + int(m.group("yy"))
        if weak and reference is not None and year < reference.year:
            return None, True, False           # "in FY19": a past year in a description
        return dt.date(year, 9, 30).isoformat(), weak, True
    if kind == "paren":
        year = int(m.group("year"))
        if m.group("season"):
            date = _last_day(year, SEASON_END_MONTHS[m.group("season").lower()])
        else:
            month = MONTHS[m.group("month").lower().rstrip(".")]
            day = int(m.group("day") or m.group("dayfirst") or 0)
            date = dt.date(year, month, day) if 1 <= day <= calendar.monthrange(year, month)[1] else _last_day(year, month)
        if reference is not None and date < reference:
            return None, False, False      # "(September 17, 2009)" after a memorandum's name: when it was issued
        return date.isoformat(), False, True
    if kind == "start":
        before = m.string[max(0, m.start() - 40):m.start()]
        aside = before.rstrip().endswith(",") and m.string[m.end():m.end() + 2].lstrip().startswith(",")
        if before.strip() and not before.rstrip().endswith((":", ";", ".", "!", "?", ")")) and not aside:
            # opening its sentence, its list item ("(b) Beginning with ...") or its line, or set off
            # between commas ("will regularly report, starting in 2025, on X": the reports start then;
            # train gold gives that year); "a peak starting from 2026" is left to "from 2026"
            return None, False, False
        date, weak, keep = _from_year(m, int(m.group("year")), reference)
        if date and m.group("fy") and not m.group("month"):
            date = dt.date(int(m.group("year")), 9, 30).isoformat()    # the US federal fiscal year's end
        return date, weak, keep
    if kind == "rescheduled":
        return _last_day(int(m.group("year"))).isoformat(), False, True
    if kind == "endyear":
        return (_last_day(reference.year).isoformat() if reference else None), False, True
    if kind == "month":
        if reference is None:
            return None, False, True
        month = MONTHS[m.group("month").lower().rstrip(".")]
        day = int(m.group("day") or m.group("dayfirst") or 0)
        year = reference.year + (1 if (month, day or 31) < (reference.month, reference.day) else 0)
        if day and day > calendar.monthrange(year, month)[1]:
            return None, False, False
        return (dt.date(year, month, day) if day else _last_day(year, month)).isoformat(), False, True
    if kind == "on":
        year, month = int(m.group("year")), MONTHS[m.group("month").lower().rstrip(".")]
        day = int(m.group("day") or m.group("dayfirst") or 0)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None, False, False   # "on March 2021" names no day the action is set for
        date = dt.date(year, month, day)
        if reference is not None and date < reference:
            return None, True, False    # "As confirmed on 20 January 2017": a day already past
        return date.isoformat(), True, True
    # kind == "date"
    prep = re.sub(r"\s+", " ", m.group("prep").lower())
    year = int(m.group("year"))
    weak = prep in _WEAK_PREPS
    if prep == "from":
        return _from_year(m, year, reference)
    if weak and prep == "within":
        return None, False, False
    month = MONTHS.get((m.group("month") or "").lower().rstrip("."))
    if weak and reference is not None and year < reference.year:
        return None, True, False           # "in 2021": a past year in a description
    # the document's own year stays: "a workshop in 2023" in a text of May 2023 is due that year
    if month:
        day = m.group("day") or m.group("dayfirst")
        date = dt.date(year, month, int(day)) if day and 1 <= int(day) <= calendar.monthrange(year, month)[1] else _last_day(year, month)
    else:
        date = _last_day(year)
    if prep == "before" and not month:
        date = dt.date(year, 1, 1)
    elif m.group("fy") and not month:
        date = dt.date(year, 9, 30)        # the US federal fiscal year ends on September 30
    return date.isoformat(), weak, True


# Words before "from <year>" that make the year a baseline: "a 30% cut from 2005", "down from 2019".
_BASELINE_BEFORE = re.compile(r"(?:%|\bper\s*cent|\bpercent|\b(?:reduction|reductions|cut|cuts|decrease|increase|"
                              r"rise|fall|drop|decline|change|growth|down|up|reduce|reduced|increased|fell|rose|"
                              r"starting\s+point|since))\s*$", re.I)


def _from_year(m: re.Match[str], year: int, reference: dt.date | None) -> tuple[str | None, bool, bool]:
    """ "introducing a new programme from 2017", "From June 2015, new services must meet the
    Standard": what starts in a year is due that year (ANNOTATION.md 5).  Not a baseline ("a
    30% cut from 2005"; "from 2008 levels" never matches) nor a year already past.  Set off at
    the opening of a clause ("From 2025, ...", "..., from June 2015, it must") it is the clause's
    deadline; elsewhere it is weak (only on the commitment's own verb)."""
    before = m.string[max(0, m.start() - 40):m.start()]
    if _BASELINE_BEFORE.search(before.rstrip()):
        return None, False, False
    if reference is not None and year < reference.year:
        return None, True, False
    month = MONTHS.get((m.group("month") or "").lower().rstrip("."))
    date = _last_day(year, month) if month else _last_day(year)
    opening = not before.strip() or before.rstrip().endswith((",", ":", ";"))
    return date.isoformat(), not opening, True


# hyphen, non-breaking hyphen, figure dash, minus sign -> "-"
_AS_HYPHEN = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})


def find_deadlines(text: str, reference: dt.date | None = None) -> list[DeadlineMatch]:
    """Every deadline phrase in `text`, left to right, without overlaps.

    The patterns read the hyphens a typesetter may use instead of "-" (the non-breaking hyphen of
    "2017‑18", a figure dash) as "-": one character for one, so offsets and each match's text
    (taken from `text`) stay the document's."""
    found: list[DeadlineMatch] = []
    taken: list[tuple[int, int]] = []
    read = text.translate(_AS_HYPHEN)
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(read):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            date, weak, keep = _normalise(kind, m, reference)
            if not keep:
                continue
            taken.append((s, e))
            found.append(DeadlineMatch(s, e, text[s:e], date, weak, kind in ("label", "paren")))
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
