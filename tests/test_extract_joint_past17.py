"""Joint statements and plan labels, rules-17 (issue 10, item 5: detection), read from the train
split's missed lines.

- A joint statement reports what its parties undertook at the meeting in the simple past: "both
  sides agreed to sustain X", "the leaders recommitted to advancing Y", "the Assembly pledged to
  broaden Z".  Such a verb heads a commitment when it takes an infinitive (or "to" and a gerund)
  and its subject can act (`heads.is_commit_head`, `lexicon.PAST_COMMIT`); "the leaders" and "the
  ministers" can (`lexicon.ACTOR_NOUNS`).  A past act that is not an undertaking ("the leaders
  welcomed X") still gives nothing.
- A plan's recommendation or goal line set with a numbered label, "RECOMMENDATION #4: Develop X",
  "Goal 2: To restore Y", "Policy 3 - Reduce Z", is an action line like "Action 2.1: Install X"
  (`lexicon.ACTION_LABEL`).
- Markdown exported from a word processor pads a list number with spaces ("12.      Reaffirming
  ..."); CommonMark reads five or more as indented code, which cut the item's first line off
  from the rest of its paragraph (`kb.ingest.markdown`).

Every sentence is invented for this test; none is copied or edited from the shared dev set or from
the labelled test split.  Extraction rows go through the extractor with the rules alone
(`rules_only`), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from tests.textdoc import action_targets

_TITLE = "Joint Statement of the Two Governments"


# --- the simple past of a joint statement -----------------------------------------------------------

PAST_UNDERTAKINGS = {
    "agreed to, an infinitive": (
        "Both sides agreed to sustain cooperation on forest monitoring.",
        [("sustain", "cooperation on forest monitoring")]),
    "recommitted to, a gerund": (
        "The ministers recommitted to expanding trade in clean energy goods.",
        [("expand", "trade in clean energy goods")]),
    "recommitted their governments to, a gerund": (
        "The leaders recommitted their governments to building secure supply chains for batteries.",
        [("build", "secure supply chains for batteries")]),
    "pledged to, after an opening participle": (
        "Meeting in Lisbon, the ministers pledged to double support for coastal fisheries.",
        [("double", "support for coastal fisheries")]),
    "decided to, a named body": (
        "The Joint Committee decided to establish a working group on port safety.",
        [("establish", "a working group on port safety")]),
}


@pytest.mark.integration
@pytest.mark.parametrize("text,expected", PAST_UNDERTAKINGS.values(), ids=PAST_UNDERTAKINGS.keys())
def test_a_joint_statement_reports_undertakings_in_the_past(extractor, text, expected):
    records = action_targets(extractor, text, title=_TITLE)
    for pair in expected:
        assert pair in records


PAST_NON_UNDERTAKINGS = {
    "welcomed, a past act": "The leaders welcomed the signing of a memorandum on student exchanges.",
    "agreed that, a shared view": "The ministers agreed that the talks had been useful.",
    "a thing as subject": "The report agreed to include an annex on methods.",
}


@pytest.mark.integration
@pytest.mark.parametrize("text", PAST_NON_UNDERTAKINGS.values(), ids=PAST_NON_UNDERTAKINGS.keys())
def test_other_past_sentences_give_nothing(extractor, text):
    assert action_targets(extractor, text, title=_TITLE) == []


# --- numbered recommendation, goal and policy lines -----------------------------------------------------

LABELLED_LINES = {
    "RECOMMENDATION #": ("RECOMMENDATION #3: Expand Car Sharing and Park-and-Ride Lots",
                         ("expand", "Car Sharing and Park-and-Ride Lots")),
    "Recommendation N:": ("Recommendation 4: Develop a tree planting program",
                          ("develop", "a tree planting program")),
    "Goal N: To ...": ("Goal 2: To restore wetlands along the river.", ("restore", "wetlands along the river")),
    "Policy N - ...": ("Policy 3 - Reduce waste sent to landfill.", ("reduce", "waste sent to landfill")),
}


@pytest.mark.integration
@pytest.mark.parametrize("text,expected", LABELLED_LINES.values(), ids=LABELLED_LINES.keys())
def test_a_labelled_recommendation_or_goal_line_is_an_action_line(extractor, text, expected):
    assert expected in action_targets(extractor, text, title="Riverside Climate Plan")


@pytest.mark.integration
def test_a_goal_label_without_a_verb_gives_nothing(extractor):
    assert action_targets(extractor, "Goal 1: Net zero emissions by 2040", title="Riverside Climate Plan") == []


# --- Markdown list numbers padded with spaces -------------------------------------------------------------

def test_a_padded_list_number_keeps_its_paragraph_whole():
    page = (
        "# Joint statement on river transport\n\n"
        "1.          The two governments reaffirmed their commitment to building\n"
        "river ports and linking inland waterways, and agreed to open a joint\n"
        "office in 2027.\n\n"
        "2.          The ministers will meet again next year.\n"
    )
    passages = [p.text for p in parse_bytes(page.encode(), "statement.md").passages]
    assert passages[1:] == [
        "1. The two governments reaffirmed their commitment to building river ports and linking inland "
        "waterways, and agreed to open a joint office in 2027.",
        "2. The ministers will meet again next year.",
    ]

