"""The seed document: a scraped news page whose furniture ingestion must remove."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest import parse_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "hechi-green-pilot-zone.txt"


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED)


def test_title_and_date(seed):
    assert seed.title == "Hechi to build green development pilot zone"
    assert seed.published == "2022-05-10"


@pytest.mark.parametrize(
    "furniture",
    ["nav search", "Home>", "Copyright", "All rights reserved", "Presented by", "[Photo/Hechi Daily]",
     "An aerial view of Hechi", "Updated:"],
)
def test_furniture_removed(seed, furniture):
    assert furniture not in seed.text


def test_missing_full_stop_does_not_merge_paragraphs(seed):
    texts = [p.text for p in seed.passages]
    ends = next(t for t in texts if "6,000 5G base stations by 2025" in t)
    assert ends.endswith("In addition, the city aims to build 6,000 5G base stations by 2025")
    following = texts[texts.index(ends) + 1]
    assert following.startswith("The city will accelerate the integration of Jinchengjiang and Yizhou districts")
    assert seed.text[seed.text.index(ends) + len(ends):].startswith("\n\nThe city will accelerate")


def test_passages_and_spacing(seed):
    assert [p.kind for p in seed.passages] == ["heading"] + ["paragraph"] * 5
    assert all(seed.text[p.start:p.end] == p.text for p in seed.passages)
    assert "  " not in seed.text and "\u00a0" not in seed.text
    assert "a clean, low-carbon, safe, and efficient energy system" in seed.text
