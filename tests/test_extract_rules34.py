"""Round 32 (rules-34; issue 10): what is no actor, what is no undertaking, and what is no part of a target.

* An abbreviation that the text spells out as a plan, a framework or a fund ("the Wetland
  Multi-Species Habitat Conservation Plan (WMSHCP)", "the Data & Analytics Framework (DAF)", "the
  National Reconstruction Fund (NRF)") names that thing, and a thing cannot promise (ANNOTATION.md
  section 2): "DAF will simplify X" is the undertaking of whoever owns the framework, as "the
  framework will simplify X" already was.  Two spellings kept the abbreviation from being read at
  all: "&" between the words of the name, and a hyphenated word whose parts both count
  ("Multi-Species" -> M, S).
* Examples after a target are cut without a comma before "including" too (ANNOTATION.md section 4:
  '"including ..." and "such as ..." lists after a complete phrase'): "use strategies including demand
  management" -> "strategies", as "use strategies, including demand management" and "research on
  coastal erosion such as dune surveys" already were.
* Two ways of writing when a duty is due: a timetable in parentheses at the end of an action line
  ("issue the revised tariff code (November 2013)", "(Winter 2013)"; not a bare year, which names a
  plan or a law: "the Water Master Plan (2014)"), and the start of a duty ("Beginning with Fiscal Year
  2025, the ministry shall list X", "Starting in 2027, the ministry will publish Y"), read as "from 2025" is
  (ANNOTATION.md section 5).
* Verbs of what befalls someone, of what is required or what something amounts to ("many towns will
  face flooding", "the ministry will need new pumps", "these gases pose risks", "the works will cost
  $4 million", "this represents a shift"), and a cross-reference ("See Annex 3", "see
  https://..."), are no undertakings (ANNOTATION.md section 1: descriptions and predictions).

The sentences are invented; two names, "the Data & Analytics Framework (DAF)" and "the National
Reconstruction Fund (NRF)", are those of train documents (none of the dev set or the test split)."""

from __future__ import annotations

import pytest

from kb.extract.actors import expand_abbreviation
from tests.textdoc import document_from_text


def _records(extractor, text, title="Republic of Palmera water plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return [(c.actor, c.action, c.target) for c in extractor.extract(doc).commitments]


def _deadlines(extractor, text, published="2012-06-01"):
    doc = document_from_text(text, title="Republic of Palmera water plan", published=published)
    return [(c.action, c.target, c.deadline.date if c.deadline else None)
            for c in extractor.extract(doc).commitments]


@pytest.mark.parametrize("text, abbreviation, full", [
    # a hyphenated word counts each of its parts (the name used to be left unread)
    ("adopts the Wetland Multi-Species Habitat Conservation Plan (WMSHCP) for the delta",
     "WMSHCP", "Wetland Multi-Species Habitat Conservation Plan"),
    ("works with each Non-Governmental Organization (NGO) on the coast", "NGO", "Non-Governmental Organization"),
    # "&" joins the words of a name
    ("has set up the Data & Analytics Framework (DAF) for public data", "DAF", "Data & Analytics Framework"),
    # a name with no "&" and no hyphen, as before
    ("The Palmera Water Board (PWB) leads the work.", "PWB", "Palmera Water Board"),
])
def test_an_abbreviation_is_read_from_the_name_the_text_spells_out(text, abbreviation, full):
    assert expand_abbreviation(abbreviation, text) == full


THING_ABBREVIATIONS = [
    ("The Ministry of Water has set up the Data & Analytics Framework (DAF) for public data.\n\n"
     "DAF will simplify the exchange of river gauge data between towns.",
     "simplify", "the exchange of river gauge data between towns"),
    ("The Ministry of Water adopts the Delta Multi-Species Habitat Conservation Plan (DMSHCP).\n\n"
     "The DMSHCP will protect the nesting sites of the covered birds.",
     "protect", "the nesting sites of the covered birds"),
    ("The Ministry of Water runs the Palmera Reservoir Fund (PRF).\n\n"
     "The PRF will finance the repair of small dams.",
     "finance", "the repair of small dams"),
]


@pytest.mark.integration
@pytest.mark.parametrize("text, action, target", THING_ABBREVIATIONS)
def test_an_abbreviation_of_a_plan_framework_or_fund_is_no_actor(extractor, text, action, target):
    records = _records(extractor, text)
    actors = [actor for actor, verb, what in records if verb == action and what == target]
    assert actors == ["Ministry of Water"]


@pytest.mark.integration
def test_an_abbreviation_of_a_body_is_still_its_actor(extractor):
    text = ("The Palmera Water Regulation Authority (PWRA) was set up in 2019.\n\n"
            "The PWRA will publish a tariff review by 2027.")
    assert ("PWRA", "publish", "a tariff review") in _records(extractor, text)


STATES_NOT_ACTS = [
    "Many coastal towns will face severe flooding in the coming decades.",
    "The Ministry of Water will need new pumping stations in the north.",
    "Saltwater intrusion will pose a risk to the drinking water of the delta.",
    "The pumping programme will cost about 40 million dollars.",
    "This represents a shift towards local water boards.",
    "See Annex 3: Guidance for Pumping Stations, Ministry of Water, 2019.",
    "For the flood map of each district, see https://floods.example.org.",
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", STATES_NOT_ACTS)
def test_what_befalls_is_needed_or_is_referred_to_is_no_undertaking(extractor, sentence):
    text = "The Ministry of Water publishes this plan.\n\n" + sentence
    assert _records(extractor, text) == []


@pytest.mark.integration
def test_an_act_beside_them_is_still_an_undertaking(extractor):
    text = ("The Ministry of Water publishes this plan.\n\n"
            "Many coastal towns will face severe flooding. The Ministry of Water will build 40 pumping stations.")
    assert _records(extractor, text) == [("Ministry of Water", "build", "40 pumping stations")]


EXAMPLES_AFTER_TARGET = [
    ("The Ministry of Water will use strategies including demand management and leak repair.",
     "use", "strategies"),
    ("The Ministry of Water will hold events including open days at each dam.", "hold", "events"),
    # "such as" after a phrase of three words, as before; after fewer it stays
    ("The Ministry of Water will offer incentives such as rebates for rain tanks.",
     "offer", "incentives such as rebates for rain tanks"),
    ("The Ministry of Water will fund water conservation programs such as free tap repairs.",
     "fund", "water conservation programs"),
    # with a comma, as before
    ("The Ministry of Water will mobilise resources, such as grants and loans, for small towns.",
     "mobilise", "resources"),
    # not the gerund after a preposition
    ("The Ministry of Water will adopt a shared approach by including village committees in every decision.",
     "adopt", "a shared approach by including village committees in every decision"),
    # not inside a clause, where the examples belong to its subject
    ("The Ministry of Water will ensure that district engineers including trainees are paid on time.",
     "ensure", "that district engineers including trainees are paid on time"),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", EXAMPLES_AFTER_TARGET)
def test_examples_after_a_target_are_cut_with_or_without_a_comma(extractor, sentence, action, target):
    text = "The Ministry of Water publishes this plan.\n\n" + sentence
    assert _records(extractor, text) == [("Ministry of Water", action, target)]


WHEN_DUE = [
    ("The Ministry of Water will issue the revised tariff code (November 2013).",
     ("issue", "the revised tariff code", "2013-11-30")),
    ("The Ministry of Water will publish its drought guidance (Winter 2013).",
     ("publish", "its drought guidance", "2013-12-31")),
    ("Beginning with Fiscal Year 2025, the Ministry of Water shall list all dams in its annual report.",
     ("list", "all dams in its annual report", "2025-09-30")),
    ("Starting in 2027, the Ministry of Water will publish a yearly report on leaks.",
     ("publish", "a yearly report on leaks", "2027-12-31")),
    # a bare year in parentheses names a plan: no deadline
    ("The Ministry of Water will carry out the National Water Master Plan (2014).",
     ("carry out", "the National Water Master Plan (2014)", None)),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, record", WHEN_DUE)
def test_a_timetable_in_parentheses_and_the_start_of_a_duty_say_when_it_is_due(extractor, sentence, record):
    text = "The Ministry of Water publishes this plan.\n\n" + sentence
    assert _deadlines(extractor, text) == [record]
