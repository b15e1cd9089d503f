"""A governor's order, an acronym spelled like a pronoun, a handbook's contents and what a body is
provided with (round 52: rules-53; issue 10).

* "I, Jane Roe, Governor of the State of Tarnia, ... do hereby order as follows": an executive order
  signed by a governor is the state's, not the Federal Government's (which the words "Executive Order"
  alone still give an order of the President).  The enacting formula comes after the recitals, so it
  is looked for in the text, not only in the title and the first passages; "Mayor of the City of X"
  gives the city.
* "ITS shall issue a provisional Open Data Handbook": a pronoun's word written in capitals is an
  acronym (here an Office of Information Technology Services), a name that can undertake something,
  not "its".
* "The Open Data Handbook shall: (1) provide models ...": a handbook, manual, guidebook, playbook or
  toolkit is a document, which promises nothing; its contents are the duties of whoever writes it.
* "The new data store will be available from March 2027", "Wardens will be in place by June": a modal
  copula that promises a thing a state (available, accessible, operational, online, in place) states a
  duty with no agent, as "will be made available" does: the action brings the state about ("make
  available", "put in place"), the thing is the target, the document's main actor undertakes it.  A
  condition ("if funds will be available") or a plain description ("will be important") is none.
* "The review board will be provided with monthly reports": in the passive of a verb of supplying,
  the subject receives and "with" names what is supplied -- the target, as the retained object of
  "will be given X" is.

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import is_pronoun, is_thing, main_actor
from tests.textdoc import document_from_text, rules_only

_ORDER = ("WHEREAS, the State holds valuable data on its harbours; and\n\n"
          "WHEREAS, open data improves trust in government;\n\n"
          "NOW, THEREFORE, I, Jane Roe, Governor of the State of Tarnia, by virtue of the authority vested in me "
          "by the Constitution of the State of Tarnia, do hereby order as follows:")


@pytest.mark.parametrize("text, issuer", [
    (_ORDER, "State of Tarnia"),
    ("THEREFORE, I, Sam Poe, Governor of Eastland, pursuant to the executive authority, direct:", "State of Eastland"),
    ("I, Ada Lin, Mayor of the City of Harbourton, by the power vested in me, order:", "City of Harbourton"),
])
def test_a_governors_or_mayors_order_is_the_state_or_citys(text, issuer):
    found = main_actor(title="Executive Order No. 12", lead="Executive Order No. 12", subject_mentions=[],
                       entity_mentions=[], title_entities=[], text=text)
    assert found == issuer


def test_an_order_without_a_governor_stays_the_federal_governments():
    text = "By the authority vested in me as President by the Constitution, it is hereby ordered as follows:"
    found = main_actor(title="Executive Order 14999", lead="Executive Order 14999", subject_mentions=[],
                       entity_mentions=[], title_entities=[], text=text)
    assert found == "Federal Government"


@pytest.mark.parametrize("word, pronoun", [("ITS", False), ("US", False), ("its", True), ("It", True),
                                           ("we", True), ("I", True)])
def test_a_pronouns_word_in_capitals_is_an_acronym(word, pronoun):
    assert is_pronoun(word) is pronoun


@pytest.mark.parametrize("name", ["The Open Data Handbook", "the operations manual", "The Harbour Playbook",
                                  "the data toolkit", "the Grants Guidebook"])
def test_a_handbook_or_manual_is_a_document(name):
    assert is_thing(name)


@pytest.mark.integration
def test_an_acronym_office_and_a_governor_take_the_orders_duties():
    from kb.extract import Extractor

    text = ("Executive Order No. 12\n\n" + _ORDER + "\n\n"
            "A. The Tarnia Office of Information Technology Services shall support agencies.\n\n"
            "B. Within 90 days after the date of this Order, ITS shall issue a provisional Open Data Handbook.\n\n"
            "C. The Open Data Website shall be maintained at data.tarnia.gov.\n")
    records = Extractor(scorer=rules_only).extract(document_from_text(text, title="Executive Order No. 12")).commitments
    by_action = {c.action: c for c in records}
    assert by_action["issue"].actor == "ITS", [(c.actor, c.action) for c in records]
    assert by_action["issue"].actor_source == "named"
    assert by_action["maintain"].actor == "State of Tarnia", [(c.actor, c.action) for c in records]


@pytest.mark.integration
def test_a_handbooks_contents_are_its_authors_duties():
    from kb.extract import Extractor

    text = ("Open data\n\n"
            "The Harbour Office will publish harbour data every month.\n\n"
            "The Open Data Handbook shall:\n\n"
            "1. provide models for agencies to follow when creating their data catalogues;\n\n"
            "2. set forth the terms of use of the website.\n")
    records = Extractor(scorer=rules_only).extract(document_from_text(text)).commitments
    items = [c for c in records if c.action in ("provide", "set")]
    assert len(items) == 2, [(c.actor, c.action) for c in records]
    assert all("Handbook" not in c.actor for c in items), [(c.actor, c.action) for c in items]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target", [
    ("The review board will be provided with monthly reports on the backlog.", "monthly reports on the backlog"),
    ("The steering group shall be supplied with quarterly figures on enrolment by June 2026.",
     "quarterly figures on enrolment"),
    ("New rangers will be equipped with radios and first-aid kits.", "radios and first-aid kits"),
])
def test_what_a_body_is_provided_with_is_the_target(sentence, target):
    from kb.extract import Extractor

    records = Extractor(scorer=rules_only).extract(document_from_text(sentence, title="Plan")).commitments
    assert [c.target for c in records] == [target]


@pytest.mark.integration
def test_a_passive_with_a_view_to_keeps_its_subject():
    from kb.extract import Extractor

    sentence = "All requested licences will be granted with a view to the timely opening of the port."
    records = Extractor(scorer=rules_only).extract(document_from_text(sentence, title="Plan")).commitments
    assert [c.target for c in records] == ["All requested licences"]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The new data store will be available from March 2027.", "make available", "The new data store"),
    ("Harbour wardens will be in place at every pier by June 2027.", "put in place", "Harbour wardens"),
    ("The permit service will be operational across all districts by April 2027.", "make operational",
     "The permit service"),
    ("Public data sets shall be accessible to external search engines.", "make accessible", "Public data sets"),
    ("The first booking applications will be online in early summer 2027.", "put online",
     "The first booking applications"),
])
def test_a_thing_promised_a_state_is_a_duty_without_an_agent(sentence, action, target):
    from kb.extract import Extractor

    text = "Tarnia Harbour Plan\n\nThe Harbour Authority will renew the piers.\n\n" + sentence
    records = Extractor(scorer=rules_only).extract(document_from_text(text, title="Tarnia Harbour Plan")).commitments
    found = [(c.action, c.target) for c in records if c.action != "renew"]
    assert found == [(action, target)]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", [
    "If grant resources will be available, the programme will expand its reach.",
    "The new data store will be important for the harbour's users.",
    "It is expected that sufficient grant resources will be available to achieve the targets.",
])
def test_a_condition_or_a_description_promises_no_state(sentence):
    from kb.extract import Extractor

    records = Extractor(scorer=rules_only).extract(document_from_text(sentence, title="Plan")).commitments
    assert not any(c.action.startswith(("make available", "make accessible")) for c in records), \
        [(c.action, c.target) for c in records]
