"""Ingest speed (issue 13), round 11: the embedding model reads fewer word pieces, every unit stays searchable.

A unit's vector is made from `UnitText.embedded` (indexer/units.py), its keyword terms from `UnitText.text`:

* a title's numbered designation ("Executive Order 14999: ") is left out of the vector's text, kept in the
  keyword text (the number is found by keyword search, its words add nothing to the vector);
* a short passage sentence (a heading "Section 2.", a marker "(b) Membership.") still carries its title and
  section (embedding it alone was measured and not taken: indexer/units.py).

Invented documents and sentences; no model (a recording encoder), no timing asserted.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer import sync
from indexer.text import terms
from indexer.units import (
    commitment_unit,
    keyword_key,
    sentence_key,
    sentence_unit,
    split_designation,
)
from kb.models import Commitment, StoredCommitment
from tests.search_builders import make_doc, new_store

TITLE = "Executive Order 14999: Cleaner Harbour Air"


# -- the title's designation ------------------------------------------------------------------------

def test_a_numbered_designation_before_a_colon_is_split_from_the_title() -> None:
    assert split_designation(TITLE) == ("Executive Order 14999: ", "Cleaner Harbour Air")
    assert split_designation("Public Law 118-12: Coastal Resilience Act") == ("Public Law 118-12: ",
                                                                             "Coastal Resilience Act")


def test_titles_without_a_numbered_designation_stay_whole() -> None:
    # a country before a colon has no number; a year without a colon is part of the name
    assert split_designation("Kenya: Nationally Determined Contribution") == ("", "Kenya: Nationally Determined Contribution")
    assert split_designation("Action Plan for Clean Ports Before 2030 (Summary)") == (
        "", "Action Plan for Clean Ports Before 2030 (Summary)")
    # nothing after the colon: the designation is all the title there is
    assert split_designation("Executive Order 14999:") == ("", "Executive Order 14999:")


def test_the_keyword_text_keeps_the_designation_and_the_vector_text_leaves_it_out() -> None:
    unit = sentence_unit(TITLE, "Section 3. Ports", "Each port authority shall report its emissions every year.")
    assert unit.text == ("Executive Order 14999: Cleaner Harbour Air. Section 3. Ports. "
                         "Each port authority shall report its emissions every year.")
    assert unit.embedded == "Cleaner Harbour Air. Section 3. Ports. Each port authority shall report its emissions every year."


# -- passage sentences too short to mean anything alone -------------------------------------------------

def test_a_heading_sentence_carries_its_title_and_section() -> None:
    unit = sentence_unit(TITLE, "Section 2. Definitions", "(b) Membership.")
    assert unit.embedded == "Cleaner Harbour Air. Section 2. Definitions. (b) Membership."


def test_a_commitment_carries_its_whole_text_less_the_designation() -> None:
    c = Commitment(actor="Port authority", actor_text="Each port authority", action="report", target="emissions",
                   sentence="Ports report.", sentence_start=0, sentence_end=13, passage_index=1)
    sc = StoredCommitment(id=1, document_id=1, passage_id=None, commitment=c, document_title=TITLE,
                          document_name="eo-14999.md")
    unit = commitment_unit(sc)
    assert unit.text == "Executive Order 14999: Cleaner Harbour Air. Port authority report emissions. Ports report."
    assert unit.embedded == "Cleaner Harbour Air. Port authority report emissions. Ports report."


# -- the index built from them ----------------------------------------------------------------------------

HARBOUR = make_doc(
    "eo-14999.md", TITLE,
    ["Section 2.",
     "Each port authority shall report its emissions to the regulator every year.",
     "The harbour master will publish the readings online."],
    [{"sentence": "Each port authority shall report its emissions to the regulator every year.",
      "actor": "Port authority", "action": "report", "target": "its emissions"}],
)


def test_the_index_embeds_texts_without_the_designation_and_finds_every_unit_by_its_number(tmp_path: Path) -> None:
    settings, store, _ = new_store(tmp_path, docs=(HARBOUR,))
    embedded: list[str] = []

    def encode(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return np.ones((len(texts), settings.embedding_dim), np.float32)

    state = sync.build(store, encode, settings.embedding_dim, settings.exact_index_limit)
    assert "Cleaner Harbour Air. Section 2." in embedded
    assert ("Cleaner Harbour Air. Port authority report its emissions. "
            "Each port authority shall report its emissions to the regulator every year.") in embedded
    assert "Cleaner Harbour Air. The harbour master will publish the readings online." in embedded
    assert not any(t.startswith("Executive Order 14999") for t in embedded)
    # every unit has its vector, and the keyword index finds each one by the number the vectors leave out
    commitment_id = next(sc.id for sc in store.iter_commitments())
    passages = {sp.passage.text: sp.id for sp in store.iter_passages()}
    heading, paragraph = sentence_key(passages["Section 2."], 0), sentence_key(
        passages["The harbour master will publish the readings online."], 0)
    assert {commitment_id} <= set(state.commitments.ids().tolist())
    assert {heading, paragraph} <= set(state.sentences.ids().tolist())
    found = set(state.keywords.matching_all(terms("14999")).tolist())
    assert {keyword_key("c", commitment_id), keyword_key("s", heading), keyword_key("s", paragraph)} <= found
    store.close()
