"""A plan written by a city's advisory body, a city's possessive, and a deliverable dated in brackets (round 51:
rules-52; issue 10).

* "Mayor's Advisory Commission on Climate Change": a city's climate plan whose title page names only the
  advisory body that drafted it.  The body recommends; the strategies are the city's to carry out (its
  tables name the municipal government as lead agency), so the main actor is the city the text names
  ("City of X"), else the place it keeps naming.  An advisory body of no city or county keeps the plan.
* "the City of Harbourton’s Street Design Guide": a possessive ends a city's name; the guide is the
  city's, no body (a city transport plan's chapter gave such a guide its records as their main actor).
* "The transport sector will play a strategic role ...": a sector of the economy (transport, energy,
  forestry) is an area, no party; the measures written about it are the pledging country's.  The private,
  public and financial sectors stay parties.
* "Guidelines for publishing tide data (Release date: June 2027)": a plan's result named with its date
  in brackets and no verb is a deliverable: the field's word is the action ("release", "deliver",
  "publish"), the thing the target, the date its deadline (read as the line's own timetable field, as
  "Deadline: March 2014" is).  A line with a finite verb of its own is a clause the other rules read.

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import advised_government, is_thing, local_government_in_text, main_actor
from kb.extract.deadlines import find_deadlines
from tests.textdoc import document_from_text

_CITY_TEXT = ("The Commission recommends that the City of Harbourton expand its tree canopy. "
              "Harbourton Public Schools and the Harbourton Bike Commission are partners.")


def test_a_mayors_advisory_commission_drafts_the_citys_plan():
    body = "Mayor's Advisory Commission on Sea Level Rise"
    found = main_actor(title=body, lead="", subject_mentions=[], entity_mentions=[(body, "ORG")] * 3,
                       title_entities=[body], text=_CITY_TEXT)
    assert found == "City of Harbourton"


def test_the_advised_city_is_the_place_the_text_keeps_naming_when_it_never_writes_city_of():
    mentions = [("Harbourton", "GPE")] * 3 + [("Virginia", "GPE")]
    assert advised_government("Mayor's Advisory Commission on Sea Level Rise", "Harbourton plans.", mentions) \
        == "City of Harbourton"
    assert advised_government("County Climate Advisory Committee", "Its plan.", [("Ashdale", "GPE")] * 2) \
        == "County of Ashdale"
    # a place named once is no evidence of whose plan it is
    assert advised_government("Mayor's Advisory Commission on Sea Level Rise", "A plan.", [("Harbourton", "GPE")]) == ""


@pytest.mark.parametrize("name", [
    "National Advisory Council on Coastal Science",     # advises no city or county
    "Harbourton Climate Commission",                    # no advisory body
    "Mayor's Office of Resilience",                     # the mayor's own office acts
])
def test_other_bodies_keep_the_plan(name):
    assert advised_government(name, _CITY_TEXT, [("Harbourton", "GPE")] * 3) == ""


def test_a_release_date_in_brackets_is_the_lines_own_timetable_field():
    found = find_deadlines("Guidelines for publishing tide data (Release date: June 2027)")
    assert [(d.date, d.label) for d in found] == [("2027-06-30", True)]
    found = find_deadlines("Tide gauge census (release date first release: December 2026 - then every 6 months)")
    assert [(d.date, d.label) for d in found] == [("2026-12-31", True)]


_RESULTS = ("Harbour Data Agency: Three-Year Data Plan\n\n"
            "Guidelines for publishing tide data (Release date: June 2027).\n\n"
            "Open register of harbour berths (Delivery date: by March 2028)\n\n"
            "The Agency published its first register (Release date: June 2017).\n")


@pytest.mark.integration
def test_a_deliverable_named_with_its_date_in_brackets_is_released_by_then():
    from kb.extract import Extractor
    from tests.textdoc import rules_only

    records = Extractor(scorer=rules_only).extract(document_from_text(_RESULTS)).commitments
    found = sorted((c.action, c.target, c.deadline.date if c.deadline else None) for c in records)
    assert ("release", "Guidelines for publishing tide data", "2027-06-30") in found, found
    assert ("deliver", "Open register of harbour berths", "2028-03-31") in found, found
    # a past act with a verb of its own is no deliverable of the plan
    assert not any(c.sentence.startswith("The Agency published") and c.action == "release" for c in records), found


def test_a_citys_possessive_ends_its_name():
    text = ("The City will widen the sidewalks. The City will light the crossings. The City will plant trees. "
            "The City will calm traffic. The City will mark the bike lanes. Street widths follow the City of "
            "Harbourton’s Street Design Guide and the City of Harbourton's Green Street Policy.")
    assert local_government_in_text(text, "Street Design Guide") == "City of Harbourton"


@pytest.mark.parametrize("name, thing", [
    ("the transport sector", True),
    ("Agriculture, land-use change and the forestry sector", True),
    ("An improved and energy efficient transport sector", True),
    ("the private sector", False),
    ("the public sector", False),
    ("the financial sector", False),
])
def test_a_sector_of_the_economy_is_no_party(name, thing):
    assert is_thing(name) is thing


@pytest.mark.integration
def test_an_economic_sector_does_not_take_the_pledges_written_about_it(extractor):
    text = ("Intended Nationally Determined Contribution of the Republic of Tarnia\n\n"
            "Tarnia will reduce its greenhouse gas emissions by 25% below business as usual by 2030.\n\n"
            "The transport sector will play a strategic role in ensuring that it becomes more energy efficient.\n\n"
            "For example, the transport sector strategy will discourage the importation of inefficient motor "
            "vehicles by lowering import duties on electric cars.\n")
    records = extractor.extract(document_from_text(text)).commitments
    assert not any("sector" in c.actor for c in records), [(c.actor, c.action) for c in records]
    assert {c.actor for c in records if c.action in ("discourage", "lower")} == {"Tarnia"}, \
        [(c.actor, c.action) for c in records]
