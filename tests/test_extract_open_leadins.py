"""Lead-ins whose last word is not their verb, and what is not a commitment (rules-3).

One table per construction of English, with invented sentences only (none is
copied or edited from the shared dev set or from the labelled corpus).  Uses the
real spaCy model and the rules alone (the learned filter is a pass-through), as
tests/test_extract_constructions.py does.

- a lead-in can end in "to:" (the items complete the infinitive), in a hedge or a
  time after the modal ("shall, as appropriate:", "shall within 1 year:"), in "the
  following actions:", or in its subject alone ("To do so, the Panel:"); its
  items are the commitments, and the lead-in's actor is theirs;
- "should" recommends: per ANNOTATION.md a recommendation is not an undertaking;
- what a thing or "this" will bring about is a prediction, and so is a result
  participle after a comma (", giving ...");
- a question or condition inside a clause ("whether ...") undertakes nothing.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

pytestmark = pytest.mark.integration


def tuples(extractor, text, title="Order", published=None):
    doc = document_from_text(text, title=title, published=published)
    return [(c.actor, c.action, c.target, c.actor_source)
            for c in extractor.extract(doc).commitments]


# lead-in text -> (actor the items take, the items' (action, target))
OPEN_LEAD_INS = {
    "ends in 'to:'": (
        "(a) The Secretary of Transport, through the Office of Ports, shall work with port authorities to:\n"
        "(i) map the storage capacity of inland ports; and\n"
        "(ii) publish a schedule of dredging works.",
        "Secretary of Transport",
        [("map", "the storage capacity of inland ports"), ("publish", "a schedule of dredging works")]),
    "a hedge between the modal and the colon": (
        "Regional water boards that manage reservoirs in drought areas shall, as appropriate and consistent "
        "with applicable law:\n"
        "(a) install flow meters at every outlet; and\n"
        "(b) report monthly storage levels.",
        "Regional water boards",
        [("install", "flow meters at every outlet"), ("report", "monthly storage levels")]),
    "a time between the modal and the colon": (
        "The Secretaries, in coordination with the heads of other agencies, shall within 1 year of the date "
        "of this order:\n"
        "(i) survey the condition of public piers; and\n"
        "(ii) repair the piers rated unsafe.",
        "Secretaries",
        [("survey", "the condition of public piers"), ("repair", "the piers rated unsafe")]),
    "responsible for the following actions": (
        "The Bureau of Statistics is responsible for the following actions:\n"
        "1. Publish quarterly tables of freight volumes.\n"
        "2. Maintain a register of data sources.",
        "Bureau of Statistics",
        [("publish", "quarterly tables of freight volumes"), ("maintain", "a register of data sources")]),
    "the subject alone after an opening adverbial": (
        "To carry out these duties, the Review Panel:\n"
        "(i) shall hold public hearings in each district; and\n"
        "(ii) shall issue a final report.",
        "Review Panel",
        [("hold", "public hearings in each district"), ("issue", "a final report")]),
}


# a lead-in whose verb has an object of its own before "to:" is a duty too (rules-42; ANNOTATION.md section 1):
# its record comes first, named in its sentence
OWN_DUTY = {"ends in 'to:'": ("Secretary of Transport", "work", "with port authorities", "named")}


@pytest.mark.parametrize("name", list(OPEN_LEAD_INS))
def test_extract_open_lead_in_gives_its_actor_to_the_items(extractor, name):
    text, actor, items = OPEN_LEAD_INS[name]
    got = tuples(extractor, text)
    own = [OWN_DUTY[name]] if name in OWN_DUTY else []
    assert got[:len(own)] == own
    got = got[len(own):]
    assert [(a, t) for _, a, t, _ in got] == items
    assert {(who, source) for who, _, _, source in got} == {(actor, "lead_in")}


def test_extract_lead_in_actor_without_its_relative_clause(extractor):
    text = ("Field offices that serve districts hit by floods or by storms within the past two years shall, "
            "as appropriate:\n"
            "(a) open temporary service desks; and\n"
            "(b) extend filing deadlines.")
    got = tuples(extractor, text)
    assert [(who, a) for who, a, _, _ in got] == [("Field offices", "open"), ("Field offices", "extend")]


def test_extract_past_rule_ending_in_to_is_no_lead_in(extractor):
    text = ("Last year the two councils issued a rule amending the procurement code to:\n"
            "(i) require recycled paper in offices; and\n"
            "(ii) ban single-use cups.")
    got = tuples(extractor, text, title="Memorandum on paper")
    assert all(source != "lead_in" for _, _, _, source in got)


def test_extract_object_after_recipient(extractor):
    got = tuples(extractor, "The Director shall submit to the Governor, through the Budget Office, a plan for "
                            "the closure of two depots.")
    assert [(a, t) for _, a, t, _ in got] == [("submit", "a plan for the closure of two depots")]


def test_extract_whether_clause_is_the_target_not_a_commitment(extractor):
    got = tuples(extractor, "The Director shall promptly recommend to the Governor, through the Budget Office, "
                            "whether any changes should be made to the fee schedule.")
    assert [(a, t) for _, a, t, _ in got] == [
        ("recommend", "whether any changes should be made to the fee schedule")]


@pytest.mark.parametrize("text", [
    # a recommendation
    "Ministries should publish their procurement data in open formats.",
    "Councils should consider planting street trees along bus corridors.",
    # what a thing or "this" will bring about
    "This will enable hospitals to share patient records securely.",
    "The new tariff code will help households lower their bills.",
    "These reforms will require significant investment from the private sector.",
    # a question or a condition inside another clause
    "It is unclear whether the agency will expand the scheme.",
])
def test_extract_recommendations_and_predictions_are_not_commitments(extractor, text):
    assert tuples(extractor, text, title="Plan") == []


def test_extract_items_under_a_recommending_lead_in_are_not_commitments(extractor):
    text = ("(a) The survey should:\n"
            "(i) cover every rural clinic; and\n"
            "(ii) record staff vacancies.")
    assert tuples(extractor, text, title="Order on clinics") == []


def test_extract_result_participle_is_not_another_commitment(extractor):
    got = tuples(extractor, "The ministry will cut licence fees for small bakeries, giving them more room to hire.",
                 title="Ministry plan")
    assert [(a, t) for _, a, t, _ in got] == [("cut", "licence fees for small bakeries")]


def test_extract_passive_committed_to(extractor):
    got = tuples(extractor, "Norland is committed to reduce its methane emissions by 40 percent.",
                 title="Norland pledge")
    assert [(who, a, t) for who, a, t, _ in got] == [("Norland", "reduce", "its methane emissions by 40 percent")]


def test_extract_sentence_taken_for_a_title_names_no_issuer(extractor):
    """Ingestion found no title and used the first sentence: its entity is not the issuer."""
    title = ("Given the rising cost of fuel, the Transport Committee believes that short term goals "
             "with measurable results should come first.")
    text = "This plan covers Harlow County.\n\nThe county will install 40 charging points."
    got = tuples(extractor, text, title=title)
    assert [(who, a, source) for who, a, _, source in got] == [("Harlow County", "install", "main_actor")]


def test_extract_items_under_including_keep_their_own_verbs(extractor):
    """ "..., including:" only announces the items; an item that opens with a verb keeps it,
    and "Continue to V" takes V."""
    text = ("In running the registry, the Bureau will fulfill a range of duties, including:\n"
            "1. publish licences for qualified operators.\n"
            "2. Continue to enhance the public register.\n"
            "3. quarterly audits of licence holders.")
    got = [(a, t) for _, a, t, _ in tuples(extractor, text, title="Memo")]
    assert ("publish", "licences for qualified operators") in got
    assert ("enhance", "the public register") in got
    assert ("include", "quarterly audits of licence holders") in got
