"""Detection, rules-9: constructions that unseen documents use and the rules missed (issue 10).

- a list item whose capitalised opening verb the tagger read as a noun or a name ("Invert the
  proportion of X", "Optimise and recalibrate Y", "Partner with Z"): `lists.misread_item_verb`;
- a list item whose number the parser took for the subject of its verb ("iii. Conserve and
  restore ecosystems", "i. Reach a rate of 0% deforestation by 2030"): `syntax.subject_of`
  never returns a list marker (`syntax.marks_item_of`);
- an undertaking under way, in a named actor's present progressive ("The Commission is working
  to accelerate X", "the EPA is promulgating new rules"): `clauses._ongoing`;
- a goal its owner names as its own inside another clause ("This is key to our ambition to
  halve X", "in support of the G20's ambition to reduce Y"): `clauses._owned_goal`.

One table per construction, with rows that must not match.  Every sentence is invented for this
test; none is copied or edited from the shared dev set or from the labelled test split.  The rows
go through the extractor with the rules alone (`rules_only`: no learned filter), with the real
spaCy model.
"""

from __future__ import annotations

import pytest

from tests.textdoc import action_targets

_TITLE = "Riverside Climate Action Plan"


def _records(extractor, text: str, sentence: str) -> list[tuple[str, str]]:
    """(action, target) of the commitments read from the sentence `sentence` of `text`."""
    return action_targets(extractor, text, title=_TITLE, sentence=sentence)


def _item(extractor, item: str) -> list[tuple[str, str]]:
    """The commitments of a list item under a plan's lead-in that brings no verb of its own."""
    text = "The City will take the following actions:\n(a) " + item
    return _records(extractor, text, item)


# --- a capitalised item verb the tagger read as a noun -------------------------------------------

MISREAD_ITEM_VERBS = {
    "a determiner after it": ("Invert the proportion of funding spent on flood repairs.",
                              ("invert", "the proportion of funding spent on flood repairs")),
    "a verb coordinated with it": ("Optimise and recalibrate partnership with regional water boards",
                                   ("optimise", "partnership with regional water boards")),
    "a plan's verb before a plural": ("Plant trees along the river corridor",
                                      ("plant", "trees along the river corridor")),
}


@pytest.mark.integration
@pytest.mark.parametrize("item,expected", MISREAD_ITEM_VERBS.values(), ids=list(MISREAD_ITEM_VERBS))
def test_a_misread_opening_verb_of_an_item_is_its_action(extractor, item, expected):
    assert expected in _item(extractor, item)


@pytest.mark.integration
def test_an_items_target_keeps_a_last_word_that_ends_in_or(extractor):
    """ "corridor", "sector": only a separate "and"/"or" at the end of an item is cut off."""
    assert ("plant", "trees in the harbour sector") in _item(extractor, "Plant trees in the harbour sector; or")


NOT_ITEM_VERBS = {
    "a noun of action": "Implementation of the riverbank scheme",
    "a noun before a plural": "Annual reports on the water programme",
    "a name": "Ottawa the capital region",
    "a noun and a noun": "Harbour and port authorities in the region",
}


@pytest.mark.integration
@pytest.mark.parametrize("item", NOT_ITEM_VERBS.values(), ids=list(NOT_ITEM_VERBS))
def test_other_opening_words_are_not_read_as_verbs(extractor, item):
    from kb.extract.lists import misread_item_verb

    doc = extractor.nlp(item)
    assert misread_item_verb(doc[0:len(doc)]) is False


# --- a list marker the parser took for the subject -----------------------------------------------

NUMBERED_ITEMS = {
    "roman number, two coordinated verbs": ("iii. Conserve and restore the wetlands along the estuary.", {"restore"}),
    "roman number, a verb read as present tense": ("i. Reach a recycling rate of 60% by the year 2030.", {"reach"}),
}


@pytest.mark.integration
@pytest.mark.parametrize("item,actions", NUMBERED_ITEMS.values(), ids=list(NUMBERED_ITEMS))
def test_an_item_number_is_not_the_subject_of_its_verb(extractor, item, actions):
    text = "Riverside sets out these measures.\n\n" + item
    assert actions <= {a for a, _ in _records(extractor, text, item[4:])}


SUBJECTS = {
    "an item number with its full stop": ("iii. Conserve and restore the wetlands.", "Conserve", None),
    "an item number read as a name": ("i. Reach a recycling rate of 60% by the year 2030.", "Reach", None),
    "a named subject": ("The council will protect the wetlands.", "protect", "council"),
    "the first person": ("I will protect the wetlands.", "protect", "I"),
    "a subject after a bullet": ("- The council will protect the wetlands.", "protect", "council"),
}


@pytest.mark.integration
@pytest.mark.parametrize("text,verb,subject", SUBJECTS.values(), ids=list(SUBJECTS))
def test_subject_of_skips_list_markers_only(extractor, text, verb, subject):
    from kb.extract.syntax import subject_of

    doc = extractor.nlp(text)
    tok = next(t for t in doc if t.text == verb)
    found = subject_of(tok)
    assert (found.text if found is not None else None) == subject


# --- an undertaking under way: a named actor's present progressive -------------------------------

ONGOING = {
    "a verb of policy": ("The Ministry of Transport is developing a national charging strategy.",
                         ("develop", "a national charging strategy")),
    "working towards a result": ("The Port Authority is working to reduce diesel use in the harbour.",
                                 ("reduce", "diesel use in the harbour")),
    "rules being issued": ("The Water Agency is promulgating new regulations on river abstraction.",
                           ("promulgate", "new regulations on river abstraction")),
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,expected", ONGOING.values(), ids=list(ONGOING))
def test_a_named_actors_progressive_is_an_undertaking(extractor, sentence, expected):
    assert expected in _records(extractor, sentence, sentence)


NOT_ONGOING = {
    "a description": "The Ministry of Transport is experiencing rapid growth in demand.",
    "others, described": "Many municipalities are implementing similar charging schemes.",
    "a pronoun": "It is launching a new website for residents.",
    "an activity, no result": "The Port Authority is working on the harbour wall.",
    "a past progressive": "The Ministry of Transport was developing a charging strategy in 2019.",
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence", NOT_ONGOING.values(), ids=list(NOT_ONGOING))
def test_other_progressives_are_not(extractor, sentence):
    assert _records(extractor, sentence, sentence) == []


# --- a goal its owner names inside another clause ------------------------------------------------

OWNED_GOALS = {
    "our ambition to": ("This funding is central to our ambition to plant two million trees.",
                        ("plant", "two million trees")),
    "a named owner's ambition to": ("This plan supports the Riverside Council's ambition to expand the tram network.",
                                    ("expand", "the tram network")),
    "our ambition for doing": ("The new act sets out our ambition for ending fuel poverty.",
                               ("end", "fuel poverty")),
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,expected", OWNED_GOALS.values(), ids=list(OWNED_GOALS))
def test_an_owned_goal_names_an_undertaking(extractor, sentence, expected):
    assert expected in _records(extractor, sentence, sentence)


NOT_OWNED_GOALS = {
    "no owner": "A goal to expand the tram network was discussed at the meeting.",
    "a thing's goal": "The treaty's goal to limit warming was discussed at the meeting.",
    "a third person's goal": "Their goal to expand the tram network was discussed at the meeting.",
}


@pytest.mark.integration
@pytest.mark.parametrize("sentence", NOT_OWNED_GOALS.values(), ids=list(NOT_OWNED_GOALS))
def test_other_goals_are_not(extractor, sentence):
    assert [a for a, _ in _records(extractor, sentence, sentence) if a in ("expand", "limit")] == []
