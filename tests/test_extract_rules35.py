"""Round 33 (rules-35; issue 10): ways of writing about an action that undertake nothing.

* A condition stated through a wish: "if we want to lower bills and cut emissions, ...", "If the
  county wishes to widen the bus network, it will ...".  The "if" hangs on "want"/"wishes", so the
  verb read as the action ("lower", "cut", "widen") carried no mark of its own; a condition is no
  commitment (ANNOTATION.md section 1).  A verb merely coordinated with a conditional one keeps its
  record: the parser hangs a main clause's second verb there too ("shall meet to consider if X
  should be changed and share Y").
* A trend with no level: "demand for heat pumps will continue to grow", "the severity of coastal
  floods will increase".  A verb of a quantity's change whose subject is a thing sets a target only
  when the clause says what is reached or when ("emissions will fall by 30% by 2030", "the share of
  rail will rise to 40 percent"); without a figure it forecasts (section 1: predictions).
* A means a task needs: "International support is required to implement the strategies", "further
  changes are required to clarify the roles".  "Is required to" lays a duty on a party ("agencies
  are required to keep a plan", "new homes are required to use low carbon heat"), not on the support
  or the changes.
* Two forms of legal boilerplate (ANNOTATION.md section 1: conditions and definitions): a definition
  by reference ("The term "X" shall have the same meaning as it has in ...") and the severability
  clause ("If any provision of this order ... is held to be invalid, the remainder of this order
  ... shall not be affected").

The sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


def _records(extractor, text, title="Riverton climate plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return [(c.actor, c.action, c.target) for c in extractor.extract(doc).commitments]


PLAN_OPENING = "Riverton County Council publishes this plan.\n\n"

NO_UNDERTAKING = [
    # a wish under "if"/"unless": a condition
    "It is sensible to study every option if we want to lower energy bills and reduce emissions.",
    "If the county wishes to widen the bus network, it will need new depots.",
    "Unless the board decides to close the ferry, the timetable stays as it is.",
    # a thing's trend with no level: a forecast
    "Demand for heat pumps will continue to grow as prices drop.",
    "The severity of coastal floods will increase.",
    "Traffic on the ring road will decline as the new line opens.",
    # a means the task needs: no one's duty
    "International support is required to fully implement the existing adaptation strategies.",
    "Further legislative changes are required to clarify the roles of the ministries.",
    "Additional funding is required to complete the flood barrier.",
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", NO_UNDERTAKING)
def test_a_condition_a_trend_or_a_means_needed_undertakes_nothing(extractor, sentence):
    assert _records(extractor, PLAN_OPENING + sentence) == []


STILL_UNDERTAKINGS = [
    # the commitment beside a condition
    ("If residents want to cycle to work, Riverton County Council will build 40 new cycle lanes by 2027.",
     ("Riverton County Council", "build", "40 new cycle lanes")),
    # a change to a stated level is a target (the plan's author's); "go live" is no verb of a quantity's change
    ("National emissions will fall by 30% by 2030.", ("Riverton County Council", "fall", "National emissions")),
    ("The share of rail freight will rise to 40 percent.", ("Riverton County Council", "rise", "The share of rail freight")),
    ("No new service will go live unless it meets this standard.", ("Riverton County Council", "go", "No new service")),
    # a party, or a thing regulated, required to act has a duty
    ("Agencies are required to maintain a strategic plan.", ("Agencies", "maintain", "a strategic plan")),
    ("New homes consented from 2026 are required to use low carbon heat.",
     ("New homes consented from 2026", "use", "low carbon heat")),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, record", STILL_UNDERTAKINGS)
def test_what_must_stay_an_undertaking_does(extractor, sentence, record):
    assert _records(extractor, PLAN_OPENING + sentence) == [record]


BOILERPLATE = [
    'The term "harbor authority" shall have the same meaning as it has in section 3 of the Harbor Act.',
    "If any provision of this order, or the application of any provision to any person or circumstance, "
    "is held to be invalid, the remainder of this order and the application of its other provisions to "
    "any other persons or circumstances shall not be affected.",
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", BOILERPLATE)
def test_a_definition_by_reference_and_a_severability_clause_undertake_nothing(extractor, sentence):
    text = ("The Secretary of Transportation shall publish a harbor safety plan within 90 days of the date of "
            "this order.\n\n" + sentence)
    assert _records(extractor, text, title="Executive Order on Riverton Harbors") == [
        ("Secretary of Transportation", "publish", "a harbor safety plan")]
