"""Detection precision, rules-18 (issue 10): a passive whose "by" agent is a plain thing.

ANNOTATION.md section 1: descriptions and predictions are no commitments.  "Local firms will be
supported by a growing market", "Rising output will be accompanied by higher emissions": the agent of
"by" is a thing -- no name, no body, no people --, so the clause describes how something stands or
what shapes it; nobody undertakes anything (`constructions._thing_agent`).  An agent that is an actor,
a named thing or a time keeps the clause.

Every sentence is invented for this test; none is copied or edited from the shared dev set or from
the labelled test split.  The rows go through the extractor with the rules alone, with the real spaCy
model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

pytestmark = pytest.mark.integration

_TITLE = "Lakeside County Resilience Plan"


def _actions(extractor, text: str) -> list[str]:
    return [a for a, _ in action_targets(extractor, text, title=_TITLE)]


THING_AGENTS = {
    "supported by a market": ("Local repair firms will be supported by a growing regional market.", "support"),
    "driven by trends": ("Our priorities for the next decade will be driven by four trends in the economy.", "drive"),
    "accompanied by an increase": ("Rising industrial output will be accompanied by higher emissions from transport.",
                                   "accompany"),
    "shaped by demand": ("The size of the new fleet will be shaped by demand from commuters.", "shape"),
}


@pytest.mark.parametrize("text,action", THING_AGENTS.values(), ids=THING_AGENTS.keys())
def test_a_passive_with_a_thing_as_agent_is_no_commitment(extractor, text, action):
    assert action not in _actions(extractor, text)


KEPT = {
    "an office as agent": ("The flood plan will be prepared by the County Engineering Office.", "prepare"),
    "people as agent": ("The working groups will be staffed by members of the advisory board.", "staff"),
    "a named thing as agent": ("The standard will be supported by a Lakeside Design Manual.", "support"),
    "a time after by": ("The new pumping station will be completed by the end of 2027.", "complete"),
    "no agent": ("The new pumping station will be completed in 2027.", "complete"),
}


@pytest.mark.parametrize("text,action", KEPT.values(), ids=KEPT.keys())
def test_a_passive_with_an_actor_a_name_or_a_time_stays(extractor, text, action):
    assert action in _actions(extractor, text)
