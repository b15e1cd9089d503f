"""A plan's policies set after a run-in topic, an item's verb of policy before a name, and a
hyphen inside a label's words (round 48: rules-49; issue 10).

* "Freight transportation: Create conditions that make rail cheaper than trucking": a city plan
  sets each policy after a topic in sentence case and a colon.  The parser takes the topic's last noun for
  the subject of the imperative; a topic is no actor, and a noun of action there ("transportation",
  "funding") made the line read as a forecast ("X will create Y"), so the policy was lost
  (train: two chapters of one city transportation plan).
* "iv. Develop Tarnia City as a hub for X": a verb of policy before a name, which the tagger read
  as the first word of the name, opens an item's action line whether or not the item ends with a
  full stop (train: a national green plan's table of initiatives; before, only a sentence closed by a
  full stop was read so).
* "Land Use, Land-Use Change": a hyphen inside a word closes no label ("Land Use, Land" is no label
  before "Use"; with the item rule above, a table cell of inventory sectors gave "use" as an action).

All names and sentences are invented."""

from __future__ import annotations

import re

import pytest

from tests.textdoc import document_from_text

_POLICIES = ("City of Kestrel Transportation Plan\n\n"
             "Transportation policies\n\n"
             "Freight transportation: Create conditions that make rail shipping cheaper than trucking "
             "for most goods.\n\n"
             "Transit funding: Consider funding strategies that improve access to bus service in the east.\n")


@pytest.mark.integration
@pytest.mark.parametrize("opening, action", [
    ("Freight transportation", "create"),
    ("Transit funding", "consider"),
])
def test_a_policy_after_a_run_in_topic_is_the_plans_own(extractor, opening, action):
    records = extractor.extract(document_from_text(_POLICIES, title="City of Kestrel Transportation Plan")).commitments
    found = [c for c in records if c.sentence.startswith(opening)]
    assert [c.action for c in found] == [action]
    # the topic names what the policy is about, not who acts
    assert found[0].actor != opening
    assert opening.split()[-1] not in found[0].actor


_TARGETS = ("Tarnia Green Plan 2030\n\n"
            "By 2030, the Government of Tarnia will:\n"
            "- iv. Develop Tarnia City as a regional hub for green finance\n"
            "- v. Support Services Directorate\n")


@pytest.mark.integration
def test_a_verb_of_policy_before_a_name_opens_an_item(extractor):
    records = extractor.extract(document_from_text(_TARGETS, title="Tarnia Green Plan 2030")).commitments
    opening = [re.sub(r"^[-\s]*(?:[ivx]+\.\s*)?", "", c.sentence) for c in records]
    found = [c.action for c, line in zip(records, opening) if line.startswith("Develop Tarnia")]
    assert found == ["develop"]
    # a name that opens with a verb of policy, in a short line, stays a name
    assert not [c for c in records if "Support Services" in c.sentence]


@pytest.mark.integration
def test_a_hyphen_inside_a_word_closes_no_label(extractor):
    from kb.extract.clauses import after_label
    line = extractor.nlp("Land Use, Land-Use Change and Forestry Afforestation and grazing land")[:]
    assert after_label(line) is None
    # a dash set apart by spaces still closes one
    labelled = extractor.nlp("Action 3 - Expand the rail network to the ports")[:]
    assert after_label(labelled).text == "Expand"
