"""The deadline normaliser: phrase -> ISO date (no spaCy model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract import normalise_deadline
from kb.extract.deadlines import find_deadlines

ORDER_SIGNED = dt.date(2021, 12, 8)
NEWS_DATE = dt.date(2023, 11, 21)


@pytest.mark.parametrize("phrase, reference, expected", [
    ("by 2025", None, "2025-12-31"),
    ("by the end of 2025", None, "2025-12-31"),
    ("before 2030", None, "2030-01-01"),
    ("before the end of 2030", None, "2030-12-31"),
    ("no later than 2050", None, "2050-12-31"),
    ("by no later than 2050", None, "2050-12-31"),
    ("not later than 2040", None, "2040-12-31"),
    ("by mid-century", None, "2050-12-31"),
    ("by the middle of the century", None, "2050-12-31"),
    ("by fiscal year 2030", None, "2030-09-30"),         # the US federal fiscal year ends on Sep 30
    ("by the end of fiscal year 2027", None, "2027-09-30"),
    ("by the year 2030", None, "2030-12-31"),
    ("by March 2026", None, "2026-03-31"),
    ("by June 30, 2026", None, "2026-06-30"),
    ("during the 14th Five-Year Plan period (2021-2025)", None, "2025-12-31"),
    ("during the 14th Five-Year Plan period", None, "2025-12-31"),
    ("during the 15th Five-Year Plan period", None, "2030-12-31"),
    ("within three years", NEWS_DATE, "2026-11-21"),
    ("within 3 years", NEWS_DATE, "2026-11-21"),
    ("in the next five years", NEWS_DATE, "2028-11-21"),
    ("over the next two years", NEWS_DATE, "2025-11-21"),
    ("within six months", NEWS_DATE, "2024-05-21"),
    ("by the end of this year", NEWS_DATE, "2023-12-31"),
    ("by the end of next year", NEWS_DATE, "2024-12-31"),
    ("within 90 days of the date of this order", ORDER_SIGNED, "2022-03-08"),
    ("within 120 days of the date of this order", ORDER_SIGNED, "2022-04-07"),
    ("Within 30 days of the date of this order", ORDER_SIGNED, "2022-01-07"),
    ("between 2021 and 2025", None, "2025-12-31"),
    ("by 2030 to 40 percent", None, "2030-12-31"),                  # a figure after "to" is no range
    ("in 2030", NEWS_DATE, "2030-12-31"),
])
def test_deadlines_normalise_table(phrase, reference, expected):
    deadline = normalise_deadline(phrase, reference)
    assert deadline is not None, phrase
    assert deadline.date == expected
    assert deadline.year == int(expected[:4])


MEMO_ISSUED = dt.date(2019, 9, 10)


# issue 10, error class 4: phrases that were missed or misread (invented phrases)
@pytest.mark.parametrize("phrase, reference, expected", [
    ("through the end of FY2023", None, "2023-09-30"),              # US federal fiscal year
    ("by the end of FY 2021", None, "2021-09-30"),
    ("within 10 business days of the date of this order", ORDER_SIGNED, "2021-12-22"),
    ("within 5 working days of the date of this order", ORDER_SIGNED, "2021-12-15"),
    ("in the 2030s", NEWS_DATE, "2039-12-31"),
    ("at the 2030 time horizon", None, "2030-12-31"),
    ("for the year 2030", NEWS_DATE, "2030-12-31"),
    ("over the three years", NEWS_DATE, "2026-11-21"),
    ("in the coming year", NEWS_DATE, "2024-11-21"),                # twelve months on, not a calendar year
    ("by the end of the coming year", NEWS_DATE, "2024-12-31"),
    ("from 2026 through 2030", None, "2030-12-31"),                 # a range takes its end
    ("by 2025-26", None, "2026-03-31"),                             # a financial year
    ("through to financial year 2024 to 2025", None, "2025-03-31"),
    ("Fiscal Year 2026-2027", None, "2027-12-31"),
    ("from 2024 over a period of 3 years", None, "2027-12-31"),
    ("in early 2026", NEWS_DATE, "2026-12-31"),
    ("not later than 60 days after the date of this order", ORDER_SIGNED, "2022-02-06"),
    ("no later than 180 days from the date of this order", ORDER_SIGNED, "2022-06-06"),
    ("within 90 days of issuance of this memorandum", MEMO_ISSUED, "2019-12-09"),
    ("within one year of the release of this memorandum", MEMO_ISSUED, "2020-09-10"),
])
def test_deadlines_issue10_table(phrase, reference, expected):
    deadline = normalise_deadline(phrase, reference)
    assert deadline is not None, phrase
    assert deadline.date == expected
    assert deadline.year == int(expected[:4])


@pytest.mark.parametrize("phrase, reference", [
    ("in 2022", NEWS_DATE),                 # a past year in a description
    ("from 2008 levels", None),             # a baseline
    ("compared with 2005", None),
    ("since 2019", None),
    ("", None),
    ("the plan", None),
])
def test_deadlines_not_a_deadline(phrase, reference):
    assert normalise_deadline(phrase, reference) is None


def test_deadlines_relative_without_reference_keeps_text():
    deadline = normalise_deadline("within three years")
    assert deadline is not None and deadline.text == "within three years" and deadline.date is None


def test_deadlines_relative_to_an_event_has_no_date():
    deadline = normalise_deadline("within 30 days of issuance of the exemption", ORDER_SIGNED)
    assert deadline is not None and deadline.date is None


def test_deadlines_reference_as_iso_string():
    assert normalise_deadline("within 90 days of the date of this order", "2021-12-08").date == "2022-03-08"


def test_deadlines_find_in_sentence_keeps_offsets():
    text = "Each agency shall reduce emissions by 50 percent by 2032 from 2008 levels."
    found = find_deadlines(text)
    assert [d.text for d in found] == ["by 2032"]
    assert text[found[0].start:found[0].end] == "by 2032"


def test_deadlines_weak_prepositions_are_marked():
    (d,) = find_deadlines("capacity will reach 300 GW in 2030")
    assert d.weak and d.date == "2030-12-31"
