"""Round 37 (rules-39; issue 10): run-in headings, a year on the verb, and typeset hyphens.

A run-in heading is a short title set at the start of a paragraph and divided from its first sentence
by a spaced dash: "Bus shelters – The Council will replace 40 shelters by 2028."  Budgets, action
plans and strategies print their measures so.  Read as one sentence, the title's noun becomes the
root and the clause after the dash hangs from it: the undertaking is lost, or its actor and target are
taken from the title.  `kb.extract.nlp.line_breaks` starts a sentence after such a dash when the words
before it are a title (a capital first, at most 12 words, no past-tense verb, auxiliary, modal,
pronoun or clause punctuation); the title, a sentence that ends with its dash, gives no record of its
own ("Reducing food waste –" is no undertaking to reduce).

A weak year phrase ("in 2027") in the middle of a target used to be read as part of the thing
("the strategy adopted in 2020 for rural schools").  When its preposition hangs on the undertaking's
own verb ("grant £30 million to rural councils in 2027 for flood defences") it says when the action
happens: the deadline, as a closing "in 2027" already was.

A typesetter's hyphens (the non-breaking hyphen of "2027‑28", a figure dash) are read as "-" in
year ranges; the record keeps the document's characters.

Right-node raising: verbs coordinated before one object that closes the series ("listen to and partner
with the towns", "prepare for, prevent, and respond to floods").  The parser gives the first verb's
preposition no object, and its target was the bare preposition; it is now the preposition with the
shared object ("to the towns of the valley"), without what hangs on the series' last verb (a purpose
infinitive: "to meet their needs").

Every sentence and name is invented; no eight-word run is shared with the dev set or the test split."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text


def _commitments(extractor, text, title="Eastmoor district plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return extractor.extract(doc).commitments


RUN_IN_HEADINGS = [
    # (paragraph, actor, action, target)
    ("Bus shelters – The Council will replace 40 bus shelters by 2028.",
     "Council", "replace", "40 bus shelters"),
    ("Cleaner air – The Council is committed to cleaner air, and will consult on a low emission zone "
     "in the autumn.", "Council", "consult", "on a low emission zone in the autumn"),
]


@pytest.mark.integration
@pytest.mark.parametrize("text, actor, action, target", RUN_IN_HEADINGS)
def test_the_sentence_after_a_run_in_heading_is_read_on_its_own(extractor, text, actor, action, target):
    records = _commitments(extractor, text)
    assert [(c.actor, c.action, c.target) for c in records] == [(actor, action, target)]
    # the record's sentence is the paragraph's sentence, without its title
    assert records[0].sentence.startswith("The Council")


@pytest.mark.integration
def test_a_run_in_heading_gives_no_record_of_its_own(extractor):
    # a gerund title reads like an item ("Reducing X"), but it names the measure, it undertakes nothing
    text = "Tackling fly-tipping – The Council will install 25 new cameras at known dumping sites by 2027."
    assert [c.action for c in _commitments(extractor, text)] == ["install"]


@pytest.mark.integration
def test_an_apposition_between_dashes_is_no_heading(extractor):
    # "we – the mayors of A and B – will V": a pronoun and a comma before the dash, one sentence as before
    text = "Today, we – the mayors of Eastmoor and Westmoor – will open a joint climate office."
    assert [(c.action, c.target) for c in _commitments(extractor, text)] == [("open", "a joint climate office")]


@pytest.mark.integration
def test_a_year_on_the_verb_inside_the_target_is_the_deadline(extractor):
    text = "The Department will grant £30 million to rural councils in 2027 for flood defences."
    (record,) = _commitments(extractor, text)
    assert (record.action, record.deadline.text, record.deadline.date) == ("grant", "in 2027", "2027-12-31")
    assert record.target == "£30 million to rural councils for flood defences"


@pytest.mark.integration
def test_a_year_that_dates_a_thing_in_the_object_is_no_deadline(extractor):
    text = "The Department will review the strategy adopted in 2020 for rural schools."
    (record,) = _commitments(extractor, text)
    assert (record.action, record.deadline) == ("review", None)


@pytest.mark.integration
def test_a_non_breaking_hyphen_in_a_year_range(extractor):
    text = "The Council will spend £2 million on cycle lanes in 2027\u201128."
    (record,) = _commitments(extractor, text)
    # the document's own characters are kept in the record
    assert record.deadline.text == "in 2027\u201128"
    assert record.deadline.date == "2028-12-31"
    assert record.target == "£2 million on cycle lanes"


def test_year_ranges_read_typeset_hyphens_as_hyphens():
    from kb.extract.deadlines import find_deadlines

    for dash in ("-", "\u2010", "\u2011", "\u2012"):
        (found,) = find_deadlines(f"grants to schools in 2027{dash}28")
        assert (found.text, found.date) == (f"in 2027{dash}28", "2028-12-31")


RAISED_OBJECTS = [
    ("We will listen to and partner with the market towns of the valley.", "listen", "to the market towns of the valley"),
    ("The two cities will prepare for, prevent, and respond to river floods and landslides.",
     "prepare", "for river floods and landslides"),
    # what hangs on the series' last verb (its purpose) is not part of the shared object
    ("We will work with regional bodies to listen to and partner with the island states of the ocean "
     "to meet their needs.", "listen", "to the island states of the ocean"),
    ("The Council will collaborate with and learn from the best engineers outside local government.",
     "collaborate", "with the best engineers outside local government"),
]


@pytest.mark.integration
@pytest.mark.parametrize("text, action, target", RAISED_OBJECTS)
def test_a_verb_left_with_its_preposition_takes_the_object_its_series_shares(extractor, text, action, target):
    records = _commitments(extractor, text)
    assert (action, target) in [(c.action, c.target) for c in records]


@pytest.mark.integration
def test_no_noun_phrase_after_the_series_leaves_the_preposition_as_it_was(extractor):
    # the series ends in a gerund clause, not a shared noun phrase: nothing is borrowed
    text = "The Director shall advise, coordinate with, and consider hosting joint events with the museums."
    records = _commitments(extractor, text)
    assert ("coordinate", "with") in [(c.action, c.target) for c in records]
