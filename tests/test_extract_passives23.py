"""Passives, labels, policy statements and report lead-ins as strategies and orders write them
(round 23; issue 10).

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
* "It is also the policy of X to Y": an adverb after "is" no longer hides the policy statement.
* "shall submit a report on: (i) X; (ii) Y": the items take the duty's verb.
* "Each report submitted under subsection (a)": a thing, with a participle after its head, is no actor.
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


# --- "It is also the policy of X to Y" -------------------------------------------------------
# With an adverb after "is" ("also", "therefore": 19 sentences in the shared corpus of orders;
# train: EO 14075) the parser hangs the infinitive on "policy", not on "is" as it does without one.

@pytest.mark.integration
@pytest.mark.parametrize("sentence", [
    "It is also the policy of the United States to reopen the northern ferry routes.",
    "It is therefore the policy of this Administration to reopen the northern ferry routes.",
    "It is the policy of this Administration to reopen the northern ferry routes.",
])
def test_a_policy_statement_with_an_adverb_is_a_commitment(extractor, sentence):
    records = extractor.extract(document_from_text(sentence, title="Order on Ferries")).commitments
    assert [(c.action, c.target) for c in records] == [("reopen", "the northern ferry routes")]


# --- "shall submit a report on: (i) X; (ii) Y" ------------------------------------------------
# A lead-in whose duty's object ends in a preposition before the colon ("shall include a review
# of:", "shall submit a report on:", "an assessment of:"; train: EO 14017; 14 such lead-ins in the
# corpus of orders): each item is what the duty covers, with the duty's verb (ANNOTATION.md
# section 1: each item of a list under "X shall:").

ORDER = """# Order on Ferries

Sec. 4. Reports.

(d) The Secretary of Transportation shall submit a report on:

    (i) the condition of the northern ferry fleet;

    (ii) the training of ferry pilots.
"""


@pytest.mark.integration
def test_items_under_a_report_on_take_the_duty(extractor):
    from kb.ingest import parse_bytes
    records = extractor.extract(parse_bytes(ORDER.encode(), "order.md")).commitments
    assert [(c.actor, c.action, c.target) for c in records] == [
        ("Secretary of Transportation", "submit", "a report"),
        ("Secretary of Transportation", "submit", "the condition of the northern ferry fleet"),
        ("Secretary of Transportation", "submit", "the training of ferry pilots"),
    ]


@pytest.mark.integration
def test_items_under_work_with_x_to_bring_their_own_verbs(extractor):
    """ "shall take actions to:" ends in "to", not in a preposition of the object: the items' verbs act."""
    from kb.ingest import parse_bytes
    text = ("# Order on Ferries\n\nSec. 5. (a) The Secretary of Transportation shall take actions to:\n\n"
            "    (i) repair the northern piers;\n\n    (ii) hire ferry pilots.\n")
    records = extractor.extract(parse_bytes(text.encode(), "order.md")).commitments
    assert [(c.action, c.target) for c in records] == [("repair", "the northern piers"), ("hire", "ferry pilots")]


# --- "Each report submitted under subsection (a)": a thing with a participle after it -----------
# The head noun is before the participle's phrase, as before a preposition (train: EO 14017, whose
# "Each report submitted under subsection (a) of this section shall include a review of:" made the
# report the actor of its items); a body named so stays a body.

@pytest.mark.parametrize("subject, thing", [
    ("Each report submitted under subsection (a) of this section", True),
    ("The plan developed pursuant to section 3", True),
    ("the Board established by this order", False),
    ("The Council established in section 2", False),
])
def test_a_thing_with_a_participle_is_still_a_thing(subject, thing):
    from kb.extract.actors import clean_actor, is_thing
    assert is_thing(clean_actor(subject)) is thing
