"""Detection: which sentences and list lines are commitments, one table per construction.

Every sentence here is invented for this test (in the style of the labelled
corpus's train documents: joint statements, city and county plans, national
pledges); none is copied or edited from the shared dev set or from the labelled
test split.  The rules run alone (`rules_only`: no learned filter), with the real
spaCy model.  A row says what is detected -- the action and its target -- and,
where the construction decides it, the actor; the fields themselves are tested
in tests/test_extract_fields_*.py.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

pytestmark = pytest.mark.integration


def detected(extractor, text, title="Plan"):
    """(action, target) of every record the rules build from `text`."""
    result = extractor.extract(document_from_text(text, title=title))
    return [(c.action, c.target) for c in result.commitments]


# --- a declaration's own tense: no modal, yet an undertaking -----------------------------

DECLARED = {
    "first person, simple present, a verb of policy action": (
        "We promote the recycling of lithium batteries across our economies.",
        [("promote", "the recycling of lithium batteries across our economies")]),
    "first person with an adverb before the verb": (
        "We also strengthen cooperation on early-warning systems for floods.",
        [("strengthen", "cooperation on early-warning systems for floods")]),
    "a named actor that continues to act": (
        "The Republic of Palau continues to support community mangrove restoration.",
        [("support", "community mangrove restoration")]),
    "a past agreement reported by the parties": (
        "Both ministries agreed to expand joint research on sodium-ion storage.",
        [("expand", "joint research on sodium-ion storage")]),
}


@pytest.mark.parametrize("text,expected", DECLARED.values(), ids=list(DECLARED))
def test_declaration_tense_is_a_commitment(extractor, text, expected):
    assert detected(extractor, text, title="Joint statement on clean industry") == expected


NOT_DECLARED = {
    "a verb of stance": "We recognise the urgency of the climate crisis.",
    "first person reporting a fact": "We note that emissions fell in 2022.",
    "a thing that continues, not an actor": "Global demand for copper continues to grow.",
    "an agreement inside a clause of reason": "In 2015 prices rose because suppliers agreed.",
    "a projection of numbers": "By 2060 there will be twice as many adults over 65 in the region.",
}


@pytest.mark.parametrize("text", NOT_DECLARED.values(), ids=list(NOT_DECLARED))
def test_statement_without_an_undertaking_is_not_detected(extractor, text):
    assert detected(extractor, text, title="Joint statement on clean industry") == []


def test_roman_numeral_is_not_a_first_person_speaker(extractor):
    """ "(i) ..., update X": the parser may read the marker "i" as "I"; no record from that reading."""
    text = ("Each agency shall:\n\n(i) within 90 days of the date of this order, update its fleet plan to "
            "meet the standards of this order;")
    actions = [a for a, _ in detected(extractor, text, title="Order on federal fleets")]
    assert "meet" not in actions


# --- an action line after a plan's label ---------------------------------------------------

LABELLED = {
    "a label with a bracketed term and a double colon": (
        "Action Item C (lt) :: Develop a tree canopy plan for the riverside districts.",
        ("develop", "a tree canopy plan for the riverside districts")),
    "a numbered goal and a colon": (
        "Goal 2: Protect the wetlands of the lower valley.",
        ("protect", "the wetlands of the lower valley")),
}


@pytest.mark.parametrize("text,expected", LABELLED.values(), ids=list(LABELLED))
def test_labelled_action_line(extractor, text, expected):
    result = extractor.extract(document_from_text(text, title="Riverside County energy plan"))
    assert [(c.action, c.target) for c in result.commitments] == [expected]
    # the label is no actor: the line is the plan's own
    assert result.commitments[0].actor == "Riverside County"


# --- a list line whose capitalised verb the tagger reads as a noun ------------------------

MISREAD = {
    "an opening verb read as a name": (
        "Broadband actions:\n\n• Conclude delivery of our rural broadband programme",
        [("conclude", "delivery of our rural broadband programme")]),
    "an opening verb tagged as a verb already": (
        "Council actions:\n\n• Guarantee the safety of dams and flood barriers",
        [("guarantee", "the safety of dams and flood barriers")]),
}


@pytest.mark.parametrize("text,expected", MISREAD.values(), ids=list(MISREAD))
def test_list_line_opening_with_a_verb(extractor, text, expected):
    assert detected(extractor, text, title="Digital plan") == expected


def test_reread_keeps_text_and_tokens():
    """The second reading changes annotations only: same text, same tokens, same sentences."""
    from kb.extract.component import reread_openers
    from kb.extract.nlp import load_nlp

    nlp = load_nlp()
    text = "• Conclude delivery of our rural broadband programme"
    with nlp.select_pipes(disable=["policykb_commitments"]):
        doc = nlp(text)
    again = reread_openers(doc, nlp, "policykb_commitments")
    assert again.text == doc.text
    assert [t.text for t in again] == [t.text for t in doc]
    assert [s.start for s in again.sents] == [s.start for s in doc.sents]
    assert again[1].tag_ == "VB"


# --- a list line that names its action with a noun ("Removal of X") ----------------------

NOMINAL = {
    "removal": ("• Removal of fossil fuel subsidies for coal power plants",
                ("remove", "fossil fuel subsidies for coal power plants")),
    "rehabilitation": ("• Rehabilitation of degraded grazing land", ("rehabilitate", "degraded grazing land")),
    "recovery": ("• Recovery of methane from municipal landfills", ("recover", "methane from municipal landfills")),
}


@pytest.mark.parametrize("line,expected", NOMINAL.values(), ids=list(NOMINAL))
def test_noun_of_action_list_line(extractor, line, expected):
    text = "Mitigation measures in the waste sector:\n\n" + line
    assert detected(extractor, text, title="Waste plan") == [expected]


# --- forecasts and effects: a thing cannot promise ----------------------------------------

FORECASTS = {
    "an outcome expected of a quantity": "Regional emissions are expected to rise to 40 Mt in 2030.",
    "an outcome expected of a programme": "The new tariff is expected to yield large savings for households.",
    "a bare 'this' standing for the clause before":
        "The depot opens in May. This will allow buses to run every ten minutes.",
    "a bare 'these' describing a list": "These will include schools, clinics and libraries.",
}


@pytest.mark.parametrize("text", FORECASTS.values(), ids=list(FORECASTS))
def test_forecast_is_not_a_commitment(extractor, text):
    assert detected(extractor, text, title="Lakeside outlook") == []


EXPECTED_DUTIES = {
    "people are expected to act": ("Fleet managers are expected to report fuel use every quarter.", "report"),
    "an office is expected to act": ("The Director is expected to publish the audit by June.", "publish"),
    "an acronym read as a common noun": ("CIOs are expected to attend the quarterly council meetings.", "attend"),
}


@pytest.mark.parametrize("text,action", EXPECTED_DUTIES.values(), ids=list(EXPECTED_DUTIES))
def test_expected_of_an_actor_is_a_duty(extractor, text, action):
    assert [a for a, _ in detected(extractor, text, title="Lakeside fleet policy")] == [action]
