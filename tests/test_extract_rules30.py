"""Round 28 (rules-30; issue 10): "look to" as a verb of intention.

* "The X will look to expand Y", "It will actively look to procure Z": "look to" introduces the
  action as "aim to" does, so the verb after it is the action and its object the target (train:
  uk-moj-digital-strategy-2012-themes-actions, uk-scot-climate-neutral-economy,
  multi-us-new-zealand-joint-statement-2022, uk-moj-open-data-strategy-2012).  "look at X" keeps
  "look": it is no infinitive.

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
