"""Main-actor scoring, mention classes and the sector lexicon (no spaCy model needed)."""

from __future__ import annotations

import pytest

from kb.extract.actors import clean_actor, is_generic, is_pronoun, main_actor
from kb.extract.sectors import sector_of
from kb.extract.strength import strength_of


@pytest.mark.parametrize("mention, generic", [
    ("the city", True), ("The province", True), ("the region", True), ("the country", True),
    ("the municipal government", True), ("the two sides", True), ("the provincial government", True),
    ("the provincial Department of Transport", False), ("each agency", False), ("Hechi", False),
])
def test_actors_generic_mentions(mention, generic):
    assert is_generic(mention) is generic


@pytest.mark.parametrize("mention", ["it", "We", "they"])
def test_actors_pronouns(mention):
    assert is_pronoun(mention)


def test_actors_clean_actor():
    assert clean_actor("The Secretary of Energy,") == "Secretary of Energy"
    assert clean_actor("  Hainan  Power Grid ") == "Hainan Power Grid"


def test_actors_main_actor_from_title():
    assert main_actor("Baise to build new logistics pilot zone", "", [], [("Guangxi", "GPE")], ["Baise"]) == "Baise"


def test_actors_main_actor_from_issued_by():
    lead = "Action Plan for Cleaner Rivers. Issued by the State Council on June 12, 2023"
    assert main_actor("Action Plan for Cleaner Rivers", lead, [], [], []) == "State Council"


def test_actors_main_actor_from_subjects():
    subjects = ["Federal Government", "the Federal Government", "EPA"]
    assert main_actor("Executive Order 14999: Modernizing Federal Fleets", "", subjects, [], []) == "Federal Government"


def test_actors_main_actor_none():
    assert main_actor("", "", [], [], []) == ""


@pytest.mark.parametrize("text, sector", [
    ("build 6,000 5G base stations", "digital"),
    ("reach 1,200 GW of wind and solar power capacity", "energy"),
    ("speed up the construction of charging facilities for new energy vehicles", "transport"),
    ("reduce greenhouse gas emissions from landfills", "environment"),
    ("renovate old residential compounds and buildings", "urban and housing"),
    ("set up a 14-billion-yuan investment fund", "finance"),
    ("improve irrigation for farmers", "agriculture"),
    ("train the workforce in new skills", "social"),
    ("issue guidance to agencies", "governance"),
    ("", None),
])
def test_sectors_lexicon(text, sector):
    assert sector_of(text) == sector


@pytest.mark.parametrize("chain, action, strength", [
    ([], "build", "binding"), (["aim"], "build", "aspirational"), (["strive"], "peak", "aspirational"),
    (["expect"], "reach", "aspirational"), (["encourage"], "adopt", "supportive"), ([], "support", "supportive"),
])
def test_strength_table(chain, action, strength):
    assert strength_of(chain, action) == strength
