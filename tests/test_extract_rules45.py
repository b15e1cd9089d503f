"""Round 43's readings of who undertakes what (rules-45): the parts of a project, and a document
that states its own aim.

- A part of a project named by its label ("Part B of the project will demonstrate X",
  "Component 2", "Phase II") is a thing, as a programme is: it promises nothing, and its
  record takes the document's actor (kb/extract/actors.py `is_thing`, lexicon
  `PROJECT_PART_NOUNS`).  So are a programme's pipeline, a funding window and a design.
- A plan that states its own aim ("The Plan aims to increase X", "This plan seeks to cut Y")
  states its author's: before, "the plan" as subject made the sentence the document talking
  about itself, no commitment.  What the plan will do or be ("This plan will form part of X")
  stays none (kb/extract/constructions.py `_document_aim`).
  An order that states its aim ("This order seeks to recognize X") speaks for its issuer, not
  for the subject of the sentence before it (kb/extract/records.py `ActorResolver._thing`); an
  aim the parser leaves without an object gives no record, as before.
- A plan's item named as an act that states its aim ("This recommendation seeks to improve X")
  is no forecast of what an act brings about (`_act_as_subject`).

Every sentence and document here is invented.  The first tests need no model; the last go
through the real spaCy pipeline.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import is_thing
from tests.textdoc import document_from_text, rules_only

# --- a part of a project is a thing, without a model ------------------------------------


@pytest.mark.parametrize("subject", [
    "Part B of the project",
    "Part C",
    "Component 2",
    "Component 1.3 of the program",
    "Phase II",
    "Output 4",
    "Tranche 1 of the facility",
    "the technical assistance pipeline",
    "A dedicated funding window",
    "The treatment plant design",
])
def test_a_part_of_a_project_is_a_thing(subject):
    assert is_thing(subject)


@pytest.mark.parametrize("subject", [
    "the Project Management Unit",
    "Part of the Ministry",              # "part" without a label is no project part
    "the Design Council",                 # a body whose name holds "design"
    "the Water Board",
    "Component suppliers",
])
def test_a_body_is_still_no_thing(subject):
    assert not is_thing(subject)


# --- through the real pipeline ---------------------------------------------------------

PROJECT = """Upland Irrigation Project

The Valley Water Authority will carry out the Upland Irrigation Project in four districts.

Part B of the project will demonstrate drip irrigation on forty farms."""

PLAN = """Riverside Town Plan for Cleaner Streets

Riverside Town Council adopted this plan in March 2026.

The Plan aims to plant 3,000 street trees in the town centre.

This plan seeks to halve the litter collected from the river banks.

This plan will form part of the county's wider environment programme.

This recommendation seeks to improve the fuel economy of the council's refuse lorries."""


def _records(text: str):
    from kb.extract import Extractor

    return Extractor(scorer=rules_only).extract(document_from_text(text)).commitments


def _only(records, action):
    found = [c for c in records if c.action == action]
    assert len(found) == 1, [(c.actor, c.action, c.target) for c in records]
    return found[0]


@pytest.mark.integration
def test_extract_a_project_part_does_its_agencys_work():
    records = _records(PROJECT)
    assert _only(records, "demonstrate").actor == "Valley Water Authority"
    assert _only(records, "demonstrate").target == "drip irrigation on forty farms"


@pytest.mark.integration
def test_extract_a_plans_aim_is_its_authors_commitment():
    records = _records(PLAN)
    plant = _only(records, "plant")
    assert plant.actor == "Riverside Town Council"
    assert plant.target == "3,000 street trees in the town centre"
    assert _only(records, "halve").actor == "Riverside Town Council"
    assert _only(records, "improve").target == "the fuel economy of the council's refuse lorries"
    # what the plan will be is no undertaking
    assert not [c for c in records if c.action in ("form", "be")]


ORDER = """Executive Order on Safer Harbours

By the authority vested in me as President, it is hereby ordered as follows:

Many harbour authorities across the country have adopted modern safety codes.

This order seeks to recognize these codes and apply them across Federal harbours.

The Secretary of Transportation shall develop a plan for harbour dredging. The plan shall aim to use, as
appropriate and consistent with applicable law, all available dredging contracts to achieve or facilitate a
cleaner estuary."""


@pytest.mark.integration
def test_extract_an_orders_aim_is_its_issuers():
    records = _records(ORDER)
    recognize = _only(records, "recognize")
    assert recognize.actor_source == "main_actor"
    assert "harbour authorities" not in recognize.actor
    # an aim the parser leaves without an object gives no record whose target is the plan itself
    assert not [c for c in records if c.target.lower() == "the plan"]
