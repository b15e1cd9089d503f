"""Detection, rules-6: the constructions added after the labelled train and validation splits.

One table per construction of English (or of a genre of document), each with a
row that must not be detected.  Every sentence is invented for this test; none
is copied or edited from the shared dev set or from the labelled test split.
The rules run alone (`rules_only`: no learned filter), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

pytestmark = pytest.mark.integration


def records(extractor, text, title="Plan"):
    return extractor.extract(document_from_text(text, title=title)).commitments


def detected(extractor, text, title="Plan"):
    """(action, target) of every record the rules build from `text`."""
    return [(c.action, c.target) for c in records(extractor, text, title)]


# --- a speaker directs a named actor: the infinitive is that actor's action ----------------

DIRECTED = {
    "I have asked X to": (
        "I have asked the Fire Standards Board to publish a new code on station safety.",
        ("Fire Standards Board", "publish", "a new code on station safety")),
    "we task X to": (
        "We task the Energy Ministers to prepare a roadmap for grid interconnection.",
        ("Energy Ministers", "prepare", "a roadmap for grid interconnection")),
    "I hereby direct X to": (
        "I hereby direct the Secretary of Transportation to review the bridge inspection rules.",
        ("Secretary of Transportation", "review", "the bridge inspection rules")),
    "I have commissioned X to": (
        "Last week I commissioned the Coastal Agency to survey all tidal defences.",
        ("Coastal Agency", "survey", "all tidal defences")),
}


@pytest.mark.parametrize("text,expected", DIRECTED.values(), ids=list(DIRECTED))
def test_directed_actor_takes_the_action(extractor, text, expected):
    found = [(c.actor, c.action, c.target) for c in records(extractor, text, title="Ministerial statement")]
    assert expected in found


NOT_DIRECTED = {
    "an appeal to others": "We call on all member states to adopt the new reporting template.",
    "a description, not a speaker": "The statute asks employers to report workplace injuries.",
}


@pytest.mark.parametrize("text", NOT_DIRECTED.values(), ids=list(NOT_DIRECTED))
def test_appeal_or_description_is_not_directed(extractor, text):
    assert detected(extractor, text, title="Ministerial statement") == []


# --- a passive light verb with an effort noun: the infinitive is the action -----------------

EFFORT_PASSIVES = {
    "efforts will be made to": ("Efforts will be made to upgrade rural water supply networks.",
                                ("upgrade", "rural water supply networks")),
    "steps shall be taken to": ("Steps shall be taken to simplify the permit application form.",
                                ("simplify", "the permit application form")),
}


@pytest.mark.parametrize("text,expected", EFFORT_PASSIVES.values(), ids=list(EFFORT_PASSIVES))
def test_effort_passive_names_the_real_action(extractor, text, expected):
    found = records(extractor, text, title="Provincial water plan")
    assert [(c.action, c.target) for c in found] == [expected]
    assert found[0].actor_source == "main_actor"      # the effort noun is no actor


def test_progress_passive_keeps_its_light_action(extractor):
    """ "progress will be made on X" has no infinitive: the light verb stays the action."""
    assert detected(extractor, "Progress will be made on battery recycling standards.") == [
        ("make progress on", "battery recycling standards")]


# --- "be committed to doing", "stand ready to" -----------------------------------------------

COMMITTED = {
    "committed to + gerund": ("Norway is committed to phasing out fossil heating in public buildings.",
                              ("phase out", "fossil heating in public buildings")),
    "committed read as an adjective": ("Ghana is committed to using its forest reserves to store carbon.",
                                       ("use", "its forest reserves")),
    "stands ready to": ("The Fund stands ready to assist member states with project preparation.",
                        ("assist", "member states with project preparation")),
}


@pytest.mark.parametrize("text,expected", COMMITTED.values(), ids=list(COMMITTED))
def test_committed_to_doing_is_a_commitment(extractor, text, expected):
    (action, target), = detected(extractor, text, title="National statement")
    assert action == expected[0]
    assert target.startswith(expected[1])


def test_committed_to_a_noun_is_not_an_action(extractor):
    assert detected(extractor, "Norway is committed to the Paris Agreement.", title="National statement") == []


# --- list lines that a PDF ran together around a bullet glyph --------------------------------

def test_inline_bullets_split_list_lines(extractor):
    text = ("Replace street lamps on county roads with LED fixtures > Create a phased plan for depot "
            "retrofits > Establish a green purchasing policy for all departments")
    assert detected(extractor, text, title="County sustainability plan") == [
        ("replace", "street lamps on county roads with LED fixtures"),
        ("create", "a phased plan for depot retrofits"),
        ("establish", "a green purchasing policy for all departments")]


def test_symbol_font_bullet_splits_list_lines(extractor):
    text = "Expand composting at city parks \uf0a7 Install water meters in every fire station"
    assert [a for a, _ in detected(extractor, text, title="City operations plan")] == ["expand", "install"]


def test_greater_than_inside_a_sentence_is_no_bullet(extractor):
    """A comparison "> 50" is not a bullet: the next word is no capital."""
    text = "The city will retrofit buildings with a floor area > 500 square metres by 2030."
    assert [a for a, _ in detected(extractor, text, title="City operations plan")] == ["retrofit"]


# --- an action line whose verb of policy opens before a name ------------------------------------

def test_policy_verb_before_a_name_is_an_instruction(extractor):
    text = "Utilize Clean Harbor Partnership funds to retrofit diesel ferries on the river routes."
    assert [a for a, _ in detected(extractor, text, title="County energy plan")] == ["utilize"]


def test_name_that_opens_with_a_verb_is_no_instruction(extractor):
    assert detected(extractor, "Support Services Division annual report", title="County energy plan") == []


# --- an act as the subject: a forecast of effects, not an undertaking --------------------------

ACTS_AS_SUBJECTS = {
    "a noun made from a verb": ("Closer cooperation with neighbouring regions will foster trade, encourage "
                                "innovation and strengthen food security."),
    "adoption of X will lay the foundation": ("Adoption of the customs code by the partner countries will lay "
                                              "the foundation for faster border crossings."),
    "a gerund clause": "Building resilient ports will also provide a basis to expand exports and create jobs.",
    "what this will allow us to do": "This will allow us to compare how quickly each district processes claims.",
}


@pytest.mark.parametrize("text", ACTS_AS_SUBJECTS.values(), ids=list(ACTS_AS_SUBJECTS))
def test_act_as_subject_is_a_forecast(extractor, text):
    assert detected(extractor, text, title="Regional trade outlook") == []


ACTORS_AND_INSTRUMENTS = {
    "an actor whose name ends like an act": ("The Administration will foster trade with island nations.",
                                             ("foster", "trade with island nations")),
    "a body named Commission": ("The Commission will encourage innovation in grid storage.",
                                ("encourage", "innovation in grid storage")),
    "an instrument states its content": ("Any guidance shall include safeguards for personal data.",
                                         ("include", "safeguards for personal data")),
}


@pytest.mark.parametrize("text,expected", ACTORS_AND_INSTRUMENTS.values(), ids=list(ACTORS_AND_INSTRUMENTS))
def test_actor_or_instrument_as_subject_is_kept(extractor, text, expected):
    assert detected(extractor, text, title="Order on trade") == [expected]


def test_speaker_that_allows_others_is_no_forecast(extractor):
    """ "We will allow X to reuse Y": the speaker is no demonstrative; the allowed action stays."""
    text = "We will allow the district offices to reuse the claims software."
    assert ("reuse", "the claims software") in detected(extractor, text, title="Order on trade")


# --- a plan's line that opens with a gerund or a noun of action, however it is parsed ----------

OPENING_ACTIONS = {
    "a gerund read as an adjective, with a deadline": (
        "Increasing capacity of offshore wind generation to 12 GW until 2030",
        ("increase", "capacity of offshore wind generation to 12 GW")),
    "a gerund with a purpose": ("Implementing green harbour projects to ensure cleaner air",
                                ("implement", "green harbour projects")),
    "a noun of action and of": ("Establishment of district heating networks in three northern towns",
                                ("establish", "district heating networks in three northern towns")),
}


@pytest.mark.parametrize("line,expected", OPENING_ACTIONS.values(), ids=list(OPENING_ACTIONS))
def test_opening_gerund_or_noun_of_action(extractor, line, expected):
    text = f"Mitigation measures in the energy sector\n\n• {line}"
    assert detected(extractor, text, title="Intended contribution of Freedonia") == [expected]


NOT_OPENING_ACTIONS = {
    "a gerund as an adjective of a heading": "Guiding principles",
    "a gerund as an adjunct": "Using the parcel inventory, select sites for community solar",
}


@pytest.mark.parametrize("line", NOT_OPENING_ACTIONS.values(), ids=list(NOT_OPENING_ACTIONS))
def test_opening_word_that_is_no_action(extractor, line):
    text = f"Mitigation measures in the energy sector\n\n• {line}"
    assert detected(extractor, text, title="Intended contribution of Freedonia") == []


# --- a joint text's restated commitment; a body "aimed at"; a list of priorities ----------------

JOINT_TEXT = {
    "past-tense reaffirmation of a commitment": (
        "Both delegations reaffirmed their commitment to exchange data on coastal erosion.",
        ("exchange", "data on coastal erosion")),
    "a body aimed at doing": ("The Working Group is aimed at fostering closer coordination of port inspections.",
                              ("foster", "closer coordination of port inspections")),
    "priorities that include gerunds": ("Key priorities include modernising the fishing fleet.",
                                        ("modernise", "the fishing fleet")),
}


@pytest.mark.parametrize("text,expected", JOINT_TEXT.values(), ids=list(JOINT_TEXT))
def test_joint_text_constructions(extractor, text, expected):
    assert detected(extractor, text, title="Joint press release") == [expected]


NOT_JOINT_TEXT = {
    "costs that include a gerund": "The costs include rising interest payments.",
    "a past reaffirmation of a fact": "The delegations reaffirmed the importance of the fisheries accord.",
}


@pytest.mark.parametrize("text", NOT_JOINT_TEXT.values(), ids=list(NOT_JOINT_TEXT))
def test_joint_text_without_an_undertaking(extractor, text):
    assert detected(extractor, text, title="Joint press release") == []


# --- labels and hyphen bullets that a PDF ran into the line before -------------------------------

def test_inline_action_label_starts_a_sentence(extractor):
    text = ("Baseline data for county fleets (fuel, mileage). Action Item C (mt) :: Develop a telematics "
            "pilot for the road crews.")
    assert ("develop", "a telematics pilot for the road crews") in detected(extractor, text, title="County plan")


def test_spaced_hyphen_before_a_verb_splits_list_lines(extractor):
    text = ("Mitigation measures in transport\n\n"
            "• Expanding electric bus fleets in the capital - Promoting cycle lanes in secondary cities")
    assert [a for a, _ in detected(extractor, text, title="Intended contribution of Freedonia")] == [
        "expand", "promote"]


def test_opening_participle_beside_a_named_subject_is_no_forecast(extractor):
    """ "Recalling X, Freedonia will use Y": the participle is an adjunct, the country acts."""
    text = "Recalling decision 1/CP.19, Freedonia will use domestic budget resources for its adaptation plan."
    assert [a for a, _ in detected(extractor, text, title="Intended contribution of Freedonia")] == ["use"]
