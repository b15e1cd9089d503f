"""Passives and labels as strategies write them (round 23; issue 10, fields).

* A passive that keeps a direct object after its verb: the subject is who receives, the object
  what is undertaken -- "Service Managers will be offered an extensive programme of training",
  "these city regions will be granted significant additional powers", "agencies will be given
  approval to begin cloud migration" (train: uk-gds-government-digital-strategy-2012-actions,
  uk-hmt-summer-budget-2015-national-recovery, fr-atc-it-modernization-report-2017).  Before,
  the recipient was the target.  A verb of naming or deeming keeps its subject as target ("X
  shall be deemed Y", "the Board will be renamed Z": what it counts as, not a thing given).
* "Action 02: Services handling X will be redesigned": the parser takes the label's noun for a
  subject beside the real one; the target is the subject after the label, without the label
  (train: uk-gds-government-digital-strategy-2012-actions, whose action headings read so).
* "manager" is a noun that can be an actor ("Service Managers will ...", "... improved by a
  skilled Service Manager"; train: the same strategy; unlabelled: EO 14144's "National Manager").

All sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("Harbour pilots will be offered an extensive programme of training by 2031.",
     "offer", "an extensive programme of training"),
    ("These port towns will be granted significant additional powers over their harbours.",
     "grant", "significant additional powers over their harbours"),
    ("Port agencies will be given approval to begin dredging.", "give", "approval to begin dredging"),
    # no object after the verb: the subject is the target, as before
    ("The new harbour wall will be built by 2030.", "build", "The new harbour wall"),
    # a verb of naming: what the subject counts as, not a thing given
    ("An international grant shall be deemed any grant which funds harbour works.", "deem",
     "An international grant"),
])
def test_a_passive_with_an_object_targets_the_object(extractor, sentence, action, target):
    records = extractor.extract(document_from_text(sentence, title="Harbour plan")).commitments
    assert [(c.action, c.target) for c in records] == [(action, target)]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target", [
    ("Action 02: Ferry services will be redesigned by a skilled service manager.", "Ferry services"),
    ("Measure 3: New ferries will be bought by 2030.", "New ferries"),
])
def test_a_labelled_passive_targets_the_subject_after_its_label(extractor, sentence, target):
    records = extractor.extract(document_from_text(sentence, title="Harbour plan")).commitments
    assert [c.target for c in records] == [target]


@pytest.mark.integration
def test_managers_named_as_agent_are_the_actor(extractor):
    text = "The new timetable will be agreed by the harbour managers."
    records = extractor.extract(document_from_text(text, title="Harbour plan")).commitments
    assert [(c.actor, c.action, c.target) for c in records] == [("harbour managers", "agree", "The new timetable")]
