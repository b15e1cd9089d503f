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


@pytest.mark.parametrize("mention, ent", [("regional utilities", ""), ("the ports and the airports", ""),
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


def test_a_document_as_relative_antecedent_alone_stays_itself():
    relative = frame("the strategy", "relative", verb=9)
    assert ActorResolver(MAIN).of_frame(relative, [relative]).name == "strategy"


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
