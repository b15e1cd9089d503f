"""The learned proposer (kb/extract/proposer.py): sentences the clause rules leave without a
frame, scored by the model in kb/extract/models/proposer.json; a flagged sentence gets a
record built by the rules' own machinery (actor, action, target, deadline).

The shipped model is disabled (it did not beat the rules on validation by enough); these
tests switch a copy of it on, to check what it would do.  Invented sentences only.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from kb.extract import Extractor
from kb.extract.proposer import MODEL_PATH, Proposer, default_proposer, open_sentences
from tests.textdoc import document_from_text, rules_only

pytestmark = pytest.mark.integration

# Written as a description of ongoing work: no modal, no intention verb the rules read.
ONGOING_WORK = "We continue our work to expand the regional clean energy framework by 2030."
TAKING_THE_LEAD = ("The Harbour Board is taking the lead in establishing a dredging plan for the "
                   "northern channel by 2027.")
WEATHER = "Rainfall in the valley was unusually low last spring."


@pytest.fixture(scope="module")
def model() -> Proposer:
    return Proposer.load()


def _doc(sentence: str):
    return document_from_text(f"Marlow River plan\n\n{sentence}", title="Marlow River plan")


def _extract(extractor: Extractor, sentence: str, proposer) -> tuple:
    """The records of a one-sentence document, by an extractor (rules alone) with `proposer`."""
    return Extractor(nlp=extractor.nlp, scorer=rules_only, proposer=proposer).extract(_doc(sentence)).commitments


def _rules(extractor: Extractor, sentence: str) -> tuple:
    return _extract(extractor, sentence, Proposer(enabled=False))


def _proposed(extractor: Extractor, model: Proposer, sentence: str) -> tuple:
    return _extract(extractor, sentence, dataclasses.replace(model, enabled=True))


def _proposed_at_any_score(extractor: Extractor, model: Proposer, sentence: str) -> tuple:
    """What the proposer makes of an open sentence when it keeps every proposal: the record's
    fields, whatever this model's weights say of it."""
    return _extract(extractor, sentence, dataclasses.replace(model, enabled=True, threshold=0.0))


def _probability(extractor: Extractor, model: Proposer, sentence: str) -> float:
    """The model's probability for `sentence` (an open sentence: the rules gave it no frame)."""
    seen: dict[str, float] = {}

    def collect(parts):
        seen.update((sent.text.strip(), model.probability(feats)) for sent, _, feats in open_sentences(parts))
        return 0

    _extract(extractor, sentence, collect)
    return seen[sentence]


def test_the_shipped_model_loads_as_its_file_says(model: Proposer) -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert len(model.weights) > 100
    assert 0.0 < model.threshold < 1.0
    assert model.enabled is data["enabled"]
    assert default_proposer().enabled is data["enabled"]


def test_ongoing_work_the_rules_miss_is_proposed_with_the_main_actor_assumed(
        extractor: Extractor, model: Proposer) -> None:
    # (round 12's model scored this sentence above its threshold; round 23's refit, fitted without the
    # off-limits document, scores it 0.29: the record the proposal makes is checked here, not the score)
    assert _rules(extractor, ONGOING_WORK) == ()
    (c,) = _proposed_at_any_score(extractor, model, ONGOING_WORK)
    assert c.action == "continue"
    assert "regional clean energy framework" in c.target
    assert c.deadline is not None and c.deadline.date == "2030-12-31"
    assert c.actor_source == "main_actor"
    assert "no_named_actor" in c.flags


def test_a_named_subject_is_the_actor_of_a_proposed_record(extractor: Extractor, model: Proposer) -> None:
    assert _rules(extractor, TAKING_THE_LEAD) == ()
    (c,) = _proposed_at_any_score(extractor, model, TAKING_THE_LEAD)
    assert c.actor == "Harbour Board"
    assert c.actor_source == "named"
    assert c.deadline is not None and c.deadline.date == "2027-12-31"


def test_a_description_of_the_weather_is_not_proposed(extractor: Extractor, model: Proposer) -> None:
    assert _probability(extractor, model, WEATHER) < model.threshold
    assert _proposed(extractor, model, WEATHER) == ()


def test_proposals_are_deterministic(extractor: Extractor, model: Proposer) -> None:
    assert _proposed(extractor, model, ONGOING_WORK) == _proposed(extractor, model, ONGOING_WORK)
    assert _probability(extractor, model, ONGOING_WORK) == _probability(extractor, model, ONGOING_WORK)
