"""Round 31 (rules-33; issue 10): two constructions that left undertakings out of the records.

* A commitment whose list gives its means ("3. Strengthen coastal defences through:", then
  noun-phrase items): ANNOTATION.md section 1 counts means as commitments of the same actor, and
  section 2 carries an actor to the items of its own list.  A noun-phrase item takes the lead-in's
  verb ("Dune grass planting and beach nourishment" -> strengthen), unless a noun of action names
  what the item does ("Flood risk assessment and management" -> assess; "Development of X" ->
  develop X).  The lead-in stays a record of its own, without its "through".
  Not: a lead-in whose verb only says what something holds ("must include an approach through:").
* A second verb phrase that the tagger read as part of the first verb's object ("support harbour
  safety and uphold maritime law": "uphold" tagged as an adjective of "law").  Only verbs that are
  never nouns or adjectives before one, in the base form; not inside an infinitive ("a plan to cut X
  and improve Y") or a relative clause whose verb agrees with its own subject ("agencies that manage
  X and promote Y").
* An applicant, a contractor and officials are actors, not the target of their own verb ("The
  contractor must comply with X" was read as "comply | The contractor"; "The applicant will develop
  X" gave no record).

All names and sentences are invented."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


def _records(extractor, text, title="Republic of Palmera climate plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return [(c.actor, c.action, c.target) for c in extractor.extract(doc).commitments]


MEANS_LIST = ("Palmera will pursue the following adaptation priorities.\n\n"
              "3. Strengthen coastal defences against storm surges through:\n"
              "- Dune grass planting and beach nourishment\n"
              "- Flood risk assessment and management\n"
              "- Development of a sea level monitoring network\n"
              "- Raising the height of harbour walls")


@pytest.mark.integration
def test_the_items_of_a_means_list_are_undertakings_of_the_lead_ins_actor(extractor):
    records = _records(extractor, MEANS_LIST)
    assert ("Palmera", "strengthen", "coastal defences against storm surges") in records
    assert ("Palmera", "strengthen", "Dune grass planting and beach nourishment") in records
    assert ("Palmera", "assess", "Flood risk assessment and management") in records
    assert ("Palmera", "develop", "a sea level monitoring network") in records
    assert ("Palmera", "raise", "the height of harbour walls") in records


@pytest.mark.integration
def test_a_lead_in_that_says_what_something_holds_lends_no_action_to_its_items(extractor):
    text = ("Palmera will pursue the following adaptation priorities.\n\n"
            "Every island plan must include a shared approach to drought through:\n"
            "- Community water committees in each village\n"
            "- School gardens with drought tolerant crops")
    targets = [target for _, _, target in _records(extractor, text)]
    assert "Community water committees in each village" not in targets
    assert "School gardens with drought tolerant crops" not in targets


@pytest.mark.integration
@pytest.mark.parametrize("sentence, expected", [
    ("The Ministry will support harbour safety and uphold maritime law.",
     [("support", "harbour safety"), ("uphold", "maritime law")]),
    ("The Ministry will fund two ferry routes and coordinate timetables among island councils.",
     [("fund", "two ferry routes"), ("coordinate", "timetables among island councils")]),
    ("The Ministry will set up a project office which oversees all grants and provide advice to island councils.",
     [("set up", "a project office which oversees all grants"), ("provide", "advice to island councils")]),
])
def test_a_second_verb_read_as_part_of_the_object_is_its_own_undertaking(extractor, sentence, expected):
    records = [(action, target) for _, action, target in _records(extractor, sentence)]
    for pair in expected:
        assert pair in records


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    # inside an infinitive the second verb continues the plan's aim
    ("The Ministry will draft a plan to cut diesel imports and improve grid stability.",
     "draft", "a plan to cut diesel imports and improve grid stability"),
    # the relative clause's own verb, in the base form: its subject is the councils
    ("The Ministry will fund the councils that manage water supplies and promote rainwater tanks.",
     "fund", "the councils that manage water supplies and promote rainwater tanks"),
    # a noun after "and" is part of the object
    ("The Ministry will provide training and support services to island councils.",
     "provide", "training and support services to island councils"),
])
def test_a_verb_inside_an_infinitive_or_relative_clause_stays_in_the_target(extractor, sentence, action, target):
    records = [(a, t) for _, a, t in _records(extractor, sentence)]
    assert (action, target) in records
    assert len(records) == 1


@pytest.mark.integration
@pytest.mark.parametrize("sentence, actor, action, target", [
    ("The applicant will develop a bat conservation plan.", "applicant", "develop", "a bat conservation plan"),
    ("The contractor must comply with the security requirements.", "contractor", "comply",
     "with the security requirements"),
    ("Agency officials will participate in the annual review.", "Agency officials", "participate",
     "in the annual review"),
])
def test_applicants_contractors_and_officials_undertake_what_they_are_subjects_of(extractor, sentence, actor,
                                                                                  action, target):
    assert _records(extractor, sentence, title="Riverside Wind Habitat Conservation Plan") == [
        (actor, action, target)]
