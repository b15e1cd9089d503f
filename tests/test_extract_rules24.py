"""Who a document speaks for, who a lead-in's "it" is, run-in headings and adjective series
(round 24; issue 10).

* A capitalised word that the text also writes in lower case at least as often is an ordinary
  word, not a name: "Digital" (from "Digital Public Service" and headings) is never the main actor
  of a national digital strategy that says "digital" on every page.
* The government of a place whose name has two words is found as written ("the New Zealand
  Government"), and a demonym in the plural ("New Zealanders") names the people, not the
  government.
* Abbreviations of technologies ("ICT", "AI", "API") name no body, however often the recogniser
  tags them as organisations (an agency's corporate plan says "ICT" 27 times).
* "(a) The Council shall advise the President." then "In particular, it shall:" and its items:
  the lead-in's "it" is the actor of the passage just before, under the same heading.
* "Strengthen Harbour Supply Chains: The two governments will ...": the parser gives the verb
  both the heading and the real subject; the subject after the colon is the actor.
* "The Harbour Plan shall be updated every 4 years." / "The Harbour Plan shall:" after "The Director
  ... shall develop and issue a Harbour Plan": the plan's duties are the Director's, and a record
  whose actor is only the document's main actor no longer takes the plan over.
* "REPUBLIC OF HARBOURLAND" alone as the title or a top line (a national submission's cover) is
  the issuer, however often the text names a ministry as subject.
* "create a strong, environmentally responsible, and resilient supply chain": the parser takes an
  adjective of the series for the object; the target runs on to the noun.

All sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import government_of, main_actor, state_named_alone
from tests.textdoc import document_from_text


def test_a_word_the_text_writes_in_lower_case_is_no_name():
    text = ("Digital services for every citizen. Our digital plan. The digital team builds digital tools. "
            "Harbourland will lead the digital change.")
    found = main_actor("Strategy for a Digital Service", "", ["Digital", "Digital", "Harbourland"],
                       [("Digital", "ORG"), ("Digital", "ORG"), ("Harbourland", "GPE")], [], text=text)
    assert found == "Harbourland"


def test_a_name_never_written_in_lower_case_stays_a_name():
    text = "Harbourland will lead. Harbourland will build ports. The ports of Harbourland grow."
    found = main_actor("Ports plan", "", ["Harbourland", "Harbourland"], [("Harbourland", "GPE")], [], text=text)
    assert found == "Harbourland"


@pytest.mark.parametrize("place, text, adjectives, government", [
    # a place of two words, as the text writes its government
    ("New Harbourland", "We, the New Harbourland Government, will act.", ["New Harbourlanders"],
     "New Harbourland Government"),
    # the people, not an adjective: no government made of it
    ("New Harbourland", "We will act for all New Harbourlanders.", ["New Harbourlanders"], ""),
    # an adjective still makes one
    ("Harbourland", "We will act.", ["Harbourlandic"], "Harbourlandic Government"),
])
def test_the_government_of_a_place(place, text, adjectives, government):
    assert government_of(place, text, adjectives) == government


def test_a_technology_abbreviation_is_no_main_actor():
    text = ("The Harbour Digital Agency (HDA) will publish an ICT plan. ICT spending will fall. "
            "ICT projects will be reviewed. The HDA will report on ICT twice a year.")
    entities = [("ICT", "ORG")] * 4 + [("HDA", "ORG")] * 2 + [("Harbour Digital Agency", "ORG")]
    found = main_actor("Corporate plan", "", ["HDA", "ICT"], entities, [], text=text)
    assert found != "ICT"
    assert found in ("HDA", "Harbour Digital Agency")


@pytest.mark.integration
def test_a_lead_in_it_is_the_body_of_the_passage_before(extractor):
    text = ("Sec. 3. Functions of the Council.\n\n"
            "(a) The Harbour Safety Council shall advise the President on harbour safety.\n\n"
            "In particular, it shall:\n\n"
            "(i) coordinate the inspection of harbour walls;\n\n"
            "(ii) provide recommendations to the President on pilotage.")
    records = extractor.extract(document_from_text(text, title="Executive Order on Harbour Safety")).commitments
    actors = {c.action: c.actor for c in records}
    assert actors["coordinate"] == "Harbour Safety Council"
    assert actors["provide"] == "Harbour Safety Council"


@pytest.mark.integration
def test_an_expletive_it_after_a_passage_is_not_that_passage_actor(extractor):
    text = ("The Harbour Safety Council shall inspect harbour walls.\n\n"
            "It is the policy of this Government to keep every harbour open.")
    records = extractor.extract(document_from_text(text, title="Executive Order on Harbour Safety")).commitments
    actors = {c.action: c.actor for c in records}
    assert actors["inspect"] == "Harbour Safety Council"
    assert actors["keep"] != "Harbour Safety Council"


@pytest.mark.integration
def test_a_run_in_heading_before_a_colon_is_not_the_actor(extractor):
    text = "Strengthen Resilience of Harbour Supply Chains: The two governments will work together to create a harbour fund."
    records = extractor.extract(document_from_text(text, title="Joint statement")).commitments
    assert [(c.actor, c.action) for c in records] == [("two governments", "create")]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target", [
    ("The port authorities will work together to create a strong, environmentally responsible, and resilient "
     "regional harbour network.", "a strong, environmentally responsible, and resilient regional harbour network"),
    # no noun after the adjective: the target ends where it did ("make X available" reads X alone since
    # round 53: tests/test_extract_rules54.py)
    ("The port authority will make the tide tables accessible.", "the tide tables accessible"),
])
def test_a_series_of_adjectives_runs_on_to_its_noun(extractor, sentence, target):
    records = extractor.extract(document_from_text(sentence, title="Harbour plan")).commitments
    assert [c.target for c in records] == [target]


@pytest.mark.parametrize("line, state", [
    ("REPUBLIC OF HARBOURLAND", "Republic of Harbourland"),
    ("United Republic of North Harbourland", "United Republic of North Harbourland"),
    ("KINGDOM OF THE HARBOUR ISLES", "Kingdom of the Harbour Isles"),
    # not a state's name alone
    ("Republic of Harbourland will cut emissions", ""),
    ("State of the Harbour", ""),
    ("Harbourland", ""),
])
def test_a_state_named_alone(line, state):
    assert state_named_alone(line) == state


def test_a_state_named_on_the_cover_is_the_issuer():
    subjects = ["Ministry of Tides", "Ministry of Tides"]
    found = main_actor("REPUBLIC OF HARBOURLAND", "", subjects, [("Ministry of Tides", "ORG")] * 2, [],
                       top=["REPUBLIC OF HARBOURLAND", "Intended Nationally Determined Contribution"],
                       text="The Ministry of Tides will build sea walls.")
    assert found == "Republic of Harbourland"


@pytest.mark.integration
def test_a_plan_undertaken_by_a_director_is_the_director_s_to_update_and_fill(extractor):
    text = ("Sec. 2. Harbour jobs.\n\n"
            "(a) The Director of Harbour Management, in consultation with the Secretary of Labor, shall develop "
            "and issue a Harbour Hiring Plan within 180 days.\n\n"
            "The Harbour Hiring Plan shall be updated every 4 years.\n\n"
            "The Harbour Hiring Plan shall:\n\n"
            "(i) define measures of success for the hiring of harbour pilots;\n\n"
            "(ii) identify strategies for recruiting tug masters.")
    records = extractor.extract(document_from_text(text, title="Executive Order on Harbour Jobs")).commitments
    actors = {c.action: c.actor for c in records}
    assert actors["update"] == "Director of Harbour Management"
    assert actors["define"] == "Director of Harbour Management"
    assert actors["identify"] == "Director of Harbour Management"
