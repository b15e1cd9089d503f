"""Figures attached to commitments: "6,000 5G base stations", "20 percent", "1,200 GW".

`find_quantities(text)` returns every figure in a string with its unit; the
value has its multiplier applied ("1.2 million charging piles" -> 1,200,000
"charging piles"; "100 billion yuan" -> 1e11 "yuan").  Ranges ("60% to 65%",
"20-25 percent") fill `upper`.  Years, section numbers and list markers are
not figures.  When a spaCy Doc is at hand, `count_unit` reads a count's noun
from the parse (the noun phrase the number modifies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.extract.lexicon import (COUNT_NOUN_STOPS, CURRENCY_SYMBOLS, CURRENCY_WORDS, MEASURE_UNITS, MULTIPLIERS,
                                PERCENT_SPELLINGS, REFERENCE_WORDS)
from kb.models import Quantity
from kb.tables import NUMBER_WORDS

__all__ = ["QuantityMatch", "find_quantities", "parse_number", "best_quantity"]

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = r"(?:" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
_MULT = r"(?:thousand|million|billion|trillion|mn|bn)"
_CUR_PREFIX = r"(?:US\$|\$|€|£|¥|RMB\s?)"
_UNITS_RE = "|".join(re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True))
_CUR_WORDS_RE = "|".join(re.escape(u) for u in sorted(CURRENCY_WORDS, key=len, reverse=True))

_QTY = re.compile(
    r"(?<![\w.\-/])(?P<cur>" + _CUR_PREFIX + r")?(?P<num>" + _NUMBER + r"|" + _WORDNUM + r")"
    r"(?:\s*(?:-|–|to|and)\s*(?:" + _CUR_PREFIX + r")?(?P<num2>" + _NUMBER + r")(?=\s*(?:%|percent|per cent|" + _MULT + r"|[a-z])))?"
    r"(?:(?:\s*|-)(?P<mult>" + _MULT + r")\b)?"
    r"(?:\s*(?P<unit>" + _UNITS_RE + r")(?![a-z])|(?:\s+|-)(?P<curword>" + _CUR_WORDS_RE + r")\b)?"
    r"(?:\s*(?:-|–|to)\s*(?P<num3>" + _NUMBER + r")\s*(?:%|percent|per cent)(?![a-z]))?",
    re.I,
)
_YEARLIKE = re.compile(r"^(?:19|20|21)\d\d$")
# "section 3", "No. 5": a number after one of these is a reference, not a figure
_REFERENCE_BEFORE = re.compile(r"(?:" + "|".join(re.escape(w) for w in REFERENCE_WORDS) + r")\s*$")
# the noun after a bare count, up to five words, stopping at a function word
_COUNT_NOUN = re.compile(r"\s+((?:(?!(?:" + "|".join(COUNT_NOUN_STOPS) + r")\b)[A-Za-z0-9][\w\-/.]*\s*){1,5})")


@dataclass(frozen=True)
class QuantityMatch:
    start: int
    end: int
    quantity: Quantity
    kind: str          # "percent", "money", "measure", "count"


def parse_number(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def _norm_unit(unit: str) -> str:
    u = unit.lower()
    if u in PERCENT_SPELLINGS:
        return "percent"
    return unit


def find_quantities(text: str, count_nouns: bool = True) -> list[QuantityMatch]:
    """Every figure in `text`.  Bare numbers get the words that follow as their unit
    (up to the end of the noun phrase, guessed without a parse) when `count_nouns`."""
    out: list[QuantityMatch] = []
    for m in _QTY.finditer(text):
        num = m.group("num")
        value = parse_number(num)
        if value is None:
            continue
        mult = m.group("mult")
        unit = m.group("unit")
        curword = m.group("curword")
        cur = m.group("cur")
        before = text[max(0, m.start() - 12):m.start()].lower()
        is_word = not num[0].isdigit()
        if not (mult or unit or curword) and re.match(r"[A-Za-z]", text[m.end():m.end() + 1]):
            continue                            # "5G", "PM2.5": a name, not a figure
        if not (mult or unit or curword or cur):
            if _YEARLIKE.match(num) or _REFERENCE_BEFORE.search(before):
                continue
            if re.match(r"\s*(?:\(|\)|\.\s|st\b|nd\b|rd\b|th\b)", text[m.end():m.end() + 3]):
                continue
        if is_word and not (mult or unit or curword) and value > 100:
            continue
        factor = MULTIPLIERS.get((mult or "").lower(), 1.0)
        upper = None
        if m.group("num2"):
            upper = parse_number(m.group("num2"))
        elif m.group("num3"):
            upper = parse_number(m.group("num3"))
        if cur or curword:
            kind = "money"
            unit_text = CURRENCY_SYMBOLS.get((cur or "").strip(), None) or CURRENCY_WORDS.get((curword or "").lower(), curword or "")
            if cur and not curword:
                unit_text = CURRENCY_SYMBOLS.get(cur.strip(), cur.strip())
        elif unit:
            unit_text = _norm_unit(unit)
            kind = "percent" if unit_text.startswith("percent") else "measure"
        else:
            kind = "count"
            unit_text = ""
            if count_nouns:
                follow = _COUNT_NOUN.match(text[m.end():])
                if follow:
                    unit_text = follow.group(1).strip().rstrip(".,;")
            if not unit_text and mult:
                kind = "measure"
        end = m.end()
        if kind == "count" and unit_text:
            end = m.end() + text[m.end():].find(unit_text) + len(unit_text)
        q = Quantity(value=value * factor, unit=unit_text or (mult or ""),
                     text=text[m.start():end].strip(), upper=(upper * factor) if upper is not None else None)
        out.append(QuantityMatch(m.start(), end, q, kind))
    return out


def best_quantity(text: str) -> Quantity | None:
    """The figure a commitment is about: the first one with a unit, else the first count."""
    found = [q for q in find_quantities(text) if q.quantity.unit]
    if not found:
        return None
    return found[0].quantity
