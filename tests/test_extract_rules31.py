"""Round 29 (rules-31; issue 10): constructions read on the documents labelled this round
(US agency notices, a Commission plan, UK plans) and the older train documents.

* An intention in the present progressive, with a named actor: "the Commission is proposing to
  increase X", "the Authority is planning to close Y" (train: a Commission plan, an NDC).  Not when
  the subject is a thing or others ("Many ports are planning ..."), nor when the verb has its own
  object ("is committing a further £3 million to repair X": money spent for a purpose).
* A goal set in the present tense by an actor: "Chatham County establishes a goal of 5% ...",
  "the Commission sets the target of 320 GW ...".  Not "sets out" (what a text holds), not the past
  ("the Council set a goal"), not a thing ("the Paris Agreement sets a goal").
* A duty assigned in the passive with "charged"/"tasked": "The EPA is charged ... to review X",
  "The Director is charged with issuing Y" (train: a wind-energy notice, two AI inventory guidances).
* "you" as subject is the reader (the licence notice of every UK publication), not the author.
* A clause opened by "where"/"when" states a circumstance: its verb is no undertaking.
* A plan's label that the parser gave the verb as a second subject ("Action 01: Departmental boards
  will include X") is no act forecasting an effect: the real subject decides.
* "There is a need for X to V", "There is an opportunity for X to V": a need or a chance, not a
  promise; "It is the policy of X for Y to V" and "the plan calls for X to V" stay commitments.  (Round
  31 kept "It is imperative for X to V" too; since round 36 it is an opinion of what X should do, no
  undertaking, like every "for X to V" that hangs on no verb asking for it and no goal noun:
  tests/test_extract_rules38.py.)

All names and sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


def _records(extractor, text):
    return [(c.actor, c.action, c.target)
            for c in extractor.extract(document_from_text(text, title="Harbour Plan 2030")).commitments]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, expected", [
    ("To cut emissions faster, the Port Authority is proposing to raise the share of electric ferries to 60% by 2030.",
     [("Port Authority", "raise", "the share of electric ferries to 60%")]),
    ("The Port Authority is planning to close the coal terminal by 2028.",
     [("Port Authority", "close", "the coal terminal")]),
    ("Many ports are planning to build new quays.", []),
    ("The strategy is seeking to attract investors to the islands.", []),
])
def test_an_intention_in_the_present_progressive(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


@pytest.mark.integration
@pytest.mark.parametrize("sentence, expected", [
    ("The Port Authority sets a target of 300 electric pilot boats by 2030.",
     [("Port Authority", "set", "a target of 300 electric pilot boats")]),
    ("The Port Authority establishes a goal for itself of 40% shore power by 2029.",
     [("Port Authority", "establish", "a goal for itself of 40% shore power")]),
    ("The Paris Agreement sets a goal of limiting warming to 1.5C.", []),
    ("In 2015 the Harbour Council set a goal of twenty new parks.", []),
    ("Many cities set targets for solar power.", []),
])
def test_a_goal_set_in_the_present_tense_by_an_actor(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


@pytest.mark.integration
def test_a_text_that_sets_out_an_ambition_sets_no_goal(extractor):
    records = _records(extractor, "The Harbour Act 2017 sets out our ambition for doubling ferry use.")
    assert [action for _, action, _ in records] == ["double"]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, expected", [
    ("The Port Authority is charged with preparing a dredging plan by 2027.",
     [("Port Authority", "prepare", "a dredging plan")]),
    ("The Port Authority is charged to identify the criteria for berth inventories.",
     [("Port Authority", "identify", "the criteria for berth inventories")]),
    ("The Harbour Office is tasked with preparing a mooring plan by 2028.",
     [("Harbour Office", "prepare", "a mooring plan")]),
    ("The ferry is charged with electricity every night.", []),
])
def test_a_duty_assigned_with_charged_or_tasked(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


@pytest.mark.integration
def test_the_reader_as_subject_undertakes_nothing(extractor):
    text = ("Where any material belongs to others, you will need to ask its owners for permission. "
            "The Port Authority will open the new quay by 2026.")
    assert _records(extractor, text) == [("Port Authority", "open", "the new quay")]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, expected", [
    ("Where streets must cross over protected wetlands, the Port Authority will provide crossings every 800 feet.",
     [("Port Authority", "provide", "crossings every 800 feet")]),
    ("When a member must leave the board, the Port Authority will appoint a new member within 30 days.",
     [("Port Authority", "appoint", "a new member")]),
])
def test_a_when_or_where_clause_is_a_circumstance(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


@pytest.mark.integration
@pytest.mark.parametrize("sentence, expected", [
    ("There is a need for the Port Authority to repair the north quay.", []),
    ("There is an opportunity for the Port Authority to follow suit.", []),
    ("It is imperative for the Port Authority to publish the berth data.", []),
    ("The plan calls for the Port Authority to dredge the channel by 2027.",
     [("Port Authority", "dredge", "the channel")]),
    ("It is the policy of the Port Authority for agencies to publish their berth data by 2027.",
     [("agencies", "publish", "their berth data")]),
])
def test_a_need_for_someone_to_act_is_no_promise(extractor, sentence, expected):
    assert _records(extractor, sentence) == expected


@pytest.mark.integration
def test_a_label_taken_for_a_second_subject_does_not_make_the_line_a_forecast(extractor):
    text = "Action 04: Harbour agency boards will include an active digital leader."
    assert [(a, t) for _, a, t in _records(extractor, text)] == [("include", "an active digital leader")]
