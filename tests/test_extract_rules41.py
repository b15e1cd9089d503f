"""Round 39 (rules-41; issue 10): things that became actors on documents nobody tuned on.

Read across thirty-odd unlabelled documents (CIO Council guides, development bank project sheets and
background papers, national climate pledges, city plans), the main actor of a whole guide was now and
then a technology the guide is about: "Robotic Process Automation (RPA)", "Technology Business
Management (TBM)", "Software Defined Wide Area Networking (SD-WAN)", "total cost of ownership (TCO)".
Guides write "RPA will reduce ..." as often as they name the body that issued them, so the count of
subjects made the technology speak for every agentless duty.  ANNOTATION.md section 2: never an object,
a program or a thing.  What the fixes read:

- a name headed by a noun of a technique or practice (automation, networking, computing, management,
  ownership) or of an effect (impact) is a thing, as plans and programmes already were;
- an abbreviation with a hyphen ("SD-WAN") is spelled out like any other, and English initials pass
  over "of" and "and" ("total cost of ownership (TCO)");
- a pledge "Submission of X's Intended Nationally Determined Contribution" is X's, not its contribution's;
- a subject that is a sum of money ("US $ 54 per capita"), a web address, a name with its years after
  it ("Strategy (2016-2025)"), "one of" a thing, or a thing with a clause set off by a comma ("The
  Project, when completed, will ...") is a thing;
- a statute's paragraph heading ("(1) IN GENERAL.—The Secretary shall ..."), where a body was established
  ("... established in Executive Order N") and a relative after "one of" ("two Co-Chairs, one of whom
  shall be ...") are no part of the name;
- a verb with a hyphenated prefix ("co-ordinate", "re-design", "de-risk") is one word to the tagger,
  lemmatised on the word after the prefix: cut at the hyphen, "co" or "re" was the action and the verb
  an adjective of the object.

Every sentence and name is invented; no eight-word run is shared with the dev set or the test split."""

from __future__ import annotations

import pytest

from kb.extract.actors import abbreviates_common_words, clean_actor, expand_abbreviation, is_thing, pledge_party
from tests.textdoc import document_from_text


@pytest.mark.integration
def test_a_technology_a_guide_is_about_does_not_speak_for_its_duties(extractor):
    text = ("This guide is issued by the Office of Field Operations. Adaptive Mesh Networking (AMN) lets "
            "field offices keep their links up when one line fails. AMN will cut outages at remote sites. "
            "AMN will also lower the cost of each link. AMN will route traffic around a failed node. "
            "Pilot sites will be chosen by March 2027. A checklist for each site will be published within "
            "90 days.")
    doc = document_from_text(text, title="Adaptive Mesh Networking in Field Offices", published="2026-05-04")
    records = extractor.extract(doc).commitments
    chosen = [c for c in records if c.action == "choose"]
    assert chosen, [(c.actor, c.action) for c in records]
    assert chosen[0].actor == "Office of Field Operations", [(c.actor, c.action, c.actor_source) for c in records]


@pytest.mark.parametrize("name", [
    "Robotic Claims Automation",
    "Adaptive Mesh Networking",
    "their Digital Spend Management",
    "The primary impact of the Project",
    "US $ 40 per household",
    "Tk 120 crore",
    "Draft Coastal Zone Policy 2019",
    "Rangeland Strategy (2018-2027)",
    "The project, when commissioned",
    "https://www.example.gov/guidance/circular-a12.pdf",
    "One of the main aims of the Authority",
    "b. Introduction of a bus rapid transit line",
    "Proposed INDCs",
    "Flood adaptation activities until 2030",
])
def test_names_of_things_are_things(name):
    assert is_thing(name), name


@pytest.mark.parametrize("name", [
    "Department of Energy",
    "Office of Personnel Management",
    "Bureau of Land Management",
    "Asia-Pacific Economic Cooperation",
    "Civil Service Learning",
    "One of the Secretaries",
    "Secretary of State, in consultation with the Attorney General",
    "Lakeshore County Council",
])
def test_bodies_stay_bodies(name):
    assert not is_thing(name), name


def test_an_abbreviation_with_a_hyphen_is_spelled_out():
    text = "Offices are moving to Wide Area Mesh Networking (WA-MN) over the next two years."
    assert expand_abbreviation("WA-MN", text) == "Wide Area Mesh Networking"
    assert is_thing(expand_abbreviation("WA-MN", text))
    # a body's abbreviation reads as before
    assert expand_abbreviation("LCC", "The Lakeshore County Council (LCC) will publish it.") == "Lakeshore County Council"


def test_initials_pass_over_of_and_and():
    text = "Each office will estimate the total cost of ownership (TCO) of its network before it buys."
    assert abbreviates_common_words("TCO", text)
    assert abbreviates_common_words("ESMP", "The contractor will follow the environmental and social management "
                                            "plan (ESMP) at every site.")
    assert not abbreviates_common_words("TCO", "The Transit Coordination Office (TCO) will publish it.")


def test_a_submission_of_a_partys_pledge_is_the_partys():
    assert pledge_party("Submission of Ruritania's Intended Nationally Determined Contribution (INDC)") == "Ruritania"
    assert pledge_party("Submission by the Republic of Ruritania to the ADP") == "Republic of Ruritania"


def test_a_statute_paragraph_heading_is_no_part_of_the_name():
    assert clean_actor("(B) IN GENERAL.—The Administrator") == "Administrator"
    assert clean_actor("ANNUAL REVIEW.—The Director of the Office of Budget") == "Director of the Office of Budget"
    # a name with periods of its own is left as it is
    assert clean_actor("U.S. Department of State") == "U.S. Department of State"


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Harbour Board will co-ordinate the flood response with the two district councils.",
     "co-ordinate", "the flood response"),
    ("The Harbour Board will re-examine the mooring charges before the next season.",
     "re-examine", "the mooring charges"),
    ("The Harbour Board will de-risk private investment in the new container berth.",
     "de-risk", "private investment in the new container berth"),
])
def test_a_verb_with_a_hyphenated_prefix_is_one_word(extractor, sentence, action, target):
    doc = document_from_text(sentence, title="Harbour plan", published="2026-05-04")
    records = extractor.extract(doc).commitments
    assert [c.action for c in records] == [action], [(c.action, c.target) for c in records]
    assert records[0].target.startswith(target), records[0].target


@pytest.mark.integration
def test_other_hyphenated_words_are_cut_as_before():
    from kb.extract.nlp import load_nlp

    words = [t.text for t in load_nlp()("The board will support low-carbon shipping and a climate-resilient port.")]
    assert "low" in words and "carbon" in words and "-" in words
    assert "climate-resilient" not in words


def test_where_a_body_was_established_is_no_part_of_its_name():
    assert clean_actor("the Co-Chairs of the Interagency Council on Harbour Data established in Executive Order "
                       "15001 of March 3, 2031") == "Co-Chairs of the Interagency Council on Harbour Data"
    # a short name keeps its words
    assert clean_actor("the Board established by statute") == "Board established by statute"


def test_a_relative_after_one_of_is_no_part_of_the_name():
    assert clean_actor("two Co-Chairs, one of whom shall be the Secretary of the Harbour Department") == "two Co-Chairs"
