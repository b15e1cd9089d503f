"""Fields of detected commitments, round 13 (issue 10, fields): who issues a plan, and the hedged "take steps".

ANNOTATION.md section 2: "we", "the City" and agentless duties resolve to the body the document
speaks for.  When a plan never names itself in its sentences, its title page does.  The rules
pinned here (each a construction of a genre, seen in at least two train documents):

- a US city or county plan names its issuing body on its title page or letterhead ("City of
  Hartford Energy Action Plan", "... Division City of Pembroke Pines 10/28/2014") and then speaks
  of itself as "the City" (train state-pembroke-pines-green-plan-2014, state-hartford-energy-action-plan,
  state-greensboro-city-operations, state-knoxville-sustainability-work-plan-2021): that body is the
  issuer, before any score over names that a thing named once ("LEED") could win;
- a text that speaks as "we" and names a government at its top, on a line of its own ("New Zealand
  Government") or as the subject of a promise ("the Australian Government will:"), is that
  government's (train nat-nz-digital-public-service-strategy-2020,
  nat-au-cyber-security-strategy-2023-shield5, uk-scot-climate-neutral-economy);
- "the Academy", "the Task Force": a body named in full earlier keeps its full name (train
  eu-energy-union-task-force-2025,
  state-hartford-energy-action-plan, fr-cio-council-charter-2020);
- "The strategy shall set out ...": a thing as subject is the one a record of the last few passages
  undertook ("the Attorney General shall ... develop a ... strategy"), and its duties are that
  record's actor's (train eo-14053, nat-au-cyber-security-strategy-2023-shield5);
- "take steps, consistent with applicable law, to expand X": past a hedge set off by commas the
  infinitive is the action and its object the target (train eo-14053, eo-14001).

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import full_name, local_government, main_actor, speaking_government
from tests.textdoc import document_from_text

# --- a city's or county's plan: its name on the title page --------------------------------

_CITY_TEXT = ("Portbury GREEN Plan\nPlanning & Economic Development Division City of Portbury 10/28/2026\n"
              "The City has been a leader in sustainable practices. The City will audit its buildings.")


@pytest.mark.parametrize("title, top, text, issuer", [
    # a letterhead run into the first paragraph
    ("Portbury GREEN Plan", _CITY_TEXT, _CITY_TEXT, "City of Portbury"),
    # a title that runs the name into the plan's: the form the text uses on its own
    ("City of Harbourton Energy Action Plan", "City of Harbourton Energy Action Plan",
     "City of Harbourton Energy Action Plan. The City of Harbourton is home to 90,000 residents. "
     "The City will retrofit its libraries. Within the City, streets will be lit by LEDs.", "City of Harbourton"),
    # a county, named in the lead
    ("Operations", "the key policy the County of Westmark can adopt",
     "the key policy the County of Westmark can adopt. The County will buy electric buses. Our county grows.",
     "County of Westmark"),
    # the text never speaks of itself as "the City": a city it only mentions
    ("Harbour Strategy", "Ports such as the City of Portbury trade with us.",
     "Ports such as the City of Portbury trade with us. We will open new routes.", ""),
    # no city or county named at the top
    ("Portbury GREEN Plan", "Portbury GREEN Plan", "The City will audit its buildings. The City has led.", ""),
    # the name only ever written into its plan's: the plan is not the body, the shorter form is
    ("Resiliency in the City of Harbourton Comprehensive Plan", "Harbourton shall map its flood zones.",
     "The City of Harbourton Comprehensive Plan sets goals. The City of Harbourton 2040 Comprehensive Plan "
     "was adopted. The City of Harbourton Comprehensive Plan has no flood maps; the City of Harbourton "
     "Comprehensive Plan will. The City shall raise its seawalls. The City shall buy land.", "City of Harbourton"),
])
def test_local_government(title, top, text, issuer):
    assert local_government(title, top, text) == issuer


def test_city_on_the_letterhead_outweighs_a_thing_named_once():
    """Before: the shortest of the names met once ("LEED") became the plan's main actor."""
    entities = [("Portbury GREEN Plan", "ORG"), ("Planning & Economic Development Division City of", "ORG"),
                ("LEED", "ORG"), ("Green Building Coalition", "ORG")]
    actor = main_actor("Portbury GREEN Plan", _CITY_TEXT, [], entities, ["Portbury GREEN Plan"],
                       top=_CITY_TEXT.split("\n"), text=_CITY_TEXT)
    assert actor == "City of Portbury"


# --- a government's name at the top of a text that speaks as "we" --------------------------

@pytest.mark.parametrize("top, government", [
    (["Type: pdf", "Strategy for a", "Digital Public Service", "Westland Government"], "Westland Government"),
    (["Key points", "To achieve our 2030 vision, the Westland Government will:"], "Westland Government"),
    (["Our plan", "The Government of Eastmark shall publish a review."], "Government of Eastmark"),
    # a government only mentioned, or not named at all: none
    (["Our partners include the Government of Southland and the World Bank."], ""),
    (["The Government will publish a review."], ""),
    (["Strategy for a", "Digital Public Service"], ""),
])
def test_speaking_government(top, government):
    assert speaking_government(top) == government


@pytest.mark.parametrize("speaks_as_we, actor", [
    (True, "Westland Government"),
    # a text that does not speak as "we": the names decide, as before
    (False, "Application Programming Interfaces"),
])
def test_we_of_a_strategy_is_the_government_on_its_letterhead(speaks_as_we, actor):
    """Before: a thing named once as a subject ("Application Programming Interfaces") was "we"."""
    top = ["Rautaki Matihiko", "Strategy for a", "Digital Public Service", "Westland Government"]
    assert main_actor("Rautaki Matihiko", " ".join(top), ["Application Programming Interfaces"],
                      [("Application Programming Interfaces", "ORG"), ("Westland Government", "ORG")], [],
                      top=top, text=" ".join(top), speaks_as_we=speaks_as_we) == actor


# --- "the Academy": the body named in full before ------------------------------------------

@pytest.mark.parametrize("short, mention, before, expected", [
    ("Academy", "The Academy",
     "We will set up a new Harbour Pilot Training Academy. ", "Harbour Pilot Training Academy"),
    ("Task Force", "the Task Force", "The Commission launched the Coastal Energy Task Force today. ",
     "Coastal Energy Task Force"),
    # the last full name before the mention
    ("Council", "The Council", "the Regional Water Council met the Harbour Youth Council. ", "Harbour Youth Council"),
    # a shorter form used last, after the full name: the full name
    ("Coalition", "The Coalition", "the Harbour Energy Financing Coalition met. Members of the Financing Coalition "
     "signed. ", "Harbour Energy Financing Coalition"),
    # not a body's head noun, no "the", or nothing named in full before: as written
    ("Secretary", "The Secretary", "the Deputy Secretary of Ports said ", "Secretary"),
    ("Academy", "Academy staff", "the Harbour Pilot Training Academy ", "Academy"),
    ("Academy", "The Academy", "We will train more pilots. ", "Academy"),
])
def test_full_name(short, mention, before, expected):
    assert full_name(short, mention, before) == expected


# --- end to end -----------------------------------------------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Attorney General shall take steps, consistent with applicable law, to expand the number of "
     "courts taking part in the mediation programme.",
     "expand", "the number of courts taking part in the mediation programme"),
    ("The Director shall take action, as appropriate and consistent with applicable law, to support "
     "ports in such efforts.", "support", "ports in such efforts"),
    ("Agencies shall take steps, to the extent permitted by law, to publish their harbour inventories.",
     "publish", "their harbour inventories"),
])
def test_hedged_take_steps_keeps_the_infinitive_as_action(extractor, sentence, action, target):
    records = extractor.extract(document_from_text(sentence, title="Order on Harbours")).commitments
    assert [(c.action, c.target) for c in records] == [(action, target)]


@pytest.mark.integration
def test_hedged_take_steps_coordinated_gives_no_bare_take_record(extractor):
    """ "consult X and take steps, <hedge>, to facilitate Y": two commitments, no "take | steps"."""
    text = ("The Secretary of Ports shall consult with harbour authorities and take steps, as appropriate and "
            "consistent with applicable law, to facilitate access to the coastal reserve.")
    records = extractor.extract(document_from_text(text, title="Order on Harbours")).commitments
    assert sorted(c.action for c in records) == ["consult", "facilitate"]


@pytest.mark.integration
def test_academy_named_in_full_keeps_its_name(extractor):
    text = ("We will establish a Harbour Pilot Training Academy.\n\n"
            "The Academy will publish a syllabus for tug masters by June 2028.")
    records = extractor.extract(document_from_text(text, title="Harbour Workforce Plan")).commitments
    publish = [c for c in records if c.action == "publish"]
    assert [c.actor for c in publish] == ["Harbour Pilot Training Academy"]


@pytest.mark.integration
def test_thing_undertaken_earlier_is_its_makers(extractor):
    """ "The strategy shall ...": the strategy a record undertook a few sentences before, not
    whoever spoke last (before: the Coast Guard)."""
    text = ("The Harbour Master shall develop a coordinated strategy for ferry safety. "
            "The Coast Guard will train new pilots.\n\n"
            "The strategy shall include protocols for reporting collisions in the estuary.")
    records = extractor.extract(document_from_text(text, title="Order on Harbours")).commitments
    include = [c for c in records if c.actor_text == "The strategy"]
    assert [c.actor for c in include] == ["Harbour Master"]
