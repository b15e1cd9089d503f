"""Detection, rules-10: constructions that unseen documents use and the rules missed (issue 10).

- a goal that an actor pursues, named by a noun with "of" and a gerund ("commit to a collective
  goal of reducing X", "pursue its goal of reducing Y", "in reaching the goal of planting Z"): the
  gerund is the action (`clauses._goal_gerunds`);
- a commitment to a thing, not to a verb ("Iceland is committed to the negotiation process", "we
  recommit to our partnership"): `clauses._committed_to_noun`;
- a deliverable under "shall"/"must" as the subject ("These recommendations shall identify X"):
  what it must hold, not a forecast of effects (`constructions.required_content`);
- an object that a hedge between commas keeps from its verbs ("monitor and oversee, to the
  greatest extent practicable, the processes ..."): `clauses._object_after_hedge`;
- a figure with decimals that opens a line ("11.2% reduction ...") is no list item number
  (`syntax.list_marker`).

One table per construction, with rows that must not match.  Every sentence is invented for this
test; none is copied or edited from the shared dev set or from the labelled test split.  The rows
go through the extractor with the rules alone (`rules_only`: no learned filter), with the real
spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

_TITLE = "Riverside Climate Action Plan"


def _records(extractor, sentence: str) -> list[tuple[str, str]]:
    """(action, target) of the commitments read from `sentence`, alone in its paragraph."""
    return action_targets(extractor, sentence, title=_TITLE, sentence=sentence)


# --- a goal pursued, named by "<goal> of <gerund>" -----------------------------------------------

GOAL_GERUNDS = {
    "commit to a goal of": ("Member states joining the Alliance commit to a collective goal of reducing food waste "
                            "by half by 2030.", ("reduce", "food waste by half")),
    "pursue its goal of": ("The county will pursue its target of halving landfill waste.",
                           ("halve", "landfill waste")),
    "meet its goal of": ("The city will meet its goal of planting 500 trees a year.",
                         ("plant", "500 trees a year")),
    "achieve a target of": ("The region will achieve a target of reducing emissions by 30%.",
                            ("reduce", "emissions by 30%")),
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,expected", GOAL_GERUNDS.values(), ids=list(GOAL_GERUNDS))
def test_the_gerund_of_a_pursued_goal_is_the_action(extractor, sentence, expected):
    assert expected in _records(extractor, sentence)


@pytest.mark.integration
def test_the_pursuing_verb_gives_way_to_the_goals_verb(extractor):
    """One undertaking, one line: "meet" does not stay beside "plant"."""
    actions = [a for a, _ in _records(extractor, "The city will meet its goal of planting 500 trees a year.")]
    assert actions == ["plant"]


NOT_GOAL_GERUNDS = {
    "a goal met in the past": "The city met its goal of planting 500 trees a year in 2019.",
    "a goal only described": "The goal of planting 500 trees a year was discussed at the meeting.",
    "a thing that meets it": "This grant meets the goal of planting 500 trees a year.",
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence", NOT_GOAL_GERUNDS.values(), ids=list(NOT_GOAL_GERUNDS))
def test_other_goals_of_doing_are_not(extractor, sentence):
    assert [a for a, _ in _records(extractor, sentence) if a == "plant"] == []


# --- a commitment to a thing ---------------------------------------------------------------------

COMMITTED_TO_NOUNS = {
    "is committed to": ("Norway is committed to the regional negotiation process on fisheries.",
                        ("commit", "the regional negotiation process on fisheries")),
    "recommit to": ("Today we recommit to our partnership with the island states.",
                    ("commit", "our partnership with the island states")),
    "remains committed to": ("The province remains committed to the principles of the river accord.",
                             ("commit", "the principles of the river accord")),
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,expected", COMMITTED_TO_NOUNS.values(), ids=list(COMMITTED_TO_NOUNS))
def test_a_commitment_to_a_thing_is_an_undertaking(extractor, sentence, expected):
    assert expected in _records(extractor, sentence)


NOT_COMMITTED_TO_NOUNS = {
    "committed in the past": "Norway was committed to the regional negotiation process in 2015.",
    "a thing committed": "The funds are committed to the regional negotiation process.",
    "a demonstrative subject": "This is committed to the regional negotiation process.",
    "adherence to an instrument": "Norway is committed to the river basin convention.",
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence", NOT_COMMITTED_TO_NOUNS.values(), ids=list(NOT_COMMITTED_TO_NOUNS))
def test_other_commitments_to_things_are_not(extractor, sentence):
    assert _records(extractor, sentence) == []


# --- a deliverable's required content ------------------------------------------------------------

REQUIRED_CONTENT = {
    "recommendations shall identify": ("These recommendations shall identify any changes to the grant rules.",
                                       ("identify", "any changes to the grant rules")),
    "the assessment must describe": ("The assessment must describe the condition of each reservoir.",
                                     ("describe", "the condition of each reservoir")),
    "each submission shall include": ("Each submission shall include a budget for the first three years.",
                                      ("include", "a budget for the first three years")),
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,expected", REQUIRED_CONTENT.values(), ids=list(REQUIRED_CONTENT))
def test_a_deliverables_required_content_is_an_undertaking(extractor, sentence, expected):
    assert expected in _records(extractor, sentence)


FORECASTS = {
    "an act that will bring about": "Close cooperation with our neighbours will foster trust across the region.",
    "recommendations that will, not shall": "These recommendations will strengthen trust across the region.",
    "an adoption that will lay": "Adoption of the framework will lay the foundation for regional growth.",
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence", FORECASTS.values(), ids=list(FORECASTS))
def test_an_acts_effects_stay_forecasts(extractor, sentence):
    assert _records(extractor, sentence) == []


# --- an object after a hedge between commas ------------------------------------------------------

HEDGED_OBJECTS = {
    "two verbs, an extent": ("The Board shall monitor and oversee, to the greatest extent practicable, the processes "
                             "by which agencies validate requirements.",
                             {("monitor", "the processes by which agencies validate requirements"),
                              ("oversee", "the processes by which agencies validate requirements")}),
    "two verbs, a respect": ("The Director shall promote and monitor, with respect to the new grants, the effective "
                             "stewardship of public funds.",
                             {("promote", "the effective stewardship of public funds"),
                              ("monitor", "the effective stewardship of public funds")}),
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,expected", HEDGED_OBJECTS.values(), ids=list(HEDGED_OBJECTS))
def test_verbs_take_the_object_after_a_hedge(extractor, sentence, expected):
    assert expected <= set(_records(extractor, sentence))


@pytest.mark.integration
def test_a_verb_with_its_own_object_keeps_it(extractor):
    """A hedge after an object ("review the plans, as appropriate, and publish ...") lends nothing."""
    records = _records(extractor, "The Board shall review the plans, as appropriate, and publish a summary of them.")
    assert ("review", "the plans") in records


# --- a decimal figure that opens a line ----------------------------------------------------------

@pytest.mark.integration
def test_a_decimal_figure_is_no_item_number(extractor):
    """ "11.2% reduction ...": a headline pledge; "11." is not the number of a list item."""
    records = _records(extractor, "11.2% reduction in greenhouse gas emissions from BAU by 2030.")
    assert [a for a, t in records if t.startswith("11.2% reduction")] == ["reduce"]


def test_list_marker_reads_item_numbers_but_not_decimals():
    from kb.extract.syntax import list_marker

    assert list_marker("11. Plant 500 trees a year.") is not None
    assert list_marker("11.2% reduction in emissions by 2030") is None
