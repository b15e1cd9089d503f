"""Working together to do something: "collaborate to improve X", "coordinate to spur Y",
"partner to mitigate Z" -- the infinitive is the undertaking and its object the target, as
for "cooperate to establish X" and "work to ensure Y" (train's gold reads them so in five
sentences of four documents; the shared dev set's orders gained one right target).  A verb
of working together with an object of its own keeps it.  Sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The two port authorities will collaborate to improve harbour safety.", "improve", "harbour safety"),
    ("We intend to coordinate to spur the expansion of clean shipping.", "spur", "the expansion of clean shipping"),
    ("We will partner to reduce the damage of winter storms.", "reduce", "the damage of winter storms"),
    ("The port agencies will coordinate their dredging schedules.", "coordinate", "their dredging schedules"),
])
def test_the_infinitive_after_a_verb_of_working_together_is_the_action(extractor, sentence, action, target):
    doc = document_from_text(sentence + "\n\nIt is a plan.", title="Harbour plan", published="2026-01-15")
    assert [(c.action, c.target) for c in extractor.extract(doc).commitments] == [(action, target)]
