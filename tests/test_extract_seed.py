"""Regression on the seed document (Hechi green development pilot zone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.extract import Extractor

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "hechi-green-pilot-zone.txt"


@pytest.fixture(scope="module")
def seed_result():
    from kb.ingest import parse_file
    parsed = parse_file(SEED)
    return parsed, Extractor().extract(parsed)


def find(result, action, target_start):
    for c in result.commitments:
        if c.action == action and c.target.startswith(target_start):
            return c
    raise AssertionError(f"no {action!r} {target_start!r} in {[(c.action, c.target) for c in result.commitments]}")


def test_seed_5g_base_stations(seed_result):
    _, result = seed_result
    c = find(result, "build", "6,000 5G base stations")
    assert (c.actor, c.action, c.target) == ("Hechi", "build", "6,000 5G base stations")
    assert c.actor_text == "the city"
    assert c.deadline is not None and c.deadline.date == "2025-12-31" and c.deadline.text == "by 2025"
    assert c.quantity is not None and (c.quantity.value, c.quantity.unit) == (6000, "5G base stations")
    assert c.strength == "aspirational"
    assert c.sector == "digital"


@pytest.mark.parametrize("action, target", [
    ("carry out", "demonstration actions for the green upgrading of infrastructure"),
    ("accelerate", "a clean, low-carbon, safe, and efficient energy system"),
    ("accelerate", "expressways from Nandan to Xialao and Tian'e to Beihai"),
    ("stabilize", "the power generation of the three major hydropower stations in the Hongshui River"),
    ("make overall plans for", "the construction of hydropower, wind power, photovoltaic, and cogeneration stations"),
    ("speed up", "the Hechi, Huanjiang, and Du'an high-speed railway stations and networks"),
    ("build", "a railway from Liuzhou to Baise via Hechi"),
    ("carry out", "the upgrading project of the Hongshui River waterway"),
    ("build", "Yizhou district into a strong traffic pilot area"),
    ("implement", "digital infrastructure construction projects"),
    ("promote", "Digital water conservancy, smart transportation, smart logistics, smart buildings, and smart "
                "construction site projects"),
    ("support", "Nandan, Bama, and Du'an in constructing a sub-central city"),
    ("improve", "rural public infrastructure"),
])
def test_seed_commitments(seed_result, action, target):
    _, result = seed_result
    c = find(result, action, target)
    assert c.target == target
    assert c.actor == "Hechi"
    assert c.deadline is None


def test_seed_no_commitment_from_caption_headline_or_past_event(seed_result):
    _, result = seed_result
    for c in result.commitments:
        assert "Photo" not in c.sentence
        assert not c.sentence.startswith("Hechi to build green development pilot zone")
        assert c.action != "issue"


def test_seed_offsets_point_into_the_text(seed_result):
    parsed, result = seed_result
    assert len(result.commitments) >= 20
    for c in result.commitments:
        assert parsed.text[c.sentence_start:c.sentence_end] == c.sentence
        if c.target_start is not None:
            assert parsed.text[c.target_start:c.target_end] == c.target
