"""Detection, rules-18 (issue 10, recall): a plan's labelled line that is an infinitive, read from the
train split's missed lines.  ANNOTATION.md section 1: "X's goal is to do Y" is a commitment, and so is
a plan's goal or objective set as "Goal 1: To develop X" (train: state-cape-coral-sea-level-rise-
policies, state-lexington-empower-transportation).

- an infinitive that opens the line after a plan's label (Goal, Objective, Policy, Strategy, Action,
  Measure, Aim, Priority, Target, Recommendation; `lexicon.LABEL_INFINITIVE_HEADS`) closed by a colon
  or a dash is the plan's undertaking, its action the infinitive's verb (`clauses._labelled_infinitive`);
- other labels ("Section 2: To ...") and a copula ("To be a leader") are not.

Every sentence is invented for this test; none is copied or edited from the shared dev set or from
the labelled test split.  The rows go through the extractor with the rules alone (`rules_only`: no
learned filter), with the real spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

pytestmark = pytest.mark.integration

_TITLE = "Lakeside County Resilience Plan"


def _records(extractor, text: str) -> list[tuple[str, str]]:
    """(action, target) of every commitment read from `text`."""
    return action_targets(extractor, text, title=_TITLE)


LABELLED_INFINITIVES = {
    "objective, numbered, colon": (
        "Objective 2.3: To expand tree planting along the river corridor.",
        ("expand", "tree planting along the river corridor")),
    "goal, dash, long line": (
        "Goal– To provide a safe network of protected bike lanes that links schools, parks and shops "
        "across the county and saves residents time and money.",
        ("provide", "a safe network of protected bike lanes")),
    "policy, numbered, dash": (
        "Policy 4 – To reduce flood risk for homes in the lower valley.",
        ("reduce", "flood risk for homes in the lower valley")),
    "objective, numbered, then a policy line": (
        "Objective 1.4: To restore the wetlands of the northern shore. Policy 1.4.1: Survey the wetlands "
        "every five years.",
        ("restore", "the wetlands of the northern shore")),
}


@pytest.mark.parametrize("text,expected", LABELLED_INFINITIVES.values(), ids=LABELLED_INFINITIVES.keys())
def test_an_infinitive_after_a_plan_label_is_a_commitment(extractor, text, expected):
    records = _records(extractor, text)
    action, target = expected
    assert any(a == action and t.startswith(target) for a, t in records), records


NOT_LABELLED_INFINITIVES = {
    "a section heading": "Section 2: To summarise, the survey found that most residents drive to work.",
    "a copula": "Goal 3: To be a regional leader in clean energy.",
}


@pytest.mark.parametrize("text", NOT_LABELLED_INFINITIVES.values(), ids=NOT_LABELLED_INFINITIVES.keys())
def test_other_infinitive_lines_are_not(extractor, text):
    assert _records(extractor, text) == []
