"""Detection, rules-17 (issue 10, item 5): means clauses opened by "through", read from the train
split's missed lines.  ANNOTATION.md section 1: means clauses ("by terminating waivers that ...",
"through expanding Y") are commitments of the same actor.

- a gerund after "through" (on its own, or after "including") is a further action of the
  commitment it hangs under, as one after "by" already was (`heads.means_preps`,
  `clauses._marked`);
- a noun of action after "including through"/"including by" with "of" and an object ("including
  through the launch of a toolkit") is one too, its action the verb the noun names
  (`clauses._nominal_means`).

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


# --- "through" and a gerund ---------------------------------------------------------------------------

THROUGH_GERUNDS = {
    "through, on the action": (
        "The county will cut energy use through retrofitting public buildings and replacing street lights.",
        [("retrofit", "public buildings"), ("replace", "street lights")]),
    "including through, on the action": (
        "We will support coastal towns in building their resilience, including through expanding the "
        "flood warning network.",
        [("expand", "the flood warning network")]),
    "including through, deep in a series": (
        "We will protect the lake, strengthening and enhancing the work of local partners including "
        "through mobilizing private finance for wetland repair.",
        [("mobilize", "private finance for wetland repair")]),
}


@pytest.mark.parametrize("text,expected", THROUGH_GERUNDS.values(), ids=THROUGH_GERUNDS.keys())
def test_a_gerund_after_through_is_a_means(extractor, text, expected):
    records = _records(extractor, text)
    for pair in expected:
        assert pair in records


# --- "including through the <noun of action> of X" ------------------------------------------------------

NOMINAL_MEANS = {
    "the launch of": (
        "The Secretary of Water shall develop a strategy to promote safe water systems in rural areas, "
        "including through the launch of a regional training programme for local operators.",
        [("launch", "a regional training programme for local operators")]),
    "the creation of": (
        "The Department shall also set out protocols for contact with flooded households, including through "
        "the creation of a dedicated liaison office within the County Council.",
        [("create", "a dedicated liaison office within the County Council")]),
    "two nouns sharing one object, after a hedge": (
        "(iii) promote coordination of county and town emergency services, including, as appropriate, "
        "through the development and support of local flood response plans;",
        [("develop", "local flood response plans"), ("support", "local flood response plans")]),
    "including by, a noun": (
        "The Council will improve the treatment works, including by the installation of new filters.",
        [("install", "new filters")]),
}


@pytest.mark.parametrize("text,expected", NOMINAL_MEANS.values(), ids=NOMINAL_MEANS.keys())
def test_a_noun_of_action_after_including_through_is_a_means(extractor, text, expected):
    records = _records(extractor, text)
    for pair in expected:
        assert pair in records


# --- what stays as it was ------------------------------------------------------------------------------

UNCHANGED = {
    "through a thing, not an action": (
        "We will work through existing regional bodies to deliver results.",
        ["deliver"]),
    "through a date": (
        "The county will fund the repair programme through 2030.",
        ["fund"]),
    "including through a noun that names no action": (
        "The county will maintain the pumps, including through the end of the storm season.",
        ["maintain"]),
}


@pytest.mark.parametrize("text,actions", UNCHANGED.values(), ids=UNCHANGED.keys())
def test_through_without_a_means_adds_nothing(extractor, text, actions):
    assert [a for a, _ in _records(extractor, text)] == actions
