"""Detection precision, rules-14 (issue 10): constructions of English that state no undertaking.

- an active relative clause under "that"/"which" describes what a thing will do ("a fund that will
  provide X", "the Roadmap, which will foster Y"): a description or a forecast of effects
  (`constructions._relative_description`); a passive one ("the plan, which will be published in
  2026"), one under "shall"/"must" (what a deliverable must hold) and one under "who" still lay a duty;
- the "that"-clause of a verb of belief ("we recognise that X will constitute Y", "the scenario
  assumes that Z will be built") and an indirect question ("explain how they will adopt X")
  report a forecast or ask; they do not undertake
  (`constructions._embedded_content`);
- "it is" + an adjective + an infinitive ("it is necessary to incorporate X") judges an act, it
  names no actor that undertakes it (`heads.extraposed_judgement`); "it is the policy of X to" stays;
- what a measure allows or helps someone to do ("this tool allows the City to compare X") describes
  its effect (`constructions._enabled_act`); an actor's own help ("the Bank will help X to improve Y")
  stays;
- a wish or an expectation that is the action itself ("We want a competitive rail sector", "they
  expect services to be simple") is no undertaking (`constructions._bare_wish`); "we want to
  promote X" keeps its infinitive.

Every sentence is invented for this test; none is copied or edited from the shared dev set or from
the labelled test split.  The rows go through the extractor with the rules alone (`rules_only`: no
learned filter), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

pytestmark = pytest.mark.integration

_TITLE = "Lakeside Borough Climate Plan"


def _actions(extractor, text: str) -> list[str]:
    return [a for a, _ in action_targets(extractor, text, title=_TITLE)]


# --- an active relative clause describes a thing ---------------------------------------------------

RELATIVE_DESCRIPTIONS = {
    "that will provide, after a commitment": (
        "The Borough will launch a loan scheme that will provide homeowners with cheap finance for insulation.",
        "provide"),
    "which will foster, after a welcome": (
        "We welcome the new river charter, which will foster closer cooperation between the upstream towns.",
        "foster"),
    "which will include, a body's make-up": (
        "The Mayor will convene a Flood Panel, which will include engineers from the water utility.",
        "include"),
    "that will create, a coordinated second verb": (
        "The Borough is making a large investment in cycle lanes that will cut congestion and create new jobs.",
        "create"),
}


@pytest.mark.parametrize("text,action", RELATIVE_DESCRIPTIONS.values(), ids=RELATIVE_DESCRIPTIONS.keys())
def test_an_active_relative_clause_is_no_commitment(extractor, text, action):
    assert action not in _actions(extractor, text)


RELATIVE_DUTIES = {
    "a passive relative clause": (
        "The Borough will draft a heat strategy, which will be published by the end of 2026.",
        "publish"),
    "what a deliverable shall hold": (
        "The Director shall submit a drought plan, which shall include a map of the wells at risk.",
        "include"),
    "the main clause around it": (
        "The Borough will launch a loan scheme that will provide homeowners with cheap finance for insulation.",
        "launch"),
}


@pytest.mark.parametrize("text,action", RELATIVE_DUTIES.values(), ids=RELATIVE_DUTIES.keys())
def test_a_passive_relative_clause_and_the_main_clause_stay(extractor, text, action):
    assert action in _actions(extractor, text)


# --- belief and indirect questions -----------------------------------------------------------------

EMBEDDED_CONTENT = {
    "foresees that": (
        "The Council foresees that a new target for 2040 will be set in a similar way.",
        "set"),
    "recognises that": (
        "The Borough recognises that its green workforce will constitute the base of future growth.",
        "constitute"),
    "assumes that": (
        "The central scenario assumes that a district heating network will be built in the town centre.",
        "build"),
    "estimates that": (
        "The water utility estimates that it will reduce its emissions by a quarter over the decade.",
        "reduce"),
    "how, after explain": (
        "Applicants must explain how their projects will protect local wildlife.",
        "protect"),
    "how, after outlining": (
        "Each department shall provide a transition plan outlining how it will adopt the new standard.",
        "adopt"),
}


@pytest.mark.parametrize("text,action", EMBEDDED_CONTENT.values(), ids=EMBEDDED_CONTENT.keys())
def test_a_belief_or_an_indirect_question_is_no_commitment(extractor, text, action):
    assert action not in _actions(extractor, text)


EMBEDDED_DUTIES = {
    "the main verb before the indirect question": (
        "Each department shall provide a transition plan outlining how it will adopt the new standard.",
        "provide"),
    "a second own modal after the belief": (
        "We recognise that flood risk may increase and will continue to work with the river authority.",
        "work"),
    "a stated undertaking, not a belief": (
        "We stress that we will cooperate closely with the neighbouring boroughs.",
        "cooperate"),
}


@pytest.mark.parametrize("text,action", EMBEDDED_DUTIES.values(), ids=EMBEDDED_DUTIES.keys())
def test_the_undertakings_around_them_stay(extractor, text, action):
    assert action in _actions(extractor, text)


# --- "it is" + adjective + infinitive --------------------------------------------------------------

JUDGEMENTS = {
    "necessary": ("Therefore, it is necessary to incorporate flood criteria into every new building design.",
                  "incorporate"),
    "important": ("It is also important to move from yearly spot checks towards continuous monitoring.", "move"),
    "possible": ("While it is technically possible to reach zero emissions by 2035, the cost would be high.",
                 "reach"),
    "premature": ("However, it is premature to draw conclusions on the health of the borough's woodlands.", "draw"),
}


@pytest.mark.parametrize("text,action", JUDGEMENTS.values(), ids=JUDGEMENTS.keys())
def test_it_is_adjective_to_is_no_commitment(extractor, text, action):
    assert action not in _actions(extractor, text)


def test_it_is_the_policy_to_stays(extractor):
    assert "promote" in _actions(extractor, "It is the policy of the Borough to promote community energy schemes.")


# --- what a measure allows or helps someone to do ------------------------------------------------------

ENABLED_ACTS = {
    "a tool allows": ("This online tool allows the Borough to compare its buildings with similar ones.", "compare"),
    "a network will allow us": ("A new outreach network will allow us to reach skilled workers abroad.", "reach"),
    "this will help others": ("In turn, this will help operators to improve their existing processes.", "improve"),
}


@pytest.mark.parametrize("text,action", ENABLED_ACTS.values(), ids=ENABLED_ACTS.keys())
def test_what_a_measure_enables_is_no_commitment(extractor, text, action):
    assert action not in _actions(extractor, text)


def test_an_actors_own_help_stays(extractor):
    actions = _actions(extractor, "The Borough will help local schools to improve their insulation.")
    assert {"help", "improve"} & set(actions)


# --- a wish or an expectation as the action ------------------------------------------------------------

WISHES = {
    "want a noun": ("We want a clean, reliable and affordable bus network.", "want"),
    "expect a clause": ("Residents expect services to be simple and fast.", "expect"),
}


@pytest.mark.parametrize("text,action", WISHES.values(), ids=WISHES.keys())
def test_a_bare_wish_is_no_commitment(extractor, text, action):
    assert action not in _actions(extractor, text)


def test_a_wished_infinitive_stays(extractor):
    assert "promote" in _actions(extractor, "We want to promote walking and cycling in every neighbourhood.")
