"""Composed unit vectors: each distinct sentence and context embedded once (issue 13, ingest speed).

A unit's vector is normalise(s + w * c) of its sentence's and its context's
vectors (indexer/units.py `compose`), so a context shared by the units of a
section, and a sentence repeated across documents, are embedded once; what
the keyword index reads (the unit's whole text) does not change.
Sentences here are invented.
"""

from __future__ import annotations

import numpy as np
import pytest

from indexer import sync, units
from indexer.embedder import HashEmbedder
from indexer.units import UnitText, VectorMemo, compose, embedded_parts, sentence_unit

DIM = 64


class Recording:
    """An encoder that records every text it is asked to embed, with HashEmbedder's vectors."""

    def __init__(self) -> None:
        self.inner = HashEmbedder(DIM)
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.encode(texts)


@pytest.fixture
def weight(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(units, "CONTEXT_WEIGHT", 0.5)
    monkeypatch.setattr(units, "WHAT_WEIGHT", None)
    return 0.5


# (context, what, sentence) -> the whole text, as the index has always embedded it: title. context. what. sentence
WHOLE_TEXTS = [
    (("Clean Ports Act. Section 2", "the port authority publish inventory by 2027",
      "Each port authority shall publish its emissions inventory."),
     "Clean Ports Act. Section 2. the port authority publish inventory by 2027. "
     "Each port authority shall publish its emissions inventory."),
    (("Clean Ports Act", "", "Freight by rail will grow by a quarter."),
     "Clean Ports Act. Freight by rail will grow by a quarter."),
    (("", "", "Freight by rail will grow by a quarter."), "Freight by rail will grow by a quarter."),
]


@pytest.mark.parametrize("parts, whole", WHOLE_TEXTS)
def test_the_whole_text_of_a_unit_is_its_parts_in_the_former_order(parts: tuple[str, str, str], whole: str) -> None:
    context, what, sentence = parts
    assert UnitText(context, sentence, what).text == whole


def test_a_passage_sentence_unit_keeps_title_and_context_apart_from_its_sentence() -> None:
    unit = sentence_unit(" Clean Ports Act ", "Section 2", " Ports shall report yearly. ")
    assert (unit.context, unit.sentence, unit.what) == ("Clean Ports Act. Section 2", "Ports shall report yearly.", "")
    assert unit.text == "Clean Ports Act. Section 2. Ports shall report yearly."


UNIT = UnitText("Act. Section 2", "Ports shall report.", "ports report")

# (unit, context weight, restatement weight) -> the (text, weight) parts of its vector, the sentence first
PARTS = [
    ((UNIT, 0.5, None), [("ports report. Ports shall report.", 1.0), ("Act. Section 2", 0.5)]),
    ((UNIT, 0.5, 0.0), [("Ports shall report.", 1.0), ("Act. Section 2", 0.5)]),
    ((UNIT, 0.7, 0.4), [("Ports shall report.", 1.0), ("Act. Section 2", 0.7), ("ports report", 0.4)]),
    ((UnitText("", "Ports shall report."), 0.5, 0.4), [("Ports shall report.", 1.0)]),
    ((UnitText("Act", ""), 0.5, None), [("Act", 1.0)]),   # nothing but a context: the context alone
]


@pytest.mark.parametrize("given, parts", PARTS)
def test_the_parts_a_unit_vector_is_composed_of(given: tuple[UnitText, float, float | None],
                                                parts: list[tuple[str, float]]) -> None:
    unit, context_weight, what_weight = given
    assert embedded_parts(unit, context_weight, what_weight) == parts


# (vectors, each unit's (row, weight) parts) -> the composed vectors
COMPOSED = [
    ([[1.0, 0.0], [0.0, 1.0]], [[(0, 1.0), (1, 0.5)]], [[1 / np.sqrt(1.25), 0.5 / np.sqrt(1.25)]]),
    ([[0.6, 0.8]], [[(0, 1.0)]], [[0.6, 0.8]]),                                  # no context: the sentence's
    ([[1.0, 0.0], [0.0, 1.0]], [[(0, 1.0), (1, 1.0)], [(1, 1.0)]], [[1 / np.sqrt(2), 1 / np.sqrt(2)], [0.0, 1.0]]),
    ([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], [[(0, 1.0), (1, 0.3), (2, 0.5)]],
     [[0.5 / np.sqrt(0.34), 0.3 / np.sqrt(0.34)]]),
]


@pytest.mark.parametrize("vecs, parts, want", COMPOSED)
def test_compose_is_the_normalised_weighted_sum(vecs: list[list[float]], parts: list[list[tuple[int, float]]],
                                               want: list[list[float]]) -> None:
    got = compose(np.array(vecs, np.float32), parts)
    assert got.dtype == np.float32
    assert np.allclose(got, want, atol=1e-6)


@pytest.mark.parametrize("what_weight", [None, 0.0, 0.6])
def test_composed_vectors_are_unit_norm_and_equal_to_the_formula(monkeypatch: pytest.MonkeyPatch,
                                                                 what_weight: float | None) -> None:
    monkeypatch.setattr(units, "CONTEXT_WEIGHT", 0.5)
    monkeypatch.setattr(units, "WHAT_WEIGHT", what_weight)
    unit_list = [
        UnitText("Clean Ports Act. Section 2", "Each port authority shall publish its emissions inventory."),
        UnitText("Clean Ports Act. Section 3", "Inspectors are to visit every licensed landfill twice a year.",
                 "inspectors visit landfill"),
        UnitText("", "Freight by rail will grow by a quarter."),
    ]
    enc = HashEmbedder(DIM)
    got = sync.embed_units(enc.encode, unit_list, DIM)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)
    for row, unit in zip(got, unit_list):
        sentence = (f"{unit.what}. " if unit.what and what_weight is None else "") + unit.sentence
        want = enc.encode([sentence])[0].copy()
        if unit.context:
            want += 0.5 * enc.encode([unit.context])[0]
        if unit.what and what_weight:
            want += what_weight * enc.encode([unit.what])[0]
        assert np.allclose(row, want / np.linalg.norm(want), atol=1e-6), unit.sentence


def test_a_shared_context_and_a_repeated_sentence_are_embedded_once_per_call(
        weight: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two commitments of one sentence share its vector when the restatement is a part of its own."""
    boiler = "This order shall be implemented consistent with applicable law."
    unit_list = [
        UnitText("Clean Ports Act. Section 2", "Each port authority shall publish its emissions inventory."),
        UnitText("Clean Ports Act. Section 2", "Inspectors are to visit every landfill twice a year."),
        UnitText("Clean Ports Act. General provisions", boiler),
        UnitText("Quiet Streets Order. General provisions", boiler),
        UnitText("Clean Ports Act. Section 4", "Ports and airports shall publish plans.", "ports publish plans"),
        UnitText("Clean Ports Act. Section 4", "Ports and airports shall publish plans.", "airports publish plans"),
    ]
    monkeypatch.setattr(units, "WHAT_WEIGHT", 0.5)
    rec = Recording()
    sync.embed_units(rec, unit_list, DIM)
    assert sorted(rec.texts) == sorted([
        "Clean Ports Act. Section 2", "Clean Ports Act. General provisions", "Quiet Streets Order. General provisions",
        "Clean Ports Act. Section 4", "Each port authority shall publish its emissions inventory.",
        "Inspectors are to visit every landfill twice a year.", boiler, "Ports and airports shall publish plans.",
        "ports publish plans", "airports publish plans",
    ])


def test_a_repeated_sentence_is_embedded_once_across_calls_while_the_memo_holds_it(weight: float) -> None:
    boiler = "Nothing in this order shall be construed to impair the authority of any agency."
    memo = VectorMemo(size=16)
    rec = Recording()
    first = sync.embed_units(rec, [UnitText("Clean Ports Act", boiler)], DIM, memo)
    second = sync.embed_units(rec, [UnitText("Quiet Streets Order", boiler)], DIM, memo)
    assert rec.texts == ["Nothing in this order shall be construed to impair the authority of any agency.",
                         "Clean Ports Act", "Quiet Streets Order"]
    without_memo = sync.embed_units(HashEmbedder(DIM).encode, [UnitText("Quiet Streets Order", boiler)], DIM)
    assert np.allclose(second, without_memo, atol=1e-6)
    assert not np.allclose(first, second, atol=1e-3)   # another title, another vector


def test_the_memo_drops_the_least_recently_used_text() -> None:
    memo = VectorMemo(size=2)
    memo.put("a", np.ones(3))
    memo.put("b", np.ones(3))
    assert memo.get("a") is not None       # "a" is now the most recent
    memo.put("c", np.ones(3))
    assert (memo.get("a") is not None, memo.get("b") is None, memo.get("c") is not None) == (True, True, True)
    assert len(memo) == 2


def test_the_memo_keeps_a_copy_not_a_view_of_the_callers_array() -> None:
    memo = VectorMemo(size=4)
    batch = np.zeros((100, 3), np.float32)
    memo.put("a", batch[0])
    batch[0] = 7.0
    stored = memo.get("a")
    assert stored is not None and stored.base is None and float(stored.sum()) == 0.0


def test_without_a_weight_each_whole_text_is_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(units, "CONTEXT_WEIGHT", None)
    unit_list = [UnitText("Clean Ports Act", "Ports shall report yearly."),
                 UnitText("Clean Ports Act", "Ports shall report yearly.")]
    rec = Recording()
    got = sync.embed_units(rec, unit_list, DIM)
    assert rec.texts == ["Clean Ports Act. Ports shall report yearly."]
    assert np.allclose(got, HashEmbedder(DIM).encode([unit_list[0].text] * 2))


# (unit, compose commitments?) -> the parts of its vector
WHOLE_COMMITMENTS = [
    ((UnitText("Act. Section 2", "Ports shall report.", "ports report", commitment=True), False),
     [("Act. Section 2. ports report. Ports shall report.", 1.0)]),
    ((UnitText("Act. Section 2", "Ports shall report.", "ports report", commitment=True), True),
     [("ports report. Ports shall report.", 1.0), ("Act. Section 2", 0.5)]),
    ((UnitText("Act. Section 2", "Ports report yearly."), False),          # a passage sentence: composed
     [("Ports report yearly.", 1.0), ("Act. Section 2", 0.5)]),
]


@pytest.mark.parametrize("given, parts", WHOLE_COMMITMENTS)
def test_commitments_may_keep_their_whole_text(monkeypatch: pytest.MonkeyPatch, given: tuple[UnitText, bool],
                                               parts: list[tuple[str, float]]) -> None:
    unit, compose_commitments = given
    monkeypatch.setattr(units, "COMPOSE_COMMITMENTS", compose_commitments)
    assert embedded_parts(unit, 0.5, None) == parts


# -- through a build of a store (tests/search_builders.py's invented documents) ------------------------------

def test_a_build_embeds_the_title_and_list_intro_as_a_context_part_and_the_sentence_apart(
        tmp_path, weight: float) -> None:  # type: ignore[no-untyped-def]
    from tests.search_builders import make_doc, new_store

    doc = make_doc("ndc-xyz.txt", "A climate pledge",
                   ["Our nationally determined actions to 2030 are as follows:",
                    "To cut carbon dioxide emissions per unit of GDP by 40% to 45% from the 2010 level;",
                    "To raise the share of non-fossil fuels in primary energy consumption to around 25%;"],
                   list_parent={2: 1, 3: 1})
    _, store, _ = new_store(tmp_path, docs=(doc,))
    rec = Recording()
    sync.build(store, rec, DIM, 1000)
    context = "A climate pledge. Our nationally determined actions to 2030 are as follows:"
    assert rec.texts.count(context) == 1     # one context, embedded once for both list items
    assert "To cut carbon dioxide emissions per unit of GDP by 40% to 45% from the 2010 level;" in rec.texts
    # the unit's vector is its sentence's and its context's, composed
    enc = HashEmbedder(DIM)
    item = enc.encode(["To cut carbon dioxide emissions per unit of GDP by 40% to 45% from the 2010 level;"])[0]
    want = item + weight * enc.encode([context])[0]
    got = sync.embed_units(enc.encode, [sentence_unit(
        "A climate pledge", "Our nationally determined actions to 2030 are as follows:",
        "To cut carbon dioxide emissions per unit of GDP by 40% to 45% from the 2010 level;")], DIM)[0]
    assert np.allclose(got, want / np.linalg.norm(want), atol=1e-6)


def test_a_commitment_unit_keeps_title_restatement_and_sentence_in_its_whole_text(tmp_path, weight: float
                                                                                  ) -> None:  # type: ignore[no-untyped-def]
    from indexer.units import commitment_unit
    from tests.search_builders import new_store

    _, store, _ = new_store(tmp_path)
    albania = [sc for sc in store.iter_commitments() if "commits to reduce" in sc.commitment.sentence]
    assert albania
    unit = commitment_unit(albania[0])
    assert unit.text.startswith("Albania: climate pledge. ") and "Albania reduce CO2 emissions by 2030" in unit.text
    assert unit.text.endswith(albania[0].commitment.sentence)
    sentence, context = embedded_parts(unit)
    assert (sentence[0].startswith("Albania reduce CO2 emissions by 2030. "), context) == (
        True, ("Albania: climate pledge", weight))
