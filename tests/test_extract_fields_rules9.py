"""Fields of detected commitments, round 9 (issue 10, fields): one table per error class.

Error classes measured on the train and validation splits (matched commitments whose
field is wrong), and the rule each table pins:

- target too long, a means phrase hung on the object's noun: "promote inclusive growth
  [through the X Fund]" (ANNOTATION.md 4 cuts what says how, not which thing; train:
  uk-scot-economic-action-plan-headline-actions, ndc-mex; validation:
  state-chatham-county-energy);
- target too long, a purpose after a two-word object that names a made thing: "develop
  educational material [to put in departments]" (train: state-winston-salem-sustainability-plan,
  uk-dwp-single-departmental-plan-2015; validation: multi-indonesia-jetp);
- action a light verb: "will focus on operationalising X" -> operationalise (ANNOTATION.md 3;
  train: eu-energy-efficiency-new-impetus-2025, eu-energy-union-task-force-2025);
- deadline missed on list items whose announcing sentence states the period and holds no
  commitment of its own: "Actions to be implemented for the period 2020 - 2030 are the
  following:" (ANNOTATION.md 5: a deadline goes to the items of its own list; train: ndc-mex).

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.records import _stated_period
from tests.textdoc import document_from_text


def _records(extractor, text: str, title: str = "Harbour plan"):
    doc = document_from_text(title + "\n\n" + text, title=title, published="2026-01-15")
    return extractor.extract(doc).commitments


# --- target: a means phrase on the object's noun is cut ----------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Harbour Board will promote inclusive growth through the Harbour Renewal Fund.",
     "promote", "inclusive growth"),
    ("The Port Office will build public support for tidal energy through school visits and open days.",
     "build", "public support for tidal energy"),
])
def test_fields_means_on_object_cut_table(extractor, sentence, action, target):
    records = [c for c in _records(extractor, sentence) if c.action == action]
    assert records, [(c.action, c.target) for c in _records(extractor, sentence)]
    assert records[0].target == target


# --- target: a purpose after a two-word made thing is cut --------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Port Office will develop educational material to put in ferry terminals.",
     "develop", "educational material"),
    ("The Harbour Board will establish an interagency forum to share tide data.",
     "establish", "an interagency forum"),
    # who does the infinitive, or a noun whose infinitive is its content: it stays
    ("The Harbour Board will encourage local shipyards to install shore power.",
     "encourage", "local shipyards to install shore power"),
    ("The Harbour Board will fund a programme to cut ferry emissions.",
     "fund", "a programme to cut ferry emissions"),
])
def test_fields_purpose_after_plain_thing_table(extractor, sentence, action, target):
    records = [c for c in _records(extractor, sentence) if c.action == action]
    assert records, [(c.action, c.target) for c in _records(extractor, sentence)]
    assert records[0].target == target


# --- action: "focus on doing X" names the gerund ----------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Ferry Council will focus on modernising its ticket offices.", "modernise", "its ticket offices"),
    ("Next year the Harbour Board will focus on dredging the east channel.", "dredge", "the east channel"),
])
def test_fields_focus_on_gerund_table(extractor, sentence, action, target):
    records = _records(extractor, sentence)
    assert [c.action for c in records] == [action], [(c.action, c.target) for c in records]
    assert records[0].target == target


# --- deadline: the period of a list's announcing sentence goes to its items ---------------

@pytest.mark.parametrize("sentence, date", [
    ("Actions to be implemented for the period 2020 – 2030 on this topic are the following:", "2030-12-31"),
    ("The measures for the period 2025-2028 include the following:", "2028-12-31"),
    ("Actions to be taken by 2035 are as follows:", "2035-12-31"),
])
def test_fields_stated_period_reads_the_period_table(sentence, date):
    found = _stated_period(sentence)
    assert found is not None
    assert found.deadline.date == date


@pytest.mark.parametrize("sentence", [
    "Agencies shall:",                                      # no period stated
    "The Climate Bill (2014) proposes reforms. These include the establishment of:",  # no "following"
    "Our actions are the following:",                       # a list, but no period
])
def test_fields_stated_period_needs_a_period_and_an_announcement_table(sentence):
    assert _stated_period(sentence) is None


@pytest.mark.integration
def test_fields_items_take_the_period_of_their_announcing_sentence(extractor):
    text = ("Coastal adaptation\n\n"
            "Actions to be implemented for the period 2021 – 2029 on this topic are the following:\n\n"
            "i. Restore the dunes of the north shore.\n\n"
            "ii. Guarantee the safety of the harbour walls.")
    records = {c.action: c for c in _records(extractor, text, title="Harbour adaptation plan")}
    assert "restore" in records, sorted(records)
    assert "guarantee" in records, sorted(records)
    assert records["restore"].deadline is not None
    assert records["restore"].deadline.date == "2029-12-31"
    assert records["guarantee"].deadline is not None
    assert records["guarantee"].deadline.date == "2029-12-31"
