"""Result verbs with an object; membership; an item's later sentences; a division and its department;
lettered items; an instrument's infinitive past a hedge (round 25: rules-26 and rules-27; issue 10).

* "The strategy aims to reduce high freight costs": a verb that can also say what happens to its
  subject ("emissions will fall", "the share of wind power will reach 30 percent") takes its
  subject as the target only when it has no real object; with a noun for its object the subject
  does it, and the object is the target (with the figure it is changed by, if any).
* "The Board shall be composed of the following members: (i) ...": who sits on a body is its
  make-up, not an undertaking (membership lists are not labelled; bench/labelled/SOURCES.md), and
  its items get no action from the lead-in.  The body's own duties stay.
* "• Cycle paths - Most towns lack safe cycle paths. Building them needs land.": a list item's
  later sentences that are clauses of their own describe the item; they are not items of the
  lead-in ("The plan will include:").  An imperative stays an item.
* A department's text that names one of its divisions more often than itself still speaks as the
  department: "we" is the ministry, not its division.
* "a) Enhancing efficiency in charcoal kilns": a letter that marks a list item is no word of the
  line, so its opening gerund is found wherever the parser hung it; "b) Facilitating provision of
  X", a gerund of a policy verb the tagger took for a noun, is read as the gerund.
* "set out procedures, consistent with applicable law, to offer X", "develop guidance, as
  appropriate, to help Y", "seek opportunities, consistent with applicable law, to share Z": the hedge
  goes and the infinitive that says which procedures, guidance or opportunities stays in the target; after a thing that names itself ("a data standard, as appropriate, to support
  Z") the infinitive is a purpose and is cut as before.
* "Harbourland is mobilizing $2 billion for X", "is undertaking adaptation actions", "is embarking on
  X": a named actor's present progressive of committing resources or effort is an undertaking under way.

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import parent_department
from tests.textdoc import document_from_text


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    # a noun object: the subject acts on it
    ("The strategy aims to reduce high freight costs across the valley.",
     "reduce", "high freight costs across the valley"),
    # no object, or only a figure: the subject is what changes
    ("The share of wind power in the grid will reach 30 percent by 2030.",
     "reach", "The share of wind power in the grid"),
    ("Harbour emissions will fall by 20 percent by 2028.", "fall", "Harbour emissions"),
    # an object changed by a figure: a target of the document's actor, whatever the subject
    ("Joint planning by the two valleys will reduce flood damage by 40 percent by 2032.",
     "reduce", "flood damage by 40 percent"),
])
def test_a_result_verb_takes_its_subject_as_target_only_without_an_object(extractor, sentence, action, target):
    records = extractor.extract(document_from_text(sentence, title="Valley Transport Strategy")).commitments
    assert [(c.action, c.target) for c in records] == [(action, target)]


@pytest.mark.integration
def test_a_body_s_membership_is_no_commitment_but_its_duties_are(extractor):
    text = ("Sec. 2. The Harbour Board. (a) The Harbour Board shall be composed of the following members:\n\n"
            "(i) the Secretary of Ports, who shall serve as Chair;\n\n"
            "(ii) the Secretary of Fisheries; and\n\n"
            "(iii) the Administrator of Coastal Shipping.\n\n"
            "(b) The Harbour Board shall submit a report on dredging to the President within 180 days.\n\n"
            "(c) The Tide Panel will consist of five engineers and two economists.")
    records = extractor.extract(document_from_text(text, title="Executive Order on Harbours")).commitments
    assert [c.action for c in records if c.action in ("compose", "consist")] == []
    assert ("submit", "a report on dredging to the President") in {(c.action, c.target) for c in records}


@pytest.mark.integration
def test_an_item_s_later_sentences_are_not_items(extractor):
    text = ("The new regional plan will include:\n\n"
            "• Shared transport hubs - Shared transport hubs are a key part of the network for rural towns. "
            "Managing them in one place is a challenge. Many councils run their own depots.\n\n"
            "• Cycle paths - Most towns lack safe cycle paths. Building them needs land.")
    records = extractor.extract(document_from_text(text, title="Regional Transport Plan")).commitments
    sentences = [c.sentence for c in records]
    assert len(records) == 2
    # each record is an item's own line (its sentence shown without the bullet, rules-28)
    assert sorted(s.split(" - ")[0] for s in sentences) == ["Cycle paths", "Shared transport hubs"]


@pytest.mark.integration
def test_a_department_speaks_as_itself_not_as_its_division(extractor):
    text = ("Themes and actions\n\n"
            "The Ministry of Harbours spends most of its budget on ports and ferries.\n\n"
            "We will build new digital services through the Harbour Digital Division. "
            "The Harbour Digital Division will lead the work on booking berths.\n\n"
            "The Harbour Digital Division has already built a prototype. "
            "Staff from the Harbour Digital Division will train port officers.\n\n"
            "We will publish our digital priorities by March 2027.\n\n"
            "The Ministry of Harbours will report on progress each year.")
    records = extractor.extract(document_from_text(text, title="Themes and actions")).commitments
    actors = {c.action: c.actor for c in records}
    assert actors["publish"] == "Ministry of Harbours"
    assert actors["build"] == "Ministry of Harbours"
    # the division's own duty stays the division's
    assert actors["lead"] == "Harbour Digital Division"


@pytest.mark.parametrize("best, title, mentions, parent", [
    ("Harbour Digital Division", "Themes and actions",
     [("Ministry of Harbours", "ORG"), ("the Ministry of Harbours", "ORG"), ("Harbour Digital Division", "ORG")],
     "Ministry of Harbours"),
    # the division's own report: its title names it
    ("Harbour Digital Division", "Harbour Digital Division annual report",
     [("Ministry of Harbours", "ORG"), ("Ministry of Harbours", "ORG")], ""),
    # a department named once is no proof the text is the department's
    ("Harbour Digital Division", "Themes", [("Ministry of Harbours", "ORG")], ""),
    # two departments named twice each: no telling which one writes
    ("Harbour Digital Division", "Themes",
     [("Ministry of Harbours", "ORG"), ("Ministry of Harbours", "ORG"),
      ("Department for Fisheries", "ORG"), ("Department for Fisheries", "ORG")], ""),
    # a body that is no part of a department
    ("Harbour Board", "Themes", [("Ministry of Harbours", "ORG"), ("Ministry of Harbours", "ORG")], ""),
])
def test_the_department_a_division_belongs_to(best, title, mentions, parent):
    assert parent_department(best, title, mentions) == parent


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("Harbourland is mobilizing $2 billion for a new tidal power plant.",
     "mobilize", "$2 billion for a new tidal power plant"),
    ("Harbourland is undertaking a number of adaptation actions along its coast.",
     "undertake", "a number of adaptation actions along its coast"),
    ("Harbourland is embarking on a wider use of solar water heaters.",
     "embark", "on a wider use of solar water heaters"),
])
def test_an_undertaking_under_way(extractor, sentence, action, target):
    doc = document_from_text(sentence, title="Harbourland Nationally Determined Contribution")
    records = extractor.extract(doc).commitments
    assert [(c.actor, c.action, c.target) for c in records] == [("Harbourland", action, target)]


@pytest.mark.integration
def test_letter_marked_items_open_with_their_gerund(extractor):
    text = ("Forestry:\n\n"
            "a) Enhancing efficiency in charcoal kiln operation,\n\n"
            "b) Enhancing participatory fire management.\n\n"
            "Human settlements:\n\n"
            "a) Promoting compact and walkable town centres.\n\n"
            "b) Facilitating provision of, and access to, safe and affordable housing for all income groups.")
    records = extractor.extract(document_from_text(text, title="Harbourland Nationally Determined Contribution"))
    lines = {(c.action, c.target) for c in records.commitments}
    assert ("enhance", "efficiency in charcoal kiln operation") in lines
    assert ("enhance", "participatory fire management") in lines
    assert ("facilitate", "provision of, and access to, safe and affordable housing for all income groups") in lines


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target", [
    ("The Harbour Master shall set out procedures, consistent with applicable law, to offer safety training "
     "to ferry crews.", "procedures to offer safety training to ferry crews"),
    ("The Secretary shall develop guidance, as appropriate, to help port operators adopt the new standard.",
     "guidance to help port operators adopt the new standard"),
    ("The port agencies shall seek opportunities, consistent with applicable law, to share berths.",
     "opportunities to share berths"),
    ("The Secretary shall maintain a data standard, as appropriate, to support automation.", "a data standard"),
])
def test_an_instrument_keeps_its_infinitive_past_a_hedge(extractor, sentence, target):
    records = extractor.extract(document_from_text(sentence, title="Executive Order on Harbours")).commitments
    assert [c.target for c in records] == [target]
