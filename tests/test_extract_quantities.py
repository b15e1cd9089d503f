"""Quantities and the tokenizer rules for "5G", "PM2.5"."""

from __future__ import annotations

import pytest
import spacy

from kb.extract.nlp import add_tokenizer_rules
from kb.extract.quantities import best_quantity, find_quantities


@pytest.mark.parametrize("text, value, unit, upper", [
    ("6,000 5G base stations", 6000, "5G base stations", None),
    ("1.2 million charging piles", 1_200_000, "charging piles", None),
    ("20 GW", 20, "GW", None),
    ("about 20 percent", 20, "percent", None),
    ("13.5%", 13.5, "percent", None),
    ("20-25 percent", 20, "percent", 25),
    ("60% to 65%", 60, "percent", 65),
    ("100 billion yuan", 1e11, "yuan", None),
    ("a 14-billion-yuan fund", 1.4e10, "yuan", None),
    ("US$3.5 billion", 3.5e9, "USD", None),
    ("150 million kilowatts", 1.5e8, "kilowatts", None),
    ("300 billion kWh", 3e11, "kWh", None),
    ("19 billion cubic meters", 1.9e10, "cubic meters", None),
    ("940,000 charging poles", 940_000, "charging poles", None),
    ("four new ultra-high-voltage lines", 4, "new ultra-high-voltage lines", None),
    ("10 percentage points", 10, "percentage points", None),
])
def test_quantities_table(text, value, unit, upper):
    q = best_quantity(text)
    assert q is not None
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.upper == (pytest.approx(upper) if upper is not None else None)


@pytest.mark.parametrize("text", [
    "section 603(a) of this order",
    "scope 1 and 2 greenhouse gas emissions",
    "by 2030",
    "the 5G network",
    "PM2.5 density",
    "the 14th Five-Year Plan",
])
def test_quantities_not_figures(text):
    assert best_quantity(text) is None


def test_quantities_offsets_cover_the_figure():
    text = "the county plans to install 4,500 5G base stations by 2027"
    (q,) = find_quantities(text)
    assert text[q.start:q.end] == "4,500 5G base stations"


@pytest.fixture(scope="module")
def blank_nlp():
    return add_tokenizer_rules(spacy.blank("en"))


@pytest.mark.parametrize("text, token", [
    ("build 6,000 5G base stations", "5G"),
    ("4G and 5G networks", "4G"),
    ("cut PM2.5 density", "PM2.5"),
    ("(5G)", "5G"),
    ("5G, big data", "5G"),
    ("24/7 carbon pollution-free electricity", "24/7"),
])
def test_nlp_tokenizer_keeps_special_tokens(blank_nlp, text, token):
    assert token in [t.text for t in blank_nlp(text)]
