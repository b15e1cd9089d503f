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


def _actions(extractor, text):
    return [action for _actor, action, _target in _records(extractor, text)]


CONDITIONS = [
    "It is sensible to study every option if we want to lower energy bills and reduce emissions.",
    "If the county wishes to widen the bus network, it will need new depots.",
    "Unless the board decides to close the ferry, the timetable stays as it is.",
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", CONDITIONS)
def test_a_wish_under_if_or_unless_is_a_condition_not_a_commitment(extractor, sentence):
    text = "Riverton County Council publishes this plan.\n\n" + sentence
    assert _actions(extractor, text) == []


@pytest.mark.integration
def test_the_commitment_beside_a_condition_is_still_read(extractor):
    text = ("Riverton County Council publishes this plan.\n\n"
            "If residents want to cycle to work, Riverton County Council will build 40 new cycle lanes by 2027.")
    assert _records(extractor, text) == [("Riverton County Council", "build", "40 new cycle lanes")]


TRENDS = [
    "Demand for heat pumps will continue to grow as prices drop.",
    "The severity of coastal floods will increase.",
    "Traffic on the ring road will decline as the new line opens.",
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", TRENDS)
def test_a_trend_with_no_level_is_a_forecast(extractor, sentence):
    text = "Riverton County Council publishes this plan.\n\n" + sentence
    assert _actions(extractor, text) == []


LEVELS = [
    ("National emissions will fall by 30% by 2030.", "fall", "National emissions"),
    ("The share of rail freight will rise to 40 percent.", "rise", "The share of rail freight"),
    # not a verb of a quantity's change: "go live" keeps its record without a figure
    ("No new service will go live unless it meets this standard.", "go", "No new service"),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", LEVELS)
def test_a_change_to_a_stated_level_is_still_a_target(extractor, sentence, action, target):
    text = "Riverton County Council publishes this plan.\n\n" + sentence
    assert [(verb, what) for _actor, verb, what in _records(extractor, text)] == [(action, target)]


MEANS_NEEDED = [
    "International support is required to fully implement the existing adaptation strategies.",
    "Further legislative changes are required to clarify the roles of the ministries.",
    "Additional funding is required to complete the flood barrier.",
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence", MEANS_NEEDED)
def test_a_means_required_for_a_task_is_no_duty(extractor, sentence):
    text = "Riverton County Council publishes this plan.\n\n" + sentence
    assert _actions(extractor, text) == []


DUTIES = [
    ("Agencies are required to maintain a strategic plan.", ("Agencies", "maintain", "a strategic plan")),
    ("New homes consented from 2026 are required to use low carbon heat.",
     ("New homes consented from 2026", "use", "low carbon heat")),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, record", DUTIES)
def test_a_party_required_to_act_still_has_a_duty(extractor, sentence, record):
    text = "Riverton County Council publishes this plan.\n\n" + sentence
    assert _records(extractor, text) == [record]


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
