"""Who speaks, and when "within N days" runs from (issue 10, error classes 1 and 4).

ANNOTATION.md section 2: "we" in a joint text is the group that issues it, named by
its title ("Joint Statement by the Prime Ministers of A and B", "A-B Joint
Declaration", "<place> G7 Summit Communiqué"); "their agencies" is whoever "they"
are; a hub, a portal or a newsletter cannot promise anything, and neither can its
abbreviation, but the body that owns it can ("Agencies' public websites must ..."); "EU"
is shown as "European Union".  Section 4: examples after a complete target go.  Section 5: "within 30 days of the
publication of this memo" and "within 180 days of its publication date" run from the
document's own date.  Every sentence here is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract.actors import (expand_abbreviation, is_thing, joint_title_issuer, main_actor, possessive_owner,
                               thing_owner)
from kb.extract.deadlines import normalise_deadline
from kb.extract.targets import trim_target
from tests.textdoc import document_from_text


@pytest.mark.parametrize("title, issuer", [
    ("Joint Statement by the Prime Ministers of Norway and Chile", "Norway and Chile"),
    ("Joint Declaration of the Governments of Peru, Ghana and the Republic of Fiji on Mangroves",
     "Peru, Ghana and the Republic of Fiji"),
    ("Joint Communiqué between Japan and India", "Japan and India"),
    ("Memorandum of Understanding between the African Union and ECOWAS", "African Union and ECOWAS"),
    ("Norway-Chile Joint Declaration on Ocean Science", "Norway and Chile"),
    ("Canada–United Kingdom Joint Statement", "Canada and United Kingdom"),
    ("Harbour Town G7 Summit Communiqué", "G7"),
    ("BRICS Ministers' Joint Statement on Trade", "BRICS"),
    # not a joint text, or no group named: no issuer from the title
    ("High-Level Dialogue Statement", ""),
    ("COP30 Declaration on Wetlands", ""),
    ("Statement on the Use of Drones by Police", ""),
    ("Executive Order 15001: Cleaner Federal Fleets", ""),
    ("Readout of the Third Norway-Chile Dialogue", ""),
])
def test_fields_joint_title_issuer_table(title, issuer):
    assert joint_title_issuer(title) == issuer


@pytest.mark.parametrize("mention, owner", [
    ("their respective agencies", "their"),
    ("their agencies", "their"),
    ("its staff", "its"),
    ("our ministries", "our"),
    # people or things of the owner are not the owner
    ("their residents", ""),
    ("its communities", ""),
    ("their ambition", ""),
    ("the agencies", ""),
])
def test_fields_possessive_owner_table(mention, owner):
    assert possessive_owner(mention) == owner


@pytest.mark.parametrize("mention, owner", [
    ("Agencies’ public websites", "Agencies"),
    ("B. the Harbour Board's annual report", "Harbour Board"),
    ("the Department’s new portal", "Department"),
    # a place's or a thing's thing names no body that undertakes
    ("Norway's Climate Plan", ""),
    ("the programme's budget", ""),
    ("its website", ""),
    ("The quarterly newsletters", ""),
])
def test_fields_owner_of_a_thing_table(mention, owner):
    assert thing_owner(mention) == owner


@pytest.mark.parametrize("target, trimmed", [
    # examples after a complete phrase go, with or without a comma (ANNOTATION.md section 4)
    ("research on coastal erosion such as dune restoration and reef surveys", "research on coastal erosion"),
    ("water quality monitoring in river basins like the Volta", "water quality monitoring in river basins"),
    ("new tools, such as flood maps", "new tools"),
    # too short to be complete, or "like" as a verb or an adverb: kept
    ("tools such as maps", "tools such as maps"),
    ("the services that residents would like to see online", "the services that residents would like to see online"),
    ("depots that look like small factories", "depots that look like small factories"),
])
def test_fields_target_examples_table(target, trimmed):
    assert trim_target(target) == trimmed


@pytest.mark.parametrize("mention, thing", [
    ("the Citizen Water Advisory Hub", True),
    ("the new grants portal", True),
    ("The quarterly newsletters", True),
    ("the Flood Data Platform", True),
    ("the Harbour Authority", False),
])
def test_fields_hub_and_portal_are_things_table(mention, thing):
    assert is_thing(mention) is thing


@pytest.mark.parametrize("name, text, full", [
    ("EU", "The EU and Peru signed the memorandum.", "European Union"),
    ("UN", "The UN will host the meeting.", "United Nations"),
    # a text that spells an abbreviation out wins over the table
    ("HB", "The Harbour Board (HB) will dredge the channel.", "Harbour Board"),
    ("XQZ", "XQZ will report.", "XQZ"),
])
def test_fields_abbreviation_table(name, text, full):
    assert expand_abbreviation(name, text) == full


def test_fields_abbreviation_of_a_thing_is_no_main_actor():
    """The Water Advisory Hub (WAH) is named as the subject again and again; the ministry that runs it speaks."""
    entities = [("Ministry of Water", "ORG"), ("Water Advisory Hub", "ORG")] + [("WAH", "ORG")] * 6
    got = main_actor("New Water Advisory Hub", "The Ministry of Water launched the Water Advisory Hub (WAH).",
                     ["Ministry of Water", "WAH", "WAH", "WAH"], entities, [])
    assert got == "Ministry of Water"


SIGNED = dt.date(2024, 3, 1)


@pytest.mark.parametrize("phrase, date", [
    ("within 30 days of the publication of this memo", "2024-03-31"),
    ("within 180 days of its publication date", "2024-08-28"),
    ("within 90 days of the publication date of this policy", "2024-05-30"),
    ("within 60 days of the issuance date of this memorandum", "2024-04-30"),
    # an event that is not the document's own has no date
    ("within 30 days of its receipt", None),
    ("within 45 days of approval of the budget", None),
])
def test_fields_deadline_from_the_document_table(phrase, date):
    got = normalise_deadline(phrase, SIGNED)
    assert got is not None and got.date == date


@pytest.mark.integration
def test_fields_we_of_a_joint_statement_is_its_signatories(extractor):
    text = ("We will establish a bilateral ocean research fund by 2027.\n\n"
            "We commit to doubling marine protected areas along our shared migration routes.")
    doc = document_from_text(text, title="Joint Statement by the Prime Ministers of Norway and Chile")
    got = {c.action: (c.actor, c.actor_source) for c in extractor.extract(doc).commitments}
    assert got["establish"] == ("Norway and Chile", "main_actor")
    assert got["double"] == ("Norway and Chile", "main_actor")


@pytest.mark.integration
def test_fields_their_agencies_is_whoever_they_are(extractor):
    text = ("The Secretary of Transport and the Secretary of Energy shall review the depot plans, and "
            "their respective agencies shall electrify every depot by 2030.")
    records = extractor.extract(document_from_text(text, title="Depot electrification order")).commitments
    electrify = [c for c in records if c.action == "electrify"]
    assert electrify and electrify[0].actor == "Secretary of Transport and the Secretary of Energy", \
        [(c.actor, c.action) for c in records]


@pytest.mark.integration
def test_fields_memo_deadline_runs_from_its_date(extractor):
    text = "Agencies must publish a data inventory within 60 days of the publication of this memo."
    doc = document_from_text(text, title="Memorandum on data inventories", published="2024-03-01")
    got = [(c.action, c.deadline.date if c.deadline else None) for c in extractor.extract(doc).commitments]
    assert ("publish", "2024-04-30") in got
