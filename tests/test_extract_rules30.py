"""Round 28 (rules-30; issue 10): "look to" as a verb of intention; a modal stranded by an aside.

* "The X will look to expand Y", "It will actively look to procure Z": "look to" introduces the
  action as "aim to" does, so the verb after it is the action and its object the target (train:
  uk-moj-digital-strategy-2012-themes-actions, uk-scot-climate-neutral-economy,
  multi-us-new-zealand-joint-statement-2022, uk-moj-open-data-strategy-2012).  "look at X" keeps
  "look": it is no infinitive.

* "The Secretary of the Interior shall, within 180 days, publish X": with an aside between commas
  after the modal, the small parser hangs the modal on the subject (an apposition, or even the verb's
  subject) and leaves the verb without it, so no record was made, or the actor read "... shall".
  The modal ending the verb's subject, with the aside running from it to the verb, is the verb's; a
  name ends before such a modal (train: EO 14145; 127 "<Name> shall, " in the shared corpus of
  orders, where the change gives 39 records and takes 29, most of them "Initiative shall" actors).

The confidence floor of this round is tested with the other confidence tests
(tests/test_extract_confidence.py).  All names and sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


def _records(extractor, text):
    return extractor.extract(document_from_text(text, title="Harbour Plan 2030")).commitments


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Port Authority will look to expand the ferry network to three new islands.",
     "expand", "the ferry network to three new islands"),
    ("The Port Authority will actively look to procure twelve electric pilot boats.",
     "procure", "twelve electric pilot boats"),
    ("The Port Authority will look at options for a night ferry.",
     "look", "at options for a night ferry"),
])
def test_look_to_introduces_the_action(extractor, sentence, action, target):
    records = _records(extractor, sentence)
    assert [(c.actor, c.action, c.target) for c in records] == [("Port Authority", action, target)]


@pytest.mark.integration
@pytest.mark.parametrize("text, actor, action, deadline", [
    ("The Secretary of the Interior shall, within 180 days, publish a plan to protect coastal wetlands.",
     "Secretary of the Interior", "publish", "within 180 days"),
    ("The Secretary of the Interior shall, within 180 days, take steps to:\n\n"
     "(i) protect coastal wetlands from new drilling;",
     "Secretary of the Interior", "protect", "within 180 days"),
    ("In furtherance of that policy, the Secretary shall, consistent with the criteria set forth in "
     "section 3, consider whether to select new payment models for testing.",
     "Secretary", "consider", None),
])
def test_a_modal_stranded_by_an_aside_is_the_verbs_and_no_part_of_the_name(extractor, text, actor, action, deadline):
    records = _records(extractor, text)
    assert [(c.actor, c.action, c.deadline.text if c.deadline else None) for c in records] == \
        [(actor, action, deadline)]
