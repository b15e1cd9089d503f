"""A heavy object after the verb's asides; questions; "this plan" as the plan an earlier sentence
promised; operative verbs in capitals; what something will mean; an item's examples (round 26:
rules-28; issue 10).

* "shall submit to the Secretary, within 90 days of this memorandum, a written plan that ...",
  "shall publish on the agency website, and disseminate via newsletters, an annual report on X":
  English puts a long object after the verb's short phrases.  The parser hangs such an object on
  the last noun before it (an appositive, a second object of a preposition), so the target was the
  preposition ("to the Secretary").  Now the object is the target when the verb has none of its
  own, its first phrase is a preposition that does not say what the verb is about ("coordinate
  with", "refrain from" keep theirs), every stretch between the commas is a phrase or a verb
  sharing the object, and the object is one noun phrase, not an item of a list.
* "How is the Bureau ensuring compliance with X?": a question asks; it undertakes nothing.
* "The Bureau will provide the Council with a plan to improve X. This plan will include a
  timeline for Y": "this plan" is the plan the Bureau undertook to write, not the document
  itself, so what it will hold is part of the Bureau's duty.  Without such a plan before it, "this
  plan" is the document, and the sentence is no commitment, as before.
* "1. EXPAND cooperation on X; strengthen Y": a declaration that sets its operative verbs in
  capitals; a verb of policy in capitals that opens a line is read as the verb it is.
* "Success will mean: - greater visibility of X": what something amounts to is no undertaking, and
  a lead-in that ends in it lends its items no action.
* "(i) the harbour facilities needed for the fleet, including cold storage": the examples an item
  gives are part of its thing, not a record of their own; a means ("including by expanding X") still is,
  with its gerund as the action.

All names and sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

MEMO = "Memorandum on Harbour Safety"


def _records(extractor, text, title=MEMO):
    return extractor.extract(document_from_text(text, title=title)).commitments


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Harbour Bureau shall submit to the Secretary, within 90 days after this memorandum is issued, "
     "a written plan that sets out the steps taken.",
     "submit", "a written plan that sets out the steps taken"),
    ("The Harbour Master shall report to the Governor, in writing, the results of each audit.",
     "report", "the results of each audit"),
    ("The Director shall send to each pilot, by the end of March, bare metrics that measure how often "
     "pilots are called out.",
     "send", "bare metrics that measure how often pilots are called out"),
])
def test_a_heavy_object_after_the_verb_s_asides_is_the_target(extractor, sentence, action, target):
    got = [(c.action, c.target) for c in _records(extractor, sentence)]
    assert (action, target) in got, got


@pytest.mark.integration
def test_two_verbs_sharing_a_late_object_both_take_it(extractor):
    got = {(c.action, c.target) for c in _records(
        extractor, "The Director shall publish on the agency website, and disseminate via newsletters, "
                   "an annual report on the progress of the review.")}
    assert got == {("publish", "an annual report on the progress of the review"),
                   ("disseminate", "an annual report on the progress of the review")}


@pytest.mark.integration
def test_a_list_after_a_preposition_the_verb_takes_is_no_late_object(extractor):
    # "coordinate with A, B, and C": the partners are what the verb is about, not a late object
    got = [(c.action, c.target) for c in _records(
        extractor, "The Harbour Bureau shall coordinate with the Port Authority, the Coast Guard, and the Pilots Association.")]
    assert got == [("coordinate", "with the Port Authority, the Coast Guard, and the Pilots Association")]


@pytest.mark.integration
def test_a_question_is_no_commitment(extractor):
    # a form's question in the present progressive reads like an undertaking under way
    text = ("If applicable, how is the Harbour Bureau ensuring compliance with the pilotage rules?\n\n"
            "The Harbour Bureau will ensure compliance with the pilotage rules.")
    got = [(c.action, c.sentence) for c in _records(extractor, text)]
    assert got == [("ensure", "The Harbour Bureau will ensure compliance with the pilotage rules.")]


@pytest.mark.integration
def test_this_plan_after_a_promised_plan_is_that_plan(extractor):
    text = ("The Harbour Bureau will provide the Council with a plan to improve pilot training. "
            "This plan will include a timeline for replacing the training vessel.")
    got = {(c.actor, c.action, c.target) for c in _records(extractor, text)}
    assert ("Harbour Bureau", "include", "a timeline for replacing the training vessel") in got


@pytest.mark.integration
@pytest.mark.parametrize("text", [
    # the document itself: no plan promised before it
    "This plan will include a schedule of harbour inspections.",
    # a plan promised before, but "develop along" holds no object: the document's outline
    "The Harbour Bureau will publish a safety plan each spring. This plan will develop along two lines.",
])
def test_this_plan_as_the_document_is_no_commitment(extractor, text):
    got = [(c.action, c.target) for c in _records(extractor, text, title="Harbour Safety Plan")
           if c.sentence.startswith("This plan")]
    assert got == []


@pytest.mark.integration
def test_operative_verbs_in_capitals_open_their_items(extractor):
    text = ("WE HEREBY COMMIT TO:\n\n"
            "1. ENHANCE energy cooperation through regional mechanisms;\n\n"
            "2. DEEPEN ties between our harbour authorities.")
    got = {(c.action, c.target) for c in _records(extractor, text, title="Joint Statement of the Harbour Leaders")}
    assert {("enhance", "energy cooperation"), ("deepen", "ties between our harbour authorities")} <= got


@pytest.mark.integration
@pytest.mark.parametrize("word, verb", [("EXPAND", True), ("DEEPEN", True), ("NOAA", False), ("PORT", False),
                                        ("Expand", False)])
def test_only_a_policy_verb_in_capitals_is_read_as_an_operative_verb(extractor, word, verb):
    # an acronym or a capitalised word that is no verb of policy stays what the tagger made of it
    from kb.extract.component import _capitals_verb
    doc = extractor.nlp.make_doc(f"{word} ties between the harbour authorities.")
    assert _capitals_verb(doc[0]) is verb


@pytest.mark.integration
def test_what_success_will_mean_is_no_list_of_commitments(extractor):
    text = ("Internationally, success will mean:\n\n"
            "- greater visibility of harbour safety records; and\n\n"
            "- more open data on pilot call-outs.")
    got = [(c.action, c.target) for c in _records(extractor, text, title="Harbour Open Data Plan")]
    assert got == []


@pytest.mark.integration
def test_an_item_s_examples_are_no_records_of_their_own_but_its_means_are(extractor):
    text = ("Sec. 3. Reports. (a) Each report submitted under this section shall include a review of:\n\n"
            "(i) the harbour facilities needed for the fishing fleet, including cold storage; and\n\n"
            "(ii) the safety of harbour workers, including by expanding training for crane operators.")
    got = {(c.action, c.target) for c in _records(extractor, text, title="Executive Order on Harbours")}
    assert ("include", "the harbour facilities needed for the fishing fleet") in got
    assert not any(target == "cold storage" for _, target in got)
    assert ("include", "the safety of harbour workers") in got
    # the means is its own record, its gerund the action (ANNOTATION.md section 1: means clauses)
    assert ("expand", "training for crane operators") in got
