"""Action lines of a plan's lists whose opening verb the tagger misreads (issue 10, round 16).

A plan lists its actions as bulleted lines that open with a capitalised verb: "Optimise benefits
from X", "Track workforce maturity", "Define and embed Y", "Co-create Z".  The tagger, which reads
a capitalised first word as a name or a noun, often takes the verb for the head of a noun phrase;
the line then had no verb and no lead-in to lend it one, and was lost.  `lists.opening_item_verb`
reads a verb of a plan's action lines (`lexicon.ITEM_LINE_VERBS`) that opens an item as its verb
unless what follows makes it a noun ("Share of renewables") or the subject of a clause.

The passages are built as ingestion builds a bulleted list (a `list_item` passage per bullet, its
marker already gone).  Sentences are invented, or the shapes of train documents (named per case).
"""

from __future__ import annotations

import pytest

from tests.textdoc import list_document


def _pairs(extractor, items: list[str], lead: str = "Our priorities for the next three years are:"):
    doc = list_document("Harbourtown Digital Office: Corporate Plan 2026-29", lead, items)
    return [(c.action, c.target) for c in extractor.extract(doc).commitments]


# --- the rule on its own: which opening words read as verbs (spaCy parse) --------------


@pytest.mark.integration
@pytest.mark.parametrize("item, expected", [
    # train shape: nat-au-dta-corporate-plan-2017-20 ("Optimise ...", "Track ...")
    ("Optimise value from the council's software licences.",
     [("optimise", "value from the council's software licences")]),
    ("Track staff and supplier data literacy maturity.",
     [("track", "staff and supplier data literacy maturity")]),
    # train shape: ndc-mex ("Prevent illnesses that ...", "Reforest high, medium and low ...")
    ("Prevent floods that are worsened by blocked culverts through a yearly clearing programme.",
     [("prevent", "floods that are worsened by blocked culverts through a yearly clearing programme")]),
    # train shape: fr-cio-council-charter-2020 ("Share lessons learned, ideas, ...")
    ("Share tools, templates and good practices with partner councils;",
     [("share", "tools, templates and good practices with partner councils")]),
])
def test_a_list_item_opening_with_a_misread_verb_is_an_action_line(extractor, item, expected):
    assert _pairs(extractor, [item]) == expected


@pytest.mark.integration
def test_two_verbs_sharing_one_object_make_two_lines(extractor):
    # train: nat-nz-digital-public-service-strategy-2020 (the tagger parses "Define" as a modifier of the noun)
    target = "assurance, privacy and cybersecurity practices within agencies"
    got = _pairs(extractor, [f"Define and embed {target}."])
    assert got == [("define", target), ("embed", target)]


@pytest.mark.integration
def test_a_verb_with_a_hyphenated_prefix_opens_an_action_line(extractor):
    # train shape: nat-nz-digital-public-service-strategy-2020 ("Co-create a ..."); since rules-41 the
    # tokenizer keeps "co-create" whole (rules-16 read the part after the hyphen)
    got = _pairs(extractor, ["Co-create a shared booking service with the regional libraries."])
    assert got == [("co-create", "a shared booking service with the regional libraries")]


@pytest.mark.integration
@pytest.mark.parametrize("item", [
    "Share of households connected to fibre.",          # a noun before "of"
    "Drive's new logo was unveiled last year.",          # a possessive: a name
])
def test_a_noun_or_a_name_that_looks_like_a_verb_is_no_action_line(extractor, item):
    assert _pairs(extractor, [item], lead="Indicators reported this year:") == []


def test_the_verbs_of_item_lines_extend_the_labelled_line_verbs():
    from kb.extract.lexicon import ITEM_LINE_VERBS, LABELLED_LINE_VERBS

    assert LABELLED_LINE_VERBS <= ITEM_LINE_VERBS
    assert {"optimise", "prevent", "define", "share", "co-create"} <= ITEM_LINE_VERBS


# --- the same action lines set as lines of their own (paragraphs) -----------------------


def _line_pairs(extractor, text: str):
    from tests.textdoc import document_from_text

    doc = document_from_text(text, title="Harbourtown Sustainability Work Plan")
    return [(c.action, c.target) for c in extractor.extract(doc).commitments]


@pytest.mark.integration
@pytest.mark.parametrize("text, expected", [
    # train shape: state-knoxville-sustainability-work-plan-2021 ("Pursue food waste reduction ... programs that
    # capture ..."; the tagger reads "Pursue" as a name, the entity recogniser as a place)
    ("Pursue food waste collection programs that divert most garden waste from landfill",
     [("pursue", "food waste collection programs that divert most garden waste from landfill")]),
    # train shape: state-winston-salem-sustainability-plan ("Research options for acquiring ...")
    ("Research routes for bringing fibre broadband to outlying farms",
     [("research", "routes for bringing fibre broadband to outlying farms")]),
    # train shape: state-atlanta-clean-energy-policy-recommendations ("Explore feasibility of X that will require Y":
    # the modal is the relative clause's)
    ("Explore feasibility of a parking levy that will fund new cycle lanes.",
     [("explore", "feasibility of a parking levy that will fund new cycle lanes")]),
    # train: state-knoxville-sustainability-work-plan-2021 (an adverb before the second of two verbs)
    ("Amplify and opportunistically expand voluntary home energy upgrade program(s) that will achieve deep "
     "energy savings (~25%+) in 20% of homes",
     [("amplify", "voluntary home energy upgrade program(s) that will achieve deep energy savings (~25%+) in 20% of homes"),
      ("expand", "voluntary home energy upgrade program(s) that will achieve deep energy savings (~25%+) in 20% of homes")]),
])
def test_a_line_opening_with_a_misread_plan_verb_is_an_action_line(extractor, text, expected):
    assert _line_pairs(extractor, text) == expected


@pytest.mark.integration
@pytest.mark.parametrize("text", [
    "Research shows that street trees cool the pavements in summer.",
    "Survey results were published in May.",
    "Share prices fell sharply after the announcement.",
    "Support for Regional Partners",                    # a heading in Title Case names a topic
])
def test_a_line_whose_opening_noun_is_a_subject_is_no_action_line(extractor, text):
    assert _line_pairs(extractor, text) == []
