"""Actor resolution across a document (`kb.extract.records.ActorResolver`).

The unit tests feed hand-made frames (no parser); the integration tests run invented
documents through the extractor.  No sentence here comes from the evaluation set.
"""

from __future__ import annotations

import pytest

from kb.extract.frame import Frame
from kb.extract.records import ActorResolver

MAIN = "Lakeview"


def frame(actor_text: str = "", kind: str = "named", verb: int = 5, ent: str = "", antecedent: str = "",
          frame_kind: str = "clause") -> Frame:
    return Frame(verb=verb, action="build", action_lemma="build", sent_start=0, sent_end=80, actor_text=actor_text,
                 actor_kind=kind, actor_ent=ent, antecedent=antecedent, kind=frame_kind)


def test_a_named_actor_stays_itself_without_its_article():
    r = ActorResolver(MAIN).of_frame(frame("the Port Authority ", ent="ORG"), [])
    assert (r.name, r.text, r.source) == ("Port Authority", "the Port Authority ", "named")


@pytest.mark.parametrize("mention, kind", [("the city", "generic"), ("the municipal government", "generic"),
                                           ("the country", "named")])
def test_a_generic_mention_is_the_main_actor(mention, kind):
    r = ActorResolver(MAIN).of_frame(frame(mention, kind), [])
    assert (r.name, r.text, r.source) == (MAIN, mention, "main_actor")


def test_a_generic_mention_without_a_main_actor_stays_itself():
    r = ActorResolver("").of_frame(frame("the province", "generic"), [])
    assert (r.name, r.source) == ("province", "named")


def test_a_frame_without_a_mention_is_the_main_actor():
    r = ActorResolver(MAIN).of_frame(frame("", "none"), [])
    assert (r.name, r.text, r.source) == (MAIN, "", "main_actor")


def test_it_takes_the_named_subject_of_its_sentence():
    r = ActorResolver(MAIN).of_frame(frame("it", "pronoun", antecedent="the Tram Company"), [])
    assert (r.name, r.source) == ("Tram Company", "pronoun_resolved")


def test_it_ignores_a_generic_antecedent():
    r = ActorResolver(MAIN).of_frame(frame("it", "pronoun", antecedent="the city"), [])
    assert (r.name, r.source) == (MAIN, "main_actor")


def test_it_takes_the_last_actor_of_its_passage_only():
    actors = ActorResolver(MAIN)
    actors.enter(3)
    named = frame("The Water Board", ent="ORG")
    actors.remember(actors.of_frame(named, []).name, named)
    assert actors.of_frame(frame("It", "pronoun"), []).name == "Water Board"
    actors.enter(4)
    assert actors.of_frame(frame("It", "pronoun"), []).name == MAIN


def test_a_plural_named_actor_is_not_remembered_for_it():
    actors = ActorResolver(MAIN)
    actors.enter(1)
    plural = frame("regional utilities")
    actors.remember(actors.of_frame(plural, []).name, plural)
    assert actors.of_frame(frame("it", "pronoun"), []).name == MAIN


@pytest.mark.parametrize("mention, ent", [("regional utilities", ""), ("the port authorities and the airlines", ""),
                                          ("Harbor Ferries", "")])
def test_they_takes_the_last_plural_named_actor(mention, ent):
    actors = ActorResolver(MAIN)
    actors.of_frame(frame(mention, ent=ent), [])
    actors.of_frame(frame("the Treasury", ent="ORG"), [])          # singular: not a "they"
    r = actors.of_frame(frame("they", "pronoun"), [])
    assert (r.name, r.text, r.source) == (mention.removeprefix("the "), "they", "pronoun_resolved")


def test_they_without_a_plural_actor_is_the_main_actor():
    assert ActorResolver(MAIN).of_frame(frame("They", "pronoun"), []).name == MAIN


def test_a_relative_pronoun_stands_for_its_noun():
    r = ActorResolver(MAIN).of_frame(frame("the transit agency", "relative"), [])
    assert (r.name, r.source) == ("transit agency", "named")


def test_a_document_as_relative_antecedent_gives_the_actor_of_the_clause_before():
    before = frame("The Energy Office", ent="ORG", verb=2)
    relative = frame("the strategy", "relative", verb=9)
    r = ActorResolver(MAIN).of_frame(relative, [before, relative])
    assert (r.name, r.text) == ("Energy Office", "The Energy Office")


def test_a_document_as_relative_antecedent_alone_is_the_main_actor():
    # "the strategy, which will ..." with no clause before: a strategy promises nothing
    relative = frame("the strategy", "relative", verb=9)
    r = ActorResolver(MAIN).of_frame(relative, [relative])
    assert (r.name, r.text, r.source) == (MAIN, "the strategy", "main_actor")


# --- things cannot promise (ANNOTATION.md section 2) --------------------------

@pytest.mark.parametrize("mention", [
    "our ambition", "This strategy", "the National Defense Stockpile", "such inflows", "limited resources",
    "This INDC document", "Our new Invest in Northshire Prospectus", "Our National Infrastructure Mission",
    "this review", "The Guidance", "the following actions", "Legislation", "The proposal", "These reports",
    "To cut congestion on the ring road", "the program",
])
def test_a_thing_as_subject_is_not_an_actor(mention):
    r = ActorResolver(MAIN).of_frame(frame(mention, ent="ORG" if mention[:1].isupper() else ""), [])
    assert (r.name, r.text, r.source) == (MAIN, mention, "main_actor")


def test_a_thing_as_subject_takes_the_last_actor_of_its_section():
    # "The Ports Authority shall draft a plan. The proposal shall cover both harbours."
    actors = ActorResolver(MAIN)
    actors.enter(5)
    named = frame("The Ports Authority", ent="ORG")
    actors.remember(actors.of_frame(named, []).name, named)
    r = actors.of_frame(frame("The proposal"), [])
    assert (r.name, r.source) == ("Ports Authority", "pronoun_resolved")
    actors.enter(6)                                 # the next paragraph of the same section
    assert actors.of_frame(frame("The proposal"), []).name == "Ports Authority"
    actors.enter(7)                                 # a heading: never carried across it
    actors.section_break()
    actors.enter(8)
    r = actors.of_frame(frame("The proposal"), [])
    assert (r.name, r.source) == (MAIN, "main_actor")


@pytest.mark.parametrize("mention, name", [
    ("The Secretary of Energy", "Secretary of Energy"), ("our partners", "our partners"),
    ("the Office of Management and Budget", "Office of Management and Budget"),
    ("The Attorney General; the Secretary of Education; and the heads of other agencies, as appropriate,",
     "Attorney General; the Secretary of Education; and the heads of other agencies, as appropriate"),
])
def test_bodies_and_offices_stay_named(mention, name):
    r = ActorResolver(MAIN).of_frame(frame(mention), [])
    assert (r.name, r.source) == (name, "named")


@pytest.mark.parametrize("mention", ["Investment\nThe Scottish Borders Council", "Targets\nThe Scottish Borders Council"])
def test_a_heading_glued_to_the_subject_is_dropped(mention):
    r = ActorResolver(MAIN).of_frame(frame(mention, ent="ORG"), [])
    assert (r.name, r.source) == ("Scottish Borders Council", "named")


def test_a_name_cut_short_is_a_generic_mention():
    # "The City of\nHartford will ...": NER kept "The City of"
    r = ActorResolver(MAIN).of_frame(frame("The City of"), [])
    assert (r.name, r.source) == (MAIN, "main_actor")


@pytest.mark.parametrize("mention", ["both sides", "Both sides", "the two sides", "both parties"])
def test_the_sides_of_a_bilateral_text_are_the_main_actor(mention):
    r = ActorResolver(MAIN).of_frame(frame(mention), [])
    assert (r.name, r.source) == (MAIN, "main_actor")


def test_list_items_take_the_actor_of_their_lead_in():
    actors = ActorResolver(MAIN)
    lead = frame("Each school district", frame_kind="lead_in")
    assert actors.of_lead_in(7, lead, [lead], None, None) == "Each school district"
    r = actors.of_list_item(lead, 7)
    assert (r.name, r.text, r.source) == ("Each school district", "Each school district", "lead_in")


def test_a_list_item_without_a_lead_in_is_the_main_actor():
    r = ActorResolver(MAIN).of_list_item(None, None)
    assert (r.name, r.text, r.source) == (MAIN, "", "main_actor")


def test_a_nested_lead_in_without_an_actor_takes_the_outer_one():
    actors = ActorResolver(MAIN)
    outer = frame("The Parks Department", frame_kind="lead_in")
    actors.of_lead_in(2, outer, [outer], None, None)
    inner = frame("", "none", frame_kind="lead_in")
    assert actors.of_lead_in(3, inner, [inner], outer, 2) == "Parks Department"
    assert actors.of_lead_in(4, inner, [inner], None, None) == MAIN


# --- through the extractor ---------------------------------------------------

@pytest.fixture(scope="module")
def extractor():
    from kb.extract import Extractor
    return Extractor()


def _actors(extractor, text, title):
    from tests.textdoc import document_from_text
    result = extractor.extract(document_from_text(text, title=title))
    return [(c.actor, c.action) for c in result.commitments]


@pytest.mark.integration
def test_it_in_the_next_sentence_is_the_named_actor_before(extractor):
    text = ("The Harbour Board will dredge the north channel by 2029. "
            "It will also publish a tide atlas for small boats.")
    assert _actors(extractor, text, "Coastal works programme") == [("Harbour Board", "dredge"),
                                                                    ("Harbour Board", "publish")]


@pytest.mark.integration
def test_the_city_is_the_main_actor_of_the_document(extractor):
    text = "The city will plant 4,000 street trees by 2030 and will open two cooling centres."
    assert _actors(extractor, text, "Elmford to plant street trees") == [("Elmford", "plant"), ("Elmford", "open")]
