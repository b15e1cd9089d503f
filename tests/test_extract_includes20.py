"""What an undertaking takes in (issue 10, class 5: detection).

"We will cooperate on X. This includes strengthening A, enhancing B, and defining C": the
gerunds that "This includes" / "This will include" lists after an undertaking are further
undertakings of the same actor (ANNOTATION.md section 1, as means clauses are).  Train:
the gold of six documents lists them (a joint declaration, a UK budget, two Australian
strategies, two EU texts) and the extractor missed every one, because a bare "this" as
subject was read as an effect ("This will allow us to ..."), which it still is for other
verbs.  A document's contents ("a strategy that shall include optimizing X") and the past
("This included removing Y") stay out.  Validation measured 4 more records its labels leave
out (a memo that restates the same duties in its next sections).  Sentences are invented.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


def _records(extractor, text):
    doc = document_from_text(text + "\n\nIt is a plan.", title="Harbour plan", published="2026-01-15")
    return [(c.action, c.target) for c in extractor.extract(doc).commitments]


@pytest.mark.integration
@pytest.mark.parametrize("text, expected", [
    ("The Port Board will modernise the harbour. This includes dredging the outer channel, "
     "rebuilding the north quay, and moving the ferry terminal.",
     [("modernise", "the harbour"), ("dredge", "the outer channel"), ("rebuild", "the north quay"),
      ("move", "the ferry terminal")]),
    ("The Port Board will train its staff. This will include assessing the skills of each crew.",
     [("train", "its staff"), ("assess", "the skills of each crew")]),
])
def test_the_gerunds_this_includes_are_undertakings(extractor, text, expected):
    assert _records(extractor, text) == expected


@pytest.mark.integration
@pytest.mark.parametrize("text", [
    "Last year the Port Board reformed the harbour. This included removing the old cranes.",
    "This will allow us to assess the skills of each crew.",
    "The harbour is large. This includes 40 hectares of wetland.",
])
def test_the_past_an_effect_or_a_description_is_no_undertaking(extractor, text):
    assert _records(extractor, text) == []


@pytest.mark.integration
def test_what_a_document_is_to_hold_is_no_undertaking_of_its_own(extractor):
    text = ("The Port Board shall adopt a fleet strategy that shall include replacing diesel tugs; "
            "installing shore power; and reporting fuel use.")
    actions = [a for a, _ in _records(extractor, text)]
    assert "adopt" in actions
    assert not {"replace", "install", "report"} & set(actions)
